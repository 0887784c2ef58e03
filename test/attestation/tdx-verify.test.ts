// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it } from 'vitest'
import { bytesToHex, hexToBytes } from '../../src/core/crypto/hex.ts'
import { defaultCertificateCache, CertificateCache, isRevoked, parseCrl } from '../../src/core/attestation/x509/index.ts'
import {
  INTEL_SGX_ROOT_CA_FINGERPRINT,
  assertTdxVerified,
  checkTdAttributes,
  composeHashOf,
  parseTdxQuote,
  replayRtmrs,
  parseEventLog,
  verifyCollateral,
  verifyTdxQuote,
  type QuoteCollateral,
  type TdxVerification,
} from '../../src/core/attestation/tdx/index.ts'
import { readRealJson, realPath } from '../fixtures.ts'
import { EXPECTED, chainTime, loadQuoteFile, reportQuotes, type ReportQuote } from './tdx-fixtures.ts'

const status = (r: TdxVerification, id: string) => r.checks.find((c) => c.id === id)?.status
const check = (r: TdxVerification, id: string) => r.checks.find((c) => c.id === id)!
const GENUINE = ['tdx.quote.parse', 'tdx.quote.signature', 'tdx.qe.reportdata', 'tdx.qe.signature', 'tdx.pck.chain'] as const

const quoteFiles = Object.keys(EXPECTED.tdx_quotes as Record<string, unknown>)
const reports = reportQuotes()
const byName = (name: string): ReportQuote => reports.find((r) => r.name === name)!

function bindingOf(r: ReportQuote) {
  return r.binding && ('raw' in r.binding ? r.binding.raw : r.binding)
}

function verifyReport(r: ReportQuote, extra: Parameters<typeof verifyTdxQuote>[1] = {}) {
  return verifyTdxQuote(r.quote, {
    at: r.at,
    ...(r.collateral ? { collateral: r.collateral } : {}),
    ...(r.binding ? { expectedReportData: bindingOf(r)! } : {}),
    ...(r.appCompose !== undefined ? { appCompose: r.appCompose } : {}),
    ...(r.composeHash !== undefined ? { composeHash: r.composeHash } : {}),
    ...(r.eventLog !== undefined ? { eventLog: r.eventLog } : {}),
    ...extra,
  })
}

describe('genuine real quotes verify up to the Intel SGX Root CA', () => {
  it.each(quoteFiles)('%s', async (path) => {
    const r = await verifyTdxQuote(loadQuoteFile(path), { at: chainTime(path) })
    for (const id of GENUINE) expect(status(r, id), `${id}: ${check(r, id).detail}`).toBe('passed')
    expect(r.simulated).toBe(false)
    expect(r.tdx?.pckRoot).toBe(INTEL_SGX_ROOT_CA_FINGERPRINT)
    // Offline: collateral checks are skipped, with the reason.
    for (const id of ['tdx.collateral.tcbinfo', 'tdx.collateral.qeidentity', 'tdx.collateral.crl', 'tdx.collateral.freshness', 'tdx.tcb.status']) {
      expect(check(r, id)).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/No Intel collateral/) })
    }
    const debug = (EXPECTED.tdx_quotes[path] as { debug: boolean }).debug
    expect(status(r, 'tdx.debug')).toBe(debug ? 'failed' : 'passed')
    expect(status(r, 'tdx.attributes')).toBe('passed')
    expect(r.ok).toBe(!debug)
  })

  it.each(reports.map((r) => [r.name, r] as const))('report quote: %s', async (_name, rq) => {
    const r = await verifyReport(rq)
    for (const id of GENUINE) expect(status(r, id), `${id}: ${check(r, id).detail}`).toBe('passed')
    expect(status(r, 'tdx.debug')).toBe('passed')
    expect(status(r, 'tdx.attributes')).toBe('passed')
  })
})

