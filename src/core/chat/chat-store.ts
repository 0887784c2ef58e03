import { randomBytes } from '../crypto/random.ts'
import { abortedError, untilAborted } from '../api/abort.ts'
import { bytesToHex } from '../crypto/hex.ts'
import { SealkitError, StreamError, isSealkitError, type SealkitErrorCode } from '../errors.ts'
import { markTiming } from '../timing.ts'
import type { ChatSession, ChatStreamEvent } from '../session/chat-session.ts'
import {
  authenticityAfter,
  authenticityOfSignature,
  messageAttestationOf,
  plaintextReasoningIn,
  toChatMessages,
  type MessageAttestation,
  type SealkitMessageMetadata,
  type SealkitMessagePart,
  type SealkitUIMessage,
} from './messages.ts'
import { asGiven, isVouchedFor, vouchFor } from './provenance.ts'
import { toSealkitError } from './session-manager.ts'

/**
 * The framework-free chat: messages with parts, the AI SDK v5 status machine,
 * throttled notifications, stop / regenerate, on top of a `ChatSession`
 * (E2EE: encrypt, decrypt as chunks arrive; TEE: plaintext, signature-verified).
 * React reads it with `useSyncExternalStore`; anything else can `subscribe`.
 *
 * Status: `ready` -> `submitted` (request sent, attesting) -> `streaming` (first
 * text arrived) -> `ready` (done or stopped) | `error` (the error is in `error`,
 * partial text stays in its message, marked `incomplete`, and sending works again).
 */
export type ChatStatus = 'submitted' | 'streaming' | 'ready' | 'error'

export interface ChatSnapshot {
  /** The chat id (the storage key when the conversation is stored). */
  readonly id: string
  /** Every message, oldest first; the streaming reply is the last. */
  readonly messages: readonly SealkitUIMessage[]
  /** `submitted` (request sent, nothing arrived yet), `streaming`, `ready` (can send) or `error`. */
  readonly status: ChatStatus
  /** The error that ended the last request; `undefined` when it succeeded or none ran. */
  readonly error: SealkitError | undefined
}

/** What `onFinish` receives when a request ends, however it ended. */
export interface ChatFinishInfo {
  /** The assistant message the request produced. */
  message: SealkitUIMessage
  /** Every message after the request, the new assistant message included. */
  messages: readonly SealkitUIMessage[]
  /** Ended by `stop()`. */
  isAbort: boolean
  /** Ended with an error (the message is marked `incomplete` when text was cut short). */
  isError: boolean
}

export interface CreateChatStoreParameters {
  /** Default: a random id. */
  id?: string
  /** Initial messages: taken as `setMessages` takes them (a "signed" claim sealkit did not check shows as not provable). */
  messages?: readonly SealkitUIMessage[]
  /** The session to send with; awaited per request (it may still be attesting or looking up the model). */
  getSession: (signal: AbortSignal) => Promise<ChatSession>
  /**
   * Batch message updates: subscribers hear at most one update per this many ms while
   * streaming. Status changes are immediate. `0`: every chunk. Default: `DEFAULT_THROTTLE_MS`
   * (at most 25 updates/s) in a browser, `0` elsewhere (Node, SSR, jsdom).
   */
  throttleMs?: number
  /**
   * Fail the request with `STREAM_INCOMPLETE` (details.reason `timeout`) when
   * nothing arrives for this long (attestation, first chunk, or between chunks).
   * Default: no timeout.
   */
  timeoutMs?: number
  /** Makes message ids. Default: {@link generateChatId}. */
  generateId?: () => string
  /** Called when a request that produced an assistant message ends, whatever the way. */
  onFinish?: (info: ChatFinishInfo) => void
  /** Called with every error that ends a request (never for `stop()`). */
  onError?: (error: SealkitError) => void
}

/** The settings `configure` can change after creation. */
export type ChatStoreSettings = { [K in 'throttleMs' | 'timeoutMs' | 'generateId' | 'onFinish' | 'onError']?: CreateChatStoreParameters[K] | undefined }

