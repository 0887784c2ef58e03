import type { QuoteCollateral } from '../attestation/tdx/collateral.ts'
import { fetchPccsCollateralFor, keyedCollateralLoader, pccsCollateralKey, type KeyedCollateralLoader, type PccsCollateralKey, type PccsSource } from '../attestation/tdx/pccs.ts'
import type { TdxQuote } from '../attestation/tdx/quote.ts'
import { QUERY_KEY_ROOT, type SealkitQueryOptions } from './types.ts'

/** The TanStack Query key of Intel collateral fetched from a PCCS: one entry per PCCS, FMSPC and PCK CA. */
export type CollateralQueryKey = readonly [
  typeof QUERY_KEY_ROOT,
  'collateral',
  {
    /** The PCCS base URL. */
    pccsUrl: string
    /** The platform family, hex. */
    fmspc: string
    /** Which Intel CA issued the PCK certificate. */
    ca: 'processor' | 'platform'
  },
]

/** How long fetched collateral is reused: an hour, so a revocation arrives the same hour. */
export const COLLATERAL_STALE_TIME = 3_600_000

/**
 * TanStack Query options for a quote's Intel collateral at a PCCS, keyed by PCCS, FMSPC
 * and PCK CA: every quote of one platform family shares one cached fetch.
 *
 * @example
 * const collateral = await queryClient.fetchQuery(collateralQueryOptions({ pccsUrl }, quote))
 */
export function collateralQueryOptions(source: PccsSource, quote: TdxQuote): SealkitQueryOptions<QuoteCollateral, CollateralQueryKey> {
  return collateralKeyQueryOptions(source, pccsCollateralKey(source, quote))
}

/**
 * The same by PCCS key (FMSPC and CA), for a quote parsed elsewhere (the verification worker).
 * @example
 * const collateral = await queryClient.fetchQuery(collateralKeyQueryOptions({ pccsUrl }, { pccsUrl, fmspc, ca: 'platform' }))
 */
export function collateralKeyQueryOptions(source: PccsSource, key: PccsCollateralKey): SealkitQueryOptions<QuoteCollateral, CollateralQueryKey> {
  return {
    queryKey: [QUERY_KEY_ROOT, 'collateral', key] as const,
    queryFn: ({ signal }) => fetchPccsCollateralFor(source, key, signal),
    enabled: true,
    staleTime: COLLATERAL_STALE_TIME,
    retry: (failureCount) => failureCount < 1,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  }
}

/** The part of a TanStack QueryClient the collateral cache needs. */
export interface CollateralQueryClient {
  /** Fetches, or returns the cached, collateral (TanStack Query's `QueryClient.fetchQuery` fits). */
  fetchQuery(options: SealkitQueryOptions<QuoteCollateral, CollateralQueryKey>): Promise<QuoteCollateral>
}

/** A collateral loader that caches each FMSPC's collateral in the app's QueryClient, also for quotes verified in the worker. */
export function queryClientCollateralLoader(queryClient: CollateralQueryClient, source: PccsSource): KeyedCollateralLoader {
  return keyedCollateralLoader(source, (key) => queryClient.fetchQuery(collateralKeyQueryOptions(source, key)))
}