describe('the debug TD and the SGX quote', () => {
  it('refuses teekit__tdx-v4-trustee (TDATTRIBUTES bit 0) with TDX_DEBUG_ENCLAVE', async () => {
    const r = await verifyTdxQuote(loadQuoteFile('tdx-quotes/teekit__tdx-v4-trustee.v4.bin'), { at: new Date('2025-09-01T00:00:00Z') })
    expect(r.ok).toBe(false)
    expect(check(r, 'tdx.debug')).toMatchObject({ status: 'failed', evidence: { tdAttributes: '0100001000000000' } })
    expect(r.error?.code).toBe('TDX_DEBUG_ENCLAVE')
    expect(r.tdx?.debug).toBe(true)
    expect(() => assertTdxVerified(r)).toThrow(expect.objectContaining({ code: 'TDX_DEBUG_ENCLAVE' }))
    // Its signature chain is still genuine.
    for (const id of GENUINE) expect(status(r, id)).toBe('passed')
    // allowDebug exists for lab use only.
    expect(status(await verifyTdxQuote(loadQuoteFile('tdx-quotes/teekit__tdx-v4-trustee.v4.bin'), { at: new Date('2025-09-01'), allowDebug: true }), 'tdx.debug')).toBe('passed')
  })

  it('refuses the SGX quote with TDX_QUOTE_INVALID and does not throw', async () => {
    const r = await verifyTdxQuote(new Uint8Array(readFileSync(realPath('tdx-quotes/dcap-qvl__sgx_quote.NOT-TDX.bin'))))
    expect(r.ok).toBe(false)
    expect(r.quote).toBeUndefined()
    expect(r.checks).toEqual([expect.objectContaining({ id: 'tdx.quote.parse', status: 'failed', detail: expect.stringMatching(/SGX enclave quote/) })])
    expect(r.error?.code).toBe('TDX_QUOTE_INVALID')
  })

  it('returns a failed parse check for garbage', async () => {
    const r = await verifyTdxQuote('zz')
    expect(r.error?.code).toBe('TDX_QUOTE_INVALID')
  })
})

describe('collateral: TCB status equals what dcap-qvl recorded', () => {
  const verdicts = EXPECTED.dcap_qvl_js_0_3_9_verify as Record<string, { at: string; status?: string; advisory_ids?: string[]; error?: string }>
  const standalone: Record<string, string> = {
    'tdx-quotes/dcap-qvl__tdx_quote.v4.bin': 'tdx-quotes/dcap-qvl__tdx_quote.collateral.json',
    'tdx-quotes/dcap-qvl__tdx_quote_outdated.v5.bin': 'tdx-quotes/dcap-qvl__tdx_quote_outdated.collateral.json',
    'tdx-quotes/dcap-qvl__near-gas-test_quote.v4.hex.txt': 'tdx-quotes/dcap-qvl__near-gas-test_quote.collateral.json',
  }
  const cases = Object.entries(verdicts).filter(([k]) => k.startsWith('tdx-quotes/'))

  it.each(cases)('%s', async (key, verdict) => {
    const path = key.split(' @')[0]!
    const collateral = readRealJson<QuoteCollateral>(standalone[path]!)
    const r = await verifyTdxQuote(loadQuoteFile(path), { at: new Date(verdict.at), collateral })
    for (const id of GENUINE) expect(status(r, id)).toBe('passed')
    expect(status(r, 'tdx.collateral.tcbinfo')).toBe('passed')
    expect(status(r, 'tdx.collateral.qeidentity')).toBe('passed')
    expect(status(r, 'tdx.collateral.crl')).toBe('passed')
    if (verdict.status) {
      expect(r.tcb?.status).toBe(verdict.status)
      expect(r.tdx?.advisoryIds).toEqual(verdict.advisory_ids)
      expect(status(r, 'tdx.collateral.freshness')).toBe('passed')
      expect(r.ok).toBe(true)
    } else if (verdict.error === 'TCBInfo expired') {
      expect(check(r, 'tdx.collateral.freshness')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/TCB info expired/) })
      expect(r.ok).toBe(false)
    } else {
      expect(verdict.error).toBe('No matching TCB level found')
      expect(r.tcb?.status).toBe('NotSupported')
      expect(check(r, 'tdx.tcb.status')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/No TCB level/) })
    }
  })

  it.each(reports.filter((r) => r.collateral).map((r) => [r.name, r] as const))('report quote: %s', async (_name, rq) => {
    const r = await verifyReport(rq)
    expect(r.tcb?.status).toBe(rq.tcbStatus)
    expect(r.tdx?.tcbStatus).toBe(rq.tcbStatus)
    expect(r.tdx?.advisoryIds).toEqual(rq.advisoryIds ?? [])
    for (const id of ['tdx.collateral.tcbinfo', 'tdx.collateral.qeidentity', 'tdx.collateral.crl', 'tdx.collateral.freshness']) expect(status(r, id), check(r, id).detail).toBe('passed')
  })

  it('reports the OutOfDate gateway with its advisories and fails the default policy', async () => {
    const r = await verifyReport(byName('nearai-cloud gateway'))
    expect(r.tcb?.status).toBe('OutOfDate')
    expect(check(r, 'tdx.tcb.status')).toMatchObject({
      status: 'failed',
      evidence: { status: 'OutOfDate', advisoryIds: 'INTEL-SA-01036, INTEL-SA-01079, INTEL-SA-01099, INTEL-SA-01103, INTEL-SA-01111' },
    })
    expect(r.error?.code).toBe('ATTESTATION_POLICY_FAILED')
    expect(r.tcb?.tdxModule).toMatchObject({ id: 'TDX_01' })
    // A caller may choose to accept OutOfDate platforms.
    const lenient = await verifyReport(byName('nearai-cloud gateway'), { acceptedTcbStatuses: ['UpToDate', 'OutOfDate'] })
    expect(lenient.ok).toBe(true)
  })

  it('rejects collateral for another FMSPC (NotSupported)', async () => {
    const gateway = byName('nearai-cloud gateway')
    const r = await verifyReport(gateway, { collateral: byName('nearai-cloud model').collateral! })
    expect(r.tcb?.status).toBe('NotSupported')
    expect(check(r, 'tdx.tcb.status').detail).toMatch(/FMSPC 90c06f000000.*b0c06f000000/)
  })

  it('accepts the collateral as JSON text', async () => {
    const v = byName('venice 2026-06-10')
    const r = await verifyReport(v, { collateral: JSON.stringify(v.collateral) })
    expect(r.tcb?.status).toBe('UpToDate')
  })
})

