'use client'
import { useQuery, type UseQueryResult } from '@tanstack/react-query'
import { signatureEvidenceOf, type SealkitUIMessage } from '../core/chat/messages.ts'
import type { SealkitError } from '../core/errors.ts'
import {
  responseSignatureQueryOptions,
  type ResponseSignatureQueryKey,
  type ResponseSignatureQueryParameters,
} from '../core/query/response-signature.ts'
import type { VerifiedResponseSignature } from '../core/session/response-signature.ts'
import { useSealkitClient } from './context.tsx'
import { useAttestation } from './useAttestation.ts'
import { verdictQuery, type VerdictQueryParameter } from './query-parameter.ts'

type Query = { query?: VerdictQueryParameter<VerifiedResponseSignature, ResponseSignatureQueryKey> }

/** A chat message to re-verify, or the explicit evidence (exact bytes, or recorded hashes). */
export type UseResponseSignatureParameters = (
  | {
      /** An assistant message whose signature verified once (its `metadata.signatureDetails`); `undefined` disables the query. */
      message: SealkitUIMessage | undefined
    }
  | ResponseSignatureQueryParameters
) &
  Query

/**
 * What {@link useResponseSignature} returns: TanStack's query result; `data` is the verified signature, `error` why
 * it did not verify.
 */
export type UseResponseSignatureReturnType = UseQueryResult<VerifiedResponseSignature, SealkitError>

/**
 * Fetches a response's signature from `/tee/signature` and verifies it: the signed
 * hashes must match our request and response and the signature must be the attested key's
 * (EIP-191 recovering to the attested address; or, for NEAR AI's `ed25519` enclaves, an Ed25519
 * signature by the attested 32-byte key). `data.status === 'verified'`, or `error` is a
 * `SignatureError` (`SIGNATURE_HASH_MISMATCH`, `SIGNATURE_ADDRESS_MISMATCH`, ...).
 * With `message`, re-checks a chat message whose signature verified while streaming, against
 * the attestation the app trusts now (`useAttestation` of the message's model, under the
 * provider's policy): the signature must recover to that attested address, not to the one the
 * message carries (a stored message is data, and could have been edited). The signed text
 * must still name the hashes the message recorded. Disabled until that attestation verified.
 *
 * @example
 * const { data, error } = useResponseSignature({ message })
 * // or, after streamChatCompletion:
 * useResponseSignature({ model, requestId, expectedAddress, requestHash, responseHash: responseHash() })
 */
export function useResponseSignature(parameters: UseResponseSignatureParameters): UseResponseSignatureReturnType {
  const client = useSealkitClient()
  const { query, ...rest } = parameters
  const recorded = 'message' in rest && rest.message ? signatureEvidenceOf(rest.message) : undefined
  // Hooks run unconditionally: without a message this attestation query is idle.
  const trusted = useAttestation(recorded?.model)
  const trustedAddress = trusted.status === 'success' ? trusted.data.signingAddress : undefined
  const evidence: ResponseSignatureQueryParameters =
    'message' in rest
      ? recorded && trustedAddress
        ? { ...recorded, expectedAddress: trustedAddress }
        : { model: undefined, requestId: undefined, expectedAddress: undefined }
      : rest
  const options = responseSignatureQueryOptions(client, evidence)
  // Data from elsewhere dropped for callers without the types too (VerdictQueryParameter).
  return useQuery({ ...options, ...verdictQuery(query), enabled: options.enabled && (query?.enabled ?? true) })
}
