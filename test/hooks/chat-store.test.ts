import { afterEach, describe, expect, test, vi } from 'vitest'
import { createChatStore, createSessionManager, type ChatSnapshot } from '../../src/core/chat/index.ts'
import { SealkitError, StreamError } from '../../src/core/errors.ts'
import type { AttestedModel } from '../../src/core/session/attest.ts'
import type { ChatSession, ChatStreamEvent } from '../../src/core/session/chat-session.ts'
import { createClient } from '../../src/core/api/client.ts'

/** The framework-free store, driven by a scripted session (no network, fake timers). */

const ATTESTED: AttestedModel = {
  model: 'e2ee-test',
  signingKey: '04' + 'ab'.repeat(64),
  signingAddress: '0x' + '12'.repeat(20),
  nonce: 'cd'.repeat(32),
  report: { verdict: 'passed', policy: 'standard', checks: [], verifiedAt: '2026-01-01T00:00:00.000Z', simulated: true },
}

type Step = ChatStreamEvent | { wait: number } | { throw: Error }

function scriptedSession(steps: Step[]): ChatSession & { seen: unknown[] } {
  const seen: unknown[] = []
  return {
    model: 'e2ee-test',
    mode: 'e2ee',
    attestation: undefined,
    clientPublicKey: undefined,
    destroyed: false,
    seen,
    attest: async () => ATTESTED,
    async *stream(messages, options) {
      seen.push(messages)
      for (const step of steps) {
        if ('wait' in step) {
          await new Promise<void>((resolve, reject) => {
            const onAbort = () => {
              clearTimeout(t)
              reject(new SealkitError('ABORTED'))
            }
            const t = setTimeout(() => {
              options?.signal?.removeEventListener('abort', onAbort)
              resolve()
            }, step.wait)
            options?.signal?.addEventListener('abort', onAbort, { once: true })
          })
        } else if ('throw' in step) throw step.throw
        else yield step
      }
    },
    destroy() {},
  }
}

const delta = (content: string, reasoning = ''): ChatStreamEvent => ({ type: 'delta', content, reasoning, reasoningEncrypted: true })
const FINISH: ChatStreamEvent = { type: 'finish', requestId: 'chatcmpl-1', finishReason: 'stop', usage: { total_tokens: 3 } }

afterEach(() => {
  vi.useRealTimers()
})

