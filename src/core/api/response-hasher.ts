import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '../crypto/hex.ts'

/**
 * SHA-256 over every byte of a response exactly as received, computed as the bytes
 * arrive: what the enclave signs is `sha256(response body)`, so the bytes need not be kept.
 * Memory stays constant however long the stream (a 20,000-chunk reply no longer holds
 * megabytes of raw SSE until its signature is checked).
 *
 * Each chunk is hashed when it is pushed, so a stream that reuses its chunk buffers
 * is hashed correctly.
 *
 * @example
 * const hasher = new ResponseHasher()
 * for await (const event of readSse(response.body, { onBytes: hasher.push })) { ... }
 * hasher.hex() // sha256 hex of the exact body, once it has been read to its end
 */
export class ResponseHasher {
  readonly #hash = sha256.create()
  #length = 0

  /** Hashes `chunk` in. Bound, so it can be passed as a callback. */
  readonly push = (chunk: Uint8Array): void => {
    this.#hash.update(chunk)
    this.#length += chunk.length
  }

  /** Number of bytes hashed so far. */
  get length(): number {
    return this.#length
  }

  /** Lowercase sha256 hex of every byte pushed so far, in order; pushing more afterwards is fine. */
  hex(): string {
    return bytesToHex(this.#hash.clone().digest())
  }
}
