/**
 * A `KeyHolder` whose private key lives in a Web Worker (`./decrypt-worker.js`, shipped as its own file):
 * the main thread holds the public key and receives plaintext, nothing else.
 * Decrypting (one ECDH per chunk) also moves off the main thread.
 */
import { ecdhInfo, type EcdhInfo, type KeyHolder } from '../crypto/key-holder.ts'
import { CryptoError, SignatureError } from '../errors.ts'
import type { VerifiedResponseSignature } from '../session/response-signature.ts'
import { atAddress, warnEcdhFallback, warnOnceInDevelopment, workerChecks } from './dev-warning.ts'
import { MAX_DECRYPT_BATCH, type DecryptWorkerErrorCode, type DecryptWorkerRequest, type DecryptWorkerResponse, type DecryptWorkerResult } from './decrypt-protocol.ts'
import { startWorker } from './start-worker.ts'

/** The part of `Worker` used here (a `MessagePort`-like test double works too). */
export type DecryptWorkerLike = Pick<Worker, 'postMessage' | 'addEventListener' | 'removeEventListener' | 'terminate'>

/** Options of {@link createWorkerKeyHolder}. */
export interface WorkerKeyHolderOptions {
  /** How long to wait for the worker to start and make its key. Default 10 s. */
  initTimeoutMs?: number
}

const ERROR_CODES = new Set<string>(['DECRYPT_FAILED', 'INVALID_HEX', 'KEY_DESTROYED', 'ENCRYPT_FAILED', 'INVALID_PUBLIC_KEY'])
const SIGNATURE_CODES = new Set<string>(['SIGNATURE_INVALID', 'SIGNATURE_HASH_MISMATCH', 'SIGNATURE_ADDRESS_MISMATCH'])

/**
 * Decrypt messages in flight at once. Further decrypts wait and go out together as
 * one `decrypt-batch` when one comes back: one field per message at a trickle, one
 * message per burst when chunks arrive faster than a round trip.
 */
const MAX_IN_FLIGHT = 2

/**
 * Request ids are unique for the page, not per holder: a worker shared by mistake (or answers delivered to
 * the wrong holder) can never resolve one holder's request with another's answer.
 */
let lastRequestId = 0
const nextRequestId = () => ++lastRequestId

/** The worker's verdict is about exactly what was asked: same text, signature, hashes and signer. */
function answersRequest(v: VerifiedResponseSignature, asked: { text: string; signature: string; expectedAddress: string; requestHash: string; responseHash: string }): boolean {
  const bare = (x: string) => x.replace(/^0x/i, '').toLowerCase()
  const same = (a: unknown, b: string) => typeof a === 'string' && bare(a) === bare(b)
  return (
    v.text === asked.text &&
    v.signature === asked.signature &&
    same(v.requestHash, asked.requestHash) &&
    same(v.responseHash, asked.responseHash) &&
    same(v.signingAddress, asked.expectedAddress)
  )
}

const failureOf = (r: { ok: boolean; code?: unknown }, otherwise: DecryptWorkerErrorCode = 'DECRYPT_FAILED'): CryptoError =>
  new CryptoError(!r.ok && typeof r.code === 'string' && ERROR_CODES.has(r.code) ? (r.code as DecryptWorkerErrorCode) : otherwise)

/**
 * The default worker. Keep this expression exactly as written: Vite, webpack 5, Turbopack, Rollup and
 * Parcel (esbuild with the usual plugin) recognise `new Worker(new URL('./x.js', import.meta.url), { type: 'module' })`
 * and emit the file beside the app's chunks. In the package `./decrypt-worker.js` is a self-contained
 * module beside this one; in the repository Vite maps it to `decrypt-worker.ts`.
 */
function spawnDecryptWorker(): Worker {
  return new Worker(new URL('./decrypt-worker.js', import.meta.url), { type: 'module' })
}

const WORKER_REASON = 'the session key lives in a Web Worker, which also decrypts every chunk'

