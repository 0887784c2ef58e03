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
  decrypt,
  deriveAesKey,
  encrypt,
  hexToBytes,
  nobleEcdh,
  setEcdhBackend,
  type ChunkSealer,
  type EcdhBackend,
} from '../../src/core/crypto/index.ts'
import { readRealJson } from '../fixtures.ts'
import { containsBytes, stackAfter } from '../helpers/wasm-memory.ts'
import { thrownCode } from '../helpers/error-code.ts'

/**
 * The WASM whole-field encryption (the ephemeral public key, ECDH, HKDF and AES-GCM in one call: the libsecp256k1
 * backend's `sealer`) must give exactly the bytes of the portable path (@noble's public key, HKDF and AES-GCM over
 * the installed ECDH) for the same ephemeral key and IV, and leave nothing secret in linear memory.
 */
const ecies = readRealJson('_derived-vectors', 'ecies-secp256k1-hkdf-aesgcm.vectors.json')
const N = secp256k1.Point.CURVE().n

let wasm: WasmEcdhInstance

beforeAll(async () => {
  wasm = await instantiateWasmEcdh()
})

afterEach(() => {
  setEcdhBackend(nobleEcdh)
})

/** A wire value sealed with @noble alone (independent of the WASM module). */
function nobleSeal(plaintext: Uint8Array, recipientPublicKey: Uint8Array, ephemeral: Uint8Array, iv: Uint8Array): string {
  const x = secp256k1.getSharedSecret(ephemeral, recipientPublicKey, true).subarray(1)
  const sealed = gcm(deriveAesKey(x), iv).encrypt(plaintext)
  return bytesToHex(concatBytes(secp256k1.getPublicKey(ephemeral, false), iv, sealed))
}

/** `encrypt` with the given backend installed, under a fixed ephemeral key and IV. */
function encryptWith(backend: EcdhBackend, plaintext: Uint8Array, recipient: Uint8Array, ephemeral: Uint8Array, iv: Uint8Array): string {
  const previous = setEcdhBackend(backend)
  try {
    return encrypt(plaintext, recipient, { ephemeralPrivateKey: ephemeral, iv })
  } finally {
    setEcdhBackend(previous)
  }
}

/** A derived vector's inputs as bytes: the recipient's public key, the ephemeral key, the IV and the plaintext. */
function inputsOf(v: { recipient_pub: string; ephemeral_priv: string; gcm_nonce: string; plaintext_utf8: string }) {
  return { pub: hexToBytes(v.recipient_pub), eph: hexToBytes(v.ephemeral_priv), iv: hexToBytes(v.gcm_nonce), text: new TextEncoder().encode(v.plaintext_utf8) }
}

const scalarArb = fc.bigInt({ min: 1n, max: N - 1n }).map((k) => hexToBytes(k.toString(16).padStart(64, '0')))