describe('collateral tampering', () => {
  const v = byName('venice 2026-06-10')
  const base = v.collateral!
  const run = (collateral: QuoteCollateral, at = v.at) => verifyTdxQuote(v.quote, { at, collateral })

  it('a changed byte in the signed TCB info fails tdx.collateral.tcbinfo', async () => {
    const r = await run({ ...base, tcb_info: base.tcb_info.replace('"UpToDate"', '"UpToDat3"') })
    expect(check(r, 'tdx.collateral.tcbinfo')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/signature does not verify/) })
    expect(status(r, 'tdx.tcb.status')).toBe('failed')
  })

  it('a re-serialised TCB info (same content, other bytes) fails: Intel signs the exact text', async () => {
    const r = await run({ ...base, tcb_info: JSON.stringify(JSON.parse(base.tcb_info), null, 1) })
    expect(status(r, 'tdx.collateral.tcbinfo')).toBe('failed')
  })

  it('a changed QE identity fails tdx.collateral.qeidentity', async () => {
    const r = await run({ ...base, qe_identity: base.qe_identity.replace('"isvprodid":2', '"isvprodid":3') })
    expect(status(r, 'tdx.collateral.qeidentity')).toBe('failed')
  })

  it('a QE identity that is not the quoting enclave (signature faked away) is caught by the identity match', async () => {
    // Same signed document but the quote's QE report claims another MRSIGNER: flip it in the quote.
    const q = parseTdxQuote(v.quote)
    const bytes = q.bytes.quote.slice()
    const qeReportAt = q.bytes.qeReport.byteOffset - q.bytes.quote.byteOffset
    bytes[qeReportAt + 128]! ^= 1
    const r = await verifyTdxQuote(bytes, { at: v.at, collateral: base })
    expect(status(r, 'tdx.qe.signature')).toBe('failed')
    expect(check(r, 'tdx.collateral.qeidentity')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/MRSIGNER/) })
  })

  it('a TCB info issuer chain from another root fails', async () => {
    const chain = base.tcb_info_issuer_chain
    const r = await verifyTdxQuote(v.quote, { at: v.at, collateral: { ...base, tcb_info_issuer_chain: chain.slice(0, chain.indexOf('-----END CERTIFICATE-----') + 25) } })
    expect(check(r, 'tdx.collateral.tcbinfo').detail).toMatch(/issuer chain/)
  })

  it('a tampered CRL fails tdx.collateral.crl', async () => {
    const crl = hexToBytes(base.pck_crl as string)
    crl[crl.length - 10]! ^= 0xff
    expect(check(await run({ ...base, pck_crl: bytesToHex(crl) }), 'tdx.collateral.crl')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/PCK CRL/) })
    const root = hexToBytes(base.root_ca_crl as string)
    root[root.length - 10]! ^= 0xff
    expect(check(await run({ ...base, root_ca_crl: root }), 'tdx.collateral.crl')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/root CA CRL/) })
  })

  it('a CRL of another CA does not vouch for the PCK certificate', async () => {
    const r = await run({ ...base, pck_crl: base.root_ca_crl })
    expect(check(r, 'tdx.collateral.crl')).toMatchObject({ status: 'failed' })
  })

  it('expired collateral fails tdx.collateral.freshness', async () => {
    const r = await run(base, new Date('2026-08-01T00:00:00Z'))
    expect(check(r, 'tdx.collateral.freshness')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/expired/) })
  })
})

