import { describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import type { ChatMessage } from '../../src/core/api/types.ts'
import { encrypt } from '../../src/core/crypto/e2ee.ts'
import { createLocalKeyHolder } from '../../src/core/crypto/local-key-holder.ts'
import type { KeyHolder } from '../../src/core/crypto/key-holder.ts'
import type { SealkitErrorCode } from '../../src/core/errors.ts'
import { createChatSession, type ChatSessionOptions, type ChatStreamEvent } from '../../src/core/session/chat-session.ts'
import { MAX_ENCRYPT_BATCH } from '../../src/core/worker/decrypt-protocol.ts'
import { createSimulator, type FaultName, type SimulatorOptions } from '../../src/simulator/index.ts'
import { collect } from '../helpers/collect-stream.ts'
import { codeOf } from '../helpers/error-code.ts'
import { editedStreamClient } from '../helpers/edited-stream.ts'

const E2EE = 'e2ee-qwen3-5-122b-a10b'
const TEE = 'tee-qwen3-5-122b-a10b'
const PLAIN = 'llama-3.3-70b'
const PROMPT = 'What is 2+2? Answer briefly. ünïcødé 🔐'

function setup(simOptions: SimulatorOptions = {}) {
  const sim = createSimulator({ seed: 'session-test', ...simOptions })
  const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
  // The simulator's evidence chains to its own test roots: trusted here, or every check on it fails.
  const basic = { policy: 'basic' as const, trustedRoots: sim.trustedRoots() }
  return { sim, client, basic }
}

/** A client on a fresh simulator that records every chat request it sends (headers and exact body). */
function recordingSetup() {
  const { client, basic } = setup()
  const chats: { headers: Headers; body: string }[] = []
  const spy = createClient({
    baseURL: client.baseURL,
    fetch: async (input, init) => {
      if (String(input).endsWith('/chat/completions')) chats.push({ headers: new Headers(init.headers), body: String(init.body) })
      return client.fetch(input, init)
    },
  })
  return { client: spy, chats, basic }
}

const ask = (content = PROMPT): ChatMessage[] => [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content },
]

async function chat(options: Partial<ChatSessionOptions> & { fault?: FaultName } = {}) {
  const { fault, ...sessionOptions } = options
  const { sim, client, basic } = setup(fault ? { fault } : {})
  const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic, ...sessionOptions })
  const result = await collect(session.stream(ask()))
  return { ...result, session, sim }
}

