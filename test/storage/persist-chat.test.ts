import { describe, expect, test } from 'vitest'
import { createChatStore, textOf, type SealkitUIMessage } from '../../src/core/chat/index.ts'
import { publicKeyToAddress, signPersonalMessage } from '../../src/core/crypto/eth.ts'
import { bytesToHex } from '../../src/core/crypto/hex.ts'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import type { AttestedModel } from '../../src/core/session/attest.ts'
import type { ChatSession, ChatStreamEvent } from '../../src/core/session/chat-session.ts'
import { createMemoryStorage, parseStoredConversation, persistChat, type ChatStorage, type StoredConversation } from '../../src/core/storage/index.ts'

/** Persistence over the framework-free store, with a scripted session and the memory adapter. */

/** The enclave's signing key: replies are really signed, so a restore can check them again. */
const ENCLAVE_KEY = new Uint8Array(32).fill(7)
const ENCLAVE_PUBLIC = secp256k1.getPublicKey(ENCLAVE_KEY, false)
const SIGNED_TEXT = `e2ee-test:${'a'.repeat(64)}:${'b'.repeat(64)}`
const ATTESTED: AttestedModel = {
  model: 'e2ee-test',
  signingKey: bytesToHex(ENCLAVE_PUBLIC),
  signingAddress: publicKeyToAddress(ENCLAVE_PUBLIC),
  nonce: 'cd'.repeat(32),
  report: { verdict: 'passed', policy: 'standard', checks: [], verifiedAt: '2026-01-01T00:00:00.000Z' },
}
const SIGNED: ChatStreamEvent = {
  type: 'signature',
  signature: {
    status: 'verified',
    signingAddress: ATTESTED.signingAddress,
    text: SIGNED_TEXT,
    signature: signPersonalMessage(SIGNED_TEXT, ENCLAVE_KEY),
    requestHash: 'a'.repeat(64),
    responseHash: 'b'.repeat(64),
  },
}

function session(events: ChatStreamEvent[], gate?: Promise<void>): ChatSession {
  return {
    model: 'e2ee-test',
    mode: 'e2ee',
    attestation: undefined,
    clientPublicKey: undefined,
    destroyed: false,
    attest: async () => ATTESTED,
    async *stream() {
      yield { type: 'attested', attestation: ATTESTED }
      for (const [i, event] of events.entries()) {
        if (i === 1 && gate) await gate
        yield event
      }
    },
    destroy() {},
  }
}
const delta = (content: string): ChatStreamEvent => ({ type: 'delta', content, reasoning: '', reasoningEncrypted: true })
const FINISH: ChatStreamEvent = { type: 'finish', requestId: 'chatcmpl-1', finishReason: 'stop', usage: undefined }

const settled = (p: ReturnType<typeof persistChat>) =>
  new Promise<void>((resolve) => {
    if (p.getState().status !== 'loading') return resolve()
    const off = p.subscribe(() => {
      if (p.getState().status !== 'loading') {
        off()
        resolve()
      }
    })
  })
/** Lets pending saves (a promise chain) run. */
const drain = () => new Promise((r) => setTimeout(r, 10))

