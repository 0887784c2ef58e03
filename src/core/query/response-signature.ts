import type { SealkitClient } from '../api/client.ts'
import { fetchResponseSignature } from '../api/signature.ts'
import { SealkitError } from '../errors.ts'
import { exchangeHashes, signatureVerifiersFor, verifyResponseSignatureHashes, type VerifiedResponseSignature } from '../session/response-signature.ts'
import { retrySealkitQuery } from './retry.ts'
import { QUERY_KEY_ROOT, type SealkitQueryOptions } from './types.ts'

/**
 * What to check a `/tee/signature` answer against: the exact bytes
 * (`requestBody` + `responseBytes`), or their hashes (`requestHash` + `responseHash()` from
 * `streamChatCompletion`, which hashes as the bytes arrive), or the hashes a
 * first verification recorded (`requestHash` + `responseHash`, e.g. a chat
 * message's `metadata.signatureDetails`). The bytes never go into the query key; their hashes
 * do, so a cached verdict is never reused for other evidence under the same request id.
 */
export type ResponseSignatureEvidence =
  | { requestBody: string | Uint8Array; responseBytes: Uint8Array; requestHash?: undefined; responseHash?: undefined }
  | { requestHash: string; responseHash: string; requestBody?: undefined; responseBytes?: undefined }

export type ResponseSignatureQueryParameters = {
  model: string | undefined
  /** The completion id (`chatcmpl-...`); the query is disabled while it is undefined. */
  requestId: string | undefined
  /** The attested signing address the signature must recover to. */
  expectedAddress: string | undefined
  /** Default: signatures never change, so never stale. */
  staleTime?: number
} & (ResponseSignatureEvidence | { requestBody?: undefined; responseBytes?: undefined; requestHash?: undefined; responseHash?: undefined })

export type ResponseSignatureQueryKey = readonly [
  typeof QUERY_KEY_ROOT,
  'responseSignature',
  {
    baseURL: string
    model: string | null
    requestId: string | null
    expectedAddress: string | null
    requestHash: string | null
    responseHash: string | null
  },
]

/** The query key of a reply's signature verification: one cache entry per request and response hash. */
export function responseSignatureQueryKey(
  client: SealkitClient,
  parameters: Pick<ResponseSignatureQueryParameters, 'model' | 'requestId' | 'expectedAddress'> & { requestHash?: string | undefined; responseHash?: string | undefined },
): ResponseSignatureQueryKey {
  return [
    QUERY_KEY_ROOT,
    'responseSignature',
    {
      baseURL: client.baseURL,
      model: parameters.model ?? null,
      requestId: parameters.requestId ?? null,
      expectedAddress: parameters.expectedAddress?.toLowerCase() ?? null,
      requestHash: parameters.requestHash?.toLowerCase() ?? null,
      responseHash: parameters.responseHash?.toLowerCase() ?? null,
    },
  ] as const
}

/**
 * TanStack Query options that fetch a response's signature and verify it: the
 * signed hashes must match the evidence and the signature must recover to the
 * attested address. Data: the `VerifiedResponseSignature` (hashes and signature,
 * no plaintext); a mismatch rejects with a `SignatureError`. Disabled until
 * model, request id, address and evidence are all known.
 *
 * @example
 * const verified = await queryClient.fetchQuery(responseSignatureQueryOptions(client, {
 *   model, requestId, expectedAddress: attested.signingAddress, requestHash, responseHash: responseHash(),
 * }))
 */
export function responseSignatureQueryOptions(
  client: SealkitClient,
  parameters: ResponseSignatureQueryParameters,
): SealkitQueryOptions<VerifiedResponseSignature, ResponseSignatureQueryKey> {
  const { model, requestId, expectedAddress, staleTime = Number.POSITIVE_INFINITY } = parameters
  const hashes =
    parameters.requestBody !== undefined && parameters.responseBytes !== undefined
      ? exchangeHashes({ requestBody: parameters.requestBody, responseBytes: parameters.responseBytes })
      : parameters.requestHash !== undefined && parameters.responseHash !== undefined
        ? { requestHash: parameters.requestHash, responseHash: parameters.responseHash }
        : undefined
  return {
    queryKey: responseSignatureQueryKey(client, { model, requestId, expectedAddress, ...hashes }),
    queryFn: async ({ signal }) => {
      if (!model || !requestId || !expectedAddress || !hashes) {
        throw new SealkitError('INVALID_ARGUMENT', { message: 'model, requestId, expectedAddress and the request/response evidence are required' })
      }
      const sig = await fetchResponseSignature(client, { model, requestId, signal })
      // NEAR AI's ed25519 enclaves sign with Ed25519, not EIP-191: that check comes with the ed25519 codec.
      const verifiers = await signatureVerifiersFor(expectedAddress)
      return verifyResponseSignatureHashes({ text: sig.text, signature: sig.signature, expectedAddress, ...hashes, ...verifiers })
    },
    enabled: Boolean(model && requestId && expectedAddress && hashes),
    staleTime,
    retry: retrySealkitQuery,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  }
}