describe('E2EE chat session against the simulated enclave', () => {
  it('attests, encrypts, decrypts every chunk and verifies the response signature', async () => {
    const { events, text, error, session, sim } = await chat()
    expect(error).toBeUndefined()
    expect(text).toContain(PROMPT)
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(2)
    const attested = events.find((e) => e.type === 'attested')
    expect(attested?.type === 'attested' && attested.attestation.signingAddress).toBe(sim.signingAddress(E2EE))
    const sig = events.find((e) => e.type === 'signature')
    expect(sig?.type === 'signature' && sig.signature.status).toBe('verified')
    expect(events.at(-2)?.type).toBe('finish')
    expect(session.clientPublicKey).toMatch(/^04[0-9a-f]{128}$/)
  })

  it('sends only ciphertext for user and system messages, with the E2EE headers', async () => {
    const { client: spy, chats: seen, basic } = recordingSetup()
    const session = createChatSession(spy, { model: E2EE, mode: 'e2ee', ...basic })
    await collect(session.stream(ask()))
    expect(seen).toHaveLength(1)
    const body = JSON.parse(seen[0]!.body)
    expect(seen[0]!.body).not.toContain('2+2')
    expect(seen[0]!.body).not.toContain('Be brief')
    for (const m of body.messages) expect(m.content).toMatch(/^[0-9a-f]{186,}$/)
    expect(body.stream).toBe(true)
    expect(body.venice_parameters).toEqual({ enable_e2ee: true })
    expect(seen[0]!.headers.get('X-Venice-TEE-Client-Pub-Key')).toBe(session.clientPublicKey)
    expect(seen[0]!.headers.get('X-Venice-TEE-Model-Pub-Key')).toBe(session.attestation?.signingKey)
    expect(seen[0]!.headers.get('X-Venice-TEE-Signing-Algo')).toBe('ecdsa')
  })

  it('destroy() zeroes the client key and refuses further use', async () => {
    const { client, basic } = setup()
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic })
    session.destroy()
    const { error } = await collect(session.stream(ask()))
    expect(codeOf(error)).toBe('KEY_DESTROYED')
  })

  it('re-attests once with a fresh nonce and retries when the key rotated (421)', async () => {
    const { events, text, error } = await chat({ fault: 'key-rotation' })
    expect(error).toBeUndefined()
    expect(text).toContain(PROMPT)
    const attested = events.flatMap((e) => (e.type === 'attested' ? [e.attestation] : []))
    expect(attested).toHaveLength(2)
    expect(attested[0]!.signingKey).not.toBe(attested[1]!.signingKey)
    expect(attested[0]!.nonce).not.toBe(attested[1]!.nonce)
  })

  // A new user's pass through the CLI: in Node, a key rotation mostly ended in NETWORK_ERROR. undici resends a request
  // answered 421 on a reused connection itself, with its body already consumed, and that resend fails.
  it("a rotation hidden behind Node's failed resend of the 421 (body length mismatch) re-attests and retries as a 421 does", async () => {
    const sim = createSimulator({ seed: 'session-test', fault: 'key-rotation' })
    let refusals = 0
    const client = createClient({
      baseURL: 'http://sim.test/api/v1',
      fetch: async (input, init) => {
        const response = await sim.fetch(input, init)
        if (response.status !== 421) return response
        refusals++
        const cause = Object.assign(new Error('Request body length does not match content-length header'), { code: 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH' })
        throw new TypeError('fetch failed', { cause })
      },
    })
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', policy: 'basic', trustedRoots: sim.trustedRoots() })
    const { events, text, error } = await collect(session.stream(ask()))
    expect(error).toBeUndefined()
    expect(refusals).toBe(1)
    expect(text).toContain(PROMPT)
    expect(events.filter((e) => e.type === 'attested')).toHaveLength(2)
    // Any other network failure is not a rotation: it ends the request.
    const down = createChatSession(createClient({ baseURL: 'http://sim.test/api/v1', fetch: async (input, init) => (String(input).endsWith('/chat/completions') ? Promise.reject(new TypeError('fetch failed')) : sim.fetch(input, init)) }), { model: E2EE, mode: 'e2ee', policy: 'basic', trustedRoots: sim.trustedRoots() })
    expect(codeOf((await collect(down.stream(ask()))).error)).toBe('NETWORK_ERROR')
    session.destroy()
    down.destroy()
  })

  it('a field sent before is sent as it was, to the same key: only new fields are encrypted; a refusal or a new key encrypts all afresh', async () => {
    const { client, basic } = setup()
    const chats: Array<{ contents: string[] }> = []
    let fault: string | undefined = undefined
    let refuse = false
    const spy = createClient({
      baseURL: client.baseURL,
      fetch: async (input, init) => {
        if (!String(input).endsWith('/chat/completions')) return client.fetch(input, init)
        chats.push({ contents: (JSON.parse(String(init.body)) as { messages: ChatMessage[] }).messages.map((m) => m.content) })
        if (refuse) return new Response(JSON.stringify({ error: { message: 'busy' } }), { status: 503 })
        const headers = new Headers(init.headers)
        if (fault) headers.set('X-Sealkit-Fault', fault)
        return client.fetch(input, { ...init, headers })
      },
    })
    const local = createLocalKeyHolder()
    const encrypted: string[][] = []
    const session = createChatSession(spy, {
      model: E2EE,
      mode: 'e2ee',
      ...basic,
      signature: 'skip',
      keyHolder: () => ({
        publicKeyHex: local.publicKeyHex,
        decrypt: local.decrypt,
        destroy: local.destroy,
        encrypt: async (plaintexts, recipient) => {
          encrypted.push([...plaintexts])
          return plaintexts.map((p) => encrypt(p, recipient))
        },
      }),
    })
    const turn = async (messages: ChatMessage[]) => {
      const { text, error } = await collect(session.stream(messages))
      expect(error).toBeUndefined()
      return text
    }
    const first = ask('first question')
    await turn(first)
    expect(encrypted).toEqual([['Be brief.', 'first question']])
    // The next turn: the history goes as it went, byte for byte; only the new question is encrypted, and the enclave reads it all.
    const second: ChatMessage[] = [...first, { role: 'assistant', content: 'an answer' }, { role: 'user', content: 'second question' }]
    expect(await turn(second)).toContain('second question')
    expect(encrypted[1]).toEqual(['an answer', 'second question']) // every role is encrypted
    expect(chats[1]!.contents.slice(0, 2)).toEqual(chats[0]!.contents)
    expect(chats[1]!.contents[3]).not.toBe(chats[1]!.contents[1])
    // Refused: nothing of that request, nor of the one before it, is sent again.
    refuse = true
    const third: ChatMessage[] = [...second, { role: 'assistant', content: 'another answer' }, { role: 'user', content: 'third question' }]
    expect((await collect(session.stream(third))).error).toBeDefined()
    refuse = false
    expect(await turn(third)).toContain('third question')
    expect(encrypted.slice(2)).toEqual([
      ['another answer', 'third question'],
      ['Be brief.', 'first question', 'an answer', 'second question', 'another answer', 'third question'],
    ])
    // The enclave's key rotates: the first try carries the known fields to the old key and is refused (421); the retry,
    // to the new key, encrypts every field afresh, and the enclave reads them.
    fault = 'key-rotation'
    const fourth: ChatMessage[] = [...third, { role: 'assistant', content: 'a third answer' }, { role: 'user', content: 'fourth question' }]
    expect(await turn(fourth)).toContain('fourth question')
    expect(encrypted.slice(4)).toEqual([['a third answer', 'fourth question'], fourth.map((m) => m.content)])
    session.destroy()
  })

  it('encryptAhead: a restored conversation is encrypted before its first send, which then encrypts only what is new', async () => {
    const { client, basic } = setup()
    const chats: string[][] = []
    const spy = createClient({
      baseURL: client.baseURL,
      fetch: async (input, init) => {
        if (String(input).endsWith('/chat/completions')) chats.push((JSON.parse(String(init.body)) as { messages: ChatMessage[] }).messages.map((m) => m.content))
        return client.fetch(input, init)
      },
    })
    const local = createLocalKeyHolder()
    const encrypted: string[][] = []
    const holder = (): KeyHolder => ({
      publicKeyHex: local.publicKeyHex,
      decrypt: local.decrypt,
      destroy: () => {},
      encrypt: async (plaintexts, recipient) => {
        encrypted.push([...plaintexts])
        await new Promise((resolve) => setTimeout(resolve, 30)) // a worker's round trip
        return plaintexts.map((p) => encrypt(p, recipient))
      },
    })
    const restored: ChatMessage[] = Array.from({ length: 40 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `message ${i}` }))
    const next: ChatMessage[] = [...restored, { role: 'user', content: 'a new question' }]
    const session = createChatSession(spy, { model: E2EE, mode: 'e2ee', ...basic, signature: 'skip', keyHolder: holder })
    await session.encryptAhead!(restored)
    // A holder that encrypts (the worker) takes the conversation in one message.
    expect(encrypted).toEqual([restored.map((m) => m.content)])
    const { text, error } = await collect(session.stream(next))
    expect(error).toBeUndefined()
    expect(text).toContain('a new question') // the enclave read every field
    expect(encrypted.slice(1)).toEqual([['a new question']])
    expect(chats[0]!.slice(0, 40).every((c, i) => c !== restored[i]!.content && /^[0-9a-f]+$/.test(c))).toBe(true)
    session.destroy()

    // A send while it runs waits for it, then encrypts only its own message: nothing is encrypted twice.
    encrypted.length = 0
    const racing = createChatSession(spy, { model: E2EE, mode: 'e2ee', ...basic, signature: 'skip', keyHolder: holder })
    await racing.attest()
    const ahead = racing.encryptAhead!(restored)
    await new Promise((resolve) => setTimeout(resolve, 5)) // the holder has the conversation
    expect(encrypted).toHaveLength(1)
    const { text: raced } = await collect(racing.stream(next))
    await ahead
    expect(raced).toContain('a new question')
    expect(encrypted).toEqual([restored.map((m) => m.content), ['a new question']])
    racing.destroy()

    // Without a holder that encrypts, this thread does it, 16 fields a task.
    const here = createChatSession(spy, { model: E2EE, mode: 'e2ee', ...basic, signature: 'skip', keyHolder: () => createLocalKeyHolder() })
    const tasks: number[] = []
    const ticker = setInterval(() => tasks.push(Date.now()), 0)
    await here.encryptAhead!(restored)
    clearInterval(ticker)
    expect(tasks.length).toBeGreaterThanOrEqual(2) // other tasks ran between its steps
    expect((await collect(here.stream(next))).text).toContain('a new question')
    here.destroy()

    // A TEE session has nothing to encrypt; a destroyed one refuses.
    const tee = createChatSession(spy, { model: TEE, mode: 'tee', ...basic })
    await expect(tee.encryptAhead!(restored)).resolves.toBeUndefined()
    await expect(session.encryptAhead!(restored)).rejects.toMatchObject({ code: 'KEY_DESTROYED' })
  })

  it('a conversation longer than the worker takes in one message goes to it in several', async () => {
    const { client, basic } = setup()
    const local = createLocalKeyHolder()
    const calls: number[] = []
    // As the worker: at most MAX_ENCRYPT_BATCH fields a message (the ciphertexts are stand-ins: nothing is sent).
    const session = createChatSession(client, {
      model: E2EE,
      mode: 'e2ee',
      ...basic,
      keyHolder: () => ({
        publicKeyHex: local.publicKeyHex,
        decrypt: local.decrypt,
        destroy: local.destroy,
        encrypt: async (plaintexts) => {
          if (plaintexts.length > MAX_ENCRYPT_BATCH) throw new Error('ENCRYPT_FAILED')
          calls.push(plaintexts.length)
          return plaintexts.map((_, i) => `${(calls.length * 10_000 + i).toString(16).padStart(8, '0')}${'ab'.repeat(120)}`)
        },
      }),
    })
    const long: ChatMessage[] = Array.from({ length: MAX_ENCRYPT_BATCH + 4 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }))
    await session.encryptAhead!(long)
    expect(calls).toEqual([MAX_ENCRYPT_BATCH, 4])
    session.destroy()
  })

  it('an aborted stream stops with ABORTED and keeps what arrived', async () => {
    const { client, basic } = setup({ chunkDelayMs: 20 })
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic })
    const controller = new AbortController()
    const events: ChatStreamEvent[] = []
    let error: unknown
    try {
      for await (const e of session.stream(ask(), { signal: controller.signal })) {
        events.push(e)
        if (events.filter((x) => x.type === 'delta').length === 2) controller.abort()
      }
    } catch (e) {
      error = e
    }
    expect(codeOf(error)).toBe('ABORTED')
    expect(events.filter((e) => e.type === 'delta')).toHaveLength(2)
  })
})

