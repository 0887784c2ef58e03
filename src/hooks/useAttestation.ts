'use client'
import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { PolicyName, VerificationReport } from '../core/attestation/report.ts'
import { isSealkitError, type SealkitError } from '../core/errors.ts'
import {
  attestationQueryOptions,
  type AttestationQueryData,
  type AttestationQueryKey,
  type AttestationVerifyOptions,
} from '../core/query/attestation.ts'
import { useSealkitConfig } from './context.tsx'
import { verdictQuery, type VerdictQueryParameter } from './query-parameter.ts'

/** Options of {@link useAttestation}. */
export interface UseAttestationParameters {
  /** Default: the provider's policy. */
  policy?: PolicyName
  /** Verify as of this time (default: now). */
  at?: Date
  /** Trusted roots, collateral, measurements. Default: the provider's. */
  verify?: AttestationVerifyOptions
  /** How long a verified attestation is reused before a fresh one is fetched. Default: the provider's, else 5 minutes. */
  staleTime?: number
  /** Extra TanStack Query options (`enabled`, `refetchInterval`, ...); the key and function are sealkit's. */
  query?: VerdictQueryParameter<AttestationQueryData, AttestationQueryKey>
}

/**
 * What {@link useAttestation} returns: TanStack's query result plus `report`, the latest report whether it passed or
 * failed.
 */
export type UseAttestationReturnType = UseQueryResult<AttestationQueryData, SealkitError> & {
  /** The verification report: the data's when it passed, the error's when it failed; `undefined` until one ran. */
  readonly report: VerificationReport | undefined
}

/**
 * Attests a model: a fresh nonce per fetch, the answer verified under the policy.
 * `data` is the verified attestation (`report`, `signingAddress`, `signingKey`,
 * `nonce`); a failed verification is `error` (an `AttestationError` with the
 * code of the first failed check), and `report` holds the latest report either
 * way. After a failed re-verify TanStack keeps the older `data`: check `status`
 * (or use `report`), never `data` alone.
 * `refetch()` re-verifies now with a new nonce. Never refetched on window focus.
 *
 * @example
 * const { report, error, refetch, isFetching } = useAttestation('e2ee-qwen3-5-122b-a10b')
 * <AttestationBadge report={report} error={error} onReverify={() => refetch()} />
 */
export function useAttestation(model: string | undefined, parameters: UseAttestationParameters = {}): UseAttestationReturnType {
  const { query, policy, at, staleTime } = parameters
  const config = useSealkitConfig()
  const verify = parameters.verify ?? config.verify
  const stale = staleTime ?? config.attestationStaleTime
  const queryClient = useQueryClient()
  const chosenPolicy = policy ?? config.policy
  // Once per set of inputs, not per render: the key names the verification options by a SHA-256
  // of their JSON (trusted roots included), a few milliseconds on every render of the chat.
  const options = useMemo(
    () =>
      attestationQueryOptions(config.client, {
        model,
        queryClient,
        policy: chosenPolicy,
        ...(at ? { at } : {}),
        ...(verify ? { verify } : {}),
        ...(stale !== undefined ? { staleTime: stale } : {}),
      }),
    [config.client, model, queryClient, chosenPolicy, at, verify, stale],
  )
  // Data from elsewhere dropped for callers without the types too (VerdictQueryParameter).
  const result = useQuery({ ...options, ...verdictQuery(query), enabled: options.enabled && (query?.enabled ?? true) })
  // Like wagmi's `queryKey`: added to the result object; a getter keeps TanStack's tracked properties precise.
  Object.defineProperty(result, 'report', {
    configurable: true,
    enumerable: true,
    get: (): VerificationReport | undefined => (result.status === 'error' ? reportOf(result.error) : result.data?.report),
  })
  return result as UseAttestationReturnType
}

function reportOf(error: unknown): VerificationReport | undefined {
  return isSealkitError(error) && typeof error.report === 'object' && error.report !== null ? (error.report as VerificationReport) : undefined
}
