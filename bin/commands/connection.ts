import { createClient, type SealkitClient } from '../../src/core/api/client.ts'
import { DEFAULT_POLICY, isPolicyName } from '../../src/core/attestation/policy.ts'
import type { PolicyName } from '../../src/core/attestation/report.ts'
import type { VerifyAttestationOptions } from '../../src/core/attestation/verify.ts'
import { simulatorTrustedRoots } from './trust.ts'
import { UsageError, required, type ParsedCommand } from './usage.ts'

/** The options every command that talks to an API takes. */
export const CONNECTION_OPTIONS = {
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'api-key': { type: 'string' },
  'trust-simulator': { type: 'boolean', default: false },
  policy: { type: 'string', default: DEFAULT_POLICY },
  provider: { type: 'string', default: 'venice' },
  'signing-algo': { type: 'string' },
} as const

export interface Connection {
  baseURL: string
  model: string
  policy: PolicyName
  client: SealkitClient
  /** Set with --trust-simulator: the simulator's test roots beside Intel's and NVIDIA's. */
  trustedRoots?: NonNullable<VerifyAttestationOptions['trustedRoots']>
}

/** Validates the connection options and builds the client; the API key may come from VENICE_API_KEY (NEARAI_API_KEY with --provider nearai or nearai-direct). */
export async function connect(values: ParsedCommand['values'], help: string): Promise<Connection> {
  const baseURL = required(values['base-url'], 'base-url', help)
  const model = required(values.model, 'model', help)
  if (!isPolicyName(values.policy)) throw new UsageError(`--policy must be basic, standard or strict\n\n${help}`)
  const provider = values.provider
  if (provider !== 'venice' && provider !== 'nearai' && provider !== 'nearai-direct') throw new UsageError(`--provider must be venice, nearai or nearai-direct\n\n${help}`)
  const signingAlgo = values['signing-algo']
  if (signingAlgo !== undefined && signingAlgo !== 'ecdsa' && signingAlgo !== 'ed25519') throw new UsageError(`--signing-algo must be ecdsa or ed25519\n\n${help}`)
  if (signingAlgo === 'ed25519' && provider === 'venice') throw new UsageError(`--signing-algo ed25519 needs --provider nearai or nearai-direct\n\n${help}`)
  const apiKey = (values['api-key'] as string | undefined) ?? (provider === 'venice' ? process.env.VENICE_API_KEY : process.env.NEARAI_API_KEY)
  const client = createClient({ baseURL, provider, ...(signingAlgo ? { signingAlgo } : {}), ...(apiKey ? { apiKey } : {}) })
  const trustedRoots = values['trust-simulator'] ? await simulatorTrustedRoots(baseURL) : undefined
  return { baseURL, model, policy: values.policy, client, ...(trustedRoots ? { trustedRoots } : {}) }
}