describe('one attestation for every caller', () => {
  it('a caller that stops waiting leaves the run to the others: one request, their verdict, and the next chat uses it', async () => {
    const { client, basic } = setup()
    let attestations = 0
    const counting = createClient({
      baseURL: client.baseURL,
      fetch: (input, init) => {
        if (String(input).includes('/attestation')) attestations++
        return client.fetch(input, init)
      },
    })
    const session = createChatSession(counting, { model: E2EE, mode: 'e2ee', ...basic })
    const stop = new AbortController()
    const first = session.attest({ signal: stop.signal })
    const second = session.attest()
    stop.abort()
    await expect(first).rejects.toMatchObject({ code: 'ABORTED' })
    expect((await second).signingKey).toMatch(/^04[0-9a-f]{128}$/)
    const { error } = await collect(session.stream(ask()))
    expect(error).toBeUndefined()
    expect(attestations).toBe(1)
  })
})

describe('every fault the simulator injects is refused with its own code', () => {
  const cases: [FaultName, SealkitErrorCode][] = [
    ['tampered-chunk', 'DECRYPT_FAILED'],
    ['plaintext-chunk', 'E2EE_PLAINTEXT_CHUNK'],
    ['wrong-nonce', 'ATTESTATION_NONCE_MISMATCH'],
    ['unverified', 'ATTESTATION_FAILED'],
    ['wrong-signing-key', 'ATTESTATION_KEY_ADDRESS_MISMATCH'],
    ['report-data-mismatch', 'ATTESTATION_REPORT_DATA_MISMATCH'],
    ['bad-signature', 'SIGNATURE_ADDRESS_MISMATCH'],
    ['stream-error', 'STREAM_ERROR'],
    ['drop-connection', 'STREAM_INCOMPLETE'],
  ]
  for (const [fault, code] of cases) {
    it(`${fault} -> ${code}`, async () => {
      const { error, text, events } = await chat({ fault })
      expect(codeOf(error)).toBe(code)
      // nothing unauthenticated reaches the caller as text
      expect(text).not.toMatch(/[0-9a-f]{60}/)
      if (code.startsWith('ATTESTATION')) expect(events.some((e) => e.type === 'delta')).toBe(false)
    })
  }

  it.each([
    ['an array of parts', '[{"type":"text","text":"PWNED"}]'],
    ['an object', '{"text":"PWNED"}'],
    ['a number', '42'],
  ])('E2EE content that is %s, not ciphertext, is refused (E2EE_PLAINTEXT_CHUNK), never skipped', async (_, value) => {
    const { client, basic } = setup()
    // A proxy that swaps the first chunk's ciphertext for something that is not a string.
    const proxy = createClient({
      baseURL: client.baseURL,
      fetch: async (input, init) => {
        const res = await client.fetch(input, init)
        if (!String(input).endsWith('/chat/completions')) return res
        const body = (await res.text()).replace(/"content":"[0-9a-f]{100,}"/, `"content":${value}`)
        return new Response(body, { status: res.status, headers: res.headers })
      },
    })
    const session = createChatSession(proxy, { model: E2EE, mode: 'e2ee', ...basic })
    const { error, text } = await collect(session.stream(ask()))
    expect(codeOf(error)).toBe('E2EE_PLAINTEXT_CHUNK')
    expect(text).not.toContain('PWNED')
  })

  describe('reasoning the server sends in plaintext (fault plaintext-reasoning)', () => {
    const REASONING = 'e2ee-glm-5'
    const reasoningOf = (events: ChatStreamEvent[]) => events.flatMap((e) => (e.type === 'delta' && e.reasoning ? [e] : []))

    it('is refused by default (E2EE_PLAINTEXT_CHUNK, field reasoning): none of it reaches the caller', async () => {
      const { error, events } = await chat({ fault: 'plaintext-reasoning', model: REASONING })
      expect(codeOf(error)).toBe('E2EE_PLAINTEXT_CHUNK')
      expect((error as { details?: { field?: string } }).details?.field).toBe('reasoning')
      expect(reasoningOf(events)).toEqual([])
    })

    it("with plaintextReasoning: 'allow' it is passed on marked unencrypted, said once in the dev console; the answer is decrypted and signed", async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      const { error, events, text } = await chat({ fault: 'plaintext-reasoning', model: REASONING, plaintextReasoning: 'allow' })
      await chat({ fault: 'plaintext-reasoning', model: REASONING, plaintextReasoning: 'allow' })
      expect(warn.mock.calls.filter(([m]) => /reasoning unencrypted/.test(String(m)))).toHaveLength(1)
      warn.mockRestore()
      expect(error).toBeUndefined()
      const reasoning = reasoningOf(events)
      expect(reasoning.length).toBeGreaterThan(0)
      expect(reasoning.every((e) => e.type === 'delta' && e.reasoningEncrypted === false)).toBe(true)
      expect(text).toContain(PROMPT)
      const sig = events.find((e) => e.type === 'signature')
      expect(sig?.type === 'signature' && sig.signature.status).toBe('verified')
    })

    // Servers name the field `reasoning_content` or `reasoning`, some both: one of them plaintext went unnoticed.
    describe('in the other field, beside reasoning_content', () => {
      /** The reasoning chunks' events, edited: `reasoning` set beside (or instead of) the encrypted `reasoning_content`. */
      const editReasoning = (edit: (delta: Record<string, unknown>) => void) => (events: string[]) =>
        events.map((event) => {
          const json = event.slice('data: '.length)
          if (!json.includes('reasoning_content')) return event
          const chunk = JSON.parse(json) as { choices: [{ delta: Record<string, unknown> }] }
          edit(chunk.choices[0].delta)
          return `data: ${JSON.stringify(chunk)}`
        })
      async function reasoningChat(edit: (delta: Record<string, unknown>) => void, plaintextReasoning?: 'allow') {
        const { client, basic } = setup()
        const session = createChatSession(editedStreamClient(client, editReasoning(edit)), { model: REASONING, mode: 'e2ee', ...basic, ...(plaintextReasoning ? { plaintextReasoning } : {}) })
        return collect(session.stream(ask()))
      }
      const reasoningText = (events: ChatStreamEvent[]) => reasoningOf(events).map((e) => (e.type === 'delta' ? e.reasoning : '')).join('')

      it('a plaintext copy there is refused by default, and marked when allowed (the text shown once, decrypted)', async () => {
        const refused = await reasoningChat((d) => void (d.reasoning = 'The user wrote, in plaintext'))
        expect(codeOf(refused.error)).toBe('E2EE_PLAINTEXT_CHUNK')
        expect((refused.error as { details?: { field?: string } }).details?.field).toBe('reasoning')
        const allowed = await reasoningChat((d) => void (d.reasoning = 'The user wrote, in plaintext'), 'allow')
        expect(reasoningOf(allowed.events).every((e) => e.type === 'delta' && !e.reasoningEncrypted)).toBe(true)
        expect(reasoningText(allowed.events)).toContain('The user wrote')
        expect(reasoningText(allowed.events)).not.toContain('in plaintext')
      })

      it('reasoning_content empty and the reasoning there: read, whether ciphertext (decrypted) or plaintext (refused)', async () => {
        const moved = await reasoningChat((d) => void ((d.reasoning = d.reasoning_content), (d.reasoning_content = '')))
        expect(moved.error).not.toMatchObject({ code: 'E2EE_PLAINTEXT_CHUNK' })
        expect(reasoningText(moved.events)).toContain('The user wrote')
        expect(reasoningOf(moved.events).every((e) => e.type === 'delta' && e.reasoningEncrypted)).toBe(true)
        const plain = await reasoningChat((d) => void ((d.reasoning = 'thinking in plaintext'), (d.reasoning_content = '')))
        expect(codeOf(plain.error)).toBe('E2EE_PLAINTEXT_CHUNK')
      })

      it('the same ciphertext in both (as some servers send it) is read once', async () => {
        const both = await reasoningChat((d) => void (d.reasoning = d.reasoning_content))
        expect(both.error).not.toMatchObject({ code: 'E2EE_PLAINTEXT_CHUNK' })
        expect(reasoningText(both.events).match(/The user wrote/g)).toHaveLength(1)
      })
    })

    it("encrypted reasoning is marked encrypted, with 'allow' too", async () => {
      const { error, events } = await chat({ model: REASONING, plaintextReasoning: 'allow' })
      expect(error).toBeUndefined()
      const reasoning = reasoningOf(events)
      expect(reasoning.length).toBeGreaterThan(0)
      expect(reasoning.every((e) => e.type === 'delta' && e.reasoningEncrypted === true)).toBe(true)
    })
  })

  it('a slow stream can be abandoned through the AbortSignal', async () => {
    const { client, basic } = setup({ fault: 'slow-stream', slowStreamDelayMs: 5_000 })
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic })
    const started = Date.now()
    const { error } = await collect(session.stream(ask(), { signal: AbortSignal.timeout(200) }))
    expect(codeOf(error)).toBe('ABORTED')
    expect(Date.now() - started).toBeLessThan(4_000)
  })

  it('the attestation error carries the failed report', async () => {
    const { error } = await chat({ fault: 'wrong-nonce' })
    const report = (error as { report?: { verdict: string; checks: { id: string; status: string }[] } }).report
    expect(report?.verdict).toBe('failed')
    expect(report?.checks.find((c) => c.id === 'nonce.match')?.status).toBe('failed')
  })
})

