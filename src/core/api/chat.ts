import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8Encode } from '../crypto/hex.ts'
import { SealkitError } from '../errors.ts'
import { readChatStream } from './chat-stream.ts'
import type { SealkitClient } from './client.ts'
import { keyRedactor, request } from './http.ts'
import { ResponseHasher } from './response-hasher.ts'
import type { ChatCompletionChunk, ChatCompletionRequest } from './types.ts'

/** What {@link streamChatCompletion} sends. */
export interface StreamChatCompletionParameters {
  /** Sent with `stream: true` forced on. */
  body: ChatCompletionRequest
  /** Per-request headers, e.g. the `X-Venice-TEE-*` E2EE headers. */
  headers?: Record<string, string>
  /** Cancels the request and the body; iteration then throws `ABORTED`. */
  signal?: AbortSignal
  /** See `readChatStream`: only `data: [DONE]` completes the stream. */
  requireDone?: boolean
}

/** What {@link streamChatCompletion} resolves with once the response headers arrived. */
export interface StreamChatCompletionReturnType {
  /** The exact JSON string sent: its sha256 is the request hash the enclave signs. */
  requestBody: string
  /** Lowercase sha256 hex of `requestBody`'s UTF-8 bytes: the request hash the enclave signs. */
  requestHash: string
  /** The HTTP response (status and headers; its body is consumed by `chunks`). */
  response: Response
  /** The chunks, read lazily; iterate once. Ending the iteration early cancels the body. */
  chunks: AsyncIterable<ChatCompletionChunk>
  /**
   * Lowercase sha256 hex of every response byte received so far, hashed as the bytes arrive
   * (they are not kept). Once `chunks` has been iterated to its end (the body is drained past
   * `[DONE]`), this is the response hash the enclave signs; stopping early leaves it a hash of
   * fewer bytes, which no signature will match.
   */
  responseHash(): string
}

/**
 * `POST /chat/completions` with `stream: true`. Resolves once the response headers
 * are in (HTTP errors throw here, mapped to `ApiError`); the chunks follow.
 *
 * @example
 * const { chunks, requestHash, responseHash } = await streamChatCompletion(client, {
 *   body: { model: 'tee-qwen3-5-122b-a10b', messages: [{ role: 'user', content: 'Hi' }] },
 * })
 * for await (const chunk of chunks) process(chunk)
 * verifyResponseSignatureHashes({ ...sig, requestHash, responseHash: responseHash(), expectedAddress })
 */
export async function streamChatCompletion(client: SealkitClient, parameters: StreamChatCompletionParameters): Promise<StreamChatCompletionReturnType> {
  const { body, signal } = parameters
  if (body.stream === false) throw new SealkitError('INVALID_ARGUMENT', { message: 'Only streaming chat completions are supported' })
  const requestBody = JSON.stringify({ ...body, stream: true })
  const response = await request(client, '/chat/completions', {
    method: 'POST',
    body: requestBody,
    headers: { Accept: 'text/event-stream', ...parameters.headers },
    ...(signal ? { signal } : {}),
  })
  const hasher = new ResponseHasher()
  const chunks = readChatStream(response, {
    onBytes: hasher.push,
    redact: keyRedactor(client.apiKey),
    ...(signal ? { signal } : {}),
    ...(parameters.requireDone ? { requireDone: true } : {}),
  })
  const requestHash = bytesToHex(sha256(utf8Encode(requestBody)))
  return { requestBody, requestHash, response, chunks, responseHash: () => hasher.hex() }
}
