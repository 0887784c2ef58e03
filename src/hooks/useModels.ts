'use client'
import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query'
import type { GetModelsReturnType } from '../core/api/models.ts'
import type { SealkitError } from '../core/errors.ts'
import { getModelsQueryOptions, type GetModelsQueryKey, type GetModelsQueryParameters } from '../core/query/models.ts'
import { useSealkitClient } from './context.tsx'
import { prefetchInRender } from './prefetch.ts'
import type { QueryParameter } from './query-parameter.ts'

export interface UseModelsParameters extends GetModelsQueryParameters {
  /** Extra TanStack Query options (`enabled`, `select`, ...); the key and function are sealkit's. */
  query?: QueryParameter<GetModelsReturnType, GetModelsQueryKey>
}

/** What {@link useModels} returns: TanStack's query result of the model list. */
export type UseModelsReturnType = UseQueryResult<GetModelsReturnType, SealkitError>

/**
 * The model list, filtered by privacy level (capability flags, not prefixes).
 *
 * @example
 * const { data: models = [] } = useModels({ privacy: 'e2ee' })
 */
export function useModels(parameters: UseModelsParameters = {}): UseModelsReturnType {
  const { query, ...rest } = parameters
  const client = useSealkitClient()
  const queryClient = useQueryClient()
  const options = getModelsQueryOptions(client, rest)
  // The list is the first request on the way to a verified model: sent from render, not after the first paint.
  if (query?.enabled === undefined || query.enabled === true) prefetchInRender(queryClient, options)
  return useQuery({ ...options, ...query })
}
