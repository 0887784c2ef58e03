import { ApiError } from '../errors.ts'
import type { SealkitClient } from './client.ts'
import { readJsonObject, request } from './http.ts'
import type { ApiModel, PrivacyLevel } from './types.ts'

/**
 * The privacy level of a model, from its capability flags (an `e2ee-` prefix alone proves nothing).
 * E2EE wins over TEE: an E2EE model runs in an attested enclave too.
 *
 * @example privacyLevelOf({ id: 'x', model_spec: { capabilities: { supportsE2EE: true } } }) // 'e2ee'
 */
export function privacyLevelOf(model: ApiModel): PrivacyLevel {
  const caps = model.model_spec?.capabilities
  if (caps?.supportsE2EE === true) return 'e2ee'
  if (caps?.supportsTeeAttestation === true) return 'tee'
  return 'none'
}

/**
 * `e2ee`: end-to-end encrypted models. `tee`: every attested model, E2EE ones included.
 * `none`: models without either flag. `any`: all.
 */
export type PrivacyFilter = PrivacyLevel | 'any'

/** Options of {@link getModels}. */
export interface GetModelsParameters {
  /** Default `any`. */
  privacy?: PrivacyFilter
  /** Venice's model type filter (`text`, `image`, ...); left to the server's default when unset. */
  type?: string
  /** Cancels the request; it then rejects with `ABORTED`. */
  signal?: AbortSignal
}

/** The models the API lists, in its order. */
export type GetModelsReturnType = ApiModel[]

/**
 * `GET /models`, filtered by privacy level.
 *
 * @example
 * const e2ee = await getModels(client, { privacy: 'e2ee' })
 * e2ee.map((m) => m.id) // ['e2ee-qwen3-5-122b-a10b', ...]
 */
export async function getModels(client: SealkitClient, parameters: GetModelsParameters = {}): Promise<GetModelsReturnType> {
  const { privacy = 'any', type, signal } = parameters
  const response = await request(client, '/models', { query: { type }, ...(signal ? { signal } : {}) })
  const { json } = await readJsonObject(response, signal)
  if (!Array.isArray(json.data)) throw new ApiError('INVALID_RESPONSE', { message: 'The models list has no data array', status: response.status })
  const models = json.data.filter((m): m is ApiModel => typeof m === 'object' && m !== null && typeof (m as { id?: unknown }).id === 'string')
  return privacy === 'any' ? models : models.filter((m) => matches(privacyLevelOf(m), privacy))
}

function matches(level: PrivacyLevel, filter: PrivacyLevel): boolean {
  return filter === 'tee' ? level !== 'none' : level === filter
}
