import type { SealkitClient } from '../api/client.ts'
import { loadSignatureFetch } from '../api/load-chat.ts'
import { SealkitError } from '../errors.ts'
import { exchangeHashes } from '../session/exchange-hashes.ts'
import type { VerifiedResponseSignature } from '../session/response-signature.ts'
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
  | {
      /** The exact request body sent (`streamChatCompletion`'s `requestBody`). */
      requestBody: string | Uint8Array
      /** The exact response bytes received. */
      responseBytes: Uint8Array
      /** Not in this form. */
      requestHash?: undefined
      /** Not in this form. */
      responseHash?: undefined
    }
  | {
      /** sha256 of the request body, hex, as a first verification recorded. */
      requestHash: string
      /** sha256 of the response, hex, as a first verification recorded. */
      responseHash: string
      /** Not in this form. */
      requestBody?: undefined
      /** Not in this form. */
      responseBytes?: undefined
    }

/**
 * What {@link responseSignatureQueryOptions} verifies: the reply's model, completion id and attested address, and
 * its evidence. The query is disabled until the evidence is given.
 */
export type ResponseSignatureQueryParameters = {
  /** The model the reply came from; the query is disabled while it is undefined. */
  model: string | undefined
  /** The completion id (`chatcmpl-...`); the query is disabled while it is undefined. */
  requestId: string | undefined
  /** The attested signing address the signature must recover to. */
  expectedAddress: string | undefined
  /** Default: signatures never change, so never stale. */
  staleTime?: number
} & (
    | ResponseSignatureEvidence
    | {
        /** No evidence yet: the query stays disabled. */
        requestBody?: undefined
        /** No evidence yet. */
        responseBytes?: undefined
        /** No evidence yet. */
        requestHash?: undefined
        /** No evidence yet. */
        responseHash?: undefined
      }
  )

/** The TanStack Query key of a response signature: the reply, the expected signer and the evidence's hashes. */
export type ResponseSignatureQueryKey = readonly [
  typeof QUERY_KEY_ROOT,
  'responseSignature',
  {
    /** The API root. */
    baseURL: string
    /** The model; `null` while unknown. */
    model: string | null
    /** The completion id; `null` while unknown. */
    requestId: string | null
    /** The attested signing address; `null` while unknown. */
    expectedAddress: string | null
    /** sha256 of the request body; `null` without evidence. */
    requestHash: string | null
    /** sha256 of the response; `null` without evidence. */
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
      // The signature check (EIP-191 recovery: secp256k1, keccak) is a chunk of its own, loaded in parallel with the fetch.
      const [sig, { verifyResponseSignatureHashes, signatureVerifiersFor }] = await Promise.all([
        loadSignatureFetch().then((m) => m.fetchResponseSignature(client, { model, requestId, signal })),
        import('../session/response-signature.ts'),
      ])
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
