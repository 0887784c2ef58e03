/**
 * The one place requests are sent and HTTP failures become `ApiError`s.
 * Every action goes through `request`, so every error is mapped the same way and
 * the API key is stripped from anything the server echoes back.
 */
import { ApiError, type SealkitErrorCode } from '../errors.ts'
import { abortedError, isAbort, throwIfAborted } from './abort.ts'
import type { SealkitClient } from './client.ts'
import { takeEarlyGet } from './early-requests.ts'
import { isObject } from '../is-object.ts'

/** One request through {@link request}: method, query, body, headers and how errors map to codes. */
export interface RequestParameters {
  /** Default `'GET'`. */
  method?: 'GET' | 'POST'
  /** Appended as a query string; `undefined` values are left out. */
  query?: Record<string, string | undefined>
  /** A JSON string, sent with `Content-Type: application/json`. */
  body?: string
  /** Extra headers for this request, on top of the client's. */
  headers?: Record<string, string>
  /** Cancels the request; it then rejects with `ABORTED`. */
  signal?: AbortSignal
  /** Code for a plain 404 (one that does not name a missing model). Default `MODEL_NOT_FOUND`. */
  notFound?: SealkitErrorCode
}

/**
 * Sends a request; resolves with the response when its status is 2xx.
 * Throws `NETWORK_ERROR` when fetch rejects, `ABORTED` when `signal` fired, and
 * the mapped `ApiError` (see `apiErrorFromResponse`) for any other status.
 *
 * @example
 * const res = await request(client, '/models', { signal })
 */
export async function request(client: SealkitClient, path: string, parameters: RequestParameters = {}): Promise<Response> {
  const { method = 'GET', query, body, signal } = parameters
  throwIfAborted(signal)
  const url = requestUrl(client, path, query)
  // Layered defaults < client headers < API key < per-request headers, names compared case-insensitively.
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  mergeHeaders(headers, client.headers)
  if (client.apiKey) mergeHeaders(headers, { Authorization: `Bearer ${client.apiKey}` })
  mergeHeaders(headers, parameters.headers)

  // A GET the page's HTML already sent exactly so (e.g. the models list) is taken, once, instead.
  const early = method === 'GET' && body === undefined && parameters.headers === undefined ? takeEarlyGet(client, url) : undefined
  let response: Response
  try {
    response = await (early ?? client.fetch(url, { method, headers, ...(body === undefined ? {} : { body }), ...(signal ? { signal } : {}) }))
    throwIfAborted(signal)
  } catch (cause) {
    if (isAbort(cause, signal)) throw abortedError(signal?.reason ?? cause)
    throw new ApiError('NETWORK_ERROR', { cause, details: { url: redactKey(url, client.apiKey) } })
  }
  if (!response.ok) {
    const noCredentials = !hasAuthorization(headers)
    throw await apiErrorFromResponse(response, { redact: keyRedactor(client.apiKey), notFound: parameters.notFound, signal, noCredentials })
  }
  return response
}

/**
 * The URL {@link request} sends to: the client's base URL, the path, and the query (`undefined`
 * values left out), exactly as sent.
 * @example requestUrl(client, '/tee/attestation', { model, nonce }) // 'https://api.venice.ai/api/v1/tee/attestation?model=...&nonce=...'
 */
export function requestUrl(client: Pick<SealkitClient, 'baseURL'>, path: string, query?: Record<string, string | undefined>): string {
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) search.set(k, v)
  const qs = search.toString()
  return client.baseURL + path + (qs ? '?' + qs : '')
}

/** Sets each header, replacing an existing one whatever its case (a plain record would send both). */
function mergeHeaders(target: Record<string, string>, source: Readonly<Record<string, string>> | undefined): void {
  for (const [name, value] of Object.entries(source ?? {})) {
    for (const existing of Object.keys(target)) if (existing.toLowerCase() === name.toLowerCase()) delete target[existing]
    target[name] = value
  }
}

/** Reads a response body as text; an abort while reading throws `ABORTED`, a broken connection `NETWORK_ERROR`. */
export async function readText(response: Response, signal?: AbortSignal): Promise<string> {
  try {
    const text = await response.text()
    throwIfAborted(signal)
    return text
  } catch (cause) {
    if (isAbort(cause, signal)) throw abortedError(signal?.reason ?? cause)
    throw new ApiError('NETWORK_ERROR', { message: 'The connection failed while reading the response', cause, status: response.status })
  }
}

/** Reads a 2xx body as a JSON object; anything else is `INVALID_RESPONSE`. Keeps the raw text. */
export async function readJsonObject(response: Response, signal?: AbortSignal): Promise<{ raw: string; json: Record<string, unknown> }> {
  return jsonObjectOf(await readText(response, signal), response.status)
}

/** A 2xx body already read, as a JSON object; anything else is `INVALID_RESPONSE`. */
export function jsonObjectOf(raw: string, status: number): { raw: string; json: Record<string, unknown> } {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    throw new ApiError('INVALID_RESPONSE', { message: 'The API returned a body that is not JSON', status, details: { length: raw.length } })
  }
  if (!isObject(json)) throw new ApiError('INVALID_RESPONSE', { message: 'The API returned JSON that is not an object', status })
  return { raw, json }
}

