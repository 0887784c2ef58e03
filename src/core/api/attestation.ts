import { generateNonce } from '../crypto/random.ts'
import { AttestationError, SealkitError } from '../errors.ts'
import { providerOf, signingAlgoOf, type SealkitClient } from './client.ts'
import { readJsonObject, request } from './http.ts'
import type { AttestationResponse } from './types.ts'

/** What {@link fetchAttestation} asks for. */
export interface FetchAttestationParameters {
  /** The model id whose enclave should attest, e.g. `'e2ee-qwen3-5-122b-a10b'`. */
  model: string
  /** 64 hex characters (32 bytes). Default: a fresh CSPRNG nonce for every call, which is what replay protection needs. */
  nonce?: string
  /** Cancels the request; the call then rejects with `ABORTED`. */
  signal?: AbortSignal
}

/**
 * What {@link fetchAttestation} resolves with: the nonce it sent and the unverified report (verify it before trusting
 * anything in it).
 */
export interface FetchAttestationReturnType {
  /** The nonce sent, lowercase: the report must echo it and bind it in REPORTDATA. */
  nonce: string
  /** The parsed report, not yet verified. */
  response: AttestationResponse
  /** The body exactly as received, for verifiers that need the original JSON. */
  raw: string
}

const NONCE_RE = /^[0-9a-fA-F]{64}$/

/**
 * `GET /tee/attestation?model=M&nonce=N` (NEAR AI: `/attestation/report?model=M&nonce=N&signing_algo=A`). Returns the report unverified: pass it to the
 * attestation verifier with the same `nonce`.
 *
 * @example
 * const { nonce, response } = await fetchAttestation(client, { model: 'e2ee-qwen3-5-122b-a10b' })
 * response.nonce === nonce // checked by the verifier, not here
 */
export async function fetchAttestation(client: SealkitClient, parameters: FetchAttestationParameters): Promise<FetchAttestationReturnType> {
  const { model, signal } = parameters
  if (typeof model !== 'string' || model === '') throw new SealkitError('INVALID_ARGUMENT', { message: 'model is required' })
  if (parameters.nonce !== undefined && !NONCE_RE.test(parameters.nonce)) {
    throw new AttestationError('NONCE_INVALID', { details: { length: parameters.nonce.length } })
  }
  const nonce = parameters.nonce?.toLowerCase() ?? generateNonce()
  const { path, query } = providerOf(client).attestationRequest({ model, nonce, signingAlgo: signingAlgoOf(client) })
  const response = await request(client, path, { query, ...(signal ? { signal } : {}) })
  const { raw, json } = await readJsonObject(response, signal)
  return { nonce, response: json as AttestationResponse, raw }
}
