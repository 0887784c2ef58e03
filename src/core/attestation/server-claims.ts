import type { AttestationResponse } from '../api/types.ts'
import { publicKeyToAddress } from '../crypto/eth.ts'
import { normalizePublicKey } from '../crypto/keys.ts'
import { bytesToHex } from '../crypto/hex.ts'
import type { Check } from './report.ts'

/**
 * PROTOCOL.md checks 1 and 2, which need nothing but the JSON answer:
 * the server's own `verified` claim, our nonce echoed back, a well-formed
 * signing key, and that key hashing to the attested `signing_address`.
 */
export interface ServerClaims {
  /** One check per claim read (the provider's `verified`, the nonce echo, the key and its address). */
  checks: Check[]
  /** The model's public key, uncompressed (65 bytes), when well-formed. */
  signingKey?: Uint8Array
  /** `0x` address, lowercase, as the report states it. */
  signingAddress?: string
}

/** Checks what the attestation JSON claims by itself: the server's `verified`, the echoed `nonce`, the signing key's form and its address. */
export function checkServerClaims(response: AttestationResponse, nonce: string): ServerClaims {
  const checks: Check[] = []
  const push = (check: Check) => checks.push(check)

  push(
    response.verified === undefined
      ? { id: 'server.verified', label: 'Server verification claim', status: 'skipped', detail: 'The report makes no server-side verification claim (NEAR reports carry none).' }
      : response.verified === true
        ? { id: 'server.verified', label: 'Server verification claim', status: 'passed', detail: 'The provider reports verified: true (its own claim, not proof).' }
        : { id: 'server.verified', label: 'Server verification claim', status: 'failed', detail: `The provider reports verified: ${JSON.stringify(response.verified)}.` },
  )

  // Venice echoes `nonce` (and `request_nonce`); NEAR's own API only `request_nonce`.
  const echoedRaw = response.nonce ?? response.request_nonce
  const echoed = typeof echoedRaw === 'string' ? echoedRaw.toLowerCase() : undefined
  push({
    id: 'nonce.match',
    label: 'Fresh nonce',
    status: echoed === nonce.toLowerCase() ? 'passed' : 'failed',
    detail: echoed === nonce.toLowerCase() ? 'The report echoes the nonce we generated for this request.' : 'The report does not echo our nonce: possible replay.',
    evidence: { nonce, echoed: echoed ?? '' },
  })

  const keyHex = response.signing_key ?? response.signing_public_key
  const claimed = typeof response.signing_address === 'string' ? response.signing_address.toLowerCase() : undefined
  if (response.signing_algo === 'ed25519') {
    // NEAR's ed25519 keys: the "address" is the 32-byte public key itself.
    const key = typeof keyHex === 'string' ? keyHex.toLowerCase().replace(/^0x/, '') : undefined
    const wellFormed = key !== undefined && /^[0-9a-f]{64}$/.test(key)
    push(
      wellFormed
        ? { id: 'key.present', label: 'Enclave public key', status: 'passed', detail: 'A well-formed ed25519 public key is present.', evidence: { signingKey: key } }
        : { id: 'key.present', label: 'Enclave public key', status: 'failed', detail: 'The report carries no valid ed25519 public key.' },
    )
    push(
      !wellFormed
        ? { id: 'key.address', label: 'Key matches signing address', status: 'skipped', detail: 'No valid signing key to compare.' }
        : {
            id: 'key.address',
            label: 'Key matches signing address',
            status: claimed?.replace(/^0x/, '') === key ? 'passed' : 'failed',
            detail: claimed?.replace(/^0x/, '') === key ? 'The ed25519 signing address is the signing key.' : 'The signing address is not the ed25519 signing key.',
            evidence: { key, claimed: claimed ?? '' },
          },
    )
    return { checks, ...(claimed ? { signingAddress: claimed } : {}) }
  }

  let signingKey: Uint8Array | undefined
  if (typeof keyHex === 'string') {
    try {
      signingKey = normalizePublicKey(keyHex)
    } catch {
      signingKey = undefined
    }
  }
  push(
    signingKey
      ? { id: 'key.present', label: 'Enclave public key', status: 'passed', detail: 'A well-formed secp256k1 public key is present.', evidence: { signingKey: bytesToHex(signingKey) } }
      : {
          id: 'key.present',
          label: 'Enclave public key',
          status: 'failed',
          detail: keyHex === undefined ? 'The report carries no signing key.' : 'The signing key is not a valid secp256k1 public key.',
        },
  )

  if (!signingKey) {
    push({ id: 'key.address', label: 'Key matches signing address', status: 'skipped', detail: 'No valid signing key to hash.' })
  } else if (!claimed) {
    push({ id: 'key.address', label: 'Key matches signing address', status: 'failed', detail: 'The report carries no signing address.' })
  } else {
    const derived = publicKeyToAddress(signingKey)
    push({
      id: 'key.address',
      label: 'Key matches signing address',
      status: derived === claimed ? 'passed' : 'failed',
      detail: derived === claimed ? 'keccak256 of the signing key gives the attested signing address.' : 'The signing key does not hash to the attested signing address.',
      evidence: { derived, claimed },
    })
  }
  return { checks, ...(signingKey ? { signingKey } : {}), ...(claimed ? { signingAddress: claimed } : {}) }
}