describe('revocation', () => {
  it('the real PCK CRL is signed by the quote\'s PCK CA and does not list its PCK certificate', async () => {
    const v = byName('venice 2026-06-10')
    const q = parseTdxQuote(v.quote)
    const real = await verifyCollateral(v.collateral!, { trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT], at: v.at, pckChain: q.pckChain })
    expect(real.crl.ok).toBe(true)
    expect(real.crl.evidence.pckSerial).toBe(q.pckChain[0]!.serialNumber)
    expect(Number(real.crl.evidence.pckCrlRevokedCount)).toBeGreaterThan(0)
    const crl = parseCrl(v.collateral!.pck_crl as string)
    expect(isRevoked(crl, q.pckChain[0]!)).toBe(false)
    const listed = [...crl.revokedSerials][0]!
    expect(isRevoked(crl, { serialNumber: listed })).toBe(true)
  })
})

describe('REPORTDATA binding', () => {
  const venice = byName('venice 2026-06-10')
  const nonce = 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732'
  const signer = '0x6525e128afcffebf7eed05d485d7be983cdae934'

  it('Venice 2026-06-10: address || zeros || our nonce passes', async () => {
    const r = await verifyTdxQuote(venice.quote, { at: venice.at, expectedReportData: { signer, nonce } })
    expect(check(r, 'tdx.reportdata')).toMatchObject({ status: 'passed', evidence: { expected: `${signer.slice(2)}${'0'.repeat(24)}${nonce}` } })
  })

  it('Venice 2026-06-10: another nonce fails, naming the nonce half', async () => {
    const other = `${nonce.slice(0, 63)}0`
    const r = await verifyTdxQuote(venice.quote, { at: venice.at, expectedReportData: { signer, nonce: other } })
    expect(check(r, 'tdx.reportdata')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/nonce/) })
    expect(r.error?.code).toBe('ATTESTATION_REPORT_DATA_MISMATCH')
  })

  it('another address fails, naming the key half', async () => {
    const r = await verifyTdxQuote(venice.quote, { at: venice.at, expectedReportData: { signer: `0x${'11'.repeat(20)}`, nonce } })
    expect(check(r, 'tdx.reportdata').detail).toMatch(/key binding/)
  })

  it('accepts the raw 64 bytes too', async () => {
    const r = await verifyTdxQuote(venice.quote, { at: venice.at, expectedReportData: `${signer.slice(2)}${'0'.repeat(24)}${nonce}` })
    expect(status(r, 'tdx.reportdata')).toBe('passed')
  })

  it.each(['nearai-direct', 'nearai-cloud gateway', 'nearai-cloud model'])('%s: the TLS-fingerprint variant passes, and fails without the fingerprint', async (name) => {
    const rq = byName(name)
    const b = rq.binding as { signer: string; nonce: string; tlsFingerprint: string }
    expect(b.tlsFingerprint).toBeTruthy()
    expect(status(await verifyTdxQuote(rq.quote, { at: rq.at, expectedReportData: b }), 'tdx.reportdata')).toBe('passed')
    expect(status(await verifyTdxQuote(rq.quote, { at: rq.at, expectedReportData: { signer: b.signer, nonce: b.nonce } }), 'tdx.reportdata')).toBe('failed')
  })

  it.each(['nearai-cloud oss gateway', 'nearai-cloud oss model'])('%s: address variant passes', async (name) => {
    expect(status(await verifyReport(byName(name)), 'tdx.reportdata')).toBe('passed')
  })

  it('is skipped without an expectation', async () => {
    expect(check(await verifyTdxQuote(venice.quote, { at: venice.at }), 'tdx.reportdata')).toMatchObject({ status: 'skipped' })
  })
})

