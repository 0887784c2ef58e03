// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { gcm } from '@noble/ciphers/aes.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import fc from 'fast-check'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { installFastEcdh } from '../../src/core/crypto/backends/index.ts'
import { nodeEcdh } from '../../src/core/crypto/backends/node-ecdh.ts'
import { instantiateWasmEcdh, type WasmEcdhInstance } from '../../src/core/crypto/backends/wasm-ecdh.ts'
import {
  bytesToHex,
  concatBytes,
  decryptBytes,
  deriveAesKey,
  hexToBytes,
  nobleEcdh,
  setEcdhBackend,
  type EcdhBackend,
} from '../../src/core/crypto/index.ts'
import { isSealkitError } from '../../src/core/errors.ts'
import { readRealJson } from '../fixtures.ts'
import { containsBytes, stackAfter } from '../helpers/wasm-memory.ts'

/**
 * The WASM whole-chunk path (ECDH + HKDF + AES-GCM in one call, the libsecp256k1 backend's `opener`)
 * must decrypt exactly as the portable path does (the installed ECDH, then @noble HKDF and AES-GCM):
 * the same plaintext, or the same error, for every input; and it must leave nothing secret in linear memory.
 */
const ecies = readRealJson('_derived-vectors', 'ecies-secp256k1-hkdf-aesgcm.vectors.json')
const N = secp256k1.Point.CURVE().n

let wasm: WasmEcdhInstance
/** The same libsecp256k1 ECDH without its opener: decryptBytes then takes the @noble HKDF/AES-GCM path. */
let wasmEcdhOnly: EcdhBackend

beforeAll(async () => {
  wasm = await instantiateWasmEcdh()
  wasmEcdhOnly = (sk, pk) => wasm.ecdh(sk, pk)
})

afterEach(() => {
  setEcdhBackend(nobleEcdh)
})

type Outcome = { plaintext: string } | { code: string; cause?: string }

function outcome(backend: EcdhBackend, wireHex: string, privateKey: Uint8Array): Outcome {
  const previous = setEcdhBackend(backend)
  try {
    return { plaintext: bytesToHex(decryptBytes(wireHex, privateKey)) }
  } catch (e) {
    if (!isSealkitError(e)) return { code: `not a SealkitError: ${String(e)}` }
    return { code: e.code, cause: isSealkitError(e.cause) ? e.cause.code : undefined }
  } finally {
    setEcdhBackend(previous)
  }
}

/**
 * The opener agrees with the @noble path over the same libsecp256k1 ECDH (plaintext, or error code and cause),
 * and with the all-noble path (plaintext or error code: @noble/curves throws its own errors, so no cause there).
 */
function expectSameEverywhere(wireHex: string, privateKey: Uint8Array): Outcome {
  const fast = outcome(wasm.ecdh, wireHex, privateKey)
  expect(fast).toEqual(outcome(wasmEcdhOnly, wireHex, privateKey))
  const noble = outcome(nobleEcdh, wireHex, privateKey)
  if ('plaintext' in noble) expect(fast).toEqual(noble)
  else expect('code' in fast && fast.code).toBe(noble.code)
  return fast
}

/** A wire value sealed with @noble (independent of the WASM module). */
function seal(plaintext: Uint8Array, recipientPublicKey: Uint8Array, ephemeral: Uint8Array, iv: Uint8Array): string {
  const x = secp256k1.getSharedSecret(ephemeral, recipientPublicKey, true).subarray(1)
  const sealed = gcm(deriveAesKey(x), iv).encrypt(plaintext)
  return bytesToHex(concatBytes(secp256k1.getPublicKey(ephemeral, false), iv, sealed))
}

const scalarArb = fc.bigInt({ min: 1n, max: N - 1n }).map((k) => hexToBytes(k.toString(16).padStart(64, '0')))

