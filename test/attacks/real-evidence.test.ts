// @module-tag real-corpus
/**
 * Attacks built from the real captures in ../shared/fixtures/real: genuine evidence,
 * mixed and matched, stripped, duplicated and edited. Every one must fail the verdict
 * under every policy that looks at what was changed, and none may fail for a reason
 * other than the one it attacks (each names the check it must fail).
 *
 * Grow this file: each new way to fool a verifier gets a case here.
 */
import { describe, expect, it } from 'vitest'
import type { AttestationResponse } from '../../src/core/api/types.ts'
import { applyPolicy, assertVerified, errorCodeForReport } from '../../src/core/attestation/policy.ts'
import { verdictOf, type Check, type PolicyName, type VerificationReport } from '../../src/core/attestation/report.ts'
import { verifyAttestation, type VerifyAttestationOptions } from '../../src/core/attestation/verify.ts'
import { KNOWN_OS_IMAGES } from '../../src/core/attestation/identity/known-deployments.ts'
import { nearai, nearaiDirect } from '../../src/core/providers/index.ts'
import { verifyProviderAttestation } from '../../src/core/session/attest.ts'
import { rejectedCode } from '../helpers/error-code.ts'
import { readReal, readRealJson } from '../fixtures.ts'

const POLICIES: PolicyName[] = ['basic', 'standard', 'strict']
const MODEL = 'e2ee-qwen3-5-122b-a10b'

function capture(date: '2026-06-10' | '2026-04-24') {
  const dir = `attestation-reports/venice__${MODEL}__${date}`
  const report = readRealJson<AttestationResponse>(dir, 'attestation.json')
  return {
    report,
    nonce: report.nonce!,
    at: new Date(date === '2026-06-10' ? '2026-06-10T01:47:07Z' : '2026-04-24T01:58:41Z'),
    collateral: readReal(dir, 'intel-collateral.json'),
    nras: readRealJson(dir, 'nras-response.json'),
    jwks: readReal('nvidia', `nras-jwks__${date}.json`),
  }
}

const june = capture('2026-06-10')
const april = capture('2026-04-24')
/** The report's VM configuration (`info.vm_config`, an object or JSON text of one). */
const vmConfigOf = (report: AttestationResponse): Record<string, unknown> => {
  const vm = (report.info as Record<string, unknown>).vm_config
  return (typeof vm === 'string' ? JSON.parse(vm) : vm) as Record<string, unknown>
}
const full = (c = june): VerifyAttestationOptions => ({ nonce: c.nonce, at: c.at, model: MODEL, collateral: c.collateral, nras: c.nras, jwks: c.jwks })
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T
const status = (r: VerificationReport, id: string) => r.checks.find((c) => c.id === id)?.status
const failedIds = (r: VerificationReport) => r.checks.filter((c) => c.status === 'failed').map((c) => c.id)

async function verifyAll(response: AttestationResponse, options: VerifyAttestationOptions, policies = POLICIES) {
  return Promise.all(policies.map(async (policy) => ({ policy, report: await verifyAttestation(response, { ...options, policy }) })))
}

describe('the untouched captures pass strict: every attack below starts from evidence that verifies', () => {
  it.each([
    ['2026-06-10', june],
    ['2026-04-24', april],
  ])('%s', async (_, c) => {
    const r = await verifyAttestation(c.report, { ...full(c), policy: 'strict' })
    expect(failedIds(r)).toEqual([])
    expect(r.verdict).toBe('passed')
  })
})