describe('measurements: MRCONFIGID, RTMR replay, allowlists', () => {
  const venice = byName('venice 2026-06-10')

  it.each(reports.filter((r) => r.eventLog !== undefined).map((r) => [r.name, r] as const))('%s: RTMR replay passes', async (_n, rq) => {
    const r = await verifyReport(rq)
    expect(check(r, 'tdx.rtmr.replay')).toMatchObject({ status: 'passed' })
  })

  it.each(reports.filter((r) => r.appCompose !== undefined).map((r) => [r.name, r] as const))('%s: MRCONFIGID = 01 || sha256(app_compose)', async (_n, rq) => {
    const r = await verifyReport(rq)
    expect(check(r, 'tdx.mrconfigid'), check(r, 'tdx.mrconfigid').detail).toMatchObject({ status: 'passed' })
  })

  it('Venice 2026-06-10 passes everything it has inputs for, at capture time', async () => {
    const r = await verifyReport(venice)
    expect(r.ok).toBe(true)
    expect(r.error).toBeUndefined()
    expect(composeHashOf(venice.appCompose!)).toBe('4676ec04ecaff0303142bd3b76205ffc7bc218adaa91b92c10863d4fa6463a3f')
    expect(check(r, 'tdx.mrconfigid').evidence).toMatchObject({ rtmr3ComposeHash: '4676ec04ecaff0303142bd3b76205ffc7bc218adaa91b92c10863d4fa6463a3f' })
    expect(check(r, 'tdx.rtmr.replay').evidence?.rtmr3Events).toBe('system-preparing, app-id, compose-hash, instance-id, boot-mr-done, mr-kms, os-image-hash, key-provider, storage-fs, system-ready')
    expect(r.checks.filter((c) => c.status === 'skipped').map((c) => c.id)).toEqual(['tdx.measurements'])
  })

  it('accepts the event log as a JSON string (NEAR gateway) and as an array', async () => {
    const gw = byName('nearai-cloud gateway')
    expect(typeof gw.eventLog).toBe('string')
    const asArray = JSON.parse(gw.eventLog as string)
    expect(status(await verifyTdxQuote(gw.quote, { at: gw.at, eventLog: asArray }), 'tdx.rtmr.replay')).toBe('passed')
    expect(replayRtmrs(parseEventLog(gw.eventLog))).toEqual(replayRtmrs(asArray))
  })

  it('an edited event fails the replay; a consistent forgery of the digest still fails against the quote', async () => {
    const events = parseEventLog(venice.eventLog)
    const edited = events.map((e) => (e.event === 'compose-hash' ? { ...e, event_payload: '00'.repeat(32) } : e))
    expect(check(await verifyTdxQuote(venice.quote, { at: venice.at, eventLog: edited }), 'tdx.rtmr.replay').detail).toMatch(/compose-hash/)
    const dropped = events.filter((e) => e.event !== 'storage-fs')
    expect(check(await verifyTdxQuote(venice.quote, { at: venice.at, eventLog: dropped }), 'tdx.rtmr.replay').detail).toMatch(/RTMR3/)
    expect(status(await verifyTdxQuote(venice.quote, { at: venice.at, eventLog: '{nope' }), 'tdx.rtmr.replay')).toBe('failed')
  })

  it('another app_compose fails MRCONFIGID', async () => {
    const r = await verifyTdxQuote(venice.quote, { at: venice.at, appCompose: `${venice.appCompose} ` })
    expect(status(r, 'tdx.mrconfigid')).toBe('failed')
    const claimed = await verifyTdxQuote(venice.quote, { at: venice.at, appCompose: venice.appCompose!, composeHash: '00'.repeat(32) })
    expect(check(claimed, 'tdx.mrconfigid').detail).toMatch(/claimed compose hash/)
  })

  it('allowlists for MRTD, RTMRs and compose hash', async () => {
    const q = parseTdxQuote(venice.quote)
    const good = await verifyTdxQuote(venice.quote, {
      at: venice.at,
      allowedMrTd: [q.body.mrTd.toUpperCase()],
      allowedRtmr: { rtmr0: [q.body.rtmr0], rtmr1: [q.body.rtmr1], rtmr2: [q.body.rtmr2] },
      allowedComposeHashes: ['4676ec04ecaff0303142bd3b76205ffc7bc218adaa91b92c10863d4fa6463a3f'],
    })
    expect(check(good, 'tdx.measurements')).toMatchObject({ status: 'passed' })
    const bad = await verifyTdxQuote(venice.quote, { at: venice.at, allowedMrTd: ['00'.repeat(48)], allowedComposeHashes: ['11'.repeat(32)] })
    expect(check(bad, 'tdx.measurements')).toMatchObject({ status: 'failed', detail: 'Not in the allowlist: MRTD, compose hash.' })
    expect(bad.error?.code).toBe('ATTESTATION_POLICY_FAILED')
  })
})

