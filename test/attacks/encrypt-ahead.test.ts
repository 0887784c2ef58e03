/**
 * ChatSession.encryptAhead under attack: key changes, hostile key holders and proxies, races with
 * requests and destroy(). Whatever happens, a request carries only ciphertext to the key it was
 * attested to, and a request is never held or failed by an encrypt-ahead it did not ask for.
 */
import { describe, expect, it } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import type { ChatMessage } from '../../src/core/api/types.ts'
import { encrypt } from '../../src/core/crypto/e2ee.ts'
import type { KeyHolder } from '../../src/core/crypto/key-holder.ts'
import { createLocalKeyHolder } from '../../src/core/crypto/local-key-holder.ts'
import { isSealkitError } from '../../src/core/errors.ts'
import { attestModel } from '../../src/core/session/attest.ts'
import { createChatSession } from '../../src/core/session/chat-session.ts'
import { createSimulator, E2EE_HEADERS, FAULT_HEADER } from '../../src/simulator/index.ts'
import { collect } from '../helpers/collect-stream.ts'
import { codeOf } from '../helpers/error-code.ts'

const E2EE = 'e2ee-qwen3-5-122b-a10b'

function setup() {
  const sim = createSimulator({ seed: 'encrypt-ahead-attack' })
  const chats: { messages: ChatMessage[]; headers: Headers }[] = []
  let hold: Promise<void> | undefined
  const client = createClient({
    baseURL: 'http://sim.test/api/v1',
    fetch: async (input, init) => {
      const url = String(input)
      if (url.includes('/attestation') && hold) await hold
      if (url.endsWith('/chat/completions')) chats.push({ messages: (JSON.parse(String(init?.body)) as { messages: ChatMessage[] }).messages, headers: new Headers(init?.headers) })
      return sim.fetch(input, init)
    },
  })
  const basic = { policy: 'basic' as const, trustedRoots: sim.trustedRoots(), signature: 'skip' as const }
  return {
    sim,
    client,
    chats,
    basic,
    holdAttestations: () => {
      let release!: () => void
      hold = new Promise((resolve) => (release = resolve))
      return () => {
        hold = undefined
        release()
      }
    },
  }
}

const history = (n: number, tag = 'kept'): ChatMessage[] => Array.from({ length: n }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `${tag} ${i}` }))

/** A holder that encrypts (as the worker does), recording each call; `hook` may change what it returns. */
function recordingHolder(hook?: (plaintexts: readonly string[], recipient: string, call: number) => Promise<string[] | undefined> | string[] | undefined) {
  const local = createLocalKeyHolder()
  const calls: { plaintexts: string[]; recipient: string }[] = []
  const holder = (): KeyHolder => ({
    publicKeyHex: local.publicKeyHex,
    decrypt: local.decrypt,
    destroy: () => {},
    encrypt: async (plaintexts, recipient) => {
      calls.push({ plaintexts: [...plaintexts], recipient })
      const own = await hook?.(plaintexts, recipient, calls.length - 1)
      return own ?? plaintexts.map((p) => encrypt(p, recipient))
    },
  })
  return { holder, calls }
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms))

