import { providerOf, signingAlgoOf, type SealkitClient } from '../api/client.ts'
import { EARLY_ATTESTATION_MAX_AGE } from '../api/early-requests.ts'
import type { PolicyName } from '../attestation/report.ts'
import { DEFAULT_POLICY } from '../attestation/policy.ts'
import { SealkitError } from '../errors.ts'
import type { VerifyAttestationOptions } from '../attestation/verify.ts'
import { attestModelWith, type AttestedModel } from '../session/attest.ts'
import type { VerifierChoice } from '../session/verifier.ts'
import { isPccsSource } from '../attestation/tdx/pccs.ts'
import { queryClientCollateralLoader, type CollateralQueryClient } from './collateral.ts'
import { claimEarly, earlyTicket, holdEarly, startEarly } from './early-start.ts'
import { retrySealkitQuery } from './retry.ts'
import { QUERY_KEY_ROOT, type QueryStateReader, type SealkitQueryOptions } from './types.ts'
import { verifyOptionsKey } from './verify-key.ts'

/**
 * Verification inputs besides the nonce and policy: trusted roots, collateral, NRAS answer and JWKS,
 * measurements (named in the query key by `verifyOptionsKey`), and where to verify: `verifyWorker`,
 * the app's own verification worker (not in the key: the verdict is the same wherever it runs).
 */
export type AttestationVerifyOptions = Omit<VerifyAttestationOptions, 'nonce' | 'policy' | 'model' | 'at'> & VerifierChoice

/** What {@link attestationQueryOptions} attests: the model, the policy and the verification inputs. */
export interface AttestationQueryParameters {
  /** The model to attest; the query is disabled while it is undefined. */
  model: string | undefined
  /** Default `standard`. */
  policy?: PolicyName
  /** Verify certificates and collateral as of this time (default: now, at each fetch). */
  at?: Date
  /** Trusted roots (e.g. the simulator's), collateral, measurements... */
  verify?: AttestationVerifyOptions
  /**
   * How long a verified attestation is reused before the next use fetches a fresh
   * one (new nonce). Default 5 minutes: long enough not to attest per message,
   * short enough that a rotated or revoked enclave is noticed soon.
   */
  staleTime?: number
  /** The app's QueryClient: with a PCCS (`verify.collateral: { pccsUrl }`), Intel collateral is cached in it per FMSPC. */
  queryClient?: CollateralQueryClient
}

/** The TanStack Query key of an attestation: everything the verified report depends on. */
export type AttestationQueryKey = readonly [
  typeof QUERY_KEY_ROOT,
  'attestation',
  {
    /** The API root. */
    baseURL: string
    /** The provider dialect (its report shape and rules differ). */
    provider: string
    /** The key algorithm attested: an `ecdsa` client never gets an `ed25519` attestation, nor the reverse. */
    signingAlgo: string
    /** The model; `null` while none is chosen. */
    model: string | null
    /** The policy it is verified under. */
    policy: PolicyName
    /** The verification time, ISO; `null` for now. */
    at: string | null
    /** A stable digest of the verification options, so a pinned caller never gets a report verified without its pins. */
    verify: string
  },
]

/** Data of an attestation query: only a verified attestation; a failed one is the query's error (an `AttestationError` carrying the report). */
export type AttestationQueryData = AttestedModel

/** Default staleness of a verified attestation. */
export const ATTESTATION_STALE_TIME = 5 * 60_000

/** The verification options without `verifyWorker`, which says where, not how, to verify. */
function withoutVerifyWorker(verify: AttestationVerifyOptions | undefined): object | undefined {
  if (verify?.verifyWorker === undefined) return verify
  const { verifyWorker: _where, ...how } = verify
  return how
}

/**
 * The query key of a model's attestation: API root, model, policy, and a name for the
 * verification options (`verifyOptionsKey`), so a report verified without, say, pinned
 * measurements is never handed to a caller that pins them. Never a nonce (each fetch makes
 * a fresh one), never the API key.
 * @example queryClient.getQueryData(attestationQueryKey(client, { model, verify }))?.report
 */
export function attestationQueryKey(client: SealkitClient, parameters: Pick<AttestationQueryParameters, 'model' | 'policy' | 'at' | 'verify'>): AttestationQueryKey {
  return [
    QUERY_KEY_ROOT,
    'attestation',
    {
      baseURL: client.baseURL,
      provider: providerOf(client).name,
      signingAlgo: signingAlgoOf(client),
      model: parameters.model ?? null,
      policy: parameters.policy ?? DEFAULT_POLICY,
      at: parameters.at?.toISOString() ?? null,
      verify: verifyOptionsKey(withoutVerifyWorker(parameters.verify)),
    },
  ] as const
}

/**
 * TanStack Query options that attest a model: every fetch (the first, a refetch,
 * a re-verify after staleness) sends a fresh 32-byte nonce and verifies the answer
 * under the policy. The data is the verified attestation (`report`, `signingKey`,
 * `signingAddress`, `nonce`); a report that fails the policy rejects with the
 * `AttestationError` whose `report` says which check failed. No refetch on window
 * focus; failed verifications are not retried.
 *
 * @example
 * const attested = await queryClient.fetchQuery(attestationQueryOptions(client, { model: 'e2ee-qwen3-5-122b-a10b' }))
 * attested.report.verdict // 'passed'
 */
