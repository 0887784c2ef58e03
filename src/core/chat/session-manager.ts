import { abortedError } from '../api/abort.ts'
import type { SealkitClient } from '../api/client.ts'
import { SealkitError, isAbortError, isSealkitError } from '../errors.ts'
import { createChatSession, type ChatSession, type ChatSessionOptions, type PrivacyMode } from '../session/chat-session.ts'

/**
 * Owns at most one `ChatSession` at a time: opens one for a model, destroys it
 * (zeroing its client keys) when the model changes or the owner goes away, and
 * lets callers wait until it is ready. Framework-free; the React hooks read it
 * with `useSyncExternalStore`.
 */
export type SessionStatus = 'idle' | 'pending' | 'ready' | 'error'

/** The session a {@link SessionManager} holds for the current model. */
export interface SessionState {
  /** `idle`: no model. `pending`: finding the model's privacy level. `ready`: `session` can chat. `error`: see `error`. */
  status: SessionStatus
  /** The current model; `undefined` when idle. */
  model: string | undefined
  /** The privacy the session runs at (`e2ee`, `tee` or `none`); `undefined` until the model's level is known. */
  mode: PrivacyMode | undefined
  /** The session; `undefined` unless `status` is `ready`. */
  session: ChatSession | undefined
  /** Why the session could not be made; `undefined` unless `status` is `error`. */
  error: SealkitError | undefined
  /** The parameters this state answers: the object given to `open` (`undefined` before any, and after `close`). */
  parameters?: OpenSessionParameters
}

/** What {@link SessionManager.open} makes a session from: the client, the model and the session options. */
export interface OpenSessionParameters extends Omit<ChatSessionOptions, 'mode' | 'model'> {
  /** The API client. */
  client: SealkitClient
  /** The model; `undefined` leaves the manager idle. */
  model: string | undefined
  /** The privacy mode when known; otherwise `resolveMode` finds it (e.g. from the models list). */
  mode?: PrivacyMode
  /** Finds the privacy mode of a model whose `mode` is not given. */
  resolveMode?: (model: string, signal: AbortSignal) => Promise<PrivacyMode>
}

/** Holds the chat session for the current model: opens, replaces and destroys it (see {@link createSessionManager}). */
export interface SessionManager {
  /** The current session state (a new object after each change; for `useSyncExternalStore`). */
  getSnapshot(): SessionState
  /** Calls `listener` after each change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  /** Destroys the current session and opens one for `parameters.model`. */
  open(parameters: OpenSessionParameters): void
  /** Destroys the current session (its client private key is zeroed). */
  close(): void
  /**
   * The session once ready; rejects with the session's error, when idle, or with `ABORTED` when `signal` fires.
   * After `expect(parameters)`, only a state that answers those parameters settles it.
   */
  ready(signal?: AbortSignal): Promise<ChatSession>
  /**
   * Says that `parameters` are about to be opened: until a state answers them, `ready()` waits rather than hand
   * out the session of the parameters before. A React hook calls it when a render with new parameters commits,
   * before the effect that opens them has run: a send in between gets the session the app has just asked for.
   * `expect(undefined)` when nothing will open them (the hook unmounted): a waiting `ready()` settles as it would
   * without an expectation.
   */
  expect(parameters: OpenSessionParameters | undefined): void
}

const IDLE: SessionState = Object.freeze({ status: 'idle', model: undefined, mode: undefined, session: undefined, error: undefined })

/**
 * @example
 * const manager = createSessionManager()
 * manager.open({ client, model: 'e2ee-qwen3-5-122b-a10b', mode: 'e2ee' })
 * const session = await manager.ready()
 * manager.close() // keys zeroed
 */
export function createSessionManager(): SessionManager {
  let state: SessionState = IDLE
  let opened = false
  let resolving: AbortController | undefined
  let expected: OpenSessionParameters | undefined
  const listeners = new Set<() => void>()

  const set = (next: SessionState): void => {
    state = next
    for (const listener of [...listeners]) listener()
  }

  function create(parameters: OpenSessionParameters, model: string, mode: PrivacyMode): SessionState {
    const { client, model: _model, mode: _mode, resolveMode: _resolve, ...options } = parameters
    try {
      const session = createChatSession(client, { ...options, model, mode })
      return { status: 'ready', model, mode, session, error: undefined, parameters }
    } catch (error) {
      return { status: 'error', model, mode, session: undefined, error: toSealkitError(error), parameters }
    }
  }

  function close(): void {
    resolving?.abort()
    resolving = undefined
    state.session?.destroy()
    if (state !== IDLE) set(IDLE)
  }

  function open(parameters: OpenSessionParameters): void {
    close()
    opened = true
    const { model, mode, resolveMode } = parameters
    if (!model) return set({ ...IDLE, parameters })
    if (mode) return set(create(parameters, model, mode))
    if (!resolveMode) {
      const error = new SealkitError('INVALID_ARGUMENT', { message: 'The privacy mode of the model is unknown' })
      return set({ status: 'error', model, mode: undefined, session: undefined, error, parameters })
    }
    const controller = new AbortController()
    resolving = controller
    set({ status: 'pending', model, mode: undefined, session: undefined, error: undefined, parameters })
    resolveMode(model, controller.signal).then(
      (found) => {
        if (resolving !== controller) return
        resolving = undefined
        set(create(parameters, model, found))
      },
      (error: unknown) => {
        if (resolving !== controller) return
        resolving = undefined
        set({ status: 'error', model, mode: undefined, session: undefined, error: toSealkitError(error), parameters })
      },
    )
  }

  function ready(signal?: AbortSignal): Promise<ChatSession> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (signal?.aborted) reject(abortedError(signal.reason))
        else if (expected && state.parameters !== expected) return false
        else if (state.status === 'ready' && state.session) resolve(state.session)
        else if (state.status === 'error') reject(state.error)
        else if (state.status === 'idle' && opened) reject(new SealkitError('INVALID_ARGUMENT', { message: 'No model is selected' }))
        else return false
        return true
      }
      if (check()) return
      const done = (): void => {
        if (!check()) return
        listeners.delete(done)
        signal?.removeEventListener('abort', done)
      }
      listeners.add(done)
      signal?.addEventListener('abort', done, { once: true })
    })
  }

  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    open,
    close,
    ready,
    expect(parameters) {
      expected = parameters
      // A waiting ready() looks again: with nothing expected (the hook is gone) a closed manager rejects it.
      if (parameters === undefined) for (const listener of [...listeners]) listener()
    },
  }
}

/** Any thrown value as a SealkitError (unknown failures keep their cause, never their text, which could hold secrets). */
export function toSealkitError(error: unknown): SealkitError {
  if (isSealkitError(error)) return error
  if (isAbortError(error)) return abortedError(error)
  return new SealkitError('STREAM_ERROR', { message: 'Unexpected failure', cause: error })
}
