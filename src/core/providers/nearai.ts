import type { AttestationResponse } from '../api/types.ts'
import { ECDSA_SCHEME } from '../crypto/scheme.ts'
import { AttestationError } from '../errors.ts'
import { sameModel } from '../attestation/model-name.ts'
import type { AttestationTarget, Provider } from './provider.ts'

/**
 * NEAR AI Cloud (`https://cloud-api.near.ai/v1`), the open inference proxy Venice's
 * enclaves run, with its own headers: `/attestation/report`, `/signature/{chat_id}`,
 * `X-Signing-Algo`, `X-Client-Pub-Key`, `X-Model-Pub-Key` (exactly as attested),
 * `X-Encryption-Version: 2`, `X-Encrypt-All-Fields: true`; ecdsa or ed25519 keys.
 * Its cloud reports are a gateway attestation plus `model_attestations[]`; both must verify.
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
  attestationTargets(json: Record<string, unknown>, model: string) {
    const models = json.model_attestations
    const gateway = json.gateway_attestation
    // A direct (gatewayless) report is the model attestation itself.
    if (models === undefined && gateway === undefined) return { model: { label: 'model attestation', response: json as AttestationResponse }, others: [] }
    const list = Array.isArray(models) ? (models as AttestationResponse[]) : []
    const ours = list.find((m) => {
      const name = m.model_name ?? m.model
      return typeof name === 'string' && sameModel(name, model)
    })
    if (!ours) {
      throw new AttestationError('ATTESTATION_MALFORMED', { message: `The report has no model attestation for ${model}`, details: { modelAttestations: list.length } })
    }
    const others: AttestationTarget[] = gateway && typeof gateway === 'object' ? [{ label: 'gateway attestation', response: gateway as AttestationResponse }] : []
    return { model: { label: 'model attestation', response: ours }, others }
  },
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
