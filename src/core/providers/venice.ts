import { ApiError } from '../errors.ts'
import type { AttestationResponse } from '../api/types.ts'
import { ECDSA_SCHEME } from '../crypto/scheme.ts'
import type { Provider } from './provider.ts'

/**
 * Venice (`https://api.venice.ai/api/v1`): `/tee/attestation`, `/tee/signature`, the
 * `X-Venice-TEE-*` headers, ecdsa only (secp256k1 + AES-256-GCM), one flat report per model.
 */
export const venice: Provider = Object.freeze<Provider>({
  name: 'venice',
  defaultBaseURL: 'https://api.venice.ai/api/v1',
  signingAlgos: ['ecdsa'],
  claimsVerified: true,
  attestationRequest: ({ model, nonce }) => ({ path: '/tee/attestation', query: { model, nonce } }),
  signatureRequest: ({ model, requestId }) => ({ path: '/tee/signature', query: { model, request_id: requestId } }),
  attestationTargets: (json: Record<string, unknown>) => ({ model: { label: 'model attestation', response: json as AttestationResponse }, others: [] }),
  scheme: (algo) => {
    if (algo !== 'ecdsa') throw new ApiError('INVALID_ARGUMENT', { message: 'Venice signs and encrypts with ecdsa only' })
    return ECDSA_SCHEME
  },
  e2eeHeaders: ({ clientPublicKey, attestedKey }) => ({
    'X-Venice-TEE-Client-Pub-Key': clientPublicKey,
    // Venice's reports give the key with its 04 prefix; a 128-hex one gets it added, as the seed's client does.
    'X-Venice-TEE-Model-Pub-Key': attestedKey.length === 128 ? '04' + attestedKey : attestedKey,
    'X-Venice-TEE-Signing-Algo': 'ecdsa',
  }),
  e2eeBody: (body) => ({ venice_parameters: { ...(body.venice_parameters as object | undefined), enable_e2ee: true } }),
})
