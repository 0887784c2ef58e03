import { createClearSignal } from './clear-signal.ts'
import { SealkitError } from '../errors.ts'
import { parseStoredConversation } from './stored-messages.ts'
import type { ChatStorage, StoredConversation } from './types.ts'

export interface IndexedDBStorageOptions {
  /** The database name. Default `sealkit-chats`. */
  name?: string
  /** Default: `globalThis.indexedDB`. */
  indexedDB?: IDBFactory
}

const CONVERSATIONS = 'conversations'
const KEYS = 'keys'
const KEY_ID = 'conversation-key'
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** What lies in IndexedDB for one conversation: AES-256-GCM ciphertext, never the text. */
interface SealedRecord {
  v: 1
  iv: Uint8Array<ArrayBuffer>
  data: ArrayBuffer
}

/**
 * Conversations in IndexedDB, sealed: AES-256-GCM under a WebCrypto key generated in this
 * browser with `extractable: false` and stored in IndexedDB as a `CryptoKey`, so the page's
 * scripts cannot export it. Each record is bound to its chat id (additional data): a record
 * edited, cut short or swapped between chats fails to open (`STORAGE_FAILED`). `clear()` deletes
 * every conversation and the key through IndexedDB.
 *
 * What it does not protect against:
 * - someone who can read the browser profile on disk, or a backup of it: the browser writes the
 *   key into the same IndexedDB files as the records (Chromium: in the clear), and what `clear()`
 *   deleted can stay in those files until the browser compacts them;
 * - a script running in the same origin: it can use the key (as the app does);
 * - an older record of the same chat put back in place of the newer one (records carry no version).
 *
 * @example
 * const storage = createIndexedDBStorage()
 * <PrivateChat storage={storage} />   // reload: the conversation and its model come back
 */
