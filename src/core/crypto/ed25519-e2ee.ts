import { hchacha, xchacha20, xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { poly1305 } from '@noble/ciphers/_poly1305.js'
import { hsalsa, xsalsa20poly1305 } from '@noble/ciphers/salsa.js'
import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes } from './random.ts'
import { CryptoError } from '../errors.ts'
import type { KeyHolder } from './key-holder.ts'
import type { SchemeCodec } from './scheme.ts'
import { decryptedText } from './e2ee.ts'
import { bytesEqual, bytesToHex, concatBytes, hexToBytes, isHex, utf8Encode, zeroize } from './hex.ts'
import { ownedKeyPair, type ClientKeyPair } from './keys.ts'

/**
 * The `ed25519` E2EE schemes of the open inference proxy (NEAR AI Cloud's `X-Signing-Algo: ed25519`).
 *
 * Both sides hold Ed25519 keys and convert them to X25519 (the standard birational
 * map; the secret through SHA-512 and clamping, as RFC 8032 does) for the ECDH.
 * Every field is `hex(ephemeral X25519 pub (32) || nonce (24) || sealed)`:
 * - version 2: sealed = XChaCha20-Poly1305(HKDF-SHA256(x25519 shared, info "ed25519_encryption"), nonce, text), tag last;
 * - version 1: sealed = crypto_box "ChaChaBox" (key HChaCha20(shared, 0), NaCl secretbox over
 *   XChaCha20, tag first); decryption falls back to the classic SalsaBox (HSalsa20 / XSalsa20-Poly1305).
 */
export type Ed25519SchemeVersion = 1 | 2

export const ED25519_HKDF_INFO = utf8Encode('ed25519_encryption')
const PUB_LEN = 32
const NONCE_LEN = 24
const TAG_LEN = 16
/** 32 + 24 + 16 bytes = 144 hex characters: the shortest valid field (empty plaintext). */
export const MIN_ED25519_CIPHERTEXT_HEX = (PUB_LEN + NONCE_LEN + TAG_LEN) * 2

/** An Ed25519 client key pair for one session (32-byte seed, 32-byte public key, 64 hex): the public key goes in `X-Client-Pub-Key`. */
export type Ed25519ClientKeyPair = ClientKeyPair

/**
 * A fresh Ed25519 client key pair from the platform CSPRNG.
 * @example
 * const keys = generateEd25519ClientKeyPair()
 * headers['X-Client-Pub-Key'] = keys.publicKeyHex
 * keys.destroy()
 */
export function generateEd25519ClientKeyPair(): Ed25519ClientKeyPair {
  return ed25519ClientKeyPairFromSeed(ed25519.utils.randomSecretKey())
}

/** Wraps an existing 32-byte seed (taken over: `destroy()` zeroes the caller's array). */
export function ed25519ClientKeyPairFromSeed(seed: Uint8Array): Ed25519ClientKeyPair {
  if (seed.length !== 32) throw new CryptoError('INVALID_PRIVATE_KEY')
  return ownedKeyPair(seed, ed25519.getPublicKey(seed))
}

/** Parses an Ed25519 public key (64 hex or 32 bytes) and returns its X25519 form; refuses points off the curve. */
export function ed25519PublicKeyToX25519(key: string | Uint8Array): Uint8Array {
  const bytes = typeof key === 'string' ? (key.length === 64 && isHex(key) ? hexToBytes(key) : undefined) : key
  if (!bytes || bytes.length !== 32) {
    throw new CryptoError('INVALID_PUBLIC_KEY', { message: 'An Ed25519 public key is 32 bytes (64 hex characters)', details: { length: key.length } })
  }
  try {
    return ed25519.utils.toMontgomery(bytes)
  } catch (cause) {
    throw new CryptoError('INVALID_PUBLIC_KEY', { message: 'Public key is not a point on Ed25519', cause })
  }
}

/** The X25519 secret of an Ed25519 seed: clamped SHA-512(seed)[0..32]. Zero it when done. */
export function ed25519SeedToX25519(seed: Uint8Array): Uint8Array {
  return ed25519.utils.toMontgomerySecret(seed)
}