describe('the verdict rule: a check that ran and failed fails every policy', () => {
  it('flipping any one check of a passing strict report to failed fails basic, standard and strict', async () => {
    const passing = await verifyAttestation(june.report, { ...full(), policy: 'strict' })
    expect(passing.checks.length).toBeGreaterThan(30)
    for (const check of passing.checks) {
      if (check.status !== 'passed') continue
      const flipped: Check[] = passing.checks.map((c) => (c.id === check.id ? { ...c, status: 'failed' } : c))
      for (const policy of POLICIES) expect(verdictOf(applyPolicy(flipped, policy)), `${check.id} under ${policy}`).toBe('failed')
    }
  })

  it('a skipped check fails only the policies that require it, and an empty list fails', async () => {
    const passing = await verifyAttestation(june.report, { ...full(), policy: 'strict' })
    const skipped = passing.checks.map((c) => (c.id === 'tdx.tcb.status' ? { ...c, status: 'skipped' as const } : c))
    expect(verdictOf(applyPolicy(skipped, 'standard'))).toBe('passed')
    expect(verdictOf(applyPolicy(skipped, 'strict'))).toBe('failed')
    expect(verdictOf([])).toBe('failed')
  })

  it('the real OutOfDate NEAR gateway (5 Intel advisories) fails standard once its collateral is known', async () => {
    const dir = 'attestation-reports/nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls'
    const bundle = readRealJson<{ gateway_attestation: AttestationResponse }>(dir, 'attestation.json')
    const manifest = readRealJson<{ nonce_hex: string; captured_at: string }>(dir, 'capture-manifest.json')
    const gateway = bundle.gateway_attestation
    const r = await verifyAttestation(gateway, {
      nonce: manifest.nonce_hex,
      at: new Date(manifest.captured_at),
      policy: 'standard',
      gpu: 'none', // the gateway runs no GPU
      collateral: readReal(dir, 'intel-collateral.gateway-fmspc-b0c06f000000.json'),
    })
    expect(r.checks.find((c) => c.id === 'tdx.tcb.status')).toMatchObject({ status: 'failed', evidence: { status: 'OutOfDate' } })
    expect(r.checks.find((c) => c.id === 'tdx.tcb.status')?.evidence?.advisoryIds?.split(', ')).toHaveLength(5)
    expect(r.verdict).toBe('failed')
  })

  it('an app_compose that does not match MRCONFIGID fails standard', async () => {
    const edited = clone(june.report)
    const tcb = (edited.info as { tcb_info: string | { app_compose: string } }).tcb_info
    const tcbInfo = typeof tcb === 'string' ? (JSON.parse(tcb) as { app_compose: string }) : tcb
    tcbInfo.app_compose = tcbInfo.app_compose.replace('datadog-agent', 'datadog-agenT') // one character
    ;(edited.info as { tcb_info: unknown }).tcb_info = typeof tcb === 'string' ? JSON.stringify(tcbInfo) : tcbInfo
    for (const { policy, report } of await verifyAll(edited, { nonce: june.nonce, at: june.at, model: MODEL }, ['standard'])) {
      expect(status(report, 'tdx.mrconfigid'), policy).toBe('failed')
      expect(report.verdict).toBe('failed')
    }
  })

  it('an edited event log fails standard (RTMR replay)', async () => {
    const edited = clone(june.report)
    const log = typeof edited.event_log === 'string' ? (JSON.parse(edited.event_log) as { event_payload?: string }[]) : (edited.event_log as { event_payload?: string }[])
    const entry = log.findLast((e) => typeof e.event_payload === 'string' && e.event_payload.length > 0)!
    entry.event_payload = entry.event_payload!.replace(/^./, (ch) => (ch === '0' ? '1' : '0'))
    edited.event_log = typeof june.report.event_log === 'string' ? JSON.stringify(log) : log
    const r = await verifyAttestation(edited, { nonce: june.nonce, at: june.at, model: MODEL, policy: 'standard' })
    expect(status(r, 'tdx.rtmr.replay')).toBe('failed')
    expect(r.verdict).toBe('failed')
  })

  it('collateral for another FMSPC fails standard', async () => {
    const other = readReal('attestation-reports/nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls', 'intel-collateral.gateway-fmspc-b0c06f000000.json')
    const r = await verifyAttestation(june.report, { ...full(), collateral: other, policy: 'standard' })
    expect(failedIds(r)).toContain('tdx.tcb.status')
    expect(r.verdict).toBe('failed')
    // In plain words, what happened: no level of that collateral applies, not "out of date, 0 advisories".
    expect(r.assurances?.find((a) => a.id === 'platform')).toMatchObject({ code: 'no-level', text: expect.stringMatching(/FMSPC b0c06f000000.*90c06f000000/) })
  })

  it('expired collateral fails standard', async () => {
    // April's collateral, judged at June's capture time: its nextUpdate has passed.
    const r = await verifyAttestation(june.report, { ...full(), collateral: april.collateral, nras: undefined, jwks: undefined, policy: 'standard' })
    expect(status(r, 'tdx.collateral.freshness')).toBe('failed')
    expect(r.verdict).toBe('failed')
    // The collateral is what failed, not the rating ("UpToDate is not accepted by the policy" said before).
    expect(r.assurances?.find((a) => a.id === 'platform')).toMatchObject({ code: 'collateral-failed', text: expect.stringContaining('no longer current') })
  })
})

