import type { SealkitUIMessage } from '../chat/messages.ts'

/** One stored conversation: its messages and the model it was with. Public facts only: never keys. */
export interface StoredConversation {
  /** The chat id (`useEncryptedChat({ id })`). */
  id: string
  /** The model selected when it was saved. */
  model?: string
  /** The messages as saved (see `toStoredMessages`): their privacy facts as they were verified on arrival. */
  messages: SealkitUIMessage[]
  /** ISO time of the save. */
  savedAt: string
}

/** How an adapter keeps conversations, for the UI to say so. */
export interface ChatStorageInfo {
  /** `memory`, `indexeddb`, or an app's own name. */
  kind: string
  /** True when what is at rest is ciphertext. */
  encryptedAtRest: boolean
  /** True when conversations survive a reload. */
  persistent: boolean
  /**
   * True when the adapter can tell a record it saved from one somebody else wrote or edited:
   * authenticated encryption under a key page scripts cannot read (IndexedDB), or memory that never
   * leaves the page. Only such storage may bring a reply back as signed: from any other, a record
   * that claims a verified signature is shown as not provable (`restored.signatureUnproven`), since
   * whoever writes the storage can forge a whole record, evidence and "attested" key included.
   * Absent means `false`.
   */
  authenticated?: boolean
}

/**
 * Where conversations are kept: an app can bring its own (a server, `localStorage`, SQLite...)
 * by implementing these four methods. sealkit calls `save` after every change (coalesced:
 * never two at once, at most once a second while a reply streams), `load` once per chat id,
 * `remove` to forget one conversation, `clear` to forget everything (and any key the adapter holds).
 * Methods reject with a `SealkitError` (`STORAGE_FAILED`) when they cannot do their job; a record
 * that cannot be read is an error, never an empty conversation.
 *
 * @example
 * ```ts
 * const serverStorage: ChatStorage = {
 *   info: { kind: 'server', encryptedAtRest: false, persistent: true },
 *   load: async (id) => (await fetch(`/chats/${id}`)).json(),
 *   save: async (c) => void (await fetch(`/chats/${c.id}`, { method: 'PUT', body: JSON.stringify(c) })),
 *   remove: async (id) => void (await fetch(`/chats/${id}`, { method: 'DELETE' })),
 *   clear: async () => void (await fetch('/chats', { method: 'DELETE' })),
 * }
 * ```
 */
export interface ChatStorage {
  /** What this storage is: its kind, and whether it encrypts at rest and survives a reload. */
  readonly info: ChatStorageInfo
  /** The conversation stored under `id`, or `undefined` when there is none. */
  load(id: string): Promise<StoredConversation | undefined>
  /** Stores (replaces) a conversation. */
  save(conversation: StoredConversation): Promise<void>
  /** Forgets one conversation. */
  remove(id: string): Promise<void>
  /** Forgets every conversation, and any key the adapter keeps. */
  clear(): Promise<void>
  /**
   * Calls `listener` each time `clear()` has forgotten everything; returns the unsubscribe function. A chat open on
   * this storage then forgets its conversation too (stops its reply, empties, removes its record), where it would
   * save it all again at its next change. sealkit's storages have it; without it, call the chat's `forget()`.
   */
  onClear?(listener: () => void): () => void
  /**
   * How long a chat may wait for its conversation to load before it says the storage is not answering
   * (`STORAGE_TIMEOUT`; the chat goes on unsaved until it answers). Default `STORAGE_LOAD_TIMEOUT_MS` (10 s): an
   * adapter over a slow network may ask for longer, `Infinity` for never. Anything but a positive number is
   * `INVALID_ARGUMENT`.
   */
  readonly loadTimeoutMs?: number
}
