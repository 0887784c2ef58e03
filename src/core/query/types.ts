/**
 * The shape of a TanStack Query options object, declared here so `src/core` needs
 * neither React nor `@tanstack/query-core`: the factories return plain objects
 * that `useQuery`, `queryClient.fetchQuery` and `queryOptions()` all accept.
 */
export interface SealkitQueryOptions<TData, TKey extends readonly unknown[]> {
  /** The TanStack Query key: sealkit's root, the query's name, then everything its result depends on. */
  queryKey: TKey
  /** Loads the data; aborts with `signal`. `client` is the QueryClient running it (TanStack passes it). */
  queryFn: (context: { signal: AbortSignal; client?: QueryStateReader }) => Promise<TData>
  /** False while an input the query needs is missing. */
  enabled: boolean
  /** How long the data counts as fresh, in milliseconds. */
  staleTime: number
  /** How long unused data stays cached, in milliseconds; TanStack's default when `undefined`. */
  gcTime?: number
  /** Whether to try again after a failure (see {@link retrySealkitQuery}). */
  retry: (failureCount: number, error: unknown) => boolean
  /** Always `false`: a tab regaining focus never re-attests by itself. */
  refetchOnWindowFocus: boolean
  /** Always `false`: reconnecting never re-attests by itself. */
  refetchOnReconnect: boolean
}

/** What a query function reads of the QueryClient running it: whether its query ever settled. */
export interface QueryStateReader {
  /** The query's state (TanStack's `QueryState`, of which only the times are read here). */
  getQueryState(queryKey: readonly unknown[]):
    | {
        /** When the query last got data (`Date.now()`), 0 if never. */
        dataUpdatedAt: number
        /** When the query last failed (`Date.now()`), 0 if never. */
        errorUpdatedAt: number
      }
    | undefined
}

/** The first element of every sealkit query key, so `queryClient.invalidateQueries({ queryKey: [QUERY_KEY_ROOT] })` reaches them all. */
export const QUERY_KEY_ROOT = 'sealkit'