describe('persistChat', () => {
  test('a reload restores the messages and the model; the reply keeps what was verified, stamped "when received"', async () => {
    const storage = createMemoryStorage()
    const first = createChatStore({ id: 'c1', getSession: async () => session([delta('Hello '), delta('there'), FINISH, SIGNED]), throttleMs: 0 })
    const p1 = persistChat(first, storage, { model: 'e2ee-test', now: () => new Date('2026-11-30T07:00:00Z') })
    await settled(p1)
    await first.sendMessage({ text: 'hi' })
    await drain()
    p1.destroy()

    const second = createChatStore({ id: 'c1', getSession: async () => session([]), throttleMs: 0 })
    const p2 = persistChat(second, storage)
    await settled(p2)
    expect(p2.getState()).toMatchObject({ status: 'ready', restoredModel: 'e2ee-test', error: undefined })
    const [user, reply] = second.getSnapshot().messages
    expect(user).toMatchObject({ role: 'user', parts: [{ type: 'text', text: 'hi' }] })
    expect(reply?.parts).toEqual([{ type: 'text', text: 'Hello there' }])
    expect(reply?.metadata).toMatchObject({ privacy: 'e2ee', signature: 'verified', authenticity: 'verified', restored: { receivedAt: '2026-11-30T07:00:00.000Z' } })
    // Its signature was checked again as it came back, not taken from storage on trust.
    expect(reply?.metadata?.restored?.signatureRecheckedAt).toMatch(/^\d{4}-/)
    // The stamp is the first save's: saving again later keeps it.
    await second.sendMessage({ text: 'more' })
    await drain()
    const stored = await storage.load('c1')
    expect(stored?.messages[1]?.metadata?.restored?.receivedAt).toBe('2026-11-30T07:00:00.000Z')
  })

  test('a reply saved mid-stream comes back incomplete and unsigned, never "pending"', async () => {
    const storage = createMemoryStorage()
    let open!: () => void
    const gate = new Promise<void>((r) => (open = r))
    const store = createChatStore({ id: 'c2', getSession: async () => session([delta('Half'), delta(' more'), FINISH, SIGNED], gate), throttleMs: 0 })
    const p = persistChat(store, storage)
    await settled(p)
    const done = store.sendMessage({ text: 'hi' })
    await drain()
    expect(store.getSnapshot().status).toBe('streaming')
    p.destroy() // unmount mid-stream: the waiting save happens now
    await drain()
    open()
    await done

    const restored = parseStoredConversation(await storage.load('c2'), 'c2')
    const reply = restored.messages[1]
    expect(reply?.parts).toEqual([{ type: 'text', text: 'Half' }])
    expect(reply?.metadata).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable', incomplete: true, errorCode: 'STREAM_INCOMPLETE' })
  })

  // A new user's pass: a reload in a streaming reply's first second lost it; the first save waited for the interval.
  test("a streaming reply's first words are saved at once, then at most once per interval", async () => {
    const memory = createMemoryStorage()
    const saves: StoredConversation[] = []
    const storage: ChatStorage = { ...memory, save: async (c) => (saves.push(c), memory.save(c)) }
    let open!: () => void
    const gate = new Promise<void>((r) => (open = r))
    const store = createChatStore({ id: 'c-first', getSession: async () => session([delta('First'), delta(' words'), FINISH, SIGNED], gate), throttleMs: 0 })
    const p = persistChat(store, storage)
    await settled(p)
    const done = store.sendMessage({ text: 'hi' })
    await drain()
    expect(store.getSnapshot().status).toBe('streaming')
    // Well inside the interval, the stream still held at the gate: its first words are at rest already.
    const reply = parseStoredConversation(await storage.load('c-first'), 'c-first').messages[1]
    expect(reply?.parts).toEqual([{ type: 'text', text: 'First' }])
    const streamingSaves = saves.length
    open()
    await done
    await drain()
    // The rest came within the interval: one save when the reply ended, none between.
    expect(saves.length).toBe(streamingSaves + 1)
    expect(saves.at(-1)?.messages[1]?.parts).toEqual([{ type: 'text', text: 'First words' }])
    p.destroy()
  })

  test('a record that cannot be read is an error, and is not overwritten until forgotten', async () => {
    const saves: StoredConversation[] = []
    let removed = 0
    const broken: ChatStorage = {
      info: { kind: 'broken', encryptedAtRest: false, persistent: true },
      load: async () => Promise.reject(new Error('disk says no')),
      save: async (c) => void saves.push(c),
      remove: async () => void removed++,
      clear: async () => undefined,
    }
    const store = createChatStore({ id: 'c3', getSession: async () => session([delta('ok'), FINISH, SIGNED]), throttleMs: 0 })
    const p = persistChat(store, broken)
    await settled(p)
    expect(p.getState().status).toBe('error')
    expect(p.getState().error?.code).toBe('STORAGE_FAILED')
    await store.sendMessage({ text: 'hi' })
    await drain()
    expect(saves).toHaveLength(0)

    await p.forget()
    expect(removed).toBe(1)
    expect(store.getSnapshot().messages).toEqual([])
    expect(p.getState()).toMatchObject({ status: 'ready', error: undefined })
    await store.sendMessage({ text: 'again' })
    await drain()
    expect(saves.at(-1)?.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
  })

  // An attacker's pass: one failed save left STORAGE_FAILED for good, and <PrivateChat> its alert, though later saves stored all.
  test('a save that fails is an error until a later save succeeds', async () => {
    const storage = createMemoryStorage()
    let failNext = false
    const flaky: ChatStorage = { ...storage, save: async (c) => (failNext ? ((failNext = false), Promise.reject(new Error('quota'))) : storage.save(c)) }
    const store = createChatStore({ id: 'c-flaky', getSession: async () => session([delta('answer'), FINISH, SIGNED]), throttleMs: 0 })
    const p = persistChat(store, flaky)
    await settled(p)
    failNext = true
    // Several saves run for one reply: the first fails, the ones after it store the whole conversation.
    const errors: (string | undefined)[] = []
    p.subscribe(() => errors.push(p.getState().error?.code))
    await store.sendMessage({ text: 'hi' })
    await drain()
    expect(errors).toContain('STORAGE_FAILED')
    expect(p.getState()).toMatchObject({ status: 'ready', error: undefined })
    expect((await storage.load('c-flaky'))?.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
  })

  // An attacker's pass: a remove that failed emptied the chat and said nothing, and a reload brought the record back.
  test('a forget whose record cannot be removed says so, until a later save overwrites the record', async () => {
    const storage = createMemoryStorage()
    let failRemove = true
    const stuck: ChatStorage = { ...storage, remove: async (id) => (failRemove ? Promise.reject(new Error('locked')) : storage.remove(id)) }
    const store = createChatStore({ id: 'c-stuck', getSession: async () => session([delta('answer'), FINISH, SIGNED]), throttleMs: 0 })
    const p = persistChat(store, stuck)
    await settled(p)
    await store.sendMessage({ text: 'secret' })
    await drain()
    await expect(p.forget()).rejects.toThrow('locked')
    expect(store.getSnapshot().messages).toEqual([])
    expect(p.getState()).toMatchObject({ status: 'ready', error: { code: 'STORAGE_FAILED' } })
    expect((await storage.load('c-stuck'))?.messages).toHaveLength(2)
    failRemove = false
    await store.sendMessage({ text: 'next' })
    await drain()
    expect(p.getState().error).toBeUndefined()
    expect(textOf((await storage.load('c-stuck'))!.messages[0]!)).toBe('next')
  })

  // A new user's pass: storage.clear() under a mounted chat, then one more message, and a reload brought every
  // "forgotten" message back: the chat saved what it still showed.
  test('storage.clear() under an open chat: the chat forgets too, and only what comes after it is saved', async () => {
    const storage = createMemoryStorage()
    const store = createChatStore({ id: 'c-clear', getSession: async () => session([delta('first answer'), FINISH, SIGNED]), throttleMs: 0 })
    const p = persistChat(store, storage, { model: 'm1' })
    await settled(p)
    await store.sendMessage({ text: 'a secret' })
    await drain()
    expect((await storage.load('c-clear'))?.messages).toHaveLength(2)

    await storage.clear()
    await drain()
    expect(store.getSnapshot().messages).toEqual([])
    expect(await storage.load('c-clear')).toBeUndefined()
    await store.sendMessage({ text: 'after' })
    await drain()
    const again = persistChat(createChatStore({ id: 'c-clear', getSession: async () => session([]) }), storage)
    await settled(again)
    expect(JSON.stringify(await storage.load('c-clear'))).not.toContain('a secret')
    expect((await storage.load('c-clear'))?.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    p.destroy()
    again.destroy()
  })

  test('what is sent while a cleared record is still being removed is saved once it is gone', async () => {
    const memory = createMemoryStorage()
    let release!: () => void
    const removing = new Promise<void>((r) => (release = r))
    const storage: ChatStorage = { ...memory, remove: async (id) => (await removing, memory.remove(id)) }
    const store = createChatStore({ id: 'c-slow', getSession: async () => session([delta('answer'), FINISH, SIGNED]), throttleMs: 0 })
    const p = persistChat(store, storage)
    await settled(p)
    await store.sendMessage({ text: 'before' })
    await drain()
    await storage.clear()
    await drain()
    expect(store.getSnapshot().messages).toEqual([])
    await store.sendMessage({ text: 'during' }) // the record's removal still under way
    await drain()
    release()
    await drain()
    expect((await storage.load('c-slow'))?.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    expect(JSON.stringify(await storage.load('c-slow'))).toContain('during')
    p.destroy()
  })

  // The attacker's re-check: a clear (or forget) while the stored conversation was still loading, and the load
  // restored it into the emptied chat, then saved it straight back.
  test.each([['storage.clear()'], ['forget()']])('%s while the stored conversation loads: nothing of it comes back', async (how) => {
    const storage = createMemoryStorage()
    const first = createChatStore({ id: 'c-loading', getSession: async () => session([delta('stored answer'), FINISH, SIGNED]), throttleMs: 0 })
    const before = persistChat(first, storage)
    await settled(before)
    await first.sendMessage({ text: 'a secret' })
    await drain()
    before.destroy()

    const store = createChatStore({ id: 'c-loading', getSession: async () => session([delta('new answer'), FINISH, SIGNED]), throttleMs: 0 })
    const p = persistChat(store, storage) // loading
    if (how === 'forget()') void p.forget()
    else void storage.clear()
    await settled(p)
    await drain()
    expect(p.getState()).toMatchObject({ status: 'ready', error: undefined })
    expect(store.getSnapshot().messages).toEqual([])
    expect(await storage.load('c-loading')).toBeUndefined()
    await store.sendMessage({ text: 'after' })
    await drain()
    expect(JSON.stringify(await storage.load('c-loading'))).not.toContain('a secret')
    expect((await storage.load('c-loading'))?.messages).toHaveLength(2)
    p.destroy()
  })

  test('a chat destroyed no longer follows its storage’s clear', async () => {
    const storage = createMemoryStorage()
    const store = createChatStore({ id: 'c-gone', getSession: async () => session([delta('x'), FINISH, SIGNED]), throttleMs: 0 })
    const p = persistChat(store, storage)
    await settled(p)
    await store.sendMessage({ text: 'kept on screen' })
    await drain()
    p.destroy()
    await storage.clear()
    await drain()
    expect(store.getSnapshot().messages).toHaveLength(2)
  })

  test('saves never overlap, and the last one holds the last state', async () => {
    let running = 0
    let overlapped = false
    const memory = createMemoryStorage()
    const slow: ChatStorage = {
      ...memory,
      save: async (c) => {
        running++
        if (running > 1) overlapped = true
        await new Promise((r) => setTimeout(r, 5))
        await memory.save(c)
        running--
      },
    }
    const store = createChatStore({ id: 'c4', getSession: async () => session([delta('a'), FINISH, SIGNED]), throttleMs: 0 })
    const p = persistChat(store, slow, { model: 'm1' })
    await settled(p)
    for (let i = 0; i < 5; i++) store.setMessages((m) => [...m, { id: `u${i}`, role: 'user', parts: [{ type: 'text', text: `${i}` }] }])
    p.setModel('m2')
    // Until the saves chained behind each other have run (5 ms each, later on a busy machine), not a fixed wait.
    await expect.poll(async () => (await memory.load('c4'))?.model).toBe('m2')
    expect(overlapped).toBe(false)
    const stored = await memory.load('c4')
    expect(stored?.model).toBe('m2')
    expect(stored?.messages).toHaveLength(5)
  })

  test('what the user typed while loading wins over the stored conversation', async () => {
    const storage = createMemoryStorage()
    await storage.save({ id: 'c5', messages: [{ id: 'old', role: 'user', parts: [{ type: 'text', text: 'old' }] }], savedAt: '' })
    const store = createChatStore({ id: 'c5', getSession: async () => session([]), throttleMs: 0 })
    const p = persistChat(store, storage)
    store.setMessages([{ id: 'new', role: 'user', parts: [{ type: 'text', text: 'new' }] }])
    await settled(p)
    await drain()
    expect(store.getSnapshot().messages.map((m) => m.id)).toEqual(['new'])
    expect((await storage.load('c5'))?.messages.map((m) => m.id)).toEqual(['new'])
  })

  describe('a load that does not answer', () => {
    /**
     * Memory storage holding one stored message (or none), whose load answers only when `answer()` is called; with
     * `blocked`, remove and clear wait for it too, as on a database another tab holds.
     */
    async function hangingStorage(id: string, options: { stored?: boolean; blocked?: boolean } = {}) {
      const memory = createMemoryStorage()
      if (options.stored !== false) await memory.save({ id, model: 'm-old', messages: [{ id: 'old', role: 'user', parts: [{ type: 'text', text: 'old' }] }], savedAt: '' })
      let answer!: () => void
      const answered = new Promise<void>((r) => (answer = r))
      const storage: ChatStorage = {
        ...memory,
        load: async (key) => (await answered, memory.load(key)),
        ...(options.blocked
          ? {
              // Released with the load, and a moment after it: the load answers first.
              remove: async (key: string) => (await answered, await drain(), memory.remove(key)),
              clear: async () => (await answered, await drain(), memory.clear()),
            }
          : {}),
      }
      return { storage, memory, answer }
    }
    const chat = (id: string) => createChatStore({ id, getSession: async () => session([delta('answer'), FINISH, SIGNED]), throttleMs: 0 })

    test('is STORAGE_TIMEOUT once its time is up, and nothing is saved over the record nobody has read', async () => {
      const { storage, memory } = await hangingStorage('c-hang')
      const store = chat('c-hang')
      const p = persistChat(store, { ...storage, loadTimeoutMs: 30 })
      await settled(p)
      expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'STORAGE_TIMEOUT', message: expect.stringContaining('did not answer within') } })
      await store.sendMessage({ text: 'sent meanwhile' })
      await drain()
      expect((await memory.load('c-hang'))?.messages.map((m) => m.id)).toEqual(['old'])
      p.destroy()
    })

    test('answering late into a chat the user began, it restores nothing and overwrites nothing, and says so', async () => {
      const { storage, memory, answer } = await hangingStorage('c-both')
      const store = chat('c-both')
      const p = persistChat(store, { ...storage, loadTimeoutMs: 30 })
      await settled(p)
      await store.sendMessage({ text: 'sent meanwhile' })
      answer()
      await drain()
      expect(p.getState()).toMatchObject({ status: 'error', restoredModel: undefined, error: { code: 'STORAGE_CONFLICT', message: expect.stringContaining('this chat is not saved') } })
      expect(textOf(store.getSnapshot().messages[0]!)).toBe('sent meanwhile')
      await store.sendMessage({ text: 'and more' })
      await drain()
      expect((await memory.load('c-both'))?.messages.map((m) => m.id)).toEqual(['old'])
      // Clear starts afresh: the stored one goes, what comes next is saved.
      await p.forget()
      await store.sendMessage({ text: 'afresh' })
      await drain()
      expect((await memory.load('c-both'))?.messages.map((m) => textOf(m))).toEqual(['afresh', 'answer'])
      p.destroy()
    })

    test('answering late with nothing stored, what was sent meanwhile is saved and the error goes', async () => {
      const { storage, memory, answer } = await hangingStorage('c-none', { stored: false })
      const store = chat('c-none')
      const p = persistChat(store, { ...storage, loadTimeoutMs: 30 })
      await settled(p)
      await store.sendMessage({ text: 'sent meanwhile' })
      answer()
      await drain()
      expect(p.getState()).toMatchObject({ status: 'ready', error: undefined })
      expect(JSON.stringify(await memory.load('c-none'))).toContain('sent meanwhile')
      p.destroy()
    })

    test('answering late into a chat still empty, it restores, with its model', async () => {
      const { storage, answer } = await hangingStorage('c-late')
      const store = chat('c-late')
      const p = persistChat(store, { ...storage, loadTimeoutMs: 30 })
      await settled(p)
      expect(p.getState().status).toBe('error')
      answer()
      await drain()
      expect(p.getState()).toMatchObject({ status: 'ready', error: undefined, restoredModel: 'm-old' })
      expect(store.getSnapshot().messages.map((m) => m.id)).toEqual(['old'])
      p.destroy()
    })

    // An attacker's pass: a forget after the timeout did not stop a late answer, which restored the forgotten
    // conversation into the emptied chat while its record was being removed; forget then saved it back.
    test.each([
      ['forget() after its time is up, answered before the remove', 'forget'],
      ['storage.clear() after its time is up, answered before the remove', 'clear'],
      ['forget() before its time is up, answered after it', 'early forget'],
    ])('%s: nothing of it comes back, nor is saved back', async (_name, how) => {
      const { storage, memory, answer } = await hangingStorage('c-gone', { blocked: true })
      const store = chat('c-gone')
      const p = persistChat(store, { ...storage, loadTimeoutMs: 30 })
      const forgetting = how === 'early forget' ? p.forget() : undefined
      await new Promise((r) => setTimeout(r, 40))
      // Still removing, and its time up: said.
      expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'STORAGE_TIMEOUT' } })
      const done = forgetting ?? (how === 'forget' ? p.forget() : storage.clear())
      await drain()
      answer()
      await done
      await drain()
      await drain()
      expect(store.getSnapshot().messages).toEqual([])
      expect(await memory.load('c-gone')).toBeUndefined()
      expect(p.getState()).toMatchObject({ status: 'ready', error: undefined })
      p.destroy()
    })

    test('a forget whose remove fails after the timeout: said, and the late answer lets the chat save again', async () => {
      const { storage: hanging, memory, answer } = await hangingStorage('c-stuck')
      const storage: ChatStorage = { ...hanging, remove: async () => Promise.reject(new Error('locked')) }
      const store = chat('c-stuck')
      const p = persistChat(store, { ...storage, loadTimeoutMs: 30 })
      await settled(p)
      await expect(p.forget()).rejects.toThrow('locked')
      expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'STORAGE_FAILED' } })
      answer()
      await drain()
      expect(store.getSnapshot().messages).toEqual([])
      expect(p.getState()).toMatchObject({ status: 'ready', error: { code: 'STORAGE_FAILED' } })
      await store.sendMessage({ text: 'next' })
      await drain()
      expect(p.getState().error).toBeUndefined()
      expect(textOf((await memory.load('c-stuck'))!.messages[0]!)).toBe('next')
      p.destroy()
    })

    // A second attacker's pass: a forget whose remove failed, around the timeout. Its error was replaced by the
    // timeout's and then cleared by the late answer (the forgotten record still stored, unsaid), or the chat never
    // saved again.
    test('a forget whose remove failed before the timeout keeps its error through the timeout and the late answer', async () => {
      const { storage: hanging, memory, answer } = await hangingStorage('c-kept')
      const p = persistChat(chat('c-kept'), { ...hanging, remove: async () => Promise.reject(new Error('locked')), loadTimeoutMs: 30 })
      await expect(p.forget()).rejects.toThrow('locked')
      await new Promise((r) => setTimeout(r, 50))
      expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'STORAGE_FAILED' } })
      answer()
      await drain()
      expect(p.getState()).toMatchObject({ status: 'ready', error: { code: 'STORAGE_FAILED' } })
      expect(await memory.load('c-kept')).toBeDefined()
      p.destroy()
    })

    test.each([['before'], ['after']])('a forget whose remove fails once the load answered (%s the timeout) lets the chat save again', async (when) => {
      const { storage: hanging, memory, answer } = await hangingStorage('c-again')
      let fail!: () => void
      const failing = new Promise<void>((r) => (fail = r))
      const store = chat('c-again')
      const p = persistChat(store, { ...hanging, remove: async () => (await failing, Promise.reject(new Error('locked'))), loadTimeoutMs: 30 })
      if (when === 'after') await settled(p)
      const forgetting = p.forget().catch(() => {})
      await drain()
      answer()
      await drain()
      fail()
      await forgetting
      await new Promise((r) => setTimeout(r, 50))
      expect(p.getState()).toMatchObject({ status: 'ready', error: { code: 'STORAGE_FAILED' } })
      store.setMessages([{ id: 'new', role: 'user', parts: [{ type: 'text', text: 'new' }] }])
      await drain()
      expect((await memory.load('c-again'))?.messages.map((m) => m.id)).toEqual(['new'])
      expect(p.getState().error).toBeUndefined()
      p.destroy()
    })

    test.each([[0], [-1], [Number.NaN], ['5000']])('loadTimeoutMs %s is INVALID_ARGUMENT, before anything is read', (ms) => {
      let read = false
      const storage: ChatStorage = { ...createMemoryStorage(), load: async () => ((read = true), undefined), loadTimeoutMs: ms as number }
      expect(() => persistChat(chat('c-bad'), storage)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
      expect(read).toBe(false)
    })

    test.each([[Infinity], [2 ** 31]])('loadTimeoutMs %s is never: not a timeout at once (setTimeout fires at once past 2^31-1 ms)', async (ms) => {
      const { storage } = await hangingStorage('c-never')
      const p = persistChat(chat('c-never'), { ...storage, loadTimeoutMs: ms })
      await drain()
      expect(p.getState().status).toBe('loading')
      p.destroy()
    })

    test('a load that answers in time sets no timer that fires later', async () => {
      const storage = createMemoryStorage()
      const store = createChatStore({ id: 'c-quick', getSession: async () => session([]), throttleMs: 0 })
      const p = persistChat(store, { ...storage, loadTimeoutMs: 20 })
      await settled(p)
      await new Promise((r) => setTimeout(r, 40))
      expect(p.getState()).toMatchObject({ status: 'ready', error: undefined })
      p.destroy()
    })
  })
})