describe('TEE and plain chats', () => {
  it('TEE: plaintext stream, attested, signature verified against the exact bytes', async () => {
    const { client, sim, basic } = setup()
    const session = createChatSession(client, { model: TEE, mode: 'tee', ...basic })
    const { text, events, error } = await collect(session.stream(ask()))
    expect(error).toBeUndefined()
    expect(text).toContain(PROMPT)
    const sig = events.find((e) => e.type === 'signature')
    expect(sig?.type === 'signature' && sig.signature.status === 'verified' && sig.signature.signingAddress).toBe(sim.signingAddress(TEE))
  })

  it('TEE: a signature by another key fails the chat', async () => {
    const { client, basic } = setup({ fault: 'bad-signature' })
    const session = createChatSession(client, { model: TEE, mode: 'tee', ...basic })
    const { error } = await collect(session.stream(ask()))
    expect(codeOf(error)).toBe('SIGNATURE_ADDRESS_MISMATCH')
  })

  it('a model without attestation is refused unless explicitly allowed', async () => {
    const { client } = setup()
    expect(() => createChatSession(client, { model: PLAIN, mode: 'none' })).toThrowError(expect.objectContaining({ code: 'ATTESTATION_REQUIRED' }))
    const session = createChatSession(client, { model: PLAIN, mode: 'none', allowUnattested: true })
    const { text, error } = await collect(session.stream(ask()))
    expect(error).toBeUndefined()
    expect(text).toContain(PROMPT)
  })
})

