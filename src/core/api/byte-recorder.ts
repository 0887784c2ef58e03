/**
 * Keeps every byte of a response exactly as received, so the response can be
 * hashed later and compared with what the enclave signed.
 *
 * Chunks are copied into one growing buffer (amortised O(1) per byte): a stream
 * may reuse its chunk buffers, and `bytes()` then needs no concatenation pass.
 *
 * @example
 * const recorder = new ByteRecorder()
 * for await (const event of readSse(response.body, { onBytes: recorder.push })) { ... }
 * sha256(recorder.bytes())
 */
export class ByteRecorder {
  #buffer = new Uint8Array(0)
  #length = 0

  /** Appends a copy of `chunk`. Bound, so it can be passed as a callback. */
  readonly push = (chunk: Uint8Array): void => {
    const needed = this.#length + chunk.length
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2, 4096))
      grown.set(this.#buffer.subarray(0, this.#length))
      this.#buffer = grown
    }
    this.#buffer.set(chunk, this.#length)
    this.#length = needed
  }

  /** Number of bytes recorded so far. */
  get length(): number {
    return this.#length
  }

  /** A copy of every byte recorded so far, in order. */
  bytes(): Uint8Array {
    return this.#buffer.slice(0, this.#length)
  }
}
