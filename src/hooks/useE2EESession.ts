'use client'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useInsertionEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type { SealkitClient } from '../core/api/client.ts'
import { privacyLevelOf, type GetModelsReturnType } from '../core/api/models.ts'
import type { KeyHolder, KeyHolderInfo } from '../core/crypto/key-holder.ts'
import type { PolicyName } from '../core/attestation/report.ts'
import { createSessionManager, type OpenSessionParameters, type SessionManager, type SessionState } from '../core/chat/session-manager.ts'
import { ApiError, type SealkitError } from '../core/errors.ts'
import { attestationQueryOptions } from '../core/query/attestation.ts'
import { getModelsQueryOptions } from '../core/query/models.ts'
import { QUERY_KEY_ROOT } from '../core/query/types.ts'
import type { AttestedModel } from '../core/session/attest.ts'
import type { ChatSession, ChatSessionOptions, PrivacyMode } from '../core/session/chat-session.ts'
import { releasePrestartedKeyHolder, takeKeyHolder } from '../core/session/key-holder-start.ts'
import { useSealkitConfig } from './context.tsx'
import { prefetchInRender } from './prefetch.ts'
import { useAttestation, type UseAttestationReturnType } from './useAttestation.ts'

/** Options of {@link useE2EESession}. */
export interface UseE2EESessionParameters {
  /**
   * The privacy mode to run at, decided by the app. Default: from the model's capability flags in
   * the models list (fetched once, cached), which may raise privacy above the floor, never lower it.
   */
  privacy?: PrivacyMode
  /**
   * The app's privacy floor (default `none`; a model id beginning `e2ee-` or `tee-` raises it to
   * that). A model the server offers below the floor is refused with `PRIVACY_DOWNGRADE`,
   * never chatted with at less privacy.
   */
  minPrivacy?: PrivacyMode
  /**
   * Explicit opt-out of attestation: required to chat with a model that has none
   * (`none`); for `tee` models it skips attestation and signatures. Ignored for
   * `e2ee` (encrypting needs an attested key). Default `false`: refused.
   */
  allowUnattested?: boolean
  /** Default: the provider's policy. */
  policy?: PolicyName
  /** Response signatures: `require` (TEE default), `if-available` (E2EE default), `skip`. */
  signature?: ChatSessionOptions['signature']
  /**
   * How long a finished reply waits for its signature before it is shown as not signed (and, where the signature is
   * required, refused). Default 20,000 ms; `Infinity` waits without bound. NaN, 0 or below fails the session with
   * `INVALID_ARGUMENT`.
   */
  signatureTimeoutMs?: number
  /** E2EE: plaintext reasoning from the server, `reject` (default, fail closed) or `allow`. */
  plaintextReasoning?: ChatSessionOptions['plaintextReasoning']
  /**
   * E2EE: where the session's client private key lives and chunks are decrypted.
   * Default: the config's `keyHolder`, else in a Web Worker where `Worker` exists (`createDefaultKeyHolder`, which
   * falls back to this thread when the worker cannot start, e.g. under a CSP that
   * bars it), else on this thread (`createLocalKeyHolder`: SSR, Node, tests).
   * Read when a session is made (the latest value; changing it alone opens no new session).
   */
  keyHolder?: () => KeyHolder | Promise<KeyHolder>
}

/**
 * Resolves once the attestation these options ask for has a verdict: the one in flight (joined),
 * the one already cached, or a failure (never fetched again for this). Never rejects.
 */
function afterVerdict(queryClient: QueryClient, options: ReturnType<typeof attestationQueryOptions>): Promise<void> {
  const state = queryClient.getQueryState(options.queryKey)
  if (state?.status === 'error' && state.fetchStatus === 'idle') return Promise.resolve()
  return queryClient.ensureQueryData(options).then(
    () => undefined,
    () => undefined,
  )
}

/** `idle` (no model), `pending` (finding the model's mode or attesting), `ready` or `error`. */
export type E2EESessionStatus = 'idle' | 'pending' | 'ready' | 'error'

