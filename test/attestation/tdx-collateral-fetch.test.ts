// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { describe, expect, it } from 'vitest'
import { INTEL_ROOT_CA_CRL_URL, fetchTdxCollateral, signedObject, verifyTdxQuote, type QuoteCollateral } from '../../src/core/attestation/tdx/index.ts'
import { readRealJson } from '../fixtures.ts'
import { fakePcsFetch } from '../helpers/fake-pcs.ts'

const dir = 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10'
const report = readRealJson(dir, 'attestation.json')
const stored = readRealJson<QuoteCollateral>(dir, 'intel-collateral.json')
const at = new Date('2026-06-10T01:47:07Z')

/** The shared fake PCS (the simulator's PCCS responder) over the stored collateral; optionally the root CRL as hex text, as some PCCS serve it. */
const fakePcs = (seen: string[], options: { rootCrlAsHex?: boolean } = {}) =>
  fakePcsFetch([stored], seen, (url) => (options.rootCrlAsHex && url.pathname.endsWith('/rootcacrl') ? new Response(stored.root_ca_crl as string) : undefined))

describe('fetchTdxCollateral (fake PCS / PCCS, no network)', () => {
  it('assembles the same collateral from Intel PCS v4 answers', async () => {
    const seen: string[] = []
    const base = 'https://api.trustedservices.intel.com'
    const collateral = await fetchTdxCollateral(report.intel_quote, { fetch: fakePcs(seen) })
    expect(collateral).toEqual({ ...stored, root_ca_crl: (stored.root_ca_crl as string).toLowerCase(), pck_crl: (stored.pck_crl as string).toLowerCase() })
    expect(seen).toEqual([`${base}/tdx/certification/v4/tcb?fmspc=90c06f000000`, `${base}/tdx/certification/v4/qe/identity`, `${base}/sgx/certification/v4/pckcrl?ca=platform&encoding=der`, INTEL_ROOT_CA_CRL_URL])
    const r = await verifyTdxQuote(report.intel_quote, { at, collateral })
    expect(r.tcb?.status).toBe('UpToDate')
    expect(r.ok).toBe(true)
  })

  it('uses a configurable PCCS base (root CRL from the PCCS, hex body accepted)', async () => {
    const seen: string[] = []
    const base = 'https://pccs.example.com'
    const collateral = await fetchTdxCollateral(report.intel_quote, { baseUrl: `${base}/`, fetch: fakePcs(seen, { rootCrlAsHex: true }) })
    expect(seen).toEqual([
      `${base}/tdx/certification/v4/tcb?fmspc=90c06f000000`,
      `${base}/tdx/certification/v4/qe/identity`,
      `${base}/sgx/certification/v4/pckcrl?ca=platform&encoding=der`,
      `${base}/sgx/certification/v4/rootcacrl`,
    ])
    expect((await verifyTdxQuote(report.intel_quote, { at, collateral })).tcb?.status).toBe('UpToDate')
  })

  it('reports HTTP and network failures as ApiError', async () => {
    await expect(fetchTdxCollateral(report.intel_quote, { fetch: (async () => new Response('', { status: 503 })) as typeof fetch })).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 503 })
    await expect(
      fetchTdxCollateral(report.intel_quote, {
        fetch: (async () => {
          throw new TypeError('offline')
        }) as typeof fetch,
      }),
    ).rejects.toMatchObject({ code: 'NETWORK_ERROR' })
  })

  it('extracts the exact signed JSON object text', async () => {
    const body = '{"tcbInfo":{"a":"}{\\"","b":{"c":[1,2]}},"signature":"ab"}'
    expect(signedObject(body, 'tcbInfo')).toBe('{"a":"}{\\"","b":{"c":[1,2]}}')
    expect(() => signedObject('{"x":1}', 'tcbInfo')).toThrow(/no "tcbInfo"/)
  })
})
