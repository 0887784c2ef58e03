import { gcm } from '@noble/ciphers/aes.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { expand } from '@noble/hashes/hkdf.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes } from './random.ts'
import { CryptoError } from '../errors.ts'
import { chunkOpener, chunkSealer, ecdhSharedX } from './ecdh.ts'
import { MIN_CIPHERTEXT_HEX } from './ciphertext.ts'
import { bytesToHex, concatBytes, decodeHexInto, utf8Decode, utf8Encode, zeroize } from './hex.ts'
import { isBytes } from './is-bytes.ts'
import { normalizePublicKey } from './keys.ts'

/**
 * The E2EE scheme of PROTOCOL.md:
 * ephemeral secp256k1 ECDH -> HKDF-SHA256(info "ecdsa_encryption") -> AES-256-GCM,
 * on the wire as hex(ephemeralPub(65) || iv(12) || ciphertext || tag(16)).
 */
export const HKDF_INFO = utf8Encode('ecdsa_encryption')
const PUB_LEN = 65
const IV_LEN = 12

export { isEncryptedHex, MIN_CIPHERTEXT_HEX } from './ciphertext.ts'

/**
 * HKDF-Extract without a salt is HMAC-SHA256 keyed with 32 zero bytes (RFC 5869 2.2). The key is
 * public and fixed, so it is absorbed once here and the keyed state cloned per chunk.
 */
const EXTRACT = hmac.create(sha256, new Uint8Array(32))

/** The AES key both sides derive from the ECDH x-coordinate: HKDF-SHA256, no salt, info "ecdsa_encryption". */
export function deriveAesKey(sharedX: Uint8Array): Uint8Array {
  const extract = EXTRACT.clone()
  const prk = extract.update(sharedX).digest()
  try {
    return expand(sha256, prk, HKDF_INFO, 32)
  } finally {
    extract.destroy()
    zeroize(prk)
  }
}

/** Test-vector inputs of {@link encrypt}. */
export interface EncryptOptions {
  /** Fixed ephemeral key and IV, for test vectors only. Never set them in production. */
  ephemeralPrivateKey?: Uint8Array
  /** Fixed 12-byte AES-GCM IV, for test vectors only. Never set it in production. */
  iv?: Uint8Array
}

/**
 * Encrypts `plaintext` (a string or a Uint8Array) to a secp256k1 public key (130 or 128 hex, or bytes). Throws
 * `INVALID_PUBLIC_KEY` for a key not on the curve, `INVALID_ARGUMENT` for a plaintext of another type, and for the
 * test-vector options `INVALID_PRIVATE_KEY` / `ENCRYPT_FAILED` (a bad key / IV).
 * @example
 * const content = encrypt('Hello, TEE!', attestation.signingKey)
 */
export function encrypt(plaintext: string | Uint8Array, recipientPublicKey: string | Uint8Array, options: EncryptOptions = {}): string {
  const recipient = normalizePublicKey(recipientPublicKey)
  // Before the ephemeral key is made: nothing may throw between making it and the `try` that zeroes it.
  // Every input is checked here, so that every backend refuses it alike (@noble's own code would throw plain Errors).
  if (typeof plaintext !== 'string' && !isBytes(plaintext)) throw new CryptoError('INVALID_ARGUMENT', { message: 'Plaintext must be a string or a Uint8Array' })
  if (options.iv !== undefined && !(isBytes(options.iv) && options.iv.length === IV_LEN)) throw new CryptoError('ENCRYPT_FAILED', { message: 'IV must be 12 bytes' })
  if (options.ephemeralPrivateKey !== undefined && !secp256k1.utils.isValidSecretKey(options.ephemeralPrivateKey)) throw new CryptoError('INVALID_PRIVATE_KEY')
  const ephemeral = options.ephemeralPrivateKey ?? secp256k1.utils.randomSecretKey()
  const iv = options.iv ?? randomBytes(IV_LEN)
  const data = typeof plaintext === 'string' ? utf8Encode(plaintext) : plaintext
  try {
    // The installed backend's whole-field path where it has one (the libsecp256k1 WASM module: half the time in a
    // browser, and the shared secret and AES key stay in its memory); both paths give the same bytes.
    const sealer = chunkSealer()
    if (sealer && data.length <= sealer.maxPlaintextBytes) return sealer.seal(ephemeral, iv, recipient, data)
    return sealWithNoble(ephemeral, iv, recipient, data)
  } finally {
    if (!options.ephemeralPrivateKey) zeroize(ephemeral)
  }
}

