// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { describe, expect, it } from 'vitest'
import type { AttestationResponse } from '../../src/core/api/types.ts'
import type { VerificationReport } from '../../src/core/attestation/report.ts'
import { verifyAttestation } from '../../src/core/attestation/verify.ts'
import { readReal, readRealJson } from '../fixtures.ts'

const DIR = 'attestation-reports/nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls'
const bundle = readRealJson<{ gateway_attestation: AttestationResponse; model_attestations: AttestationResponse[] }>(DIR, 'attestation.json')
const manifest = readRealJson<{ nonce_hex: string; captured_at: string }>(DIR, 'capture-manifest.json')
const base = { nonce: manifest.nonce_hex, at: new Date(manifest.captured_at), serverClaim: 'none' as const }
const check = (r: VerificationReport, id: string) => r.checks.find((c) => c.id === id)
const assurance = (r: VerificationReport, id: string) => r.assurances!.find((a) => a.id === id)!

describe("NEAR's ed25519 gateway: a TLS binding, not a key we encrypt to", () => {
  it('the real gateway: key rows say "not applicable" (skipped, never required, never passed); the TLS binding is what REPORTDATA checks', async () => {
    const r = await verifyAttestation(bundle.gateway_attestation, { ...base, role: 'gateway' })
    for (const id of ['key.present', 'key.address']) {
      expect(check(r, id), id).toMatchObject({ status: 'skipped', required: false, detail: expect.stringMatching(/^A gateway holds no key we encrypt to/) })
    }
    expect(check(r, 'tdx.reportdata')).toMatchObject({ status: 'passed', required: true, detail: expect.stringContaining('TLS fingerprint') })
    expect(check(r, 'gpu.payload')).toMatchObject({ status: 'skipped', detail: 'A gateway is a CPU TEE: it has no GPUs to attest.' })
    expect(r.role).toBe('gateway')
    // Without collateral nothing failed: the verdict passes, and the key is not claimed as made inside.
    expect(r.verdict).toBe('passed')
    expect(assurance(r, 'key')).toMatchObject({ status: 'not-checked', value: 'gateway: TLS bound' })
    expect(assurance(r, 'key').text).toMatch(/not compared here with the certificate of the connection/)
    expect(assurance(r, 'gpus')).toMatchObject({ status: 'not-checked', value: 'none (gateway)' })
  })

  it('with its collateral the gateway still fails, for the check that ran and failed (OutOfDate), not for the key', async () => {
    const r = await verifyAttestation(bundle.gateway_attestation, { ...base, role: 'gateway', collateral: readReal(DIR, 'intel-collateral.gateway-fmspc-b0c06f000000.json') })
    expect(r.verdict).toBe('failed')
    expect(r.checks.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual(['tdx.tcb.status'])
    expect(assurance(r, 'platform').status).toBe('no')
    expect(assurance(r, 'key').status).toBe('not-checked')
  })

  it('as a model (no role) the same evidence fails key.present: the gateway rule is asked for, never guessed', async () => {
    const r = await verifyAttestation(bundle.gateway_attestation, { ...base, gpu: 'none' })
    expect(check(r, 'key.present')?.status).toBe('failed')
    expect(assurance(r, 'key').status).toBe('no')
  })

  it('a gateway that names no TLS fingerprint binds only its address: said so, never a pass; and one whose REPORTDATA is not ours fails', async () => {
    const { tls_cert_fingerprint: _dropped, ...bare } = bundle.gateway_attestation as AttestationResponse & { tls_cert_fingerprint?: string }
    for (const policy of ['basic', 'standard', 'strict'] as const) {
      const r = await verifyAttestation(bare, { ...base, role: 'gateway', policy })
      // REPORTDATA was made over the TLS fingerprint: without it the binding does not check out.
      expect(check(r, 'tdx.reportdata')?.status, policy).toBe('failed')
      expect(r.verdict).toBe('failed')
      expect(assurance(r, 'key').status).toBe('no')
    }
    const other = await verifyAttestation(bundle.gateway_attestation, { ...base, role: 'gateway', nonce: 'ee'.repeat(32) })
    expect(check(other, 'tdx.reportdata')?.status).toBe('failed')
    expect(other.verdict).toBe('failed')
  })

  it('the real ecdsa NEAR gateway (address + nonce in REPORTDATA, no TLS fingerprint) reads "address only", not checked', async () => {
    const file = 'attestation-reports/nearai-cloud__openai-gpt-oss-120b__nonce-deadbeef__ecdsa.json'
    const old = readRealJson<{ gateway_attestation: AttestationResponse }>(file).gateway_attestation
    const r = await verifyAttestation(old, { nonce: 'deadbeef' + '0'.repeat(55) + '1', at: new Date('2026-04-01T00:00:00Z'), serverClaim: 'none', role: 'gateway' })
    expect(check(r, 'tdx.reportdata')?.status).toBe('passed')
    expect(check(r, 'key.present')).toMatchObject({ status: 'skipped', required: false })
    expect(assurance(r, 'key')).toMatchObject({ status: 'not-checked', value: 'gateway: address only' })
  })

  it.each(['basic', 'standard'] as const)("%s: the real gateway without its signing address, or Venice's genuine quote in its place, fails tdx.reportdata", async (policy) => {
    const { signing_address: _, ...unsigned } = bundle.gateway_attestation
    const venice = readRealJson<AttestationResponse>('attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10', 'attestation.json')
    for (const forged of [unsigned, { request_nonce: manifest.nonce_hex, intel_quote: venice.intel_quote }]) {
      const r = await verifyAttestation(forged, { ...base, policy, role: 'gateway' })
      expect(check(r, 'tdx.reportdata')).toMatchObject({ status: 'failed', required: true })
      expect(r.verdict).toBe('failed')
    }
  })

  it('a "gateway" that carries a key has it checked as a model key: a key that does not hash to its address fails', async () => {
    const model = bundle.model_attestations[0]!
    const wrongAddress = { ...model, signing_address: 'ab'.repeat(32) }
    const r = await verifyAttestation(wrongAddress, { ...base, role: 'gateway' })
    expect(r.role).toBeUndefined()
    expect(check(r, 'key.address')).toMatchObject({ status: 'failed' })
    expect(r.verdict).toBe('failed')
  })
})
