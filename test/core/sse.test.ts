import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sha256 } from '@noble/hashes/sha2.js'
import { ResponseHasher } from '../../src/core/api/response-hasher.ts'
import { SseParser, readSse, type SseEvent } from '../../src/core/api/sse.ts'
import { bytesToHex, concatBytes } from '../../src/core/crypto/hex.ts'
import { isSealkitError } from '../../src/core/errors.ts'
import { controlledStream, enc } from './streams.ts'
import { rejectedCode } from '../helpers/error-code.ts'

/** Parses chunks with a fresh parser, as readSse does. */
function parse(chunks: Array<string | Uint8Array>): SseEvent[] {
  const parser = new SseParser()
  const events = chunks.flatMap((c) => parser.push(typeof c === 'string' ? enc(c) : c))
  parser.end()
  return events
}

/** Splits bytes at the given offsets (any order, duplicates and 0/length allowed). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.min(Math.max(c, 0), bytes.length)))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let prev = 0
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p))
    prev = p
  }
  return out
}

const streamOf = (chunks: Uint8Array[]): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(chunk)
      c.close()
    },
  })

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of iterable) out.push(x)
  return out
}

// ---- A model of an event stream: abstract blocks, serialised with random line ends, and the events the spec says they give.

type Line = { kind: 'data'; value: string; colon: 'space' | 'bare' | 'none' } | { kind: 'event'; value: string } | { kind: 'id'; value: string } | { kind: 'comment'; text: string } | { kind: 'other'; text: string }

const lineText = fc.string({ unit: fc.oneof(fc.constantFrom('a', ' ', ':', 'é', '€', '😀', '\u00a0', 'x', '{', '"'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 }).map((s) => s.replace(/[\r\n\0]/g, ''))

const lineArb: fc.Arbitrary<Line> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('data' as const), value: lineText, colon: fc.constantFrom('space' as const, 'bare' as const, 'none' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('event' as const), value: lineText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('id' as const), value: lineText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('comment' as const), text: lineText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('other' as const), text: fc.constantFrom('retry: 1000', 'retry', 'foo: bar', 'Data: x', 'dat', ' data: x') }) },
)

const streamArb = fc.record({
  bom: fc.boolean(),
  blocks: fc.array(fc.array(lineArb, { maxLength: 5 }), { maxLength: 6 }),
  /** A last block with no closing blank line: the spec discards it. */
  tail: fc.array(lineArb, { maxLength: 3 }),
  endings: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 50 }),
})

type StreamInput = typeof streamArb extends fc.Arbitrary<infer T> ? T : never

function serialiseLine(line: Line): string {
  switch (line.kind) {
    case 'data':
      if (line.colon === 'none') return 'data'
      // Without the space, a value starting with a space would lose it: the space is the optional separator.
      return line.colon === 'bare' && !line.value.startsWith(' ') ? 'data:' + line.value : 'data: ' + line.value
    case 'event':
      return 'event: ' + line.value
    case 'id':
      return 'id: ' + line.value
    case 'comment':
      return ':' + line.text
    case 'other':
      return line.text
  }
}

/** The stream's text and the events the WHATWG rules give for it. */
function model(input: StreamInput): { text: string; events: SseEvent[] } {
  let text = input.bom ? '\uFEFF' : ''
  let n = 0
  let prevEnding = ''
  const end = (line: string): void => {
    let ending = input.endings[n++ % input.endings.length]!
    // A CR then an LF-terminated empty line would read as one CRLF: the stream would mean something else.
    if (prevEnding === '\r' && line === '' && ending === '\n') ending = '\r\n'
    text += line + ending
    prevEnding = ending
  }
  const events: SseEvent[] = []
  let lastId = ''
  const apply = (lines: Line[]): { data: string[]; event: string } => {
    const data: string[] = []
    let event = ''
    for (const line of lines) {
      if (line.kind === 'data') data.push(line.colon === 'none' ? '' : line.value)
      else if (line.kind === 'event') event = line.value
      else if (line.kind === 'id') lastId = line.value
    }
    return { data, event }
  }
  for (const block of input.blocks) {
    for (const line of block) end(serialiseLine(line))
    end('')
    const { data, event } = apply(block)
    if (data.length === 0) continue
    const ev: SseEvent = { data: data.join('\n') }
    if (event) ev.event = event
    if (lastId) ev.id = lastId
    events.push(ev)
  }
  // Never an empty line in the tail (no serialised line is empty), so it stays an unfinished event.
  for (const line of input.tail) end(serialiseLine(line))
  return { text, events }
}