describe('createChatStore', () => {
  test('throttle: message updates are batched, status changes are immediate; snapshots are stable between notifications', async () => {
    vi.useFakeTimers()
    const steps: Step[] = [{ type: 'attested', attestation: ATTESTED }]
    for (let i = 0; i < 10; i++) steps.push({ wait: 10 }, delta(`${i}`))
    steps.push(FINISH, { type: 'signature', signature: { status: 'skipped' } })
    const session = scriptedSession(steps)
    const store = createChatStore({ getSession: async () => session, throttleMs: 50 })
    const snapshots: ChatSnapshot[] = []
    store.subscribe(() => snapshots.push(store.getSnapshot()))

    const done = store.sendMessage({ text: 'count' })
    expect(store.getSnapshot().status).toBe('submitted')
    expect(store.getSnapshot()).toBe(store.getSnapshot())
    await vi.advanceTimersByTimeAsync(1_000)
    await done

    const statuses = snapshots.map((s) => s.status)
    expect(statuses[0]).toBe('submitted')
    expect(statuses).toContain('streaming')
    expect(statuses.at(-1)).toBe('ready')
    // 10 deltas 10 ms apart with a 50 ms window: a handful of notifications, not 10+ (the first words
    // at once, the rest one per window; submitted, streaming, finish and signature besides).
    expect(snapshots.length).toBeLessThanOrEqual(8)
    const last = store.getSnapshot().messages.at(-1)!
    expect(last.parts).toEqual([{ type: 'text', text: '0123456789', state: 'done' }])
    expect(last.metadata).toMatchObject({ privacy: 'e2ee', signature: 'skipped', requestId: 'chatcmpl-1', usage: { total_tokens: 3 } })
  })

  test('parts keep arrival order: reasoning then text; each closes when the next opens', async () => {
    const session = scriptedSession([{ type: 'attested', attestation: ATTESTED }, delta('', 'think '), delta('', 'more'), delta('Answer'), delta('!'), FINISH])
    const store = createChatStore({ getSession: async () => session })
    const seen: string[] = []
    store.subscribe(() => {
      const m = store.getSnapshot().messages[1]
      if (m) seen.push(m.parts.map((p) => `${p.type}:${p.state}`).join(','))
    })
    await store.sendMessage({ text: 'q' })
    expect(store.getSnapshot().messages[1]!.parts).toEqual([
      { type: 'reasoning', text: 'think more', state: 'done' },
      { type: 'text', text: 'Answer!', state: 'done' },
    ])
    expect(seen).toContain('reasoning:done,text:streaming')
    expect(store.getSnapshot().messages[1]!.metadata!.signature).toBe('unavailable') // no signature event arrived
  })

  test('a long stream keeps its text, nothing per chunk: the snapshot after 2,000 deltas is shaped as after 100', async () => {
    /** Objects and array slots reachable from `value` (strings are leaves): what would grow if deltas were kept. */
    const shape = (value: unknown, seen = new Set<object>()): number => {
      if (value === null || typeof value !== 'object' || seen.has(value)) return 0
      seen.add(value)
      return 1 + Object.values(value).reduce<number>((n, v) => n + shape(v, seen), 0)
    }
    const after = async (chunks: number) => {
      const session = scriptedSession([{ type: 'attested', attestation: ATTESTED }, ...Array.from({ length: chunks }, (_, i) => delta(`w${i} `)), FINISH])
      const store = createChatStore({ getSession: async () => session, throttleMs: 0 })
      await store.sendMessage({ text: 'q' })
      return store.getSnapshot()
    }
    const [short, long] = [await after(100), await after(2000)]
    expect(long.messages[1]!.parts).toEqual([{ type: 'text', text: Array.from({ length: 2000 }, (_, i) => `w${i} `).join(''), state: 'done' }])
    expect(shape(long)).toBe(shape(short))
  })

  test('the history sent is role + text of every message with text', async () => {
    const session = scriptedSession([FINISH])
    const store = createChatStore({
      getSession: async () => session,
      messages: [
        { id: 's', role: 'system', parts: [{ type: 'text', text: 'be brief' }] },
        { id: 'a', role: 'assistant', parts: [{ type: 'reasoning', text: 'hidden' }, { type: 'text', text: 'earlier answer' }] },
        { id: 'e', role: 'assistant', parts: [] },
      ],
    })
    await store.sendMessage({ text: 'now' })
    expect(session.seen[0]).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'assistant', content: 'earlier answer' },
      { role: 'user', content: 'now' },
    ])
  })

  test('timeoutMs: nothing for that long ends in STREAM_INCOMPLETE with reason timeout, text kept', async () => {
    vi.useFakeTimers()
    const session = scriptedSession([delta('partial'), { wait: 10_000 }, FINISH])
    const onError = vi.fn()
    const store = createChatStore({ getSession: async () => session, timeoutMs: 500, onError })
    const done = store.sendMessage({ text: 'q' })
    await vi.advanceTimersByTimeAsync(600)
    await done
    const snap = store.getSnapshot()
    expect(snap.status).toBe('error')
    expect(snap.error).toBeInstanceOf(StreamError)
    expect(snap.error).toMatchObject({ code: 'STREAM_INCOMPLETE', details: { reason: 'timeout', timeoutMs: 500 } })
    expect(snap.messages[1]!.metadata).toMatchObject({ incomplete: true, errorCode: 'STREAM_INCOMPLETE' })
    expect(onError).toHaveBeenCalledTimes(1)
  })

  test('a session that never becomes ready can be stopped', async () => {
    const store = createChatStore({ getSession: () => new Promise(() => undefined) })
    const done = store.sendMessage({ text: 'q' })
    expect(store.getSnapshot().status).toBe('submitted')
    await store.stop()
    await done
    expect(store.getSnapshot().status).toBe('ready')
  })

  test('stopped before the first word: an empty reply marked ABORTED, so the view can say "Stopped"', async () => {
    vi.useFakeTimers()
    const session = scriptedSession([{ wait: 10_000 }, delta('late'), FINISH])
    const onFinish = vi.fn()
    const store = createChatStore({ getSession: async () => session, onFinish })
    const done = store.sendMessage({ text: 'q' })
    await vi.advanceTimersByTimeAsync(5)
    expect(store.getSnapshot().messages).toHaveLength(1) // only the question: nothing has arrived yet
    await store.stop()
    await done
    const snap = store.getSnapshot()
    expect(snap.status).toBe('ready')
    expect(snap.messages).toHaveLength(2)
    expect(snap.messages[1]).toMatchObject({ role: 'assistant', parts: [] })
    expect(snap.messages[1]!.metadata).toMatchObject({ errorCode: 'ABORTED', incomplete: true, authenticity: 'unavailable' })
    expect(onFinish).toHaveBeenCalledWith(expect.objectContaining({ isAbort: true }))
  })

  test('setMessages during a stream: updates to a removed message are dropped', async () => {
    vi.useFakeTimers()
    const session = scriptedSession([delta('a'), { wait: 20 }, delta('b'), FINISH])
    const store = createChatStore({ getSession: async () => session })
    const done = store.sendMessage({ text: 'q' })
    await vi.advanceTimersByTimeAsync(5)
    store.setMessages([])
    await vi.advanceTimersByTimeAsync(50)
    await done
    expect(store.getSnapshot().messages).toEqual([])
    expect(store.getSnapshot().status).toBe('ready')
  })

  test('configure swaps callbacks: the latest ones are called', async () => {
    const first = vi.fn()
    const second = vi.fn()
    const store = createChatStore({ getSession: async () => scriptedSession([delta('x'), FINISH]), onFinish: first })
    store.configure({ onFinish: second })
    await store.sendMessage({ text: 'q' })
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledTimes(1)
  })

  test('a non-sealkit failure becomes a SealkitError without its text', async () => {
    const store = createChatStore({ getSession: async () => scriptedSession([{ throw: new Error('contains secret plaintext') }]) })
    await store.sendMessage({ text: 'q' })
    expect(store.getSnapshot().error).toBeInstanceOf(SealkitError)
    expect(store.getSnapshot().error!.message).not.toContain('secret')
  })

  test('regenerate / sendMessage reject unknown message ids', async () => {
    const store = createChatStore({ getSession: async () => scriptedSession([FINISH]) })
    await expect(store.regenerate({ messageId: 'nope' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(store.sendMessage({ text: 'x', messageId: 'nope' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })
})

describe('createSessionManager', () => {
  const client = createClient({ baseURL: 'http://simulator.test/api/v1', fetch: () => Promise.reject(new Error('offline')) })

  test('ready() waits for the mode to resolve; close() zeroes and goes idle', async () => {
    const manager = createSessionManager()
    let resolve!: (mode: 'e2ee') => void
    manager.open({ client, model: 'e2ee-x', resolveMode: () => new Promise((r) => (resolve = r)) })
    expect(manager.getSnapshot().status).toBe('pending')
    const ready = manager.ready()
    resolve('e2ee')
    const session = await ready
    expect(session.mode).toBe('e2ee')
    await session.keyReady?.()
    expect(session.clientPublicKey).toMatch(/^04[0-9a-f]{128}$/)
    manager.close()
    expect(session.destroyed).toBe(true)
    expect(manager.getSnapshot().status).toBe('idle')
    await expect(manager.ready()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  test('a stale resolution after a model change is ignored', async () => {
    const manager = createSessionManager()
    let late!: (mode: 'tee') => void
    manager.open({ client, model: 'first', resolveMode: () => new Promise((r) => (late = r)) })
    manager.open({ client, model: 'second', mode: 'tee' })
    late('tee')
    await Promise.resolve()
    expect(manager.getSnapshot().model).toBe('second')
  })

  test('after expect(parameters), ready() waits for a state that answers them: never the session before', async () => {
    const manager = createSessionManager()
    manager.open({ client, model: 'tee-a', mode: 'tee' })
    const before = manager.getSnapshot().session!
    expect(await manager.ready()).toBe(before)
    const next = { client, model: 'e2ee-b', mode: 'e2ee' as const }
    manager.expect(next)
    let settled: unknown
    const waiting = manager.ready().then((session) => (settled = session))
    await Promise.resolve()
    expect(settled).toBeUndefined() // tee-a is still open and ready, and not what was asked for
    manager.open({ ...next }) // equal, not the same object: not what was expected either
    await Promise.resolve()
    expect(settled).toBeUndefined()
    manager.open(next)
    expect(manager.getSnapshot().parameters).toBe(next)
    expect((await waiting as { model: string }).model).toBe('e2ee-b')
    expect(before.destroyed).toBe(true)
    manager.close()
  })

  test('expect(undefined) when nothing will open what was expected: a waiting ready() settles as without it', async () => {
    const manager = createSessionManager()
    const expected = { client, model: 'e2ee-b', mode: 'e2ee' as const }
    manager.open({ client, model: 'tee-a', mode: 'tee' })
    manager.expect(expected)
    manager.close()
    const waiting = manager.ready()
    manager.expect(undefined)
    await expect(waiting).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  test('ready() rejects with ABORTED when its signal fires', async () => {
    const manager = createSessionManager()
    manager.open({ client, model: 'm', resolveMode: () => new Promise(() => undefined) })
    const controller = new AbortController()
    const waiting = manager.ready(controller.signal)
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ code: 'ABORTED' })
  })
})

describe('createChatStore: a reply starts at once', () => {
  test('its first words are published as they arrive; the rest once per window, the last text of each', async () => {
    vi.useFakeTimers()
    // An empty delta first (a role-only chunk): the first words are the first text, not the first event.
    const steps: Step[] = [{ type: 'attested', attestation: ATTESTED }, { wait: 5 }, delta(''), { wait: 5 }, delta('first'), { wait: 10 }, delta(' a'), { wait: 10 }, delta(' b'), { wait: 100 }, delta(' late'), FINISH]
    const store = createChatStore({ getSession: async () => scriptedSession(steps), throttleMs: 50 })
    const texts: Array<[number, string]> = []
    const t0 = Date.now()
    store.subscribe(() => {
      const text = store.getSnapshot().messages[1]?.parts.map((p) => p.text).join('')
      if (text && text !== texts.at(-1)?.[1]) texts.push([Date.now() - t0, text])
    })
    const done = store.sendMessage({ text: 'q' })
    await vi.advanceTimersByTimeAsync(1_000)
    await done
    // 'first' at 10 ms, not a window later; ' a' (20 ms) and ' b' (30 ms) together when their window ends (70 ms);
    // ' late' (130 ms) a window after it arrived, or with the finish.
    expect(texts[0]).toEqual([10, 'first'])
    expect(texts[1]).toEqual([70, 'first a b'])
    expect(texts.at(-1)![1]).toBe('first a b late')
    expect(texts).toHaveLength(3)
  })
})