describe('simulated evidence under the standard policy', () => {
  it('fails with the default Intel/NVIDIA roots: the simulator is not a real enclave', async () => {
    const { client } = setup()
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee' })
    const { error } = await collect(session.stream(ask()))
    expect(codeOf(error)).toBe('ATTESTATION_POLICY_FAILED')
    const report = (error as { report?: { checks: { id: string; status: string }[] } }).report!
    expect(report.checks.find((c) => c.id === 'tdx.pck.chain')?.status).toBe('failed')
    expect(report.checks.find((c) => c.id === 'gpu.0.chain')?.status).toBe('failed')
  })

  it('passes with the simulator roots trusted explicitly, and the report says simulated', async () => {
    const { client, sim } = setup()
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', policy: 'standard', trustedRoots: sim.trustedRoots() })
    const { error, events, text } = await collect(session.stream(ask()))
    expect(error).toBeUndefined()
    expect(text).toContain(PROMPT)
    const attested = events.find((e) => e.type === 'attested')
    const report = attested?.type === 'attested' ? attested.attestation.report : undefined
    expect(report?.verdict).toBe('passed')
    expect(report?.simulated).toBe(true)
    for (const id of ['tdx.quote.signature', 'tdx.qe.signature', 'tdx.pck.chain', 'tdx.reportdata', 'tdx.debug', 'gpu.0.signature', 'gpu.0.nonce', 'gpu.1.chain']) {
      expect(report?.checks.find((c) => c.id === id)?.status, id).toBe('passed')
    }
  })

  it('with the simulator roots, the REPORTDATA fault still fails under standard', async () => {
    const { client, sim } = setup({ fault: 'report-data-mismatch' })
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', trustedRoots: sim.trustedRoots() })
    const { error } = await collect(session.stream(ask()))
    expect(codeOf(error)).toBe('ATTESTATION_REPORT_DATA_MISMATCH')
  })
})

