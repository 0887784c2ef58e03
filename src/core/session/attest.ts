import { fetchAttestation } from '../api/attestation.ts'
import type { SealkitClient } from '../api/client.ts'
import { assertVerified } from '../attestation/policy.ts'
import type { VerificationReport } from '../attestation/report.ts'
import { verifyAttestation, type VerifyAttestationOptions } from '../attestation/verify.ts'

/** A model whose attestation passed the policy: the key E2EE may encrypt to and the address signatures must come from. */
export interface AttestedModel {
  model: string
  /** Uncompressed secp256k1 public key (130 hex) of the enclave. */
  signingKey: string
  /** `0x` lowercase address bound to the key. */
  signingAddress: string
  /** The nonce this attestation answered. */
  nonce: string
  report: VerificationReport
}

export interface AttestModelParams extends Omit<VerifyAttestationOptions, 'nonce'> {
  model: string
  signal?: AbortSignal
}

/**
 * Fetches a fresh attestation (new 32-byte nonce) and verifies it under the policy.
 * Throws an AttestationError carrying the report when the verdict fails: a model
 * key is never returned from evidence that did not verify.
 *
 * @example
 * const attested = await attestModel(client, { model: 'e2ee-qwen3-5-122b-a10b' })
 * attested.report.checks // every check, passed / failed / skipped
 */
export async function attestModel(client: SealkitClient, params: AttestModelParams): Promise<AttestedModel> {
  const { model, signal, ...verifyOptions } = params
  const { nonce, response } = await fetchAttestation(client, { model, ...(signal ? { signal } : {}) })
  const report = assertVerified(await verifyAttestation(response, { ...verifyOptions, nonce, model }))
  const key = response.signing_key ?? response.signing_public_key ?? ''
  const signingKey = key.length === 128 ? '04' + key : key
  return { model, signingKey: signingKey.toLowerCase(), signingAddress: report.signingAddress ?? '', nonce, report }
}

