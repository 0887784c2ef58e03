import { secp256k1 } from '@noble/curves/secp256k1.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { SignatureError } from '../errors.ts'
import { bytesToHex, concatBytes, hexToBytes, utf8Encode } from './hex.ts'
import { normalizePublicKey } from './keys.ts'

/**
 * Ethereum address of a secp256k1 public key: `0x` + last 20 bytes of keccak256(X || Y), lowercase.
 * @example publicKeyToAddress(attestation.signing_key) === attestation.signing_address.toLowerCase()
 */
export function publicKeyToAddress(publicKey: string | Uint8Array): string {
  const pub = normalizePublicKey(publicKey)
  return '0x' + bytesToHex(keccak_256(pub.subarray(1)).subarray(12))
}

/** EIP-191 personal_sign digest: keccak256("\x19Ethereum Signed Message:\n" + len + message). */
export function hashPersonalMessage(message: string | Uint8Array): Uint8Array {
  const bytes = typeof message === 'string' ? utf8Encode(message) : message
  return keccak_256(concatBytes(utf8Encode(`\x19Ethereum Signed Message:\n${bytes.length}`), bytes))
}

/** Signs like `personal_sign`: returns `0x` + r || s || v with v = 27/28. For the simulator and tests. */
export function signPersonalMessage(message: string | Uint8Array, privateKey: Uint8Array): string {
  // noble's recovered format is recovery || r || s
  const sig = secp256k1.sign(hashPersonalMessage(message), privateKey, { prehash: false, format: 'recovered' })
  return '0x' + bytesToHex(sig.subarray(1)) + (27 + sig[0]!).toString(16)
}

/**
 * Recovers the address that made an EIP-191 signature (`0x` r || s || v, v in 0/1/27/28).
 * Throws `SIGNATURE_INVALID` for a malformed or unrecoverable signature.
 */
export function recoverPersonalSignAddress(message: string | Uint8Array, signature: string): string {
  let sig: Uint8Array
  try {
    sig = hexToBytes(signature)
  } catch (cause) {
    throw new SignatureError('SIGNATURE_INVALID', { message: 'Signature is not valid hex', cause })
  }
  if (sig.length !== 65) throw new SignatureError('SIGNATURE_INVALID', { message: 'Signature must be 65 bytes' })
  const v = sig[64]! >= 27 ? sig[64]! - 27 : sig[64]!
  if (v !== 0 && v !== 1) throw new SignatureError('SIGNATURE_INVALID', { message: 'Signature has an invalid recovery id' })
  try {
    const recovered = secp256k1.recoverPublicKey(concatBytes(Uint8Array.of(v), sig.subarray(0, 64)), hashPersonalMessage(message), {
      prehash: false,
    })
    return publicKeyToAddress(secp256k1.Point.fromBytes(recovered).toBytes(false))
  } catch (cause) {
    throw new SignatureError('SIGNATURE_INVALID', { message: 'Signature does not recover to a public key', cause })
  }
}

/** Case-insensitive comparison of two `0x` addresses (checksummed or not). */
export function addressesEqual(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}
