import { expect } from 'vitest'
import { fetchAttestation } from '../../src/core/api/attestation.ts'
import { createClient } from '../../src/core/api/client.ts'
import type { AttestationResponse } from '../../src/core/api/types.ts'
import { verifyAttestation, type VerifyAttestationOptions } from '../../src/core/attestation/verify.ts'
import type { AttestationVerifier } from '../../src/core/worker/worker-verifier.ts'
import { createSimulator } from '../../src/simulator/index.ts'

export const SIMULATED_MODEL = 'e2ee-qwen3-5-122b-a10b'

/** A fresh simulated attestation and the options that verify it (its test roots, a fixed time). */
export async function simulatedEvidence(seed: string) {
  const sim = createSimulator({ seed })
  const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
  const { nonce, response } = await fetchAttestation(client, { model: SIMULATED_MODEL })
  const options: VerifyAttestationOptions = { nonce, model: SIMULATED_MODEL, at: new Date(), policy: 'standard', trustedRoots: sim.trustedRoots() }
  return { sim, client, nonce, response, options }
}

/** The verifier's reports equal the main thread's, check for check: for this evidence (passing) and replayed to another nonce (failing). */
export async function expectMainThreadParity(verifier: AttestationVerifier, response: AttestationResponse, options: VerifyAttestationOptions): Promise<void> {
  const passing = await verifier.verify(response, options)
  expect(passing.verdict).toBe('passed')
  expect(passing).toEqual(await verifyAttestation(response, options))
  const replay = { ...options, nonce: 'ee'.repeat(32) }
  const failing = await verifier.verify(response, replay)
  expect(failing.verdict).toBe('failed')
  expect(failing).toEqual(await verifyAttestation(response, replay))
}
