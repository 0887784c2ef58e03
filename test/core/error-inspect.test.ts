// @module-tag real-corpus
import { inspect } from 'node:util'
import { expect, it } from 'vitest'
import type { AttestationResponse } from '../../src/core/api/types.ts'
import { assertVerified } from '../../src/core/attestation/policy.ts'
import { verifyAttestation } from '../../src/core/attestation/verify.ts'
import { readRealJson } from '../fixtures.ts'

it('an AttestationError prints in a few lines: the code, the failing check, a summary of the report', async () => {
  const report = readRealJson<AttestationResponse>('attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10', 'attestation.json')
  const verified = await verifyAttestation(report, { nonce: 'ee'.repeat(32), at: new Date('2026-06-10T01:47:07Z') })
  let error: unknown
  try {
    assertVerified(verified)
  } catch (e) {
    error = e
  }
  expect(String(error)).toBe('AttestationError [ATTESTATION_NONCE_MISMATCH]: Attestation nonce mismatch (check nonce.match)')
  const printed = inspect(error)
  expect(printed.split('\n').length).toBeLessThan(30)
  expect(printed).toMatch(/report: verdict failed \(standard policy\), \d+ of \d+ checks failed: nonce\.match, tdx\.reportdata, gpu\.0\.nonce/)
  expect(printed).not.toContain(report.intel_quote!.slice(0, 64))
  // The report itself is still all there for code that wants it.
  expect((error as { report: { checks: unknown[] } }).report.checks.length).toBeGreaterThan(30)
})
