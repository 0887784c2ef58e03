import type { ChatStore } from '../chat/chat-store.ts'
import { isSealkitError, SealkitError } from '../errors.ts'
import { parseStoredConversation, recheckStoredSignatures, toStoredMessages } from './stored-messages.ts'
import type { ChatStorage } from './types.ts'

/** `loading` (reading the stored conversation), `ready` (restored or nothing stored; saving), `error` (see `error`). */
export type ChatPersistenceStatus = 'loading' | 'ready' | 'error'

/** Where a stored conversation stands (`useEncryptedChat`'s `persistence`). */
export interface ChatPersistenceState {
  /** `loading` (reading the stored conversation), `ready` or `error` (it could not be read, or did not answer within `STORAGE_LOAD_TIMEOUT_MS`, `STORAGE_TIMEOUT`: see `error`). */
  status: ChatPersistenceStatus
  /** The model the stored conversation was with, once loaded. */
  restoredModel: string | undefined
  /** Why loading or saving failed. After a failed load nothing is saved, so the stored record is not overwritten; a save's failure is cleared by the next save that succeeds. */
  error: SealkitError | undefined
}

/** Keeps a chat store's conversation in a {@link ChatStorage}: loads it once, saves after each change. */
export interface ChatPersistence {
  /** Whether the stored conversation is loading, loaded or failed, and why. */
  getState(): ChatPersistenceState
  /** Calls `listener` after each change of the state; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** The model to store with the conversation (saved when it changes). */
  setModel(model: string | undefined): void
  /** Forgets this conversation: stops any reply, empties the chat, removes the stored record. A record that could not be removed rejects, and is the state's `error` too. */
  forget(): Promise<void>
  /** Stops listening; a pending save still happens. */
  destroy(): void
}

/** While a reply streams, at most one save per this many ms, the first at once (each save seals the whole conversation). */
export const STREAMING_SAVE_INTERVAL_MS = 1000

/**
 * A chat still loading after this many ms (unless its storage says otherwise: `ChatStorage.loadTimeoutMs`) is an
 * error (`STORAGE_TIMEOUT`): what is sent meanwhile is not being saved, and the user is told. A load that answers
 * later still counts: it restores into a chat still empty and clears the error; into a chat the user began meanwhile
 * it restores nothing and saves nothing (`STORAGE_CONFLICT`).
 */
export const STORAGE_LOAD_TIMEOUT_MS = 10_000

/**
 * Keeps a chat store and a `ChatStorage` in step: restores the stored conversation into an empty
 * store (messages and model; its shape checked by `parseStoredConversation`, its signatures checked
 * again by `recheckStoredSignatures`), then saves every change, coalesced (one save at a time; while a
 * reply streams, at most one a second). Framework-free: `useEncryptedChat({ storage })` uses it.
 *
 * @example
 * const persistence = persistChat(store, createIndexedDBStorage(), { model: 'e2ee-qwen3-5-122b-a10b' })
 * persistence.subscribe(() => console.log(persistence.getState().status))
 */