describe('the WASM chunk opener decrypts exactly as the @noble path', () => {
  it('is what decryptBytes takes with the libsecp256k1 backend', () => {
    expect(wasm.ecdh.opener).toBe(wasm.opener)
    expect(wasm.opener.maxWireBytes).toBe(65536)
  })

  it('opens the derived vectors (an independent implementation sealed them)', () => {
    for (const v of ecies.cases) {
      const got = expectSameEverywhere(v.wire_hex, hexToBytes(v.recipient_priv))
      expect(got).toEqual({ plaintext: bytesToHex(new TextEncoder().encode(v.plaintext_utf8)) })
    }
  })

  it('random keys, IVs and plaintexts of 0-300 bytes', () => {
    fc.assert(
      fc.property(scalarArb, scalarArb, fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ maxLength: 300 }), (sk, eph, iv, text) => {
        const wire = seal(text, secp256k1.getPublicKey(sk, false), eph, iv)
        expect(expectSameEverywhere(wire, sk)).toEqual({ plaintext: bytesToHex(text) })
      }),
      { numRuns: 120 },
    )
  })

  it('edge lengths: empty, 1 byte, block boundaries, multi-block, and both sides of the WASM buffer size', () => {
    const sk = hexToBytes(ecies.cases[0].recipient_priv)
    const pub = hexToBytes(ecies.cases[0].recipient_pub)
    const eph = hexToBytes(ecies.cases[0].ephemeral_priv)
    const iv = hexToBytes(ecies.cases[0].gcm_nonce)
    const max = wasm.opener.maxWireBytes - 65 - 12 - 16
    for (const n of [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1000, 4096, max, max + 1]) {
      const text = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff)
      const wire = seal(text, pub, eph, iv)
      expect(expectSameEverywhere(wire, sk), `${n} bytes`).toEqual({ plaintext: bytesToHex(text) })
    }
  })

  it('tampered tag, ciphertext, IV or ephemeral key, and wrong or bad private keys: the same error, never plaintext', () => {
    const v = ecies.cases[2]
    const sk = hexToBytes(v.recipient_priv)
    const wire = hexToBytes(v.wire_hex)
    const flip = (at: number, bit = 1) => {
      const w = wire.slice()
      w[at]! ^= bit
      return bytesToHex(w)
    }
    const cases: Array<[string, string, Uint8Array]> = [
      ['tag, last byte', flip(wire.length - 1), sk],
      ['tag, first byte', flip(wire.length - 16, 0x80), sk],
      ['ciphertext, first byte', flip(77), sk],
      ['IV', flip(65 + 5), sk],
      ['ephemeral key off the curve', flip(64), sk],
      ['ephemeral key, x changed', flip(10), sk],
      ['hybrid prefix 06', '06' + v.wire_hex.slice(2), sk],
      ['compressed prefix 02', '02' + v.wire_hex.slice(2), sk],
      ['tag cut off', bytesToHex(wire.subarray(0, wire.length - 1)), sk],
      ['wrong private key', v.wire_hex, hexToBytes(ecies.cases[1].recipient_priv)],
      ['zero private key', v.wire_hex, new Uint8Array(32)],
      ['private key = n', v.wire_hex, hexToBytes(N.toString(16))],
      ['31-byte private key', v.wire_hex, sk.subarray(1)],
      ['not hex', v.wire_hex.slice(0, -2) + 'zz', sk],
    ]
    for (const [name, w, key] of cases) {
      const got = expectSameEverywhere(w, key)
      expect('code' in got, name).toBe(true)
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: wire.length - 1 }), fc.integer({ min: 0, max: 7 }), (at, bit) => {
        expect('code' in expectSameEverywhere(flip(at, 1 << bit), sk)).toBe(true)
      }),
      { numRuns: 60 },
    )
  })
})

