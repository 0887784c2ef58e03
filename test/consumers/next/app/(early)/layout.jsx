import 'sealkit/styles.css'
import { earlyVerifyWorkerScript } from 'sealkit/core'

export const metadata = { title: 'sealkit on Next.js, verification started by the HTML' }

// The verification worker starts from the HTML's head, while Next's scripts load, and sealkit adopts it.
// It is served from public/workers/, where `sealkit workers public/workers` copies the installed
// package's workers before every build and dev server (package.json).
export default function EarlyLayout({ children }) {
  return (
    <html lang="en">
      <head>
        <script dangerouslySetInnerHTML={{ __html: earlyVerifyWorkerScript('/workers/verify-worker.js') }} />
      </head>
      <body>{children}</body>
    </html>
  )
}