/** What {@link useE2EESession} returns. */
export interface UseE2EESessionReturnType {
  /** The live session, or `undefined` while idle, pending or failed. Do not keep it past unmount: it is destroyed. */
  session: ChatSession | undefined
  /** `idle`: no model. `pending`: finding the model's mode or attesting. `ready`: attested (or explicitly unattested). `error`: see `error`. */
  status: E2EESessionStatus
  /** Why the session is not ready; `undefined` unless `status` is `error`. */
  error: SealkitError | undefined
  /** The model's privacy mode, once known. */
  privacy: PrivacyMode | undefined
  /** The verified attestation the session encrypts to / checks signatures against. */
  attestation: AttestedModel | undefined
  /** The attestation query (report, refetch to re-verify, isFetching...). */
  attestationQuery: UseAttestationReturnType
  /** E2EE: this session's ephemeral public key (the private one never leaves the session). */
  clientPublicKey: string | undefined
  /**
   * E2EE: where the session's private key lives and chunks are decrypted, and why: `kind` is `worker`
   * by default in browsers, `main-thread` on a fallback (also warned once in the dev console). Known once `clientPublicKey` is.
   */
  keyHolder: KeyHolderInfo | undefined
  /** Resolves with the session once it is ready (rejects with its error, or `ABORTED`). */
  ready: (signal?: AbortSignal) => Promise<ChatSession>
}

/**
 * A chat session bound to a model's attested key. For E2EE models it owns a
 * fresh ephemeral client key pair, created when the model is set and zeroed on
 * unmount or model change. The session attests through the QueryClient, so it
 * shares one verified attestation with `useAttestation`; when the enclave's key
 * rotates (HTTP 421) it re-attests with a fresh nonce and the cache follows.
 *
 * @example
 * const { session, status, attestation } = useE2EESession('e2ee-qwen3-5-122b-a10b')
 * if (status === 'ready') for await (const e of session!.stream(messages)) ...
 */
export function useE2EESession(model: string | undefined, parameters: UseE2EESessionParameters = {}): UseE2EESessionReturnType {
  const [manager] = useState(createSessionManager)
  return useManagedSession(manager, model, parameters)
}