describe('encryptAhead under attack', () => {
  it('aborting an encrypt-ahead does not abort a request that joined its attestation', async () => {
    const { client, basic, holdAttestations } = setup()
    // A holder ready at once: both reach the attestation in the same task.
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic, keyHolder: recordingHolder().holder })
    const release = holdAttestations()
    const controller = new AbortController()
    const ahead = session.encryptAhead!(history(4), { signal: controller.signal })
    ahead.catch(() => {})
    const next = [...history(4), { role: 'user' as const, content: 'the question' }]
    const sending = collect(session.stream(next))
    await tick(20)
    controller.abort() // the app moved on: the conversation it encrypted ahead is not the one sent
    release()
    const { text, error } = await sending
    expect(error && codeOf(error)).toBeUndefined()
    expect(text).toContain('the question')
    session.destroy()
  })

  it('a request stopped while it waits for an encrypt-ahead ends with ABORTED at once', async () => {
    const { client, basic } = setup()
    let hung = true
    const { holder } = recordingHolder(() => (hung ? new Promise<string[]>(() => {}) : undefined)) // a worker that never answers
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic, keyHolder: holder })
    await session.attest()
    void session.encryptAhead!(history(4)).catch(() => {})
    await tick(10)
    hung = false
    const controller = new AbortController()
    const sending = collect(session.stream([...history(4), { role: 'user', content: 'q' }], { signal: controller.signal }))
    await tick(10)
    controller.abort()
    const outcome = await Promise.race([sending.then((r) => codeOf(r.error)), tick(1000).then(() => 'still waiting')])
    expect(outcome).toBe('ABORTED')
    session.destroy()
  })

  it('a key holder that hands back the fields it was given, in another order, is refused: no text leaves as it was typed', async () => {
    const { sim, client, basic, chats } = setup()
    // Text that looks like ciphertext (a user pasted some): an echo of it passes a format check.
    const pasted = [encrypt('one', sim.signingKey(E2EE)), encrypt('two', sim.signingKey(E2EE))]
    const { holder } = recordingHolder((plaintexts) => [...plaintexts].reverse())
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic, keyHolder: holder })
    const typed: ChatMessage[] = pasted.map((content) => ({ role: 'user', content }))
    await expect(session.encryptAhead!(typed)).rejects.toMatchObject({ code: 'ENCRYPT_FAILED' })
    expect(codeOf((await collect(session.stream(typed))).error)).toBe('ENCRYPT_FAILED')
    expect(chats).toHaveLength(0)
    session.destroy()
  })

  it('an encrypt-ahead that ends after a request was accepted writes nothing into what that request left', async () => {
    const { client: base, basic, chats } = setup()
    let answer: (() => void) | undefined
    const client = createClient({
      baseURL: base.baseURL,
      fetch: async (input, init) => {
        if (String(input).endsWith('/chat/completions') && chats.length === 0) await new Promise<void>((resolve) => (answer = resolve))
        return base.fetch(input, init)
      },
    })
    let release: (() => void) | undefined
    const late: string[] = []
    const { holder } = recordingHolder(async (plaintexts, recipient, call) => {
      if (call !== 1) return undefined // the encrypt-ahead's, not the request's
      await new Promise<void>((resolve) => (release = resolve))
      const c = plaintexts.map((p) => encrypt(p, recipient))
      late.push(...c)
      return c
    })
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic, keyHolder: holder })
    await session.attest()
    const first: ChatMessage[] = [{ role: 'user', content: 'first' }]
    // The request is on the wire when the encrypt-ahead starts, and is accepted before it ends.
    const sending = collect(session.stream(first))
    while (!answer) await tick(5)
    const ahead = session.encryptAhead!([...first, { role: 'assistant', content: 'later' }])
    while (!release) await tick(5)
    answer()
    expect((await sending).error).toBeUndefined()
    release()
    await ahead
    const { error } = await collect(session.stream([...first, { role: 'assistant', content: 'later' }, { role: 'user', content: 'second' }]))
    expect(error).toBeUndefined()
    expect(chats).toHaveLength(2)
    expect(late).toHaveLength(2)
    expect(chats[1]!.messages.some((m) => late.includes(m.content))).toBe(false)
    expect(chats[1]!.messages[0]!.content).toBe(chats[0]!.messages[0]!.content) // the accepted request's, sent as it was
    session.destroy()
  })

  it('a message changed after encryptAhead read it: the send carries its own text, encrypted afresh', async () => {
    const { client, basic } = setup()
    let release: (() => void) | undefined
    const { holder, calls } = recordingHolder(async (plaintexts, recipient, call) => {
      if (call === 0) await new Promise<void>((resolve) => (release = resolve))
      return plaintexts.map((p) => encrypt(p, recipient))
    })
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic, keyHolder: holder })
    const messages: ChatMessage[] = [{ role: 'user', content: 'draft' }]
    const ahead = session.encryptAhead!(messages)
    while (!release) await tick(5)
    messages[0]!.content = 'edited' // the app edits the message object in place while it is encrypted
    release()
    await ahead
    const { text, error } = await collect(session.stream(messages))
    expect(error).toBeUndefined()
    expect(text).toContain('edited')
    expect(calls.map((c) => c.plaintexts)).toEqual([['draft'], ['edited']])
    session.destroy()
  })

  it('a key rotation (421) after an encrypt-ahead: the retry sends nothing encrypted to the old key', async () => {
    const { sim, client, basic, chats } = setup()
    const out: string[] = []
    const { holder, calls } = recordingHolder((plaintexts, recipient) => {
      const c = plaintexts.map((p) => encrypt(p, recipient))
      out.push(...c)
      return c
    })
    const faulty = createClient({
      baseURL: client.baseURL,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers)
        if (String(input).endsWith('/chat/completions')) headers.set(FAULT_HEADER, 'key-rotation')
        return client.fetch(input, { ...init, headers })
      },
    })
    const session = createChatSession(faulty, { model: E2EE, mode: 'e2ee', ...basic, keyHolder: holder })
    const old = sim.signingKey(E2EE)
    await session.encryptAhead!(history(6))
    expect(calls[0]!.recipient).toBe(old)
    const { text, error, events } = await collect(session.stream([...history(6), { role: 'user', content: 'after the rotation' }]))
    expect(error).toBeUndefined()
    expect(text).toContain('after the rotation')
    expect(events.filter((e) => e.type === 'attested')).toHaveLength(2)
    const accepted = chats.at(-1)!
    expect(accepted.headers.get(E2EE_HEADERS.modelPubKey)).toBe(sim.signingKey(E2EE))
    // Every field of the accepted request is new ciphertext to the new key: none of the ahead's.
    expect(accepted.messages.some((m) => out.slice(0, 6).includes(m.content))).toBe(false)
    expect(calls.at(-1)!.recipient).toBe(sim.signingKey(E2EE))
    expect(calls.at(-1)!.plaintexts).toHaveLength(7)
    session.destroy()
  })

  it('an encrypt-ahead to a key the next request is no longer attested to: nothing of it is sent', async () => {
    const { sim, client, basic, chats } = setup()
    const old = await attestModel(client, { model: E2EE, ...basic })
    sim.rotateKey(E2EE) // a redeploy, or a proxy that served the encrypt-ahead an older (still valid) attestation
    const current = await attestModel(client, { model: E2EE, ...basic })
    let served = 0
    const { holder, calls } = recordingHolder()
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic, keyHolder: holder, attestModel: async () => (served++ === 0 ? old : current) })
    await session.encryptAhead!(history(20))
    expect(calls[0]!.recipient).toBe(old.signingKey)
    const { text, error } = await collect(session.stream([...history(20), { role: 'user', content: 'to the current key' }]))
    expect(error).toBeUndefined() // the enclave decrypted every field with its current key
    expect(text).toContain('to the current key')
    expect(chats[0]!.headers.get(E2EE_HEADERS.modelPubKey)).toBe(current.signingKey)
    expect(calls.slice(1)).toEqual([{ plaintexts: [...history(20).map((m) => m.content), 'to the current key'], recipient: current.signingKey }])
    session.destroy()
  })

  it('a key holder that echoes plaintext to the encrypt-ahead: rejected, nothing kept, the send sends only ciphertext', async () => {
    const { client, basic, chats } = setup()
    const { holder } = recordingHolder((plaintexts, _recipient, call) => (call === 0 ? [...plaintexts] : undefined))
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic, keyHolder: holder })
    await expect(session.encryptAhead!(history(4))).rejects.toMatchObject({ code: 'ENCRYPT_FAILED' })
    const { error } = await collect(session.stream([...history(4), { role: 'user', content: 'q' }]))
    expect(error).toBeUndefined()
    expect(chats).toHaveLength(1)
    expect(chats[0]!.messages.every((m) => !m.content.includes('kept') && /^[0-9a-f]+$/.test(m.content))).toBe(true)

    // A holder that always echoes: nothing leaves at all.
    const { client: c2, basic: b2, chats: seen } = setup()
    const echo = recordingHolder((plaintexts) => [...plaintexts])
    const echoing = createChatSession(c2, { model: E2EE, mode: 'e2ee', ...b2, keyHolder: echo.holder })
    await expect(echoing.encryptAhead!(history(4))).rejects.toMatchObject({ code: 'ENCRYPT_FAILED' })
    expect(codeOf((await collect(echoing.stream([...history(4), { role: 'user', content: 'q' }]))).error)).toBe('ENCRYPT_FAILED')
    expect(seen).toHaveLength(0)
    session.destroy()
    echoing.destroy()
  })

  it('destroy() while an encrypt-ahead is in the key holder: nothing is kept and the session sends nothing', async () => {
    const { client, basic, chats } = setup()
    let release: (() => void) | undefined
    const { holder } = recordingHolder(async (plaintexts, recipient) => {
      await new Promise<void>((resolve) => (release = resolve))
      return plaintexts.map((p) => encrypt(p, recipient))
    })
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic, keyHolder: holder })
    const ahead = session.encryptAhead!(history(4))
    while (!release) await tick(5)
    session.destroy()
    release()
    await ahead.catch(() => {})
    expect(codeOf((await collect(session.stream(history(4)))).error)).toBe('KEY_DESTROYED')
    expect(chats).toHaveLength(0)
  })

  it('an attestation swapped for the encrypt-ahead fails it; nothing is encrypted to the swapped key and the send attests afresh', async () => {
    const { sim, client, basic } = setup()
    let swaps = 1
    const hostile = createClient({
      baseURL: client.baseURL,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers)
        if (String(input).includes('/attestation') && swaps-- > 0) headers.set(FAULT_HEADER, 'wrong-signing-key')
        return client.fetch(input, { ...init, headers })
      },
    })
    const { holder, calls } = recordingHolder()
    const session = createChatSession(hostile, { model: E2EE, mode: 'e2ee', ...basic, keyHolder: holder })
    const failed = await session.encryptAhead!(history(4)).then(() => undefined, (e: unknown) => e)
    expect(isSealkitError(failed) && failed.code).toMatch(/^ATTESTATION_|SIGNING_KEY/)
    expect(calls).toHaveLength(0)
    const { error } = await collect(session.stream([...history(4), { role: 'user', content: 'q' }]))
    expect(error).toBeUndefined()
    expect(calls.every((c) => c.recipient === sim.signingKey(E2EE))).toBe(true)
    session.destroy()
  })

  it("a message whose text is a ciphertext the encrypt-ahead made is encrypted itself, not sent as that ciphertext", async () => {
    const { client, basic, chats } = setup()
    const out = new Map<string, string>()
    const { holder } = recordingHolder((plaintexts, recipient) => {
      const c = plaintexts.map((p) => encrypt(p, recipient))
      plaintexts.forEach((p, i) => out.set(p, c[i]!))
      return c
    })
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic, keyHolder: holder })
    await session.encryptAhead!([{ role: 'user', content: 'my secret' }])
    const pasted = out.get('my secret')!
    const { text, error } = await collect(session.stream([{ role: 'user', content: 'my secret' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: pasted }]))
    expect(error).toBeUndefined()
    expect(text).toContain(pasted) // the enclave read the pasted text as text, not as "my secret"
    const sent = chats[0]!.messages
    expect(sent[0]!.content).toBe(pasted)
    expect(sent[2]!.content).not.toBe(pasted)
    session.destroy()
  })

  it('NEAR AI, ed25519 (encrypted on this thread, in steps): the send after an encrypt-ahead is read whole, and a key change is followed', async () => {
    const sim = createSimulator({ dialect: 'nearai', seed: 'encrypt-ahead-near' })
    const bodies: ChatMessage[][] = []
    const client = createClient({
      provider: 'nearai',
      signingAlgo: 'ed25519',
      baseURL: 'http://near.test/v1',
      fetch: (url, init) => {
        if (url.endsWith('/chat/completions')) bodies.push((JSON.parse(String(init.body)) as { messages: ChatMessage[] }).messages)
        return sim.fetch(url, init)
      },
    })
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', trustedRoots: sim.trustedRoots(), signature: 'skip' })
    await session.encryptAhead!(history(40))
    const first = await collect(session.stream([...history(40), { role: 'user', content: 'near one' }]))
    expect(first.error).toBeUndefined()
    expect(first.text).toContain('near one')
    expect(bodies[0]!.every((m) => !m.content.startsWith('kept'))).toBe(true)
    // The enclave's key changes: the ciphertexts kept for it are not sent again.
    sim.rotateKey(E2EE)
    await session.attest({ refresh: true })
    await session.encryptAhead!(history(40))
    const second = await collect(session.stream([...history(40), { role: 'user', content: 'near one' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'near two' }]))
    expect(second.error).toBeUndefined()
    expect(second.text).toContain('near two')
    expect(bodies[1]!.slice(0, 41).some((m, i) => m.content === bodies[0]![i]!.content)).toBe(false)
    session.destroy()
  })
})

