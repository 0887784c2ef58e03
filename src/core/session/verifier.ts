/**
 * Where attestation evidence is verified. In a browser: a Web Worker (`createWorkerVerifier`), so
 * parsing X.509, the TDX quote and GPU evidence never blocks the page and the verifier's code is
 * not in the app's initial chunk. Without workers (Node, SSR, tests), or with options that cannot
 * cross to one, or when the worker cannot start: the verifier chunk, loaded on demand on this
 * thread. Every report says which ran and why (`report.verifiedIn`); a fallback warns once in the
 * dev console.
 */
import type { VerifyAttestationOptions } from '../attestation/verify.ts'
import { AttestationError } from '../errors.ts'
import { loadOnce } from '../load-once.ts'
import { atAddress, warnOnceInDevelopment, workerChecks } from '../worker/dev-warning.ts'
import { takeEarlyVerifyWorker, type EarlyVerifyWorker } from '../worker/early-verify-worker.ts'
import { startWorkerVerifier, workerIncompatibility, type AttestationVerifier, type StartingWorkerVerifier, type VerifyWorkerLike, type WorkerVerifier, type WorkerVerifierOptions } from '../worker/worker-verifier.ts'

export type { AttestationVerifier } from '../worker/worker-verifier.ts'

/**
 * A verification worker the app serves itself (as `createWorkerKeyHolder(url)` takes the decryption
 * worker's): the URL of `verify-worker.js` where the app serves it (copied from
 * `sealkit/dist/src/core/worker/verify-worker.js`), started as a module worker, or a function that
 * starts one (`() => new Worker(new URL('./my-verify-worker.js', import.meta.url), { type: 'module' })`).
 * One worker per URL (per function) for the page; a crashed one is started again for the next verification.
 */
export type VerifyWorkerSource = URL | string | (() => VerifyWorkerLike)

/** Where to verify, beside the verification options: `verifyWorker`, the app's own verification worker. */
export interface VerifierChoice {
  /** The app's own verification worker (see `VerifyWorkerSource`); default: the one shipped beside `worker-verifier.js`. */
  verifyWorker?: VerifyWorkerSource | undefined
}

/** Where Web Workers do not exist, verifying on this thread is expected, not a fallback. */
export const NO_WORKERS_VERIFY_REASON = 'no Web Workers here (server rendering, Node or a test environment): verification runs on this thread'

/** A worker being started: its verifier usable at once (`starting`, unless it could not even be constructed), and loaded. */
interface StartedWorker {
  starting?: StartingWorkerVerifier
  loaded: Promise<WorkerVerifier>
}

const loadVerifierModule = loadOnce(() => import('../attestation/verify.ts'))
let sharedWorker: StartedWorker | undefined
/** Set once the worker could not start: later verifications go straight to this thread. */
let workerUnavailable: string | undefined
/** The apps' own workers, one per URL (or per factory), and why one could not start. */
const appWorkers = new Map<unknown, StartedWorker>()
const appWorkersUnavailable = new Map<unknown, string>()

/** Starts a worker verifier; `onFailure` runs once it fails (it verifies nothing more). */
function startVerifierWorker(source: (() => VerifyWorkerLike | URL | string | undefined) | undefined, onFailure: () => void, options: WorkerVerifierOptions = {}): StartedWorker {
  try {
    const starting = startWorkerVerifier(source?.(), { ...options, onFailure })
    return { starting, loaded: starting.ready }
  } catch (error) {
    return { loaded: Promise.reject(error) }
  }
}

/**
 * The shared worker: the one the page's HTML started (`earlyVerifyWorkerScript`), else a new one.
 * An early worker that could not load, or crashed before it was taken, is replaced by sealkit's own
 * (its URL may be the one that works), with one warning in development.
 */
function startSharedWorker(onFailure: () => void): StartedWorker {
  return adoptOrStart(takeEarlyVerifyWorker(), undefined, onFailure)
}

