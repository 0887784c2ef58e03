import { SealkitError } from '../errors.ts'
import { ByteRecorder } from './byte-recorder.ts'
import { readChatStream } from './chat-stream.ts'
import type { SealkitClient } from './client.ts'
import { keyRedactor, request } from './http.ts'
import type { ChatCompletionChunk, ChatCompletionRequest } from './types.ts'

export interface StreamChatCompletionParameters {
  /** Sent with `stream: true` forced on. */
  body: ChatCompletionRequest
  /** Per-request headers, e.g. the `X-Venice-TEE-*` E2EE headers. */
  headers?: Record<string, string>
  signal?: AbortSignal
  /** See `readChatStream`: only `data: [DONE]` completes the stream. */
  requireDone?: boolean
}

export interface StreamChatCompletionReturnType {
  /** The exact JSON string sent: its sha256 is the request hash the enclave signs. */
  requestBody: string
  response: Response
  /** The chunks, read lazily; iterate once. Ending the iteration early cancels the body. */
  chunks: AsyncIterable<ChatCompletionChunk>
  /**
   * A copy of every response byte received so far. Once `chunks` has been iterated to its
   * end (the body is drained past `[DONE]`), these are the bytes whose sha256 the enclave signs;
   * stopping early leaves them short.
   */
  responseBytes(): Uint8Array
}

/**
 * `POST /chat/completions` with `stream: true`. Resolves once the response headers
 * are in (HTTP errors throw here, mapped to `ApiError`); the chunks follow.
 *
 * @example
 * const { chunks, requestBody, responseBytes } = await streamChatCompletion(client, {
 *   body: { model: 'tee-qwen3-5-122b-a10b', messages: [{ role: 'user', content: 'Hi' }] },
 * })
 * for await (const chunk of chunks) process(chunk)
 * verifyResponseSignature({ ...sig, requestBody, responseBytes: responseBytes(), expectedAddress })
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
  const recorder = new ByteRecorder()
  const chunks = readChatStream(response, {
    onBytes: recorder.push,
    redact: keyRedactor(client.apiKey),
    ...(signal ? { signal } : {}),
    ...(parameters.requireDone ? { requireDone: true } : {}),
  })
  return { requestBody, response, chunks, responseBytes: () => recorder.bytes() }
}
