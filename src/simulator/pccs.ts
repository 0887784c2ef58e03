import { collateralBytes, type QuoteCollateral } from '../core/attestation/tdx/collateral.ts'

/**
 * Answers Intel PCS / PCCS v4 requests from stored collateral documents, with the same
 * bodies and issuer-chain headers Intel serves and CORS headers a browser can read: the
 * simulator's PCCS endpoint, and the local fake PCS the tests put real captured
 * collateral behind (tests never reach Intel).
 *
 * @example
 * ```ts
 * const answer = pccsResponder([collateral])
 * answer(new URL('http://x/tdx/certification/v4/tcb?fmspc=90c06f000000'))   // Response, or undefined
 * ```
 */
export const PCCS_CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Expose-Headers': 'TCB-Info-Issuer-Chain, SGX-TCB-Info-Issuer-Chain, SGX-Enclave-Identity-Issuer-Chain, SGX-PCK-CRL-Issuer-Chain, Content-Type',
}

const fmspcOf = (c: QuoteCollateral): string => {
  try {
    return String((JSON.parse(c.tcb_info) as { fmspc?: unknown }).fmspc ?? '').toLowerCase()
  } catch {
    return ''
  }
}

const hex = (v: QuoteCollateral['tcb_info_signature']): string => {
  const bytes = collateralBytes(v, 'signature')
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Returns the response for a PCS v4 path, or undefined when the path is not one. */
export function pccsResponder(collaterals: readonly QuoteCollateral[]): (url: URL) => Response | undefined {
  const first = collaterals[0]
  return (url) => {
    const path = url.pathname.replace(/^.*?(\/(sgx|tdx)\/certification\/v4\/)/, '$1')
    const json = (body: string, headers: Record<string, string>) => new Response(body, { headers: { 'Content-Type': 'application/json', ...PCCS_CORS_HEADERS, ...headers } })
    const der = (bytes: Uint8Array, headers: Record<string, string> = {}) =>
      new Response(bytes.slice().buffer, { headers: { 'Content-Type': 'application/pkix-crl', ...PCCS_CORS_HEADERS, ...headers } })
    if (!first) return undefined
    if (path === '/tdx/certification/v4/tcb') {
      const fmspc = (url.searchParams.get('fmspc') ?? '').toLowerCase()
      const c = collaterals.find((x) => fmspcOf(x) === fmspc)
      if (!c) return new Response('no TCB info for this FMSPC', { status: 404, headers: PCCS_CORS_HEADERS })
      return json(`{"tcbInfo":${c.tcb_info},"signature":"${hex(c.tcb_info_signature)}"}`, { 'TCB-Info-Issuer-Chain': encodeURIComponent(c.tcb_info_issuer_chain) })
    }
    if (path === '/tdx/certification/v4/qe/identity') {
      return json(`{"enclaveIdentity":${first.qe_identity},"signature":"${hex(first.qe_identity_signature)}"}`, {
        'SGX-Enclave-Identity-Issuer-Chain': encodeURIComponent(first.qe_identity_issuer_chain),
      })
    }
    if (path === '/sgx/certification/v4/pckcrl') {
      return der(collateralBytes(first.pck_crl, 'PCK CRL'), { 'SGX-PCK-CRL-Issuer-Chain': encodeURIComponent(first.pck_crl_issuer_chain) })
    }
    if (path === '/sgx/certification/v4/rootcacrl') return der(collateralBytes(first.root_ca_crl, 'root CA CRL'))
    return undefined
  }
}

