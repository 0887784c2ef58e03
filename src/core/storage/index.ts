/**
 * Conversations kept between visits, private by default: the `ChatStorage` interface an app can
 * implement, a memory adapter, an IndexedDB adapter that encrypts at rest under a non-extractable
 * WebCrypto key, and `persistChat`, which keeps a chat store and a storage in step.
 */
export { createIndexedDBStorage, type IndexedDBStorageOptions } from './indexeddb.ts'
export { createMemoryStorage } from './memory.ts'
export { persistChat, STORAGE_LOAD_TIMEOUT_MS, STREAMING_SAVE_INTERVAL_MS, type ChatPersistence, type ChatPersistenceState, type ChatPersistenceStatus } from './persist-chat.ts'
export { parseStoredConversation, recheckStoredSignatures, toStoredMessages } from './stored-messages.ts'
export type { ChatStorage, ChatStorageInfo, StoredConversation } from './types.ts'
