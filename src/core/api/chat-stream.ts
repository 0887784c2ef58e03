/**
 * An OpenAI-style chat completion stream read as typed chunks, with every way it
 * can go wrong turned into a `StreamError` rather than silently dropped.
 */
import { StreamError } from '../errors.ts'
import { abortedError, isAbort } from './abort.ts'
import { apiErrorFromResponse, messageOf, truncateServerText } from './http.ts'
import { isObject } from '../is-object.ts'
import { readSse, type ReadSseOptions } from './sse.ts'
import type { ChatCompletionChunk } from './types.ts'

/** Options of {@link readChatStream}: the SSE reader's options plus how a stream must end. */
export interface ReadChatStreamOptions extends ReadSseOptions {
  /**
   * When true, only `data: [DONE]` completes the stream. By default a stream that
   * closes cleanly after every choice reported a `finish_reason` is complete too.
   */
  requireDone?: boolean
  /** Applied to server text before it goes into an error (the chat action strips the API key). */
  redact?: (text: string) => string
}

/**
 * Yields the JSON chunks of a streamed chat completion.
 *
 * - ends at `data: [DONE]`, after reading the body to its end, so recorded bytes
 *   (`onBytes`) are exactly what the server sent and signed;
 * - an `error` object in a chunk, or an `event: error`, throws `STREAM_ERROR`; the server's
 *   own text (unauthenticated) is in `details.serverMessage`, never in our message;
 * - data that is not a JSON object throws `STREAM_MALFORMED` (blank data, a keep-alive, is skipped);
 * - the body ending before `[DONE]` throws `STREAM_INCOMPLETE`, unless it closed cleanly
 *   after every choice seen had a `finish_reason` (and `requireDone` is not set);
 * - events with another `event:` type are ignored;
 * - `signal` aborts: the body is cancelled and `ABORTED` thrown.
 *
 * A non-2xx response throws its mapped `ApiError` before any chunk; a 200 JSON body (the
 * server ignored `stream: true`) throws `STREAM_ERROR` if it holds an error, else `INVALID_RESPONSE`.
 *
 * @example
 * for await (const chunk of readChatStream(response, { signal })) {
 *   text += chunk.choices?.[0]?.delta?.content ?? ''
 * }
 */
export async function* readChatStream(response: Response, options: ReadChatStreamOptions = {}): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  const { signal, requireDone = false } = options
  const redact = (text: string): string => truncateServerText((options.redact ?? ((t) => t))(text))
  if (!response.ok) throw await apiErrorFromResponse(response, { signal, redact: options.redact })
  if (!response.body) throw new StreamError('STREAM_INCOMPLETE', { message: 'The response has no body', status: response.status })
  if (isJsonResponse(response)) {
    return await notAStream(response, options, redact)
  }

  let done = false
  const seen = new Set<number>()
  const finished = new Set<number>()
  for await (const event of readSse(response.body, options)) {
    // After [DONE], keep reading (and recording) to the end of the body, but parse nothing.
    if (done) continue
    if (event.event === 'error') throw serverError(parseOrUndefined(event.data) ?? event.data, redact)
    if (event.event !== undefined && event.event !== 'message') continue
    const data = event.data.trim()
    if (data === '') continue
    if (data === '[DONE]') {
      done = true
      continue
    }
    const chunk = parseOrUndefined(data)
    if (!isObject(chunk)) {
      throw new StreamError('STREAM_MALFORMED', { message: 'The stream contained an event that is not a JSON object', details: { length: data.length } })
    }
    if (chunk.error !== undefined && chunk.error !== null) throw serverError(chunk, redact)
    const choices = Array.isArray(chunk.choices) ? chunk.choices : []
    choices.forEach((choice: unknown, position) => {
      if (!isObject(choice)) return
      const index = typeof choice.index === 'number' ? choice.index : position
      seen.add(index)
      if (typeof choice.finish_reason === 'string' && choice.finish_reason) finished.add(index)
    })
    yield chunk as ChatCompletionChunk
  }
  if (done) return
  const allFinished = seen.size > 0 && [...seen].every((i) => finished.has(i))
  if (requireDone || !allFinished) {
    throw new StreamError('STREAM_INCOMPLETE', { details: { finishReasonSeen: finished.size > 0, doneSeen: false } })
  }
}

/** A 200 JSON body where an event stream was due: the server ignored `stream: true`, or reported an error. */
async function notAStream(response: Response, options: ReadChatStreamOptions, redact: (t: string) => string): Promise<never> {
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await response.arrayBuffer())
  } catch (cause) {
    if (isAbort(cause, options.signal)) throw abortedError(options.signal?.reason ?? cause)
    throw new StreamError('STREAM_INCOMPLETE', { message: 'The connection failed before the response was complete', cause })
  }
  options.onBytes?.(bytes)
  const json = parseOrUndefined(new TextDecoder().decode(bytes))
  if (isObject(json) && json.error !== undefined && json.error !== null) throw serverError(json, redact)
  throw new StreamError('INVALID_RESPONSE', { message: 'Expected an event stream, got a JSON response', status: response.status })
}

function serverError(payload: unknown, redact: (t: string) => string): StreamError {
  const text = messageOf(payload)
  const details: Record<string, unknown> = {}
  const error = isObject(payload) ? payload.error : undefined
  if (isObject(error)) {
    if (typeof error.type === 'string') details.type = redact(error.type)
    if (typeof error.code === 'string' || typeof error.code === 'number') details.code = typeof error.code === 'string' ? redact(error.code) : error.code
  }
  // The provider's words are unauthenticated data: kept apart from our message, for a UI to quote as theirs.
  if (text) details.serverMessage = redact(text)
  return new StreamError('STREAM_ERROR', Object.keys(details).length ? { details } : {})
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isJsonResponse(response: Response): boolean {
  const type = response.headers.get('content-type') ?? ''
  return /\bapplication\/json\b/i.test(type) && !/event-stream/i.test(type)
}
