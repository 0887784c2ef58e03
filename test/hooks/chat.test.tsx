// @vitest-environment jsdom
import { act, renderHook, waitFor } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import { encrypt } from '../../src/core/crypto/e2ee.ts'
import { createLocalKeyHolder } from '../../src/core/crypto/local-key-holder.ts'
import { createMemoryStorage } from '../../src/core/storage/memory.ts'
import { useEncryptedChat, type SealkitUIMessage } from '../../src/hooks/index.ts'
import { simulatedReply } from '../../src/simulator/index.ts'
import { E2EE_MODEL, E2EE_REASONING_MODEL, PLAIN_MODEL, TEE_MODEL, renderChat, setup, textOfMessage } from './helpers.tsx'

const assistant = (messages: readonly SealkitUIMessage[]) => messages.filter((m) => m.role === 'assistant').at(-1)

describe('useEncryptedChat: E2EE', () => {
  test('ready -> submitted -> streaming -> ready, with the privacy facts on the message', async () => {
    const h = setup()
    const chat = renderChat(h, { model: E2EE_MODEL })
    await chat.send('What is 2+2?')

    expect(chat.statuses()).toEqual(['ready', 'submitted', 'streaming', 'ready'])
    const { messages, error } = chat.result.current
    expect(error).toBeUndefined()
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    expect(messages[0]!.parts).toEqual([{ type: 'text', text: 'What is 2+2?' }])
    const reply = messages[1]!
    expect(textOfMessage(reply)).toContain('You said: "What is 2+2?"')
    expect(reply.parts.every((p) => p.state === 'done')).toBe(true)
    const meta = reply.metadata!
    expect(meta.privacy).toBe('e2ee')
    expect(meta.model).toBe(E2EE_MODEL)
    expect(meta.signature).toBe('verified')
    expect(meta.incomplete).toBeUndefined()
    expect(meta.errorCode).toBeUndefined()
    expect(meta.requestId).toMatch(/^chatcmpl-/)
    expect(meta.finishReason).toBe('stop')
    expect(meta.attestation).toMatchObject({ model: E2EE_MODEL, verdict: 'passed', policy: 'standard', simulated: true, signingAddress: h.sim.signingAddress(E2EE_MODEL) })
    expect(meta.attestation!.nonce).toMatch(/^[0-9a-f]{64}$/)
    expect(meta.signatureDetails!.signingAddress).toBe(h.sim.signingAddress(E2EE_MODEL))
    expect(meta.signatureDetails!.text).toContain(meta.signatureDetails!.responseHash)
  })

  test('the prompt never crosses the wire in plaintext; the headers carry the session key and the attested key', async () => {
    const h = setup()
    const chat = renderChat(h, { model: E2EE_MODEL })
    await chat.send('my secret question')
    const post = h.requests.find((r) => r.method === 'POST')!
    expect(post.body).not.toContain('my secret question')
    expect(post.headers['X-Venice-TEE-Model-Pub-Key']).toBe(h.sim.signingKey(E2EE_MODEL))
    expect(post.headers['X-Venice-TEE-Client-Pub-Key']).toBe(chat.result.current.session.clientPublicKey)
    expect(JSON.parse(post.body!).venice_parameters).toEqual({ enable_e2ee: true })
  })

  test('reasoning arrives as its own part before the text, both decrypted', async () => {
    const h = setup()
    const chat = renderChat(h, { model: E2EE_REASONING_MODEL })
    await chat.send('think')
    const reply = assistant(chat.result.current.messages)!
    expect(reply.parts.map((p) => p.type)).toEqual(['reasoning', 'text'])
    expect(reply.parts[0]!.text).toContain('The user wrote 5 characters')
    expect(reply.metadata!.plaintextReasoning).toBeUndefined()
  })

  test('reasoning the server sends in plaintext ends the reply by default; allowed, the reply says so in plaintextReasoning', async () => {
    const h = setup()
    h.faults.names = ['plaintext-reasoning']
    const refused = renderChat(h, { model: E2EE_REASONING_MODEL })
    await refused.send('think')
    expect(refused.result.current.error?.code).toBe('E2EE_PLAINTEXT_CHUNK')
    expect(assistant(refused.result.current.messages)?.parts.some((p) => p.type === 'reasoning' && p.text !== '') ?? false).toBe(false)
    refused.unmount()

    const allowed = renderChat(h, { model: E2EE_REASONING_MODEL, plaintextReasoning: 'allow' })
    await allowed.send('think')
    const reply = assistant(allowed.result.current.messages)!
    expect(reply.parts.map((p) => p.type)).toEqual(['reasoning', 'text'])
    expect(reply.parts[0]!.text).toContain('The user wrote 5 characters')
    expect(reply.metadata).toMatchObject({ privacy: 'e2ee', plaintextReasoning: true, signature: 'verified' })
  })

  test("each reply leaves its way to the first words on the page's timeline: sent, session in hand, encrypted, request sent, first chunk in, first words decrypted", async () => {
    const h = setup()
    const chat = renderChat(h, { model: E2EE_MODEL })
    performance.clearMarks()
    await chat.send('one')
    await chat.send('two')
    // The conversation encrypted ahead at idle between the two replies has marks of its own (chat-ahead): not a reply's.
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('sealkit:chat-') && !m.name.startsWith('sealkit:chat-ahead'))
    const reply = ['send', 'session', 'encrypted', 'request', 'first-chunk', 'first-words'].map((step) => `sealkit:chat-${step}`)
    expect(marks.map((m) => m.name)).toEqual([...reply, ...reply])
    const times = marks.map((m) => m.startTime)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    // The request is the POST the simulator saw, once per reply.
    expect(h.requests.filter((r) => r.method === 'POST')).toHaveLength(2)
  })

  test('a second turn sends the history and is answered in turn', async () => {
    const h = setup()
    const chat = renderChat(h, { model: E2EE_MODEL })
    await chat.send('first')
    await chat.send('second')
    const { messages } = chat.result.current
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant'])
    expect(textOfMessage(messages[3])).toContain('You said: "second"')
    const lastPost = h.requests.filter((r) => r.method === 'POST').at(-1)!
    expect(JSON.parse(lastPost.body!).messages).toHaveLength(3)
    // One attestation served both turns (the cache is fresh for 5 minutes).
    expect(h.requests.filter((r) => r.url.includes('/tee/attestation'))).toHaveLength(1)
  })
})

