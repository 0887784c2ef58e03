/**
 * Server-sent events, parsed by the WHATWG EventSource rules
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 *
 * Unlike a `text.split('\n')` loop over each network chunk, this survives events
 * and lines split at any byte (inside a multi-byte UTF-8 character too), CRLF/CR/LF
 * line ends (a CR ending one chunk and its LF starting the next is one line end),
 * comments, multi-line `data:`, fields without a colon and a leading BOM.
 */
import { StreamError } from '../errors.ts'
import { abortedError, isAbort, throwIfAborted } from './abort.ts'

/** One dispatched event. `event` is absent for the default type (`message`). */
export interface SseEvent {
  /** The `event:` field; `undefined` for the default type (`message`). */
  event?: string
  /** The `data:` lines of the event joined with `\n`. */
  data: string
  /** The last event ID: set by an `id:` field and kept for later events, as EventSource does. */
  id?: string
}

/** Options of {@link SseParser}: how large an event may grow before the stream is rejected. */
export interface SseParserOptions {
  /**
   * Largest event (pending line plus data, in UTF-16 code units) before the stream
   * is rejected as `STREAM_MALFORMED`, so a server that never ends a line cannot
   * grow memory without bound. Default 16 MiB.
   */
  maxEventSize?: number
}

const LF = 10
const CR = 13
const DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024

/**
 * Incremental SSE parser: feed it bytes as they arrive, get back the events they complete.
 * `retry:` is ignored (sealkit never reconnects). An event cut off by the end of the
 * stream is discarded, as the spec says.
 *
 * @example
 * const parser = new SseParser()
 * parser.push(utf8Encode('data: a\r\n')) // []
 * parser.push(utf8Encode('\r\n'))        // [{ data: 'a' }]
 */
export class SseParser {
  // Default mode: replacement characters for invalid UTF-8 and one leading BOM stripped, as the spec's "UTF-8 decode".
  #decoder = new TextDecoder('utf-8')
  #line = ''
  #skipLF = false
  #data = ''
  #hasData = false
  #event = ''
  #lastId = ''
  #maxEventSize: number

  constructor(options: SseParserOptions = {}) {
    this.#maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE
  }

  /** Parses the next bytes of the stream; returns the events they complete, in order. */
  push(bytes: Uint8Array): SseEvent[] {
    return this.#feed(this.#decoder.decode(bytes, { stream: true }))
  }

  /** Ends the stream: pending, unterminated input is dropped and the parser is reset. */
  end(): void {
    this.#decoder.decode()
    this.#line = ''
    this.#skipLF = false
    this.#resetEvent()
  }

  #feed(text: string): SseEvent[] {
    const events: SseEvent[] = []
    let start = 0
    if (this.#skipLF && text.length > 0) {
      // CR was the last character of the previous chunk: an LF here belongs to it.
      if (text.charCodeAt(0) === LF) start = 1
      this.#skipLF = false
    }
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c !== LF && c !== CR) continue
      const line = this.#line + text.slice(start, i)
      this.#line = ''
      if (c === CR) {
        if (i + 1 === text.length) this.#skipLF = true
        else if (text.charCodeAt(i + 1) === LF) i++
      }
      start = i + 1
      const event = this.#processLine(line)
      if (event) events.push(event)
    }
    this.#line += text.slice(start)
    if (this.#line.length + this.#data.length > this.#maxEventSize) {
      throw new StreamError('STREAM_MALFORMED', { message: 'An event in the stream exceeds the maximum event size', details: { maxEventSize: this.#maxEventSize } })
    }
    return events
  }

  #processLine(line: string): SseEvent | undefined {
    if (line === '') return this.#dispatch()
    if (line.charCodeAt(0) === 0x3a) return undefined // ':' comment
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.charCodeAt(0) === 0x20) value = value.slice(1)
    switch (field) {
      case 'data':
        this.#data = this.#hasData ? this.#data + '\n' + value : value
        this.#hasData = true
        break
      case 'event':
        this.#event = value
        break
      case 'id':
        if (!value.includes('\0')) this.#lastId = value
        break
      default: // `retry` and unknown fields are ignored
    }
    return undefined
  }

  #dispatch(): SseEvent | undefined {
    if (!this.#hasData) {
      this.#resetEvent()
      return undefined
    }
    const event: SseEvent = { data: this.#data }
    if (this.#event !== '') event.event = this.#event
    if (this.#lastId !== '') event.id = this.#lastId
    this.#resetEvent()
    return event
  }

  #resetEvent(): void {
    this.#data = ''
    this.#hasData = false
    this.#event = ''
  }
}

/** Options of {@link readSse}: the parser's limits plus cancellation. */
export interface ReadSseOptions extends SseParserOptions {
  /** Aborting cancels the body and makes the iteration throw `ABORTED`. */
  signal?: AbortSignal
  /** Receives every raw chunk of the body, in order, before it is parsed (e.g. `ResponseHasher.push`). */
  onBytes?: (chunk: Uint8Array) => void
}

/**
 * Reads a byte stream (a `Response` body) as server-sent events.
 *
 * Stopping early (`break`, an error, an abort) cancels the body, so the connection
 * is released. A read failure mid-stream throws `STREAM_INCOMPLETE`.
 *
 * @example
 * for await (const event of readSse(response.body!, { signal })) {
 *   if (event.data === '[DONE]') break
 *   console.log(JSON.parse(event.data))
 * }
 */
export async function* readSse(body: ReadableStream<Uint8Array>, options: ReadSseOptions = {}): AsyncGenerator<SseEvent, void, undefined> {
  const { signal, onBytes } = options
  throwIfAborted(signal)
  const reader = body.getReader()
  const parser = new SseParser(options)
  // Cancelling settles a pending read at once, so an abort never waits for the next network chunk.
  const onAbort = (): void => void reader.cancel(signal?.reason).catch(() => {})
  signal?.addEventListener('abort', onAbort, { once: true })
  let finished = false
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>
      try {
        result = await reader.read()
      } catch (cause) {
        if (isAbort(cause, signal)) throw abortedError(signal?.reason ?? cause)
        throw new StreamError('STREAM_INCOMPLETE', { message: 'The connection failed before the stream was complete', cause })
      }
      throwIfAborted(signal)
      if (result.done) {
        finished = true
        parser.end()
        return
      }
      onBytes?.(result.value)
      for (const event of parser.push(result.value)) {
        yield event
        throwIfAborted(signal)
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort)
    // Not awaited: a source whose cancel hangs must not hang the caller.
    if (!finished) reader.cancel().catch(() => {})
    reader.releaseLock()
  }
}
