import { SealkitError } from '../errors.ts'
import type { SigningAlgo } from '../crypto/scheme.ts'
import { resolveProvider, type Provider, type ProviderName } from '../providers/index.ts'

/** The one `fetch` signature sealkit needs; the platform `fetch` and simple fakes both fit. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

/** The API a client talks to when `baseURL` is not given: Venice's. */
export const DEFAULT_BASE_URL = 'https://api.venice.ai/api/v1'

/** The provider of a client (Venice when it names none). */
export const providerOf = (client: SealkitClient): Provider => client.provider ?? resolveProvider(undefined)
/** The signing algorithm of a client's chats. */
export const signingAlgoOf = (client: SealkitClient): SigningAlgo => client.signingAlgo ?? providerOf(client).signingAlgos[0]!

/** Options of {@link createClient}. Everything is optional: with no `baseURL` the provider's public API is used. */
export interface CreateClientParameters {
  /**
   * Whose API this is: `venice` (default), `nearai` (NEAR AI Cloud, whose reports must carry its gateway's
   * attestation) or `nearai-direct` (a NEAR AI model's own endpoint, no gateway; `baseURL` required). Sets the
   * paths, the E2EE headers and scheme, the attestation shape and the default `baseURL`.
   */
  provider?: ProviderName | Provider
  /** For providers that offer both (NEAR AI): the enclave key the chat attests, encrypts to and checks signatures with. Default `ecdsa`. */
  signingAlgo?: SigningAlgo
  /** API root, without the trailing slash. Default: the provider's (`https://api.venice.ai/api/v1`, `https://cloud-api.near.ai/v1`; `nearai-direct` has none). */
  baseURL?: string | undefined
  /** Sent as `Authorization: Bearer <apiKey>`; never put into errors. */
  apiKey?: string | undefined
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
  /** The API root without a trailing slash, e.g. `'https://api.venice.ai/api/v1'`. */
  readonly baseURL: string
  /** The provider dialect; absent means Venice (clients made before providers existed). */
  readonly provider?: Provider
  /** The signing algorithm chats use; absent means the provider's first (`ecdsa`). */
  readonly signingAlgo?: SigningAlgo
  /** The `fetch` every request goes through (the one passed to `createClient`, or `globalThis.fetch`). */
  readonly fetch: FetchLike
  /** Headers sent with every request, including `Authorization` when an API key was given. */
  readonly headers: Readonly<Record<string, string>>
  /** The API key, when one was given. Never logged, and redacted from server error text. */
  readonly apiKey?: string
}

// Late-bound: tests may replace globalThis.fetch, and browsers reject an unbound fetch.
const platformFetch: FetchLike = (input, init) => globalThis.fetch(input, init)

/** True when the client sends its requests with the platform's `fetch` (it was given none of its own). */
export const usesPlatformFetch = (client: SealkitClient): boolean => client.fetch === platformFetch

/**
 * @example
 * const client = createClient({ apiKey: process.env.VENICE_API_KEY })
 * const models = await getModels(client, { privacy: 'e2ee' })
 * // NEAR AI Cloud, with its ed25519 keys:
 * const near = createClient({ provider: 'nearai', signingAlgo: 'ed25519', apiKey: process.env.NEARAI_API_KEY })
 */
export function createClient(parameters: CreateClientParameters = {}): SealkitClient {
  const provider = resolveProvider(parameters.provider)
  const signingAlgo = parameters.signingAlgo ?? provider.signingAlgos[0]!
  if (!provider.signingAlgos.includes(signingAlgo)) {
    throw new SealkitError('INVALID_ARGUMENT', { message: `${provider.name} does not sign with ${String(signingAlgo)} (it offers ${provider.signingAlgos.join(', ')})` })
  }
  const root = parameters.baseURL ?? provider.defaultBaseURL
  if (root === undefined) {
    throw new SealkitError('INVALID_ARGUMENT', { message: `${provider.name} has no public API root: give the endpoint as baseURL` })
  }
  const baseURL = root.replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]/i.test(baseURL)) {
    throw new SealkitError('INVALID_ARGUMENT', { message: 'baseURL must be an absolute http(s) URL' })
  }
  const fetchFn: FetchLike = parameters.fetch ?? platformFetch
  const client = { baseURL, provider, signingAlgo, fetch: fetchFn, headers: Object.freeze({ ...parameters.headers }) }
  if (parameters.apiKey) Object.defineProperty(client, 'apiKey', { value: parameters.apiKey, enumerable: false })
  return Object.freeze(client)
}
