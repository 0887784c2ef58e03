/**
 * The decryption worker: the session's client private key is generated here and
 * never leaves this worker. The main thread sees the public key and plaintext only
 * (see `./worker-key-holder.ts`).
 *
 * The protocol is a pure function (`createDecryptWorkerHandler`) so it can be
 * tested in-process; the `self.onmessage` binding at the bottom is the only part
 * that needs a real worker. The package ships this module as its own file,
 * `dist/core/worker/decrypt-worker.js`, bundled with what it imports (@noble, the WASM),
 * beside `worker-key-holder.js` which starts it. Errors cross the boundary as `{ code }` alone: never
 * a message, stack, key or ciphertext.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { installFastEcdh } from '../crypto/backends/index.ts'
import { decrypt, encrypt } from '../crypto/e2ee.ts'
import { generateClientKeyPair, type ClientKeyPair } from '../crypto/keys.ts'
import { ecdhInfo, type EcdhInfo } from '../crypto/key-holder.ts'
import { isSealkitError } from '../errors.ts'
import { verifyResponseSignatureHashes } from '../session/response-signature.ts'
import {
  MAX_DECRYPT_BATCH,
  MAX_ENCRYPT_BATCH,
  type DecryptWorkerErrorCode,
  type DecryptWorkerRequest,
  type DecryptWorkerResponse,
  type DecryptWorkerResult,
  type SignatureFailure,
} from './decrypt-protocol.ts'

export { MAX_DECRYPT_BATCH, type DecryptWorkerErrorCode, type DecryptWorkerRequest, type DecryptWorkerResponse, type DecryptWorkerResult } from './decrypt-protocol.ts'

export interface DecryptWorkerHandlerOptions {
  /**
   * Installs the ECDH backend before the first key is made. Default `installFastEcdh` (libsecp256k1-wasm, noble
   * fallback). What it resolves to (`name`, and `reason` for a fallback) is said in `init`'s answer.
   */
  installEcdh?: () => Promise<unknown>
}

export interface DecryptWorkerHandler {
  /** Answers one request; `undefined` for messages that need no answer (destroy, or anything malformed without an id). */
  handleMessage(message: unknown): Promise<DecryptWorkerResponse | undefined>
  /** True once `destroy` was received: the key is zeroed and the worker should close. */
  readonly destroyed: boolean
}

const PASSED_CODES = new Set<string>(['DECRYPT_FAILED', 'INVALID_HEX', 'KEY_DESTROYED', 'ENCRYPT_FAILED', 'INVALID_PUBLIC_KEY'])
const SIGNATURE_CODES = new Set<string>(['SIGNATURE_INVALID', 'SIGNATURE_HASH_MISMATCH', 'SIGNATURE_ADDRESS_MISMATCH'])

function codeOf(error: unknown, otherwise: DecryptWorkerErrorCode = 'DECRYPT_FAILED'): DecryptWorkerErrorCode {
  return isSealkitError(error) && PASSED_CODES.has(error.code) ? (error.code as DecryptWorkerErrorCode) : otherwise
}

