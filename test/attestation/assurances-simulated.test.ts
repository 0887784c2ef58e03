/**
 * What the assurances say about the simulator's evidence: trusted through its test roots, every
 * assurance that rests on a signer says "simulated" (the quote, the platform rating, the GPUs);
 * not trusted, nothing inside the failed quote (our nonce, the key's address) is worded as proven.
 */
import { describe, expect, it } from 'vitest'
import type { AttestationResponse } from '../../src/core/api/types.ts'
import type { Assurance, AssuranceId } from '../../src/core/attestation/assurances.ts'
import { verifyAttestation } from '../../src/core/attestation/verify.ts'
import { generateNonce } from '../../src/core/crypto/random.ts'
import { createSimulator } from '../../src/simulator/index.ts'

const sim = createSimulator({ seed: 'assurances' })

async function attest() {
  const nonce = generateNonce()
  const res = await sim.fetch(`http://sim.test/api/v1/tee/attestation?model=${sim.defaultModel}&nonce=${nonce}`, {})
  return { nonce, report: (await res.json()) as AttestationResponse }
}

const byId = (assurances: Assurance[] | undefined) => Object.fromEntries((assurances ?? []).map((a) => [a.id, a])) as Record<AssuranceId, Assurance>

describe('assurances of simulated evidence', () => {
  it('trusted through its test roots: the quote, the platform rating and the GPUs are each said to be simulated', async () => {
    const { nonce, report } = await attest()
    const r = await verifyAttestation(report, {
      nonce,
      trustedRoots: sim.trustedRoots(),
      collateral: { pccsUrl: 'http://sim.test', fetch: sim.fetch as typeof fetch },
    })
    expect(r.verdict).toBe('passed')
    expect(r.simulated).toBe(true)
    const a = byId(r.assurances)
    expect(a.hardware).toMatchObject({ code: 'simulated', status: 'warning' })
    expect(a.platform).toMatchObject({ code: 'simulated', status: 'warning', value: 'simulated: up to date' })
    expect(a.platform.text).toContain('not by Intel')
    expect(a.gpus).toMatchObject({ code: 'simulated', status: 'warning' })
    expect(a.gpus.text).toMatch(/^\d+ simulated GPUs?: the evidence chains to a local test root, not to NVIDIA/)
    expect(r.gpus!.length).toBeGreaterThan(0)
    expect(r.gpus!.every((g) => g.simulated === true)).toBe(true)
    // Nothing simulated is worded as genuine, or rated by Intel: not the assurances, not the checks.
    for (const x of Object.values(a)) expect(x.text).not.toMatch(/genuine|Intel rates/i)
    expect(r.checks.find((c) => c.id === 'tdx.tcb.status')?.detail).toMatch(/^The simulated collateral rates this platform UpToDate/)
    for (const c of r.checks) expect(c.detail ?? '').not.toMatch(/Intel rates/)
  })

  it('not trusted: the quote fails, and the nonce and key it carries are not proven either', async () => {
    const { nonce, report } = await attest()
    const r = await verifyAttestation(report, { nonce })
    expect(r.verdict).toBe('failed')
    // The nonce and the key's address are in REPORTDATA as they should be...
    expect(r.checks.find((c) => c.id === 'tdx.reportdata')?.status).toBe('passed')
    const a = byId(r.assurances)
    // ...but the quote that carries them is nobody's word.
    expect(a.hardware).toMatchObject({ code: 'not-proven', status: 'no' })
    expect(a.fresh).toMatchObject({ code: 'unsigned', status: 'no', value: 'not proven' })
    expect(a.key).toMatchObject({ code: 'unsigned', status: 'no', value: 'not proven' })
    for (const x of Object.values(a)) expect(x.status).not.toBe('yes')
  })

  it.each([
    ['OutOfDate', 'out-of-date', /^Out of date: the simulator's test collateral \(a local test root, not Intel\) lists 1 security advisory/],
    ['Revoked', 'revoked', /^This platform's keys are revoked in the simulator's test collateral \(a local test root, not Intel\)\.$/],
  ])('a failing rating of its platform (%s) is said to be the simulator\'s, never Intel\'s', async (tcbStatus, code, text) => {
    // Its own PCCS address: collateral is cached per PCCS and platform within a process, and the first test rated this one UpToDate.
    const rated = createSimulator({ seed: `assurances-${tcbStatus}`, pccs: { tcbStatus, advisoryIds: ['INTEL-SA-00001'] } })
    const nonce = generateNonce()
    const res = await rated.fetch(`http://sim.test/api/v1/tee/attestation?model=${rated.defaultModel}&nonce=${nonce}`, {})
    const r = await verifyAttestation((await res.json()) as AttestationResponse, { nonce, trustedRoots: rated.trustedRoots(), collateral: { pccsUrl: `http://pccs-${tcbStatus}.sim.test`, fetch: rated.fetch as typeof fetch } })
    expect(r.verdict).toBe('failed')
    const platform = byId(r.assurances).platform
    expect(platform).toMatchObject({ code, status: 'no', params: { simulated: true } })
    expect(platform.text).toMatch(text)
    expect(platform.text).not.toMatch(/Intel (lists|has revoked)/)
  })
})
