import type { AttestationResponse } from '../api/types.ts'
import type { E2EEScheme, SigningAlgo } from '../crypto/scheme.ts'

export type ProviderName = 'venice' | 'nearai'

/** One attestation to verify: the model's (whose key E2EE uses), or another the provider puts in front of it (NEAR's gateway). */
export interface AttestationTarget {
  label: string
  response: AttestationResponse
}

/**
 * Everything that differs between providers, in one place: API paths, E2EE headers,
 * the encryption scheme, the attestation shape, the signature endpoint. The session,
 * the chat store, the hooks and the components never name a provider or a header.
 */
export interface Provider {
  readonly name: ProviderName
  readonly defaultBaseURL: string
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
   * `others` must verify too. Throws `ATTESTATION_MALFORMED` when the report has no attestation for the model.
   */
  attestationTargets(json: Record<string, unknown>, model: string): { model: AttestationTarget; others: AttestationTarget[] }
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

export interface Request {
  path: string
  query: Record<string, string | undefined>
}