describe('conversation history on the wire', () => {
  it('a second E2EE turn carries no plaintext of the first: assistant history is encrypted too', async () => {
    const { client: spy, chats, basic } = recordingSetup()
    const session = createChatSession(spy, { model: E2EE, mode: 'e2ee', ...basic })
    const first = await collect(session.stream(ask('first secret question')))
    expect(first.text).toContain('first secret question')
    const history: ChatMessage[] = [...ask('first secret question'), { role: 'assistant', content: first.text }, { role: 'user', content: 'and then?' }]
    const second = await collect(session.stream(history))
    expect(second.error).toBeUndefined()
    expect(second.text).toContain('and then?')
    expect(chats[1]!.body).not.toContain('secret')
    for (const m of JSON.parse(chats[1]!.body).messages) expect(m.content).toMatch(/^[0-9a-f]{186,}$/)
  })

  it("encryptRoles: ['user', 'system'] restores the seed's rule", async () => {
    const { client: spy, chats, basic } = recordingSetup()
    const session = createChatSession(spy, { model: E2EE, mode: 'e2ee', ...basic, encryptRoles: ['user', 'system'] })
    await collect(session.stream([{ role: 'assistant', content: 'earlier reply' }, { role: 'user', content: 'hi' }]))
    expect(JSON.parse(chats[0]!.body).messages[0].content).toBe('earlier reply')
  })
})

