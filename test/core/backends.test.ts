// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { secp256k1 } from '@noble/curves/secp256k1.js'
import fc from 'fast-check'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { installFastEcdh, loadWasmEcdh } from '../../src/core/crypto/backends/index.ts'
import { nodeEcdh } from '../../src/core/crypto/backends/node-ecdh.ts'
import { instantiateWasmEcdh, type WasmEcdhInstance } from '../../src/core/crypto/backends/wasm-ecdh.ts'
import {
  bytesToHex,
  decrypt,
  ecdhSharedX,
  encrypt,
  generateClientKeyPair,
  hexToBytes,
  nobleEcdh,
  setEcdhBackend,
  type EcdhBackend,
} from '../../src/core/crypto/index.ts'
import { readRealJson } from '../fixtures.ts'
import { containsBytes, stackAfter } from '../helpers/wasm-memory.ts'
import { thrownCode } from '../helpers/error-code.ts'

const ecies = readRealJson('_derived-vectors', 'ecies-secp256k1-hkdf-aesgcm.vectors.json')
const N = secp256k1.Point.CURVE().n

let wasm: WasmEcdhInstance
// [name, backend, throws sealkit error codes (noble throws its own Errors)]
const backends: Array<[string, () => EcdhBackend, boolean]> = [
  ['noble', () => nobleEcdh, false],
  ['libsecp256k1-wasm', () => wasm.ecdh, true],
  ['node (OpenSSL)', () => nodeEcdh, true],
]

beforeAll(async () => {
  wasm = await instantiateWasmEcdh()
})

afterEach(() => {
  setEcdhBackend(nobleEcdh)
})

const scalarArb = fc.bigInt({ min: 1n, max: N - 1n }).map((k) => hexToBytes(k.toString(16).padStart(64, '0')))

describe.each(backends)('ECDH backend %s', (_name, get, sealkitCodes) => {
  for (const v of ecies.cases) {
    it(`${v.name}: both sides derive the vector's x-coordinate`, () => {
      const ecdh = get()
      expect(bytesToHex(ecdh(hexToBytes(v.ephemeral_priv), hexToBytes(v.recipient_pub)))).toBe(v.ecdh_shared_x)
      expect(bytesToHex(ecdh(hexToBytes(v.recipient_priv), hexToBytes(v.ephemeral_pub)))).toBe(v.ecdh_shared_x)
    })
  }

  it('accepts the compressed form of the point alike', () => {
    const v = ecies.cases[0]
    const compressed = secp256k1.Point.fromBytes(hexToBytes(v.recipient_pub)).toBytes(true)
    expect(bytesToHex(get()(hexToBytes(v.ephemeral_priv), compressed))).toBe(v.ecdh_shared_x)
  })

  it('is byte-identical to an independent implementation for random keys', () => {
    const ecdh = get()
    const reference = ecdh === nobleEcdh ? nodeEcdh : nobleEcdh
    fc.assert(
      fc.property(scalarArb, scalarArb, fc.boolean(), (sk, other, compressed) => {
        const point = secp256k1.getPublicKey(other, !compressed)
        expect(bytesToHex(ecdh(sk, point))).toBe(bytesToHex(reference(sk, point)))
      }),
      { numRuns: 150 },
    )
  })

  it('rejects the same bad keys (with sealkit error codes where it is ours) and leaves its inputs alone', () => {
    const ecdh = get()
    const v = ecies.cases[0]
    const sk = hexToBytes(v.ephemeral_priv)
    const pub = hexToBytes(v.recipient_pub)
    const offCurve = pub.slice()
    offCurve[64]! ^= 1
    const hybrid = pub.slice()
    hybrid[0] = 6
    const order = hexToBytes(N.toString(16))
    const rejects = (fn: () => unknown, expected: string) => {
      const got = thrownCode(fn)
      if (sealkitCodes) expect(got).toBe(expected)
      else expect(got).toBeDefined()
    }
    rejects(() => ecdh(sk, offCurve), 'INVALID_PUBLIC_KEY')
    rejects(() => ecdh(sk, hybrid), 'INVALID_PUBLIC_KEY')
    rejects(() => ecdh(sk, pub.subarray(1)), 'INVALID_PUBLIC_KEY')
    rejects(() => ecdh(new Uint8Array(32), pub), 'INVALID_PRIVATE_KEY')
    rejects(() => ecdh(order, pub), 'INVALID_PRIVATE_KEY')
    rejects(() => ecdh(sk.subarray(1), pub), 'INVALID_PRIVATE_KEY')
    expect(bytesToHex(sk)).toBe(v.ephemeral_priv)
    expect(bytesToHex(pub)).toBe(v.recipient_pub)
  })

  it('runs the E2EE scheme byte-exactly behind the seam', () => {
    setEcdhBackend(get())
    for (const v of ecies.cases) {
      const opts = { ephemeralPrivateKey: hexToBytes(v.ephemeral_priv), iv: hexToBytes(v.gcm_nonce) }
      expect(encrypt(v.plaintext_utf8, v.recipient_pub, opts)).toBe(v.wire_hex)
      expect(decrypt(v.wire_hex, hexToBytes(v.recipient_priv))).toBe(v.plaintext_utf8)
    }
    const keys = generateClientKeyPair()
    expect(decrypt(encrypt('round trip ✓', keys.publicKey), keys.privateKey)).toBe('round trip ✓')
    const flipped = ecies.cases[2].wire_hex.replace(/^04(.)/, (_: string, c: string) => `04${c === '0' ? '1' : '0'}`)
    expect(thrownCode(() => decrypt(flipped, hexToBytes(ecies.cases[2].recipient_priv)))).toBe('DECRYPT_FAILED')
    // decrypt leaves the on-curve check to the backend: a wire whose ephemeral key is off the curve (last byte of Y
    // flipped) or hybrid (06, which libsecp256k1 would parse) must still fail.
    const v = ecies.cases[0]
    const offCurve = v.wire_hex.slice(0, 128) + (parseInt(v.wire_hex.slice(128, 130), 16) ^ 1).toString(16).padStart(2, '0') + v.wire_hex.slice(130)
    expect(thrownCode(() => decrypt(offCurve, hexToBytes(v.recipient_priv)))).toBe('DECRYPT_FAILED')
    expect(thrownCode(() => decrypt('06' + v.wire_hex.slice(2), hexToBytes(v.recipient_priv)))).toBe('DECRYPT_FAILED')
  })
})

