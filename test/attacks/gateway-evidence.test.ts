/**
 * A NEAR AI Cloud gateway holds no key we encrypt to: what binds its quote to it, to its TLS certificate and
 * to our nonce is REPORTDATA, computed from the signing address its report names. A report that names none
 * is bound to nothing, so any genuine quote could stand in for the gateway's: it must fail under every
 * policy, `basic` included (which requires a check only when it ran). The simulator's nearai dialect
 * serves the bundle; the same attack on the real capture is in test/attestation/gateway-role.test.ts.
 */
import { describe, expect, it } from 'vitest'
import type { AttestationResponse } from '../../src/core/api/types.ts'
import { nearai } from '../../src/core/providers/index.ts'
import { verifyProviderAttestation } from '../../src/core/session/attest.ts'
import { createSimulator } from '../../src/simulator/index.ts'

const MODEL = 'e2ee-qwen3-5-122b-a10b'
const NONCE = 'ab'.repeat(32)

async function bundle() {
  const sim = createSimulator({ dialect: 'nearai', seed: 'gateway-evidence' })
  const res = await sim.fetch(`http://near.test/v1/attestation/report?model=${MODEL}&nonce=${NONCE}&signing_algo=ecdsa`, { method: 'GET' })
  const json = (await res.json()) as { gateway_attestation: AttestationResponse; model_attestations: AttestationResponse[] }
  return { json, trustedRoots: sim.trustedRoots() }
}

describe("a gateway attestation that names no signer is bound to nothing", () => {
  it.each(['basic', 'standard'] as const)('%s: the honest bundle passes; the gateway without its signing address fails tdx.reportdata', async (policy) => {
    const { json, trustedRoots } = await bundle()
    const options = { model: MODEL, nonce: NONCE, policy, trustedRoots, gpu: 'none' as const }
    const honest = await verifyProviderAttestation(nearai, json, options)
    expect(honest.related[0]!.report.verdict).toBe('passed')
    expect(honest.related[0]!.report.checks.find((c) => c.id === 'tdx.reportdata')).toMatchObject({ status: 'passed' })

    const { signing_address: _, ...unsigned } = json.gateway_attestation
    const stripped = await verifyProviderAttestation(nearai, { ...json, gateway_attestation: unsigned }, options)
    const gateway = stripped.related[0]!.report
    expect(gateway.verdict).toBe('failed')
    expect(gateway.checks.find((c) => c.id === 'tdx.reportdata')).toMatchObject({ status: 'failed', required: true, detail: expect.stringMatching(/names no signing address/) })
  })

  it("the model's own genuine quote standing in for the gateway's, no signer named: failed under basic", async () => {
    const { json, trustedRoots } = await bundle()
    const forged = { ...json, gateway_attestation: { request_nonce: NONCE, intel_quote: json.model_attestations[0]!.intel_quote } }
    const { related } = await verifyProviderAttestation(nearai, forged, { model: MODEL, nonce: NONCE, policy: 'basic', trustedRoots, gpu: 'none' })
    expect(related[0]!.report.verdict).toBe('failed')
    expect(related[0]!.report.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toContain('tdx.reportdata')
  })
})