describe('the WASM sealer encrypts exactly as the @noble path', () => {
  it('is what encrypt takes with the libsecp256k1 backend, up to its buffer, and the @noble path beyond', () => {
    expect(wasm.ecdh.sealer).toBe(wasm.sealer)
    expect(wasm.sealer.maxPlaintextBytes).toBe(65536 - 65 - 12 - 16)
    const calls: number[] = []
    const counted = Object.assign((sk: Uint8Array, pk: Uint8Array) => wasm.ecdh(sk, pk), {
      sealer: { maxPlaintextBytes: wasm.sealer.maxPlaintextBytes, seal: (...args: Parameters<ChunkSealer['seal']>) => (calls.push(args[3].length), wasm.sealer.seal(...args)) },
    })
    const recipient = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), false)
    const previous = setEcdhBackend(counted)
    try {
      encrypt('hello', recipient)
      encrypt(new Uint8Array(wasm.sealer.maxPlaintextBytes), recipient)
      encrypt(new Uint8Array(wasm.sealer.maxPlaintextBytes + 1), recipient)
    } finally {
      setEcdhBackend(previous)
    }
    expect(calls).toEqual([5, wasm.sealer.maxPlaintextBytes])
  })

  it('seals the derived vectors byte for byte (an independent implementation sealed them)', () => {
    for (const v of ecies.cases) {
      const { eph, iv, pub, text } = inputsOf(v)
      const wire = wasm.sealer.seal(eph, iv, pub, text)
      expect(wire, v.name).toBe(v.wire_hex.toLowerCase())
    }
  })

  it('random keys, IVs and plaintexts of 0-300 bytes: the same wire as @noble alone, and it decrypts', () => {
    fc.assert(
      fc.property(scalarArb, scalarArb, fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.uint8Array({ maxLength: 300 }), (sk, eph, iv, text) => {
        const recipient = secp256k1.getPublicKey(sk, false)
        const wire = encryptWith(wasm.ecdh, text, recipient, eph, iv)
        expect(wire).toBe(nobleSeal(text, recipient, eph, iv))
        expect(bytesToHex(hexToBytes(decryptWithNoble(wire, sk)))).toBe(bytesToHex(text))
      }),
      { numRuns: 120 },
    )
  })

  it('edge lengths: empty, 1 byte, block boundaries, multi-block, and both sides of the WASM buffer size', () => {
    const v = ecies.cases[0]
    const { pub, eph, iv } = inputsOf(v)
    const max = wasm.sealer.maxPlaintextBytes
    for (const n of [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1000, 4096, max, max + 1]) {
      const text = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff)
      expect(encryptWith(wasm.ecdh, text, pub, eph, iv), `${n} bytes`).toBe(nobleSeal(text, pub, eph, iv))
    }
  })

  it('refuses a bad recipient key, a bad ephemeral key, a bad IV and an over-long plaintext, with sealkit errors', () => {
    const v = ecies.cases[2]
    const { pub, eph, iv, text } = inputsOf(v)
    const offCurve = pub.slice()
    offCurve[64]! ^= 1
    const seal = (k: Uint8Array, i: Uint8Array, p: Uint8Array, t: Uint8Array) => () => wasm.sealer.seal(k, i, p, t)
    expect(thrownCode(seal(eph, iv, offCurve, text))).toBe('INVALID_PUBLIC_KEY')
    expect(thrownCode(seal(eph, iv, Uint8Array.of(6, ...pub.subarray(1)), text))).toBe('INVALID_PUBLIC_KEY')
    expect(thrownCode(seal(eph, iv, secp256k1.getPublicKey(eph, true), text))).toBe('INVALID_PUBLIC_KEY')
    expect(thrownCode(seal(new Uint8Array(32), iv, pub, text))).toBe('INVALID_PRIVATE_KEY')
    expect(thrownCode(seal(hexToBytes(N.toString(16)), iv, pub, text))).toBe('INVALID_PRIVATE_KEY')
    expect(thrownCode(seal(eph.subarray(1), iv, pub, text))).toBe('INVALID_PRIVATE_KEY')
    expect(thrownCode(seal(eph, iv.subarray(1), pub, text))).toBe('ENCRYPT_FAILED')
    expect(thrownCode(seal(eph, iv, pub, new Uint8Array(wasm.sealer.maxPlaintextBytes + 1)))).toBe('INVALID_ARGUMENT')
    // encrypt() checks the recipient itself first, on either path
    expect(thrownCode(() => encryptWith(wasm.ecdh, text, offCurve, eph, iv))).toBe(thrownCode(() => encryptWith(nobleEcdh, text, offCurve, eph, iv)))
  })

  it('encrypt refuses a bad given ephemeral key or IV with the same sealkit error on every backend', () => {
    const { pub, eph, iv, text } = inputsOf(ecies.cases[1])
    const backends = [['@noble', nobleEcdh], ['node:crypto', nodeEcdh], ['libsecp256k1 WASM', wasm.ecdh]] as const
    const zeroKey = new Uint8Array(32)
    for (const bad of [zeroKey, hexToBytes(N.toString(16)), eph.subarray(1), Uint16Array.from(eph), Array.from(eph), null]) {
      for (const [name, backend] of backends) {
        expect(thrownCode(() => encryptWith(backend, text, pub, bad as Uint8Array, iv)), `${name}, ${String(bad?.constructor.name)} of ${bad?.length}`).toBe('INVALID_PRIVATE_KEY')
      }
    }
    expect(zeroKey.every((b) => b === 0) && eph.some((b) => b !== 0)).toBe(true)
    for (const bad of [iv.subarray(1), Array.from(iv), Uint16Array.from(iv), new DataView(new ArrayBuffer(12)), null]) {
      for (const [name, backend] of backends) {
        expect(thrownCode(() => encryptWith(backend, text, pub, eph, bad as Uint8Array)), `${name}, IV ${String(bad?.constructor.name)}`).toBe('ENCRYPT_FAILED')
      }
    }
  })

  it('seals only byte arrays: a plain array, a wider typed array, a DataView or an array-like is refused, never sealed as other bytes', () => {
    const v = ecies.cases[0]
    const { pub, eph, iv, text } = inputsOf(v)
    const seal = (k: unknown, i: unknown, p: unknown, t: unknown) => () => wasm.sealer.seal(k as Uint8Array, i as Uint8Array, p as Uint8Array, t as Uint8Array)
    // heap.set would take each of these, truncating 0x4142 to 0x42, 300 to 44, a missing element to 0, and a DataView
    // (no length) to an empty wire value
    for (const t of [[104, 105, 300], Uint16Array.of(0x4142, 0x4344), new DataView(new ArrayBuffer(4)), { length: 3 }]) {
      expect(thrownCode(seal(eph, iv, pub, t)), String(t)).toBe('INVALID_ARGUMENT')
    }
    expect(thrownCode(seal(Array.from(eph), iv, pub, text))).toBe('INVALID_PRIVATE_KEY')
    expect(thrownCode(seal(eph, Array.from(iv), pub, text))).toBe('ENCRYPT_FAILED')
    expect(thrownCode(seal(eph, iv, Array.from(pub), text))).toBe('INVALID_PUBLIC_KEY')
    // encrypt refuses them too, on every backend alike, rather than sealing other bytes than it was given
    for (const t of [[104, 105, 300], Uint16Array.of(0x4142, 0x4344), new DataView(new ArrayBuffer(4))]) {
      for (const backend of [wasm.ecdh, nobleEcdh, nodeEcdh]) expect(thrownCode(() => encryptWith(backend, t as unknown as Uint8Array, pub, eph, iv))).toBe('INVALID_ARGUMENT')
    }
    // a Node Buffer is a Uint8Array: sealed as ever
    expect(wasm.sealer.seal(eph, iv, pub, Buffer.from(text))).toBe(v.wire_hex.toLowerCase())
  })

  it("bounds the plaintext by the module's buffer, not by whatever `this` says", () => {
    const v = ecies.cases[0]
    const { pub, eph, iv, text } = inputsOf(v)
    expect(wasm.sealer.seal(eph, iv, pub, text)).toBe(v.wire_hex.toLowerCase()) // the HKDF template is set up
    // a copy that claims a larger buffer is refused before anything is written past the module's wire buffer
    // (the module's own state lies after it)
    const stretched: ChunkSealer = { ...wasm.sealer, maxPlaintextBytes: 1 << 17 }
    const heap = new Uint8Array(wasm.memory.buffer)
    const before = heap.slice()
    expect(thrownCode(() => stretched.seal(eph, iv, pub, new Uint8Array(wasm.sealer.maxPlaintextBytes + 4096).fill(0x5a)))).toBe('INVALID_ARGUMENT')
    expect(heap.findIndex((b, i) => b !== before[i]), 'first byte changed').toBe(-1)
    // called unbound (e.g. destructured), it seals as ever
    const { seal } = wasm.sealer
    expect(seal(eph, iv, pub, text)).toBe(v.wire_hex.toLowerCase())
  })

  it('zeroes the ephemeral private key encrypt made, once the field is sealed', () => {
    const kept: Uint8Array[] = []
    const spying = Object.assign((sk: Uint8Array, pk: Uint8Array) => wasm.ecdh(sk, pk), {
      sealer: { maxPlaintextBytes: wasm.sealer.maxPlaintextBytes, seal: (...args: Parameters<ChunkSealer['seal']>) => (kept.push(args[0]), wasm.sealer.seal(...args)) },
    })
    const previous = setEcdhBackend(spying)
    try {
      encrypt('secret', secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), false))
    } finally {
      setEcdhBackend(previous)
    }
    expect(kept).toHaveLength(1)
    expect(kept[0]!.every((b) => b === 0)).toBe(true)
  })
})

