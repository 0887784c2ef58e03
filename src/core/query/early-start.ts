import { abortedError } from '../api/abort.ts'

/**
 * Work started before anything asks for it (an attestation the config names), handed to the first
 * query that asks for exactly the same thing, once. Nothing of it is shown by itself: an early
 * result reaches the app only through that query, and is dropped when no query asks in time.
 */

interface Started<T> {
  /** When it started (`Date.now()`): a result older than the asking query's `staleTime` is not handed over. */
  at: number
  promise: Promise<T>
}

const started = new Map<string, Started<unknown>>()
/** Work a query started itself for a key (nothing early to claim): a later early start for it does not start. */
const held = new Map<string, Promise<unknown>>()

/**
 * Starts `run` under `key` unless it is already started and unclaimed. Returns whether it started now.
 * `since`, asked once `run` has returned: when the work answers a request older than itself (the
 * page's), that request's time; the result's age counts from it.
 */
export function startEarly<T>(key: string, run: () => Promise<T>, since?: () => number | undefined): boolean {
  if (started.has(key) || held.has(key)) return false
  const at = Date.now()
  const promise = run()
  promise.catch(() => {}) // a failure is the claiming query's error; unclaimed, it is dropped
  started.set(key, { at: Math.min(at, since?.() ?? at), promise })
  return true
}

/**
 * Marks `key` as asked for by a query doing the work itself, until `promise` settles: an early start
 * for it that comes later (a config created during the same render starts its work in the next task)
 * does not do it again. Never handed to a query.
 */
export function holdEarly(key: string, promise: Promise<unknown>): void {
  held.set(key, promise)
  const release = () => {
    if (held.get(key) === promise) held.delete(key)
  }
  promise.then(release, release)
}

/**
 * The work started under `key`, for one query: its result once it settles, after which it is no
 * longer offered (the next query starts afresh). `undefined` when nothing was started, or longer
 * ago than `maxAgeMs`. When `signal` aborts first (the query was cancelled, e.g. by StrictMode's
 * unmount) the work stays offered to the next query, so it is never done twice.
 */
export function claimEarly<T>(key: string, signal: AbortSignal | undefined, maxAgeMs: number): Promise<T> | undefined {
  const entry = started.get(key) as Started<T> | undefined
  if (!entry) return undefined
  if (Date.now() - entry.at > maxAgeMs) {
    started.delete(key)
    return undefined
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(abortedError(signal?.reason))
    if (signal?.aborted) return abort()
    signal?.addEventListener('abort', abort, { once: true })
    const settle = (done: () => void) => {
      signal?.removeEventListener('abort', abort)
      if (signal?.aborted) return
      if (started.get(key) === entry) started.delete(key)
      done()
    }
    entry.promise.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    )
  })
}

/** @internal Tests: forget every early start. */
export function resetEarlyStarts(): void {
  started.clear()
  held.clear()
}
