// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { describe, expect, it } from 'vitest'
import type { QuoteCollateral } from '../../src/core/attestation/tdx/collateral.ts'
import { verifyCollateral } from '../../src/core/attestation/tdx/collateral.ts'
import { INTEL_SGX_ROOT_CA_FINGERPRINT } from '../../src/core/attestation/tdx/constants.ts'
import { checkPinnedPckNames, checkPinnedPckOids, checkPinnedQe, checkPinnedTdxModule } from '../../src/core/attestation/tdx/pinned.ts'
import { parseTdxQuote } from '../../src/core/attestation/tdx/quote.ts'
import { verifyTdxQuote } from '../../src/core/attestation/tdx/verify.ts'
import { parseCrl } from '../../src/core/attestation/x509/crl.ts'
import { hexToBytes } from '../../src/core/crypto/hex.ts'
import { readRealJson } from '../fixtures.ts'
import { EXPECTED, loadQuoteFile, reportQuotes } from './tdx-fixtures.ts'

const DIR = 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10'
const report = readRealJson<{ intel_quote: string }>(DIR, 'attestation.json')
const collateral = readRealJson<QuoteCollateral>(DIR, 'intel-collateral.json')
const AT = new Date('2026-06-10T01:47:07Z')

describe('checks pinned offline (no collateral)', () => {
  it("the real Venice quote comes from Intel's TD quoting enclave, with Intel's PCK names", async () => {
    const r = await verifyTdxQuote(report.intel_quote, { at: AT })
    expect(r.checks.find((c) => c.id === 'tdx.pinned.qe')?.status).toBe('passed')
    expect(r.checks.find((c) => c.id === 'tdx.pinned.pck')).toMatchObject({ status: 'passed', detail: 'Intel SGX PCK Certificate issued by Intel SGX PCK Platform CA, under Intel SGX Root CA.' })
    expect(r.checks.find((c) => c.id === 'tdx.pinned.module')).toMatchObject({ status: 'passed', evidence: { module: 'TDX_01' } })
  })

  it('a TDX module not signed by Intel fails', () => {
    const quote = structuredClone(parseTdxQuote(report.intel_quote))
    quote.body.mrSignerSeam = '11'.repeat(48)
    expect(checkPinnedTdxModule(quote, { simulated: false })).toMatchObject({ status: 'failed', detail: expect.stringMatching(/MRSIGNERSEAM is not Intel's/) })
  })

  it('another QE vendor, MRSIGNER or product id fails, each named', () => {
    const quote = parseTdxQuote(report.intel_quote)
    const other = (patch: (q: ReturnType<typeof parseTdxQuote>) => void) => {
      const q = structuredClone(quote)
      patch(q)
      return checkPinnedQe(q, { simulated: false })
    }
    expect(other((q) => (q.header.qeVendorId = '00'.repeat(16))).detail).toMatch(/vendor ID 0+ is not Intel's/)
    expect(other((q) => (q.signature.qeReport.mrSigner = 'ab'.repeat(32))).detail).toMatch(/MRSIGNER (ab)+ is not Intel's/)
    expect(other((q) => (q.signature.qeReport.isvProdId = 1)).detail).toMatch(/ISVPRODID 1 is not the TD QE's \(2\)/)
    expect(checkPinnedQe(quote, { simulated: true }).status).toBe('skipped')
  })

  it('a chain whose certificates are not named as Intel names them fails', () => {
    const quote = parseTdxQuote(report.intel_quote)
    const q = { ...quote, pckChain: [quote.pckChain[1]!, quote.pckChain[1]!, quote.pckChain[2]!] }
    expect(checkPinnedPckNames(q, { simulated: false })).toMatchObject({ status: 'failed', detail: expect.stringMatching(/the leaf is "Intel SGX PCK Platform CA"/) })
  })

  it("TCB info signed by any certificate under Intel's root other than Intel's TCB signing one is refused", async () => {
    // A PCK certificate also chains to Intel's root and may sign (digitalSignature): it must still not be accepted as the TCB info signer.
    const quote = parseTdxQuote(report.intel_quote)
    const pem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${btoa(String.fromCharCode(...der))}\n-----END CERTIFICATE-----\n`
    const forged = { ...collateral, tcb_info_issuer_chain: quote.pckChain.map((c) => pem(c.der)).join('') }
    const v = await verifyCollateral(forged, { trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT], at: AT, pckChain: quote.pckChain })
    expect(v.tcbInfo).toMatchObject({ ok: false, detail: 'TCB info is signed by "Intel SGX PCK Certificate", not by "Intel SGX TCB Signing"' })
    const real = await verifyCollateral(collateral, { trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT], at: AT, pckChain: quote.pckChain })
    expect(real.tcbInfo.ok).toBe(true)
  })
})

describe("PCK certificate OIDs, pinned offline as Intel's QVL pins them", () => {
  it('every real PCK chain in the corpus carries exactly the SGX extension entries of its CA, and no certificatePolicies', () => {
    const inputs = [...Object.keys(EXPECTED.tdx_quotes).map((path) => ({ name: path, input: loadQuoteFile(path) })), ...reportQuotes().map((r) => ({ name: r.name, input: r.quote }))]
    const quotes = inputs.map(({ name, input }) => ({ name, quote: parseTdxQuote(input) })).filter(({ quote }) => quote.pckChain.length > 0)
    expect(quotes.length).toBeGreaterThanOrEqual(25)
    for (const { name, quote } of quotes) {
      const check = checkPinnedPckOids(quote, { simulated: false })
      expect(check, name).toMatchObject({ status: 'passed', evidence: { certificatePolicies: 'none', sgxExtension: '7 entries (Platform CA)', tcbEntries: '18' } })
    }
  })

  it('a Platform-CA PCK certificate presented under a Processor CA fails: the entry count is the CA\'s', () => {
    const quote = parseTdxQuote(report.intel_quote)
    const processorCa = { ...quote.pckChain[1]!, subject: { ...quote.pckChain[1]!.subject, commonName: 'Intel SGX PCK Processor CA' } }
    expect(checkPinnedPckOids({ ...quote, pckChain: [quote.pckChain[0]!, processorCa, quote.pckChain[2]!] }, { simulated: false })).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/SGX extension has 7 entries .*not the 5 a Processor CA certificate carries/),
    })
  })

  it('a leaf without the SGX extension, or without a required X.509 extension, fails', () => {
    const quote = parseTdxQuote(report.intel_quote)
    const [leaf, ca, root] = quote.pckChain as [typeof quote.pckChain[0], typeof quote.pckChain[0], typeof quote.pckChain[0]]
    expect(checkPinnedPckOids({ ...quote, pckChain: [ca, ca, root] }, { simulated: false }).detail).toMatch(/no Intel SGX extension/)
    const noCrlDp = { ...leaf, extensions: leaf.extensions.filter((e) => e.oid !== '2.5.29.31') }
    expect(checkPinnedPckOids({ ...quote, pckChain: [noCrlDp, ca, root] }, { simulated: false }).detail).toMatch(/"Intel SGX PCK Certificate" lacks the X.509 extension 2\.5\.29\.31/)
    expect(checkPinnedPckOids(quote, { simulated: true }).status).toBe('skipped')
  })
})

// Intel's real root CA CRL (in the captures) lists no serial, so intermediate revocation is tested with the simulator's CRLs only.
describe("revocation with Intel's real CRLs", () => {
  it('a PCK certificate whose serial the real PCK CRL lists is reported revoked', async () => {
    const quote = parseTdxQuote(report.intel_quote)
    const crl = parseCrl(hexToBytes(collateral.pck_crl as string))
    const listed = [...crl.revokedSerials][0]!
    const ok = await verifyCollateral(collateral, { trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT], at: AT, pckChain: quote.pckChain })
    expect(ok.crl.ok).toBe(true)
    const revokedLeaf = { ...quote.pckChain[0]!, serialNumber: listed }
    const v = await verifyCollateral(collateral, { trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT], at: AT, pckChain: [revokedLeaf, ...quote.pckChain.slice(1)] })
    expect(v.crl).toMatchObject({ ok: false, detail: `the PCK certificate (serial ${listed}) is revoked` })
  })
})