/** A signature check's failure as it crosses: the code, message and details of a `SignatureError` (public facts); anything else is SIGNATURE_INVALID. */
function signatureFailureOf(error: unknown): SignatureFailure {
  if (isSealkitError(error) && SIGNATURE_CODES.has(error.code)) {
    return { code: error.code as SignatureFailure['code'], message: error.message, ...(error.details ? { details: { ...error.details } } : {}) }
  }
  return { code: 'SIGNATURE_INVALID', message: 'The response signature could not be checked' }
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string')

/**
 * Runs one encryption and its decryption under a throwaway key pair, zeroed after: the first real
 * ones (the user's first message, the reply's first chunk) then find the ECDH, HKDF and AES-GCM code
 * compiled. The worker runs it once, right after `init` has answered, while the user is still typing.
 * In the bench's page (Chromium, 2 cores; `app.sealkit.first_chunk_to_words_ms`, medians of 3) the
 * reply's first chunk took 26 ms from its arrival to its words in the chat's store without it, 8 with it.
 * @example warmUpE2ee() // true: the round trip came back as sent
 */
export function warmUpE2ee(): boolean {
  const throwaway = generateClientKeyPair()
  try {
    return decrypt(encrypt('warm-up', throwaway.publicKeyHex), throwaway.privateKey) === 'warm-up'
  } catch {
    return false
  } finally {
    throwaway.destroy()
  }
}

/** What an `installEcdh` result says (`installFastEcdh`'s `name` and `reason`); nothing for one that does not say. */
function ecdhOf(installed: unknown): EcdhInfo | undefined {
  const r = installed as { name?: unknown; reason?: unknown } | null | undefined
  if (typeof r?.name !== 'string') return undefined
  return ecdhInfo(r.name, typeof r.reason === 'string' ? r.reason : undefined)
}

/** The worker's state machine: one key pair, made on `init`, zeroed on `destroy`. */
export function createDecryptWorkerHandler(options: DecryptWorkerHandlerOptions = {}): DecryptWorkerHandler {
  const installEcdh = options.installEcdh ?? (() => installFastEcdh())
  let keys: ClientKeyPair | undefined
  let init: Promise<ClientKeyPair> | undefined
  // Said in init's answer: a fallback from the WebAssembly backend is never silent.
  let ecdh: EcdhInfo | undefined
  let destroyed = false

  async function handleMessage(message: unknown): Promise<DecryptWorkerResponse | undefined> {
    const m = message as Partial<DecryptWorkerRequest> | null
    if (typeof m !== 'object' || m === null || typeof m.type !== 'string') return undefined
    if (m.type === 'destroy') {
      destroyed = true
      keys?.destroy()
      keys = undefined
      init?.then((k) => k.destroy(), () => {})
      return undefined
    }
    const id = (m as { id?: unknown }).id
    if (typeof id !== 'number') return undefined
    if (destroyed) return { id, ok: false, code: 'KEY_DESTROYED' }
    try {
      if (m.type === 'init') {
        init ??= installEcdh()
          .then(
            (installed) => void (ecdh = ecdhOf(installed)),
            // installFastEcdh never throws; a custom one may: keep @noble/curves then.
            (error: unknown) => void (ecdh = ecdhInfo('noble', error instanceof Error ? error.message : String(error))),
          )
          .then(() => (keys = generateClientKeyPair()))
        const k = await init
        if (destroyed) return { id, ok: false, code: 'KEY_DESTROYED' }
        return { id, ok: true, publicKeyHex: k.publicKeyHex, ...(ecdh ? { ecdh } : {}) }
      }
      if (m.type === 'decrypt') {
        const wire = (m as { wire?: unknown }).wire
        if (typeof wire !== 'string') return { id, ok: false, code: 'INVALID_HEX' }
        if (!keys) return { id, ok: false, code: 'KEY_DESTROYED' }
        return { id, ok: true, text: decrypt(wire, keys.privateKey) }
      }
      if (m.type === 'encrypt') {
        const { recipient, plaintexts } = m as { recipient?: unknown; plaintexts?: unknown }
        if (typeof recipient !== 'string' || !isStrings(plaintexts) || plaintexts.length > MAX_ENCRYPT_BATCH) return { id, ok: false, code: 'ENCRYPT_FAILED' }
        try {
          // encrypt() makes each ephemeral key here and zeroes it when done: the caller sees ciphertext only.
          return { id, ok: true, ciphertexts: plaintexts.map((p) => encrypt(p, recipient)) }
        } catch (error) {
          return { id, ok: false, code: codeOf(error, 'ENCRYPT_FAILED') }
        }
      }
      if (m.type === 'verify-signature') {
        const p = m as Partial<Record<'text' | 'signature' | 'expectedAddress' | 'requestHash' | 'responseHash', unknown>>
        const { text, signature, expectedAddress, requestHash, responseHash } = p
        if (![text, signature, expectedAddress, requestHash, responseHash].every((v) => typeof v === 'string')) {
          return { id, ok: false, signatureFailure: { code: 'SIGNATURE_INVALID', message: 'Malformed signature check' } }
        }
        try {
          const verified = verifyResponseSignatureHashes({ text: text as string, signature: signature as string, expectedAddress: expectedAddress as string, requestHash: requestHash as string, responseHash: responseHash as string })
          return { id, ok: true, verified }
        } catch (error) {
          return { id, ok: false, signatureFailure: signatureFailureOf(error) }
        }
      }
      if (m.type === 'decrypt-batch') {
        const wires = (m as { wires?: unknown }).wires
        if (!Array.isArray(wires) || wires.length > MAX_DECRYPT_BATCH) return { id, ok: false, code: 'INVALID_HEX' }
        const k = keys
        if (!k) return { id, ok: false, code: 'KEY_DESTROYED' }
        const results = wires.map((wire: unknown): DecryptWorkerResult => {
          if (typeof wire !== 'string') return { ok: false, code: 'INVALID_HEX' }
          try {
            return { ok: true, text: decrypt(wire, k.privateKey) }
          } catch (error) {
            return { ok: false, code: codeOf(error) }
          }
        })
        return { id, ok: true, results }
      }
    } catch (error) {
      return { id, ok: false, code: codeOf(error) }
    }
    return { id, ok: false, code: 'DECRYPT_FAILED' }
  }

  return {
    handleMessage,
    get destroyed() {
      return destroyed
    },
  }
}

// The binding, only inside a dedicated worker (importing this module elsewhere does nothing).
interface WorkerScope {
  postMessage(message: unknown): void
  close(): void
  onmessage: ((event: MessageEvent) => void) | null
}
const WorkerGlobalScopeCtor = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope
if (WorkerGlobalScopeCtor !== undefined && globalThis instanceof WorkerGlobalScopeCtor) {
  const scope = globalThis as unknown as WorkerScope
  // This worker multiplies the base point once per session (its key pair; the ECDH is libsecp256k1's).
  // noble's default table for it (8-bit windows: 4,224 points) made that first multiplication
  // ~45 ms and a GC while the page starts; 4-bit windows (520 points) halve it, for a few more
  // additions per multiplication. Set here only: this file is the worker's own bundle, and an app's
  // copy of noble keeps its defaults.
  secp256k1.Point.BASE.precompute(4)
  const handler = createDecryptWorkerHandler()
  // One message at a time, in order: a decrypt never overtakes the init before it.
  let queue: Promise<void> = Promise.resolve()
  let warmedUp = false
  scope.onmessage = (event: MessageEvent) => {
    queue = queue.then(async () => {
      const response = await handler.handleMessage(event.data)
      if (response) scope.postMessage(response)
      if (handler.destroyed) scope.close()
      else if (!warmedUp && response?.ok === true && 'publicKeyHex' in response) {
        // Once, after the first key pair is out. In the queue: a message that arrives meanwhile waits for
        // this one step, which it would otherwise pay itself.
        warmedUp = true
        warmUpE2ee()
      }
    })
  }
}
