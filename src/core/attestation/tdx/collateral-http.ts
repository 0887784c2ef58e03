import { ApiError } from '../../errors.ts'
import { bytesToHex } from '../../crypto/hex.ts'
import type { QuoteCollateral } from './collateral.ts'
import type { CollateralTarget } from './collateral-target.ts'

export { collateralTargetOf, pckCaOf, type CollateralTarget } from './collateral-target.ts'

// The HTTP half of collateral fetching: it needs the platform's FMSPC and PCK CA, not a parsed
// quote, so the main thread can fetch (and cache) collateral for a quote verified in a worker
// without loading the quote parser.

/** Intel's Provisioning Certification Service (PCS), where TDX collateral comes from by default. */
export const INTEL_PCS_BASE_URL = 'https://api.trustedservices.intel.com'
/** The CRL of Intel's SGX Root CA (DER). */
export const INTEL_ROOT_CA_CRL_URL = 'https://certificates.trustedservices.intel.com/IntelSGXRootCA.der'

/** Options of {@link fetchTdxCollateral}. */
export interface FetchTdxCollateralOptions {
  /** PCS or PCCS base URL, without the `/tdx/certification/v4` part. Default: Intel's PCS. */
  baseUrl?: string
  /** Where to get the root CA CRL. Default: Intel's certificate site for the PCS, `{base}/sgx/certification/v4/rootcacrl` otherwise. */
  rootCaCrlUrl?: string
  /** The fetch that reaches the PCS. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch
  /** Cancels the fetches. */
  signal?: AbortSignal
}

/**
 * Fetches the collateral of a platform family (see `fetchTdxCollateral`, which takes the quote).
 * @example
 * const collateral = await fetchTdxCollateralFor({ fmspc: '00806f050000', ca: 'platform' }, { baseUrl: pccsUrl })
 */
export async function fetchTdxCollateralFor(target: CollateralTarget, options: FetchTdxCollateralOptions = {}): Promise<QuoteCollateral> {
  const base = (options.baseUrl ?? INTEL_PCS_BASE_URL).replace(/\/+$/, '')
  const rootCrlUrl = options.rootCaCrlUrl ?? (base === INTEL_PCS_BASE_URL ? INTEL_ROOT_CA_CRL_URL : `${base}/sgx/certification/v4/rootcacrl`)
  const get = (url: string) => request(url, options)

  const [tcb, qe, pckCrl, rootCrl] = await Promise.all([
    get(`${base}/tdx/certification/v4/tcb?fmspc=${encodeURIComponent(target.fmspc)}`),
    get(`${base}/tdx/certification/v4/qe/identity`),
    get(`${base}/sgx/certification/v4/pckcrl?ca=${target.ca}&encoding=der`),
    get(rootCrlUrl),
  ])
  const tcbText = new TextDecoder().decode(tcb.body)
  const qeText = new TextDecoder().decode(qe.body)
  return {
    tcb_info_issuer_chain: issuerChain(tcb.headers, ['TCB-Info-Issuer-Chain', 'SGX-TCB-Info-Issuer-Chain'], 'TCB info'),
    tcb_info: signedObject(tcbText, 'tcbInfo'),
    tcb_info_signature: signatureOf(tcbText, 'TCB info'),
    qe_identity_issuer_chain: issuerChain(qe.headers, ['SGX-Enclave-Identity-Issuer-Chain'], 'QE identity'),
    qe_identity: signedObject(qeText, 'enclaveIdentity'),
    qe_identity_signature: signatureOf(qeText, 'QE identity'),
    pck_crl_issuer_chain: issuerChain(pckCrl.headers, ['SGX-PCK-CRL-Issuer-Chain'], 'PCK CRL'),
    pck_crl: crlHex(pckCrl.body),
    root_ca_crl: crlHex(rootCrl.body),
  }
}

async function request(url: string, options: FetchTdxCollateralOptions): Promise<{ body: Uint8Array; headers: Headers }> {
  const doFetch = options.fetch ?? globalThis.fetch
  let res: Response
  try {
    res = await doFetch(url, options.signal ? { signal: options.signal } : {})
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw new ApiError('ABORTED', { cause: e })
    throw new ApiError('NETWORK_ERROR', { message: `Collateral service unreachable: ${url}`, cause: e })
  }
  if (!res.ok) throw new ApiError('HTTP_ERROR', { message: `Collateral service answered ${res.status} for ${url}`, status: res.status })
  return { body: new Uint8Array(await res.arrayBuffer()), headers: res.headers }
}

function issuerChain(headers: Headers, names: string[], what: string): string {
  for (const name of names) {
    const value = headers.get(name)
    if (value) return decodeURIComponent(value)
  }
  throw new ApiError('INVALID_RESPONSE', { message: `The ${what} response has no ${names[0]} header` })
}

/**
 * The exact text of the top-level `key` object in a JSON document: Intel signs those
 * bytes, so re-serialising a parsed object would break the signature.
 */
export function signedObject(json: string, key: string): string {
  const at = json.indexOf(`"${key}"`)
  const start = at < 0 ? -1 : json.indexOf('{', at)
  if (start < 0) throw new ApiError('INVALID_RESPONSE', { message: `The collateral response has no "${key}" object` })
  let depth = 0
  let inString = false
  for (let i = start; i < json.length; i++) {
    const ch = json[i]
    if (inString) {
      if (ch === '\\') i++
      else if (ch === '"') inString = false
    } else if (ch === '"') inString = true
    else if (ch === '{') depth++
    else if (ch === '}' && --depth === 0) return json.slice(start, i + 1)
  }
  throw new ApiError('INVALID_RESPONSE', { message: `The "${key}" object is not terminated` })
}

function signatureOf(json: string, what: string): string {
  let signature: unknown
  try {
    signature = (JSON.parse(json) as { signature?: unknown }).signature
  } catch {
    throw new ApiError('INVALID_RESPONSE', { message: `The ${what} response is not JSON` })
  }
  if (typeof signature !== 'string') throw new ApiError('INVALID_RESPONSE', { message: `The ${what} response has no signature` })
  return signature.toLowerCase()
}

/** CRL bodies arrive as DER, or (some PCCS) as hex or PEM text; normalise to hex DER. */
function crlHex(body: Uint8Array): string {
  if (body[0] === 0x30) return bytesToHex(body)
  const text = new TextDecoder().decode(body).trim()
  if (/^[0-9a-fA-F]+$/.test(text)) return text.toLowerCase()
  const pem = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/.exec(text)
  if (pem?.[1]) {
    const bin = atob(pem[1].replace(/\s+/g, ''))
    return bytesToHex(Uint8Array.from(bin, (c) => c.charCodeAt(0)))
  }
  throw new ApiError('INVALID_RESPONSE', { message: 'A CRL response is neither DER, hex nor PEM' })
}
