import type { Ed25519SchemeVersion } from './ed25519-e2ee.ts'
import type { KeyHolder } from './key-holder.ts'

/** The key algorithm of a chat: the attested key's and so the encryption scheme's. */
export type SigningAlgo = 'ecdsa' | 'ed25519'

/**
 * One E2EE scheme: `ecdsa` is secp256k1 ECDH + HKDF-SHA256 + AES-256-GCM (Venice, and
 * NEAR's `ecdsa`); `ed25519` is X25519 + XChaCha20-Poly1305 in its version 1 or 2 wire form.
 */
export type E2EEScheme =
  | {
      /** secp256k1 ECDH + HKDF-SHA256 + AES-256-GCM. */
      algo: 'ecdsa'
    }
  | {
      /** X25519 + XChaCha20-Poly1305. */
      algo: 'ed25519'
      /** The wire form: 1 or 2. */
      version: Ed25519SchemeVersion
    }

/** The secp256k1 scheme (ECDH + HKDF-SHA256 + AES-256-GCM): Venice, and NEAR with `signing_algo=ecdsa`. */
export const ECDSA_SCHEME: E2EEScheme = Object.freeze({ algo: 'ecdsa' })

/** What a chat needs of a scheme: encrypt to the model key, tell ciphertext from plaintext, hold a client key. */
export interface SchemeCodec {
  /** Which scheme it implements. */
  readonly scheme: E2EEScheme
  /** Encrypts one field to the attested model key. */
  encrypt(plaintext: string, recipientPublicKey: string): string
  /** True when `value` has the shape of a ciphertext of this scheme (hex, long enough). */
  isCiphertext(value: string): boolean
  /** A fresh client key on this thread. */
  createKeyHolder(): KeyHolder
  /** ed25519 only: checks an Ed25519 signature (hex) over `text` by a 64-hex public key (NEAR's response signatures). */
  verifySignature?(signatureHex: string, text: string, publicKeyHex: string): boolean
}


/**
 * The codec of a scheme, each a separate chunk loaded on first use: apps that only speak `ecdsa`
 * never download the ed25519 code (X25519, XChaCha20, XSalsa20), and apps whose key holder
 * encrypts in a worker never load secp256k1 and AES on the main thread.
 * @example
 * const codec = await loadSchemeCodec({ algo: 'ed25519', version: 2 })
 * const content = codec.encrypt('Hi', attested.signingKey)
 */
export async function loadSchemeCodec(scheme: E2EEScheme): Promise<SchemeCodec> {
  if (scheme.algo === 'ecdsa') return (await import('./ecdsa-codec.ts')).ecdsaCodec
  const { ed25519Codec } = await import('./ed25519-e2ee.ts')
  return ed25519Codec(scheme.version)
}
