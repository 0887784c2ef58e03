import { sha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  apiErrorFrom,
  createClient,
  fetchAttestation,
  fetchResponseSignature,
  getModels,
  privacyLevelOf,
  readChatStream,
  streamChatCompletion,
  type ApiModel,
  type ChatCompletionChunk,
  type FetchLike,
} from '../../src/core/api/index.ts'
import { bytesToHex } from '../../src/core/crypto/hex.ts'
import { isSealkitError, type SealkitError } from '../../src/core/errors.ts'
import { REAL_CORPUS_TAG, readReal } from '../fixtures.ts'
import { controlledStream, enc } from './streams.ts'

const API_KEY = 'sk-test-9f8e7d6c5b4a-secret'

interface Call {
  url: URL
  init: RequestInit
  headers: Headers
}

/** A fetch that records calls and answers with `handler` (never the network). */
function fakeFetch(handler: (call: Call, index: number) => Response | Promise<Response>) {
  const calls: Call[] = []
  const fetch: FetchLike = async (input, init) => {
    const call = { url: new URL(input), init, headers: new Headers(init.headers) }
    calls.push(call)
    return handler(call, calls.length - 1)
  }
  return { fetch, calls }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

const sse = (chunks: Array<string | Uint8Array>, status = 200): Response =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of chunks) c.enqueue(typeof chunk === 'string' ? enc(chunk) : chunk)
        c.close()
      },
    }),
    { status, headers: { 'content-type': 'text/event-stream' } },
  )