/**
 * Starts (or adopts) a decryption worker, lets it generate the session key pair
 * and returns a holder that forwards every `decrypt` to it. Rejects, with no fallback, when the
 * worker cannot start (a URL where no worker is, CSP `worker-src`, a blocked script, no module
 * workers) or does not answer within `initTimeoutMs`: a `CryptoError` `KEY_HOLDER_UNAVAILABLE` that
 * names the URL. {@link createDefaultKeyHolder} takes the same URL and falls back to this thread
 * instead, saying so. Errors from the worker are re-thrown as `CryptoError`s with the worker's code
 * and no key or ciphertext material.
 *
 * `worker`: nothing for the worker shipped beside this module; a URL (or string) of the worker script
 * where your app serves it (e.g. copied by `sealkit workers DIR`, or from
 * `sealkit/dist/src/core/worker/decrypt-worker.js`), started as a module worker; or a worker you started yourself.
 * @example
 * const session = createChatSession(client, { model, mode: 'e2ee', keyHolder: () => createWorkerKeyHolder() })
 * // the worker file served by your app:
 * const own = createChatSession(client, { model, mode: 'e2ee', keyHolder: () => createWorkerKeyHolder(new URL('/workers/decrypt-worker.js', location.href)) })
 */
export function createWorkerKeyHolder(worker?: DecryptWorkerLike | URL | string, options: WorkerKeyHolderOptions = {}): Promise<KeyHolder> {
  const { initTimeoutMs = 10_000 } = options
  // The app's own URL, named in the errors: the usual cause is a file that is not where it says.
  const at = atAddress(worker)
  const unavailable = (why: string, cause?: unknown) => new CryptoError('KEY_HOLDER_UNAVAILABLE', { message: `The decryption worker${at} ${why}`, ...(cause === undefined ? {} : { cause }) })
  let started: { worker: DecryptWorkerLike; owned: boolean }
  try {
    started = startWorker<DecryptWorkerLike>(worker, spawnDecryptWorker)
  } catch (cause) {
    return Promise.reject(unavailable('could not be started', cause))
  }
  const { worker: w, owned: ownsWorker } = started

  let destroyed = false
  // Set when the worker errors: every later decrypt fails closed with it.
  let crashed: CryptoError | undefined
  // Until the worker has made the key, an error is its start failing (its script did not load), not a decryption's.
  let keyMade = false
  // Decrypts not sent yet (MAX_IN_FLIGHT reached), sent together when a slot frees up.
  const waiting: Array<{ wire: string; resolve: (text: string) => void; reject: (e: unknown) => void }> = []
  let inFlight = 0
  const pending = new Map<number, { resolve: (r: DecryptWorkerResponse) => void; reject: (e: unknown) => void }>()

  const failAll = (error: CryptoError) => {
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }
  const onMessage = (event: MessageEvent) => {
    const r = event.data as DecryptWorkerResponse
    const p = typeof r === 'object' && r !== null ? pending.get(r.id) : undefined
    if (!p) return
    pending.delete(r.id)
    p.resolve(r)
  }
  // A worker that fails to load or crashes: every waiting request fails closed.
  const onError = (event: Event) => {
    event.preventDefault?.()
    crashed = keyMade ? new CryptoError('DECRYPT_FAILED', { message: 'The decryption worker failed' }) : unavailable('did not load, or failed while starting')
    for (const b of waiting.splice(0)) b.reject(crashed)
    failAll(crashed)
  }
  const detach = () => {
    w.removeEventListener('message', onMessage)
    w.removeEventListener('error', onError)
    w.removeEventListener('messageerror', onError)
  }
  w.addEventListener('message', onMessage)
  w.addEventListener('error', onError)
  w.addEventListener('messageerror', onError)

  const request = (message: DecryptWorkerRequest & { id: number }) =>
    new Promise<DecryptWorkerResponse>((resolve, reject) => {
      pending.set(message.id, { resolve, reject })
      w.postMessage(message)
    })

  const flush = () => {
    while (!destroyed && !crashed && inFlight < MAX_IN_FLIGHT && waiting.length > 0) {
      const batch = waiting.splice(0, MAX_DECRYPT_BATCH)
      inFlight++
      const id = nextRequestId()
      const sent = request(batch.length === 1 ? { type: 'decrypt', id, wire: batch[0]!.wire } : { type: 'decrypt-batch', id, wires: batch.map((b) => b.wire) })
      sent
        .then(
          (res) => {
            if (batch.length === 1 && res.ok && 'text' in res && typeof res.text === 'string') return batch[0]!.resolve(res.text)
            if (batch.length > 1 && res.ok && 'results' in res && Array.isArray(res.results) && res.results.length === batch.length) {
              res.results.forEach((r: DecryptWorkerResult, i) => {
                if (r.ok && typeof r.text === 'string') batch[i]!.resolve(r.text)
                else batch[i]!.reject(failureOf(r))
              })
              return
            }
            const error = failureOf(res)
            for (const b of batch) b.reject(error)
          },
          (error: unknown) => {
            for (const b of batch) b.reject(error)
          },
        )
        .finally(() => {
          inFlight--
          flush()
        })
    }
  }

  const shutdown = () => {
    destroyed = true
    for (const b of waiting.splice(0)) b.reject(new CryptoError('KEY_DESTROYED'))
    failAll(new CryptoError('KEY_DESTROYED'))
    try {
      // The worker zeroes its key and closes itself.
      w.postMessage({ type: 'destroy' } satisfies DecryptWorkerRequest)
    } catch {
      // already gone
    }
    detach()
  }

  const init = async (): Promise<KeyHolder> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable('did not start in time')), initTimeoutMs)
    })
    let r: DecryptWorkerResponse
    try {
      r = await Promise.race([request({ type: 'init', id: nextRequestId() }), timeout])
    } catch (error) {
      shutdown()
      if (ownsWorker) w.terminate()
      throw error
    } finally {
      clearTimeout(timer)
    }
    if (!r.ok || !('publicKeyHex' in r) || !/^04[0-9a-f]{128}$/.test(r.publicKeyHex)) {
      shutdown()
      if (ownsWorker) w.terminate()
      throw unavailable('did not produce a key')
    }
    keyMade = true
    const publicKeyHex = r.publicKeyHex
    // Never throws past here: the worker holds a key, and only shutdown() above lets it go.
    let ecdh: EcdhInfo | undefined
    try {
      ecdh = ecdhFrom(r)
      if (ecdh) warnEcdhFallback(ecdh)
    } catch {
      ecdh ??= ecdhInfo('unknown', "the worker's answer could not be read")
    }
    return {
      publicKeyHex,
      kind: 'worker',
      reason: WORKER_REASON,
      ...(ecdh ? { ecdh } : {}),
      decrypt(wireHex: string): Promise<string> {
        if (destroyed) return Promise.reject(new CryptoError('KEY_DESTROYED'))
        if (crashed) return Promise.reject(crashed)
        return new Promise<string>((resolve, reject) => {
          waiting.push({ wire: wireHex, resolve, reject })
          flush()
        })
      },
      async encrypt(plaintexts: readonly string[], recipientPublicKey: string): Promise<string[]> {
        if (destroyed) throw new CryptoError('KEY_DESTROYED')
        if (crashed) throw crashed
        const r = await request({ type: 'encrypt', id: nextRequestId(), recipient: recipientPublicKey, plaintexts: [...plaintexts] })
        if (r.ok && 'ciphertexts' in r && Array.isArray(r.ciphertexts) && r.ciphertexts.length === plaintexts.length && r.ciphertexts.every((c) => typeof c === 'string')) {
          return r.ciphertexts
        }
        throw failureOf(r as { ok: boolean; code?: unknown }, 'ENCRYPT_FAILED')
      },
      async verifyResponseSignature(params): Promise<VerifiedResponseSignature> {
        if (destroyed) throw new CryptoError('KEY_DESTROYED')
        if (crashed) throw crashed
        const { text, signature, expectedAddress, requestHash, responseHash } = params
        const r = await request({ type: 'verify-signature', id: nextRequestId(), text, signature, expectedAddress, requestHash, responseHash })
        if (r.ok && 'verified' in r && r.verified?.status === 'verified') {
          if (answersRequest(r.verified, params)) return r.verified
          throw new SignatureError('SIGNATURE_INVALID', { message: 'The decryption worker answered a different signature check' })
        }
        const failure = !r.ok && 'signatureFailure' in r ? r.signatureFailure : undefined
        if (failure && SIGNATURE_CODES.has(failure.code)) {
          throw new SignatureError(failure.code, { message: failure.message, ...(failure.details ? { details: failure.details } : {}) })
        }
        throw failureOf(r as { ok: boolean; code?: unknown })
      },
      destroy() {
        if (!destroyed) shutdown()
      },
    }
  }
  return init()
}

