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
export type EcdhBackend = ((privateKey: Uint8Array, publicKey: Uint8Array) => Uint8Array) & {
  /** A whole-chunk path the backend may offer (the libsecp256k1 WASM module does); `decryptBytes` then uses it. */
  readonly opener?: ChunkOpener
  /** Its whole-field path the other way, if it has one (the libsecp256k1 WASM module does); `encrypt` then uses it. */
  readonly sealer?: ChunkSealer
}

/**
 * Decrypts one E2EE chunk in one step: ECDH, HKDF-SHA256 and AES-256-GCM with its tag check, where
 * the shared secret and the AES key never reach JavaScript. It must decrypt exactly as the path
 * of `decryptBytes` over `@noble` does (test/core/chunk-opener.test.ts holds it to that).
 */
export interface ChunkOpener {
  /** The longest wire value (bytes, not hex digits) it takes; `decryptBytes` decrypts longer ones itself. */
  readonly maxWireBytes: number
  /**
   * Wire hex (even length, no `0x`, at least `MIN_CIPHERTEXT_HEX` digits) to plaintext. Throws `INVALID_HEX`
   * at a non-hex digit (before any crypto), `INVALID_PUBLIC_KEY` or `INVALID_PRIVATE_KEY` (as a
   * `CryptoError`), or a plain `Error` when the tag does not match; never returns unauthenticated bytes.
   */
  open(privateKey: Uint8Array, wireHex: string): Uint8Array
}

/**
 * Encrypts one E2EE field in one step: the ephemeral public key, ECDH, HKDF-SHA256 and AES-256-GCM, where the
 * shared secret and the AES key never reach JavaScript. For the same ephemeral key and IV it must give exactly
 * the bytes `encrypt`'s path over `@noble` gives (test/core/chunk-sealer.test.ts holds it to that).
 */
export interface ChunkSealer {
  /** The longest plaintext (bytes) it takes; `encrypt` encrypts longer ones itself. */
  readonly maxPlaintextBytes: number
  /**
   * The wire hex of `plaintext` sealed to `recipientPublicKey` (uncompressed, 65 bytes) under the caller's
   * ephemeral private key (which the caller makes and zeroes) and 12-byte IV. Throws a `CryptoError`:
   * `INVALID_PUBLIC_KEY`, `INVALID_PRIVATE_KEY`, `ENCRYPT_FAILED` (the IV), or `INVALID_ARGUMENT` (a plaintext that
   * is not a `Uint8Array` or is longer than `maxPlaintextBytes`).
   */
  seal(ephemeralPrivateKey: Uint8Array, iv: Uint8Array, recipientPublicKey: Uint8Array, plaintext: Uint8Array): string
}

/** The default ECDH backend: @noble/curves. */
export const nobleEcdh: EcdhBackend = (privateKey, publicKey) =>
  // getSharedSecret returns the compressed point: 1 prefix byte + x
  secp256k1.getSharedSecret(privateKey, publicKey, true).subarray(1)

let backend: EcdhBackend = nobleEcdh

/** The x coordinate of `privateKey * publicKey` on secp256k1 (32 bytes), with the installed backend. */
export function ecdhSharedX(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  return backend(privateKey, publicKey)
}

/** The installed backend's whole-chunk path, if it has one. */
export function chunkOpener(): ChunkOpener | undefined {
  return backend.opener
}

/** The installed backend's whole-field encryption, if it has one. */
export function chunkSealer(): ChunkSealer | undefined {
  return backend.sealer
}

/** Replaces the ECDH backend process-wide; returns the previous one. */
export function setEcdhBackend(next: EcdhBackend): EcdhBackend {
  const previous = backend
  backend = next
  return previous
}