describe('SseParser: any split of the byte stream gives the same events (property)', () => {
  it('random streams with CRLF/CR/LF, comments, multi-line data, ids, BOM and multi-byte UTF-8', () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 30 }), (input, cuts) => {
        const { text, events } = model(input)
        const bytes = enc(text)
        const whole = parse([bytes])
        expect(whole).toEqual(events)
        const scaled = cuts.map((c) => c % (bytes.length + 1))
        expect(parse(splitAt(bytes, scaled))).toEqual(events)
      }),
      { numRuns: 500 },
    )
  })

  it('one byte per chunk gives the same events', () => {
    fc.assert(
      fc.property(streamArb, (input) => {
        const { text, events } = model(input)
        const bytes = enc(text)
        expect(parse(Array.from(bytes, (b) => new Uint8Array([b])))).toEqual(events)
      }),
      { numRuns: 200 },
    )
  })
})

describe('SseParser: the WHATWG rules one by one', () => {
  it('LF, CRLF and CR each end a line; a blank line dispatches', () => {
    expect(parse(['data: a\n\n'])).toEqual([{ data: 'a' }])
    expect(parse(['data: a\r\n\r\n'])).toEqual([{ data: 'a' }])
    expect(parse(['data: a\r\r'])).toEqual([{ data: 'a' }])
    expect(parse(['data: a\r\ndata: b\rdata: c\n\r\n'])).toEqual([{ data: 'a\nb\nc' }])
  })

  it('a CR ending one chunk and the LF starting the next are one line end, not a blank line', () => {
    // Read as two line ends, "a" would be dispatched alone and "b" separately.
    expect(parse(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([{ data: 'a\nb' }])
    // An empty chunk between the CR and the LF changes nothing.
    expect(parse(['data: a\r', new Uint8Array(0), '\ndata: b\r\n\r\n'])).toEqual([{ data: 'a\nb' }])
    // A CR at a chunk end followed by something else is still a line end.
    expect(parse(['data: a\r', 'data: b\r', '\r'])).toEqual([{ data: 'a\nb' }])
  })

  it('decodes UTF-8 split at any byte inside a character', () => {
    const bytes = enc('data: €😀é\n\n')
    for (let i = 0; i <= bytes.length; i++) {
      expect(parse([bytes.subarray(0, i), bytes.subarray(i)])).toEqual([{ data: '€😀é' }])
    }
  })

  it('invalid UTF-8 becomes U+FFFD instead of throwing (the spec decodes with replacement)', () => {
    expect(parse([new Uint8Array([...enc('data: a'), 0xff, ...enc('\n\n')])])).toEqual([{ data: 'a\uFFFD' }])
  })

  it('ignores comment lines, including a bare ":" keep-alive', () => {
    expect(parse([': ping\n:\ndata: a\n: in the middle\ndata: b\n\n'])).toEqual([{ data: 'a\nb' }])
    expect(parse([': only a comment\n\n'])).toEqual([])
  })

  it('joins multi-line data with \\n, keeping empty lines of data', () => {
    expect(parse(['data: a\ndata:\ndata: b\n\n'])).toEqual([{ data: 'a\n\nb' }])
    expect(parse(['data: {"x":\ndata: 1}\n\n'])).toEqual([{ data: '{"x":\n1}' }])
  })

  it('a field with no colon has an empty value', () => {
    expect(parse(['data\n\n'])).toEqual([{ data: '' }])
    expect(parse(['data\ndata\n\n'])).toEqual([{ data: '\n' }])
    expect(parse(['event\ndata: x\n\n'])).toEqual([{ data: 'x' }])
  })

  it('strips exactly one space after the colon', () => {
    expect(parse(['data:x\n\n'])).toEqual([{ data: 'x' }])
    expect(parse(['data: x\n\n'])).toEqual([{ data: 'x' }])
    expect(parse(['data:  x \n\n'])).toEqual([{ data: ' x ' }])
    expect(parse(['data:\tx\n\n'])).toEqual([{ data: '\tx' }])
    expect(parse(['data: a: b\n\n'])).toEqual([{ data: 'a: b' }])
  })

  it('strips a BOM at the stream start only, even split across chunks', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf])
    const body = enc('data: a\n\n')
    expect(parse([concatBytes(bom, body)])).toEqual([{ data: 'a' }])
    expect(parse([bom.subarray(0, 1), bom.subarray(1, 2), concatBytes(bom.subarray(2), body)])).toEqual([{ data: 'a' }])
    // A second BOM is content; without the stripping, the field name would be "\uFEFFdata" and nothing dispatched.
    expect(parse([concatBytes(bom, enc('data: \uFEFFa\n\n'))])).toEqual([{ data: '\uFEFFa' }])
    expect(parse([concatBytes(bom, bom, body)])).toEqual([])
  })

  it('event types and ids: event resets per event, the last id persists, an empty id clears it, NUL ids are ignored', () => {
    expect(parse(['event: error\ndata: x\n\ndata: y\n\n'])).toEqual([{ event: 'error', data: 'x' }, { data: 'y' }])
    expect(parse(['id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n'])).toEqual([{ id: '1', data: 'a' }, { id: '1', data: 'b' }, { data: 'c' }])
    expect(parse(['id: 2\ndata: a\n\nid: x\0y\ndata: b\n\n'])).toEqual([{ id: '2', data: 'a' }, { id: '2', data: 'b' }])
    // An id in an event without data is kept for the next event.
    expect(parse(['id: 7\n\ndata: a\n\n'])).toEqual([{ id: '7', data: 'a' }])
  })

  it('a block without data dispatches nothing and resets its event type', () => {
    expect(parse(['event: foo\n\ndata: a\n\n'])).toEqual([{ data: 'a' }])
  })

  it('ignores retry and unknown fields; field names are case-sensitive', () => {
    expect(parse(['retry: 10\nfoo: bar\nData: no\n data: no\ndata: yes\n\n'])).toEqual([{ data: 'yes' }])
  })

  it('discards an event the stream ends in the middle of', () => {
    expect(parse(['data: a\n\ndata: b\n'])).toEqual([{ data: 'a' }])
    expect(parse(['data: a\n\ndata: [DONE]'])).toEqual([{ data: 'a' }])
  })

  it('rejects an event larger than maxEventSize as STREAM_MALFORMED', () => {
    const parser = new SseParser({ maxEventSize: 100 })
    expect(parser.push(enc('data: ' + 'x'.repeat(50) + '\n\n'))).toHaveLength(1)
    let code = ''
    try {
      for (let i = 0; i < 10; i++) parser.push(enc('x'.repeat(20)))
    } catch (e) {
      code = isSealkitError(e) ? e.code : String(e)
    }
    expect(code).toBe('STREAM_MALFORMED')
  })
})

