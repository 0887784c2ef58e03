// @module-tag real-corpus
/**
 * The real captures verified in the verification worker (in-process, across a structured-clone
 * boundary) and on the main thread: deep-equal reports, passing and failing, Venice and NEAR AI
 * (gateway + model). The worker changes where verification runs, never what it says.
 */
import { describe, expect, it } from 'vitest'
import type { AttestationResponse } from '../../src/core/api/types.ts'
import { nearai, venice } from '../../src/core/providers/index.ts'
import { verifyProviderAttestation } from '../../src/core/session/attest.ts'
import { mainThreadVerifier } from '../../src/core/session/verifier.ts'
import { createWorkerVerifier } from '../../src/core/worker/worker-verifier.ts'
import { readReal, readRealJson } from '../fixtures.ts'
import { InProcessVerifyWorker } from '../helpers/in-process-verify-worker.ts'

const VENICE_MODEL = 'e2ee-qwen3-5-122b-a10b'

function venice_(date: '2026-06-10' | '2026-04-24') {
  const dir = `attestation-reports/venice__${VENICE_MODEL}__${date}`
  const response = readRealJson<AttestationResponse>(dir, 'attestation.json')
  return {
    provider: venice,
    response: response as Record<string, unknown>,
    options: {
      model: VENICE_MODEL,
      nonce: response.nonce!,
      at: new Date(date === '2026-06-10' ? '2026-06-10T01:47:07Z' : '2026-04-24T01:58:41Z'),
      collateral: readReal(dir, 'intel-collateral.json'),
      nras: readRealJson(dir, 'nras-response.json'),
      jwks: readReal('nvidia', `nras-jwks__${date}.json`),
    },
  }
}

const CASES = {
  'Venice 2026-06-10, strict, with collateral, NRAS and JWKS': { ...venice_('2026-06-10'), policy: 'strict' as const },
  'Venice 2026-04-24, standard': { ...venice_('2026-04-24'), policy: 'standard' as const },
  'Venice 2026-06-10 replayed to another nonce (fails)': { ...venice_('2026-06-10'), policy: 'standard' as const, nonce: 'ee'.repeat(32) },
  'NEAR AI Cloud, gateway + model': {
    provider: nearai,
    response: readRealJson<Record<string, unknown>>('attestation-reports', 'nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls', 'attestation.json'),
    options: { model: 'Qwen/Qwen3.5-122B-A10B', nonce: 'c8f32651d8b42f2e06411a1cde89fc2311dae0490c0a61483a757517a31030b2', at: new Date('2026-06-10T01:48:55Z') },
    policy: 'standard' as const,
  },
}

describe('real evidence: worker and main thread give deep-equal reports', () => {
  it.each(Object.entries(CASES))('%s', async (_, c) => {
    const options = { ...c.options, policy: c.policy, ...('nonce' in c ? { nonce: c.nonce } : {}) }
    const main = await verifyProviderAttestation(c.provider, c.response, options, await mainThreadVerifier('parity test'))
    const worker = await verifyProviderAttestation(c.provider, c.response, options, await createWorkerVerifier(new InProcessVerifyWorker()))
    expect(worker.report.verifiedIn?.kind).toBe('worker')
    expect(main.report.verifiedIn?.kind).toBe('main-thread')
    const strip = (r: { verifiedIn?: unknown }) => ({ ...r, verifiedIn: undefined })
    expect(strip(worker.report)).toEqual(strip(main.report))
    expect(worker.related.map((r) => strip(r.report))).toEqual(main.related.map((r) => strip(r.report)))
    expect(main.report.checks.length).toBeGreaterThan(10)
    expect(main.report.verdict).toBe('nonce' in c ? 'failed' : 'passed')
  })
})
