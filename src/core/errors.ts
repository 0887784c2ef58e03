/**
 * One error hierarchy for every failure sealkit can report.
 *
 * Every error has a stable `code` to switch on, a short human message, and where
 * it applies the verification report or HTTP status behind it. Messages never
 * contain keys, plaintext or ciphertext.
 *
 * @example
 * ```ts
 * try { await session.chat(...) } catch (e) {
 *   if (isSealkitError(e) && e.code === 'ATTESTATION_NONCE_MISMATCH') refetchAttestation()
 * }
 * ```
 */

/**
 * Every code sealkit can raise, grouped by where it comes from; each value is the code's default message.
 *
 * @catalog
 */
export const ERROR_CODES = {
  // Attestation (the seed's error table first)
  ATTESTATION_FAILED: 'TEE attestation verification failed',
  ATTESTATION_NONCE_MISMATCH: 'Attestation nonce mismatch',
  ATTESTATION_KEY_MISSING: 'No signing key in attestation response',
  ATTESTATION_KEY_ADDRESS_MISMATCH: 'Signing key does not hash to the attested signing address',
  ATTESTATION_REPORT_DATA_MISMATCH: 'TDX REPORTDATA does not bind the signing address and nonce',
  ATTESTATION_POLICY_FAILED: 'Attestation does not satisfy the verification policy',
  ATTESTATION_MALFORMED: 'Attestation report is malformed',
  ATTESTATION_REQUIRED: 'Model has no attestation and attestation was not explicitly skipped',
  ATTESTATION_EVIDENCE_MISSING: 'The attestation carries no evidence where evidence is required',
  ATTESTATION_MODEL_MISMATCH: 'The attestation is for another model than the one requested',
  ATTESTATION_GPU_DUPLICATE: 'The same GPU evidence is listed more than once',
  ATTESTATION_VERIFIER_FAILED: 'The attestation verifier stopped before reaching a verdict',
  PRIVACY_DOWNGRADE: 'The server offered less privacy than the app requires',
  TDX_DEBUG_ENCLAVE: 'TDX debug mode detected',
  TDX_QUOTE_INVALID: 'TDX quote is malformed',
  NONCE_INVALID: 'Nonce must be exactly 32 bytes (64 hex characters)',
  // E2EE crypto
  DECRYPT_FAILED: 'Failed to decrypt field',
  ENCRYPT_FAILED: 'Failed to encrypt field',
  INVALID_HEX: 'Encrypted field is not valid hex',
  INVALID_PUBLIC_KEY: 'Invalid public key',
  INVALID_PRIVATE_KEY: 'Invalid private key',
  KEY_DESTROYED: 'Key material was already zeroed',
  KEY_HOLDER_UNAVAILABLE: 'The key holder (the decryption worker) could not start',
  // Streaming protocol
  E2EE_REQUIRES_STREAMING: 'E2EE requires streaming',
  E2EE_PLAINTEXT_CHUNK: 'Received plaintext where ciphertext was expected',
  E2EE_NOT_SUPPORTED: 'Model does not support end-to-end encryption',
  E2EE_UNSUPPORTED_CONTENT: 'Only text can be sent end-to-end encrypted (the server would pass other content parts through unencrypted)',
  E2EE_UNENCRYPTABLE_FIELD: 'The request carries a field end-to-end encryption cannot encrypt (it would have been sent in plaintext): nothing was sent',
  KEY_ROTATED: 'The encryption key is no longer valid',
  STREAM_ERROR: 'The server reported an error mid-stream',
  STREAM_INCOMPLETE: 'The stream ended before it was complete',
  STREAM_MALFORMED: 'The stream contained a malformed event',
  ABORTED: 'The request was aborted',
  // Response signatures
  SIGNATURE_INVALID: 'Response signature is invalid',
  SIGNATURE_ADDRESS_MISMATCH: 'Response signature was not made by the attested signing key',
  SIGNATURE_HASH_MISMATCH: 'Signed hashes do not match the request and response',
  SIGNATURE_UNAVAILABLE: 'Response signature is not available',
  // HTTP / API
  MODEL_NOT_FOUND: 'Model not found',
  UNAUTHORIZED: 'The API key was rejected',
  API_KEY_MISSING: 'No API key was sent, and the API requires one',
  RATE_LIMITED: 'Too many requests',
  HTTP_ERROR: 'The API returned an error',
  NETWORK_ERROR: 'The API could not be reached',
  INVALID_RESPONSE: 'The API returned an unexpected response',
  INVALID_ARGUMENT: 'Invalid argument',
  STORAGE_FAILED: 'The conversation could not be stored or restored',
  STORAGE_TIMEOUT: 'The chat storage did not answer in time',
  STORAGE_CONFLICT: 'A stored conversation loaded after this chat began: it was kept as it was, and this chat is not saved',
} as const

