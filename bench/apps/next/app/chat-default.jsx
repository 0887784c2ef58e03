'use client'
import { createSealkitConfig } from 'sealkit/core'
import { BenchChat } from './chat'
import { BASE_URL, MODEL, TRUSTED_ROOTS } from './bench.generated.js'

// At module evaluation, as the README advises: in the browser the model's attestation starts now, while React
// hydrates; on the server the config starts nothing. The workers are the ones the bundler emits.
const config = createSealkitConfig({ baseURL: BASE_URL, verify: { trustedRoots: TRUSTED_ROOTS }, defaultModel: MODEL })

export function Chat() {
  return <BenchChat config={config} />
}