describe('useEncryptedChat: TEE and unattested models', () => {
  test('TEE: plaintext to the attested enclave, the response signature verified', async () => {
    const h = setup()
    const chat = renderChat(h, { model: TEE_MODEL })
    await chat.send('hello tee')
    expect(chat.statuses()).toEqual(['ready', 'submitted', 'streaming', 'ready'])
    const reply = assistant(chat.result.current.messages)!
    expect(textOfMessage(reply)).toContain('You said: "hello tee"')
    expect(reply.metadata).toMatchObject({ privacy: 'tee', signature: 'verified', attestation: { signingAddress: h.sim.signingAddress(TEE_MODEL) } })
    const post = h.requests.find((r) => r.method === 'POST')!
    expect(post.body).toContain('hello tee')
    expect(post.headers['X-Venice-TEE-Client-Pub-Key']).toBeUndefined()
    expect(chat.result.current.session.clientPublicKey).toBeUndefined()
  })

  test('a model without attestation is refused: error ATTESTATION_REQUIRED, the message kept, nothing sent', async () => {
    const h = setup()
    const onError = vi.fn()
    const chat = renderChat(h, { model: PLAIN_MODEL, onError })
    await chat.send('hello')
    expect(chat.statuses()).toEqual(['ready', 'submitted', 'error'])
    expect(chat.result.current.error?.code).toBe('ATTESTATION_REQUIRED')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'ATTESTATION_REQUIRED' }))
    expect(chat.result.current.messages.map((m) => m.role)).toEqual(['user'])
    expect(h.requests.some((r) => r.method === 'POST')).toBe(false)
    expect(chat.result.current.session.status).toBe('error')
  })

  test('allowUnattested opts out explicitly: privacy none, signature skipped', async () => {
    const h = setup()
    const chat = renderChat(h, { model: PLAIN_MODEL, allowUnattested: true })
    await chat.send('hello')
    expect(chat.result.current.status).toBe('ready')
    const reply = assistant(chat.result.current.messages)!
    expect(reply.metadata).toMatchObject({ privacy: 'none', signature: 'skipped' })
    expect(reply.metadata!.attestation).toBeUndefined()
    expect(h.requests.some((r) => r.url.includes('/tee/attestation'))).toBe(false)
  })

  test('allowUnattested on a TEE model skips attestation and signatures', async () => {
    const h = setup()
    const chat = renderChat(h, { model: TEE_MODEL, allowUnattested: true })
    await chat.send('hello')
    expect(assistant(chat.result.current.messages)!.metadata).toMatchObject({ privacy: 'tee', signature: 'skipped' })
    expect(h.requests.some((r) => r.url.includes('/tee/'))).toBe(false)
  })

  test('an explicit privacy mode skips the models lookup', async () => {
    const h = setup()
    const chat = renderChat(h, { model: TEE_MODEL, privacy: 'tee' })
    await chat.send('hello')
    expect(chat.result.current.status).toBe('ready')
    expect(h.requests.some((r) => r.url.endsWith('/models'))).toBe(false)
  })

  test('an unknown model ends in MODEL_NOT_FOUND', async () => {
    const h = setup()
    const chat = renderChat(h, { model: 'e2ee-does-not-exist' })
    await chat.send('hello')
    expect(chat.result.current.error?.code).toBe('MODEL_NOT_FOUND')
  })
})