describe('nothing verified is not verified', () => {
  it.each([
    ['an empty object', {}],
    ['a NEAR bundle with no model attestations', { model_attestations: [] }],
    ['only the server claim and our nonce', { verified: true, nonce: june.nonce }],
  ])('%s fails every policy', async (_, response) => {
    for (const { policy, report } of await verifyAll(response as AttestationResponse, { nonce: june.nonce, at: june.at, model: MODEL })) {
      expect(report.verdict, policy).toBe('failed')
    }
  })

  it('a report with the quote stripped fails every policy with ATTESTATION_EVIDENCE_MISSING', async () => {
    const { intel_quote: _, ...stripped } = june.report
    for (const { policy, report } of await verifyAll(stripped, full())) {
      expect(report.verdict, policy).toBe('failed')
      expect(status(report, 'tdx.quote.parse')).toBe('failed')
      expect(errorCodeForReport(report)).toBe('ATTESTATION_EVIDENCE_MISSING')
    }
  })
})

describe('GPU evidence is required where the provider attests GPUs', () => {
  it.each([
    ['deleted', undefined],
    ['empty', ''],
    ['null', null],
  ])('nvidia_payload %s fails every policy, basic included, even with an NRAS answer for 8 GPUs', async (_, value) => {
    const stripped = clone(june.report) as AttestationResponse & Record<string, unknown>
    if (value === undefined) delete stripped.nvidia_payload
    else stripped.nvidia_payload = value as unknown as string
    for (const { policy, report } of await verifyAll(stripped, full())) {
      expect(report.verdict, policy).toBe('failed')
      expect(report.checks.find((c) => c.id === 'gpu.payload')).toMatchObject({ status: 'failed', required: true })
      expect(() => assertVerified(report)).toThrowError(expect.objectContaining({ code: 'ATTESTATION_EVIDENCE_MISSING' }))
    }
  })

  it("gpu: 'none' is the explicit opt-out for CPU-only TEEs: a quote whose RTMR0 is a VM's with GPUs still fails it", async () => {
    const { nvidia_payload: _, ...stripped } = june.report
    // A VM sealkit knows nothing of: the app's word that it has no GPUs to attest holds.
    const unknownVm = { ...full(), nras: undefined, jwks: undefined, policy: 'standard' as const, gpu: 'none' as const, measurements: { knownOsImages: [] } }
    const r = await verifyAttestation(stripped, unknownVm)
    expect(failedIds(r)).toEqual([])
    expect(status(r, 'gpu.payload')).toBe('skipped')
    expect(r.verdict).toBe('passed')
    // The attacker's pass: this quote's RTMR0 is an eight-GPU VM's. No evidence for its GPUs is no evidence, whatever the
    // app expected ('none', 'if-present'), under every policy.
    for (const gpu of ['none', 'if-present'] as const) {
      for (const policy of ['basic', 'standard', 'strict'] as const) {
        const known = await verifyAttestation(stripped, { ...full(), nras: undefined, jwks: undefined, policy, gpu })
        expect(known.checks.find((c) => c.id === 'gpu.count'), `${gpu} ${policy}`).toMatchObject({ status: 'failed', evidence: { measured: '8', evidenced: '0' } })
        expect(known.verdict, `${gpu} ${policy}`).toBe('failed')
      }
    }
  })

  it('an empty evidence list fails', async () => {
    const edited = clone(june.report)
    const payload = JSON.parse(edited.nvidia_payload as string) as { evidence_list: unknown[] }
    payload.evidence_list = []
    edited.nvidia_payload = JSON.stringify(payload)
    const r = await verifyAttestation(edited, { ...full(), policy: 'standard' })
    expect(status(r, 'gpu.payload')).toBe('failed')
    expect(r.verdict).toBe('failed')
  })

  it('the same GPU listed eight times fails (gpu.distinct), with or without NRAS', async () => {
    const edited = clone(june.report)
    const payload = JSON.parse(edited.nvidia_payload as string) as { evidence_list: unknown[] }
    payload.evidence_list = Array.from({ length: 8 }, () => payload.evidence_list[0])
    edited.nvidia_payload = JSON.stringify(payload)
    for (const options of [full(), { ...full(), nras: undefined, jwks: undefined }]) {
      const r = await verifyAttestation(edited, { ...options, policy: 'standard' })
      // Each copy is genuine and fresh on its own: only distinctness catches it.
      for (let i = 0; i < 8; i++) expect(status(r, `gpu.${i}.signature`)).toBe('passed')
      expect(status(r, 'gpu.distinct')).toBe('failed')
      expect(r.verdict).toBe('failed')
      expect(errorCodeForReport(r)).toBe('ATTESTATION_GPU_DUPLICATE')
    }
  })

  it('one GPU dropped from the evidence disagrees with NRAS on the count', async () => {
    const edited = clone(june.report)
    const payload = JSON.parse(edited.nvidia_payload as string) as { evidence_list: unknown[] }
    payload.evidence_list = payload.evidence_list.slice(1)
    edited.nvidia_payload = JSON.stringify(payload)
    const r = await verifyAttestation(edited, { ...full(), policy: 'strict' })
    expect(r.checks.find((c) => c.id === 'gpu.nras.claims')?.detail).toMatch(/NRAS judged 8 GPU\(s\), the evidence lists 7/)
    expect(r.verdict).toBe('failed')
  })

  // A new user's pass through the CLI: without NRAS, seven of the eight GPUs' evidence passed every policy, while the
  // report's own VM configuration says eight.
  it('one GPU dropped, without NRAS: the quote\'s RTMR0 is an eight-GPU VM\'s, and the report fails every policy', async () => {
    const edited = clone(june.report) as AttestationResponse & { info: Record<string, unknown> }
    const payload = JSON.parse(edited.nvidia_payload as string) as { evidence_list: unknown[] }
    payload.evidence_list = payload.evidence_list.slice(1)
    edited.nvidia_payload = JSON.stringify(payload)
    for (const policy of ['basic', 'standard', 'strict'] as const) {
      const r = await verifyAttestation(edited, { ...full(), nras: undefined, jwks: undefined, policy })
      expect(r.checks.find((c) => c.id === 'gpu.count'), policy).toMatchObject({ status: 'failed', label: 'GPU count the quote measures', evidence: { measured: '8', evidenced: '7' } })
      expect(r.verdict, policy).toBe('failed')
    }
    // The genuine report: its RTMR0 is the eight-GPU configuration's, and eight are evidenced.
    const honest = await verifyAttestation(clone(june.report), { ...full(), nras: undefined, jwks: undefined, policy: 'standard' })
    expect(honest.checks.find((c) => c.id === 'gpu.count')).toMatchObject({ status: 'passed', label: 'GPU count the quote measures' })
    // The attacker's re-check: the VM configuration's count edited to seven, or removed, along with the evidence. The
    // count is the quote's, not the server's: both still fail, under every policy.
    const sevenClaimed = clone(edited) as typeof edited
    sevenClaimed.info = { ...sevenClaimed.info, vm_config: JSON.stringify({ ...vmConfigOf(edited), num_gpus: 7 }) }
    const noCount = clone(edited) as typeof edited
    delete noCount.info.vm_config
    for (const report of [sevenClaimed, noCount]) {
      for (const policy of ['basic', 'standard', 'strict'] as const) {
        const r = await verifyAttestation(report, { ...full(), nras: undefined, jwks: undefined, policy })
        expect(r.checks.find((c) => c.id === 'gpu.count'), policy).toMatchObject({ status: 'failed', evidence: { measured: '8', evidenced: '7' } })
        expect(r.verdict, policy).toBe('failed')
      }
    }
    // The genuine evidence under a configuration edited to seven: the server's word against the quote's, failed.
    const lying = clone(june.report) as typeof edited
    lying.info = { ...lying.info, vm_config: JSON.stringify({ ...vmConfigOf(edited), num_gpus: 7 }) }
    const r = await verifyAttestation(lying, { ...full(), nras: undefined, jwks: undefined, policy: 'basic' })
    expect(r.checks.find((c) => c.id === 'gpu.count')).toMatchObject({ status: 'failed', evidence: { measured: '8', configured: '7' } })
  })

  it("the quote binds the count only once it is Intel's; an app's own registry is named as the app's, and its counts are checked", async () => {
    const seven = clone(june.report) as AttestationResponse & { info: Record<string, unknown> }
    const payload = JSON.parse(seven.nvidia_payload as string) as { evidence_list: unknown[] }
    payload.evidence_list = payload.evidence_list.slice(1)
    seven.nvidia_payload = JSON.stringify(payload)
    seven.info = { ...seven.info, vm_config: JSON.stringify({ ...vmConfigOf(seven), num_gpus: 7 }) }
    // The quote's own signature broken: its RTMR0 binds nothing, and the row says why it fell back to the server's word.
    const quote = seven.intel_quote as string
    const at = (48 + 584 + 4 + 10) * 2
    const broken = { ...seven, intel_quote: quote.slice(0, at) + (quote[at] === '0' ? '1' : '0') + quote.slice(at + 1) }
    const r = await verifyAttestation(broken, { ...full(), nras: undefined, jwks: undefined, policy: 'standard' })
    expect(status(r, 'tdx.quote.signature')).toBe('failed')
    expect(r.checks.find((c) => c.id === 'gpu.count')).toMatchObject({ label: 'GPU count the VM claims', detail: expect.stringMatching(/the quote did not verify, so its RTMR0 binds nothing/) })
    expect(r.verdict).toBe('failed')
    // The genuine quote, with the app's own registry: named as the app's, not as public captures.
    const image = KNOWN_OS_IMAGES.find((i) => i.name === 'dstack-nvidia-0.5.5')!
    const own = (gpus: unknown) => ({ measurements: { knownOsImages: [{ ...image, name: 'our-image', rtmr0: image.rtmr0.map((r) => ({ ...r, gpus: gpus as number })) }] } })
    const ours = await verifyAttestation(clone(june.report), { ...full(), nras: undefined, jwks: undefined, policy: 'standard', ...own(8) })
    expect(ours.checks.find((c) => c.id === 'gpu.count')).toMatchObject({ status: 'passed', detail: expect.stringMatching(/our-image, as the app's knownOsImages lists it/) })
    // A count that is no count (text from a JSON file, a negative, a fraction) fails, and says so.
    for (const gpus of ['8', -1, 7.5, null]) {
      const odd = await verifyAttestation(clone(june.report), { ...full(), nras: undefined, jwks: undefined, policy: 'basic', ...own(gpus) })
      expect(odd.checks.find((c) => c.id === 'gpu.count'), String(gpus)).toMatchObject({ status: 'failed', detail: expect.stringMatching(/not a GPU count/) })
    }
    // The plain-words summary blames the count, not the GPUs' own evidence, when only the count failed.
    const lying = clone(june.report) as typeof seven
    lying.info = { ...lying.info, vm_config: JSON.stringify({ ...vmConfigOf(lying), num_gpus: 7 }) }
    const summary = await verifyAttestation(lying, { ...full(), nras: undefined, jwks: undefined, policy: 'standard' })
    expect(summary.assurances?.find((a) => a.id === 'gpus')).toMatchObject({ code: 'count-mismatch', status: 'no' })
  })

  it("without a known VM configuration for the quote's RTMR0, the count is the VM configuration's: the server's word", async () => {
    const edited = clone(june.report) as AttestationResponse & { info: Record<string, unknown> }
    const payload = JSON.parse(edited.nvidia_payload as string) as { evidence_list: unknown[] }
    payload.evidence_list = payload.evidence_list.slice(1)
    edited.nvidia_payload = JSON.stringify(payload)
    const unknownVm = { ...full(), nras: undefined, jwks: undefined, measurements: { knownOsImages: [] } }
    const stripped = await verifyAttestation(edited, { ...unknownVm, policy: 'standard' })
    expect(stripped.checks.find((c) => c.id === 'gpu.count')).toMatchObject({ status: 'failed', label: 'GPU count the VM claims', evidence: { configured: '8', evidenced: '7' } })
    // What this fallback cannot catch: the configuration edited along with the evidence. The row says whose word it is.
    const sevenClaimed = clone(edited) as typeof edited
    sevenClaimed.info = { ...sevenClaimed.info, vm_config: JSON.stringify({ ...vmConfigOf(edited), num_gpus: 7 }) }
    const agreed = await verifyAttestation(sevenClaimed, { ...unknownVm, policy: 'standard' })
    expect(agreed.checks.find((c) => c.id === 'gpu.count')).toMatchObject({ status: 'passed', detail: expect.stringMatching(/the server's word/) })
    // With the count gone too, the row says so, and strict, which requires it, fails.
    const noCount = clone(edited) as typeof edited
    delete noCount.info.vm_config
    const standard = await verifyAttestation(noCount, { ...unknownVm, policy: 'standard' })
    expect(standard.checks.find((c) => c.id === 'gpu.count')).toMatchObject({ status: 'skipped', required: false })
    const strict = await verifyAttestation(noCount, { ...unknownVm, policy: 'strict' })
    expect(strict.checks.find((c) => c.id === 'gpu.count')).toMatchObject({ status: 'skipped', required: true })
    expect(strict.verdict).toBe('failed')
  })

  it("April's genuine GPU evidence in June's report is a replay", async () => {
    const mixed = { ...june.report, nvidia_payload: april.report.nvidia_payload }
    const r = await verifyAttestation(mixed, { ...full(), nras: undefined, jwks: undefined, policy: 'standard' })
    for (let i = 0; i < 8; i++) expect(status(r, `gpu.${i}.nonce`)).toBe('failed')
    expect(r.verdict).toBe('failed')
  })
})

const ossModel = readRealJson<{ model_attestations: AttestationResponse[] }>('attestation-reports', 'nearai-cloud__openai-gpt-oss-120b__nonce-deadbeef__ecdsa.json').model_attestations[0]!
const ossNonce = ossModel.request_nonce!

describe('the attestation is for the model we asked for', () => {
  it("a genuine attestation of openai/gpt-oss-120b does not pass as Venice's qwen model", async () => {
    const r = await verifyAttestation(ossModel, { nonce: ossNonce, at: new Date('2026-03-01T00:00:00Z'), model: MODEL, policy: 'basic' })
    expect(r.checks.find((c) => c.id === 'attestation.model')).toMatchObject({ status: 'failed', evidence: { model_name: 'openai/gpt-oss-120b' } })
    expect(r.verdict).toBe('failed')
    expect(errorCodeForReport(r)).toBe('ATTESTATION_MODEL_MISMATCH')
  })

  it("Venice's report names its model by id and by upstream name: both match by the alias rule", async () => {
    const r = await verifyAttestation(june.report, { ...full(), policy: 'basic' })
    expect(r.checks.find((c) => c.id === 'attestation.model')).toMatchObject({ status: 'passed', required: true })
  })

  it('asking for another model with the same report fails, whichever field disagrees', async () => {
    const asked = await verifyAttestation(june.report, { ...full(), model: 'e2ee-gpt-oss-120b', policy: 'basic' })
    expect(status(asked, 'attestation.model')).toBe('failed')
    const relabelled = await verifyAttestation({ ...june.report, model: 'e2ee-gpt-oss-120b' }, { ...full(), model: 'e2ee-gpt-oss-120b', policy: 'basic' })
    expect(relabelled.checks.find((c) => c.id === 'attestation.model')?.detail).toMatch(/upstream_model "Qwen\/Qwen3.5-122B-A10B"/)
    const unnamed = await verifyAttestation({ ...june.report, model: undefined, model_name: undefined, upstream_model: undefined }, { ...full(), policy: 'basic' })
    expect(status(unnamed, 'attestation.model')).toBe('failed')
  })

  it('modelAliases admits a documented alias, and only that', async () => {
    const r = await verifyAttestation(
      { ...june.report, model: 'my-private-model' },
      { ...full(), model: 'my-private-model', modelAliases: { 'my-private-model': ['Qwen/Qwen3.5-122B-A10B'] }, policy: 'basic' },
    )
    expect(status(r, 'attestation.model')).toBe('passed')
  })
})

describe('mix and match two genuine captures', () => {
  it("April's quote in June's report: genuine Intel quote, wrong REPORTDATA", async () => {
    const r = await verifyAttestation({ ...june.report, intel_quote: april.report.intel_quote }, { ...full(), policy: 'standard' })
    expect(status(r, 'tdx.quote.signature')).toBe('passed')
    expect(status(r, 'tdx.reportdata')).toBe('failed')
    expect(r.verdict).toBe('failed')
  })

  it("the compose manager's genuine quote in place of the model's", async () => {
    const cma = (june.report as { compose_manager_attestation?: { quote?: string; intel_quote?: string } }).compose_manager_attestation
    const quote = cma?.intel_quote ?? cma?.quote
    expect(quote).toMatch(/^[0-9a-f]+$/)
    const r = await verifyAttestation({ ...june.report, intel_quote: quote! }, { ...full(), policy: 'basic' })
    expect(status(r, 'tdx.reportdata')).toBe('failed')
    expect(r.verdict).toBe('failed')
  })

  it("the NEAR model's signing key and address on Venice's quote", async () => {
    const r = await verifyAttestation(
      { ...june.report, signing_key: ossModel.signing_public_key!, signing_public_key: ossModel.signing_public_key!, signing_address: ossModel.signing_address! },
      { ...full(), policy: 'basic' },
    )
    expect(status(r, 'key.address')).toBe('passed') // the swapped pair is self-consistent...
    expect(status(r, 'tdx.reportdata')).toBe('failed') // ...but not what the quote binds
    expect(r.verdict).toBe('failed')
  })

  it("June's report answered with April's nonce echo", async () => {
    const r = await verifyAttestation({ ...june.report, nonce: april.nonce, request_nonce: april.nonce }, { ...full(), policy: 'basic' })
    expect(status(r, 'nonce.match')).toBe('failed')
    expect(r.verdict).toBe('failed')
  })
})

describe("NEAR AI Cloud's gateway serves the report: it cannot hide its own attestation", () => {
  const dir = 'attestation-reports/nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls'
  const bundle = readRealJson<{ gateway_attestation: AttestationResponse; model_attestations: AttestationResponse[] }>(dir, 'attestation.json')
  const manifest = readRealJson<{ nonce_hex: string; captured_at: string }>(dir, 'capture-manifest.json')
  const options = {
    model: 'Qwen/Qwen3.5-122B-A10B',
    nonce: manifest.nonce_hex,
    at: new Date(manifest.captured_at),
    policy: 'standard' as const,
    // One collateral per FMSPC: the gateway's platform is OutOfDate, the model's UpToDate.
    collateral: [readReal(dir, 'intel-collateral.model-fmspc-90c06f000000.json'), readReal(dir, 'intel-collateral.gateway-fmspc-b0c06f000000.json')],
  }
  const { gateway_attestation: _gateway, ...withoutGateway } = bundle

  it('the honest report fails standard, for the gateway: the model passes, the OutOfDate gateway does not', async () => {
    const { report, related } = await verifyProviderAttestation(nearai, bundle, options)
    expect(report.verdict).toBe('passed')
    expect(related).toHaveLength(1)
    expect(related[0]!.report.verdict).toBe('failed')
    expect(failedIds(related[0]!.report)).toEqual(['tdx.tcb.status'])
  })

  it.each([
    ['deleted', withoutGateway],
    ['null', { ...withoutGateway, gateway_attestation: null }],
    ['a string', { ...withoutGateway, gateway_attestation: 'x' }],
    ['true', { ...withoutGateway, gateway_attestation: true }],
    ['an array', { ...withoutGateway, gateway_attestation: [bundle.gateway_attestation] }],
    ["the model's attestation served alone, flat", bundle.model_attestations[0]!],
  ])('gateway attestation %s: refused with ATTESTATION_EVIDENCE_MISSING, never verified as model-only', async (_, tampered) => {
    expect(await rejectedCode(verifyProviderAttestation(nearai, tampered as Record<string, unknown>, options))).toBe('ATTESTATION_EVIDENCE_MISSING')
  })

  it("'nearai-direct' takes a flat report as the model's own, but holds a cloud-shaped one to the cloud's rule", async () => {
    const direct = await verifyProviderAttestation(nearaiDirect, bundle, options)
    expect(direct.related).toHaveLength(1)
    expect(direct.related[0]!.report.verdict).toBe('failed')
    expect(await rejectedCode(verifyProviderAttestation(nearaiDirect, withoutGateway, options))).toBe('ATTESTATION_EVIDENCE_MISSING')
    const flat = await verifyProviderAttestation(nearaiDirect, bundle.model_attestations[0]!, options)
    expect(flat.related).toEqual([])
    expect(flat.report.verdict).toBe('passed')
  })
})
