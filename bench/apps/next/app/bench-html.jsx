import { PROBE_SCRIPT } from './bench.generated.js'

/** Each root layout's document: the bench's probe first in `<head>` (before any of Next's scripts run), then `head`. */
export function BenchHtml({ head, children }) {
  return (
    <html lang="en">
      <head>
        <script dangerouslySetInnerHTML={{ __html: PROBE_SCRIPT }} />
        {head}
      </head>
      <body style={{ margin: 0 }}>{children}</body>
    </html>
  )
}
