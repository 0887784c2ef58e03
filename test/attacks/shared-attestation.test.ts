/**
 * The session's one attestation run for every caller (no `attestModel` source, as with createChatSession used
 * directly), under attack: callers that stop waiting or were stopped before they asked, destroy() during the run,
 * a key-rotation refresh racing it or failing. Whatever happens, a request carries ciphertext only to the key of
 * the latest attestation that passed, and nothing goes out from a destroyed session.
 */
import { describe, expect, it } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import type { ChatMessage } from '../../src/core/api/types.ts'
import { isSealkitError } from '../../src/core/errors.ts'
import { createChatSession } from '../../src/core/session/chat-session.ts'
import { createSimulator, E2EE_HEADERS, FAULT_HEADER, type FaultName } from '../../src/simulator/index.ts'
import { collect } from '../helpers/collect-stream.ts'

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
    waiting: () => holds.length,
    failAttestations: (fault: FaultName | undefined) => (attestationFault = fault),
  }
}

const ask = (content = 'a secret question'): ChatMessage[] => [{ role: 'user', content }]
const codeOf = (e: unknown) => (isSealkitError(e) ? e.code : String(e))
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
})