/** The portable decryption (@noble's ECDH, HKDF and AES-GCM) of a wire value, as hex. */
function decryptWithNoble(wire: string, sk: Uint8Array): string {
  const previous = setEcdhBackend(nobleEcdh)
  try {
    return bytesToHex(new TextEncoder().encode(decrypt(wire, sk)))
  } catch {
    // not UTF-8: decrypt the bytes the same way
    const raw = hexToBytes(wire)
    const x = secp256k1.getSharedSecret(sk, raw.subarray(0, 65), true).subarray(1)
    return bytesToHex(gcm(deriveAesKey(x), raw.subarray(65, 77)).decrypt(raw.subarray(77)))
  } finally {
    setEcdhBackend(previous)
  }
}

describe('the WASM sealer leaves nothing behind', () => {
  const v = ecies.cases[1]
  const secrets = () => {
    const x = hexToBytes(v.ecdh_shared_x)
    return { ephemeralKey: hexToBytes(v.ephemeral_priv), sharedX: x, aesKey: deriveAesKey(x), plaintext: new TextEncoder().encode(v.plaintext_utf8) }
  }
  const sealIt = () => {
    const { eph, iv, pub, text } = inputsOf(v)
    return wasm.sealer.seal(eph, iv, pub, text)
  }
  const expectClean = () => {
    const heap = new Uint8Array(wasm.memory.buffer)
    for (const [name, bytes] of Object.entries(secrets())) expect(containsBytes(heap, bytes), name).toBe(false)
  }

  it('holds no ephemeral private key, shared x, AES key or plaintext in linear memory after a field', () => {
    expect(sealIt()).toBe(v.wire_hex.toLowerCase())
    expectClean()
  })

  it('nor after a bad recipient key or a bad ephemeral key', () => {
    const { pub, eph, iv, text } = inputsOf(v)
    const offCurve = pub.slice()
    offCurve[64]! ^= 1
    expect(() => wasm.sealer.seal(eph, iv, offCurve, text)).toThrow()
    expectClean()
    expect(() => wasm.sealer.seal(new Uint8Array(32), iv, pub, text)).toThrow()
    expectClean()
  })

  it('scrubs the whole part of the C stack one field uses', () => {
    const { depth, left } = stackAfter(wasm, sealIt)
    expect(depth).toBeLessThanOrEqual(wasm.stackScrub)
    expect(left).toBe(false)
  })
})

describe('installFastEcdh and the sealer', () => {
  it('refuses a backend whose sealer fails the known answer, though its ECDH and opener are right', async () => {
    const wrong = wasm.sealer.seal.bind(wasm.sealer)
    const lying = Object.assign((sk: Uint8Array, pk: Uint8Array) => nodeEcdh(sk, pk), {
      opener: wasm.opener,
      // the right ciphertext under the wrong ephemeral public key
      sealer: { maxPlaintextBytes: 1 << 10, seal: (k: Uint8Array, i: Uint8Array, p: Uint8Array, t: Uint8Array) => '04' + '11'.repeat(64) + wrong(k, i, p, t).slice(130) },
    })
    const result = await installFastEcdh({ source: new Uint8Array([0]), fallback: { name: 'lying', ecdh: lying } })
    expect(result.name).toBe('noble')
    const honest = Object.assign((sk: Uint8Array, pk: Uint8Array) => nodeEcdh(sk, pk), { opener: wasm.opener, sealer: wasm.sealer })
    const accepted = await installFastEcdh({ source: new Uint8Array([0]), fallback: { name: 'honest', ecdh: honest } })
    expect(accepted.name).toBe('honest')
    accepted.restore()
  })
})