/** What {@link ChatStore.sendMessage} sends: `text`, or `parts` for more than text. */
export interface SendMessageInput {
  /** The user's message text. */
  text?: string
  /** The message's parts, instead of `text`. */
  parts?: SealkitMessagePart[]
  /** Replace this message (and drop everything after it) instead of appending: edit and resend. */
  messageId?: string
}

/** Per-request options of `sendMessage` and `regenerate`. */
export interface ChatRequestOptions {
  /** Extra OpenAI-style body fields for this request (temperature, max_tokens...). */
  body?: Record<string, unknown>
}

export interface ChatStore {
  /** The chat id. */
  readonly id: string
  /** The current messages, status and error (a new object after each change; for `useSyncExternalStore`). */
  getSnapshot(): ChatSnapshot
  /** Calls `listener` after each change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  /**
   * Appends a user message and streams the answer. Without a message it answers
   * the conversation as it is. Resolves when the request ended (errors land in
   * `error`, not in a rejection); rejects only when a request is already running.
   */
  sendMessage(message?: SendMessageInput, options?: ChatRequestOptions): Promise<void>
  /** Drops the last assistant message (or `messageId` and what follows) and asks again. */
  regenerate(options?: ChatRequestOptions & { messageId?: string }): Promise<void>
  /** Aborts the running request; what arrived stays, marked `incomplete`. Status goes to `ready`. */
  stop(): Promise<void>
  /** Clears `error`; an `error` status goes back to `ready`. */
  clearError(): void
  /**
   * Replaces the messages (or maps them with a function), as when a conversation is restored. A reply this chat
   * (or another sealkit chat) did not receive keeps its text, but a "signed" claim in its metadata comes back
   * `unavailable` with `restored.signatureUnproven`: nothing here checked it. Keep conversations with
   * `persistChat` (authenticated storage) for their signatures to be checked again on restore.
   */
  setMessages(messages: readonly SealkitUIMessage[] | ((messages: readonly SealkitUIMessage[]) => readonly SealkitUIMessage[])): void
  /**
   * Replaces the throttle, timeout and callbacks: a hook calls it on every
   * render, so the store always calls the latest `onFinish` / `onError` (no stale closures).
   */
  configure(options: ChatStoreSettings): void
  /** Stops any request and drops subscribers and timers. */
  destroy(): void
}

/**
 * The default throttle in a browser: at most 25 notifications per second while text streams in.
 * Each is one React commit for the chat, plus one for a reply rendered with sealkit's `<Markdown>`
 * (it renders at transition priority, after the chat's commit): at most 50 commits a second.
 */
export const DEFAULT_THROTTLE_MS = 40

/**
 * `DEFAULT_THROTTLE_MS` in a browser (frames are painted and there are workers: `requestAnimationFrame`
 * and `Worker` exist; jsdom has no `Worker`), else 0: every chunk (Node, SSR, tests).
 */
function defaultThrottleMs(): number {
  return typeof requestAnimationFrame === 'function' && typeof Worker === 'function' ? DEFAULT_THROTTLE_MS : 0
}

/** A random message / chat id. */
export function generateChatId(): string {
  return bytesToHex(randomBytes(12))
}

interface Active {
  controller: AbortController
  stopped: boolean
  timedOut: boolean
  done: Promise<void>
}

/**
 * @example
 * const store = createChatStore({ getSession: () => manager.ready() , throttleMs: 50 })
 * store.subscribe(() => render(store.getSnapshot()))
 * await store.sendMessage({ text: 'Hello' })
 */