export function attestationQueryOptions(
  client: SealkitClient,
  parameters: AttestationQueryParameters,
): SealkitQueryOptions<AttestationQueryData, AttestationQueryKey> {
  const { model, policy = DEFAULT_POLICY, at, staleTime = ATTESTATION_STALE_TIME, queryClient } = parameters
  const pccs = parameters.verify?.collateral
  const verify =
    queryClient && isPccsSource(pccs) ? { ...parameters.verify, collateral: queryClientCollateralLoader(queryClient, pccs) } : parameters.verify
  const queryKey = attestationQueryKey(client, { model, policy, ...(at ? { at } : {}), ...(parameters.verify ? { verify: parameters.verify } : {}) })
  return {
    queryKey,
    queryFn: ({ signal, client: cache }) => {
      if (!model) return Promise.reject(new SealkitError('INVALID_ARGUMENT', { message: 'model is required to attest' }))
      // An attestation started early for exactly this (startAttestation), once, and only for the
      // query's first fetch: a refetch (verify again, after a failure or a key rotation) is always a
      // fresh nonce, even when another early attestation (a config created again) is unclaimed.
      // (TanStack releases before the context's `client` leave it to the `queryClient` parameter, which the hooks pass.)
      const states = cache ?? (queryClient as Partial<QueryStateReader> | undefined)
      const first = typeof states?.getQueryState !== 'function' || isFirstFetch(states.getQueryState(queryKey))
      // Early work counts for a first fetch at the present time only.
      const key = at || !first ? undefined : earlyKey(client, queryKey)
      const early = key === undefined ? undefined : claimEarly<AttestedModel>(key, signal, Math.min(staleTime, EARLY_ATTESTATION_MAX_AGE))
      if (early) return early
      // The page's own request (earlyAttestationScript) likewise: within staleTime, and never for a refetch.
      const own = attestModelWith(client, { ...verify, model, policy, signal, ...(at ? { at } : {}) }, { maxAge: first ? Math.min(staleTime, EARLY_ATTESTATION_MAX_AGE) : -1 })
      // A config created in this same render starts its early attestation in the next task: it finds this one and does not.
      if (key !== undefined) holdEarly(key, own)
      return own
    },
    enabled: Boolean(model),
    staleTime,
    retry: retrySealkitQuery,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  }
}

export { EARLY_ATTESTATION_MAX_AGE }

/** True while the query has never settled: no data and no error yet (its first fetch, or a retry of it). */
const isFirstFetch = (state: { dataUpdatedAt: number; errorUpdatedAt: number } | undefined): boolean =>
  !state || (state.dataUpdatedAt === 0 && state.errorUpdatedAt === 0)

/** What an early attestation is for: the query's key, and the client's provider and key algorithm. */
const earlyKey = (client: SealkitClient, queryKey: AttestationQueryKey): string => JSON.stringify([queryKey, providerOf(client).name, signingAlgoOf(client)])

/**
 * Starts attesting a model now, before any query asks (fresh nonce, verified in the verification
 * worker as soon as both the report and the worker are there), and hands the result to the first
 * attestation query for the same model, policy and verification options: that query's first fetch
 * joins it instead of fetching again (never a refetch: re-verifying is always a fresh nonce). Nothing is shown until a query claims it, and only for the
 * model it asks for; an attestation no query claims within `EARLY_ATTESTATION_MAX_AGE` (30 s, or
 * `staleTime` if shorter) is dropped. Its failure is
 * the claiming query's error, typed as the query's own would be. Once per model, policy and
 * options until claimed; only in a browser (no `document`: nothing). `createSealkitConfig` calls it
 * for `defaultModel`. Returns a promise of whether the attestation verified: the one it started, or the
 * one already under way for the same model, policy and options (an earlier start, or a query attesting
 * itself); `false` when it failed (it never rejects). `undefined` without a model or outside a browser.
 * @example
 * // main.tsx, before React renders
 * startAttestation(client, { model: 'e2ee-qwen3-5-122b-a10b', verify })
 */
export function startAttestation(client: SealkitClient, parameters: Pick<AttestationQueryParameters, 'model' | 'policy' | 'verify'>): Promise<boolean> | undefined {
  return startAttestationAfter(client, parameters, earlyTicket())
}

/**
 * {@link startAttestation} for a config created at `ticket` (`earlyTicket()`) that starts a task later: a query
 * that asked since then (the render that created the config) already does the work. Not part of the package's API.
 */
export function startAttestationAfter(client: SealkitClient, parameters: Pick<AttestationQueryParameters, 'model' | 'policy' | 'verify'>, ticket: number): Promise<boolean> | undefined {
  const { model, policy = DEFAULT_POLICY, verify } = parameters
  if (!model || typeof document === 'undefined') return undefined
  const queryKey = attestationQueryKey(client, { model, policy, ...(verify ? { verify } : {}) })
  // When it takes the page's request, the report is as old as that request: a claiming query counts from then.
  let pageRequestAt: number | undefined
  const under = startEarly(
    earlyKey(client, queryKey),
    () => attestModelWith(client, { ...verify, model, policy }, { taken: (at) => (pageRequestAt = at) }),
    ticket,
    () => pageRequestAt,
  )
  return under.then(
    () => true,
    () => false,
  )
}
