import { SealkitError } from '../errors.ts'

/** The one `fetch` signature sealkit needs; the platform `fetch` and simple fakes both fit. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export const DEFAULT_BASE_URL = 'https://api.venice.ai/api/v1'

export interface CreateClientParameters {
  /** API root, without the trailing slash. Default `https://api.venice.ai/api/v1`. */
  baseURL?: string
  /** Sent as `Authorization: Bearer <apiKey>`; never put into errors. */
  apiKey?: string
  /** Custom fetch (tests, the simulator's handler, proxies). Default: the global `fetch`, looked up per call. */
  fetch?: FetchLike
  /** Extra headers on every request. */
  headers?: Record<string, string>
}

/**
 * An immutable description of where and how to call the API. Actions
 * (`getModels`, `fetchAttestation`, `streamChatCompletion`, ...) take it first.
 * The API key is a non-enumerable property, so logging or serialising the client
 * does not print it.
 */
export interface SealkitClient {
  readonly baseURL: string
  readonly fetch: FetchLike
  readonly headers: Readonly<Record<string, string>>
  readonly apiKey?: string
}

/**
 * @example
 * const client = createClient({ apiKey: process.env.VENICE_API_KEY })
 * const models = await getModels(client, { privacy: 'e2ee' })
 */
export function createClient(parameters: CreateClientParameters = {}): SealkitClient {
  const baseURL = (parameters.baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]/i.test(baseURL)) {
    throw new SealkitError('INVALID_ARGUMENT', { message: 'baseURL must be an absolute http(s) URL' })
  }
  // Late-bound: tests may replace globalThis.fetch, and browsers reject an unbound fetch.
  const fetchFn: FetchLike = parameters.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const client = { baseURL, fetch: fetchFn, headers: Object.freeze({ ...parameters.headers }) }
  if (parameters.apiKey) Object.defineProperty(client, 'apiKey', { value: parameters.apiKey, enumerable: false })
  return Object.freeze(client)
}
