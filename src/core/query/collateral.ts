import type { QuoteCollateral } from '../attestation/tdx/collateral.ts'
import { fetchPccsCollateral, pccsCollateralKey, type CollateralLoader, type PccsSource } from '../attestation/tdx/pccs.ts'
import type { TdxQuote } from '../attestation/tdx/quote.ts'
import { QUERY_KEY_ROOT, type SealkitQueryOptions } from './types.ts'

export type CollateralQueryKey = readonly [typeof QUERY_KEY_ROOT, 'collateral', { pccsUrl: string; fmspc: string; ca: 'processor' | 'platform' }]

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
  return {
    queryKey: [QUERY_KEY_ROOT, 'collateral', pccsCollateralKey(source, quote)] as const,
    queryFn: ({ signal }) => fetchPccsCollateral(source, quote, signal),
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

/** A collateral loader that caches each FMSPC's collateral in the app's QueryClient. */
export function queryClientCollateralLoader(queryClient: CollateralQueryClient, source: PccsSource): CollateralLoader {
  return (quote) => queryClient.fetchQuery(collateralQueryOptions(source, quote))
}