describe('TD attributes and XFAM policy', () => {
  const venice = byName('venice 2026-06-10')
  it('refuses MIGRATABLE and unknown bits unless allowed', async () => {
    expect(checkTdAttributes({ tdAttributes: '0000002000000000', xfam: 'e702060000000000' }).status).toBe('failed')
    expect(checkTdAttributes({ tdAttributes: '0000002000000000', xfam: 'e702060000000000' }, { allowMigratable: true }).status).toBe('passed')
    expect(checkTdAttributes({ tdAttributes: '0000000001000000', xfam: 'e702060000000000' }).detail).toMatch(/bit\(s\) 32/)
    expect(checkTdAttributes({ tdAttributes: '0200000000000000', xfam: 'e702060000000000' }).status).toBe('failed')
    expect(checkTdAttributes({ tdAttributes: '0000001000000000', xfam: '1f00000000000000' }).detail).toMatch(/XFAM has unexpected bit\(s\) 3, 4/)
    expect(checkTdAttributes({ tdAttributes: '0000001000000000', xfam: '0400000000000000' }).detail).toMatch(/lacks required/)
    expect(checkTdAttributes({ tdAttributes: '0000001000000000', xfam: 'e702060000000000' }, { allowedXfam: ['e718060000000000'] }).status).toBe('failed')
    expect(status(await verifyTdxQuote(venice.quote, { at: venice.at }), 'tdx.attributes')).toBe('passed')
  })
})

