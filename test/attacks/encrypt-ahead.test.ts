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
import { createChatSession, type ChatStreamEvent } from '../../src/core/session/chat-session.ts'
import { createSimulator } from '../../src/simulator/index.ts'

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

async function collect(iter: AsyncIterable<ChatStreamEvent>) {
  const events: ChatStreamEvent[] = []
  let error: unknown
  try {
    for await (const e of iter) events.push(e)
  } catch (e) {
    error = e
  }
  return { events, text: events.flatMap((e) => (e.type === 'delta' ? [e.content] : [])).join(''), error }
}

const history = (n: number, tag = 'kept'): ChatMessage[] => Array.from({ length: n }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `${tag} ${i}` }))

/** A holder that encrypts (as the worker does), recording each call; `hook` may change what it returns. */
function recordingHolder(hook?: (plaintexts: readonly string[], recipient: string, call: number) => Promise<string[]> | string[] | undefined) {
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

const codeOf = (e: unknown) => (isSealkitError(e) ? e.code : String(e))
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms))

describe('encryptAhead under attack', () => {
  it('aborting an encrypt-ahead does not abort a request that joined its attestation', async () => {
    const { client, basic, holdAttestations } = setup()
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', ...basic })
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
})
