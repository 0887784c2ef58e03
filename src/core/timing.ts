/**
 * Where the time from page load to a verified enclave goes, and from a message sent to its
 * reply's first words, as User Timing marks in the page's performance timeline: DevTools'
 * Performance panel shows them under "Timings", and `performance.getEntriesByType('mark')` (or a
 * `PerformanceObserver`) reads them. A handful per attestation and three per reply, each one
 * `performance.mark`; only in a page (not in Node, where marks would pile up in a long-running server).
 *
 * | mark | when |
 * | --- | --- |
 * | `sealkit:verifier-start` | the verification worker is started (at most once per page) |
 * | `sealkit:verifier-ready` | its code has loaded and it waits for evidence |
 * | `sealkit:attestation-fetch` | the attestation request is sent (fresh nonce) |
 * | `sealkit:attestation-fetched` | its body has arrived |
 * | `sealkit:worker-verify-start` / `sealkit:worker-verify-end` | the worker verifies (its own clock, mapped to the page's) |
 * | `sealkit:attestation-verified` | the verdict is back on the main thread (passed or failed) |
 * | `sealkit:session-keyed` | an E2EE session's key pair exists (in the key holder) |
 * | `sealkit:chat-ahead` / `sealkit:chat-ahead-end` | a session encrypts a conversation ahead of its next request (`encryptAhead`), from its first step to its last, or to where a request stopped it |
 * | `sealkit:chat-send` | a chat store starts a request (a message sent, a retry, a regenerate) |
 * | `sealkit:chat-session` | it has its session (attested, and with E2EE keyed) |
 * | `sealkit:chat-encrypted` | the request's messages are ready to send (E2EE: encrypted in the key holder) |
 * | `sealkit:chat-request` | a chat request is sent (its code loaded: a chunk of its own) |
 * | `sealkit:chat-first-chunk` | the reply's first chunk has arrived (not yet decrypted) |
 * | `sealkit:chat-first-words` | the reply's first words are out of the session (decrypted), to the chat's store |
 */
export type SealkitMark =
  | 'verifier-start'
  | 'verifier-ready'
  | 'attestation-fetch'
  | 'attestation-fetched'
  | 'worker-verify-start'
  | 'worker-verify-end'
  | 'attestation-verified'
  | 'session-keyed'
  | 'chat-ahead'
  | 'chat-ahead-end'
  | 'chat-send'
  | 'chat-session'
  | 'chat-encrypted'
  | 'chat-request'
  | 'chat-first-chunk'
  | 'chat-first-words'

const canMark = typeof document !== 'undefined' && typeof performance !== 'undefined' && typeof performance.mark === 'function'

/**
 * Adds `sealkit:<name>` to the page's timeline, now or at `at` (an absolute time: `performance.timeOrigin + performance.now()`
 * of any thread, e.g. the worker's). Never throws.
 * @example markTiming('attestation-fetch')
 */
export function markTiming(name: SealkitMark, at?: number): void {
  if (!canMark) return
  try {
    performance.mark(`sealkit:${name}`, at === undefined ? undefined : { startTime: Math.max(0, at - performance.timeOrigin) })
  } catch {
    // A timeline that refuses a mark costs nothing but the mark.
  }
}

/** This thread's clock as an absolute time, comparable across the page and its workers. */
export const absoluteNow = (): number => performance.timeOrigin + performance.now()