const ATTESTED_FACTS = { model: 'e2ee-test', nonce: ATTESTED.nonce, signingAddress: ATTESTED.signingAddress, verdict: 'passed', policy: 'standard', verifiedAt: '2026-01-01T00:00:00.000Z' } as const

describe('parseStoredConversation', () => {
  const reply = (metadata: unknown) => ({ id: 'c', savedAt: '', messages: [{ id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'x' }], metadata }] })

  test('claims it cannot back are read as the weakest: unknown authenticity is unavailable, a bad attestation is dropped', () => {
    const parsed = parseStoredConversation(
      reply({ model: 'm', privacy: 'e2ee', signature: 'trust-me', authenticity: 'totally', attestation: { verdict: 'perfect' } }),
      'c',
    )
    expect(parsed.messages[0]?.metadata).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable', restored: { receivedAt: '' } })
    expect(parsed.messages[0]?.metadata?.attestation).toBeUndefined()
    // "pending" can never come back: nothing will check it now.
    expect(parseStoredConversation(reply({ model: 'm', privacy: 'e2ee', signature: 'pending', authenticity: 'pending' }), 'c').messages[0]?.metadata).toMatchObject({
      signature: 'unavailable',
      authenticity: 'unavailable',
    })
  })

  test('another chat\'s record, or a malformed one, is a STORAGE_FAILED error', () => {
    expect(() => parseStoredConversation(reply({}), 'other')).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }))
    expect(() => parseStoredConversation({ id: 'c', messages: [{ id: 1, role: 'user', parts: [] }] }, 'c')).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }))
    expect(() => parseStoredConversation({ id: 'c', messages: [{ id: 'a', role: 'root', parts: [] }] }, 'c')).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }))
    expect(() => parseStoredConversation('{"id":"c"}', 'c')).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }))
  })

  // A number for errorCode made every render of the chat throw (errorCode.startsWith), and no send could start.
  test.each([{ errorCode: 42 }, { errorCode: { code: 'x' } }, { serverMessage: ['x'] }, { requestId: 1 }, { incomplete: 'yes' }, { plaintextReasoning: 1 }])(
    'a fact of the wrong type (%o) is STORAGE_FAILED, not read as it is',
    (fact) => {
      expect(() => parseStoredConversation(reply({ model: 'm', privacy: 'e2ee', signature: 'unavailable', authenticity: 'unavailable', ...fact }), 'c')).toThrow(
        expect.objectContaining({ code: 'STORAGE_FAILED', message: expect.stringContaining('message 0 has malformed metadata') }),
      )
    },
  )

  test("nothing it returns shares an object with the record it read: an adapter's later edit changes nothing shown", () => {
    const raw = reply({ model: 'm', privacy: 'e2ee', signature: 'unavailable', authenticity: 'unavailable', attestation: { ...ATTESTED_FACTS, simulated: true }, signatureDetails: { text: 't' } })
    const meta = parseStoredConversation(raw, 'c').messages[0]!.metadata!
    const stored = raw.messages[0]!.metadata as { attestation: { simulated?: boolean; verdict: string }; signatureDetails: { text: string } }
    stored.attestation.simulated = false
    stored.attestation.verdict = 'passed'
    stored.signatureDetails.text = 'edited'
    expect(meta.attestation).toMatchObject({ simulated: true })
    expect(meta.signatureDetails?.text).toBe('t')
  })
})

