'use client'
import { useEffect, useInsertionEffect, useMemo, useState, useSyncExternalStore } from 'react'
import {
  createChatStore,
  generateChatId,
  type ChatFinishInfo,
  type ChatRequestOptions,
  type ChatStatus,
  type ChatStore,
  type SendMessageInput,
} from '../core/chat/chat-store.ts'
import { toChatMessages, type SealkitUIMessage } from '../core/chat/messages.ts'
import { createSessionManager } from '../core/chat/session-manager.ts'
import { isSealkitError, SealkitError } from '../core/errors.ts'
import { warnOnceInDevelopment } from '../core/worker/dev-warning.ts'
import { loadOnce } from '../core/load-once.ts'
import { whenIdle } from '../core/next-task.ts'
import type { ChatSession } from '../core/session/chat-session.ts'
import type { ChatPersistence, ChatPersistenceState } from '../core/storage/persist-chat.ts'
import type { ChatStorage } from '../core/storage/types.ts'
import { useManagedSession, type UseE2EESessionParameters, type UseE2EESessionReturnType } from './useE2EESession.ts'

/** Options of {@link useEncryptedChat}: the session's, plus the chat's (storage, throttling, callbacks). */
export interface UseEncryptedChatOptions extends UseE2EESessionParameters {
  /** An `e2ee-*` model (encrypted both ways), a `tee-*` model (plaintext, signature-verified), or, with `allowUnattested`, any model. */
  model: string | undefined
  /** The chat's id. A new id starts a new chat; leaving it undefined never does. With `storage`, the id it is stored under (default `default`). */
  id?: string
  /**
   * Keep the conversation between visits: `createIndexedDBStorage()` (encrypted at rest),
   * `createMemoryStorage()`, or the app's own `ChatStorage`. The stored conversation is restored
   * into the chat when it loads (`storage.restoredModel` says which model it was with); every
   * change is saved. Restored replies carry `metadata.restored`: their facts as checked on arrival.
   * Read when the chat is created, like `messages`.
   */
  storage?: ChatStorage
  /** Initial messages (read when the chat is created). */
  messages?: SealkitUIMessage[]
  /** Re-render at most once per this many ms while text streams in; `0`: every chunk. Default: 40 ms in a browser (at most 25 updates/s, `DEFAULT_THROTTLE_MS`), every chunk elsewhere. */
  experimental_throttle?: number
  /** Fail with `STREAM_INCOMPLETE` when nothing arrives for this long. Default: no timeout. */
  timeoutMs?: number
  /** Message ids. Default: random. */
  generateId?: () => string
  /** Every request that produced an assistant message ends here (`isAbort` / `isError` say how). Always the latest callback. */
  onFinish?: (info: ChatFinishInfo) => void
  /** Every error that ends a request. Always the latest callback. */
  onError?: (error: SealkitError) => void
}

/** What {@link useEncryptedChat} returns, in the shape of the AI SDK's `useChat`. */
export interface UseEncryptedChatReturnType {
  /** The chat id (the storage key). */
  id: string
  /** Every message, oldest first; the streaming reply is the last and changes as chunks arrive. */
  messages: readonly SealkitUIMessage[]
  /** `submitted` (attesting, waiting for the first token), `streaming`, `ready`, `error`. */
  status: ChatStatus
  /** The error that ended the last request; `undefined` otherwise. */
  error: SealkitError | undefined
  /** `sendMessage({ text })`; resolves when the answer ended (errors land in `error`). */
  sendMessage: (message?: SendMessageInput, options?: ChatRequestOptions) => Promise<void>
  /** Drops the last assistant message (or `messageId` and what follows) and asks again. */
  regenerate: (options?: ChatRequestOptions & { messageId?: string }) => Promise<void>
  /** Aborts; what arrived stays, marked `incomplete`. */
  stop: () => Promise<void>
  /** Clears `error`; an `error` status goes back to `ready`. */
  clearError: () => void
  /** Replaces the messages (or maps them with a function), as when a conversation is restored. */
  setMessages: ChatStore['setMessages']
  /** The session behind the chat: privacy mode, attestation (and its query), status. */
  session: UseE2EESessionReturnType
  /** With the `storage` option: loading / saving state, the restored model, and `forget()`. */
  storage: UseChatStorageReturnType | undefined
}

