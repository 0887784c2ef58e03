import { readReal, readRealJson } from '../fixtures.ts'

/** Real captures with their client nonce and capture time (PROVENANCE.md, capture-manifest.json). */
export const VENICE_0610 = {
  dir: 'venice__e2ee-qwen3-5-122b-a10b__2026-06-10',
  nonce: 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732',
  at: new Date('2026-06-10T01:47:07Z'),
  jwks: 'nras-jwks__2026-06-10.json',
}
export const VENICE_0424 = {
  dir: 'venice__e2ee-qwen3-5-122b-a10b__2026-04-24',
  nonce: 'ac82eb750ec4cfbb273f90d33567776bfae8657e2a43f6dff2f3adad9b86095a',
  at: new Date('2026-04-24T01:58:41Z'),
  jwks: 'nras-jwks__2026-04-24.json',
}
export const NEAR_DIRECT = {
  dir: 'nearai-direct__qwen3.5-122b__2026-06-10__ed25519-tls',
  nonce: 'e1acc835c324635d087549f55702d334ba5e8dd7ef64e9c52a312eded2709223',
  at: new Date('2026-06-10T01:53:59Z'),
  jwks: 'nras-jwks__2026-06-10.json',
}
export const NEAR_CLOUD = {
  dir: 'nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls',
  nonce: 'c8f32651d8b42f2e06411a1cde89fc2311dae0490c0a61483a757517a31030b2',
  at: new Date('2026-06-10T01:48:55Z'),
  jwks: 'nras-jwks__2026-06-10.json',
}

export const OTHER_NONCE = 'ff'.repeat(32)

export function reportOf(capture: { dir: string }): Record<string, unknown> {
  return readRealJson('attestation-reports', capture.dir, 'attestation.json')
}

/** The nvidia_payload of a capture (NEAR cloud nests it in model_attestations[0]). */
export function payloadOf(capture: { dir: string }): string {
  const report = reportOf(capture) as { nvidia_payload?: string; model_attestations?: Array<{ nvidia_payload: string }> }
  const payload = report.nvidia_payload ?? report.model_attestations?.[0]?.nvidia_payload
  if (typeof payload !== 'string') throw new Error(`no nvidia_payload in ${capture.dir}`)
  return payload
}

export const nrasOf = (capture: { dir: string }): unknown => readRealJson('attestation-reports', capture.dir, 'nras-response.json')
export const jwksOf = (capture: { jwks: string }): string => readReal('nvidia', capture.jwks)

/** Payload object with one evidence entry transformed (tests tamper through this). */
export function mapEntry(payload: string, index: number, fn: (entry: { evidence: string; certificate: string }) => void): string {
  const obj = JSON.parse(payload) as { evidence_list: Array<{ evidence: string; certificate: string }> }
  fn(obj.evidence_list[index]!)
  return JSON.stringify(obj)
}

export const b64 = {
  decode: (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64')),
  encode: (b: Uint8Array): string => Buffer.from(b).toString('base64'),
}