describe('restoring checks every "signed" claim again', () => {
  /** A conversation saved with one really signed reply, and the stored record to edit. */
  async function savedConversation(id: string) {
    const storage = createMemoryStorage()
    const store = createChatStore({ id, getSession: async () => session([delta('The answer'), FINISH, SIGNED]), throttleMs: 0 })
    const p = persistChat(store, storage)
    await settled(p)
    await store.sendMessage({ text: 'hi' })
    await drain()
    p.destroy()
    return { storage, record: (await storage.load(id))! }
  }
  async function restore(storage: ChatStorage, id: string) {
    const store = createChatStore({ id, getSession: async () => session([]), throttleMs: 0 })
    const p = persistChat(store, storage)
    await settled(p)
    return { state: p.getState(), reply: store.getSnapshot().messages[1]! }
  }
  type Edit = (reply: SealkitUIMessage) => SealkitUIMessage
  const meta = (edit: (m: NonNullable<SealkitUIMessage['metadata']>) => Record<string, unknown>): Edit => (r) => ({ ...r, metadata: edit(r.metadata!) as never })
  const details = (patch: Record<string, unknown>): Edit => meta((m) => ({ ...m, signatureDetails: { ...m.signatureDetails!, ...patch } }))
  const otherKey = new Uint8Array(32).fill(9)

  test.each<[string, Edit, string]>([
    ['a signature by another key', details({ signature: signPersonalMessage(SIGNED_TEXT, otherKey) }), 'SIGNATURE_ADDRESS_MISMATCH'],
    ['another key, consistently claimed as the signer', details({ signature: signPersonalMessage(SIGNED_TEXT, otherKey), signingAddress: publicKeyToAddress(secp256k1.getPublicKey(otherKey, false)) }), 'SIGNATURE_ADDRESS_MISMATCH'],
    ['a signed text edited to other hashes', details({ text: `e2ee-test:${'a'.repeat(64)}:${'c'.repeat(64)}` }), 'SIGNATURE_HASH_MISMATCH'],
    ['a signed text and hashes edited together', details({ text: `e2ee-test:${'a'.repeat(64)}:${'c'.repeat(64)}`, responseHash: 'c'.repeat(64) }), 'SIGNATURE_ADDRESS_MISMATCH'],
    ['recorded hashes the signature does not cover', details({ responseHash: 'c'.repeat(64) }), 'SIGNATURE_HASH_MISMATCH'],
    ['a signature that is not one', details({ signature: '0x1234' }), 'SIGNATURE_INVALID'],
    ['"signed" with no evidence', meta(({ signatureDetails: _, ...m }) => m), 'SIGNATURE_INVALID'],
    ['"signed" without an attestation', meta(({ attestation: _, ...m }) => m), 'SIGNATURE_INVALID'],
    ['authenticity claimed without a verified signature', meta((m) => ({ ...m, signature: 'unavailable' })), 'SIGNATURE_INVALID'],
  ])('%s fails loudly: authenticity failed', async (_, edit, code) => {
    const { storage, record } = await savedConversation('t')
    await storage.save({ ...record, messages: [record.messages[0]!, edit(record.messages[1]!)] })
    const { state, reply } = await restore(storage, 't')
    expect(state.status).toBe('ready')
    expect(reply.parts).toEqual([{ type: 'text', text: 'The answer' }])
    expect(reply.metadata).toMatchObject({ signature: 'failed', authenticity: 'failed', errorCode: code })
    expect(reply.metadata?.signatureDetails).toBeUndefined()
    expect(reply.metadata?.restored?.signatureRecheckedAt).toBeUndefined()
  })

  test('an untouched record comes back verified, rechecked now', async () => {
    const { storage } = await savedConversation('ok')
    const { reply } = await restore(storage, 'ok')
    expect(reply.metadata).toMatchObject({ signature: 'verified', authenticity: 'verified' })
    expect(reply.metadata?.restored?.signatureRecheckedAt).toBeDefined()
  })

  test('from storage that cannot tell its records from forged ones, a genuine "signed" comes back not provable', async () => {
    const { storage } = await savedConversation('plain')
    // The same records, behind an adapter that does not say it is authenticated (a server, localStorage...).
    const plain: ChatStorage = { ...storage, info: { kind: 'server', encryptedAtRest: false, persistent: true } }
    const { reply } = await restore(plain, 'plain')
    expect(reply.parts).toEqual([{ type: 'text', text: 'The answer' }])
    expect(reply.metadata).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable', restored: { signatureUnproven: true } })
    expect(reply.metadata?.restored?.signatureRecheckedAt).toBeUndefined()
    // An edited record from such storage is still caught, loudly.
    const { record } = await savedConversation('plain-edited')
    await plain.save({ ...record, id: 'plain', messages: [record.messages[0]!, details({ responseHash: 'c'.repeat(64) })(record.messages[1]!)] })
    expect((await restore(plain, 'plain')).reply.metadata).toMatchObject({ authenticity: 'failed', errorCode: 'SIGNATURE_HASH_MISMATCH' })
  })

  test('from such storage a record claims no trust of its own: no "Enclave verified", no evidence to recheck, never vouched again', async () => {
    const { storage, record } = await savedConversation('claims')
    const plain: ChatStorage = { ...storage, info: { kind: 'server', encryptedAtRest: false, persistent: true } }
    // An unsigned reply that says its enclave was verified, and that sealkit established it.
    const unsigned = meta((m) => ({ ...m, signature: 'unavailable', authenticity: 'unavailable', restored: { receivedAt: '2026-01-01T00:00:00.000Z', established: true } }))
    await storage.save({ ...record, messages: [record.messages[0]!, unsigned(record.messages[1]!)] })
    const { reply } = await restore(plain, 'claims')
    expect(reply.metadata?.attestation).toBeUndefined()
    expect(reply.metadata?.restored).toEqual({ receivedAt: '2026-01-01T00:00:00.000Z' })
    // The same from authenticated storage: sealkit's own record, as it wrote it.
    expect((await restore(storage, 'claims')).reply.metadata?.attestation).toMatchObject({ verdict: 'passed' })

    // A claim that asks for less trust stays: simulated, or failed.
    for (const attestation of [{ ...ATTESTED_FACTS, simulated: true }, { ...ATTESTED_FACTS, verdict: 'failed' }]) {
      await storage.save({ ...record, messages: [record.messages[0]!, meta((m) => ({ ...m, signature: 'unavailable', authenticity: 'unavailable', attestation }))(record.messages[1]!)] })
      expect((await restore(plain, 'claims')).reply.metadata?.attestation).toEqual(attestation)
    }

    // A genuine signed record: not provable from here, and without the evidence a later recheck would call verified.
    await storage.save(record)
    const signed = (await restore(plain, 'claims')).reply
    expect(signed.metadata).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable', restored: { signatureUnproven: true } })
    expect(signed.metadata?.signatureDetails).toBeUndefined()
    expect(signed.metadata?.attestation).toBeUndefined()
  })

  test('a "rechecked" stamp in storage is not believed: only this restore can say so', async () => {
    const { storage, record } = await savedConversation('stamp')
    const forged = details({ signature: signPersonalMessage(SIGNED_TEXT, otherKey) })(record.messages[1]!)
    forged.metadata!.restored = { receivedAt: '2026-01-01T00:00:00.000Z', signatureRecheckedAt: '2026-01-01T00:00:00.000Z' }
    await storage.save({ ...record, messages: [record.messages[0]!, forged] })
    const { reply } = await restore(storage, 'stamp')
    expect(reply.metadata).toMatchObject({ authenticity: 'failed', restored: { receivedAt: '2026-01-01T00:00:00.000Z' } })
    expect(reply.metadata?.restored?.signatureRecheckedAt).toBeUndefined()
  })

  test('an adapter\'s record of the wrong shape is STORAGE_FAILED, whatever the adapter', async () => {
    const odd: ChatStorage = { ...createMemoryStorage(), load: async () => ({ id: 'x', messages: [{ id: 'm', role: 'root', parts: [] }] }) as never }
    const store = createChatStore({ id: 'x', getSession: async () => session([]), throttleMs: 0 })
    const p = persistChat(store, odd)
    await settled(p)
    expect(p.getState()).toMatchObject({ status: 'error', error: { code: 'STORAGE_FAILED' } })
    expect(store.getSnapshot().messages).toEqual([])
  })
})

