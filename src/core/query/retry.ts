import { isSealkitError } from '../errors.ts'

/** At most this many retries of a transient failure. */
export const MAX_QUERY_RETRIES = 2

/**
 * TanStack's `retry` for sealkit queries: transient transport failures (network,
 * 429, 5xx) are retried twice; everything sealkit decided (a failed verification,
 * a bad signature, a missing model, an abort) is final at once. Retrying a failed
 * attestation would only hide a replay or a forged report.
 *
 * @example useQuery({ ...options, retry: retrySealkitQuery })
 */
export function retrySealkitQuery(failureCount: number, error: unknown): boolean {
  if (failureCount >= MAX_QUERY_RETRIES || !isSealkitError(error)) return false
  if (error.code === 'NETWORK_ERROR' || error.code === 'RATE_LIMITED') return true
  return error.code === 'HTTP_ERROR' && error.status !== undefined && error.status >= 500
}
