import { CryptoError } from '../errors.ts'
import { decrypt } from './e2ee.ts'
import { generateClientKeyPair } from './keys.ts'

/**
 * Custody of one E2EE session's client private key. The session only ever sees
 * the public key and the decrypted text: where the private key lives (the main
 * thread, a Web Worker, a platform keystore) is the holder's business.
 *
 * `decrypt` throws (or rejects with) a `CryptoError`: `INVALID_HEX` for a
 * malformed wire value, `DECRYPT_FAILED` when authentication or UTF-8 decoding
 * fails, `KEY_DESTROYED` after `destroy()`. It never returns unauthenticated text.
 */
export interface KeyHolder {
  /** The client public key as the API takes it: 130 hex (secp256k1, uncompressed) for `ecdsa`, 64 hex (Ed25519) for `ed25519`. */
  readonly publicKeyHex: string
  /** The algorithm of the key. Absent means `ecdsa`. */
  readonly algo?: 'ecdsa' | 'ed25519'
  /** Decrypts one wire-format field of the holder's scheme to UTF-8 text. */
  decrypt(wireHex: string): Promise<string> | string
  /** Zeroes the private key. Safe to call more than once; `decrypt` fails with `KEY_DESTROYED` afterwards. */
  destroy(): void
}

/**
 * A key holder on the calling thread: a fresh `generateClientKeyPair()` and a
 * synchronous `decrypt`. The default of `createChatSession`.
 * @example
 * const holder = createLocalKeyHolder()
 * headers['X-Venice-TEE-Client-Pub-Key'] = holder.publicKeyHex
 * const text = holder.decrypt(chunk.choices[0].delta.content)
 * holder.destroy()
 */
export function createLocalKeyHolder(): KeyHolder {
  const keys = generateClientKeyPair()
  return {
    publicKeyHex: keys.publicKeyHex,
    decrypt(wireHex: string): string {
      if (keys.destroyed) throw new CryptoError('KEY_DESTROYED')
      return decrypt(wireHex, keys.privateKey)
    },
    destroy() {
      keys.destroy()
    },
  }
}