/** The ECDH backend an `init` answer names: short plain strings only, else not said. */
function ecdhFrom(r: DecryptWorkerResponse): EcdhInfo | undefined {
  const e = (r as { ecdh?: { name?: unknown; reason?: unknown } }).ecdh
  const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max
  if (!e) return undefined
  // A fallback stays a fallback even when its name or reason cannot be shown.
  if (e.reason === undefined) return text(e.name, 64) ? ecdhInfo(e.name as string) : undefined
  return ecdhInfo(text(e.name, 64) ? (e.name as string) : 'unknown', text(e.reason, 1000) ? (e.reason as string) : 'the worker gave no readable reason')
}

/** Where Web Workers do not exist, keeping the key on this thread is expected, not a fallback. */
export const NO_WORKERS_REASON = 'no Web Workers here (server rendering, Node or a test environment): the key stays on this thread'

/** Once per page and worker URL, outside production builds: a fallback is never silent. */
function warnFallback(reason: string, worker: URL | string | undefined): void {
  warnOnceInDevelopment(
    worker === undefined ? 'decrypt-worker' : `decrypt-worker:${String(worker)}`,
    `sealkit: ${reason}. End-to-end encryption still holds, but the session key and decryption run on the main thread. ` +
      `${workerChecks('decrypt-worker.js', worker)}; session.keyHolder says the same at run time.`,
  )
}

