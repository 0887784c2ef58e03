import { randomBytes } from '@noble/hashes/utils.js'
import { bytesToHex } from './hex.ts'

/** A fresh 32-byte attestation nonce from the platform CSPRNG, as 64 lowercase hex characters. */
export function generateNonce(): string {
  return bytesToHex(randomBytes(32))
}
