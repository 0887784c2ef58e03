/**
 * The shape of a TanStack Query options object, declared here so `src/core` needs
 * neither React nor `@tanstack/query-core`: the factories return plain objects
 * that `useQuery`, `queryClient.fetchQuery` and `queryOptions()` all accept.
 */
export interface SealkitQueryOptions<TData, TKey extends readonly unknown[]> {
  queryKey: TKey
  /** Loads the data; aborts with `signal`. */
  queryFn: (context: { signal: AbortSignal }) => Promise<TData>
  enabled: boolean
  staleTime: number
  gcTime?: number
  /** Whether to try again after a failure (see {@link retrySealkitQuery}). */
  retry: (failureCount: number, error: unknown) => boolean
  refetchOnWindowFocus: boolean
  refetchOnReconnect: boolean
}

/** The first element of every sealkit query key, so `queryClient.invalidateQueries({ queryKey: [QUERY_KEY_ROOT] })` reaches them all. */
export const QUERY_KEY_ROOT = 'sealkit'