describe('readSse over a ReadableStream', () => {
  it('yields the events of a body delivered in odd chunks, and hands every raw byte to onBytes in order', async () => {
    const bytes = enc('\uFEFFdata: héllo\r\n\r\n: c\r\nevent: x\r\ndata: 1\r\ndata: 2\r\n\r\n')
    const chunks = splitAt(bytes, [1, 2, 9, 10, 11, 30, 31])
    const seen: Uint8Array[] = []
    const events = await collect(readSse(streamOf(chunks), { onBytes: (c) => seen.push(c.slice()) }))
    expect(events).toEqual([{ data: 'héllo' }, { event: 'x', data: '1\n2' }])
    expect(concatBytes(...seen)).toEqual(bytes)
  })

  it('bytes are handed over before the events they complete', async () => {
    const hasher = new ResponseHasher()
    const lengths: number[] = []
    for await (const _ of readSse(streamOf([enc('data: a\n\n'), enc('data: b\n\n')]), { onBytes: hasher.push })) lengths.push(hasher.length)
    expect(lengths).toEqual([9, 18])
  })

  it('abort while waiting for the network: throws ABORTED at once and cancels the body', async () => {
    const s = controlledStream()
    const ac = new AbortController()
    s.push('data: a\n\n')
    const it = readSse(s.stream, { signal: ac.signal })[Symbol.asyncIterator]()
    expect((await it.next()).value).toEqual({ data: 'a' })
    const pending = it.next() // no more data will come
    setTimeout(() => ac.abort(), 5)
    expect(await rejectedCode(pending)).toBe('ABORTED')
    expect(s.state.cancelled).toBe(true)
  })

  it('abort between events: the next read throws ABORTED even if data is buffered', async () => {
    const s = controlledStream()
    const ac = new AbortController()
    s.push('data: a\n\ndata: b\n\n')
    const it = readSse(s.stream, { signal: ac.signal })[Symbol.asyncIterator]()
    await it.next()
    ac.abort()
    expect(await rejectedCode(it.next())).toBe('ABORTED')
    expect(s.state.cancelled).toBe(true)
  })

  it('an already aborted signal throws before reading', async () => {
    const s = controlledStream()
    expect(await rejectedCode(collect(readSse(s.stream, { signal: AbortSignal.abort() })))).toBe('ABORTED')
    expect(s.stream.locked).toBe(false)
  })

  it('breaking out of the loop cancels the body and releases the lock', async () => {
    const s = controlledStream()
    s.push('data: a\n\ndata: b\n\n')
    for await (const _ of readSse(s.stream)) break
    expect(s.state.cancelled).toBe(true)
    expect(s.stream.locked).toBe(false)
  })

  it('a connection that fails mid-stream throws STREAM_INCOMPLETE', async () => {
    const s = controlledStream()
    s.push('data: a\n\n')
    s.error(new TypeError('terminated'))
    expect(await rejectedCode(collect(readSse(s.stream)))).toBe('STREAM_INCOMPLETE')
  })

  it('a body errored with an AbortError (fetch aborted underneath) is ABORTED', async () => {
    const s = controlledStream()
    s.error(new DOMException('The operation was aborted.', 'AbortError'))
    expect(await rejectedCode(collect(readSse(s.stream)))).toBe('ABORTED')
  })
})