/** The HTML's worker when there is one that loaded (or is loading), else a new one from `source` (default: sealkit's own). */
function adoptOrStart(early: EarlyVerifyWorker | undefined, source: (() => VerifyWorkerLike | URL | string | undefined) | undefined, onFailure: () => void): StartedWorker {
  if (!early) return startVerifierWorker(source, onFailure)
  if (early.state === 'failed') {
    early.worker.terminate()
    warnOnceInDevelopment(
      'early-verify-worker',
      "sealkit: the verification worker started by the page's HTML could not load its code, or crashed before sealkit took it over; sealkit starts its own. " +
        "Check that its URL serves verify-worker.js and that a Content-Security-Policy worker-src allows it.",
    )
    return startVerifierWorker(source, onFailure)
  }
  const failed = () => {
    early.worker.terminate()
    onFailure()
  }
  return startVerifierWorker(() => early.worker, failed, { alreadyLoaded: early.state === 'ready' })
}

/** `url` made absolute against the page, to compare; undefined when it is no URL. */
function absolute(url: URL | string | undefined): string | undefined {
  try {
    return url === undefined ? undefined : new URL(url, (globalThis as { location?: { href: string } }).location?.href).href
  } catch {
    return undefined
  }
}

/**
 * The verifier on this thread: the verifier chunk, loaded on first use.
 * @example const verifier = await mainThreadVerifier('verifying a saved report in a test')
 */
export async function mainThreadVerifier(reason: string): Promise<AttestationVerifier> {
  try {
    const { verifyAttestation } = await loadVerifierModule()
    return { kind: 'main-thread', reason, verify: verifyAttestation }
  } catch (cause) {
    throw new AttestationError('ATTESTATION_VERIFIER_FAILED', { message: 'The attestation verifier could not be loaded', cause })
  }
}

function fallBack(reason: string, source?: VerifyWorkerSource): Promise<AttestationVerifier> {
  warnOnceInDevelopment(
    `verify-worker: ${reason}`,
    `sealkit: attestation is verified on the main thread: ${reason}. The verdict is the same, but parsing the evidence can block the page. ` +
      `${workerChecks('verify-worker.js', source)}; report.verifiedIn says the same at run time.`,
  )
  return mainThreadVerifier(reason)
}

/**
 * The verifier for these options: the shared verification worker where Web Workers exist and the
 * options can cross to it, else the verifier on this thread. Call it before fetching the evidence:
 * the worker (or the chunk) loads while the request is in flight.
 * @example
 * const verifying = loadVerifier(options)
 * const { nonce, response } = await fetchAttestation(client, { model })
 * const report = await (await verifying).verify(response, { ...options, nonce })
 */
export function loadVerifier(options: Partial<VerifyAttestationOptions> & VerifierChoice = {}): Promise<AttestationVerifier> {
  return startVerifier(options).loaded
}

/** Where these options are verified: the verifier once it has loaded, and the worker still loading, if one is. */
export interface StartedVerifier {
  /** What `loadVerifier` resolves to: the worker once loaded, or the verifier on this thread (the fallback, reported). */
  loaded: Promise<AttestationVerifier>
  /**
   * The worker being started, usable before its code has loaded (`StartingWorkerVerifier`): evidence
   * posted to it waits in the worker's message queue, so verification starts the moment the worker
   * has loaded, whatever this thread is busy with. Absent where no worker verifies (no workers,
   * options that cannot cross, a worker that could not start). When it fails to load
   * (`failedToLoad()`), verify with `loaded` instead.
   */
  starting?: StartingWorkerVerifier
}

/**
 * {@link loadVerifier}, and the worker it is starting, for a caller with evidence on its way.
 * @example
 * const { loaded, starting } = startVerifier(options)
 * const { nonce, response } = await fetchAttestation(client, { model })
 * const report = await (starting?.verifier ?? (await loaded)).verify(response, { ...options, nonce })
 */
