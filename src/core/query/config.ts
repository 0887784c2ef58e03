import { createClient, signingAlgoOf, type CreateClientParameters, type SealkitClient } from '../api/client.ts'
import { DEFAULT_POLICY } from '../attestation/policy.ts'
import type { PolicyName } from '../attestation/report.ts'
import { prestartKeyHolder, type MakeKeyHolder } from '../session/key-holder-start.ts'
import { startAttestationAfter, type AttestationVerifyOptions } from './attestation.ts'
import { earlyTicket } from './early-start.ts'

/** What every sealkit hook needs: where to call the API and how strictly to verify. */
export interface SealkitConfig {
  /** The API client every hook calls through. */
  readonly client: SealkitClient
  /** The attestation policy hooks use unless told otherwise. Default `standard`. */
  readonly policy: PolicyName
  /** How long a verified attestation is reused (ms). Default: `ATTESTATION_STALE_TIME` (5 minutes). */
  readonly attestationStaleTime?: number
  /** Verification inputs for every attestation: trusted roots (e.g. the simulator's), collateral, measurements. */
  readonly verify?: AttestationVerifyOptions
  /** The model the app starts with, whose attestation started with the config (see `CreateSealkitConfigParameters.defaultModel`). */
  readonly defaultModel?: string
  /** Where E2EE sessions keep their key, unless a hook is given its own (see `CreateSealkitConfigParameters.keyHolder`). */
  readonly keyHolder?: MakeKeyHolder
}

export interface CreateSealkitConfigParameters extends CreateClientParameters {
  /** A ready client; `baseURL`, `apiKey`, `fetch` and `headers` are ignored when it is given. */
  client?: SealkitClient
  /** The attestation policy hooks use unless told otherwise. Default `standard`. */
  policy?: PolicyName
  /** How long a verified attestation is reused, in milliseconds. Default 5 minutes. */
  attestationStaleTime?: number
  /** Verification inputs for every attestation: trusted roots (e.g. the simulator's), collateral, measurements. */
  verify?: AttestationVerifyOptions
  /**
   * The model the app starts with (e.g. the one the user chose last time, kept by the app). In a
   * browser, creating the config starts its attestation in the next task (`startAttestation`: fresh nonce,
   * the verification worker loading in parallel, the report verified there as soon as both exist),
   * and, once that has verified, the decryption worker with the first session's key pair
   * (`prestartKeyHolder`), in parallel with the rest of the page instead of after the session opens. Create the config at module evaluation, before React
   * renders, to start earliest: the start runs in a task of its own, after the app's chunk has been
   * evaluated and before React's first render, so it does not lengthen the page's first task. The result counts only when a query asks for this very model
   * under the config's policy and options within 30 s (`<PrivateChat>` starts with it when the
   * models list has it); otherwise it is dropped, never shown. `<PrivateChat defaultModel>` (the prop) wins over it.
   */
  defaultModel?: string
  /**
   * Where every E2EE session of the hooks and components keeps its key and decrypts, unless one is given its own
   * (`useEncryptedChat({ keyHolder })`, `<PrivateChat chatOptions>`). Default `createDefaultKeyHolder()`: the package's
   * decryption worker, as your bundler emitted it. An app that serves the worker itself names it here, so that the
   * holder started with the page (`defaultModel`) is that one too:
   * `keyHolder: () => createDefaultKeyHolder({ worker: '/workers/decrypt-worker.js' })`.
   */
  keyHolder?: MakeKeyHolder
}

/**
 * The hooks' config: the API client, the attestation policy and verification options. Naming the
 * `defaultModel` starts its attestation (in the next task) and then the decryption worker (in a browser).
 * @example
 * const config = createSealkitConfig({ apiKey, policy: 'strict' })
 * // <SealkitProvider config={config}>
 * @example
 * // main.tsx: at module evaluation, so the enclave is attested while React mounts and the models load
 * const config = createSealkitConfig({ apiKey, defaultModel: localStorage.getItem('model') ?? 'e2ee-qwen3-5-122b-a10b' })
 * createRoot(root).render(<QueryClientProvider client={queryClient}><SealkitProvider config={config}><PrivateChat /></SealkitProvider></QueryClientProvider>)
 */
export function createSealkitConfig(parameters: CreateSealkitConfigParameters = {}): SealkitConfig {
  const { client, policy = DEFAULT_POLICY, attestationStaleTime, verify, defaultModel, keyHolder, ...clientParameters } = parameters
  const config: SealkitConfig = Object.freeze({
    client: client ?? createClient(clientParameters),
    policy,
    ...(attestationStaleTime !== undefined ? { attestationStaleTime } : {}),
    ...(verify ? { verify } : {}),
    ...(defaultModel ? { defaultModel } : {}),
    ...(keyHolder ? { keyHolder } : {}),
  })
  if (defaultModel && typeof document !== 'undefined') {
    // In a task of its own, right after the one creating the config (module evaluation, before React's
    // first render task): at page load that task is the app's whole main chunk, and this start (hashing
    // the options, the worker, the request) made it a long task. A query of a render that created the
    // config (an inline provider config) asks first, and this start finds it (holdEarly): it then keys
    // the session on that query's verdict.
    const ticket = earlyTicket()
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      const attesting = startAttestationAfter(config.client, { model: defaultModel, policy, ...(verify ? { verify } : {}) }, ticket)
      // Only where a session would take it: an E2EE chat keyed on secp256k1 (a `tee-` model or an
      // Ed25519 client never does, and a key pair no session takes would never be zeroed). Once the
      // enclave verified: no session keys before that (nor after a failure), and the decryption
      // worker's load (its WebAssembly compiled) would take CPU time from the verification on a
      // machine with few cores. The verdict is that of whichever attestation is under way for it.
      if (!defaultModel.startsWith('tee-') && signingAlgoOf(config.client) === 'ecdsa') {
        void attesting?.then((verified) => verified && prestartKeyHolder(keyHolder))
      }
    }
    channel.port2.postMessage(null)
  }
  return config
}