export interface UseChatStorageReturnType extends ChatPersistenceState {
  /** Forgets this conversation: stops any reply, empties the chat, deletes the stored record. */
  forget: () => Promise<void>
}

/**
 * Private chat with the AI SDK v5 `useChat` shape. E2EE models: every user
 * message is encrypted to the attested key and every chunk decrypted as it
 * arrives; TEE models: plaintext to an attested enclave, each response's
 * signature verified. A model without attestation is refused unless
 * `allowUnattested` is set. Each assistant message carries its privacy facts in
 * `metadata` (mode, attestation, signature status, `incomplete`, `errorCode`).
 *
 * @example
 * ```tsx
 * const { messages, status, sendMessage, stop, error } = useEncryptedChat({ model: 'e2ee-qwen3-5-122b-a10b' })
 * <form onSubmit={(e) => { e.preventDefault(); void sendMessage({ text: input }) }}>...</form>
 * {status === 'streaming' && <button onClick={() => void stop()}>Stop</button>}
 * ```
 */
export function useEncryptedChat(options: UseEncryptedChatOptions): UseEncryptedChatReturnType {
  const { model, id, messages: initialMessages, storage, experimental_throttle, timeoutMs, onFinish, onError, generateId, ...sessionParameters } = options

  const [manager] = useState(createSessionManager)
  const [fallbackId] = useState(() => (storage ? 'default' : generateChatId()))
  const chatId = id ?? fallbackId
  // `messages`, throttle and timeout are read when a chat is created (first render, or a new `id`);
  // later throttle/timeout changes go through `configure`, later `messages` are ignored (use setMessages).
  const store = useMemo(
    () =>
      createChatStore({
        id: chatId,
        getSession: (signal) => manager.ready(signal),
        ...(initialMessages ? { messages: initialMessages } : {}),
        ...(experimental_throttle !== undefined ? { throttleMs: experimental_throttle } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new chat id makes a new chat
    [chatId, manager],
  )

  // Every render, before any other effect: the store always calls the latest callbacks.
  useInsertionEffect(() => {
    store.configure({ throttleMs: experimental_throttle, timeoutMs, onFinish, onError, generateId })
  })

  // Declared before the session's effect so a model change stops the request before its session is destroyed.
  useEffect(() => () => void store.stop(), [store, model])

  const session = useManagedSession(manager, model, sessionParameters)
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot)
  const stored = useChatPersistence(store, storage, model)
  useEncryptAhead(store, session.status === 'ready' ? session.session : undefined, stored?.status)

  return {
    id: snapshot.id,
    messages: snapshot.messages,
    status: snapshot.status,
    error: snapshot.error,
    sendMessage: store.sendMessage,
    regenerate: store.regenerate,
    stop: store.stop,
    clearError: store.clearError,
    setMessages: store.setMessages,
    session,
    storage: stored,
  }
}

/**
 * A conversation there when the session gets ready, or restored after, is encrypted to the enclave's key once the
 * page is idle (`session.encryptAhead`; in the key holder's worker where there is one). Its first send then encrypts
 * only what is new, where it waited for all of it (a restored conversation of 300 messages: 0.15-0.3 s between Send
 * and the request; 0.4-0.5 s before the WASM sealer). At idle, not at once: on two cores the worker's ECDH took a core from the page while
 * it mounted the conversation's rows (another conversation of 300 opened: 2-3 long tasks became 6-8). A send that
 * comes first encrypts the conversation itself; one that comes meanwhile waits for it. An idle period of 40 ms or
 * more, not the gaps between frames while `<PrivateChatView>` mounts the rows a step per frame. Messages an app sets
 * itself later are its own to encrypt ahead.
 */
function useEncryptAhead(store: ChatStore, session: ChatSession | undefined, restored: ChatPersistenceState['status'] | undefined): void {
  useEffect(() => {
    if (!session?.encryptAhead) return
    const controller = new AbortController()
    const cancel = whenIdle(
      () => {
        const { messages, status } = store.getSnapshot()
        if (messages.length === 0 || status === 'submitted' || status === 'streaming') return
        // A failure here is the send's to report, when it encrypts the fields itself.
        session.encryptAhead!(toChatMessages(messages), { signal: controller.signal }).catch(() => {})
      },
      // Not in a gap between two frames while the view still mounts the conversation's rows (one step per frame).
      { quietMs: ENCRYPT_AHEAD_QUIET_MS },
    )
    return () => {
      cancel()
      controller.abort()
    }
  }, [store, session, restored])
}

/** An idle period this long: the page has settled (a gap between frames is at most ~16 ms). */
const ENCRYPT_AHEAD_QUIET_MS = 40

const NO_PERSISTENCE: ChatPersistenceState = { status: 'loading', restoredModel: undefined, error: undefined }

/** `persistChat`, loaded once (a failed load is tried again by the next chat). */
const loadPersistChat = loadOnce(() => import('../core/storage/persist-chat.ts').then((m) => m.persistChat))

/** Restores and saves the chat through `storage` (the storage given when the chat was created). */
function useChatPersistence(store: ChatStore, storage: ChatStorage | undefined, model: string | undefined): UseChatStorageReturnType | undefined {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- like `messages`: read when a chat is created
  const chatStorage = useMemo(() => storage, [store])
  // The persistence starts in an effect (it reads storage); React reads it through this slot.
  const [slot] = useState(createPersistenceSlot)
  useEffect(() => {
    if (!chatStorage) return
    // Loaded on first use: an app that stores nothing never loads the code (it stays `loading` until then, as while storage is read).
    let persistence: ChatPersistence | undefined
    let ended = false
    void loadPersistChat()
      .then((persistChat) => {
        if (ended) return
        persistence = persistChat(store, chatStorage)
        slot.attach(persistence)
      })
      .catch((cause: unknown) => {
        // A storage persistChat refused (its own typed error, e.g. a bad loadTimeoutMs) says why; a chunk that did not load, that it did not.
        if (!ended) slot.fail(isSealkitError(cause) ? cause : new SealkitError('STORAGE_FAILED', { message: 'The chat storage could not start', cause }))
      })
    return () => {
      ended = true
      slot.attach(undefined)
      persistence?.destroy()
    }
  }, [slot, store, chatStorage])
  const state = useSyncExternalStore(slot.subscribe, slot.getState, slot.getState)
  useEffect(() => slot.setModel(model), [slot, state, model])
  // The chat going on unsaved is a fallback: in the API (storage.error), and once in the dev console.
  const timedOut = state.error?.code === 'STORAGE_TIMEOUT' ? state.error.message : undefined
  useEffect(() => void (timedOut && warnOnceInDevelopment('storage-timeout', `sealkit: ${timedOut} (storage.error: STORAGE_TIMEOUT).`)), [timedOut])
  return useMemo(() => (chatStorage ? { ...state, forget: slot.forget } : undefined), [chatStorage, state, slot])
}

/** The current `ChatPersistence` (or none), as an external store. */
function createPersistenceSlot() {
  let current: ChatPersistence | undefined
  let failed: ChatPersistenceState | undefined
  let unsubscribe: (() => void) | undefined
  const listeners = new Set<() => void>()
  const notify = (): void => {
    for (const listener of [...listeners]) listener()
  }
  return {
    setModel: (model: string | undefined): void => current?.setModel(model),
    forget: (): Promise<void> => current?.forget() ?? Promise.resolve(),
    /** The persistence could not start: `error` until another attaches. */
    fail(error: SealkitError) {
      failed = { status: 'error', restoredModel: undefined, error }
      notify()
    },
    attach(next: ChatPersistence | undefined) {
      unsubscribe?.()
      failed = undefined
      current = next
      unsubscribe = next?.subscribe(notify)
      notify()
    },
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    getState: (): ChatPersistenceState => current?.getState() ?? failed ?? NO_PERSISTENCE,
  }
}
