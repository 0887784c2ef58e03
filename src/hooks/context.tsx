'use client'
import { createContext, useCallback, useContext, useInsertionEffect, useMemo, useRef, type ReactNode } from 'react'
import type { FetchLike, SealkitClient } from '../core/api/client.ts'
import { hasAuthorization } from '../core/api/http.ts'
import type { PolicyName } from '../core/attestation/report.ts'
import { SealkitError } from '../core/errors.ts'
import { createSealkitConfig, type CreateSealkitConfigParameters, type SealkitConfig } from '../core/query/config.ts'
import { preloadVerifier } from '../core/session/verifier.ts'
import { warnOnceInDevelopment } from '../core/worker/dev-warning.ts'

const SealkitContext = createContext<SealkitConfig | undefined>(undefined)

export interface SealkitProviderProps {
  /**
   * Where and how to call the API: a config from `createSealkitConfig`, or its
   * parameters (`baseURL`, `apiKey` or a custom `fetch`, `headers`, `policy`,
   * `verify`, `defaultModel`: its attestation starts with the config, `keyHolder`). Inline objects are fine: the client is rebuilt only when a value
   * changes (`verify` is compared by reference: keep it stable).
   */
  config: SealkitConfig | CreateSealkitConfigParameters
  /** The app, which the hooks and components read the config from. */
  children?: ReactNode
}

function isConfig(value: SealkitConfig | CreateSealkitConfigParameters): value is SealkitConfig {
  return typeof (value as SealkitConfig).policy === 'string' && typeof (value as SealkitConfig).client === 'object' && Object.isFrozen(value)
}

/**
 * Gives the sealkit hooks their API client and attestation policy. It does not
 * create a QueryClient: wrap it in your app's `QueryClientProvider`.
 * Renders on the server (nothing touches `window`). In a browser it starts the attestation
 * verifier (`preloadVerifier`) when it first renders, so that it is ready before the first report arrives.
 *
 * @example
 * ```tsx
 * const queryClient = new QueryClient()
 * <QueryClientProvider client={queryClient}>
 *   <SealkitProvider config={{ apiKey: import.meta.env.VITE_VENICE_KEY, policy: 'standard' }}>
 *     <App />
 *   </SealkitProvider>
 * </QueryClientProvider>
 * ```
 */
export function SealkitProvider({ config, children }: SealkitProviderProps) {
  const ready = isConfig(config) ? config : undefined
  const params = ready ? undefined : (config as CreateSealkitConfigParameters)
  const client: SealkitClient | undefined = params?.client
  const provider = params?.provider
  const signingAlgo = params?.signingAlgo
  const baseURL: string | undefined = params?.baseURL
  const apiKey: string | undefined = params?.apiKey
  const fetchFn: FetchLike | undefined = params?.fetch
  const headers = params?.headers ? JSON.stringify(params.headers) : undefined
  const policy: PolicyName | undefined = params?.policy
  const staleTime: number | undefined = params?.attestationStaleTime
  const verify = params?.verify
  const defaultModel = params?.defaultModel
  // The latest function, read when a session makes its key holder: an inline one does not rebuild the config. Set in
  // an insertion effect (as useE2EESession keeps its own), before any child's effect can open a session with it.
  const keyHolder = useRef(params?.keyHolder)
  useInsertionEffect(() => {
    keyHolder.current = params?.keyHolder
  })
  const hasKeyHolder = params?.keyHolder !== undefined
  const latestKeyHolder = useCallback(() => keyHolder.current!(), [])
  const built = useMemo(
    () =>
      ready ??
      // eslint-disable-next-line react-hooks/refs -- `latestKeyHolder` reads its ref when a session makes its key holder, never here
      createSealkitConfig({
        ...(client ? { client } : {}),
        ...(provider ? { provider } : {}),
        ...(signingAlgo ? { signingAlgo } : {}),
        ...(baseURL !== undefined ? { baseURL } : {}),
        ...(apiKey !== undefined ? { apiKey } : {}),
        ...(fetchFn ? { fetch: fetchFn } : {}),
        ...(headers ? { headers: JSON.parse(headers) as Record<string, string> } : {}),
        ...(policy ? { policy } : {}),
        ...(staleTime !== undefined ? { attestationStaleTime: staleTime } : {}),
        ...(verify ? { verify } : {}),
        ...(defaultModel ? { defaultModel } : {}),
        ...(hasKeyHolder ? { keyHolder: latestKeyHolder } : {}),
      }),
    [ready, client, provider, signingAlgo, baseURL, apiKey, fetchFn, headers, policy, staleTime, verify, defaultModel, hasKeyHolder, latestKeyHolder],
  )
  // The verification worker loads while the page mounts and lists the models, not after the first
  // attestation arrives. Started once per page (idempotent), during render: effects would wait for the first paint.
  void preloadVerifier(built.verify)
  if (params && !client && !apiKey && baseURL === undefined && !fetchFn && !hasAuthorization(params.headers ?? {})) {
    // The README's `apiKey: import.meta.env.VITE_…` is undefined until .env.local has it: say so before the first 401 does.
    warnOnceInDevelopment(
      'api-key',
      `sealkit: no apiKey for ${built.client.baseURL}, whose chat requests need one: they will fail with API_KEY_MISSING. ` +
        'Set it (e.g. VITE_VENICE_API_KEY in .env.local), or point baseURL at `sealkit simulate`, which needs none.',
    )
  }
  return <SealkitContext.Provider value={built}>{children}</SealkitContext.Provider>
}

/** The provider's config: client, policy, attestation stale time. Throws outside `<SealkitProvider>`. */
export function useSealkitConfig(): SealkitConfig {
  const config = useContext(SealkitContext)
  if (!config) throw new SealkitError('INVALID_ARGUMENT', { message: 'sealkit hooks must be used inside <SealkitProvider>' })
  return config
}

/** The provider's API client. */
export function useSealkitClient(): SealkitClient {
  return useSealkitConfig().client
}