export function createIndexedDBStorage(options: IndexedDBStorageOptions = {}): ChatStorage {
  const name = options.name ?? 'sealkit-chats'
  let db: Promise<IDBDatabase> | undefined
  let key: Promise<CryptoKey> | undefined

  const open = (): Promise<IDBDatabase> =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const factory = options.indexedDB ?? globalThis.indexedDB
      if (!factory) return reject(storageError('IndexedDB is not available here'))
      const request = factory.open(name, 1)
      request.onupgradeneeded = () => {
        request.result.createObjectStore(CONVERSATIONS)
        request.result.createObjectStore(KEYS)
      }
      request.onsuccess = () => {
        // Another tab deleting or upgrading the database: let it, and reopen on the next call.
        request.result.onversionchange = () => {
          request.result.close()
          db = undefined
          key = undefined
        }
        resolve(request.result)
      }
      request.onerror = () => reject(storageError('IndexedDB could not be opened', request.error))
    }).catch((error: unknown) => {
      db = undefined
      throw error
    }))

  /** The key: the one stored, else a new non-extractable one (kept only if no other tab stored one first). */
  const conversationKey = (): Promise<CryptoKey> =>
    (key ??= (async () => {
      const stored = await run<CryptoKey | undefined>(await open(), KEYS, 'readonly', (s) => s.get(KEY_ID))
      if (stored) return stored
      const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
      return run<CryptoKey>(await open(), KEYS, 'readwrite', (s, done) => {
        const get = s.get(KEY_ID)
        get.onsuccess = () => {
          const existing = get.result as CryptoKey | undefined
          if (existing) return done(existing)
          s.add(fresh, KEY_ID).onsuccess = () => done(fresh)
        }
      })
    })().catch((error: unknown) => {
      key = undefined
      throw error
    }))

  const cleared = createClearSignal()
  // Saves under way here: clear() lets them land first and deletes them with the rest. One that landed after it would
  // be a conversation just cleared, under a key that no longer exists (the next load: "could not be decrypted").
  const saving = new Map<Promise<void>, string>()
  // Another tab (or another instance on this database) cleared it: drop the key cached here, and tell the chats open
  // here, which would otherwise save what they show under that key. Lives as long as the page.
  const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(`sealkit-chats:${name}`)
  /**
   * Saves under way when a clear has happened (here, or in another tab) started before it: what they write is a
   * cleared conversation (a chat's last, flushed as it closed), so each goes once it lands.
   */
  const dropLateSaves = async (): Promise<void> => {
    const late = [...saving]
    await Promise.allSettled(late.map(([work]) => work))
    await Promise.allSettled(late.map(async ([, id]) => run(await open(), CONVERSATIONS, 'readwrite', (s) => s.delete(id))))
  }
  channel?.addEventListener('message', (event: MessageEvent) => {
    if ((event.data as { type?: unknown } | null)?.type !== 'cleared') return
    key = undefined
    cleared.emit()
    void dropLateSaves()
  })
  return {
    info: { kind: 'indexeddb', encryptedAtRest: true, persistent: true, authenticated: true },
    onClear: cleared.subscribe,

    async load(id) {
      const record = await run<SealedRecord | undefined>(await open(), CONVERSATIONS, 'readonly', (s) => s.get(id))
      if (record === undefined) return undefined
      if (!isSealedRecord(record)) throw storageError('The stored conversation is not a sealkit record')
      let value: unknown
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: record.iv, additionalData: additionalData(id) }, await conversationKey(), record.data)
        value = JSON.parse(decoder.decode(plain))
      } catch (error) {
        throw storageError('The stored conversation could not be decrypted (altered, or stored under a key since cleared)', error)
      }
      return parseStoredConversation(value, id)
    },

    save(conversation: StoredConversation) {
      const work = (async () => {
        const iv = crypto.getRandomValues(new Uint8Array(12))
        const data = await crypto.subtle.encrypt(
          { name: 'AES-GCM', iv, additionalData: additionalData(conversation.id) },
          await conversationKey(),
          encoder.encode(JSON.stringify(conversation)),
        )
        const record: SealedRecord = { v: 1, iv, data }
        await run(await open(), CONVERSATIONS, 'readwrite', (s) => s.put(record, conversation.id))
      })()
      saving.set(work, conversation.id)
      const done = () => void saving.delete(work)
      work.then(done, done)
      return work
    },

    async remove(id) {
      await run(await open(), CONVERSATIONS, 'readwrite', (s) => s.delete(id))
    },

    async clear() {
      await Promise.allSettled([...saving.keys()])
      const database = await open()
      key = undefined
      await new Promise<void>((resolve, reject) => {
        const tx = database.transaction([CONVERSATIONS, KEYS], 'readwrite')
        tx.objectStore(CONVERSATIONS).clear()
        tx.objectStore(KEYS).clear()
        tx.oncomplete = () => resolve()
        tx.onerror = tx.onabort = () => reject(storageError('IndexedDB could not be cleared', tx.error))
      })
      // One that started while this ran (a chat's save queued behind the one awaited above) goes too.
      await dropLateSaves()
      channel?.postMessage({ type: 'cleared' })
      cleared.emit()
    },
  }
}

function additionalData(id: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`sealkit-chat:v1:${id}`)
}

function isSealedRecord(value: unknown): value is SealedRecord {
  const r = value as Partial<SealedRecord> | undefined
  return r?.v === 1 && r.iv instanceof Uint8Array && r.iv.length === 12 && r.data instanceof ArrayBuffer
}

/**
 * One request in one transaction, resolved when the transaction commits: with the request's result,
 * or with what `body` passes to `done` (for bodies that chain requests).
 */
function run<T>(
  database: IDBDatabase,
  store: string,
  mode: IDBTransactionMode,
  body: (store: IDBObjectStore, done: (value: T) => void) => IDBRequest | void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const tx = database.transaction(store, mode)
    let result: T
    const request = body(tx.objectStore(store), (value) => (result = value))
    if (request) request.onsuccess = () => (result = request.result as T)
    tx.oncomplete = () => resolve(result)
    tx.onerror = tx.onabort = () => reject(storageError(`IndexedDB ${mode === 'readonly' ? 'read' : 'write'} failed`, tx.error))
  })
}

function storageError(message: string, cause?: unknown): SealkitError {
  return new SealkitError('STORAGE_FAILED', { message, ...(cause ? { cause } : {}) })
}