describe('ResponseHasher', () => {
  const hexOf = (bytes: Uint8Array): string => bytesToHex(sha256(bytes))

  it('hashes each chunk when pushed: a reused chunk buffer does not change the hash', () => {
    const h = new ResponseHasher()
    const buf = new Uint8Array([1, 2, 3])
    h.push(buf)
    buf.fill(9)
    h.push(buf)
    expect(h.hex()).toBe(hexOf(new Uint8Array([1, 2, 3, 9, 9, 9])))
  })

  it('hex() can be read midway and the hash goes on over later bytes', () => {
    const h = new ResponseHasher()
    expect(h.hex()).toBe(hexOf(new Uint8Array(0)))
    h.push(enc('data: a\n\n'))
    expect(h.hex()).toBe(hexOf(enc('data: a\n\n')))
    h.push(enc('data: b\n\n'))
    expect(h.hex()).toBe(hexOf(enc('data: a\n\ndata: b\n\n')))
    expect(h.length).toBe(18)
  })

  it('any split of the bytes gives sha256 of their concatenation; one flipped byte changes it (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 12 }), fc.nat(), (chunks, at) => {
        const whole = concatBytes(...chunks)
        const h = new ResponseHasher()
        chunks.forEach(h.push)
        expect(h.hex()).toBe(hexOf(whole))
        expect(h.length).toBe(whole.length)
        if (whole.length === 0) return
        const flipped = whole.slice()
        flipped[at % whole.length]! ^= 1
        expect(h.hex()).not.toBe(hexOf(flipped))
      }),
      { numRuns: 50 },
    )
  })
})
