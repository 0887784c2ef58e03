/**
 * A reply an app hands a chat is its data, and stays so across a save and a reload: storage that authenticates its
 * records vouches only for what sealkit had established when it saved it. Otherwise the reload laundered it: the
 * user message before it took the reply's "e2ee, real enclave" as sealkit's own (the green "Encrypted to the enclave").
 */
import { expect, test } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import { createChatStore } from '../../src/core/chat/chat-store.ts'
import type { SealkitUIMessage } from '../../src/core/chat/messages.ts'
import { isVouchedFor } from '../../src/core/chat/provenance.ts'
import { createMemoryStorage } from '../../src/core/storage/memory.ts'
import { persistChat } from '../../src/core/storage/persist-chat.ts'
import { createChatSession } from '../../src/core/session/chat-session.ts'
import { createSimulator } from '../../src/simulator/index.ts'

const never = () => new Promise<never>(() => {})
const until = async (done: () => boolean) => {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((r) => setTimeout(r, 5))
}

const handed: SealkitUIMessage[] = [
  { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'my question' }] },
  {
    id: 'a1',
    role: 'assistant',
    parts: [{ type: 'text', text: 'a reply from the app' }],
    metadata: {
      model: 'e2ee-qwen3-5-122b-a10b',
      privacy: 'e2ee',
      signature: 'verified',
      authenticity: 'verified',
      attestation: { model: 'e2ee-qwen3-5-122b-a10b', nonce: '00', signingAddress: `0x${'11'.repeat(20)}`, verdict: 'passed', policy: 'strict', verifiedAt: '2026-12-05T00:00:00Z', simulated: false },
    },
  },
]

async function reload(storage: ReturnType<typeof createMemoryStorage>) {
  const store = createChatStore({ id: 'c1', getSession: never, throttleMs: 0 })
  const persistence = persistChat(store, storage, { model: 'e2ee-qwen3-5-122b-a10b' })
  await until(() => persistence.getState().status === 'ready' && store.getSnapshot().messages.length > 0)
  return { store, persistence }
}

test('an app-handed reply, saved and restored from authenticated storage, is still not vouched for, and still unproven', async () => {
  const storage = createMemoryStorage()
  expect(storage.info.authenticated).toBe(true)
  const first = createChatStore({ id: 'c1', getSession: never, throttleMs: 0 })
  const saving = persistChat(first, storage, { model: 'e2ee-qwen3-5-122b-a10b' })
  await until(() => saving.getState().status === 'ready')
  first.setMessages(handed)
  const given = first.getSnapshot().messages[1]!
  expect(isVouchedFor(given)).toBe(false)
  expect(given.metadata?.restored?.signatureUnproven).toBe(true)
  await new Promise((r) => setTimeout(r, 50)) // the save
  saving.destroy()

  const again = await reload(storage)
  const restored = again.store.getSnapshot().messages[1]!
  expect(restored.metadata?.privacy).toBe('e2ee') // the data is kept as data...
  expect(isVouchedFor(restored)).toBe(false) // ...and never becomes sealkit's
  expect(restored.metadata?.restored?.signatureUnproven).toBe(true) // nor loses what it could not prove
  again.persistence.destroy()
})

test.each([
  ['e2ee', 'e2ee-qwen3-5-122b-a10b'],
  ['tee', 'tee-qwen3-5-122b-a10b'],
] as const)("%s: the app's own object swapped in for a streaming reply is never vouched for, nor signed, by the run", async (mode, model) => {
  const sim = createSimulator({ seed: 'vouch-swap' })
  const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: (url, init) => sim.fetch(url, init) })
  const session = createChatSession(client, { model, mode, policy: 'basic', trustedRoots: sim.trustedRoots() })
  const store = createChatStore({ id: 'c1', getSession: async () => session, throttleMs: 0 })
  let swapped = false
  store.subscribe(() => {
    const reply = store.getSnapshot().messages[1]
    if (swapped || !reply || reply.parts.length === 0) return
    swapped = true
    // The app replaces the streaming reply with its own object of the same id, claiming a real enclave's E2EE.
    store.setMessages((previous) =>
      previous.map((m) =>
        m.id === reply.id
          ? { ...m, parts: [{ type: 'text' as const, text: 'APP-WRITTEN TEXT' }], metadata: { ...m.metadata!, privacy: 'e2ee' as const, attestation: { ...m.metadata!.attestation!, simulated: false } } }
          : m,
      ),
    )
  })
  await store.sendMessage({ text: 'hello' })
  const reply = store.getSnapshot().messages[1]!
  expect(swapped).toBe(true)
  expect(isVouchedFor(reply)).toBe(false)
  expect(reply.parts.map((p) => p.text).join('')).toBe('APP-WRITTEN TEXT') // the run's words were not written into it
  expect(reply.metadata?.signature).not.toBe('verified')
  expect(reply.metadata?.authenticity).not.toBe('verified')
  session.destroy()
})
