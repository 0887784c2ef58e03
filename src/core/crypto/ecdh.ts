import { secp256k1 } from '@noble/curves/secp256k1.js'

/**
 * The one seam every ECDH in sealkit goes through: x-coordinate of
 * `privateKey * publicKey` on secp256k1, 32 bytes.
 *
 * @noble/curves is the portable default (constant-time in the secret key).
 * Faster backends may be installed with `setEcdhBackend` (see crypto/backends).
 * A backend must throw for a public key that is not a point on the curve:
 * `decryptBytes` leaves that check to it rather than validating every chunk's key twice.
 */
export type EcdhBackend = (privateKey: Uint8Array, publicKey: Uint8Array) => Uint8Array

/** The default ECDH backend: @noble/curves. */
export const nobleEcdh: EcdhBackend = (privateKey, publicKey) =>
  // getSharedSecret returns the compressed point: 1 prefix byte + x
  secp256k1.getSharedSecret(privateKey, publicKey, true).subarray(1)

let backend: EcdhBackend = nobleEcdh

/** The x coordinate of `privateKey * publicKey` on secp256k1 (32 bytes), with the installed backend. */
export function ecdhSharedX(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  return backend(privateKey, publicKey)
}

/** Replaces the ECDH backend process-wide; returns the previous one. */
export function setEcdhBackend(next: EcdhBackend): EcdhBackend {
  const previous = backend
  backend = next
  return previous
}
