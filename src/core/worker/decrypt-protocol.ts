/**
 * The messages between the main thread (`./worker-key-holder.ts`) and the decryption
 * worker (`./decrypt-worker.ts`). A module of its own so the main thread never imports the worker.
 */
import type { EcdhInfo } from '../crypto/key-holder.ts'
import type { VerifiedResponseSignature } from '../session/response-signature.ts'

/** Main thread -> worker. */
export type DecryptWorkerRequest =
  | { type: 'init'; id: number }
  | { type: 'decrypt'; id: number; wire: string }
  /** Several fields in one message (the holder batches what queued up while a request was in flight). */
  | { type: 'decrypt-batch'; id: number; wires: string[] }
  | { type: 'destroy'; id?: number }
  /** Encrypts each plaintext to the attested model key; the ephemeral keys are made and zeroed in the worker. */
  | { type: 'encrypt'; id: number; recipient: string; plaintexts: string[] }
  /** Checks a response signature over recorded hashes (`verifyResponseSignatureHashes`). */
  | { type: 'verify-signature'; id: number; text: string; signature: string; expectedAddress: string; requestHash: string; responseHash: string }

/** The only error codes that cross the boundary. Anything else is reported as `DECRYPT_FAILED` (`ENCRYPT_FAILED` for an encrypt). */
export type DecryptWorkerErrorCode = 'DECRYPT_FAILED' | 'INVALID_HEX' | 'KEY_DESTROYED' | 'ENCRYPT_FAILED' | 'INVALID_PUBLIC_KEY'

/** A signature check's failure: the `SignatureError` code, its message and details (hashes matched or not, addresses: public facts). */
export type SignatureFailure = { code: 'SIGNATURE_INVALID' | 'SIGNATURE_HASH_MISMATCH' | 'SIGNATURE_ADDRESS_MISMATCH'; message: string; details?: Record<string, unknown> }

/** The most plaintexts one `encrypt` may carry (a conversation's messages). */
export const MAX_ENCRYPT_BATCH = 4096

/** One field's outcome: its text, or a bare error code. */
export type DecryptWorkerResult = { ok: true; text: string } | { ok: false; code: DecryptWorkerErrorCode }

/** Worker -> main thread, answering the request with the same id. */
export type DecryptWorkerResponse =
  /** An `init` answer: the key, and the ECDH backend the worker runs (with why, when not libsecp256k1 in WebAssembly). */
  | { id: number; ok: true; publicKeyHex: string; ecdh?: EcdhInfo }
  | { id: number; ok: true; text: string }
  /** A `decrypt-batch` answer: one result per wire, in order. */
  | { id: number; ok: true; results: DecryptWorkerResult[] }
  | { id: number; ok: false; code: DecryptWorkerErrorCode }
  /** An `encrypt` answer: one ciphertext per plaintext, in order. */
  | { id: number; ok: true; ciphertexts: string[] }
  /** A `verify-signature` answer. */
  | { id: number; ok: true; verified: VerifiedResponseSignature }
  | { id: number; ok: false; signatureFailure: SignatureFailure }

/** The most wires one `decrypt-batch` may carry. */
export const MAX_DECRYPT_BATCH = 256
