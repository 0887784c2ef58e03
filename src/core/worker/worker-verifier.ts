/**
 * An `AttestationVerifier` that verifies in a Web Worker (`./verify-worker.js`, shipped as its own
 * file): the main thread sends the provider's JSON and data-only options, and gets the report back.
 * Function-valued options stay on the main thread: the worker calls back for the measurement store
 * and for collateral from the app's QueryClient; any other function or object with behaviour
 * (a custom collateral loader, a `fetch`, a certificate cache, parsed certificates) cannot cross,
 * and `workerIncompatibility` says which, so the caller verifies on the main thread instead.
 */
import type { AttestationResponse } from '../api/types.ts'
import type { MeasurementStore } from '../attestation/identity/store.ts'
import { DEFAULT_POLICY } from '../attestation/policy.ts'
import { verdictOf, type VerificationReport, type VerifierInfo } from '../attestation/report.ts'
import { isKeyedCollateralLoader } from '../attestation/tdx/pccs.ts'
import type { VerifyAttestationOptions } from '../attestation/verify.ts'
import { AttestationError, SealkitError } from '../errors.ts'
import { errorFromWire, wireErrorOf, type VerifyWorkerCall, type VerifyWorkerMessage, type VerifyWorkerRequest, type WorkerVerifyOptions } from './verify-protocol.ts'
import type { DecryptWorkerLike } from './worker-key-holder.ts'
import { startWorker } from './start-worker.ts'
import { markTiming } from '../timing.ts'

/** Verifies attestation evidence somewhere (`kind`), for a reason (`reason`). */
export interface AttestationVerifier extends VerifierInfo {
  /** Verifies one attestation answer under these options, as `verifyAttestation` does. */
  verify(response: AttestationResponse, options: VerifyAttestationOptions): Promise<VerificationReport>
}

/** A verifier running in a worker, which can be stopped. */
export interface WorkerVerifier extends AttestationVerifier {
  /** Stops the worker: verifications in flight, and any later one, fail with `ATTESTATION_VERIFIER_FAILED`. */
  terminate(): void
}

/** The part of `Worker` used here (a `MessagePort`-like test double works too). */
export type VerifyWorkerLike = DecryptWorkerLike

/** Options of {@link createWorkerVerifier}. */
export interface WorkerVerifierOptions {
  /** How long to wait for the worker's code to load. Default 15 s. */
  startTimeoutMs?: number
  /**
   * How long one verification may go without an answer from the worker, not counting time spent
   * on the main thread's call-backs (PCCS collateral, the measurement store). Default 60 s. A worker
   * that goes quiet that long is stopped: that verification and any in flight fail with
   * `ATTESTATION_VERIFIER_FAILED` (never a pass, never "verifying" forever), and the next starts a new worker.
   */
  verifyTimeoutMs?: number
  /** Called once when the worker fails (could not start, crashed, or was terminated): it verifies nothing more. */
  onFailure?: (error: SealkitError) => void
  /** The worker said `ready` before this verifier listened (one the page's HTML started: `takeEarlyVerifyWorker`). */
  alreadyLoaded?: boolean
}

export const WORKER_VERIFY_REASON = 'the attestation is parsed and verified in a Web Worker, off the main thread'

/**
 * The default worker. Keep this expression exactly as written: bundlers recognise
 * `new Worker(new URL('./x.js', import.meta.url), { type: 'module' })` and emit the file beside the
 * app's chunks. In the package `./verify-worker.js` is a self-contained module beside this one; in
 * the repository Vite maps it to `verify-worker.ts`.
 */
function spawnVerifyWorker(): Worker {
  return new Worker(new URL('./verify-worker.js', import.meta.url), { type: 'module' })
}

const isStore = (value: unknown): value is MeasurementStore =>
  typeof value === 'object' && value !== null && typeof (value as MeasurementStore).get === 'function' && typeof (value as MeasurementStore).set === 'function'