describe('tampering with the quote fails the named check', () => {
  const v = byName('venice 2026-06-10')
  const q = parseTdxQuote(v.quote)
  const offsetOf = (view: Uint8Array) => view.byteOffset - q.bytes.quote.byteOffset
  const flip = (at: number, mask = 0x01) => {
    const b = q.bytes.quote.slice()
    b[at]! ^= mask
    return verifyTdxQuote(b, { at: v.at })
  }

  it.each([
    ['header user data', 40],
    ['MRTD', 48 + 136],
    ['TDATTRIBUTES', 48 + 120 + 3],
    ['REPORTDATA', 48 + 520 + 63],
  ])('a byte of the signed region (%s) -> tdx.quote.signature', async (_what, at) => {
    const r = await flip(at)
    expect(status(r, 'tdx.quote.signature')).toBe('failed')
    expect(r.error?.code).toBe('ATTESTATION_FAILED')
  })

  it('the quote signature itself -> tdx.quote.signature', async () => {
    expect(status(await flip(offsetOf(q.bytes.quoteSignature) + 5), 'tdx.quote.signature')).toBe('failed')
  })

  it('the attestation key -> tdx.quote.signature and tdx.qe.reportdata', async () => {
    const r = await flip(offsetOf(q.bytes.attestationKey) + 10)
    expect(status(r, 'tdx.quote.signature')).toBe('failed')
    expect(status(r, 'tdx.qe.reportdata')).toBe('failed')
  })

  it('the QE report -> tdx.qe.signature', async () => {
    const r = await flip(offsetOf(q.bytes.qeReport) + 64)
    expect(status(r, 'tdx.qe.signature')).toBe('failed')
    expect(status(r, 'tdx.quote.signature')).toBe('passed')
  })

  it('the QE report data -> tdx.qe.reportdata (and the QE signature)', async () => {
    const r = await flip(offsetOf(q.bytes.qeReport) + 330)
    expect(status(r, 'tdx.qe.reportdata')).toBe('failed')
    expect(status(r, 'tdx.qe.signature')).toBe('failed')
  })

  it('the QE report signature -> tdx.qe.signature', async () => {
    expect(status(await flip(offsetOf(q.bytes.qeReportSignature) + 1), 'tdx.qe.signature')).toBe('failed')
  })

  it('the QE auth data -> tdx.qe.reportdata', async () => {
    expect(q.bytes.qeAuthData.length).toBeGreaterThan(0)
    expect(status(await flip(offsetOf(q.bytes.qeAuthData)), 'tdx.qe.reportdata')).toBe('failed')
  })

  describe('the certificates', () => {
    const pemAt = q.length - q.signature.pckCertChainPem.length - 1
    const text = new TextDecoder().decode(q.bytes.quote.subarray(pemAt))
    const certStart = (n: number) => {
      let at = -1
      for (let i = 0; i <= n; i++) at = text.indexOf('-----BEGIN CERTIFICATE-----', at + 1)
      return pemAt + at + 28
    }
    /** Changes one base64 character inside certificate n's body, keeping it base64. */
    const flipCert = (n: number, charOffset: number) => {
      const b = q.bytes.quote.slice()
      let at = certStart(n) + charOffset
      while (b[at] === 0x0a) at++
      b[at] = b[at] === 0x41 ? 0x42 : 0x41
      return verifyTdxQuote(b, { at: v.at })
    }

    it('the PCK certificate signature value -> tdx.pck.chain', async () => {
      // Near the end of the first certificate: inside its signature BIT STRING.
      const end = text.indexOf('-----END CERTIFICATE-----')
      const b = q.bytes.quote.slice()
      let at = pemAt + end - 20
      while (b[at] === 0x0a) at--
      b[at] = b[at] === 0x41 ? 0x42 : 0x41
      const r = await verifyTdxQuote(b, { at: v.at })
      expect(check(r, 'tdx.pck.chain')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/signature|Malformed|unreadable/) })
    })

    it('the PCK certificate body -> tdx.pck.chain (and its key no longer verifies the QE report)', async () => {
      const r = await flipCert(0, 400)
      expect(status(r, 'tdx.pck.chain')).toBe('failed')
      expect(status(r, 'tdx.quote.signature')).toBe('passed')
    })

    it('the intermediate CA -> tdx.pck.chain', async () => {
      const r = await flipCert(1, 300)
      expect(check(r, 'tdx.pck.chain')).toMatchObject({ status: 'failed' })
    })

    it('the root CA -> tdx.pck.chain (no longer the pinned root)', async () => {
      const r = await flipCert(2, 300)
      expect(check(r, 'tdx.pck.chain')).toMatchObject({ status: 'failed' })
    })
  })

  it('a verification time outside the PCK validity -> tdx.pck.chain', async () => {
    const r = await verifyTdxQuote(v.quote, { at: new Date('2025-01-01T00:00:00Z') })
    expect(check(r, 'tdx.pck.chain')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/not valid at 2025-01-01/) })
  })
})

