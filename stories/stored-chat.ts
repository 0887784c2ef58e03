/**
 * Conversations in storage for the restore stories, made the way an app makes them: a real chat with the
 * simulated enclave (its reply encrypted, decrypted and its signature checked, in the browser), saved by sealkit's
 * own persistence (`persistChat`, what `useEncryptedChat({ storage })` runs). Nothing here writes a record by hand:
 * what the chat shows after the "reload" comes from the code that restores it.
 */
import { createClient } from '../src/core/api/client.ts'
import { createChatStore } from '../src/core/chat/chat-store.ts'
import { createChatSession } from '../src/core/session/chat-session.ts'
import { createMemoryStorage } from '../src/core/storage/memory.ts'
import { persistChat } from '../src/core/storage/persist-chat.ts'
import type { ChatStorage, StoredConversation } from '../src/core/storage/types.ts'
import { createSimulator } from '../src/simulator/index.ts'

const MODEL = 'e2ee-qwen3-5-122b-a10b'

/** Waits until `ready` holds, checking every 20 ms, for at most `timeoutMs`. */
async function until(ready: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await ready())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A memory storage holding one exchange whose reply the simulated enclave really signed, saved as a chat saves it. */
export async function storedExchange(question: string): Promise<ChatStorage> {
  const sim = createSimulator({ seed: 'storybook', chunks: 4, chunkDelayMs: 0 })
  const client = createClient({ baseURL: 'http://simulator.local/api/v1', fetch: sim.fetch })
  const session = createChatSession(client, { model: MODEL, mode: 'e2ee', trustedRoots: sim.trustedRoots() })
  const store = createChatStore({ id: 'default', getSession: async () => session })
  const storage = createMemoryStorage()
  const persistence = persistChat(store, storage, { model: MODEL })
  try {
    await until(() => persistence.getState().status !== 'loading', 'the empty storage to load')
    await store.sendMessage({ text: question })
    const reply = () => store.getSnapshot().messages.at(-1)
    await until(() => store.getSnapshot().status === 'ready' && reply()?.metadata?.signature === 'verified', 'the signed reply')
    // Saved once the reply is settled: the record holds the verified signature and its evidence.
    const saved = async () => ((await storage.load('default')) as StoredConversation | undefined)?.messages.at(-1)?.metadata?.signature === 'verified'
    await until(saved, 'the conversation to be saved')
  } finally {
    persistence.destroy()
    session.destroy()
  }
  return storage
}

/**
 * The same records read through an app's own storage that cannot tell its records from anybody else's (a server,
 * `localStorage`): `authenticated` is not set, so a restored "signed" reply cannot be proven.
 */
export function unauthenticated(storage: ChatStorage): ChatStorage {
  return { ...storage, info: { kind: 'local-storage', encryptedAtRest: false, persistent: true } }
}
