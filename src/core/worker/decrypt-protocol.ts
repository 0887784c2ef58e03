/**
 * The messages between the main thread (`./worker-key-holder.ts`) and the decryption
 * worker (`./decrypt-worker.ts`). A module of its own so the main thread never imports the worker.
 */
/** Main thread -> worker. */
export type DecryptWorkerRequest =
  | { type: 'init'; id: number }
  | { type: 'decrypt'; id: number; wire: string }
  /** Several fields in one message (the holder batches what queued up while a request was in flight). */
  | { type: 'decrypt-batch'; id: number; wires: string[] }
  | { type: 'destroy'; id?: number }

/** The only error codes that cross the boundary. Anything else is reported as `DECRYPT_FAILED`. */
export type DecryptWorkerErrorCode = 'DECRYPT_FAILED' | 'INVALID_HEX' | 'KEY_DESTROYED'

/** One field's outcome: its text, or a bare error code. */
export type DecryptWorkerResult = { ok: true; text: string } | { ok: false; code: DecryptWorkerErrorCode }

/** Worker -> main thread, answering the request with the same id. */
export type DecryptWorkerResponse =
  | { id: number; ok: true; publicKeyHex: string }
  | { id: number; ok: true; text: string }
  /** A `decrypt-batch` answer: one result per wire, in order. */
  | { id: number; ok: true; results: DecryptWorkerResult[] }
  | { id: number; ok: false; code: DecryptWorkerErrorCode }

/** The most wires one `decrypt-batch` may carry. */
export const MAX_DECRYPT_BATCH = 256
