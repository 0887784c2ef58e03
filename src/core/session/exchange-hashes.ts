import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8Encode } from '../crypto/hex.ts'

// A module of its own: hashing needs no curve code, so what hashes on the main thread does not carry it.
/** sha256 hex of the exact request body and response bytes: what the enclave signs. */
export function exchangeHashes(exchange: { requestBody: string | Uint8Array; responseBytes: Uint8Array }): { requestHash: string; responseHash: string } {
  const body = typeof exchange.requestBody === 'string' ? utf8Encode(exchange.requestBody) : exchange.requestBody
  return { requestHash: bytesToHex(sha256(body)), responseHash: bytesToHex(sha256(exchange.responseBytes)) }
}
