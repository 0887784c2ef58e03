/**
 * The session's one attestation run for every caller (no `attestModel` source, as with createChatSession used
 * directly), under attack: callers that stop waiting or were stopped before they asked, destroy() during the run,
 * a key-rotation refresh racing it or failing. Whatever happens, a request carries ciphertext only to the key of
 * the latest attestation that passed, and nothing goes out from a destroyed session.
 */
import { describe, expect, it } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import type { ChatMessage } from '../../src/core/api/types.ts'
import { attestModel } from '../../src/core/session/attest.ts'
import { createChatSession } from '../../src/core/session/chat-session.ts'
import { createSimulator, E2EE_HEADERS, FAULT_HEADER, type FaultName } from '../../src/simulator/index.ts'
import { collect } from '../helpers/collect-stream.ts'
import { codeOf } from '../helpers/error-code.ts'

const E2EE = 'e2ee-qwen3-5-122b-a10b'

/** A simulator behind a client that counts attestation requests, can hold them, can fail them, and records chats. */
function setup() {
  const sim = createSimulator({ seed: 'shared-attestation-attack' })
  const chats: { messages: ChatMessage[]; modelKey: string | null }[] = []
  const holds: Array<() => void> = []
  let holding = false
  let attestationFault: FaultName | undefined
  let attestations = 0
  const client = createClient({
    baseURL: 'http://sim.test/api/v1',
    fetch: async (input, init) => {
      const url = String(input)
      if (url.includes('/attestation')) {
        attestations++
        if (holding) await new Promise<void>((resolve) => holds.push(resolve))
        if (attestationFault) {
          const headers = new Headers(init?.headers)
          headers.set(FAULT_HEADER, attestationFault)
          return sim.fetch(input, { ...init, headers })
        }
      }
      if (url.endsWith('/chat/completions')) {
        const headers = new Headers(init?.headers)
        chats.push({ messages: (JSON.parse(String(init?.body)) as { messages: ChatMessage[] }).messages, modelKey: headers.get(E2EE_HEADERS.modelPubKey) })
      }
      return sim.fetch(input, init)
    },
  })
  const session = createChatSession(client, { model: E2EE, mode: 'e2ee', policy: 'basic', trustedRoots: sim.trustedRoots(), signature: 'skip' })
  return {
    sim,
    session,
    chats,
    attestations: () => attestations,
    /** Attestation requests wait from now on, each until `release` lets the oldest waiting one go. */
    hold: () => (holding = true),
    release: () => holds.shift()?.(),
    releaseLast: () => holds.pop()?.(),
    waiting: () => holds.length,
    failAttestations: (fault: FaultName | undefined) => (attestationFault = fault),
  }
}

const ask = (content = 'a secret question'): ChatMessage[] => [{ role: 'user', content }]
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
  expect(ok()).toBe(true)
}