/** True when `s` is hex long enough to be an ed25519-scheme field. */
export function isEd25519EncryptedHex(s: string): boolean {
  return s.length >= MIN_ED25519_CIPHERTEXT_HEX && isHex(s)
}

export interface Ed25519EncryptOptions {
  version?: Ed25519SchemeVersion
  /** Fixed ephemeral X25519 secret and nonce, for test vectors only. */
  ephemeralPrivateKey?: Uint8Array
  nonce?: Uint8Array
}

/**
 * Encrypts `plaintext` to an Ed25519 public key (the attested `signing_public_key` for `ed25519`).
 * @example
 * const content = encryptEd25519('Hello', attested.signingKey) // version 2
 */
export function encryptEd25519(plaintext: string | Uint8Array, recipientEd25519PublicKey: string | Uint8Array, options: Ed25519EncryptOptions = {}): string {
  const version = options.version ?? 2
  const recipient = ed25519PublicKeyToX25519(recipientEd25519PublicKey)
  const ephemeral = options.ephemeralPrivateKey ?? x25519.utils.randomSecretKey()
  const nonce = options.nonce ?? randomBytes(NONCE_LEN)
  if (nonce.length !== NONCE_LEN) throw new CryptoError('ENCRYPT_FAILED', { message: 'Nonce must be 24 bytes' })
  const data = typeof plaintext === 'string' ? utf8Encode(plaintext) : plaintext
  const shared = sharedSecret(ephemeral, recipient)
  const key = version === 2 ? v2Key(shared) : boxKey(shared, hchacha)
  try {
    const sealed = version === 2 ? xchacha20poly1305(key, nonce).encrypt(data) : chachaSecretboxSeal(key, nonce, data)
    return bytesToHex(concatBytes(x25519.getPublicKey(ephemeral), nonce, sealed))
  } finally {
    zeroize(shared)
    zeroize(key)
    if (!options.ephemeralPrivateKey) zeroize(ephemeral)
  }
}

/**
 * Decrypts an ed25519-scheme field with the client's Ed25519 seed; returns raw bytes.
 * `INVALID_HEX` for a malformed field, `DECRYPT_FAILED` when no scheme of the version authenticates it.
 */
export function decryptEd25519Bytes(wireHex: string, clientSeed: Uint8Array, version: Ed25519SchemeVersion = 2): Uint8Array {
  if (!isEd25519EncryptedHex(wireHex)) throw new CryptoError('INVALID_HEX', { details: { length: wireHex.length } })
  const raw = hexToBytes(wireHex)
  const ephemeralPub = raw.subarray(0, PUB_LEN)
  const nonce = raw.subarray(PUB_LEN, PUB_LEN + NONCE_LEN)
  const sealed = raw.subarray(PUB_LEN + NONCE_LEN)
  const secret = ed25519SeedToX25519(clientSeed)
  let shared: Uint8Array | undefined
  const keys: Uint8Array[] = []
  try {
    shared = sharedSecret(secret, ephemeralPub)
    if (version === 2) {
      const key = v2Key(shared)
      keys.push(key)
      return xchacha20poly1305(key, nonce).decrypt(sealed)
    }
    const chachaKey = boxKey(shared, hchacha)
    keys.push(chachaKey)
    const opened = chachaSecretboxOpen(chachaKey, nonce, sealed)
    if (opened) return opened
    // The proxy's own v1 decryption falls back to the classic NaCl box; so do we.
    const salsaKey = boxKey(shared, hsalsa)
    keys.push(salsaKey)
    return xsalsa20poly1305(salsaKey, nonce).decrypt(sealed)
  } catch (cause) {
    throw new CryptoError('DECRYPT_FAILED', { cause: cause instanceof CryptoError ? cause : undefined })
  } finally {
    zeroize(secret)
    zeroize(shared)
    keys.forEach(zeroize)
  }
}

/** `decryptEd25519Bytes` followed by strict UTF-8 decoding. */
export function decryptEd25519(wireHex: string, clientSeed: Uint8Array, version: Ed25519SchemeVersion = 2): string {
  return decryptedText(decryptEd25519Bytes(wireHex, clientSeed, version))
}