// Server texts that name a specific failure, whatever the status (the seed's error table and the open server).
const MESSAGE_CODES: ReadonlyArray<readonly [RegExp, SealkitErrorCode]> = [
  [/E2EE requires streaming/i, 'E2EE_REQUIRES_STREAMING'],
  [/not valid hex/i, 'INVALID_HEX'],
  [/invalid public key/i, 'INVALID_PUBLIC_KEY'],
  [/failed to decrypt/i, 'DECRYPT_FAILED'],
  [/nonce must be exactly 32 bytes/i, 'NONCE_INVALID'],
  [/encryption key is no longer valid/i, 'KEY_ROTATED'],
  [/\bmodel\b.{0,200}?\b(not found|does not exist)/i, 'MODEL_NOT_FOUND'],
]

/** How an error answer from the API becomes an `ApiError`. */
export interface ApiErrorOptions {
  /** Applied to the server's text first, e.g. `keyRedactor(apiKey)`. */
  redact?: ((text: string) => string) | undefined
  /** Code for a plain 404. Default `MODEL_NOT_FOUND`. */
  notFound?: SealkitErrorCode | undefined
  /** The request carried no credentials (no API key, no Authorization header): a 401/403 is then `API_KEY_MISSING`. */
  noCredentials?: boolean | undefined
}

/**
 * The `ApiError` for an HTTP status and the server's error text.
 * 401/403 `UNAUTHORIZED` (`API_KEY_MISSING` when the request carried no credentials), 429 `RATE_LIMITED`, then the server texts of the seed's
 * table, then 421 `KEY_ROTATED`, 404 `MODEL_NOT_FOUND` (or `notFound`), else `HTTP_ERROR`.
 * Known codes keep their fixed message; the server's text (API key redacted, truncated)
 * is in `details.serverMessage`, never in the message.
 */
export function apiErrorFrom(status: number, serverMessage: string | undefined, options: ApiErrorOptions = {}): ApiError {
  const text = serverMessage === undefined ? undefined : truncateServerText(options.redact ? options.redact(serverMessage) : serverMessage)
  const details = text ? { serverMessage: text } : undefined
  const code = codeFor(status, text ?? '', options.notFound ?? 'MODEL_NOT_FOUND', options.noCredentials === true)
  // The provider's words are unauthenticated data: in details.serverMessage, for a UI to quote as theirs, never in our message.
  const message = code === 'HTTP_ERROR' ? `The API returned HTTP ${status}` : undefined
  return new ApiError(code, { status, ...(message ? { message } : {}), ...(details ? { details } : {}) })
}

/** Reads an error response's body (`error` / `error.message` / `message` / `detail`) and maps it with `apiErrorFrom`. */
export async function apiErrorFromResponse(response: Response, options: ApiErrorOptions & { signal?: AbortSignal | undefined } = {}): Promise<ApiError> {
  let body = ''
  try {
    body = await response.text()
  } catch (cause) {
    if (isAbort(cause, options.signal)) throw abortedError(options.signal?.reason ?? cause)
  }
  return apiErrorFrom(response.status, errorText(body), options)
}

/** The human text of an error body: JSON `error`, `error.message`, `message`, `detail`, or short plain text. */
export function errorText(body: string): string | undefined {
  const trimmed = body.trim()
  if (!trimmed) return undefined
  let json: unknown
  try {
    json = JSON.parse(trimmed)
  } catch {
    // An HTML error page from a proxy says nothing useful.
    return trimmed.startsWith('<') ? undefined : trimmed
  }
  return messageOf(json)
}

/** Finds the message in the common error shapes (OpenAI, FastAPI, plain). */
export function messageOf(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value || undefined
  if (depth > 3) return undefined
  if (Array.isArray(value)) return messageOf(value[0], depth + 1)
  if (!isObject(value)) return undefined
  for (const key of ['error', 'message', 'detail', 'msg', 'details']) {
    const found = messageOf(value[key], depth + 1)
    if (found) return found
  }
  return undefined
}

function codeFor(status: number, text: string, notFound: SealkitErrorCode, noCredentials: boolean): SealkitErrorCode {
  if (status === 401 || status === 403) return noCredentials ? 'API_KEY_MISSING' : 'UNAUTHORIZED'
  if (status === 429) return 'RATE_LIMITED'
  for (const [re, code] of MESSAGE_CODES) if (re.test(text)) return code
  if (status === 421) return 'KEY_ROTATED'
  if (status === 404) return notFound
  return 'HTTP_ERROR'
}

/** Replaces every occurrence of the API key; servers sometimes echo the credential they rejected. */
export function redactKey(text: string, apiKey: string | undefined): string {
  return apiKey ? text.split(apiKey).join('[redacted]') : text
}

/** `redactKey` bound to a key, as the `redact` option takes it. */
export function keyRedactor(apiKey: string | undefined): (text: string) => string {
  return (text) => redactKey(text, apiKey)
}

const MAX_SERVER_TEXT = 300

/** Whether headers carry credentials (an `Authorization` header, in any case): without, a 401 means the key is missing. */
export function hasAuthorization(headers: Readonly<Record<string, string>>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')
}

/** Server text is shown to people: keep it short. */
export function truncateServerText(text: string): string {
  return text.length > MAX_SERVER_TEXT ? text.slice(0, MAX_SERVER_TEXT) + '…' : text
}

