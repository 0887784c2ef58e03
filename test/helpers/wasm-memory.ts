import type { WasmEcdhInstance } from '../../src/core/crypto/backends/wasm-ecdh.ts'

/** True when `needle` occurs anywhere in `hay` (a plain scan: linear memory is 128 KiB). */
export function containsBytes(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

/**
 * Runs `call` over a C stack painted 0xa5 and says how deep the stack was touched, the wrapper's own scrub
 * included (bytes below the stack top: `stackScrub` when the call stayed within the scrubbed part, more when
 * it went deeper), and whether anything the call wrote is still there (not 0xa5 and not zero). Leaves the
 * stack zeroed. The call's own depth within the scrubbed part cannot be seen from here.
 */
export function stackAfter(wasm: WasmEcdhInstance, call: () => unknown): { depth: number; left: boolean } {
  const stack = new Uint8Array(wasm.memory.buffer, 0, wasm.stackTop)
  stack.fill(0xa5)
  try {
    call()
    const lowest = stack.findIndex((b) => b !== 0xa5)
    return { depth: lowest < 0 ? 0 : wasm.stackTop - lowest, left: stack.some((b) => b !== 0xa5 && b !== 0) }
  } finally {
    stack.fill(0)
  }
}