/** Structured-clone data with nothing lost: primitives, dates, bytes, arrays and plain objects. */
function isPlainData(value: unknown, seen = new Set<object>()): boolean {
  if (value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value)) return true
  if (typeof value !== 'object') return false
  if (value instanceof Date || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return true
  if (seen.has(value)) return true
  seen.add(value)
  if (Array.isArray(value)) return value.every((v) => isPlainData(v, seen))
  const proto = Object.getPrototypeOf(value) as unknown
  return (proto === Object.prototype || proto === null) && Object.values(value).every((v) => isPlainData(v, seen))
}

/**
 * Why these options cannot be verified in the worker, or `undefined` when they can: a function
 * or an object with behaviour other than a measurement store or QueryClient collateral.
 * @example workerIncompatibility({ nonce, collateral: myLoader }) // '`collateral` is a function, ...'
 */
export function workerIncompatibility(options: Partial<VerifyAttestationOptions>): string | undefined {
  for (const [name, value] of Object.entries(options)) {
    if ((name === 'measurementStore' && isStore(value)) || (name === 'collateral' && isKeyedCollateralLoader(value)) || (name === 'cache' && value === null)) continue
    if (name === 'cache' && value !== undefined) return '`cache` (a certificate cache) lives on the main thread'
    if (!isPlainData(value)) return `\`${name}\` is ${typeof value === 'function' ? 'a function' : 'an object with behaviour'}, which cannot cross to a worker`
  }
  return undefined
}

/** The options as they cross: data, with markers where the worker calls back. */
function toWorkerOptions(options: VerifyAttestationOptions): WorkerVerifyOptions {
  const { collateral, measurementStore, cache, ...rest } = options
  const pccs = isKeyedCollateralLoader(collateral) ? collateral.source : undefined
  return {
    ...rest,
    ...(pccs ? { collateral: { mainThreadPccs: { pccsUrl: pccs.pccsUrl, ...(pccs.rootCaCrlUrl ? { rootCaCrlUrl: pccs.rootCaCrlUrl } : {}) } } } : {}),
    ...(collateral !== undefined && !pccs ? { collateral: collateral as WorkerVerifyOptions['collateral'] } : {}),
    ...(measurementStore ? { measurementStore: 'main-thread' as const } : {}),
    ...(cache === null ? { cache: null } : {}),
  }
}

/** Runs what the worker asked for with the main thread's own options. */
async function answerCall(call: VerifyWorkerCall, options: VerifyAttestationOptions): Promise<unknown> {
  const { collateral, measurementStore } = options
  if (call.fn === 'collateral' && isKeyedCollateralLoader(collateral)) return collateral.loadByKey(call.key)
  if (call.fn === 'store.get' && measurementStore) return measurementStore.get(call.key)
  if (call.fn === 'store.set' && measurementStore) return measurementStore.set(call.key, call.value)
  throw new SealkitError('INVALID_ARGUMENT', { message: `The verification worker asked for ${String(call.fn)}, which this verification does not have` })
}

const STATUSES = new Set(['passed', 'failed', 'skipped'])

/** The worker's report, if it is a consistent report for this nonce and policy; anything else fails closed. */
function reportFromWorker(value: unknown, asked: Pick<VerifyAttestationOptions, 'nonce' | 'policy'>): VerificationReport {
  const r = value as Partial<VerificationReport> | null
  const checks = r?.checks
  const valid =
    typeof r === 'object' &&
    r !== null &&
    Array.isArray(checks) &&
    checks.every((c: unknown) => typeof c === 'object' && c !== null && typeof (c as { id?: unknown }).id === 'string' && STATUSES.has((c as { status?: string }).status ?? '')) &&
    r.verdict === verdictOf(checks) &&
    r.nonce === String(asked.nonce).toLowerCase() &&
    r.policy === (asked.policy ?? DEFAULT_POLICY)
  if (!valid) throw new AttestationError('ATTESTATION_VERIFIER_FAILED', { message: 'The verification worker answered with something that is not a consistent report for this nonce and policy' })
  return r as VerificationReport
}