describe('useEncryptedChat: StrictMode and no model', () => {
  test('works under StrictMode (double effects, double render)', async () => {
    const h = setup()
    const chat = renderChat(h, { model: E2EE_MODEL }, { strict: true })
    const id = chat.result.current.id
    await chat.send('strict')
    expect(chat.result.current.status).toBe('ready')
    expect(chat.result.current.id).toBe(id)
    expect(textOfMessage(assistant(chat.result.current.messages))).toContain('You said: "strict"')
    expect(h.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  test('without a model, sending ends in an error and keeps the message', async () => {
    const h = setup()
    const chat = renderChat(h, { model: undefined })
    await chat.send('anyone?')
    expect(chat.result.current.error?.code).toBe('INVALID_ARGUMENT')
    expect(chat.result.current.messages).toHaveLength(1)
  })

  test('changing allowUnattested mid-stream ends the request like stop()', async () => {
    // 2 s of stream: the change lands mid-stream even when a loaded machine stalls this process.
    const h = setup({ sim: { chunkDelayMs: 50, chunks: 40 } })
    const chat = renderChat(h, { model: TEE_MODEL })
    let done: Promise<void> | undefined
    act(() => {
      done = chat.result.current.sendMessage({ text: 'options change' })
    })
    await waitFor(() => expect(chat.result.current.status).toBe('streaming'))
    chat.rerender({ allowUnattested: true })
    await act(() => done)
    expect(chat.result.current.status).toBe('ready')
    expect(assistant(chat.result.current.messages)!.metadata).toMatchObject({ incomplete: true, errorCode: 'ABORTED' })
  })
})

describe('useEncryptedChat: stop, regenerate, setMessages, clearError', () => {
  test('stop keeps what arrived, marks it incomplete, and returns to ready', async () => {
    // 2.4 s of stream (paced on a schedule, so a stall of this process is caught up at once): stop lands mid-stream.
    const h = setup({ sim: { chunkDelayMs: 60, chunks: 40 } })
    const onFinish = vi.fn()
    const chat = renderChat(h, { model: E2EE_MODEL, onFinish })
    let done: Promise<void> | undefined
    act(() => {
      done = chat.result.current.sendMessage({ text: 'long answer please' })
    })
    await waitFor(() => expect(textOfMessage(assistant(chat.result.current.messages)).length).toBeGreaterThan(0))
    await act(() => chat.result.current.stop())
    await act(() => done)

    expect(chat.result.current.status).toBe('ready')
    expect(chat.result.current.error).toBeUndefined()
    expect(chat.statuses()).toEqual(['ready', 'submitted', 'streaming', 'ready'])
    const reply = assistant(chat.result.current.messages)!
    const kept = textOfMessage(reply)
    expect(kept.length).toBeGreaterThan(0)
    const full = simulatedReply('long answer please', 'e2ee')
    expect(kept.length).toBeLessThan(full.length)
    expect(full.startsWith(kept)).toBe(true)
    expect(reply.metadata).toMatchObject({ incomplete: true, errorCode: 'ABORTED', signature: 'unavailable' })
    expect(onFinish).toHaveBeenCalledTimes(1)
    expect(onFinish.mock.calls[0]![0]).toMatchObject({ isAbort: true, isError: false })

    // Usable again at once.
    await chat.send('next')
    expect(textOfMessage(assistant(chat.result.current.messages))).toContain('You said: "next"')
  })

  test('stop while still submitted (attesting) ends without an assistant message', async () => {
    const h = setup({ sim: { fault: 'slow-stream', slowStreamDelayMs: 5_000 } })
    const chat = renderChat(h, { model: TEE_MODEL })
    let done: Promise<void> | undefined
    act(() => {
      done = chat.result.current.sendMessage({ text: 'hi' })
    })
    expect(chat.result.current.status).toBe('submitted')
    await act(() => chat.result.current.stop())
    await act(() => done)
    expect(chat.result.current.status).toBe('ready')
    expect(chat.result.current.messages.map((m) => m.role)).toEqual(['user'])
  })

  test('sendMessage while a response is in progress rejects; the running one is unaffected', async () => {
    const h = setup({ sim: { chunkDelayMs: 20 } })
    const chat = renderChat(h, { model: TEE_MODEL })
    let done: Promise<void> | undefined
    act(() => {
      done = chat.result.current.sendMessage({ text: 'one' })
    })
    await expect(chat.result.current.sendMessage({ text: 'two' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await waitFor(() => expect(chat.result.current.status).toBe('ready'))
    await act(() => done)
    expect(chat.result.current.messages.map((m) => textOfMessage(m).slice(0, 15))).toEqual(['one', 'You said: "one"'])
  })

  test('regenerate replaces the last answer', async () => {
    const h = setup()
    const chat = renderChat(h, { model: E2EE_MODEL })
    await chat.send('again')
    const first = assistant(chat.result.current.messages)!
    await act(() => chat.result.current.regenerate())
    const { messages } = chat.result.current
    expect(messages).toHaveLength(2)
    expect(messages[1]!.id).not.toBe(first.id)
    expect(textOfMessage(messages[1])).toContain('You said: "again"')
    expect(messages[1]!.metadata!.requestId).not.toBe(first.metadata!.requestId)
  })

  test('regenerate after an error retries the same user message', async () => {
    const h = setup()
    const chat = renderChat(h, { model: E2EE_MODEL })
    h.faults.names = ['wrong-nonce']
    await chat.send('retry me')
    expect(chat.result.current.status).toBe('error')
    h.faults.names = []
    await act(() => chat.result.current.regenerate())
    expect(chat.result.current.status).toBe('ready')
    expect(chat.result.current.error).toBeUndefined()
    expect(chat.result.current.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
  })

  test('sendMessage with messageId edits a message and drops what followed', async () => {
    const h = setup()
    const chat = renderChat(h, { model: TEE_MODEL })
    await chat.send('original')
    const userId = chat.result.current.messages[0]!.id
    await act(() => chat.result.current.sendMessage({ text: 'edited', messageId: userId }))
    const { messages } = chat.result.current
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    expect(messages[0]!.id).toBe(userId)
    expect(textOfMessage(messages[1])).toContain('You said: "edited"')
  })

  test('setMessages replaces the conversation (value or updater); clearError returns to ready', async () => {
    const h = setup()
    const chat = renderChat(h, { model: PLAIN_MODEL })
    await chat.send('refused')
    expect(chat.result.current.status).toBe('error')
    act(() => chat.result.current.clearError())
    expect(chat.result.current.status).toBe('ready')
    expect(chat.result.current.error).toBeUndefined()
    act(() => chat.result.current.setMessages([]))
    expect(chat.result.current.messages).toEqual([])
    act(() => chat.result.current.setMessages((prev) => [...prev, { id: 'x', role: 'user', parts: [{ type: 'text', text: 'restored' }] }]))
    expect(chat.result.current.messages.map((m) => m.id)).toEqual(['x'])
  })
})

describe('useEncryptedChat: identity, callbacks, throttle', () => {
  test('an undefined id never recreates the chat; a new id starts a new one', async () => {
    const h = setup()
    const chat = renderChat(h, { model: TEE_MODEL })
    const firstId = chat.result.current.id
    await chat.send('keep me')
    chat.rerender({ onFinish: () => undefined })
    chat.rerender({ experimental_throttle: 10 })
    expect(chat.result.current.id).toBe(firstId)
    expect(chat.result.current.messages).toHaveLength(2)

    chat.rerender({ id: 'chat-2', messages: [{ id: 'm0', role: 'user', parts: [{ type: 'text', text: 'seeded' }] }] })
    expect(chat.result.current.id).toBe('chat-2')
    expect(chat.result.current.messages.map((m) => m.id)).toEqual(['m0'])
    chat.rerender({ messages: [] })
    expect(chat.result.current.messages.map((m) => m.id)).toEqual(['m0'])
  })

  test('the latest onFinish / onError are called, not the ones from the first render', async () => {
    const h = setup()
    const stale = vi.fn()
    const fresh = vi.fn()
    const staleError = vi.fn()
    const freshError = vi.fn()
    const chat = renderChat(h, { model: TEE_MODEL, onFinish: stale, onError: staleError })
    chat.rerender({ onFinish: fresh, onError: freshError })
    await chat.send('hello')
    expect(stale).not.toHaveBeenCalled()
    expect(fresh).toHaveBeenCalledTimes(1)
    const info = fresh.mock.calls[0]![0]
    expect(info).toMatchObject({ isAbort: false, isError: false })
    expect(textOfMessage(info.message)).toContain('You said: "hello"')
    expect(info.messages).toHaveLength(2)

    h.faults.names = ['stream-error']
    await chat.send('fail')
    expect(staleError).not.toHaveBeenCalled()
    expect(freshError).toHaveBeenCalledWith(expect.objectContaining({ code: 'STREAM_ERROR' }))
    expect(fresh).toHaveBeenCalledTimes(2)
    expect(fresh.mock.calls[1]![0]).toMatchObject({ isError: true })
  })

  test('generateId names the messages', async () => {
    const h = setup()
    let n = 0
    const chat = renderChat(h, { model: TEE_MODEL, generateId: () => `id-${++n}` })
    await chat.send('hello')
    expect(chat.result.current.messages.map((m) => m.id)).toEqual(['id-1', 'id-2'])
  })

  test('experimental_throttle batches streaming re-renders; the text is the same', async () => {
    const runWith = async (throttle: number | undefined) => {
      const h = setup({ sim: { chunks: 40, chunkDelayMs: 2 } })
      const chat = renderChat(h, { model: TEE_MODEL, ...(throttle !== undefined ? { experimental_throttle: throttle } : {}) })
      await chat.send('count my renders')
      return { renders: chat.renders(), text: textOfMessage(assistant(chat.result.current.messages)), statuses: chat.statuses() }
    }
    const every = await runWith(undefined)
    const throttled = await runWith(200)
    expect(throttled.text).toBe(every.text)
    expect(every.renders).toBeGreaterThan(30)
    expect(throttled.renders).toBeLessThan(every.renders / 3)
    expect(throttled.statuses).toEqual(['ready', 'submitted', 'streaming', 'ready'])
  })

  test('changing the model stops the running request and destroys the old session', async () => {
    const h = setup({ sim: { chunkDelayMs: 50, chunks: 40 } })
    const chat = renderChat(h, { model: E2EE_MODEL })
    let done: Promise<void> | undefined
    act(() => {
      done = chat.result.current.sendMessage({ text: 'switch' })
    })
    await waitFor(() => expect(chat.result.current.status).toBe('streaming'))
    const oldSession = chat.result.current.session.session!
    chat.rerender({ model: TEE_MODEL })
    await act(() => done)
    expect(oldSession.destroyed).toBe(true)
    expect(chat.result.current.status).toBe('ready')
    expect(assistant(chat.result.current.messages)!.metadata).toMatchObject({ incomplete: true, errorCode: 'ABORTED' })
    await waitFor(() => expect(chat.result.current.session.privacy).toBe('tee'))
    await chat.send('on tee now')
    expect(assistant(chat.result.current.messages)!.metadata!.privacy).toBe('tee')
  })
})

describe('useEncryptedChat: a restored conversation is encrypted ahead of its first send', () => {
  /** A chat whose storage holds 30 messages, opened again with a key holder that encrypts (as the worker does) and records each call. */
  async function restoredChat() {
    const storage = createMemoryStorage()
    const h = setup()
    const history = Array.from({ length: 30 }, (_, i) => ({ id: `m${i}`, role: i % 2 ? ('assistant' as const) : ('user' as const), parts: [{ type: 'text' as const, text: `kept ${i}` }] }))
    const first = renderHook(() => useEncryptedChat({ model: E2EE_MODEL, storage }), { wrapper: h.wrapper })
    await waitFor(() => expect(first.result.current.storage?.status).toBe('ready'))
    first.result.current.setMessages(history)
    await waitFor(() => expect(storage.load('default')).resolves.toMatchObject({ messages: expect.arrayContaining([expect.objectContaining({ id: 'm29' })]) }))
    first.unmount()

    const encrypted: string[][] = []
    const local = createLocalKeyHolder()
    const keyHolder = () => ({
      publicKeyHex: local.publicKeyHex,
      decrypt: local.decrypt,
      destroy: () => {},
      encrypt: async (plaintexts: string[], recipient: string) => {
        encrypted.push([...plaintexts])
        return plaintexts.map((p) => encrypt(p, recipient))
      },
    })
    const chat = renderHook(() => useEncryptedChat({ model: E2EE_MODEL, storage, keyHolder }), { wrapper: h.wrapper })
    await waitFor(() => expect(chat.result.current.messages).toHaveLength(30))
    return { chat, encrypted, texts: history.map((m) => m.parts[0]!.text) }
  }

  test('once the session is ready: the first send encrypts only its own message, and the enclave reads it all', async () => {
    const { chat, encrypted, texts } = await restoredChat()
    // The key holder encrypts (as the worker does): the conversation goes to it in one message.
    await waitFor(() => expect(encrypted).toEqual([texts]))
    await act(() => chat.result.current.sendMessage({ text: 'one more' }))
    expect(chat.result.current.error).toBeUndefined()
    expect(encrypted.flat().slice(30)).toEqual(['one more'])
    expect(textOfMessage(chat.result.current.messages.at(-1))).toContain('one more')
  })

  test('in an idle period of 40 ms or more: not in the gaps between frames of a page still mounting rows', async () => {
    // The browser's idle periods, handed out by the test: short ones first, as between the frames of a view that
    // mounts a long conversation a step per frame, then one of a settled page.
    const periods: Array<(deadline: IdleDeadline) => void> = []
    vi.stubGlobal('requestIdleCallback', (run: (deadline: IdleDeadline) => void) => periods.push(run))
    vi.stubGlobal('cancelIdleCallback', () => {})
    let opened: Awaited<ReturnType<typeof restoredChat>> | undefined
    try {
      opened = await restoredChat()
      const { encrypted, texts } = opened
      const idle = (ms: number) => act(() => periods.splice(0).forEach((run) => run({ didTimeout: false, timeRemaining: () => ms })))
      await waitFor(() => expect(periods.length).toBeGreaterThan(0))
      for (let i = 0; i < 5; i++) {
        await idle(14)
        expect(encrypted).toEqual([])
      }
      await idle(49)
      await waitFor(() => expect(encrypted).toEqual([texts]))
    } finally {
      opened?.chat.unmount()
      vi.unstubAllGlobals()
    }
  })
})