describe('a reply the app hands the chat is data: its "signed" claim is not laundered into a checked one', () => {
  /** A reply forged from scratch: signed by a key of the forger's own, recorded as the attested one. */
  function forgedReply(): SealkitUIMessage {
    const key = new Uint8Array(32).fill(11)
    const address = publicKeyToAddress(secp256k1.getPublicKey(key, false))
    return {
      id: 'f1',
      role: 'assistant',
      parts: [{ type: 'text', text: 'Wire the funds today.' }],
      metadata: {
        model: 'e2ee-test',
        privacy: 'e2ee',
        attestation: { model: 'e2ee-test', nonce: 'ab'.repeat(32), signingAddress: address, verdict: 'passed', policy: 'strict' },
        signature: 'verified',
        authenticity: 'verified',
        signatureDetails: { signingAddress: address, text: SIGNED_TEXT, signature: signPersonalMessage(SIGNED_TEXT, key), requestHash: 'a'.repeat(64), responseHash: 'b'.repeat(64) },
        restored: { receivedAt: '2026-01-01T00:00:00.000Z', signatureRecheckedAt: '2026-01-01T00:00:00.000Z' },
      } as never,
    }
  }
  const question: SealkitUIMessage = { id: 'q1', role: 'user', parts: [{ type: 'text', text: 'What now?' }] }

  test('setMessages: shown as not provable at once, saved so, and still not provable from authenticated storage', async () => {
    const storage = createMemoryStorage()
    const store = createChatStore({ id: 'forged', getSession: async () => session([]), throttleMs: 0 })
    const p = persistChat(store, storage)
    await settled(p)
    store.setMessages([question, forgedReply()])
    const shown = store.getSnapshot().messages[1]!
    expect(shown.parts).toEqual([{ type: 'text', text: 'Wire the funds today.' }])
    expect(shown.metadata).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable', restored: { signatureUnproven: true } })
    expect(shown.metadata?.signatureDetails).toBeUndefined()
    expect(shown.metadata?.restored?.signatureRecheckedAt).toBeUndefined()
    await drain()
    p.destroy()
    const { reply } = await (async () => {
      const again = createChatStore({ id: 'forged', getSession: async () => session([]), throttleMs: 0 })
      await settled(persistChat(again, storage))
      return { reply: again.getSnapshot().messages[1]! }
    })()
    expect(reply.metadata).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable' })
    expect(reply.metadata?.restored?.signatureRecheckedAt).toBeUndefined()
  })

  test('no "Enclave verified" from it, no "established" to be vouched for when saved; a simulated or failed attestation stays', async () => {
    const storage = createMemoryStorage()
    const store = createChatStore({ id: 'handed', getSession: async () => session([]), throttleMs: 0 })
    const unsigned = (attestation: object): SealkitUIMessage => {
      const reply = forgedReply()
      return { ...reply, metadata: { ...reply.metadata!, signature: 'unavailable', authenticity: 'unavailable', signatureDetails: undefined, attestation, restored: { receivedAt: '2026-01-01T00:00:00.000Z', established: true } } as never }
    }
    const attestation = forgedReply().metadata!.attestation!
    store.setMessages([question, unsigned(attestation), question, unsigned({ ...attestation, simulated: true }), question, unsigned({ ...attestation, verdict: 'failed' })])
    const [passed, simulated, failed] = store.getSnapshot().messages.filter((m) => m.role === 'assistant')
    expect(passed!.metadata?.attestation).toBeUndefined()
    expect(simulated!.metadata?.attestation).toMatchObject({ simulated: true })
    expect(failed!.metadata?.attestation).toMatchObject({ verdict: 'failed' })
    expect(passed!.metadata?.restored).toEqual({ receivedAt: '2026-01-01T00:00:00.000Z' })
    // Saved as it is into authenticated storage, nothing of it comes back vouched for.
    await storage.save({ id: 'handed', messages: [...store.getSnapshot().messages], savedAt: '' })
    const again = createChatStore({ id: 'handed', getSession: async () => session([]), throttleMs: 0 })
    await settled(persistChat(again, storage))
    expect(again.getSnapshot().messages.filter((m) => m.role === 'assistant').map((m) => m.metadata?.attestation?.verdict)).toEqual([undefined, 'passed', 'failed'])
  })

  // A number for errorCode in an app's data made isRefusedReply throw: every render of the chat, and every send.
  test.each([{ errorCode: 42 }, { errorCode: { toString: 1 } }, { requestId: 12345 }, { incomplete: 'yes' }, { restored: { receivedAt: { toString: 1 } } }])(
    'a fact of the wrong type in it (%o) goes: nothing throws, the next send goes, and what is saved restores',
    async (fact) => {
      const storage = createMemoryStorage()
      const store = createChatStore({ id: 'typed', getSession: async () => session([delta('next'), FINISH, SIGNED]), throttleMs: 0 })
      const p = persistChat(store, storage)
      await settled(p)
      const reply = forgedReply()
      store.setMessages([question, { ...reply, metadata: { ...reply.metadata!, ...fact } as never }])
      const taken = store.getSnapshot().messages[1]!.metadata as unknown as Record<string, unknown>
      for (const key of Object.keys(fact)) if (key !== 'restored') expect(taken[key]).toBeUndefined()
      expect(typeof store.getSnapshot().messages[1]!.metadata?.restored?.receivedAt).toBe('string')
      await store.sendMessage({ text: 'and then?' })
      await drain()
      expect(store.getSnapshot().status).toBe('ready')
      expect(textOf(store.getSnapshot().messages.at(-1)!)).toBe('next')
      p.destroy()
      // sealkit never writes a record its own restore refuses: the whole conversation comes back.
      const again = createChatStore({ id: 'typed', getSession: async () => session([]), throttleMs: 0 })
      const restored = persistChat(again, storage)
      await settled(restored)
      expect(restored.getState().status).toBe('ready')
      expect(again.getSnapshot().messages).toHaveLength(4)
    },
  )

  test('initial messages are taken the same way; a "pending" claim too, and a claim of failure is kept', () => {
    const pending = { ...forgedReply(), id: 'f2', metadata: { ...forgedReply().metadata!, signature: 'pending' as const, authenticity: 'pending' as const } }
    const failed = { ...forgedReply(), id: 'f3', metadata: { ...forgedReply().metadata!, signature: 'failed' as const, authenticity: 'failed' as const } }
    const store = createChatStore({ id: 'initial', messages: [question, forgedReply(), pending, failed], getSession: async () => session([]), throttleMs: 0 })
    const [, forged, wasPending, wasFailed] = store.getSnapshot().messages
    expect(forged!.metadata).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable', restored: { signatureUnproven: true } })
    expect(wasPending!.metadata).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable' })
    expect(wasFailed!.metadata).toMatchObject({ signature: 'failed', authenticity: 'failed' })
  })

  test("a reply a sealkit chat received stays signed when the app moves it (to another chat, or filters around it); a copy of it does not", async () => {
    const store = createChatStore({ id: 'own', getSession: async () => session([delta('The answer'), FINISH, SIGNED]), throttleMs: 0 })
    await store.sendMessage({ text: 'hi' })
    await drain()
    const received = store.getSnapshot().messages
    expect(received[1]!.metadata).toMatchObject({ signature: 'verified', authenticity: 'verified' })
    store.setMessages((messages) => messages.filter(() => true))
    expect(store.getSnapshot().messages[1]!.metadata?.signature).toBe('verified')
    const other = createChatStore({ id: 'other', messages: received, getSession: async () => session([]), throttleMs: 0 })
    expect(other.getSnapshot().messages[1]!.metadata).toMatchObject({ signature: 'verified', authenticity: 'verified' })
    other.setMessages((messages) => messages.map((m) => ({ ...m })))
    expect(other.getSnapshot().messages[1]!.metadata).toMatchObject({ signature: 'unavailable', restored: { signatureUnproven: true } })
  })
})
