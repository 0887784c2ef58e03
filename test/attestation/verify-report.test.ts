// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { describe, expect, it } from 'vitest'
import { verifyAttestation } from '../../src/core/attestation/verify.ts'
import type { PolicyName, VerificationReport } from '../../src/core/attestation/report.ts'
import { readReal, readRealJson } from '../fixtures.ts'

const DIR = 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10'
const venice = readRealJson(DIR, 'attestation.json')
const NONCE = 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732'
const AT = new Date('2026-06-10T01:47:07Z')
const collateral = readReal(DIR, 'intel-collateral.json')
const nras = readRealJson(DIR, 'nras-response.json')
const jwks = readReal('nvidia', 'nras-jwks__2026-06-10.json')
const OTHER_NONCE = 'ab'.repeat(32)

const status = (r: VerificationReport, id: string) => r.checks.find((c) => c.id === id)?.status
const failedRequired = (r: VerificationReport) => r.checks.filter((c) => c.required && c.status !== 'passed').map((c) => `${c.id}: ${c.detail}`)

describe('the real Venice report of 2026-06-10', () => {
  it('basic: checks 1 to 3 pass with its nonce', async () => {
    const r = await verifyAttestation(venice, { nonce: NONCE, policy: 'basic', at: AT })
    expect(failedRequired(r)).toEqual([])
    expect(r.verdict).toBe('passed')
    for (const id of ['server.verified', 'nonce.match', 'key.present', 'key.address', 'tdx.reportdata']) expect(status(r, id), id).toBe('passed')
    expect(r.signingAddress).toBe('0x6525e128afcffebf7eed05d485d7be983cdae934')
    expect(r.simulated).toBeUndefined()
  })

  it('a different nonce fails the nonce echo, REPORTDATA and every GPU binding', async () => {
    for (const policy of ['basic', 'standard'] as PolicyName[]) {
      const r = await verifyAttestation(venice, { nonce: OTHER_NONCE, policy, at: AT })
      expect(r.verdict).toBe('failed')
      expect(status(r, 'nonce.match')).toBe('failed')
      expect(status(r, 'tdx.reportdata')).toBe('failed')
      if (policy === 'standard') for (let i = 0; i < 8; i++) expect(status(r, `gpu.${i}.nonce`)).toBe('failed')
    }
  })

  it('standard: genuine Intel quote, not debug, nonce-bound, 8 signed GPUs', async () => {
    const r = await verifyAttestation(venice, { nonce: NONCE, policy: 'standard', at: AT })
    expect(failedRequired(r)).toEqual([])
    expect(r.verdict).toBe('passed')
    expect(r.gpus).toHaveLength(8)
    expect(r.gpus!.every((g) => g.verified)).toBe(true)
    expect(r.tdx?.debug).toBe(false)
    // collateral was not supplied: skipped with the reason, and not required by standard
    expect(status(r, 'tdx.tcb.status')).toBe('skipped')
  })

  it('strict: passes at capture time with its collateral, NRAS response and JWKS, all offline', async () => {
    const r = await verifyAttestation(venice, { nonce: NONCE, policy: 'strict', at: AT, collateral, nras, jwks })
    expect(failedRequired(r)).toEqual([])
    expect(r.verdict).toBe('passed')
    expect(r.tdx?.tcbStatus).toBe('UpToDate')
    for (const id of ['gpu.nras.jwt', 'gpu.nras.nonce', 'gpu.nras.claims', 'tdx.rtmr.replay', 'tdx.mrconfigid']) expect(status(r, id), id).toBe('passed')
  })

  it('strict without collateral fails: a skipped required check is not a pass', async () => {
    const r = await verifyAttestation(venice, { nonce: NONCE, policy: 'strict', at: AT })
    expect(r.verdict).toBe('failed')
    expect(r.checks.find((c) => c.id === 'tdx.tcb.status')).toMatchObject({ status: 'skipped', required: true })
  })

  it('an allowlist that does not contain the MRTD fails strict', async () => {
    const r = await verifyAttestation(venice, { nonce: NONCE, policy: 'strict', at: AT, collateral, nras, jwks, measurements: { allowedMrTd: ['00'.repeat(48)] } })
    expect(r.verdict).toBe('failed')
    expect(status(r, 'tdx.measurements')).toBe('failed')
  })

  it('a server that claims verified: false fails every policy even when the evidence is fine', async () => {
    for (const policy of ['basic', 'standard'] as PolicyName[]) {
      const r = await verifyAttestation({ ...venice, verified: false }, { nonce: NONCE, policy, at: AT })
      expect(r.verdict).toBe('failed')
    }
  })
})