/** @internal useE2EESession over a manager the caller owns (useEncryptedChat needs it before the session effect). */
export function useManagedSession(manager: SessionManager, model: string | undefined, parameters: UseE2EESessionParameters): UseE2EESessionReturnType {
  const { privacy, minPrivacy, allowUnattested = false, signature, signatureTimeoutMs, plaintextReasoning } = parameters
  const config = useSealkitConfig()
  const queryClient = useQueryClient()
  const client = config.client
  const policy = parameters.policy ?? config.policy
  const staleTime = config.attestationStaleTime
  const verify = config.verify
  const makeKeyHolder = config.keyHolder
  const keyHolder = useRef(parameters.keyHolder)
  useInsertionEffect(() => {
    keyHolder.current = parameters.keyHolder
  })
  // One set of options for the session's attestation, its prefetch and `useAttestation` below: one query key.
  const attestationOptions = useCallback(
    (id: string) => attestationQueryOptions(client, { model: id, policy, queryClient, ...(verify ? { verify } : {}), ...(staleTime !== undefined ? { staleTime } : {}) }),
    [client, policy, queryClient, verify, staleTime],
  )
  // The attestation is requested as soon as the model and its mode are known (this render), not
  // after the session effect and another render: fetched and verified once, shared with the session.
  const knownMode = model === undefined ? undefined : (privacy ?? cachedMode(queryClient, client, model))
  // Memoized: building the options hashes the verification options (their query key), too costly for every render.
  const modelAttestation = useMemo(() => (model === undefined ? undefined : attestationOptions(model)), [attestationOptions, model])
  if (modelAttestation && (knownMode === 'e2ee' || (knownMode === 'tee' && !allowUnattested))) prefetchInRender(queryClient, modelAttestation)

  // The default holder (a decryption worker) once this model's attestation has its verdict: no
  // key is used before it, and on a machine with few cores the worker's start would take CPU
  // time from the verification. The session's first attestation is that query (joined, never a second fetch).
  const startKeyHolder = useCallback(
    () => {
      const own = keyHolder.current
      // The config's holder, else the decryption worker in browsers and this thread elsewhere; the first session takes
      // the one the config started with the page (prestartKeyHolder), if any.
      if (!own) return afterVerdict(queryClient, modelAttestation!).then(() => takeKeyHolder(makeKeyHolder))
      // The app's own holder: the one the config started with the page would hold a key no session takes.
      releasePrestartedKeyHolder()
      return own()
    },
    [queryClient, modelAttestation, makeKeyHolder],
  )
  // The parameters this render asks the session for, one object per change: the manager's state names the object it
  // answers, so a state opened for others (the model before a switch, the floor before it was raised) is never this
  // render's, not even in the commit before the effect below opens these.
  const opening = useMemo<OpenSessionParameters>(
    () => ({
      client,
      model,
      allowUnattested,
      policy,
      ...(privacy ? { mode: privacy } : {}),
      ...(minPrivacy ? { minPrivacy } : {}),
      ...(signature ? { signature } : {}),
      ...(signatureTimeoutMs !== undefined ? { signatureTimeoutMs } : {}),
      ...(plaintextReasoning ? { plaintextReasoning } : {}),
      keyHolder: startKeyHolder,
      resolveMode: (id) => resolveMode(queryClient, client, id),
      attestModel: ({ model: id, refresh }) => {
        const options = attestationOptions(id)
        // After a failed (re-)verification TanStack keeps the older data: never encrypt to it, verify afresh.
        const failed = queryClient.getQueryState(options.queryKey)?.status === 'error'
        return queryClient.fetchQuery(refresh || failed ? { ...options, staleTime: 0 } : options)
      },
    }),
    [client, queryClient, model, privacy, minPrivacy, allowUnattested, policy, signature, signatureTimeoutMs, plaintextReasoning, attestationOptions, startKeyHolder],
  )
  // At commit, before layout effects and any event (and without React 18's warning on the server): a send waits
  // for the session these parameters open, never takes the one before.
  const expecting = useRef(opening)
  useInsertionEffect(() => {
    expecting.current = opening
    manager.expect(opening)
  }, [manager, opening])
  useEffect(() => {
    manager.open(opening)
    return () => manager.close()
  }, [manager, opening])
  // Unmounted (or hidden by <Activity>): nothing will open what was expected, so a waiting send must not wait for it.
  useEffect(() => {
    manager.expect(expecting.current)
    return () => manager.expect(undefined)
  }, [manager])

  const opened = useSyncExternalStore(manager.subscribe, manager.getSnapshot, manager.getSnapshot)
  // eslint-disable-next-line react-hooks/refs -- compares identities; `opening.keyHolder` reads its ref when a session starts, never here
  const state: SessionState = opened.parameters === opening ? opened : notYetOpened(model)
  // An async key holder (the worker) knows the public key a little later: render again then.
  const [, keyArrived] = useState(0)
  const session = state.session
  useEffect(() => {
    if (!session || session.clientPublicKey !== undefined || !session.keyReady) return
    let live = true
    session.keyReady().then(
      () => live && keyArrived((n) => n + 1),
      () => {}, // surfaced by stream()
    )
    return () => {
      live = false
    }
  }, [session])
  const attested = state.mode === 'e2ee' || (state.mode === 'tee' && !allowUnattested)
  const attestationQuery = useAttestation(attested ? state.model : undefined, { policy })

  let status: E2EESessionStatus = state.status
  let error = state.error
  const verified = attested && attestationQuery.status === 'success' ? attestationQuery.data : undefined
  if (status === 'ready' && attested) {
    if (attestationQuery.status === 'error') {
      status = 'error'
      error = attestationQuery.error
    } else if (!verified) status = 'pending'
  }
  return {
    session: state.session,
    status,
    error,
    privacy: state.mode,
    attestation: verified,
    attestationQuery,
    clientPublicKey: state.session?.clientPublicKey,
    keyHolder: state.session?.keyHolder,
    ready: manager.ready,
  }
}

/**
 * A model's privacy level from a models list already in the cache for this API (every list is the
 * same `GET /models`, filtered: the model's entry is the server's), without a request.
 */
/** Before the session effect has opened this render's parameters: pending for a model, idle without one, nothing else. */
const notYetOpened = (model: string | undefined): SessionState => ({ status: model === undefined ? 'idle' : 'pending', model, mode: undefined, session: undefined, error: undefined })

function cachedMode(queryClient: QueryClient, client: SealkitClient, model: string): PrivacyMode | undefined {
  for (const [key, models] of queryClient.getQueriesData<GetModelsReturnType>({ queryKey: [QUERY_KEY_ROOT, 'models'] })) {
    if ((key[2] as { baseURL?: string } | undefined)?.baseURL !== client.baseURL) continue
    const found = models?.find((m) => m.id === model)
    if (found) return privacyLevelOf(found)
  }
  return undefined
}

async function resolveMode(queryClient: QueryClient, client: SealkitClient, model: string): Promise<PrivacyMode> {
  const cached = cachedMode(queryClient, client, model)
  if (cached) return cached
  const models = await queryClient.fetchQuery(getModelsQueryOptions(client))
  const found = models.find((m) => m.id === model)
  if (!found) throw new ApiError('MODEL_NOT_FOUND', { message: `Model ${model} is not in the models list`, details: { model } })
  return privacyLevelOf(found)
}