/**
 * A client whose chat responses arrive re-cut into small pieces (1..13 bytes, so every
 * JSON field and UTF-8 sequence is split somewhere), with optionally one byte flipped:
 * the last digit of the last chunk's `created` (a field nothing reads, so only the hash sees it).
 */
function rechunkingSetup(flip: boolean) {
  const { client, sim, basic } = setup()
  const cut = (bytes: Uint8Array): Uint8Array[] => {
    const pieces: Uint8Array[] = []
    for (let at = 0, n = 0; at < bytes.length; n++) {
      const size = 1 + ((n * 7 + 3) % 13)
      pieces.push(bytes.slice(at, at + size))
      at += size
    }
    return pieces
  }
  const recut = createClient({
    baseURL: client.baseURL,
    fetch: async (input, init) => {
      const response = await client.fetch(input, init)
      if (!String(input).endsWith('/chat/completions')) return response
      const bytes = new Uint8Array(await response.arrayBuffer())
      if (flip) {
        const text = new TextDecoder().decode(bytes)
        const at = text.indexOf(',', text.lastIndexOf('"created":')) - 1
        expect(String.fromCharCode(bytes[at]!)).toMatch(/[0-9]/)
        bytes[at]! ^= 1 // the last digit stays a digit
      }
      const pieces = cut(bytes)
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = pieces.shift()
          if (next) controller.enqueue(next)
          else controller.close()
        },
      })
      return new Response(body, { status: response.status, headers: response.headers })
    },
  })
  return { client: recut, sim, basic }
}

