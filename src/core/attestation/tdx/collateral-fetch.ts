import type { QuoteCollateral } from './collateral.ts'
import { collateralTargetOf, fetchTdxCollateralFor, type FetchTdxCollateralOptions } from './collateral-http.ts'
import { parseTdxQuote, type QuoteInput, type TdxQuote } from './quote.ts'

export { INTEL_PCS_BASE_URL, INTEL_ROOT_CA_CRL_URL, collateralTargetOf, fetchTdxCollateralFor, signedObject, type CollateralTarget, type FetchTdxCollateralOptions } from './collateral-http.ts'

/**
 * Fetches the collateral for a quote from Intel's PCS or a PCCS (same v4 API paths)
 * and returns it in the `QuoteCollateral` shape `verifyTdxQuote` takes:
 *
 * - `GET {base}/tdx/certification/v4/tcb?fmspc=…`          TCB info + `TCB-Info-Issuer-Chain`
 * - `GET {base}/tdx/certification/v4/qe/identity`          QE identity + `SGX-Enclave-Identity-Issuer-Chain`
 * - `GET {base}/sgx/certification/v4/pckcrl?ca=…&encoding=der`  PCK CRL + `SGX-PCK-CRL-Issuer-Chain`
 * - the Intel SGX Root CA CRL (Intel's certificate site for PCS, `{base}/sgx/certification/v4/rootcacrl` for a PCCS)
 *
 * The signed JSON is kept byte-for-byte (the signature is over the exact text).
 * Intel's PCS sends no CORS headers: in a browser use a PCCS or proxy that does.
 *
 * @example
 * ```ts
 * const collateral = await fetchTdxCollateral(report.intel_quote, { baseUrl: 'https://pccs.example.com' })
 * await verifyTdxQuote(report.intel_quote, { collateral })
 * ```
 */

export async function fetchTdxCollateral(quoteOrInput: TdxQuote | QuoteInput, options: FetchTdxCollateralOptions = {}): Promise<QuoteCollateral> {
  const quote = typeof quoteOrInput === 'string' || quoteOrInput instanceof Uint8Array ? parseTdxQuote(quoteOrInput) : quoteOrInput
  return fetchTdxCollateralFor(collateralTargetOf(quote), options)
}

