import { isSealkitError } from '../../errors.ts'
import type { QuoteCollateral } from './collateral.ts'
import { collateralTargetOf, pckCaOf, type CollateralTarget } from './collateral-target.ts'
import type { TdxQuote } from './quote.ts'

/**
 * Intel collateral from a PCCS (or `sealkit collateral serve`, or any server with
 * Intel's PCS v4 API and CORS headers), fetched once per FMSPC and reused until the
 * earliest `nextUpdate` in it. Intel's own PCS sends no CORS headers, so a browser
 * needs one of these in front of it.
 *
 * @example
 * ```ts
 * await verifyAttestation(response, { nonce, collateral: { pccsUrl: 'https://pccs.example.com' } })
 * // React: <SealkitProvider config={{ verify: { collateral: { pccsUrl } } }}> (cached in the QueryClient)
 * ```
 */
export interface PccsSource {
  /** Base URL of the PCCS (without `/tdx/certification/v4`). */
  pccsUrl: string
  /** Where the root CA CRL is; default `{pccsUrl}/sgx/certification/v4/rootcacrl`. */
  rootCaCrlUrl?: string
  /** The fetch that reaches the PCCS. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch
}

/** Gets the collateral for a quote; a rejection is reported as failed collateral checks. */
export type CollateralLoader = (quote: TdxQuote) => Promise<QuoteCollateral>

/**
 * A loader that also loads by PCCS key: a quote verified in a worker has its collateral fetched
 * (and cached, e.g. in the app's QueryClient) on the main thread, which never parses the quote.
 */
export interface KeyedCollateralLoader extends CollateralLoader {
  /** The PCCS it loads from. */
  readonly source: PccsSource
  /** Loads the collateral of one platform family (FMSPC and PCK CA) from `source`. */
  readonly loadByKey: (key: PccsCollateralKey) => Promise<QuoteCollateral>
}

/** Makes a `KeyedCollateralLoader` from the by-key half. */
export function keyedCollateralLoader(source: PccsSource, loadByKey: (key: PccsCollateralKey) => Promise<QuoteCollateral>): KeyedCollateralLoader {
  const load = async (quote: TdxQuote) => {
    collateralTargetOf(quote) // a quote without a readable PCK certificate fails here, as an uncached fetch would
    return loadByKey(pccsCollateralKey(source, quote))
  }
  return Object.assign(load, { source, loadByKey })
}

/** Whether `value` is a {@link KeyedCollateralLoader} (a loader with `source` and `loadByKey`). */
export function isKeyedCollateralLoader(value: unknown): value is KeyedCollateralLoader {
  return typeof value === 'function' && typeof (value as Partial<KeyedCollateralLoader>).loadByKey === 'function' && isPccsSource((value as Partial<KeyedCollateralLoader>).source)
}

/** Whether `value` is a {@link PccsSource} (has a `pccsUrl`). */
export function isPccsSource(value: unknown): value is PccsSource {
  return typeof value === 'object' && value !== null && typeof (value as PccsSource).pccsUrl === 'string'
}

/** The cache key of a quote's collateral at a PCCS: base URL, FMSPC, and the PCK CA whose CRL applies. */
export function pccsCollateralKey(source: PccsSource, quote: TdxQuote): PccsCollateralKey {
  return { pccsUrl: source.pccsUrl.replace(/\/+$/, ''), fmspc: quote.pck?.fmspc ?? '', ca: pckCaOf(quote) }
}

/** Which collateral, from which PCCS: plain data, so a worker can ask the main thread for it. */
export interface PccsCollateralKey extends CollateralTarget {
  /** The PCCS base URL, without the `/tdx/certification/v4` part. */
  pccsUrl: string
}

/** Fetches a quote's collateral from the PCCS (uncached). */
export async function fetchPccsCollateral(source: PccsSource, quote: TdxQuote, signal?: AbortSignal): Promise<QuoteCollateral> {
  return fetchPccsCollateralFor(source, collateralTargetOf(quote), signal)
}

/** Fetches a platform family's collateral from the PCCS (uncached); needs no parsed quote. */
export async function fetchPccsCollateralFor(source: PccsSource, target: CollateralTarget, signal?: AbortSignal): Promise<QuoteCollateral> {
  // Loaded on first use: a page whose collateral comes with the report never loads the fetching code.
  const { fetchTdxCollateralFor } = await import('./collateral-http.ts')
  return fetchTdxCollateralFor(target, {
    baseUrl: source.pccsUrl,
    ...(source.rootCaCrlUrl ? { rootCaCrlUrl: source.rootCaCrlUrl } : {}),
    ...(source.fetch ? { fetch: source.fetch } : {}),
    ...(signal ? { signal } : {}),
  })
}

/** The earliest nextUpdate of the TCB info and QE identity (the CRLs' are checked by verification), as epoch ms. */
export function collateralExpiry(collateral: QuoteCollateral): number {
  const dates: number[] = []
  for (const text of [collateral.tcb_info, collateral.qe_identity]) {
    try {
      const next = Date.parse((JSON.parse(text) as { nextUpdate?: string }).nextUpdate ?? '')
      if (!Number.isNaN(next)) dates.push(next)
    } catch {
      // Unreadable collateral fails verification; it is simply not cached for long.
    }
  }
  return dates.length ? Math.min(...dates) : 0
}

interface Entry {
  promise: Promise<QuoteCollateral>
  expiresAt: number
}

const shared = new Map<string, Entry>()
const MIN_REUSE_MS = 60_000

/**
 * A loader that fetches each FMSPC's collateral once and reuses it until its
 * nextUpdate (at most `maxAgeMs`, default one hour, so revocations arrive). A failed
 * fetch is not cached. Concurrent verifications of one FMSPC share one fetch.
 */
export function pccsCollateralLoader(source: PccsSource, options: { maxAgeMs?: number; cache?: Map<string, Entry> } = {}): CollateralLoader {
  const cache = options.cache ?? shared
  const maxAge = options.maxAgeMs ?? 3_600_000
  return (quote) => {
    const k = pccsCollateralKey(source, quote)
    const key = `${k.pccsUrl}|${k.fmspc}|${k.ca}`
    const hit = cache.get(key)
    if (hit && hit.expiresAt > Date.now()) return hit.promise
    const entry: Entry = { promise: fetchPccsCollateral(source, quote), expiresAt: Date.now() + maxAge }
    cache.set(key, entry)
    entry.promise.then(
      (collateral) => {
        // Until its nextUpdate; collateral already past it is still reused for a minute, so a burst of verifications makes one request.
        entry.expiresAt = Math.min(entry.expiresAt, Math.max(collateralExpiry(collateral), Date.now() + MIN_REUSE_MS))
      },
      () => {
        if (cache.get(key) === entry) cache.delete(key)
      },
    )
    return entry.promise
  }
}

/** Why a collateral fetch failed, in one line for a check's detail. */
export function collateralFetchError(e: unknown): string {
  return isSealkitError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e)
}