/** Options of {@link createDefaultKeyHolder}. */
export interface DefaultKeyHolderOptions extends WorkerKeyHolderOptions {
  /**
   * Where your app serves the decryption worker (`sealkit workers DIR` copies it), started as a module
   * worker. Default: the worker shipped beside sealkit's module, which bundlers emit for you.
   */
  worker?: URL | string
}

/**
 * The worker holder where Web Workers exist, else the local holder on this thread. When a worker
 * should start but cannot (a CSP that bars it, a bundler that did not emit the file, a `worker` URL
 * where no worker is), the holder it falls back to says why (`kind: 'main-thread'`, `reason`) and the
 * dev console warns once, naming the URL.
 * @example
 * const session = createChatSession(client, { model, mode: 'e2ee', keyHolder: () => createDefaultKeyHolder() })
 * // the worker file served by your app (`sealkit workers public/workers`):
 * const own = createChatSession(client, { model, mode: 'e2ee', keyHolder: () => createDefaultKeyHolder({ worker: '/workers/decrypt-worker.js' }) })
 * await session.keyReady?.()
 * session.keyHolder // { kind: 'worker', reason: '...' }
 */
export async function createDefaultKeyHolder(options: DefaultKeyHolderOptions = {}): Promise<KeyHolder> {
  const { worker, ...workerOptions } = options
  // The holder on this thread (and its curve code) is a chunk of its own: an app whose worker runs never loads it.
  const createLocalKeyHolder = async (o: { reason: string }) => (await import('../crypto/local-key-holder.ts')).createLocalKeyHolder(o)
  if (typeof Worker === 'undefined') return createLocalKeyHolder({ reason: NO_WORKERS_REASON })
  try {
    return await createWorkerKeyHolder(worker, workerOptions)
  } catch (error) {
    const why = error instanceof Error && error.message ? error.message : 'unknown error'
    const reason = `the decryption worker could not start (${why})`
    warnFallback(reason, worker)
    return createLocalKeyHolder({ reason: `${reason}: the key stays on this thread` })
  }
}