/** A verification worker being started: usable at once, loaded later. */
export interface StartingWorkerVerifier {
  /**
   * The verifier, usable before the worker's code has loaded: a verification asked for now is
   * posted at once and the worker takes it the moment its code has run (its message queue holds it),
   * without waiting for this thread to hear that it loaded. If the worker then fails to load, that
   * verification fails with `ATTESTATION_VERIFIER_FAILED` and `failedToLoad()` says why.
   */
  verifier: WorkerVerifier
  /** Resolves with the verifier once the worker's code has loaded; rejects as `createWorkerVerifier` does. */
  ready: Promise<WorkerVerifier>
  /** True once the worker failed before its code loaded (it could not start, or did not load in time). */
  failedToLoad(): boolean
}

/**
 * Starts (or adopts) a verification worker and resolves once its code has loaded. Rejects with
 * `ATTESTATION_VERIFIER_FAILED` when it cannot start (CSP `worker-src`, a bundler that did not emit
 * the file) or does not load within `startTimeoutMs`. A worker that crashes fails every verification
 * in flight and every later one with `ATTESTATION_VERIFIER_FAILED`: never a pass.
 *
 * `worker`: nothing for the worker shipped beside this module; a URL (or string) of the worker script
 * where your app serves it (e.g. copied from `sealkit/dist/src/core/worker/verify-worker.js`); or a worker you started.
 * @example
 * const verifier = await createWorkerVerifier()
 * const report = await verifier.verify(response, { nonce, policy: 'standard' })
 */
