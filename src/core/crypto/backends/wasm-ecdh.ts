import { CryptoError } from '../../errors.ts'
import type { ChunkOpener, ChunkSealer, EcdhBackend } from '../ecdh.ts'
import { bytesToHex, decodeHexInto } from '../hex.ts'
import { isBytes } from '../is-bytes.ts'

/**
 * secp256k1 ECDH in WebAssembly: libsecp256k1 v0.5.0's `secp256k1_ecdh`
 * (`secp256k1_ecmult_const`, constant-time in the secret scalar), compiled by
 * `wasm/build.sh` from `wasm/ecdh.c` and `wasm/chunk.c` into a 68 KB module with
 * no imports. The same module opens a whole E2EE chunk in one call (ECDH, then
 * BearSSL's HKDF-SHA256 and constant-time AES-256-GCM): the backend's `opener`,
 * which `decryptBytes` takes; and seals one the other way (the ephemeral public
 * key too): its `sealer`, which `encrypt` takes. Either way the shared secret and
 * the AES key stay in linear memory and are zeroed there.
 *
 * The module is inlined (base64) in a separate chunk that is loaded on first use,
 * so it needs no bundler plugin, no `fetch` and no asset URL, and runs the same
 * in browsers (main thread or Web Worker), Node, Deno and Bun. Compilation is
 * async because Chromium refuses synchronous compilation of modules over 4 KB
 * on the main thread. A Content-Security-Policy without `'wasm-unsafe-eval'`
 * blocks it; `installFastEcdh` then keeps the @noble/curves backend.
 */

/** Where the WASM bytes come from; default: the inlined module. */
export type WasmEcdhSource = BufferSource | WebAssembly.Module | Response | PromiseLike<Response>

export interface WasmEcdhOptions {
  /** Bytes, a compiled module or a `fetch` response of `libsecp256k1-ecdh.wasm`. Default: the inlined copy. */
  source?: WasmEcdhSource
}

/** Internal: the backend plus its linear memory, so tests can check that no key material stays behind. */
export interface WasmEcdhInstance {
  ecdh: EcdhBackend
  /** The whole-chunk path, also reachable as `ecdh.opener`. */
  opener: ChunkOpener
  /** The whole-field encryption, also reachable as `ecdh.sealer`. */
  sealer: ChunkSealer
  /** Opens a chunk already decoded to bytes (for bench/ to time the WASM call without hex decoding). */
  openBytes(privateKey: Uint8Array, wire: Uint8Array): Uint8Array
  memory: WebAssembly.Memory
  /** Bytes [0, stackTop) are the C stack. */
  stackTop: number
  /** How far below `stackTop` the wrapper zeroes the stack after every call. */
  stackScrub: number
}

interface Exports {
  memory: WebAssembly.Memory
  /** Address of the 129-byte I/O buffer. */
  io: WebAssembly.Global
  /** Address of the 64 KiB buffer a whole chunk is decrypted in. */
  wire: WebAssembly.Global
  /** Linked with --stack-first: the C stack is [0, initial stack pointer), growing down. */
  __stack_pointer: WebAssembly.Global
  ecdh_x: (publicKeyLength: number) => number
  /** Decrypts wire[0, length) in place: 1, or -1 bad point, 0 bad scalar, -2 tag mismatch, -3 bad length. */
  open_wire: (length: number) => number
  /**
   * Seals wire[77, 77 + n) in place to the key at io[32, 32 + publicKeyLength) under the scalar at io[0, 32)
   * and the IV at wire[65, 77), writing the ephemeral key before and the tag after: 1, or -1 bad point, 0 bad
   * scalar, -3 bad length.
   */
  seal_wire: (publicKeyLength: number, n: number) => number
}

