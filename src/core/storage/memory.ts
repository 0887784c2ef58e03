import { createClearSignal } from './clear-signal.ts'
import type { ChatStorage, StoredConversation } from './types.ts'

/**
 * Conversations in memory: they survive a remount (a route change) but not a reload. Each
 * save and load is a deep copy, so nothing shares objects with the chat's state.
 *
 * @example
 * const storage = createMemoryStorage()
 * <PrivateChat storage={storage} />
 */
export function createMemoryStorage(): ChatStorage {
  const conversations = new Map<string, string>()
  const cleared = createClearSignal()
  return {
    info: { kind: 'memory', encryptedAtRest: false, persistent: false, authenticated: true },
    load: async (id) => {
      const json = conversations.get(id)
      return json === undefined ? undefined : (JSON.parse(json) as StoredConversation)
    },
    save: async (conversation) => void conversations.set(conversation.id, JSON.stringify(conversation)),
    remove: async (id) => void conversations.delete(id),
    clear: async () => {
      conversations.clear()
      cleared.emit()
    },
    onClear: cleared.subscribe,
  }
}