export function startVerifier(options: Partial<VerifyAttestationOptions> & VerifierChoice = {}): StartedVerifier {
  const { verifyWorker, ...verifyOptions } = options
  if (verifyWorker === undefined && typeof Worker === 'undefined') return { loaded: mainThreadVerifier(NO_WORKERS_VERIFY_REASON) }
  const incompatible = workerIncompatibility(verifyOptions)
  if (incompatible) return { loaded: fallBack(incompatible) }
  if (verifyWorker !== undefined) return appWorkerVerifier(verifyWorker)
  if (workerUnavailable) return { loaded: mainThreadVerifier(workerUnavailable) }
  // One worker for the page; a crashed one is replaced on the next verification.
  const started = (sharedWorker ??= startSharedWorker(() => {
    if (sharedWorker === started) sharedWorker = undefined
  }))
  return withStarting(
    started,
    started.loaded.catch((error: unknown) => {
      workerUnavailable = `the verification worker could not start (${error instanceof Error ? error.message : String(error)})`
      return fallBack(workerUnavailable)
    }),
  )
}

const withStarting = (started: StartedWorker, loaded: Promise<AttestationVerifier>): StartedVerifier => (started.starting ? { loaded, starting: started.starting } : { loaded })

/** The app's own verification worker (`verifyWorker`), shared per URL or factory like the default one. */
function appWorkerVerifier(source: VerifyWorkerSource): StartedVerifier {
  const key = source instanceof URL ? source.href : source
  const unavailable = appWorkersUnavailable.get(key)
  if (unavailable) return { loaded: mainThreadVerifier(unavailable) }
  let started = appWorkers.get(key)
  if (!started) {
    // The worker the page's HTML started from the same URL is this one, started sooner: adopted. From another
    // URL (or by a function) it is not, and it is left for sealkit's default worker; said once, since it loads for nothing.
    const href = typeof source === 'function' ? undefined : absolute(source)
    let waiting = false
    const early = takeEarlyVerifyWorker((url) => {
      waiting = true
      return href !== undefined && absolute(url) === href
    })
    if (!early && waiting) {
      warnOnceInDevelopment(
        'early-verify-worker-unused',
        "sealkit: verify.verifyWorker is not the worker the page's HTML started, which goes unused: leave verifyWorker out, or have the HTML start the same URL (sealkit/vite's earlyVerifyWorker({ worker }), or earlyVerifyWorkerScript(url)).",
      )
    }
    started = adoptOrStart(
      early,
      () => (typeof source === 'function' ? source() : source),
      () => {
        if (appWorkers.get(key) === started) appWorkers.delete(key)
      },
    )
    appWorkers.set(key, started)
  }
  return withStarting(
    started,
    started.loaded.catch((error: unknown) => {
      // The app's URL, named: the usual cause is a file that is not where it says.
      const reason = `the app's verification worker${atAddress(source)} could not start (${error instanceof Error ? error.message : String(error)})`
      appWorkersUnavailable.set(key, reason)
      appWorkers.delete(key)
      return fallBack(reason, source)
    }),
  )
}

/**
 * Starts loading the verifier now, so that it is ready when the first attestation arrives: the
 * shared verification worker (its chunk is fetched and evaluated on the worker's thread), or,
 * without workers, the verifier chunk. Call it as early as the page can, with the options the
 * app will verify with: `SealkitProvider` calls it when it first renders; an app may call it at
 * module evaluation (the first import of its entry module) to start even before React and the
 * rest of its main chunk are evaluated. Does nothing on a server (no `document`).
 * Idempotent; it never verifies anything. Resolves once the verifier has loaded, or could not:
 * it never rejects, and a worker that fails to start is reported by the verification that needed it, as without the preload.
 * @example
 * // preload.ts, imported first by the app's entry module
 * import { preloadVerifier } from 'sealkit/core'
 * preloadVerifier()
 */
export function preloadVerifier(options: Partial<VerifyAttestationOptions> & VerifierChoice = {}): Promise<void> {
  if (typeof document === 'undefined') return Promise.resolve()
  return loadVerifier(options).then(
    () => undefined,
    () => undefined, // the verification that needs it reports the failure
  )
}
