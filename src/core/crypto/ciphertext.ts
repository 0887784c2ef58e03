import { isHex } from './hex.ts'

/**
 * The wire shape of the secp256k1 scheme's ciphertext, without its crypto: a chat checks every
 * chunk's shape on the main thread while the crypto itself runs where the key lives (a worker).
 */
const PUB_LEN = 65
const IV_LEN = 12
const TAG_LEN = 16
/** 65 + 12 + 16 bytes = 186 hex characters: the shortest valid ciphertext (empty plaintext). */
export const MIN_CIPHERTEXT_HEX = (PUB_LEN + IV_LEN + TAG_LEN) * 2

/** The seed's `isValidEncrypted`: hex digits only and at least 186 of them. */
export function isEncryptedHex(s: string): boolean {
  return s.length >= MIN_CIPHERTEXT_HEX && isHex(s)
}
