/** Test helpers shared by the API and SSE tests. */

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

/** A stream (or response body) we drive by hand, which records pulls and whether it was cancelled. */
export function controlledStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const state = { cancelled: false, pulls: 0 }
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
    },
    pull() {
      state.pulls++
    },
    cancel() {
      state.cancelled = true
    },
  })
  return {
    stream,
    state,
    push: (s: string | Uint8Array) => controller.enqueue(typeof s === 'string' ? enc(s) : s),
    close: () => controller.close(),
    error: (e: unknown) => controller.error(e),
  }
}
