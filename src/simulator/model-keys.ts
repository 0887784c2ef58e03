import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesEqual, bytesToHex, concatBytes, utf8Encode } from '../core/crypto/hex.ts'
import { normalizePublicKey } from '../core/crypto/keys.ts'
import { publicKeyToAddress } from '../core/crypto/eth.ts'

/**
 * The enclave's per-model signing keys: one secp256k1 key per attested model,
 * the key E2EE requests are encrypted to and response signatures are made with.
 * Keys are random at start-up, or derived from a seed for reproducible runs;
 * rotation replaces a model's key with the next generation.
 */
export interface ModelKey {
  /** The model id. */
  readonly model: string
  /** 0 at start-up, +1 per rotation. */
  readonly generation: number
  /** The secp256k1 private key (test keys only). */
  readonly privateKey: Uint8Array
  /** Uncompressed, 65 bytes. */
  readonly publicKey: Uint8Array
  /** 130 hex characters with the `04` prefix. */
  readonly publicKeyHex: string
  /** `0x` + 40 lowercase hex. */
  readonly address: string
  /** The same generation's Ed25519 key (NEAR AI's `ed25519` algorithm): its 32-byte seed and 64-hex public key. */
  readonly ed25519Seed: Uint8Array
  /** The Ed25519 public key, 64 hex. */
  readonly ed25519PublicKeyHex: string
}

export interface KeyRing {
  current(model: string): ModelKey
  /** Replaces the model's key; the old one stops being accepted. Returns the new key. */
  rotate(model: string): ModelKey
  /** NEAR AI's rule: the key string equals the attested one exactly (ecdsa: 128 hex without 04; ed25519: 64 hex). */
  isCurrentExactly(model: string, publicKey: string): boolean
  /** True when `publicKey` (130 or 128 hex) is the model's current key. Malformed keys throw `INVALID_PUBLIC_KEY`. */
  isCurrent(model: string, publicKey: string): boolean
}

/** A key pair that is not any model's key: for faults that need an impostor. */
export function randomKey(model: string): ModelKey {
  return keyFromPrivate(model, -1, secp256k1.utils.randomSecretKey())
}

function keyFromPrivate(model: string, generation: number, privateKey: Uint8Array): ModelKey {
  const publicKey = secp256k1.getPublicKey(privateKey, false)
  // The Ed25519 key of the same generation, derived from the secp256k1 one so seeded runs stay reproducible.
  const ed25519Seed = sha256(concatBytes(privateKey, utf8Encode('\0sealkit-simulator/ed25519')))
  return {
    model,
    generation,
    privateKey,
    publicKey,
    publicKeyHex: bytesToHex(publicKey),
    address: publicKeyToAddress(publicKey),
    ed25519Seed,
    ed25519PublicKeyHex: bytesToHex(ed25519.getPublicKey(ed25519Seed)),
  }
}

function derivePrivateKey(seed: Uint8Array, model: string, generation: number): Uint8Array {
  // Counter loop: a hash output is a valid scalar with overwhelming probability, but not always.
  for (let counter = 0; ; counter++) {
    const candidate = sha256(concatBytes(seed, utf8Encode(`\0sealkit-simulator/model-key/${model}/${generation}/${counter}`)))
    if (secp256k1.utils.isValidSecretKey(candidate)) return candidate
  }
}

export function createKeyRing(models: readonly string[], seed?: string | Uint8Array): KeyRing {
  const seedBytes = seed === undefined ? undefined : typeof seed === 'string' ? utf8Encode(seed) : seed
  const make = (model: string, generation: number): ModelKey =>
    keyFromPrivate(
      model,
      generation,
      seedBytes ? derivePrivateKey(seedBytes, model, generation) : secp256k1.utils.randomSecretKey(),
    )
  const keys = new Map(models.map((m) => [m, make(m, 0)]))
  const current = (model: string): ModelKey => {
    const key = keys.get(model)
    if (!key) throw new Error(`No enclave key for model ${model}`)
    return key
  }
  return {
    current,
    rotate(model) {
      const next = make(model, current(model).generation + 1)
      keys.set(model, next)
      return next
    },
    isCurrent(model, publicKey) {
      return bytesEqual(normalizePublicKey(publicKey), current(model).publicKey)
    },
    isCurrentExactly(model, publicKey) {
      const key = current(model)
      return publicKey === key.publicKeyHex.slice(2) || publicKey === key.ed25519PublicKeyHex
    },
  }
}
