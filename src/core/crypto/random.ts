import { bytesToHex } from './hex.ts'

/**
 * `length` bytes from the platform CSPRNG: WebCrypto's `getRandomValues`, in browsers, workers and Node 20+.
 * The platform call itself, so the page's first chunk carries no hashing library for it.
 */
export function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length))
}

/** A fresh 32-byte attestation nonce from the platform CSPRNG, as 64 lowercase hex characters. */
export function generateNonce(): string {
  return bytesToHex(randomBytes(32))
}