const SK = 0
const PUB = 32
const OUT = 97
const IO_LEN = 129
/** Size of the module's wire buffer (chunk.c WIRE_MAX). */
const WIRE_MAX = 65536
/** Where the IV starts in a wire value: after the ephemeral key. */
const IV_AT = 65
const IV_LEN = 12
/** Where the plaintext starts in a wire value: after the ephemeral key (65) and the IV (12). */
const PLAINTEXT_AT = 77
const TAG_LEN = 16
/** The longest plaintext `seal_wire` takes: its wire value fills the buffer. */
const MAX_PLAINTEXT = WIRE_MAX - PLAINTEXT_AT - TAG_LEN
/**
 * Measured stack use is about 4 KB for `ecdh_x` and 5 KB for `open_wire`; scrub well above that below the
 * stack top (test/core/backends.test.ts measures it against this).
 */
const STACK_SCRUB = 8192

/** What the module says of a key it refused: -1, the point does not parse or is not on the curve; else a bad scalar. */
function refusedKey(status: number): CryptoError {
  return status === -1 ? new CryptoError('INVALID_PUBLIC_KEY', { message: 'Public key is not a point on secp256k1' }) : new CryptoError('INVALID_PRIVATE_KEY')
}

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

async function compile(source: WasmEcdhSource | undefined): Promise<WebAssembly.Module> {
  if (source === undefined) {
    // A separate chunk: apps that never call this do not download the 23 KB (gzip) module.
    const { LIBSECP256K1_ECDH_WASM_BASE64 } = await import('./libsecp256k1-ecdh.wasm.ts')
    return WebAssembly.compile(base64ToBytes(LIBSECP256K1_ECDH_WASM_BASE64) as BufferSource)
  }
  if (source instanceof WebAssembly.Module) return source
  if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer) return WebAssembly.compile(source)
  const response = await source
  return WebAssembly.compile(await response.arrayBuffer())
}

