// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { describe, expect, it } from 'vitest'
import { hexToBytes } from '../../src/core/crypto/hex.ts'
import { INTEL_ROOT_CA_CRL_URL, fetchTdxCollateral, signedObject, verifyTdxQuote, type QuoteCollateral } from '../../src/core/attestation/tdx/index.ts'
import { readRealJson } from '../fixtures.ts'

const dir = 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10'
const report = readRealJson(dir, 'attestation.json')
const stored = readRealJson<QuoteCollateral>(dir, 'intel-collateral.json')
const at = new Date('2026-06-10T01:47:07Z')

/** A fake PCS built from the stored collateral: the same bodies and headers Intel serves. */
function fakePcs(base: string, seen: string[], options: { rootCrlAsHex?: boolean } = {}): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input)
    seen.push(url)
    const bin = (hex: string) => hexToBytes(hex).slice().buffer
    if (url === `${base}/tdx/certification/v4/tcb?fmspc=90c06f000000`) {
      return new Response(`{"tcbInfo":${stored.tcb_info},"signature":"${stored.tcb_info_signature as string}"}`, {
        headers: { 'Content-Type': 'application/json', 'TCB-Info-Issuer-Chain': encodeURIComponent(stored.tcb_info_issuer_chain) },
      })
    }
    if (url === `${base}/tdx/certification/v4/qe/identity`) {
      return new Response(`{"enclaveIdentity":${stored.qe_identity},"signature":"${stored.qe_identity_signature as string}"}`, {
        headers: { 'SGX-Enclave-Identity-Issuer-Chain': encodeURIComponent(stored.qe_identity_issuer_chain) },
      })
    }
    if (url === `${base}/sgx/certification/v4/pckcrl?ca=platform&encoding=der`) {
      return new Response(bin(stored.pck_crl as string), { headers: { 'SGX-PCK-CRL-Issuer-Chain': encodeURIComponent(stored.pck_crl_issuer_chain) } })
    }
    if (url === INTEL_ROOT_CA_CRL_URL || url === `${base}/sgx/certification/v4/rootcacrl`) {
      return new Response(options.rootCrlAsHex ? (stored.root_ca_crl as string) : bin(stored.root_ca_crl as string))
    }
    return new Response('not found', { status: 404 })
  }) as typeof fetch
}

describe('fetchTdxCollateral (fake PCS / PCCS, no network)', () => {
  it('assembles the same collateral from Intel PCS v4 answers', async () => {
    const seen: string[] = []
    const base = 'https://api.trustedservices.intel.com'
    const collateral = await fetchTdxCollateral(report.intel_quote, { fetch: fakePcs(base, seen) })
    expect(collateral).toEqual({ ...stored, root_ca_crl: (stored.root_ca_crl as string).toLowerCase(), pck_crl: (stored.pck_crl as string).toLowerCase() })
    expect(seen).toContain(INTEL_ROOT_CA_CRL_URL)
    const r = await verifyTdxQuote(report.intel_quote, { at, collateral })
    expect(r.tcb?.status).toBe('UpToDate')
    expect(r.ok).toBe(true)
  })

  it('uses a configurable PCCS base (root CRL from the PCCS, hex body accepted)', async () => {
    const seen: string[] = []
    const base = 'https://pccs.example.com'
    const collateral = await fetchTdxCollateral(report.intel_quote, { baseUrl: `${base}/`, fetch: fakePcs(base, seen, { rootCrlAsHex: true }) })
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