describe('one attestation run for every caller, attacked', () => {
  it('destroy() while a request waits for the attestation: the request stops, and nothing is sent', async () => {
    const t = setup()
    t.hold()
    const request = collect(t.session.stream(ask()))
    await until(() => t.waiting() === 1)
    t.session.destroy()
    t.release()
    const { error } = await request
    expect(codeOf(error)).toBe('KEY_DESTROYED')
    expect(t.chats).toHaveLength(0)
  })

  it('a refresh (the key rotated) that fails verification leaves no attestation: the next request attests again and sends nothing to the old key', async () => {
    const t = setup()
    expect((await collect(t.session.stream(ask('first')))).error).toBeUndefined()
    const oldKey = t.session.attestation!.signingKey
    // The enclave's key changes, and what now answers for it does not verify.
    t.sim.rotateKey(E2EE)
    t.failAttestations('unverified')
    const refused = await collect(t.session.stream(ask('second')))
    expect(codeOf(refused.error)).toMatch(/^ATTESTATION_/)
    // The verdict the session shows is no longer the old key's success: the latest verification failed.
    expect(t.session.attestation).toBeUndefined()
    const sentBefore = t.chats.length
    const next = await collect(t.session.stream(ask('third')))
    expect(codeOf(next.error)).toMatch(/^ATTESTATION_/)
    expect(next.events.filter((e) => e.type === 'attested')).toHaveLength(0)
    expect(t.chats.slice(sentBefore).filter((c) => c.modelKey === oldKey)).toHaveLength(0)
    // Once it verifies again, the new key.
    t.failAttestations(undefined)
    expect((await collect(t.session.stream(ask('fourth')))).error).toBeUndefined()
    expect(t.chats.at(-1)!.modelKey).toBe(t.session.attestation!.signingKey)
    expect(t.session.attestation!.signingKey).not.toBe(oldKey)
  })

  it('a request that starts while a refresh runs waits for it, not the key that was refused', async () => {
    const t = setup()
    expect((await collect(t.session.stream(ask('first')))).error).toBeUndefined()
    const oldKey = t.session.attestation!.signingKey
    t.sim.rotateKey(E2EE)
    t.hold()
    const rotated = collect(t.session.stream(ask('second'))) // 421, then a refresh, held
    await until(() => t.waiting() === 1)
    const during = collect(t.session.stream(ask('third')))
    await new Promise((resolve) => setTimeout(resolve, 20))
    t.release()
    await until(() => t.waiting() === 1 || t.attestations() === 2)
    t.release()
    const [a, b] = await Promise.all([rotated, during])
    expect([a.error, b.error]).toEqual([undefined, undefined])
    // Two chats to the new key after the one refusal; one refresh, no second 421.
    expect(t.chats.map((c) => c.modelKey === oldKey)).toEqual([true, true, false, false])
    expect(t.attestations()).toBe(2)
  })

  it('a caller already stopped starts no attestation request', async () => {
    const t = setup()
    await expect(t.session.attest({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' })
    const stopped = await collect(t.session.stream(ask(), { signal: AbortSignal.abort() }))
    expect(codeOf(stopped.error)).toBe('ABORTED')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect([t.attestations(), t.chats.length, t.session.attestation]).toEqual([0, 0, undefined])
  })

  it('a run that fails after every caller stopped waiting is no unhandled rejection, and the next caller runs anew', async () => {
    const t = setup()
    t.hold()
    t.failAttestations('wrong-signing-key')
    const stop = new AbortController()
    const first = t.session.attest({ signal: stop.signal })
    const second = collect(t.session.stream(ask(), { signal: stop.signal }))
    await until(() => t.waiting() === 1)
    stop.abort()
    await expect(first).rejects.toMatchObject({ code: 'ABORTED' })
    expect(codeOf((await second).error)).toBe('ABORTED')
    t.release()
    // The run fails here, with nobody waiting. Its verification takes ~30 ms alone, several hundred on a loaded 2-core
    // machine (a full `npm test` beside other work): a next caller before it ends would join it instead of running anew.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(t.session.attestation).toBeUndefined()
    t.failAttestations(undefined)
    t.hold()
    const next = t.session.attest()
    await until(() => t.waiting() === 1)
    t.release()
    expect((await next).signingKey).toMatch(/^04[0-9a-f]{128}$/)
    expect([t.attestations(), t.chats.length]).toEqual([2, 0])
  })

  it('a first run that ends after a refresh started never takes the place of the refresh', async () => {
    const t = setup()
    t.hold()
    const early = t.session.attest() // the first run, held
    await until(() => t.waiting() === 1)
    const refresh = t.session.attest({ refresh: true }) // the second run, held too
    await until(() => t.waiting() === 2)
    t.releaseLast() // the refresh ends first
    const fresh = await refresh
    t.release() // then the first run
    const stale = await early
    expect(stale.nonce).not.toBe(fresh.nonce)
    expect(t.session.attestation).toBe(fresh)
    expect((await collect(t.session.stream(ask()))).error).toBeUndefined()
    expect([t.attestations(), t.chats.map((c) => c.modelKey)]).toEqual([2, [fresh.signingKey]])
  })
})

describe('with an attestModel source (as the hooks give one)', () => {
  it('an attestation that fails verification leaves none either: the session never shows the old key’s verdict after it', async () => {
    const t = setup()
    const sim = t.sim
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: (input, init) => (refuse ? sim.fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), [FAULT_HEADER]: 'unverified' } }) : sim.fetch(input, init)) })
    let refuse = false
    const session = createChatSession(client, {
      model: E2EE,
      mode: 'e2ee',
      signature: 'skip',
      attestModel: ({ model, signal }) => attestModel(client, { model, policy: 'basic', trustedRoots: sim.trustedRoots(), ...(signal ? { signal } : {}) }),
    })
    expect((await collect(session.stream(ask('first')))).error).toBeUndefined()
    const oldKey = session.attestation!.signingKey
    sim.rotateKey(E2EE)
    refuse = true
    const refused = await collect(session.stream(ask('second')))
    expect(codeOf(refused.error)).toMatch(/^ATTESTATION_/)
    expect(session.attestation).toBeUndefined()
    refuse = false
    expect((await collect(session.stream(ask('third')))).error).toBeUndefined()
    expect(session.attestation!.signingKey).not.toBe(oldKey)
  })
})