describe('trusted roots and the signature cache', () => {
  const v = byName('venice 2026-06-10')
  beforeEach(() => defaultCertificateCache.clear())

  it('other roots replace Intel\'s: a real quote then fails the chain', async () => {
    const r = await verifyTdxQuote(v.quote, { at: v.at, trustedRoots: ['00'.repeat(32)] })
    expect(check(r, 'tdx.pck.chain')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/not a trusted root/) })
    expect(r.simulated).toBe(false)
  })

  it('accepts the Intel root given as a certificate instead of a fingerprint', async () => {
    const q = parseTdxQuote(v.quote)
    const root = q.pckChain[2]!
    expect(root.fingerprint).toBe(INTEL_SGX_ROOT_CA_FINGERPRINT)
    const r = await verifyTdxQuote(v.quote, { at: v.at, trustedRoots: [root.der] })
    expect(status(r, 'tdx.pck.chain')).toBe('passed')
    expect(r.simulated).toBe(false)
  })

  it('verifies each certificate once: a warm run does no certificate signature work', async () => {
    const cache = new CertificateCache()
    const cold = await verifyReport(v, { cache })
    const sizeAfterCold = cache.size
    expect(sizeAfterCold).toBeGreaterThan(0)
    const warm = await verifyReport(v, { cache })
    expect(cache.size).toBe(sizeAfterCold)
    expect(warm.checks).toEqual(cold.checks)
    // Root (self), Platform CA, PCK, TCB signing, PCK CRL chain: one entry per distinct pair.
    const other = await verifyReport(byName('nearai-direct'), { cache })
    expect(other.ok).toBe(true)
  })

  it('works with the cache disabled', async () => {
    expect((await verifyReport(v, { cache: null })).ok).toBe(true)
    expect(defaultCertificateCache.size).toBe(0)
  })
})

describe('robustness: verifyTdxQuote never throws', () => {
  const v = byName('venice 2026-06-10')

  it('with empty, partial or wrongly typed collateral', async () => {
    const base = v.collateral!
    const variants: unknown[] = [
      {},
      { ...base, tcb_info: 42 },
      { ...base, tcb_info_signature: 'zz' },
      { ...base, root_ca_crl: [1, 2, 3] },
      { ...base, pck_crl_issuer_chain: undefined },
      { ...base, qe_identity: '{"id":"TD_QE"' },
      'not json',
    ]
    for (const collateral of variants) {
      const r = await verifyTdxQuote(v.quote, { at: v.at, collateral: collateral as QuoteCollateral })
      expect(r.ok).toBe(false)
      expect(r.checks.some((c) => c.id.startsWith('tdx.collateral') && c.status === 'failed')).toBe(true)
    }
  })

  it('with signed-but-malformed collateral from a trusted (simulator) root', async () => {
    const { createSimulatedTdxQuote, createSimulatedTdxCollateral, getSimulatedTdxCa } = await import('../../src/simulator/tdx-quote.ts')
    const { p256 } = await import('@noble/curves/nist.js')
    const { sha256 } = await import('@noble/hashes/sha2.js')
    const ca = getSimulatedTdxCa()
    const sim = createSimulatedTdxQuote({ reportData: new Uint8Array(64) })
    const collateral = createSimulatedTdxCollateral()
    const tcbInfo = JSON.stringify({ ...JSON.parse(collateral.tcb_info), fmspc: null, tcbLevels: 'x' })
    const signature = bytesToHex(p256.sign(sha256(new TextEncoder().encode(tcbInfo)), ca.keys.tcbSigning, { prehash: false }))
    const r = await verifyTdxQuote(sim.quote, { trustedRoots: [sim.root.pem], collateral: { ...collateral, tcb_info: tcbInfo, tcb_info_signature: signature } })
    expect(r.ok).toBe(false)
    expect(r.checks.find((c) => c.id === 'tdx.tcb.status')?.status).toBe('failed')
  })

  it('with random byte flips anywhere in the quote', async () => {
    const q = parseTdxQuote(v.quote).bytes.quote
    let seed = 7
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    for (let i = 0; i < 150; i++) {
      const b = q.slice()
      const at = rand(b.length)
      b[at] = rand(256)
      const r = await verifyTdxQuote(b, { at: v.at, collateral: v.collateral! })
      expect(r.checks.length).toBeGreaterThan(0)
      if (b[at] !== q[at]) expect(r.ok, `byte ${at}`).toBe(false)
    }
  })
})