/**
 * One of the stable error codes: the keys of {@link ERROR_CODES}. Switch on it rather than on messages, which may
 * change.
 */
export type SealkitErrorCode = keyof typeof ERROR_CODES

/** What a {@link SealkitError} is made with besides its code. */
export interface SealkitErrorOptions {
  /** Overrides the default message for the code. Must never contain secrets. */
  message?: string
  /** The underlying error, kept for debugging (never rendered to users: it may be a platform error with details). */
  cause?: unknown
  /** HTTP status, where the error came from an HTTP answer. */
  status?: number
  /** The verification report, where the error came from verification. */
  report?: unknown
  /** Small, non-secret facts that help debugging (ids, lengths, check ids). */
  details?: Record<string, unknown>
}

/** Base class: every error sealkit throws is one of these. */
export class SealkitError extends Error {
  /** The class name: `'SealkitError'` here, the subclass's name (`'AttestationError'`, ...) in subclasses. */
  override readonly name: string = 'SealkitError'
  /** What went wrong, stable across releases: see {@link ERROR_CODES}. */
  readonly code: SealkitErrorCode
  /** The HTTP status, where the error came from an HTTP answer; otherwise `undefined`. */
  readonly status?: number
  /**
   * The verification report behind the error, where it came from verification (an `AttestationReport`); otherwise
   * `undefined`.
   */
  readonly report?: unknown
  /** Small, non-secret facts that help debugging (ids, lengths, check ids); `undefined` when there are none. */
  readonly details?: Record<string, unknown>

  constructor(code: SealkitErrorCode, options: SealkitErrorOptions = {}) {
    super(options.message ?? ERROR_CODES[code], options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    if (options.status !== undefined) this.status = options.status
    if (options.report !== undefined) this.report = options.report
    if (options.details !== undefined) this.details = options.details
  }

  /** `AttestationError [TDX_DEBUG_ENCLAVE]: TDX debug mode detected (check tdx.debug)`: one line, never the report. */
  override toString(): string {
    const check = typeof this.details?.check === 'string' ? ` (check ${this.details.check})` : ''
    return `${this.name} [${this.code}]: ${this.message}${check}`
  }

  /**
   * How Node prints the error (console.log, an uncaught throw): the stack and a one-line
   * summary of the report, not the whole report (hundreds of lines of evidence).
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const stack = (this.stack ?? '').split('\n').slice(1).join('\n')
    const lines = [this.toString(), ...(stack ? [stack] : [])]
    if (this.status !== undefined) lines.push(`  status: ${this.status}`)
    const report = summarizeReport(this.report)
    if (report) lines.push(`  report: ${report}`)
    return lines.join('\n')
  }
}

/** `verdict failed (standard policy), 2 of 41 checks failed: tdx.debug, gpu.3.nonce`, for a verification report. */
function summarizeReport(report: unknown): string | undefined {
  if (!report || typeof report !== 'object') return undefined
  const r = report as { verdict?: unknown; policy?: unknown; checks?: unknown }
  if (!Array.isArray(r.checks)) return undefined
  const failed = (r.checks as { id?: unknown; status?: unknown }[]).filter((c) => c.status === 'failed').map((c) => String(c.id))
  const shown = failed.slice(0, 5).join(', ') + (failed.length > 5 ? ', …' : '')
  return `verdict ${String(r.verdict)} (${String(r.policy)} policy), ${failed.length} of ${r.checks.length} checks failed${failed.length ? `: ${shown}` : ''} (error.report has them all)`
}

/** The enclave's evidence did not check out: never trust its key. */
export class AttestationError extends SealkitError {
  /** Always `'AttestationError'`. */
  override readonly name = 'AttestationError'
}

/** Encryption or decryption failed, or key material was malformed. */
export class CryptoError extends SealkitError {
  /** Always `'CryptoError'`. */
  override readonly name = 'CryptoError'
}

/** The stream broke the protocol: plaintext where ciphertext was due, error events, early end. */
export class StreamError extends SealkitError {
  /** Always `'StreamError'`. */
  override readonly name = 'StreamError'
}

/** A response signature did not verify. */
export class SignatureError extends SealkitError {
  /** Always `'SignatureError'`. */
  override readonly name = 'SignatureError'
}

/** The API answered with an error status, or could not be reached. */
export class ApiError extends SealkitError {
  /** Always `'ApiError'`. */
  override readonly name = 'ApiError'
}

/** Whether `value` is a {@link SealkitError} (narrows it to read `code`). */
export function isSealkitError(value: unknown): value is SealkitError {
  return value instanceof SealkitError
}

/** True for errors caused by the caller aborting (our ABORTED or a DOM AbortError). */
export function isAbortError(value: unknown): boolean {
  if (value instanceof SealkitError) return value.code === 'ABORTED'
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AbortError'
}
