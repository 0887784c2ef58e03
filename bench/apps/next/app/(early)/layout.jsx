import 'sealkit/styles.css'
import { earlyAttestationScript, earlyVerifyWorkerScript } from 'sealkit/core'
import { BenchHtml } from '../bench-html'
import { BASE_URL, MODEL } from '../bench.generated.js'

export const metadata = { title: 'bench sealkit (Next.js), verification started by the HTML' }

// As docs/nextjs.md advises: the HTML requests the first attestation and the models list, and starts the
// verification worker (copied to public/workers/ by the build script), while Next's scripts load.
const early = earlyAttestationScript({ baseURL: BASE_URL, model: MODEL, models: true }) + earlyVerifyWorkerScript('/workers/verify-worker.js')

export default function EarlyLayout({ children }) {
  return <BenchHtml head={<script dangerouslySetInnerHTML={{ __html: early }} />}>{children}</BenchHtml>
}
