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
/**
 * Work a query started itself for a key (nothing early to claim), with the moment it did (`ticket`):
 * an early start for that key by a config created before that moment goes by this work instead.
 */
const held = new Map<string, { promise: Promise<unknown>; ticket: number }>()
let tickets = 0

/** A moment in the order of config creations and queries (see {@link startEarly}'s `after`). */
export function earlyTicket(): number {
  return ++tickets
}

/**
 * Starts `run` under `key` unless that work is already under way: started earlier and unclaimed, or
 * done by a query itself since `after` (the {@link earlyTicket} of the config whose start this is: a
 * query of the render that created it asks first, and its work may even have settled by now). Returns
 * the work under `key`, whichever it is, so a caller that acts on its outcome (the config keys a
 * session only once it verified) waits for the real one. `since`, asked once `run` has returned: when
 * the work answers a request older than itself (the page's), that request's time; the result's age
 * counts from it.
 */
export function startEarly<T>(key: string, run: () => Promise<T>, after: number, since?: () => number | undefined): Promise<unknown> {
  const asked = held.get(key)
  const under = started.get(key)?.promise ?? (asked && asked.ticket > after ? asked.promise : undefined)
  if (under) return under
  const at = Date.now()
  const promise = run()
  promise.catch(() => {}) // a failure is the claiming query's error; unclaimed, it is dropped
  started.set(key, { at: Math.min(at, since?.() ?? at), promise })
  return promise
}

/**
 * Marks `key` as asked for by a query doing the work itself: an early start for it by a config created
 * before now does not do it again, and goes by this work's outcome. Never handed to a query.
 */
export function holdEarly(key: string, promise: Promise<unknown>): void {
  held.set(key, { promise, ticket: earlyTicket() })
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