/** The portable path of `encrypt`: the installed ECDH and @noble's public key, HKDF-SHA256 and AES-256-GCM. */
function sealWithNoble(ephemeral: Uint8Array, iv: Uint8Array, recipient: Uint8Array, data: Uint8Array): string {
  const sharedX = ecdhSharedX(ephemeral, recipient)
  const key = deriveAesKey(sharedX)
  try {
    const ephemeralPub = secp256k1.getPublicKey(ephemeral, false)
    return bytesToHex(concatBytes(ephemeralPub, iv, gcm(key, iv).encrypt(data)))
  } finally {
    zeroize(sharedX)
    zeroize(key)
  }
}

/**
 * Decrypts a wire-format hex ciphertext with our private key and returns the raw bytes.
 * Throws `INVALID_HEX` for a malformed wire value and `DECRYPT_FAILED` when
 * authentication fails; never returns unauthenticated bytes. Takes the installed
 * backend's whole-chunk path when it has one (the libsecp256k1 WASM module), else the
 * installed ECDH followed by HKDF and AES-GCM from `@noble`; both decrypt alike.
 */
export function decryptBytes(wireHex: string, privateKey: Uint8Array): Uint8Array {
  const invalidHex = () => new CryptoError('INVALID_HEX', { details: { length: wireHex.length } })
  // The shape check of isEncryptedHex, with the digits checked as they are decoded (one pass, not two).
  if (wireHex.length < MIN_CIPHERTEXT_HEX || wireHex.length % 2 !== 0) throw invalidHex()
  try {
    const opener = chunkOpener()
    return opener && wireHex.length <= opener.maxWireBytes * 2 ? opener.open(privateKey, wireHex) : openWithNoble(wireHex, privateKey)
  } catch (cause) {
    // A non-hex digit is found while decoding, before any crypto runs.
    if (cause instanceof CryptoError && cause.code === 'INVALID_HEX') throw invalidHex()
    throw new CryptoError('DECRYPT_FAILED', { cause: cause instanceof CryptoError ? cause : undefined })
  }
}

/** The portable path of `decryptBytes`: the installed ECDH, then @noble HKDF-SHA256 and AES-256-GCM. */
function openWithNoble(wireHex: string, privateKey: Uint8Array): Uint8Array {
  const raw = new Uint8Array(wireHex.length / 2)
  decodeHexInto(wireHex, 0, raw, 0) // no `0x` prefix on the wire
  const ephemeralPub = raw.subarray(0, PUB_LEN)
  const iv = raw.subarray(PUB_LEN, PUB_LEN + IV_LEN)
  const sealed = raw.subarray(PUB_LEN + IV_LEN)
  let sharedX: Uint8Array | undefined
  let key: Uint8Array | undefined
  try {
    // Only the uncompressed form is on the wire. Whether the point is on the curve is the ECDH
    // backend's check (every backend must reject one that is not; test/core/backends.test.ts).
    if (ephemeralPub[0] !== 4) throw new CryptoError('INVALID_PUBLIC_KEY')
    sharedX = ecdhSharedX(privateKey, ephemeralPub)
    key = deriveAesKey(sharedX)
    return gcm(key, iv).decrypt(sealed)
  } finally {
    zeroize(sharedX)
    zeroize(key)
  }
}

/** `decryptBytes` followed by strict UTF-8 decoding. */
export function decrypt(wireHex: string, privateKey: Uint8Array): string {
  return decryptedText(decryptBytes(wireHex, privateKey))
}

/** Strict UTF-8 decoding of authenticated plaintext; invalid UTF-8 is `DECRYPT_FAILED`. */
export function decryptedText(bytes: Uint8Array): string {
  try {
    return utf8Decode(bytes)
  } catch {
    throw new CryptoError('DECRYPT_FAILED', { message: 'Decrypted field is not valid UTF-8' })
  }
}