/** Internal: instantiates the module and wraps it as an `EcdhBackend`. Prefer `loadWasmEcdh`. */
export async function instantiateWasmEcdh(options: WasmEcdhOptions = {}): Promise<WasmEcdhInstance> {
  const module = await compile(options.source)
  const instance = await WebAssembly.instantiate(module, {})
  const exports = instance.exports as unknown as Exports
  if (
    typeof exports.ecdh_x !== 'function' ||
    typeof exports.open_wire !== 'function' ||
    typeof exports.seal_wire !== 'function' ||
    !(exports.memory instanceof WebAssembly.Memory) ||
    !exports.io ||
    !exports.wire ||
    !exports.__stack_pointer
  ) {
    throw new CryptoError('INVALID_ARGUMENT', { message: 'Not the sealkit libsecp256k1 ECDH module' })
  }
  const stackTop = exports.__stack_pointer.value as number
  // The memory has a fixed size (initial = maximum), so this view never detaches.
  const heap = new Uint8Array(exports.memory.buffer)
  const io = exports.io.value as number
  const wire = exports.wire.value as number
  const scrub = (wireLength: number) => {
    heap.fill(0, io, io + IO_LEN)
    heap.fill(0, wire, wire + wireLength)
    heap.fill(0, stackTop - STACK_SCRUB, stackTop)
  }

  const ecdh = ((privateKey: Uint8Array, publicKey: Uint8Array) => {
    if (privateKey.length !== 32) throw new CryptoError('INVALID_PRIVATE_KEY')
    const n = publicKey.length
    // libsecp256k1 also parses "hybrid" keys (06/07); the other backends do not.
    if (!((n === 65 && publicKey[0] === 4) || (n === 33 && (publicKey[0] === 2 || publicKey[0] === 3)))) {
      throw new CryptoError('INVALID_PUBLIC_KEY', { details: { length: n } })
    }
    try {
      heap.set(privateKey, io + SK)
      heap.set(publicKey, io + PUB)
      const status = exports.ecdh_x(n)
      if (status !== 1) throw refusedKey(status)
      return heap.slice(io + OUT, io + OUT + 32)
    } finally {
      scrub(0)
    }
  }) as EcdhBackend & { opener: ChunkOpener; sealer: ChunkSealer }

  /** Runs open_wire over the `length` bytes already written at `wire`, and copies the plaintext out. */
  const openInPlace = (privateKey: Uint8Array, length: number): Uint8Array => {
    if (privateKey.length !== 32) throw new CryptoError('INVALID_PRIVATE_KEY')
    heap.set(privateKey, io + SK)
    const status = exports.open_wire(length)
    if (status === 1) return heap.slice(wire + PLAINTEXT_AT, wire + length - TAG_LEN)
    if (status === -1 || status === 0) throw refusedKey(status)
    throw new Error(status === -2 ? 'AES-GCM tag does not match' : 'Wire value has a bad length')
  }
  const opener: ChunkOpener = {
    maxWireBytes: WIRE_MAX,
    open(privateKey, wireHex) {
      const length = wireHex.length / 2
      if (!Number.isInteger(length) || length > WIRE_MAX) throw new CryptoError('INVALID_HEX', { details: { length: wireHex.length } })
      try {
        // Straight into linear memory: no intermediate byte array to allocate, copy and zero.
        decodeHexInto(wireHex, 0, heap, wire)
        return openInPlace(privateKey, length)
      } finally {
        scrub(length)
      }
    },
  }
  const openBytes = (privateKey: Uint8Array, bytes: Uint8Array) => {
    if (bytes.length > WIRE_MAX) throw new CryptoError('INVALID_ARGUMENT', { details: { length: bytes.length } })
    try {
      heap.set(bytes, wire)
      return openInPlace(privateKey, bytes.length)
    } finally {
      scrub(bytes.length)
    }
  }
  const sealer: ChunkSealer = {
    maxPlaintextBytes: MAX_PLAINTEXT,
    // heap.set takes any array-like, converting each element to a byte: only byte arrays are sealed as they are.
    seal(ephemeralPrivateKey, iv, recipientPublicKey, plaintext) {
      if (!isBytes(ephemeralPrivateKey) || ephemeralPrivateKey.length !== 32) throw new CryptoError('INVALID_PRIVATE_KEY')
      if (!isBytes(iv) || iv.length !== IV_LEN) throw new CryptoError('ENCRYPT_FAILED', { message: 'IV must be 12 bytes' })
      if (!isBytes(recipientPublicKey) || recipientPublicKey.length !== 65 || recipientPublicKey[0] !== 4) {
        throw new CryptoError('INVALID_PUBLIC_KEY', { details: { length: isBytes(recipientPublicKey) ? recipientPublicKey.length : undefined } })
      }
      if (!isBytes(plaintext)) throw new CryptoError('INVALID_ARGUMENT', { message: 'Plaintext must be a Uint8Array' })
      const n = plaintext.length
      // The module's buffer, not `this.maxPlaintextBytes`: the method may be called unbound or on a copy.
      if (n > MAX_PLAINTEXT) throw new CryptoError('INVALID_ARGUMENT', { details: { length: n } })
      const length = PLAINTEXT_AT + n + TAG_LEN
      try {
        heap.set(ephemeralPrivateKey, io + SK)
        heap.set(recipientPublicKey, io + PUB)
        heap.set(iv, wire + IV_AT)
        heap.set(plaintext, wire + PLAINTEXT_AT)
        const status = exports.seal_wire(65, n)
        if (status === 1) return bytesToHex(heap.subarray(wire, wire + length))
        if (status === -1 || status === 0) throw refusedKey(status)
        throw new CryptoError('INVALID_ARGUMENT', { details: { length: n } })
      } finally {
        scrub(length)
      }
    },
  }
  ecdh.opener = opener
  ecdh.sealer = sealer
  return { ecdh, opener, sealer, openBytes, memory: exports.memory, stackTop, stackScrub: STACK_SCRUB }
}

/**
 * Loads the constant-time libsecp256k1 WASM backend. Set it with `setEcdhBackend`,
 * or let `installFastEcdh` do both.
 * @example
 * setEcdhBackend(await loadWasmEcdh())
 */
export async function loadWasmEcdh(options: WasmEcdhOptions = {}): Promise<EcdhBackend> {
  return (await instantiateWasmEcdh(options)).ecdh
}