const chunk = (content: string, extra: Record<string, unknown> = {}): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra })}\n\n`
const finish = (reason = 'stop'): string => `data: ${JSON.stringify({ id: 'chatcmpl-1', choices: [{ index: 0, delta: {}, finish_reason: reason }] })}\n\n`
const DONE = 'data: [DONE]\n\n'

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of iterable) out.push(x)
  return out
}

async function errorOf(promise: Promise<unknown> | (() => unknown)): Promise<SealkitError> {
  try {
    await (typeof promise === 'function' ? promise() : promise)
  } catch (e) {
    if (isSealkitError(e)) return e
    throw new Error(`not a SealkitError: ${String(e)}`)
  }
  throw new Error('expected an error')
}

/** Everything an error exposes as text: message, details, cause chain, String(). */
const everything = (e: SealkitError): string => [e.message, String(e), JSON.stringify(e.details ?? {}), e.stack ?? '', String(e.cause ?? '')].join('\n')

const contents = (chunks: ChatCompletionChunk[]): string => chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('')

describe('createClient', () => {
  it('defaults to the Venice API and strips trailing slashes', () => {
    expect(createClient().baseURL).toBe('https://api.venice.ai/api/v1')
    expect(createClient({ baseURL: 'http://localhost:8787/api/v1//' }).baseURL).toBe('http://localhost:8787/api/v1')
  })

  it('rejects a relative or non-http baseURL', async () => {
    expect((await errorOf(() => createClient({ baseURL: '/api/v1' }))).code).toBe('INVALID_ARGUMENT')
    expect((await errorOf(() => createClient({ baseURL: 'ftp://x' }))).code).toBe('INVALID_ARGUMENT')
  })

  it('keeps the API key out of serialisation and enumeration, and is immutable', () => {
    const client = createClient({ apiKey: API_KEY })
    expect(client.apiKey).toBe(API_KEY)
    expect(JSON.stringify(client)).not.toContain(API_KEY)
    expect(Object.keys(client)).not.toContain('apiKey')
    expect(Object.isFrozen(client)).toBe(true)
  })

  it('sends the key as a Bearer token, with client headers and per-request headers layered on top', async () => {
    const { fetch, calls } = fakeFetch(() => sse([DONE]))
    const client = createClient({ apiKey: API_KEY, fetch, headers: { 'X-App': 'demo' } })
    await streamChatCompletion(client, { body: { model: 'm', messages: [] }, headers: { 'X-Venice-TEE-Signing-Algo': 'ecdsa' } })
    const h = calls[0]!.headers
    expect(h.get('authorization')).toBe(`Bearer ${API_KEY}`)
    expect(h.get('x-app')).toBe('demo')
    expect(h.get('x-venice-tee-signing-algo')).toBe('ecdsa')
    expect(h.get('accept')).toBe('text/event-stream')
    expect(h.get('content-type')).toBe('application/json')
  })

  it('header names are merged case-insensitively: a later layer replaces, never duplicates', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { data: [] }))
    await getModels(createClient({ fetch, apiKey: API_KEY, headers: { authorization: 'Bearer other', accept: 'application/x-custom' } }))
    const sent = calls[0]!.init.headers as Record<string, string>
    expect(Object.keys(sent).filter((k) => k.toLowerCase() === 'authorization')).toHaveLength(1)
    expect(calls[0]!.headers.get('authorization')).toBe(`Bearer ${API_KEY}`)
    expect(calls[0]!.headers.get('accept')).toBe('application/x-custom')
  })

  it('sends no Authorization header without a key', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { data: [] }))
    await getModels(createClient({ fetch }))
    expect(calls[0]!.headers.has('authorization')).toBe(false)
  })

  it('uses the global fetch, looked up at call time, when none is given', async () => {
    const original = globalThis.fetch
    const { fetch, calls } = fakeFetch(() => json(200, { data: [] }))
    const client = createClient()
    globalThis.fetch = fetch as typeof globalThis.fetch
    try {
      await getModels(client)
    } finally {
      globalThis.fetch = original
    }
    expect(calls[0]!.url.href).toBe('https://api.venice.ai/api/v1/models')
  })
})

const MODELS: ApiModel[] = [
  { id: 'e2ee-qwen3-5-122b-a10b', model_spec: { capabilities: { supportsE2EE: true, supportsTeeAttestation: true } } },
  { id: 'tee-qwen3-5-122b-a10b', model_spec: { capabilities: { supportsE2EE: false, supportsTeeAttestation: true } } },
  // Prefixes lie: only the flags count.
  { id: 'e2ee-looks-private', model_spec: { capabilities: { supportsE2EE: false } } },
  { id: 'tee-looks-private', model_spec: { capabilities: {} } },
  { id: 'plain-but-e2ee', model_spec: { capabilities: { supportsE2EE: true } } },
  { id: 'llama-3.3-70b' },
  // A truthy non-boolean is not a flag.
  { id: 'stringly', model_spec: { capabilities: { supportsE2EE: 'true' as unknown as boolean } } },
]

describe('getModels and privacyLevelOf', () => {
  const client = createClient({ fetch: fakeFetch(() => json(200, { object: 'list', data: [...MODELS, { no: 'id' }, null, 'x'] })).fetch })
  const ids = (models: ApiModel[]): string[] => models.map((m) => m.id)

  it('privacyLevelOf reads the capability flags, not the prefix', () => {
    expect(MODELS.map(privacyLevelOf)).toEqual(['e2ee', 'tee', 'none', 'none', 'e2ee', 'none', 'none'])
  })

  it('filters by flags: e2ee, tee (every attested model), none, any', async () => {
    expect(ids(await getModels(client, { privacy: 'e2ee' }))).toEqual(['e2ee-qwen3-5-122b-a10b', 'plain-but-e2ee'])
    expect(ids(await getModels(client, { privacy: 'tee' }))).toEqual(['e2ee-qwen3-5-122b-a10b', 'tee-qwen3-5-122b-a10b', 'plain-but-e2ee'])
    expect(ids(await getModels(client, { privacy: 'none' }))).toEqual(['e2ee-looks-private', 'tee-looks-private', 'llama-3.3-70b', 'stringly'])
    // Entries without a string id are dropped.
    expect(ids(await getModels(client))).toEqual(MODELS.map((m) => m.id))
  })

  it('hits GET {baseURL}/models, passing the type filter', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { data: [] }))
    await getModels(createClient({ fetch, baseURL: 'https://example.test/api/v1/' }), { type: 'text' })
    expect(calls[0]!.init.method).toBe('GET')
    expect(calls[0]!.url.href).toBe('https://example.test/api/v1/models?type=text')
  })

  it('a body without a data array is INVALID_RESPONSE', async () => {
    const bad = createClient({ fetch: fakeFetch(() => json(200, { models: [] })).fetch })
    expect((await errorOf(getModels(bad))).code).toBe('INVALID_RESPONSE')
    const notJson = createClient({ fetch: fakeFetch(() => new Response('<html>')).fetch })
    expect((await errorOf(getModels(notJson))).code).toBe('INVALID_RESPONSE')
  })
})

describe('fetchAttestation', { tags: [REAL_CORPUS_TAG] }, () => {
  let venice = ''
  beforeAll(() => {
    venice = readReal('attestation-reports', 'venice__e2ee-qwen3-5-122b-a10b__2026-06-10', 'attestation.json')
  })

  it('sends a fresh 32-byte nonce on every call and returns the one it sent', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, venice))
    const client = createClient({ fetch })
    const a = await fetchAttestation(client, { model: 'e2ee-qwen3-5-122b-a10b' })
    const b = await fetchAttestation(client, { model: 'e2ee-qwen3-5-122b-a10b' })
    expect(a.nonce).toMatch(/^[0-9a-f]{64}$/)
    expect(b.nonce).toMatch(/^[0-9a-f]{64}$/)
    expect(a.nonce).not.toBe(b.nonce)
    expect(calls.map((c) => c.url.searchParams.get('nonce'))).toEqual([a.nonce, b.nonce])
    expect(calls[0]!.url.pathname).toBe('/api/v1/tee/attestation')
    expect(calls[0]!.url.searchParams.get('model')).toBe('e2ee-qwen3-5-122b-a10b')
  })

  it('returns the real report parsed and its raw text byte for byte', async () => {
    const { fetch } = fakeFetch(() => json(200, venice))
    const nonce = 'D2F37AB51F93F80365506FCC09119B28BD9C521BE89BA25E3AA439912BBBA732'
    const got = await fetchAttestation(createClient({ fetch }), { model: 'e2ee-qwen3-5-122b-a10b', nonce })
    expect(got.raw).toBe(venice)
    expect(got.nonce).toBe(nonce.toLowerCase())
    expect(got.response.nonce).toBe(got.nonce)
    expect(got.response.signing_address).toBe('0x6525e128afcffebf7eed05d485d7be983cdae934')
  })

  it('rejects a given nonce that is not 64 hex characters, before any request', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, venice))
    const client = createClient({ fetch })
    for (const nonce of ['ab'.repeat(16), 'ab'.repeat(33), '0x' + 'ab'.repeat(31), 'g'.repeat(64), '']) {
      const e = await errorOf(fetchAttestation(client, { model: 'm', nonce }))
      expect(e.code).toBe('NONCE_INVALID')
    }
    expect((await errorOf(fetchAttestation(client, { model: '' }))).code).toBe('INVALID_ARGUMENT')
    expect(calls).toHaveLength(0)
  })

  it("maps the server's short-nonce answer (502) to NONCE_INVALID", async () => {
    const { fetch } = fakeFetch(() => json(502, { error: 'Nonce must be exactly 32 bytes' }))
    const e = await errorOf(fetchAttestation(createClient({ fetch }), { model: 'm' }))
    expect(e.code).toBe('NONCE_INVALID')
    expect(e.status).toBe(502)
  })

  it('a non-object body is INVALID_RESPONSE', async () => {
    const { fetch } = fakeFetch(() => json(200, '[1,2]'))
    expect((await errorOf(fetchAttestation(createClient({ fetch }), { model: 'm' }))).code).toBe('INVALID_RESPONSE')
  })
})

describe('fetchResponseSignature', () => {
  const SIG = 'ab'.repeat(64) + '1b'
  const TEXT = `e2ee-qwen3-5-122b-a10b:${'1'.repeat(64)}:${'2'.repeat(64)}`

  it('normalises the string shape: 0x prefix, lowercase, address and algorithm kept, raw kept', async () => {
    const body = JSON.stringify({ text: TEXT, signature: SIG.toUpperCase(), signing_address: '0xAbC', signing_algo: 'ecdsa' })
    const { fetch, calls } = fakeFetch(() => json(200, body))
    const got = await fetchResponseSignature(createClient({ fetch }), { model: 'e2ee-x', requestId: 'chatcmpl-42' })
    expect(got).toEqual({ text: TEXT, signature: '0x' + SIG, signingAddress: '0xAbC', signingAlgo: 'ecdsa', raw: body })
    expect(calls[0]!.url.pathname).toBe('/api/v1/tee/signature')
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({ model: 'e2ee-x', request_id: 'chatcmpl-42' })
  })

  it('normalises the object shape {algorithm, value, public_key}', async () => {
    const { fetch } = fakeFetch(() => json(200, { text: TEXT, signature: { algorithm: 'ecdsa', value: '0x' + SIG, public_key: '04ab' }, model: 'm', request_id: 'r' }))
    const got = await fetchResponseSignature(createClient({ fetch }), { model: 'm', requestId: 'r' })
    expect(got.signature).toBe('0x' + SIG)
    expect(got.signingAlgo).toBe('ecdsa')
    expect(got.publicKey).toBe('04ab')
    expect(got.signingAddress).toBeUndefined()
  })

  it('a missing text or a non-hex signature is INVALID_RESPONSE', async () => {
    for (const body of [{ signature: SIG }, { text: TEXT }, { text: TEXT, signature: 'not hex!' }, { text: TEXT, signature: { algorithm: 'ecdsa' } }, { text: TEXT, signature: 'abc' }]) {
      const { fetch } = fakeFetch(() => json(200, body))
      expect((await errorOf(fetchResponseSignature(createClient({ fetch }), { model: 'm', requestId: 'r' }))).code).toBe('INVALID_RESPONSE')
    }
  })

  it('retries a plain 404 (signature not stored yet), then succeeds', async () => {
    const { fetch, calls } = fakeFetch((_, i) => (i < 2 ? json(404, { error: 'Signature not found' }) : json(200, { text: TEXT, signature: SIG })))
    const got = await fetchResponseSignature(createClient({ fetch }), { model: 'm', requestId: 'r', retryDelayMs: 1 })
    expect(got.signature).toBe('0x' + SIG)
    expect(calls).toHaveLength(3)
  })

  it('gives up after 1 + retries attempts (3 retries by default) with SIGNATURE_UNAVAILABLE and the status', async () => {
    const { fetch, calls } = fakeFetch(() => json(404, { error: 'not found' }))
    const e = await errorOf(fetchResponseSignature(createClient({ fetch }), { model: 'm', requestId: 'r', retryDelayMs: 0 }))
    expect(e.code).toBe('SIGNATURE_UNAVAILABLE')
    expect(e.status).toBe(404)
    expect(calls).toHaveLength(4)
    const once = fakeFetch(() => json(404, {}))
    await errorOf(fetchResponseSignature(createClient({ fetch: once.fetch }), { model: 'm', requestId: 'r', retries: 0 }))
    expect(once.calls).toHaveLength(1)
  })

  it('waits retryDelayMs between attempts', async () => {
    const times: number[] = []
    const { fetch } = fakeFetch(() => {
      times.push(performance.now())
      return json(404, {})
    })
    await errorOf(fetchResponseSignature(createClient({ fetch }), { model: 'm', requestId: 'r', retries: 2, retryDelayMs: 40 }))
    expect(times).toHaveLength(3)
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(35)
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(35)
  })

  it('does not retry other errors: a missing model, a 500', async () => {
    const missing = fakeFetch(() => json(404, { error: 'Model e2ee-x not found' }))
    expect((await errorOf(fetchResponseSignature(createClient({ fetch: missing.fetch }), { model: 'e2ee-x', requestId: 'r', retryDelayMs: 0 }))).code).toBe('MODEL_NOT_FOUND')
    expect(missing.calls).toHaveLength(1)
    const boom = fakeFetch(() => json(500, { error: 'boom' }))
    expect((await errorOf(fetchResponseSignature(createClient({ fetch: boom.fetch }), { model: 'm', requestId: 'r', retryDelayMs: 0 }))).code).toBe('HTTP_ERROR')
    expect(boom.calls).toHaveLength(1)
  })

  it('an abort during the retry pause ends it at once with ABORTED', async () => {
    const { fetch, calls } = fakeFetch(() => json(404, {}))
    const ac = new AbortController()
    const started = performance.now()
    setTimeout(() => ac.abort(), 20)
    const e = await errorOf(fetchResponseSignature(createClient({ fetch }), { model: 'm', requestId: 'r', retryDelayMs: 10_000, signal: ac.signal }))
    expect(e.code).toBe('ABORTED')
    expect(performance.now() - started).toBeLessThan(2000)
    expect(calls).toHaveLength(1)
  })
})

describe('HTTP errors are mapped in one place', () => {
  const cases: Array<[number, unknown, string]> = [
    [401, { error: 'Unauthorized' }, 'UNAUTHORIZED'],
    [403, { error: { message: 'Forbidden' } }, 'UNAUTHORIZED'],
    [404, { error: 'Not Found' }, 'MODEL_NOT_FOUND'],
    [400, { error: 'model not found' }, 'MODEL_NOT_FOUND'],
    [400, { detail: 'Model "x" not found' }, 'MODEL_NOT_FOUND'],
    [429, { message: 'slow down' }, 'RATE_LIMITED'],
    [421, { error: { message: 'The encryption key is no longer valid. Please refresh your attestation report and retry.' } }, 'KEY_ROTATED'],
    [421, '', 'KEY_ROTATED'],
    [400, { error: 'E2EE requires streaming' }, 'E2EE_REQUIRES_STREAMING'],
    [400, { error: { message: 'Encrypted field is not valid hex' } }, 'INVALID_HEX'],
    [400, { detail: 'Invalid public key' }, 'INVALID_PUBLIC_KEY'],
    [400, { message: 'Failed to decrypt field' }, 'DECRYPT_FAILED'],
    [502, 'Nonce must be exactly 32 bytes', 'NONCE_INVALID'],
    [422, { detail: [{ loc: ['body'], msg: 'Invalid public key format' }] }, 'INVALID_PUBLIC_KEY'],
    [500, { error: 'internal' }, 'HTTP_ERROR'],
    [502, '<html><body>Bad gateway</body></html>', 'HTTP_ERROR'],
  ]
  for (const [status, body, code] of cases) {
    it(`${status} ${JSON.stringify(body).slice(0, 60)} -> ${code}`, async () => {
      const { fetch } = fakeFetch(() => json(status, body))
      const e = await errorOf(getModels(createClient({ fetch, apiKey: API_KEY })))
      expect(e.name).toBe('ApiError')
      expect(e.code).toBe(code)
      expect(e.status).toBe(status)
    })
  }

  it('keeps the server text in details (never in the message), truncated', async () => {
    const e = apiErrorFrom(500, 'upstream exploded')
    expect(e.message).toBe('The API returned HTTP 500')
    expect(e.details).toEqual({ serverMessage: 'upstream exploded' })
    const known = apiErrorFrom(429, 'slow down')
    expect(known.message).toBe('Too many requests')
    expect(known.details).toEqual({ serverMessage: 'slow down' })
    expect(apiErrorFrom(500, 'x'.repeat(5000)).details?.serverMessage).toHaveLength(301)
    // An HTML error page says nothing useful.
    const html = await errorOf(getModels(createClient({ fetch: fakeFetch(() => new Response('<html>502</html>', { status: 502 })).fetch })))
    expect(html.details).toBeUndefined()
  })

  it('never lets the API key into an error, even when the server echoes it', async () => {
    for (const status of [401, 400, 500]) {
      const { fetch } = fakeFetch(() => json(status, { error: { message: `Invalid API key: ${API_KEY} (Bearer ${API_KEY})` } }))
      const e = await errorOf(getModels(createClient({ fetch, apiKey: API_KEY })))
      expect(everything(e)).not.toContain(API_KEY)
      expect(JSON.stringify(e.details)).toContain('[redacted]')
    }
  })

  it('a key echoed in the middle of a long message is redacted before truncation', async () => {
    const { fetch } = fakeFetch(() => json(500, 'x'.repeat(290) + API_KEY))
    const e = await errorOf(getModels(createClient({ fetch, apiKey: API_KEY })))
    // Truncating first would leave a prefix of the key behind.
    expect(everything(e)).not.toContain(API_KEY.slice(0, 10))
  })

  it('a rejected fetch is NETWORK_ERROR with the cause, never the key', async () => {
    const cause = new TypeError('fetch failed')
    const e = await errorOf(getModels(createClient({ apiKey: API_KEY, fetch: () => Promise.reject(cause) })))
    expect(e.code).toBe('NETWORK_ERROR')
    expect(e.name).toBe('ApiError')
    expect(e.cause).toBe(cause)
    expect(everything(e)).not.toContain(API_KEY)
  })

  it('an aborted request is ABORTED, whether the signal fired before or during fetch', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { data: [] }))
    expect((await errorOf(getModels(createClient({ fetch }), { signal: AbortSignal.abort() }))).code).toBe('ABORTED')
    expect(calls).toHaveLength(0)
    const ac = new AbortController()
    const hanging: FetchLike = (_url, init) =>
      new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
    const pending = getModels(createClient({ fetch: hanging }), { signal: ac.signal })
    ac.abort()
    const e = await errorOf(pending)
    expect(e.code).toBe('ABORTED')
    expect(e.name).toBe('SealkitError')
  })
})

describe('streamChatCompletion', () => {
  const body = { model: 'e2ee-qwen3-5-122b-a10b', messages: [{ role: 'user', content: 'ab'.repeat(100) }], venice_parameters: { enable_e2ee: true } }

  it('posts the exact JSON it returns, with stream: true forced', async () => {
    const { fetch, calls } = fakeFetch(() => sse([chunk('hi'), DONE]))
    const res = await streamChatCompletion(createClient({ fetch }), { body })
    expect(calls[0]!.init.method).toBe('POST')
    expect(calls[0]!.url.pathname).toBe('/api/v1/chat/completions')
    expect(calls[0]!.init.body).toBe(res.requestBody)
    expect(JSON.parse(res.requestBody)).toEqual({ ...body, stream: true })
    const streamFalse = await errorOf(streamChatCompletion(createClient({ fetch }), { body: { ...body, stream: false } }))
    expect(streamFalse.code).toBe('INVALID_ARGUMENT')
  })

  it('yields the chunks and hashes every response byte, including those after [DONE]', async () => {
    const wire = [chunk('Hel'), chunk('lo €'), finish(), DONE, ': trailing comment\n\n']
    const bytes = enc(wire.join(''))
    // Split the body at awkward places, including inside "€".
    const euro = bytes.indexOf(0xe2)
    const parts = [bytes.subarray(0, 7), bytes.subarray(7, euro + 1), bytes.subarray(euro + 1, bytes.length - 3), bytes.subarray(bytes.length - 3)]
    const { fetch } = fakeFetch(() => sse(parts))
    const res = await streamChatCompletion(createClient({ fetch }), { body })
    expect(res.responseHash()).toBe(bytesToHex(sha256(new Uint8Array(0))))
    expect(res.requestHash).toBe(bytesToHex(sha256(enc(res.requestBody))))
    const chunks = await collect(res.chunks)
    expect(contents(chunks)).toBe('Hello €')
    expect(chunks.at(-1)!.choices![0]!.finish_reason).toBe('stop')
    expect(res.responseHash()).toBe(bytesToHex(sha256(bytes)))
  })

  it('any split of the body gives the same chunks and the same response hash (property)', async () => {
    const wire = enc([chunk('a'), chunk('ü\nñ'), ': keep-alive\r\n\r\n', chunk('😀'), finish(), DONE].join('').replace(/\n/g, '\r\n'))
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: wire.length }), { maxLength: 12 }), async (cuts) => {
        const points = [...new Set([0, ...cuts, wire.length])].sort((a, b) => a - b)
        const parts = points.slice(1).map((p, i) => wire.subarray(points[i]!, p))
        const res = await streamChatCompletion(createClient({ fetch: fakeFetch(() => sse(parts)).fetch }), { body })
        expect(contents(await collect(res.chunks))).toBe('aü\nñ😀')
        expect(res.responseHash()).toBe(bytesToHex(sha256(wire)))
      }),
      { numRuns: 100 },
    )
  })

  it('maps an HTTP error before any chunk, without the key', async () => {
    const { fetch } = fakeFetch(() => json(400, { error: `E2EE requires streaming (key ${API_KEY})` }))
    const e = await errorOf(streamChatCompletion(createClient({ fetch, apiKey: API_KEY }), { body }))
    expect(e.code).toBe('E2EE_REQUIRES_STREAMING')
    expect(everything(e)).not.toContain(API_KEY)
  })

  it('an error event mid-stream: earlier chunks arrive, then STREAM_ERROR with the server message (key redacted), and the body is cancelled', async () => {
    const s = controlledStream()
    const { fetch } = fakeFetch(() => new Response(s.stream, { headers: { 'content-type': 'text/event-stream' } }))
    s.push(chunk('partial'))
    s.push(`data: ${JSON.stringify({ error: { message: `Upstream model crashed for ${API_KEY}`, type: 'server_error', code: 503 } })}\n\n`)
    const res = await streamChatCompletion(createClient({ fetch, apiKey: API_KEY }), { body })
    const got: ChatCompletionChunk[] = []
    const e = await errorOf(async () => {
      for await (const c of res.chunks) got.push(c)
    })
    expect(contents(got)).toBe('partial')
    expect(e.code).toBe('STREAM_ERROR')
    expect(e.name).toBe('StreamError')
    expect(e.message).toBe('The server reported an error mid-stream')
    expect(e.details).toEqual({ type: 'server_error', code: 503, serverMessage: 'Upstream model crashed for [redacted]' })
    expect(s.state.cancelled).toBe(true)
  })
})

describe('readChatStream', () => {
  const read = (parts: Array<string | Uint8Array>, options = {}): Promise<ChatCompletionChunk[]> => collect(readChatStream(sse(parts), options))

  it('stops at [DONE]: later events, even malformed ones, are not parsed', async () => {
    expect(contents(await read([chunk('a'), DONE, chunk('ignored'), 'data: {not json\n\n']))).toBe('a')
    expect(contents(await read([chunk('a'), 'data:[DONE]\r\n\r\n']))).toBe('a')
  })

  it('an `event: error` is STREAM_ERROR too, with JSON or plain data', async () => {
    const e1 = await errorOf(read([chunk('a'), 'event: error\ndata: {"message":"overloaded"}\n\n']))
    expect([e1.code, e1.details?.serverMessage]).toEqual(['STREAM_ERROR', 'overloaded'])
    const e2 = await errorOf(read(['event: error\ndata: rate limited upstream\n\n']))
    expect([e2.code, e2.details?.serverMessage]).toEqual(['STREAM_ERROR', 'rate limited upstream'])
  })

  it('an error given as a string, or an error object without a message, is STREAM_ERROR', async () => {
    expect((await errorOf(read(['data: {"error":"quota exceeded"}\n\n']))).details?.serverMessage).toBe('quota exceeded')
    const e = await errorOf(read(['data: {"error":{"code":"x"}}\n\n']))
    expect([e.code, e.message]).toEqual(['STREAM_ERROR', 'The server reported an error mid-stream'])
  })

  it('data that is not a JSON object is STREAM_MALFORMED, and the message does not quote it', async () => {
    for (const bad of ['{"choices": [', 'hello secret plaintext', '42', '[1,2]', 'null', '"str"']) {
      const e = await errorOf(read([chunk('a'), `data: ${bad}\n\n`, DONE]))
      expect(e.code).toBe('STREAM_MALFORMED')
      expect(everything(e)).not.toContain('secret plaintext')
    }
  })

  it('skips blank data (a keep-alive) and events of other types', async () => {
    expect(contents(await read(['data:\n\n', 'data:  \n\n', 'event: ping\ndata: {}\n\n', chunk('a'), DONE]))).toBe('a')
  })

  it('an early end with no finish_reason is STREAM_INCOMPLETE', async () => {
    expect((await errorOf(read([chunk('a'), chunk('b')]))).code).toBe('STREAM_INCOMPLETE')
    expect((await errorOf(read([]))).code).toBe('STREAM_INCOMPLETE')
    // [DONE] without its closing blank line is an unfinished event: the spec discards it.
    expect((await errorOf(read([chunk('a'), 'data: [DONE]']))).code).toBe('STREAM_INCOMPLETE')
  })

  it('a clean end after every choice finished is complete; with requireDone it is not', async () => {
    expect(contents(await read([chunk('a'), finish('length')]))).toBe('a')
    expect((await errorOf(read([chunk('a'), finish()], { requireDone: true }))).code).toBe('STREAM_INCOMPLETE')
    // Two choices, only one finished.
    const two = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x' } }, { index: 1, delta: { content: 'y' } }] })}\n\n`
    const oneDone = `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`
    const otherDone = `data: ${JSON.stringify({ choices: [{ index: 1, delta: {}, finish_reason: 'stop' }] })}\n\n`
    expect((await errorOf(read([two, oneDone]))).code).toBe('STREAM_INCOMPLETE')
    expect(await read([two, oneDone, otherDone])).toHaveLength(3)
  })

  it('a connection that drops mid-stream is STREAM_INCOMPLETE with the cause', async () => {
    const s = controlledStream()
    s.push(chunk('a'))
    const cause = new TypeError('terminated')
    s.error(cause)
    const e = await errorOf(collect(readChatStream(new Response(s.stream))))
    expect(e.code).toBe('STREAM_INCOMPLETE')
    expect(e.cause).toBe(cause)
  })

  it('abort mid-read: received chunks are kept, ABORTED is thrown and the body is cancelled', async () => {
    const s = controlledStream()
    const ac = new AbortController()
    s.push(chunk('kept'))
    const got: ChatCompletionChunk[] = []
    const done = errorOf(async () => {
      for await (const c of readChatStream(new Response(s.stream), { signal: ac.signal })) {
        got.push(c)
        setTimeout(() => ac.abort(new Error('user pressed stop')), 5)
      }
    })
    const e = await done
    expect(e.code).toBe('ABORTED')
    expect((e.cause as Error).message).toBe('user pressed stop')
    expect(contents(got)).toBe('kept')
    expect(s.state.cancelled).toBe(true)
  })

  it('a non-2xx response throws its mapped ApiError', async () => {
    const e = await errorOf(collect(readChatStream(json(421, { error: 'The encryption key is no longer valid.' }))))
    expect([e.name, e.code, e.status]).toEqual(['ApiError', 'KEY_ROTATED', 421])
  })

  it('a 200 JSON body where a stream was due: STREAM_ERROR if it carries an error, else INVALID_RESPONSE; bytes recorded', async () => {
    const seen: number[] = []
    const e1 = await errorOf(collect(readChatStream(json(200, { error: { message: 'E2EE requires streaming' } }), { onBytes: (b: Uint8Array) => seen.push(b.length) })))
    expect([e1.code, e1.details?.serverMessage]).toEqual(['STREAM_ERROR', 'E2EE requires streaming'])
    expect(seen.reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    const e2 = await errorOf(collect(readChatStream(json(200, { choices: [{ message: { content: 'hi' } }] }))))
    expect(e2.code).toBe('INVALID_RESPONSE')
  })
})
