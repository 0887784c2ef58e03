import { secp256k1 } from '@noble/curves/secp256k1.js'
import { CryptoError } from '../errors.ts'
import { bytesToHex, hexToBytes, isHex, zeroize } from './hex.ts'

/** A secp256k1 key pair for one E2EE session. Call `destroy()` when the session ends. */
export interface ClientKeyPair {
  /** 32-byte private scalar. Zeroed by `destroy()`. Never log or store it. */
  readonly privateKey: Uint8Array
  /** Uncompressed public key, 65 bytes (`04 || X || Y`). */
  readonly publicKey: Uint8Array
  /** Uncompressed public key as 130 lowercase hex characters: the value of `X-Venice-TEE-Client-Pub-Key`. */
  readonly publicKeyHex: string
  /** True once `destroy()` ran. */
  readonly destroyed: boolean
  /** Zeroes the private key. Safe to call more than once. */
  destroy(): void
}

/**
 * Creates a fresh client key pair from the platform CSPRNG.
 * @example
 * const keys = generateClientKeyPair()
 * headers['X-Venice-TEE-Client-Pub-Key'] = keys.publicKeyHex
 * // ...
 * keys.destroy()
 */
export function generateClientKeyPair(): ClientKeyPair {
  return clientKeyPairFromPrivateKey(secp256k1.utils.randomSecretKey())
}

/** Wraps an existing private key (taken over, not copied: `destroy()` zeroes the caller's array). */
export function clientKeyPairFromPrivateKey(privateKey: Uint8Array): ClientKeyPair {
  if (privateKey.length !== 32 || !secp256k1.utils.isValidSecretKey(privateKey)) {
    throw new CryptoError('INVALID_PRIVATE_KEY')
  }
  return ownedKeyPair(privateKey, secp256k1.getPublicKey(privateKey, false))
}

/** A key pair that owns `privateKey` and zeroes it on `destroy()`; any curve. */
export function ownedKeyPair(privateKey: Uint8Array, publicKey: Uint8Array): ClientKeyPair {
  let destroyed = false
  return {
    privateKey,
    publicKey,
    publicKeyHex: bytesToHex(publicKey),
    get destroyed() {
      return destroyed
    },
    destroy() {
      zeroize(privateKey)
      destroyed = true
    },
  }
}

/**
 * Parses a secp256k1 public key given as hex or bytes and returns it uncompressed (65 bytes).
 * Accepts 130 hex with the `04` prefix and 128 hex without it (NEAR's form), and
 * rejects anything that is not a point on the curve.
 */
export function normalizePublicKey(key: string | Uint8Array): Uint8Array {
  let bytes: Uint8Array
  if (typeof key === 'string') {
    let hex = key.startsWith('0x') ? key.slice(2) : key
    if (hex.length === 128 && isHex(hex)) hex = '04' + hex
    if (hex.length !== 130 || !hex.startsWith('04') || !isHex(hex)) {
      throw new CryptoError('INVALID_PUBLIC_KEY', { details: { length: key.length } })
    }
    bytes = hexToBytes(hex)
  } else {
    bytes = key.length === 64 ? Uint8Array.of(4, ...key) : key
  }
  if (bytes.length !== 65 || bytes[0] !== 4) throw new CryptoError('INVALID_PUBLIC_KEY', { details: { length: bytes.length } })
  try {
    secp256k1.Point.fromBytes(bytes).assertValidity()
  } catch (cause) {
    throw new CryptoError('INVALID_PUBLIC_KEY', { message: 'Public key is not a point on secp256k1', cause })
  }
  return bytes
}

/** The seed's client-key rule: exactly 130 hex characters starting with `04`, and on the curve. */
export function validateClientPublicKey(hex: string): void {
  if (hex.length !== 130 || !hex.startsWith('04')) {
    throw new CryptoError('INVALID_PUBLIC_KEY', {
      message: `Client public key must be 130 hex characters starting with '04' (got ${hex.length})`,
    })
  }
  normalizePublicKey(hex)
}