describe('libsecp256k1-wasm key hygiene', () => {
  it('leaves neither the private key nor the shared x in linear memory', () => {
    const v = ecies.cases[1]
    const sk = hexToBytes(v.recipient_priv)
    const x = wasm.ecdh(sk, hexToBytes(v.ephemeral_pub))
    const heap = new Uint8Array(wasm.memory.buffer)
    expect(containsBytes(heap, sk)).toBe(false)
    expect(containsBytes(heap, x)).toBe(false)
  })

  it('scrubs the whole part of the C stack one call uses', () => {
    const v = ecies.cases[0]
    const { depth, left } = stackAfter(wasm, () => wasm.ecdh(hexToBytes(v.ephemeral_priv), hexToBytes(v.recipient_pub)))
    expect(depth).toBeLessThanOrEqual(wasm.stackScrub) // the call stayed within what the wrapper scrubs...
    expect(left).toBe(false) // ...and nothing it wrote there is left
  })
})

describe('installFastEcdh', () => {
  it('installs the WASM backend where WebAssembly runs, and restores the previous one', async () => {
    const result = await installFastEcdh()
    expect(result.name).toBe('libsecp256k1-wasm')
    expect(result.reason).toBeUndefined()
    const v = ecies.cases[2]
    expect(bytesToHex(ecdhSharedX(hexToBytes(v.recipient_priv), hexToBytes(v.ephemeral_pub)))).toBe(v.ecdh_shared_x)
    expect(decrypt(v.wire_hex, hexToBytes(v.recipient_priv))).toBe(v.plaintext_utf8)
    result.restore()
    const again = await installFastEcdh()
    expect(again.name).toBe('libsecp256k1-wasm')
    again.restore()
  })

  it('accepts the module as bytes from elsewhere (e.g. a fetch of the .wasm asset)', async () => {
    const { LIBSECP256K1_ECDH_WASM_BASE64 } = await import('../../src/core/crypto/backends/libsecp256k1-ecdh.wasm.ts')
    const bytes = Uint8Array.from(atob(LIBSECP256K1_ECDH_WASM_BASE64), (c) => c.charCodeAt(0))
    const ecdh = await loadWasmEcdh({ source: bytes })
    const v = ecies.cases[3]
    expect(bytesToHex(ecdh(hexToBytes(v.recipient_priv), hexToBytes(v.ephemeral_pub)))).toBe(v.ecdh_shared_x)
    const viaResponse = await loadWasmEcdh({ source: new Response(bytes, { headers: { 'content-type': 'application/wasm' } }) })
    expect(bytesToHex(viaResponse(hexToBytes(v.recipient_priv), hexToBytes(v.ephemeral_pub)))).toBe(v.ecdh_shared_x)
  })

  it('falls back without throwing when the WASM cannot load, and says why', async () => {
    const broken = await installFastEcdh({ source: new Uint8Array([0, 1, 2, 3]) })
    expect(broken.name).toBe('noble')
    expect(broken.reason).toBeTruthy()
    const withFallback = await installFastEcdh({ source: new Uint8Array([0, 1, 2, 3]), fallback: { name: 'node', ecdh: nodeEcdh } })
    expect(withFallback.name).toBe('node')
    const v = ecies.cases[0]
    expect(decrypt(v.wire_hex, hexToBytes(v.recipient_priv))).toBe(v.plaintext_utf8)
    withFallback.restore()
  })

  it("says a Content-Security-Policy refusal in fixed words: never the browser's, which quote the page's nonce", async () => {
    // Chromium 150's words when a policy bars WebAssembly: the whole directive, nonce and all.
    const refusal = new Error(
      "WebAssembly.compile(): Compiling or instantiating WebAssembly module violates the following Content Security policy directive because 'unsafe-eval' is not an allowed source of script in the following Content Security Policy directive: \"script-src 'nonce-SECRETnonce123456' 'strict-dynamic'\".",
    )
    const barred = await installFastEcdh({ source: Promise.reject(refusal) as never })
    expect(barred).toMatchObject({ name: 'noble', reason: "a Content-Security-Policy bars WebAssembly (script-src without 'wasm-unsafe-eval')" })
    expect(JSON.stringify(barred)).not.toContain('SECRET')
    // Anything else keeps its own words, cut short.
    const other = await installFastEcdh({ source: Promise.reject(new Error('x'.repeat(1000))) as never })
    expect(other.reason).toBe('x'.repeat(300))
  })

  it('refuses a backend that fails the known-answer check', async () => {
    const wrong: EcdhBackend = () => new Uint8Array(32)
    const result = await installFastEcdh({ source: new Uint8Array([0]), fallback: { name: 'wrong', ecdh: wrong } })
    expect(result.name).toBe('noble')
  })
})
