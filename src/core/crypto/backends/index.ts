import { bytesEqual, hexToBytes, utf8Encode } from '../hex.ts'
import { setEcdhBackend, type EcdhBackend } from '../ecdh.ts'
import { loadWasmEcdh, type WasmEcdhOptions } from './wasm-ecdh.ts'

export { loadWasmEcdh, type WasmEcdhOptions, type WasmEcdhSource } from './wasm-ecdh.ts'

/**
 * Faster ECDH backends behind the one seam of `../ecdh.ts`.
 *
 * Every E2EE response chunk carries a fresh server key, so decrypting costs one
 * secp256k1 ECDH per chunk. One ECDH, measured by bench/ on a 2-core x86-64:
 * libsecp256k1-wasm ~0.05 ms (Node 20 and Chromium alike); elliptic, the seed's
 * choice, ~0.9-1.1 ms; Node's OpenSSL ~0.6 ms (key object reused) to ~0.95 ms;
 * @noble/curves ~1.7-2.1 ms in Node 20 (V8 11.3) but ~0.35 ms in Chromium 156.
 *
 * | environment                         | installFastEcdh picks          | constant-time in the key       |
 * | ----------------------------------- | ------------------------------ | ------------------------------ |
 * | browser main thread, Web Worker     | libsecp256k1-wasm              | yes: secp256k1_ecmult_const    |
 * | Node, Deno, Bun                     | libsecp256k1-wasm              | yes                            |
 * | no WebAssembly (CSP without         | `fallback` if given (nodeEcdh  | nodeEcdh: OpenSSL's ladder;    |
 * | 'wasm-unsafe-eval', node --jitless) | in Node), else @noble/curves   | noble: yes, by design          |
 *
 * bench/suites/constant-time.ts backs this with a dudect-style test (Welch t,
 * secret k = 1 against random k): |t| stays under 5 for libsecp256k1-wasm,
 * OpenSSL and noble, and is in the hundreds to thousands for elliptic and
 * tiny-secp256k1. tiny-secp256k1 is therefore not offered: its `pointMultiply`
 * is `secp256k1_ec_pubkey_tweak_mul`, libsecp256k1's variable-time
 * `secp256k1_ecmult` meant for public tweaks (and its 1.2 MB WASM needs a
 * bundler plugin in browsers).
 */
export type EcdhBackendName = 'libsecp256k1-wasm' | 'noble' | (string & {})

/** Options of {@link installFastEcdh}. */
export interface InstallFastEcdhOptions extends WasmEcdhOptions {
  /**
   * Taken when the WASM backend cannot load, e.g. `{ name: 'node', ecdh: nodeEcdh }`
   * under `node --jitless`. Default: keep the current backend (@noble/curves).
   */
  fallback?: {
    /** The backend's name, reported as `InstallFastEcdhResult.backend`. */
    name: string
    /** Its ECDH. */
    ecdh: EcdhBackend
  }
}

/** What {@link installFastEcdh} installed. */
export interface InstallFastEcdhResult {
  /** The backend `ecdhSharedX` now uses; `noble`: none was installed and the previous one (by default @noble/curves) stays. */
  name: EcdhBackendName
  /** Why the WASM backend was not taken, when it was not. */
  reason?: string
  /** Puts back the backend that was installed before this call. */
  restore(): void
}

// A known answer (derived vector "request-ascii"): checked before a backend is installed.
const KAT_SCALAR = '349ca15c53b51193e60b1b66d75c4322ca94dd53ac3209de3e45857e12b5399d'
const KAT_POINT =
  '046ff3f94fef5cf0de364612ae550c890f82628c74845b74dc1b62dda884b35eba83843414750cc6394f95454886c38c1b47320cc8ccb2191e437bd849a9cb57d7'
const KAT_X = 'd8d1ac8721dee66e7079f1e2ed3ec4f93549f48621db68975e341308032a0649'

