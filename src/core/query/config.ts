import { createClient, type CreateClientParameters, type SealkitClient } from '../api/client.ts'
import { DEFAULT_POLICY } from '../attestation/policy.ts'
import type { PolicyName } from '../attestation/report.ts'
import type { AttestationVerifyOptions } from './attestation.ts'

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
}

/**
 * @example
 * const config = createSealkitConfig({ apiKey, policy: 'strict' })
 * // <SealkitProvider config={config}>
 */
export function createSealkitConfig(parameters: CreateSealkitConfigParameters = {}): SealkitConfig {
  const { client, policy = DEFAULT_POLICY, attestationStaleTime, verify, ...clientParameters } = parameters
  return Object.freeze({
    client: client ?? createClient(clientParameters),
    policy,
    ...(attestationStaleTime !== undefined ? { attestationStaleTime } : {}),
    ...(verify ? { verify } : {}),
  })
}