function sharedSecret(secret: Uint8Array, publicKey: Uint8Array): Uint8Array {
  try {
    // noble refuses the all-zero shared secret of a low-order point.
    return x25519.getSharedSecret(secret, publicKey)
  } catch (cause) {
    throw new CryptoError('INVALID_PUBLIC_KEY', { message: 'X25519 key agreement failed', cause })
  }
}

const v2Key = (shared: Uint8Array): Uint8Array => hkdf(sha256, shared, undefined, ED25519_HKDF_INFO, 32)

// "expand 32-byte k", little-endian words: the constant HSalsa20 and HChaCha20 start from.
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574])

/** crypto_box's beforenm: H(Salsa|ChaCha)20(key = shared secret, input = 16 zero bytes). */
function boxKey(shared: Uint8Array, core: typeof hchacha): Uint8Array {
  const words = new Uint32Array(8)
  const keyWords = new Uint32Array(8)
  for (let i = 0; i < 8; i++) keyWords[i] = new DataView(shared.buffer, shared.byteOffset + i * 4, 4).getUint32(0, true)
  core(SIGMA, keyWords, new Uint32Array(4), words)
  const out = new Uint8Array(32)
  const view = new DataView(out.buffer)
  for (let i = 0; i < 8; i++) view.setUint32(i * 4, words[i]!, true)
  zeroize(new Uint8Array(keyWords.buffer))
  zeroize(new Uint8Array(words.buffer))
  return out
}

/** NaCl secretbox over XChaCha20 (libsodium's crypto_secretbox_xchacha20poly1305): tag || ciphertext. */
function chachaSecretboxSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  // The first 32 bytes of keystream are the Poly1305 key; the text is encrypted from byte 32 on.
  const stream = xchacha20(key, nonce, concatBytes(new Uint8Array(32), plaintext))
  const authKey = stream.subarray(0, 32)
  const ciphertext = stream.subarray(32)
  const out = concatBytes(poly1305(ciphertext, authKey), ciphertext)
  zeroize(authKey)
  return out
}

function chachaSecretboxOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  if (sealed.length < TAG_LEN) return undefined
  const tag = sealed.subarray(0, TAG_LEN)
  const ciphertext = sealed.subarray(TAG_LEN)
  const authKey = xchacha20(key, nonce, new Uint8Array(32))
  const ok = bytesEqual(poly1305(ciphertext, authKey), tag)
  zeroize(authKey)
  if (!ok) return undefined
  return xchacha20(key, nonce, concatBytes(new Uint8Array(32), ciphertext)).subarray(32)
}

/**
 * A key holder on this thread with a fresh Ed25519 client key (`algo: 'ed25519'`).
 * @example
 * const holder = createEd25519KeyHolder(2)
 * headers['X-Client-Pub-Key'] = holder.publicKeyHex
 */
export function createEd25519KeyHolder(version: Ed25519SchemeVersion = 2): KeyHolder {
  const keys = generateEd25519ClientKeyPair()
  return {
    publicKeyHex: keys.publicKeyHex,
    algo: 'ed25519',
    kind: 'main-thread',
    reason: 'ed25519 keys are held on this thread (the decryption worker holds secp256k1 keys only)',
    decrypt(wireHex: string): string {
      if (keys.destroyed) throw new CryptoError('KEY_DESTROYED')
      return decryptEd25519(wireHex, keys.privateKey, version)
    },
    destroy() {
      keys.destroy()
    },
  }
}

/** The `SchemeCodec` of one ed25519 version (see `loadSchemeCodec`). */
export function ed25519Codec(version: Ed25519SchemeVersion): SchemeCodec {
  return {
    scheme: { algo: 'ed25519', version },
    encrypt: (plaintext, recipient) => encryptEd25519(plaintext, recipient, { version }),
    isCiphertext: isEd25519EncryptedHex,
    createKeyHolder: () => createEd25519KeyHolder(version),
    verifySignature: (signatureHex, text, publicKeyHex) => ed25519.verify(hexToBytes(signatureHex), utf8Encode(text), hexToBytes(publicKeyHex)),
  }
}