export function persistChat(
  store: ChatStore,
  storage: ChatStorage,
  initial: { model?: string | undefined; now?: () => Date } = {},
): ChatPersistence {
  const now = initial.now ?? (() => new Date())
  let state: ChatPersistenceState = { status: 'loading', restoredModel: undefined, error: undefined }
  let model = initial.model
  let destroyed = false
  let saving: Promise<void> | undefined
  let dirty = false
  let forgetting = false
  // forget() (or the storage's clear()) came while the stored conversation was loading: what the load reads is
  // forgotten too, never restored (nor saved back) when it arrives.
  let loadSuperseded = false
  // The load has not answered yet (it may after its timeout).
  let loadOpen = true
  let timer: ReturnType<typeof setTimeout> | undefined
  const listeners = new Set<() => void>()

  const set = (patch: Partial<ChatPersistenceState>): void => {
    state = { ...state, ...patch }
    if (state.status !== 'loading') clearTimeout(loadTimer)
    for (const listener of [...listeners]) listener()
  }

  // Storage that hangs (an adapter that never answers, a database another tab holds) is said, not waited on in
  // silence: STORAGE_TIMEOUT once the chat has been loading this long (a forget's remove that hangs meanwhile too).
  const loadTimeoutMs: unknown = storage.loadTimeoutMs ?? STORAGE_LOAD_TIMEOUT_MS
  if (typeof loadTimeoutMs !== 'number' || !(loadTimeoutMs > 0)) {
    throw new SealkitError('INVALID_ARGUMENT', { message: `ChatStorage.loadTimeoutMs must be a positive number of ms (Infinity: never), not ${String(loadTimeoutMs)}` })
  }
  let timedOut: SealkitError | undefined
  // setTimeout takes at most 2^31-1 ms (24.8 days) and fires at once past it: longer is never, as Infinity is.
  const loadTimer =
    loadTimeoutMs <= 2 ** 31 - 1
      ? setTimeout(() => {
          if (destroyed || state.status !== 'loading') return
          // A forget whose remove failed meanwhile keeps its error (its record may still be stored): the status says it.
          if (state.error) return set({ status: 'error' })
          timedOut = new SealkitError('STORAGE_TIMEOUT', {
            message: `The chat storage did not answer within ${loadTimeoutMs / 1000} s: the stored conversation is not shown, and nothing is saved until it answers`,
          })
          set({ status: 'error', error: timedOut })
        }, loadTimeoutMs)
      : undefined

  const save = async (): Promise<void> => {
    const snapshot = store.getSnapshot()
    await storage.save({ id: store.id, ...(model !== undefined ? { model } : {}), messages: toStoredMessages(snapshot.messages, now().toISOString()), savedAt: now().toISOString() })
  }

  /** One save at a time; changes during a save are saved once it ends. */
  const flush = (): void => {
    if (state.status !== 'ready' || forgetting) return
    if (saving) {
      dirty = true
      return
    }
    dirty = false
    saving = save()
      .then(
        // Saved since: an earlier save's (or forget's) failure no longer says how the conversation is stored.
        () => void (!destroyed && state.status === 'ready' && state.error && set({ error: undefined })),
        (error: unknown) => void (!destroyed && set({ error: storageFailure(error) })),
      )
      .finally(() => {
        saving = undefined
        if (dirty) flush()
      })
  }

  let lastStreamingSave = -Infinity
  const changed = (): void => {
    if (store.getSnapshot().status === 'streaming') {
      if (timer !== undefined) return
      // The reply's first words are kept at once (a reload a moment in keeps them), then at most a save per interval.
      const wait = lastStreamingSave + STREAMING_SAVE_INTERVAL_MS - Date.now()
      if (wait <= 0) {
        lastStreamingSave = Date.now()
        flush()
        return
      }
      timer = setTimeout(() => {
        timer = undefined
        lastStreamingSave = Date.now()
        flush()
      }, wait)
      return
    }
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    flush()
  }

  let lastMessages = store.getSnapshot().messages
  const unsubscribe = store.subscribe(() => {
    const { messages, status } = store.getSnapshot()
    // A reply that just ended is saved at once, not at the end of the streaming interval.
    if (messages === lastMessages && (timer === undefined || status === 'streaming')) return
    lastMessages = messages
    changed()
  })

  // Whatever the adapter, what comes back is data: its shape is checked, and every "signed" claim
  // is checked again before the chat shows it (a claim that fails shows as failed, loudly).
  const restoring = storage.load(store.id).then(async (raw) => {
    if (raw === undefined) return undefined
    const stored = parseStoredConversation(raw, store.id)
    return { ...stored, messages: await recheckStoredSignatures(stored.messages, { authenticated: storage.info.authenticated === true, now }) }
  })
  const timedOutStands = (): boolean => timedOut !== undefined && state.error === timedOut
  restoring.then(
    (stored) => {
      loadOpen = false
      if (destroyed) return
      if (loadSuperseded) return loaded()
      if (timedOutStands() && stored !== undefined && store.getSnapshot().messages.length > 0) {
        // Answered late, after the user began a chat it did not show: neither conversation replaces the other unseen.
        // The stored one stays as it was, this one is not saved; STORAGE_CONFLICT says so (Clear starts afresh).
        set({ error: new SealkitError('STORAGE_CONFLICT') })
        return
      }
      // What the user did while loading (in time) wins over what was stored.
      const restore = stored !== undefined && store.getSnapshot().messages.length === 0
      if (restore) {
        store.setMessages(stored.messages)
        lastMessages = store.getSnapshot().messages
      }
      set({ status: 'ready', restoredModel: stored?.model, error: undefined })
      if (!restore) changed()
    },
    (error: unknown) => {
      loadOpen = false
      if (destroyed) return
      // Forgotten meanwhile (a clear deletes the key the load needed): its failure is moot.
      if (loadSuperseded) return loaded()
      set({ status: 'error', error: storageFailure(error) })
    },
  )
  /**
   * A load overtaken by forget(): ready once the forgetting is over (forget sets it then itself). A forget whose remove
   * failed keeps its error, until a save overwrites the record; the timeout's error is over.
   */
  function loaded(): void {
    if (!forgetting && state.status !== 'ready') set({ status: 'ready', restoredModel: undefined, ...(timedOutStands() ? { error: undefined } : {}) })
  }

  /** Forgets this conversation: nothing is saved meanwhile, so the emptied chat cannot come back as a record. */
  const forget = async (): Promise<void> => {
    let emptied: unknown
    // After the timeout too: a load that answers late must not bring back what is being forgotten.
    if (loadOpen) loadSuperseded = true
    forgetting = true
    try {
      await store.stop()
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      dirty = false
      await saving
      store.setMessages([])
      lastMessages = store.getSnapshot().messages
      emptied = lastMessages
      // After a clear too: a save that was under way may have landed after it.
      await storage.remove(store.id)
    } catch (error) {
      // The chat is empty, but its record may still be stored: said (the next save that succeeds overwrites it).
      // A load that answered meanwhile (its loaded() waited for the forgetting) is over: the chat saves again, so that
      // the next save can overwrite the record.
      if (!destroyed) set({ error: storageFailure(error), ...(loadSuperseded && !loadOpen ? { status: 'ready' as const } : {}) })
      throw error
    } finally {
      forgetting = false
    }
    // A record that could not be read is gone now: the chat saves again from its next change.
    set({ status: 'ready', error: undefined, restoredModel: undefined })
    // What came while the record was being removed (a message sent at once) was not saved then: it is now.
    if (store.getSnapshot().messages !== emptied) changed()
  }
  // The whole storage cleared (storage.clear(), say from a settings page): this chat forgets too, rather than save
  // what it shows again at its next change.
  const stopClear = storage.onClear?.(() => {
    forget().catch(() => {}) // said in the state
  })

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setModel(next) {
      if (next === model) return
      model = next
      changed()
    },
    forget,
    destroy() {
      // A save waiting for the streaming interval happens now: unmounting loses nothing.
      if (timer !== undefined) {
        clearTimeout(timer)
        timer = undefined
        flush()
      }
      destroyed = true
      clearTimeout(loadTimer)
      unsubscribe()
      stopClear?.()
      listeners.clear()
    },
  }
}

function storageFailure(error: unknown): SealkitError {
  return isSealkitError(error) ? error : new SealkitError('STORAGE_FAILED', { cause: error })
}