describe('malformed wire values are INVALID_HEX on every path, before any crypto', () => {
  it('a 0x prefix, a non-hex digit anywhere, odd length, too short', () => {
    const v = ecies.cases[0]
    const sk = hexToBytes(v.recipient_priv)
    const w = v.wire_hex
    for (const bad of ['0x' + w.slice(2), '0x' + w, w.slice(0, 40) + 'g' + w.slice(41), w.slice(0, -1) + 'Z', w + '0', w.slice(0, 184), '', 'ü'.repeat(200)]) {
      expect(expectSameEverywhere(bad, sk)).toEqual({ code: 'INVALID_HEX', cause: undefined })
    }
    // upper-case digits are hex too
    expect(expectSameEverywhere(w.toUpperCase(), sk)).toEqual({ plaintext: bytesToHex(new TextEncoder().encode(v.plaintext_utf8)) })
  })
})

describe('the WASM chunk opener leaves nothing behind', () => {
  const v = ecies.cases[1]
  const sk = () => hexToBytes(v.recipient_priv)
  const secrets = () => {
    const x = hexToBytes(v.ecdh_shared_x)
    return { privateKey: sk(), sharedX: x, aesKey: deriveAesKey(x) }
  }
  const expectClean = (extra: Record<string, Uint8Array> = {}) => {
    const heap = new Uint8Array(wasm.memory.buffer)
    for (const [name, bytes] of Object.entries({ ...secrets(), ...extra })) expect(containsBytes(heap, bytes), name).toBe(false)
  }

  it('holds no private key, shared x, AES key or plaintext in linear memory after a chunk', () => {
    const plaintext = wasm.opener.open(sk(), v.wire_hex)
    expect(new TextDecoder().decode(plaintext)).toBe(v.plaintext_utf8)
    expectClean({ plaintext })
  })

  it('nor after a failed tag (and the plaintext it computed is gone too)', () => {
    const w = hexToBytes(v.wire_hex)
    w[w.length - 1]! ^= 1
    expect(() => wasm.opener.open(sk(), bytesToHex(w))).toThrow(/tag/)
    expectClean({ plaintext: new TextEncoder().encode(v.plaintext_utf8) })
  })

  it('nor after a bad point, a bad key or bad hex half-way through', () => {
    expect(() => wasm.opener.open(sk(), '06' + v.wire_hex.slice(2))).toThrow()
    expectClean()
    expect(() => wasm.opener.open(new Uint8Array(32), v.wire_hex)).toThrow()
    expect(() => wasm.opener.open(sk(), v.wire_hex.slice(0, 200) + 'zz' + v.wire_hex.slice(202))).toThrow()
    const heap = new Uint8Array(wasm.memory.buffer)
    // the bytes decoded before the bad digit were scrubbed with the rest of the wire buffer
    expect(containsBytes(heap, hexToBytes(v.wire_hex.slice(0, 130)))).toBe(false)
    expectClean()
  })

  it('scrubs the whole part of the C stack one chunk uses, after a success and after a failed tag', () => {
    const tampered = v.wire_hex.slice(0, -2) + (v.wire_hex.endsWith('00') ? '01' : '00')
    for (const [wire, ok] of [[v.wire_hex, true], [tampered, false]] as const) {
      const { depth, left } = stackAfter(wasm, () => (ok ? wasm.opener.open(sk(), wire) : expect(() => wasm.opener.open(sk(), wire)).toThrow()))
      expect(depth).toBeLessThanOrEqual(wasm.stackScrub) // the call stayed within what the wrapper scrubs...
      expect(left).toBe(false) // ...and nothing it wrote there is left
    }
  })
})

describe('installFastEcdh and the opener', () => {
  it('refuses a backend whose opener fails the known answer, though its ECDH is right', async () => {
    const lying = Object.assign((sk: Uint8Array, pk: Uint8Array) => nodeEcdh(sk, pk), {
      opener: { maxWireBytes: 1 << 16, open: () => new Uint8Array(37) },
    })
    const result = await installFastEcdh({ source: new Uint8Array([0]), fallback: { name: 'lying', ecdh: lying } })
    expect(result.name).toBe('noble')
  })
})
