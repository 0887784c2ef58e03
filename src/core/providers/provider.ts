import type { AttestationResponse } from '../api/types.ts'
import type { E2EEScheme, SigningAlgo } from '../crypto/scheme.ts'

/** A provider dialect: `venice` (default), `nearai` (NEAR AI Cloud) or `nearai-direct` (a NEAR AI model's own endpoint). */
export type ProviderName = 'venice' | 'nearai' | 'nearai-direct'

/** One attestation to verify: the model's (whose key E2EE uses), or another the provider puts in front of it (NEAR's gateway). */
export interface AttestationTarget {
  /** What the attestation is of, e.g. `'model'` or `'gateway'`, shown with its report. */
  label: string
  /** The attestation answer for it. */
  response: AttestationResponse
}

/**
 * Everything that differs between providers, in one place: API paths, E2EE headers,
 * the encryption scheme, the attestation shape, the signature endpoint. The session,
 * the chat store, the hooks and the components never name a provider or a header.
 */
export interface Provider {
  /** The dialect's name. */
  readonly name: ProviderName
  /** Its public API root, used when the client has no `baseURL`; `undefined` when it has none (each model its own endpoint). */
  readonly defaultBaseURL: string | undefined
  /** Key algorithms the provider attests and signs with; the first is the default. */
  readonly signingAlgos: readonly SigningAlgo[]
  /**
   * Whether its reports make a `verified` claim. Venice's do, and `basic` requires it;
   * NEAR's carry none, so no policy requires it there (a `verified: false` still fails).
   */
  readonly claimsVerified: boolean
  /** `GET` path and query of the attestation report. */
  attestationRequest(p: { model: string; nonce: string; signingAlgo: SigningAlgo }): Request
  /** `GET` path and query of a completion's response signature. */
  signatureRequest(p: { model: string; requestId: string; signingAlgo: SigningAlgo }): Request
  /**
   * The report's attestations: `model` is the one for `model` (its key is what E2EE encrypts to),
   * `others` must verify too. Throws `ATTESTATION_MALFORMED` when the report has no attestation for the model, and
   * `ATTESTATION_EVIDENCE_MISSING` when an attestation the provider always puts in front of it (NEAR AI Cloud's gateway) is missing.
   */
  attestationTargets(
    json: Record<string, unknown>,
    model: string,
  ): {
    /** The model's attestation: its key is what E2EE encrypts to. */
    model: AttestationTarget
    /** Attestations in front of it (NEAR's gateway), which must verify too. */
    others: AttestationTarget[]
  }
  /** The E2EE scheme of a signing algorithm. */
  scheme(signingAlgo: SigningAlgo): E2EEScheme
  /**
   * Request headers of an E2EE chat. `attestedKey` is the enclave key exactly as its
   * attestation gave it (NEAR refuses any other spelling with 421).
   */
  e2eeHeaders(p: { clientPublicKey: string; attestedKey: string; signingAlgo: SigningAlgo }): Record<string, string>
  /** Body fields an E2EE chat adds (Venice: `venice_parameters.enable_e2ee`). */
  e2eeBody(body: Record<string, unknown>): Record<string, unknown>
}

/** A provider's endpoint for a call: the path under the base URL and its query. */
export interface Request {
  /** The path under the base URL, e.g. `'/tee/attestation'`. */
  path: string
  /** Query parameters; `undefined` values are left out. */
  query: Record<string, string | undefined>
}
