import 'sealkit/styles.css'
import { headers } from 'next/headers'
import { earlyVerifyWorkerScript } from 'sealkit/core'
import { ServedWorkers } from './served-workers'

export const metadata = { title: 'sealkit on Next.js, under a strict Content-Security-Policy' }

// The same early start as the (early) layout, under the nonce the proxy put in this request's policy (proxy.js).
export default async function StrictLayout({ children }) {
  const nonce = (await headers()).get('x-nonce') ?? undefined
  return (
    <html lang="en">
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: earlyVerifyWorkerScript('/workers/verify-worker.js') }} />
      </head>
      <body>
        <ServedWorkers />
        {children}
      </body>
    </html>
  )
}