// And a whole chunk for a backend's opener: KAT_POINT as the ephemeral key, IV 00..0b, sealed with @noble
// HKDF-SHA256 + AES-256-GCM under the key derived from KAT_X (three blocks, the last one partial).
const KAT_WIRE = `${KAT_POINT}000102030405060708090a0ba419767505dc720b56c06200c16d858eef0fd2dfdf30c7c82b0db95e5acc787da50bf59415dd393f9ed209db941597d9db19be26ef`
const KAT_PLAINTEXT = 'sealkit known answer: one whole chunk'
// And the same plaintext sealed by a backend's sealer: KAT_SCALAR as the ephemeral key, KAT_POINT as the
// recipient, the same IV. The shared x is KAT_X again, so the ciphertext and tag are KAT_WIRE's, after the
// ephemeral public key KAT_SCALAR * G.
const KAT_SEALED = `04943428410eead9a83436ca25af6b44f4a02fe4a289d78e45c6457894cd4e963d7308f6e80d5eaf3ceb7add6f90b7444b60eda05cbb61a622a7fb629aab745d57${KAT_WIRE.slice(130)}`

function passesKnownAnswer(ecdh: EcdhBackend): boolean {
  try {
    const opened = ecdh.opener ? bytesEqual(ecdh.opener.open(hexToBytes(KAT_SCALAR), KAT_WIRE), utf8Encode(KAT_PLAINTEXT)) : true
    const sealed = ecdh.sealer
      ? ecdh.sealer.seal(hexToBytes(KAT_SCALAR), hexToBytes(KAT_WIRE.slice(130, 154)), hexToBytes(KAT_POINT), utf8Encode(KAT_PLAINTEXT)) === KAT_SEALED
      : true
    return opened && sealed && bytesEqual(ecdh(hexToBytes(KAT_SCALAR), hexToBytes(KAT_POINT)), hexToBytes(KAT_X))
  } catch {
    return false
  }
}

let wasmLoad: Promise<EcdhBackend> | undefined

/**
 * Why WebAssembly could not be used, in words safe to show and send on. A browser's Content-Security-Policy
 * refusal quotes the whole directive, the page's nonce with it (which browsers keep out of the DOM on purpose):
 * that one is said in fixed words instead.
 */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (/content.security.policy|unsafe-eval/i.test(message)) return "a Content-Security-Policy bars WebAssembly (script-src without 'wasm-unsafe-eval')"
  return message.slice(0, 300)
}

/**
 * Installs the fastest constant-time ECDH backend this environment can run
 * (libsecp256k1 in WebAssembly) behind `ecdhSharedX`, after checking it on a
 * known answer. Its whole-chunk paths (ECDH + HKDF + AES-GCM in one WASM call,
 * each also checked on a known answer) then decrypt every chunk of `decrypt` and
 * encrypt every field of `encrypt`. Never throws: when WebAssembly is unavailable or blocked it
 * installs `options.fallback` or leaves @noble/curves in place, and says why.
 * Safe to call more than once; the module is compiled once.
 * @example
 * const { name } = await installFastEcdh()
 * // name === 'libsecp256k1-wasm' wherever WebAssembly runs
 */
export async function installFastEcdh(options: InstallFastEcdhOptions = {}): Promise<InstallFastEcdhResult> {
  let reason: string
  try {
    if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available')
    const load = options.source === undefined ? (wasmLoad ??= loadWasmEcdh()) : loadWasmEcdh(options)
    const ecdh = await load.catch((e: unknown) => {
      if (load === wasmLoad) wasmLoad = undefined
      throw e
    })
    if (!passesKnownAnswer(ecdh)) throw new Error('WASM backend failed its known-answer check')
    const previous = setEcdhBackend(ecdh)
    return { name: 'libsecp256k1-wasm', restore: () => void setEcdhBackend(previous) }
  } catch (e) {
    reason = reasonOf(e)
  }
  const fallback = options.fallback
  if (fallback && passesKnownAnswer(fallback.ecdh)) {
    const previous = setEcdhBackend(fallback.ecdh)
    return { name: fallback.name, reason, restore: () => void setEcdhBackend(previous) }
  }
  return { name: 'noble', reason, restore: () => {} }
}
