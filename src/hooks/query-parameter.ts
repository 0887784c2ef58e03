import type { UseQueryOptions } from '@tanstack/react-query'
import type { SealkitError } from '../core/errors.ts'

/** TanStack options passed through (e.g. `enabled`, `select`, `staleTime`). */
export type QueryParameter<TData, TKey extends readonly unknown[]> = Omit<UseQueryOptions<TData, SealkitError, TData, TKey>, 'queryKey' | 'queryFn'>

/**
 * TanStack options passed through to a hook whose data is a verdict (an attestation, a reply's signature):
 * everything but data from elsewhere. `placeholderData: keepPreviousData` would show the previous model's passing
 * report while the next one is checked (and perhaps fails); `initialData` would be a verdict nobody checked.
 */
export type VerdictQueryParameter<TData, TKey extends readonly unknown[]> = Omit<QueryParameter<TData, TKey>, 'placeholderData' | 'initialData' | 'initialDataUpdatedAt'>

/** The options without data from elsewhere, for callers without the types (see {@link VerdictQueryParameter}). */
export function verdictQuery<TData, TKey extends readonly unknown[]>(query: VerdictQueryParameter<TData, TKey> | undefined): VerdictQueryParameter<TData, TKey> {
  const { placeholderData: _previous, initialData: _given, initialDataUpdatedAt: _at, ...rest } = (query ?? {}) as QueryParameter<TData, TKey>
  return rest
}
