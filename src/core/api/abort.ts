import { SealkitError, isAbortError } from '../errors.ts'

/** The one error every cancelled operation throws: `ABORTED`, with the signal's reason as cause. */
export function abortedError(cause?: unknown): SealkitError {
  return new SealkitError('ABORTED', cause === undefined ? {} : { cause })
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal.reason)
}

/** True when `error` is an abort (ours, a DOM AbortError) or happened because `signal` fired. */
export function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || isAbortError(error)
}

/** setTimeout as a promise that rejects with `ABORTED` as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal.reason))
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortedError(signal?.reason))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Resolves like `promise`, or rejects with `reason(signal)` (default `ABORTED`) as soon as `signal`
 * fires: the caller stops waiting, the work itself goes on. `promise` is listened to either way, so
 * its failure after an abort is never an unhandled rejection.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, reason: (signal: AbortSignal) => unknown = (s) => abortedError(s.reason)): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(reason(signal))
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
  })
}
