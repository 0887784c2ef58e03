import { FAULT_HEADER } from './faults.ts'

/**
 * HTTP plumbing shared by the simulator's routes: CORS as the real API answers it,
 * JSON bodies, and errors in the OpenAI shape `{ error: { message, type, code, param } }`
 * whose `message` is the exact string the seed's error table names.
 */

export const E2EE_HEADERS = {
  /** The client's public key: the key the response chunks are encrypted to. */
  clientPubKey: 'X-Venice-TEE-Client-Pub-Key',
  /** The model key the request was encrypted to: a stale one gets `KEY_ROTATED`. */
  modelPubKey: 'X-Venice-TEE-Model-Pub-Key',
  /** `ecdsa` or `ed25519`. */
  signingAlgo: 'X-Venice-TEE-Signing-Algo',
} as const

/** NEAR AI Cloud's E2EE headers (the same open proxy, its own names). */
export const NEAR_E2EE_HEADERS = {
  signingAlgo: 'X-Signing-Algo',
  clientPubKey: 'X-Client-Pub-Key',
  modelPubKey: 'X-Model-Pub-Key',
  encryptionVersion: 'X-Encryption-Version',
  encryptAllFields: 'X-Encrypt-All-Fields',
} as const

/** Sent on every answer: the real API allows any origin, so browsers call it directly. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': '*',
  // Lets a page's resource timing see when a request went out and its first byte came back (the bench's send -> first token split).
  'Timing-Allow-Origin': '*',
}

/**
 * The preflight answer: every header a sealkit or seed client sends, and whatever else the page asks to send (the
 * openai client's `x-stainless-*`, say), as an OpenAI-compatible API open to browsers answers.
 */
export function preflight(requested?: string | null): Response {
  // Header names only (RFC 9110 tokens): what goes back is a list of names, never text the page chose.
  const asked = (requested ?? '').split(',').map((h) => h.trim()).filter((h) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h))
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': [
        'Authorization',
        'Content-Type',
        'Accept',
        E2EE_HEADERS.clientPubKey,
        E2EE_HEADERS.modelPubKey,
        E2EE_HEADERS.signingAlgo,
        ...Object.values(NEAR_E2EE_HEADERS),
        FAULT_HEADER,
        ...asked,
      ].join(', '),
      'Access-Control-Max-Age': '86400',
    },
  })
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...CORS_HEADERS, 'Content-Type': 'application/json; charset=utf-8', ...headers },
  })
}

export interface ApiErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null }
}

export function errorBody(message: string, type: string, code: string | null = null, param: string | null = null): ApiErrorBody {
  return { error: { message, type, code, param } }
}

export function apiError(status: number, message: string, options: { code?: string; param?: string; type?: string } = {}): Response {
  const type = options.type ?? (status === 401 ? 'authentication_error' : status >= 500 ? 'server_error' : 'invalid_request_error')
  return json(errorBody(message, type, options.code ?? null, options.param ?? null), status)
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve()
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal))
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortReason(signal!))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError')
}
