/**
 * TanStack Query options factories (framework-free): each returns a plain options
 * object that `useQuery`, `queryClient.fetchQuery` / `prefetchQuery` and
 * `queryOptions()` accept, so the React hooks stay a few lines and a server or a
 * non-React app can prefetch the same queries.
 */
export { QUERY_KEY_ROOT, type QueryStateReader, type SealkitQueryOptions } from './types.ts'
export { MAX_QUERY_RETRIES, retrySealkitQuery } from './retry.ts'
export {
  getModelsQueryKey,
  getModelsQueryOptions,
  MODELS_STALE_TIME,
  type GetModelsQueryKey,
  type GetModelsQueryParameters,
} from './models.ts'
export {
  ATTESTATION_STALE_TIME,
  attestationQueryKey,
  attestationQueryOptions,
  startAttestation,
  EARLY_ATTESTATION_MAX_AGE,
  type AttestationQueryData,
  type AttestationQueryKey,
  type AttestationQueryParameters,
  type AttestationVerifyOptions,
} from './attestation.ts'
export { verifyOptionsKey } from './verify-key.ts'
export {
  responseSignatureQueryKey,
  responseSignatureQueryOptions,
  type ResponseSignatureEvidence,
  type ResponseSignatureQueryKey,
  type ResponseSignatureQueryParameters,
} from './response-signature.ts'
export { createSealkitConfig, type CreateSealkitConfigParameters, type SealkitConfig } from './config.ts'
export { collateralQueryOptions, collateralKeyQueryOptions, queryClientCollateralLoader, COLLATERAL_STALE_TIME, type CollateralQueryClient, type CollateralQueryKey } from './collateral.ts'
