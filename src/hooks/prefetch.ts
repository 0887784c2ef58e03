import type { QueryClient } from '@tanstack/react-query'
import type { SealkitQueryOptions } from '../core/query/types.ts'

/**
 * Starts a query from render, like TanStack's `usePrefetchQuery`: `useQuery` would start it only
 * after the commit and the first paint (its subscription is an effect), and on the way to a verified
 * enclave every such wait is on the critical path. Only in a browser, only when the query does not
 * exist yet (so at most once, StrictMode's second render included); the `useQuery` that mounts next
 * joins the request in flight.
 * @example prefetchInRender(queryClient, getModelsQueryOptions(client))
 */
export function prefetchInRender<T, K extends readonly unknown[]>(queryClient: QueryClient, options: SealkitQueryOptions<T, K>): void {
  if (typeof document === 'undefined' || !options.enabled || queryClient.getQueryState(options.queryKey)) return
  void queryClient.prefetchQuery(options) // never rejects: a failure is the query's state, which the hook reports
}