describe('the response signature covers exactly the streamed bytes (hashed as they arrive, not kept)', () => {
  for (const [model, mode] of [
    [E2EE, 'e2ee'],
    [TEE, 'tee'],
  ] as const) {
    it(`${mode}: verified over a body cut into 1..13-byte pieces`, async () => {
      const { client, sim, basic } = rechunkingSetup(false)
      const { text, events, error } = await collect(createChatSession(client, { model, mode, ...basic }).stream(ask()))
      expect(error).toBeUndefined()
      expect(text).toContain(PROMPT)
      const sig = events.find((e) => e.type === 'signature')
      expect(sig?.type === 'signature' && sig.signature.status === 'verified' && sig.signature.signingAddress).toBe(sim.signingAddress(model))
    })

    it(`${mode}: one flipped byte that parses fine fails the signature with SIGNATURE_HASH_MISMATCH`, async () => {
      const { client, basic } = rechunkingSetup(true)
      const { text, error } = await collect(createChatSession(client, { model, mode, ...basic }).stream(ask()))
      expect(text).toContain(PROMPT) // the text itself arrived intact
      expect(codeOf(error)).toBe('SIGNATURE_HASH_MISMATCH')
      expect((error as { details?: unknown }).details).toEqual({ request: 'match', response: 'mismatch' })
    })
  }
})
