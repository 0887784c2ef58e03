import type { AttestationResponse } from '../api/types.ts'
import { ECDSA_SCHEME } from '../crypto/scheme.ts'
import { AttestationError } from '../errors.ts'
import { sameModel } from '../attestation/model-name.ts'
import type { AttestationTarget, Provider } from './provider.ts'
import { isObject } from '../is-object.ts'

/** A NEAR AI Cloud report's parts, as {@link readCloudReport} finds them. */
export interface CloudReport {
  /** The gateway's attestation; `undefined` when the report has none (or not an object). */
  gateway: AttestationResponse | undefined
  /** What stood where the gateway's attestation belongs, when it is not one: `'absent'`, `'null'`, `'string'`, `'array'`... */
  gatewayFound?: string
  /** `model_attestations[]`, empty when missing or not a list. */
  models: AttestationResponse[]
}

/** Whether a report is in NEAR AI Cloud's shape, `{gateway_attestation, model_attestations[]}` (either key present), rather than a model's flat one. */
export const isCloudReport = (json: Record<string, unknown>): boolean => 'gateway_attestation' in json || 'model_attestations' in json

/**
 * Reads a report as NEAR AI Cloud's: the gateway's attestation and the models'. The gateway
 * terminates TLS in front of the model, sees every TEE request and serves the report: its
 * attestation is required, never optional. The one reader of that rule, for the `nearai`
 * provider and `sealkit verify` alike.
 */
export function readCloudReport(json: Record<string, unknown>): CloudReport {
  const found = json.gateway_attestation
  const models = Array.isArray(json.model_attestations) ? (json.model_attestations as AttestationResponse[]) : []
  if (isObject(found)) return { gateway: found as AttestationResponse, models }
  const gatewayFound = found === undefined ? 'absent' : found === null ? 'null' : Array.isArray(found) ? 'array' : typeof found
  return { gateway: undefined, gatewayFound, models }
}

/** A NEAR AI Cloud report's targets: the model's attestation from `model_attestations[]` and the gateway's, both required. */
function cloudTargets(json: Record<string, unknown>, model: string): { model: AttestationTarget; others: AttestationTarget[] } {
  const report = readCloudReport(json)
  const { gateway, models } = report
  if (!gateway) {
    throw new AttestationError('ATTESTATION_EVIDENCE_MISSING', {
      message:
        "The NEAR AI Cloud report has no gateway attestation: the gateway in front of the model is unattested. (A model's own endpoint answers without one: use the provider 'nearai-direct' there.)",
      details: { gatewayAttestation: report.gatewayFound },
    })
  }
  const ours = models.find((m) => {
    const name = isObject(m) ? (m.model_name ?? m.model) : undefined
    return typeof name === 'string' && sameModel(name, model)
  })
  if (!ours) {
    throw new AttestationError('ATTESTATION_MALFORMED', { message: `The report has no model attestation for ${model}`, details: { modelAttestations: models.length } })
  }
  return { model: { label: 'model attestation', response: ours }, others: [{ label: 'gateway attestation', response: gateway }] }
}

/**
 * NEAR AI Cloud (`https://cloud-api.near.ai/v1`), the open inference proxy Venice's
 * enclaves run, with its own headers: `/attestation/report`, `/signature/{chat_id}`,
 * `X-Signing-Algo`, `X-Client-Pub-Key`, `X-Model-Pub-Key` (exactly as attested),
 * `X-Encryption-Version: 2`, `X-Encrypt-All-Fields: true`; ecdsa or ed25519 keys.
 * Its reports are a gateway attestation plus `model_attestations[]`: both must be there and verify.
 */
export const nearai: Provider = Object.freeze<Provider>({
  name: 'nearai',
  defaultBaseURL: 'https://cloud-api.near.ai/v1',
  signingAlgos: ['ecdsa', 'ed25519'],
  claimsVerified: false,
  attestationRequest: ({ model, nonce, signingAlgo }) => ({
    path: '/attestation/report',
    query: { model, nonce, signing_algo: signingAlgo, include_tls_fingerprint: 'true' },
  }),
  signatureRequest: ({ model, requestId, signingAlgo }) => ({
    path: `/signature/${encodeURIComponent(requestId)}`,
    query: { model, signing_algo: signingAlgo },
  }),
  attestationTargets: cloudTargets,
  scheme: (algo) => (algo === 'ed25519' ? { algo: 'ed25519', version: 2 } : ECDSA_SCHEME),
  e2eeHeaders: ({ clientPublicKey, attestedKey, signingAlgo }) => ({
    'X-Signing-Algo': signingAlgo,
    'X-Client-Pub-Key': clientPublicKey,
    'X-Model-Pub-Key': attestedKey,
    'X-Encryption-Version': '2',
    'X-Encrypt-All-Fields': 'true',
  }),
  e2eeBody: () => ({}),
})

/**
 * A NEAR AI model's own endpoint (e.g. `https://qwen35-122b.completions.near.ai/v1`), with no
 * gateway in front: NEAR AI Cloud's API and headers, and a flat report that is the model's own
 * attestation. It has no public root of its own: give the endpoint as `baseURL`. A report in the
 * cloud's shape is held to the cloud's rule (its gateway attestation required too).
 * @example
 * const client = createClient({ provider: 'nearai-direct', baseURL: 'https://qwen35-122b.completions.near.ai/v1', signingAlgo: 'ed25519', apiKey })
 */
export const nearaiDirect: Provider = Object.freeze<Provider>({
  ...nearai,
  name: 'nearai-direct',
  defaultBaseURL: undefined,
  attestationTargets(json: Record<string, unknown>, model: string) {
    if (isCloudReport(json)) return cloudTargets(json, model)
    // The flat report is the model's own; verification checks that it names this model (`model.match`).
    return { model: { label: 'model attestation', response: json as AttestationResponse }, others: [] }
  },
})
