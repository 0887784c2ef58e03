/**
 * The messages between the main thread (`./worker-verifier.ts`) and the verification worker
 * (`./verify-worker.ts`): types, and the error codec both sides share. The main thread never imports the verifier.
 *
 * Everything crossing is structured-clone data. The options that are functions or stores on
 * the main thread cross as markers, and the worker calls back for them:
 * - `measurementStore` (e.g. localStorage, which a worker does not have): `store.get` / `store.set`;
 * - `collateral` from the app's QueryClient (a `KeyedCollateralLoader`): the worker parses the
 *   quote and asks for the collateral by PCCS key; the main thread fetches and caches it.
 */
import type { AttestationResponse } from '../api/types.ts'
import type { StoredIdentity } from '../attestation/identity/store.ts'
import type { VerificationReport } from '../attestation/report.ts'
import type { PccsCollateralKey, PccsSource } from '../attestation/tdx/pccs.ts'
import type { VerifyAttestationOptions } from '../attestation/verify.ts'
import { ApiError, AttestationError, CryptoError, ERROR_CODES, SealkitError, SignatureError, StreamError, type SealkitErrorCode } from '../errors.ts'

/** Collateral fetched on the main thread by key, from this PCCS. Not a `PccsSource` (no `pccsUrl` at the top) on purpose. */
export interface MainThreadCollateral {
  mainThreadPccs: Omit<PccsSource, 'fetch'>
}

/** Verification options as they reach the worker: data only. */
export type WorkerVerifyOptions = Omit<VerifyAttestationOptions, 'collateral' | 'measurementStore' | 'cache'> & {
  collateral?: Exclude<VerifyAttestationOptions['collateral'], (...args: never[]) => unknown> | MainThreadCollateral
  /** The store lives on the main thread: the worker calls back. */
  measurementStore?: 'main-thread'
  /** `null` disables the worker's certificate cache; any other cache stays on the main thread. */
  cache?: null
}

/** An error as it crosses: its class name, code and message; never a stack or a report. */
export interface WireError {
  name: string
  code?: string
  message: string
}

/** What the worker asks of the main thread while verifying. */
export type VerifyWorkerCall =
  | { fn: 'collateral'; key: PccsCollateralKey }
  | { fn: 'store.get'; key: string }
  | { fn: 'store.set'; key: string; value: StoredIdentity }

/** Main thread -> worker. */
export type VerifyWorkerRequest =
  | { type: 'verify'; id: number; response: AttestationResponse; options: WorkerVerifyOptions }
  /** The answer to a `call` the worker made for verification `id`. */
  | { type: 'answer'; id: number; call: number; ok: true; value?: unknown }
  | { type: 'answer'; id: number; call: number; ok: false; error: WireError }

/** Worker -> main thread. */
export type VerifyWorkerMessage =
  /** Sent once the worker's code has loaded. */
  | { type: 'ready' }
  | ({ type: 'call'; id: number; call: number } & VerifyWorkerCall)
  | { type: 'report'; id: number; ok: true; report: VerificationReport; timing?: VerifyTiming }
  | { type: 'report'; id: number; ok: false; error: WireError; timing?: VerifyTiming }

/** When the worker started and finished one verification, on its clock as absolute times (`timeOrigin + now()`), for the page's timeline. */
export interface VerifyTiming {
  start: number
  end: number
}

/** An error as a `WireError`. */
export function wireErrorOf(error: unknown): WireError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) }
  }
  return { name: 'Error', message: String(error) }
}

const ERROR_CLASSES: Record<string, typeof SealkitError> = { ApiError, AttestationError, CryptoError, SignatureError, StreamError, SealkitError }

/**
 * The typed error a `WireError` stands for: the same class, code and message. Anything that is
 * not a sealkit error (a bug, an unknown code) becomes `ATTESTATION_VERIFIER_FAILED`.
 */
export function errorFromWire(error: WireError): SealkitError {
  const Class = ERROR_CLASSES[error.name]
  if (Class && error.code !== undefined && Object.hasOwn(ERROR_CODES, error.code)) return new Class(error.code as SealkitErrorCode, { message: error.message })
  return new AttestationError('ATTESTATION_VERIFIER_FAILED', { message: `The attestation verifier failed: ${error.name}: ${error.message}` })
}
