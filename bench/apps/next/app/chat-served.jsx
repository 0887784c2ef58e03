'use client'
import { createSealkitConfig, createWorkerKeyHolder } from 'sealkit/core'
import { BenchChat } from './chat'
import { BASE_URL, MODEL, TRUSTED_ROOTS } from './bench.generated.js'

// docs/nextjs.md, "Serving the workers yourself": both workers from public/workers/ (self-contained files, copied
// there by `sealkit workers` in the build script), not the bundler's; nothing in the HTML.
const config = createSealkitConfig({ baseURL: BASE_URL, verify: { trustedRoots: TRUSTED_ROOTS, verifyWorker: '/workers/verify-worker.js' }, defaultModel: MODEL })
const chatOptions = { keyHolder: () => createWorkerKeyHolder(new URL('/workers/decrypt-worker.js', location.href)) }

export function ChatServed() {
  return <BenchChat config={config} chatOptions={chatOptions} />
}