export function createChatStore(parameters: CreateChatStoreParameters): ChatStore {
  const id = parameters.id ?? generateChatId()
  let throttleMs = parameters.throttleMs ?? defaultThrottleMs()
  let timeoutMs = parameters.timeoutMs
  let callbacks = { generateId: parameters.generateId, onFinish: parameters.onFinish, onError: parameters.onError }
  const generateId = (): string => (callbacks.generateId ?? generateChatId)()
  // The app's messages are data: a reply's "signed" claim counts only where sealkit checked it (provenance.ts).
  let state: ChatSnapshot = { id, messages: (parameters.messages ?? []).map(asGiven), status: 'ready', error: undefined }
  let published = state
  let timer: ReturnType<typeof setTimeout> | undefined
  let active: Active | undefined
  const listeners = new Set<() => void>()

  function publish(): void {
    if (timer !== undefined) {
      clearTimeout(timer)
      timer = undefined
    }
    if (published === state) return
    published = state
    for (const listener of [...listeners]) listener()
  }

  /** `throttled`: a message update while streaming, batched; anything else is published at once. */
  function update(patch: Partial<Omit<ChatSnapshot, 'id'>>, throttled = false): void {
    state = { ...state, ...patch }
    if (!throttled || throttleMs <= 0) return publish()
    timer ??= setTimeout(publish, throttleMs)
  }

  function replaceMessage(messageId: string, change: (m: SealkitUIMessage) => SealkitUIMessage, throttled = false): void {
    const index = state.messages.findIndex((m) => m.id === messageId)
    // Removed by setMessages meanwhile, or replaced there by the app's own object with the same id: that one is the
    // app's data (asGiven), and this run's words, facts and signature must never be vouched onto it.
    if (index < 0 || !isVouchedFor(state.messages[index])) return
    const messages = [...state.messages]
    messages[index] = vouchFor(change(messages[index]!))
    update({ messages }, throttled)
  }

  function busy(): SealkitError {
    return new SealkitError('INVALID_ARGUMENT', { message: 'A response is still in progress: stop() it first' })
  }

  async function run(options: ChatRequestOptions = {}): Promise<void> {
    markTiming('chat-send')
    const controller = new AbortController()
    let resolveDone!: () => void
    const me: Active = { controller, stopped: false, timedOut: false, done: new Promise((r) => (resolveDone = r)) }
    active = me
    update({ status: 'submitted', error: undefined })

    const history = toChatMessages(state.messages)
    let assistantId: string | undefined
    let session: ChatSession | undefined
    let attestation: MessageAttestation | undefined
    let finished = false
    let wordsShown = false
    let iterator: AsyncGenerator<ChatStreamEvent, void, undefined> | undefined

    let idle: ReturnType<typeof setTimeout> | undefined
    const armTimeout = (): void => {
      const ms = timeoutMs
      if (ms === undefined || ms <= 0) return
      if (idle !== undefined) clearTimeout(idle)
      idle = setTimeout(() => {
        me.timedOut = true
        controller.abort(new StreamError('STREAM_INCOMPLETE', { message: `No data arrived for ${ms} ms`, details: { reason: 'timeout', timeoutMs: ms } }))
      }, ms)
    }

    let initialMeta: SealkitMessageMetadata | undefined
    // The metadata as this request knows it, even if setMessages replaced the message meanwhile.
    const metadata = (m: SealkitUIMessage): SealkitMessageMetadata => m.metadata ?? initialMeta!
    const ensureAssistant = (): string => {
      if (assistantId) return assistantId
      assistantId = generateId()
      initialMeta = {
        model: session!.model,
        privacy: session!.mode,
        ...(attestation ? { attestation } : {}),
        signature: attestation ? 'pending' : 'skipped',
        authenticity: 'pending',
      }
      update({ status: 'streaming', messages: [...state.messages, vouchFor({ id: assistantId, role: 'assistant', parts: [], metadata: initialMeta })] })
      return assistantId
    }

    const appendPart = (parts: SealkitMessagePart[], type: SealkitMessagePart['type'], text: string): SealkitMessagePart[] => {
      const last = parts[parts.length - 1]
      if (last && last.type === type) return [...parts.slice(0, -1), { ...last, text: last.text + text }]
      return [...parts.map((p) => (p.state === 'streaming' ? { ...p, state: 'done' as const } : p)), { type, text, state: 'streaming' }]
    }

    const handle = (event: ChatStreamEvent): void => {
      switch (event.type) {
        case 'attested':
          attestation = messageAttestationOf(event.attestation)
          return
        case 'delta': {
          const target = ensureAssistant()
          // A reply's first words go out at once (the throttle would hold them back a whole window); the rest are batched.
          const firstWords = !wordsShown && (event.content !== '' || event.reasoning !== '')
          if (firstWords) wordsShown = true
          const plaintextReasoning = plaintextReasoningIn(session!.mode, event)
          replaceMessage(
            target,
            (m) => {
              let parts = m.parts
              if (event.reasoning) parts = appendPart(parts, 'reasoning', event.reasoning)
              if (event.content) parts = appendPart(parts, 'text', event.content)
              return { ...m, parts, ...(plaintextReasoning ? { metadata: { ...metadata(m), plaintextReasoning: true } } : {}) }
            },
            !firstWords,
          )
          return
        }
        case 'finish': {
          finished = true
          const target = ensureAssistant()
          replaceMessage(target, (m) => ({
            ...m,
            parts: m.parts.map((p) => ({ ...p, state: 'done' as const })),
            metadata: {
              ...metadata(m),
              ...(event.requestId ? { requestId: event.requestId } : {}),
              ...(event.finishReason ? { finishReason: event.finishReason } : {}),
              ...(event.usage ? { usage: event.usage } : {}),
            },
          }))
          return
        }
        case 'signature': {
          const target = ensureAssistant()
          const sig = event.signature
          replaceMessage(target, (m) => ({
            ...m,
            metadata: {
              ...metadata(m),
              signature: sig.status,
              authenticity: authenticityOfSignature(sig.status),
              ...(sig.status === 'verified'
                ? {
                    signatureDetails: {
                      signingAddress: sig.signingAddress,
                      text: sig.text,
                      signature: sig.signature,
                      requestHash: sig.requestHash,
                      responseHash: sig.responseHash,
                    },
                  }
                : {}),
            },
          }))
          return
        }
      }
    }

    try {
      armTimeout()
      session = await untilAborted(parameters.getSession(controller.signal), controller.signal, abortReason)
      markTiming('chat-session')
      iterator = session.stream(history, { signal: controller.signal, ...(options.body ? { body: options.body } : {}) })
      for (;;) {
        armTimeout()
        const step = await untilAborted(iterator.next(), controller.signal, abortReason)
        if (step.done) break
        handle(step.value)
      }
      if (idle !== undefined) clearTimeout(idle)
      // A chat without signatures (no attestation) never gets a signature event: nothing proves who wrote it.
      if (assistantId) {
        replaceMessage(assistantId, (m) => {
          const meta = metadata(m)
          return { ...m, metadata: { ...meta, ...(meta.signature === 'pending' ? { signature: 'unavailable' } : {}), authenticity: authenticityAfter(undefined, meta.authenticity) } }
        })
      }
      update({ status: 'ready' })
      finishCallback(false, false)
    } catch (thrown) {
      if (idle !== undefined) clearTimeout(idle)
      if (iterator) void iterator.return(undefined).catch(() => undefined)
      const error = me.timedOut ? (controller.signal.reason as SealkitError) : toSealkitError(thrown)
      // A session destroyed under a running request (its model or options changed) ends it like stop().
      const stopped = (me.stopped || session?.destroyed === true) && !me.timedOut
      // Stopped before the first word: an empty reply that says "Stopped", so the stop is visible and Retry has a target.
      if (stopped && !assistantId && session) ensureAssistant()
      if (assistantId) {
        const code: SealkitErrorCode = stopped ? 'ABORTED' : error.code
        replaceMessage(assistantId, (m) => {
          const meta = metadata(m)
          const signature = code.startsWith('SIGNATURE_') ? (code === 'SIGNATURE_UNAVAILABLE' ? 'unavailable' : 'failed') : meta.signature === 'pending' ? 'unavailable' : meta.signature
          return {
            ...m,
            parts: m.parts.map((p) => ({ ...p, state: 'done' as const })),
            metadata: {
              ...meta,
              signature,
              authenticity: authenticityAfter(code, meta.authenticity),
              errorCode: code,
              ...(finished ? {} : { incomplete: true }),
              ...(typeof error.details?.serverMessage === 'string' && !stopped ? { serverMessage: error.details.serverMessage } : {}),
            },
          }
        })
      }
      if (stopped) {
        update({ status: 'ready' })
        finishCallback(true, false)
      } else {
        update({ status: 'error', error })
        callbacks.onError?.(error)
        finishCallback(false, true)
      }
    } finally {
      if (active === me) active = undefined
      resolveDone()
    }

    function finishCallback(isAbort: boolean, isError: boolean): void {
      const message = assistantId ? state.messages.find((m) => m.id === assistantId) : undefined
      if (message) callbacks.onFinish?.({ message, messages: state.messages, isAbort, isError })
    }
  }

  function sendMessage(message?: SendMessageInput, options?: ChatRequestOptions): Promise<void> {
    if (active) return Promise.reject(busy())
    if (message) {
      const parts: SealkitMessagePart[] = message.parts ?? [{ type: 'text', text: message.text ?? '' }]
      let messages = state.messages
      const at = message.messageId === undefined ? -1 : messages.findIndex((m) => m.id === message.messageId)
      if (message.messageId !== undefined && at < 0) {
        return Promise.reject(new SealkitError('INVALID_ARGUMENT', { message: `No message with id ${message.messageId}` }))
      }
      const user: SealkitUIMessage = { id: message.messageId ?? generateId(), role: 'user', parts }
      messages = at >= 0 ? [...messages.slice(0, at), user] : [...messages, user]
      state = { ...state, messages }
    }
    return run(options)
  }

  function regenerate(options: ChatRequestOptions & { messageId?: string } = {}): Promise<void> {
    if (active) return Promise.reject(busy())
    const { messageId, ...rest } = options
    const messages = state.messages
    let cut = messages.length
    if (messageId !== undefined) {
      const at = messages.findIndex((m) => m.id === messageId)
      if (at < 0) return Promise.reject(new SealkitError('INVALID_ARGUMENT', { message: `No message with id ${messageId}` }))
      cut = messages[at]!.role === 'assistant' ? at : at + 1
    } else if (messages[messages.length - 1]?.role === 'assistant') {
      cut = messages.length - 1
    }
    state = { ...state, messages: messages.slice(0, cut) }
    return run(rest)
  }

  async function stop(): Promise<void> {
    const current = active
    if (!current) return
    current.stopped = true
    current.controller.abort(abortedError())
    await current.done
  }

  return {
    id,
    getSnapshot: () => published,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    sendMessage,
    regenerate,
    stop,
    clearError() {
      if (state.error === undefined && state.status !== 'error') return
      update({ error: undefined, status: active ? state.status : 'ready' })
    },
    setMessages(next) {
      const messages = typeof next === 'function' ? next(state.messages) : next
      update({ messages: messages.map(asGiven) })
    },
    configure(options) {
      throttleMs = options.throttleMs ?? defaultThrottleMs()
      timeoutMs = options.timeoutMs
      callbacks = { generateId: options.generateId, onFinish: options.onFinish, onError: options.onError }
    },
    destroy() {
      void stop()
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      listeners.clear()
    },
  }
}

/** Why a chat step stopped: the signal's own SealkitError (a timeout, `stop`), else `ABORTED`. */
function abortReason(signal: AbortSignal): SealkitError {
  return isSealkitError(signal.reason) ? signal.reason : abortedError(signal.reason)
}