export function createWorkerVerifier(worker?: VerifyWorkerLike | URL | string, options: WorkerVerifierOptions = {}): Promise<WorkerVerifier> {
  try {
    return startWorkerVerifier(worker, options).ready
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * Starts (or adopts) a verification worker, as {@link createWorkerVerifier} does, and hands out its
 * verifier at once: evidence that arrives before the worker has loaded is posted to it straight away.
 * Throws `ATTESTATION_VERIFIER_FAILED` when no worker can be constructed at all.
 * @example
 * const starting = startWorkerVerifier()
 * const { response, nonce } = await fetchAttestation(client, { model })
 * const report = await starting.verifier.verify(response, { nonce }) // the worker may still be loading
 */
export function startWorkerVerifier(worker?: VerifyWorkerLike | URL | string, options: WorkerVerifierOptions = {}): StartingWorkerVerifier {
  const { startTimeoutMs = 15_000, verifyTimeoutMs = 60_000 } = options
  let spawned: { worker: VerifyWorkerLike; owned: boolean }
  markTiming('verifier-start')
  try {
    spawned = startWorker<VerifyWorkerLike>(worker, spawnVerifyWorker)
  } catch (cause) {
    throw new AttestationError('ATTESTATION_VERIFIER_FAILED', { message: 'Could not start the verification worker', cause })
  }
  const { worker: w, owned: ownsWorker } = spawned

  let nextId = 1
  let started = options.alreadyLoaded === true
  if (started) markTiming('verifier-ready')
  let failure: SealkitError | undefined
  let startWaiter: { resolve: () => void; reject: (error: unknown) => void } | undefined
  interface Pending {
    options: VerifyAttestationOptions
    resolve: (report: VerificationReport) => void
    reject: (error: unknown) => void
    /** Call-backs the main thread is answering: the worker is waiting on us, not hung. */
    calls: number
    timer?: ReturnType<typeof setTimeout>
  }
  const pending = new Map<number, Pending>()
  /** (Re)starts a verification's quiet-worker timer, unless the main thread owes it an answer. */
  const arm = (p: Pending) => {
    clearTimeout(p.timer)
    if (p.calls === 0) p.timer = setTimeout(() => fail(broken(`The verification worker did not answer within ${verifyTimeoutMs / 1000} s`)), verifyTimeoutMs)
  }

  const fail = (error: SealkitError) => {
    if (failure) return
    failure = error
    startWaiter?.reject(error)
    for (const p of pending.values()) {
      clearTimeout(p.timer)
      p.reject(error)
    }
    pending.clear()
    w.removeEventListener('message', onMessage)
    w.removeEventListener('error', onError)
    w.removeEventListener('messageerror', onError)
    if (ownsWorker) w.terminate()
    options.onFailure?.(error)
  }
  const broken = (message: string) => new AttestationError('ATTESTATION_VERIFIER_FAILED', { message })

  const post = (message: VerifyWorkerRequest) => w.postMessage(message)
  const onMessage = (event: MessageEvent) => {
    const m = event.data as Partial<VerifyWorkerMessage> | null
    if (typeof m !== 'object' || m === null) return fail(broken('The verification worker sent a message outside its protocol'))
    if (m.type === 'ready') {
      if (!started) markTiming('verifier-ready')
      started = true
      return startWaiter?.resolve()
    }
    const id = (m as { id?: unknown }).id
    const p = typeof id === 'number' ? pending.get(id) : undefined
    if (!p) return
    if (m.type === 'call') {
      const { call } = m as { call: number }
      p.calls++
      arm(p)
      const answered = () => {
        p.calls--
        if (pending.has(id as number)) arm(p)
      }
      answerCall(m as VerifyWorkerCall, p.options)
        .then(
          (value) => {
            try {
              post({ type: 'answer', id: id as number, call, ok: true, value })
            } catch (error) {
              post({ type: 'answer', id: id as number, call, ok: false, error: wireErrorOf(error) })
            }
          },
          (error: unknown) => post({ type: 'answer', id: id as number, call, ok: false, error: wireErrorOf(error) }),
        )
        .finally(answered)
      return
    }
    clearTimeout(p.timer)
    pending.delete(id as number)
    const timing = (m as { timing?: { start?: unknown; end?: unknown } }).timing
    if (typeof timing?.start === 'number' && typeof timing.end === 'number') {
      markTiming('worker-verify-start', timing.start)
      markTiming('worker-verify-end', timing.end)
    }
    if (m.type === 'report' && m.ok === true) {
      try {
        p.resolve(reportFromWorker(m.report, p.options))
      } catch (error) {
        p.reject(error)
      }
    } else if (m.type === 'report' && m.ok === false && typeof m.error === 'object' && m.error !== null) {
      p.reject(errorFromWire(m.error))
    } else {
      p.reject(broken('The verification worker answered outside its protocol'))
    }
  }
  // A worker that fails to load or crashes: nothing in flight passes.
  const onError = (event: Event) => {
    event.preventDefault?.()
    fail(broken(started ? 'The verification worker crashed' : 'The verification worker could not load its code'))
  }
  w.addEventListener('message', onMessage)
  w.addEventListener('error', onError)
  w.addEventListener('messageerror', onError)

  const verifier: WorkerVerifier = {
    kind: 'worker',
    reason: WORKER_VERIFY_REASON,
    verify(response, verifyOptions) {
      if (failure) return Promise.reject(failure)
      const why = workerIncompatibility(verifyOptions)
      if (why) return Promise.reject(new SealkitError('INVALID_ARGUMENT', { message: `Cannot verify in the worker: ${why}. Verify on the main thread instead.` }))
      const id = nextId++
      return new Promise<VerificationReport>((resolve, reject) => {
        const p: Pending = { options: verifyOptions, resolve, reject, calls: 0 }
        pending.set(id, p)
        arm(p)
        try {
          post({ type: 'verify', id, response, options: toWorkerOptions(verifyOptions) })
        } catch (cause) {
          clearTimeout(p.timer)
          pending.delete(id)
          reject(new AttestationError('ATTESTATION_VERIFIER_FAILED', { message: 'The attestation could not be sent to the verification worker', cause }))
        }
      })
    },
    terminate() {
      fail(broken('The verification worker was terminated'))
      if (!ownsWorker) w.terminate()
    },
  }

  const ready = new Promise<WorkerVerifier>((resolve, reject) => {
    const timer = setTimeout(() => fail(broken('The verification worker did not load in time')), startTimeoutMs)
    startWaiter = {
      resolve: () => {
        clearTimeout(timer)
        resolve(verifier)
      },
      reject: (error) => {
        clearTimeout(timer)
        reject(error)
      },
    }
    if (failure) startWaiter.reject(failure)
    else if (started) startWaiter.resolve()
  })
  ready.catch(() => {}) // the caller of `verifier` may never look at `ready`
  return { verifier, ready, failedToLoad: () => failure !== undefined && !started }
}
