import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { CryptoError } from '../../src/core/errors.ts'
import { instantiateWasmEcdh, type WasmEcdhInstance } from '../../src/core/crypto/backends/wasm-ecdh.ts'
import { encrypt, nobleEcdh, setEcdhBackend, type EcdhBackend } from '../../src/core/crypto/index.ts'

/** Every ephemeral private key `encrypt` makes (through @noble's randomSecretKey), to check it is zeroed after. */
const made = vi.hoisted(() => [] as Uint8Array[])
vi.mock('@noble/curves/secp256k1.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@noble/curves/secp256k1.js')>()
  const utils = {
    ...actual.secp256k1.utils,
    randomSecretKey: (seed?: Uint8Array) => {
      const key = actual.secp256k1.utils.randomSecretKey(seed)
      made.push(key)
      return key
    },
  }
  return { ...actual, secp256k1: { ...actual.secp256k1, utils } }
})
const { secp256k1 } = await import('@noble/curves/secp256k1.js')

let wasm: WasmEcdhInstance
beforeAll(async () => {
  wasm = await instantiateWasmEcdh()
})
afterEach(() => {
  setEcdhBackend(nobleEcdh)
})

/** `f`, then whether every key made meanwhile is all zero (and how many there were). */
function keysAfter(f: () => unknown): { count: number; zeroed: boolean } {
  made.length = 0
  try {
    f()
  } catch {
    // the path that throws is the point
  }
  return { count: made.length, zeroed: made.every((k) => k.every((b) => b === 0)) }
}

describe('encrypt zeroes the ephemeral private key it makes, in every path', () => {
  const recipient = secp256k1.getPublicKey(new Uint8Array(32).fill(1), false)
  const throwing: EcdhBackend = Object.assign((sk: Uint8Array, pk: Uint8Array) => nobleEcdh(sk, pk), {
    sealer: {
      maxPlaintextBytes: 100,
      seal: () => {
        throw new CryptoError('INVALID_PUBLIC_KEY')
      },
    },
  })

  it('after a field sealed by the WASM sealer, by the @noble path, and when the sealer throws', () => {
    setEcdhBackend(wasm.ecdh)
    expect(keysAfter(() => encrypt('secret', recipient))).toEqual({ count: 1, zeroed: true })
    setEcdhBackend(nobleEcdh)
    expect(keysAfter(() => encrypt('secret', recipient))).toEqual({ count: 1, zeroed: true })
    setEcdhBackend(throwing)
    expect(() => encrypt('secret', recipient)).toThrow(CryptoError)
    expect(keysAfter(() => encrypt('secret', recipient))).toEqual({ count: 1, zeroed: true })
  })

  it('when the IV given is not 12 bytes (none is left unzeroed: it is refused before a key is made)', () => {
    for (const backend of [wasm.ecdh, nobleEcdh]) {
      setEcdhBackend(backend)
      expect(() => encrypt('secret', recipient, { iv: new Uint8Array(11) })).toThrow(CryptoError)
      expect(keysAfter(() => encrypt('secret', recipient, { iv: new Uint8Array(11) })).zeroed).toBe(true)
    }
  })

  it('and leaves a key and IV the caller gave untouched', () => {
    const ephemeralPrivateKey = new Uint8Array(32).fill(7)
    const iv = new Uint8Array(12).fill(9)
    for (const backend of [wasm.ecdh, nobleEcdh, throwing]) {
      setEcdhBackend(backend)
      keysAfter(() => encrypt('secret', recipient, { ephemeralPrivateKey, iv }))
      expect(ephemeralPrivateKey.every((b) => b === 7)).toBe(true)
      expect(iv.every((b) => b === 9)).toBe(true)
    }
  })
})
