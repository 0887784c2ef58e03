import type { SealkitClient } from '../api/client.ts'
import { getModels, type GetModelsReturnType, type PrivacyFilter } from '../api/models.ts'
import { retrySealkitQuery } from './retry.ts'
import { QUERY_KEY_ROOT, type SealkitQueryOptions } from './types.ts'

/** What {@link getModelsQueryOptions} lists. */
export interface GetModelsQueryParameters {
  /** Default `any`. `tee` includes the E2EE models (they run in an enclave too). */
  privacy?: PrivacyFilter
  /** Venice's model type (`text`, ...); the server's default when unset. */
  type?: string
  /** Default 5 minutes: the catalogue changes rarely. */
  staleTime?: number
}

/** The TanStack Query key of a model list. */
export type GetModelsQueryKey = readonly [
  typeof QUERY_KEY_ROOT,
  'models',
  {
    /** The API root. */
    baseURL: string
    /** The privacy filter. */
    privacy: PrivacyFilter
    /** Venice's model type filter; `null` for the server's default. */
    type: string | null
  },
]

/** Default staleness of the model list. */
export const MODELS_STALE_TIME = 5 * 60_000

/**
 * The query key of a model list: the API root and the filters, never the API key.
 * @example queryClient.invalidateQueries({ queryKey: getModelsQueryKey(client) })
 */
export function getModelsQueryKey(client: SealkitClient, parameters: Pick<GetModelsQueryParameters, 'privacy' | 'type'> = {}): GetModelsQueryKey {
  return [QUERY_KEY_ROOT, 'models', { baseURL: client.baseURL, privacy: parameters.privacy ?? 'any', type: parameters.type ?? null }] as const
}

/**
 * TanStack Query options for `GET /models`, filtered by privacy level.
 *
 * @example
 * const models = await queryClient.fetchQuery(getModelsQueryOptions(client, { privacy: 'e2ee' }))
 * // React: useQuery(getModelsQueryOptions(client, { privacy: 'e2ee' }))
 */
export function getModelsQueryOptions(
  client: SealkitClient,
  parameters: GetModelsQueryParameters = {},
): SealkitQueryOptions<GetModelsReturnType, GetModelsQueryKey> {
  const { privacy = 'any', type, staleTime = MODELS_STALE_TIME } = parameters
  return {
    queryKey: getModelsQueryKey(client, { privacy, ...(type !== undefined ? { type } : {}) }),
    queryFn: ({ signal }) => getModels(client, { privacy, signal, ...(type !== undefined ? { type } : {}) }),
    enabled: true,
    staleTime,
    retry: retrySealkitQuery,
    refetchOnWindowFocus: false,
    refetchOnReconnect: true,
  }
}
