// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MIN_CIPHERTEXT_HEX,
  bytesToHex,
  clientKeyPairFromPrivateKey,
  decrypt,
  deriveAesKey,
  encrypt,
  generateClientKeyPair,
  hashPersonalMessage,
  hexToBytes,
  isEncryptedHex,
  nobleEcdh,
  normalizePublicKey,
  publicKeyToAddress,
  recoverPersonalSignAddress,
  signPersonalMessage,
  validateClientPublicKey,
} from '../../src/core/crypto/index.ts'
import { readRealJson } from '../fixtures.ts'
import { thrownCode } from '../helpers/error-code.ts'

const ecies = readRealJson('_derived-vectors', 'ecies-secp256k1-hkdf-aesgcm.vectors.json')
const eip191 = readRealJson('_derived-vectors', 'eip191-signature.vector.json')

describe('E2EE scheme against the derived vectors (two independent implementations)', () => {
  for (const v of ecies.cases) {
    it(`${v.name}: encrypts byte-exactly`, () => {
      const wire = encrypt(v.plaintext_utf8, v.recipient_pub, {
        ephemeralPrivateKey: hexToBytes(v.ephemeral_priv),
        iv: hexToBytes(v.gcm_nonce),
      })
      expect(wire).toBe(v.wire_hex)
      expect(wire.length).toBe(v.wire_hex_len)
    })
    it(`${v.name}: intermediate values match`, () => {
      const x = nobleEcdh(hexToBytes(v.ephemeral_priv), normalizePublicKey(v.recipient_pub))
      expect(bytesToHex(x)).toBe(v.ecdh_shared_x)
      expect(bytesToHex(deriveAesKey(x))).toBe(v.aes_key)
    })
    it(`${v.name}: decrypts the vector`, () => {
      expect(decrypt(v.wire_hex, hexToBytes(v.recipient_priv))).toBe(v.plaintext_utf8)
    })
  }

  it('accepts the 128-hex model key form and the 130-hex form alike', () => {
    const v = ecies.cases[0]
    const opts = { ephemeralPrivateKey: hexToBytes(v.ephemeral_priv), iv: hexToBytes(v.gcm_nonce) }
    expect(encrypt(v.plaintext_utf8, v.recipient_pub.slice(2), opts)).toBe(v.wire_hex)
  })

  it('the shortest ciphertext is 186 hex characters', () => {
    expect(MIN_CIPHERTEXT_HEX).toBe(186)
    expect(isEncryptedHex(ecies.cases[3].wire_hex)).toBe(true)
    expect(isEncryptedHex(ecies.cases[3].wire_hex.slice(0, 184))).toBe(false)
    expect(isEncryptedHex('zz' + ecies.cases[3].wire_hex.slice(2))).toBe(false)
  })
})

describe('fail closed', () => {
  const v = ecies.cases[2]
  const priv = () => hexToBytes(v.recipient_priv)

  it('a flipped byte anywhere fails authentication with DECRYPT_FAILED', () => {
    for (const at of [2, 140, 160, v.wire_hex.length - 2]) {
      const flipped = v.wire_hex.slice(0, at) + (v.wire_hex[at] === '0' ? '1' : '0') + v.wire_hex.slice(at + 1)
      // flipping inside the ephemeral key may leave the curve: still DECRYPT_FAILED
      expect(thrownCode(() => decrypt(flipped, priv()))).toBe('DECRYPT_FAILED')
    }
  })
  it('the wrong private key fails with DECRYPT_FAILED', () => {
    expect(thrownCode(() => decrypt(v.wire_hex, hexToBytes(ecies.cases[0].recipient_priv)))).toBe('DECRYPT_FAILED')
  })
  it('plaintext and short or odd hex fail with INVALID_HEX', () => {
    expect(thrownCode(() => decrypt('hello there', priv()))).toBe('INVALID_HEX')
    expect(thrownCode(() => decrypt(v.wire_hex.slice(0, 185), priv()))).toBe('INVALID_HEX')
    expect(thrownCode(() => decrypt(v.wire_hex + 'a', priv()))).toBe('INVALID_HEX')
  })
  it('hexToBytes inverts bytesToHex and refuses every non-hex character, odd length included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const hex = bytesToHex(b)
        expect(hexToBytes(hex)).toEqual(b)
        expect(hexToBytes('0x' + hex.toUpperCase())).toEqual(b)
      }),
    )
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }).filter((c) => !/[0-9a-fA-F]/.test(c)), fc.nat(3), (c, at) => {
        const hex = '0a1b2c3d'
        expect(thrownCode(() => hexToBytes(hex.slice(0, at * 2) + c + hex.slice(at * 2 + 1)))).toBe('INVALID_HEX')
      }),
    )
    expect(thrownCode(() => hexToBytes('abc'))).toBe('INVALID_HEX')
    expect(thrownCode(() => hexToBytes('0x0'))).toBe('INVALID_HEX')
  })
  it('ciphertext of invalid UTF-8 is refused, not replaced', () => {
    const r = generateClientKeyPair()
    const wire = encrypt(Uint8Array.of(0xff, 0xfe), r.publicKeyHex)
    expect(thrownCode(() => decrypt(wire, r.privateKey))).toBe('DECRYPT_FAILED')
  })
  it('keys off the curve, of the wrong length or prefix are INVALID_PUBLIC_KEY', () => {
    expect(thrownCode(() => normalizePublicKey('04' + '11'.repeat(64)))).toBe('INVALID_PUBLIC_KEY')
    expect(thrownCode(() => normalizePublicKey(v.recipient_pub.slice(0, 128)))).toBe('INVALID_PUBLIC_KEY')
    expect(thrownCode(() => normalizePublicKey('02' + v.recipient_pub.slice(2)))).toBe('INVALID_PUBLIC_KEY')
    expect(thrownCode(() => validateClientPublicKey(v.recipient_pub.slice(2)))).toBe('INVALID_PUBLIC_KEY')
    expect(thrownCode(() => validateClientPublicKey(v.recipient_pub))).toBeUndefined()
  })
  it('error messages carry no key or ciphertext material', () => {
    try {
      decrypt(v.wire_hex.slice(0, -2) + '00', priv())
    } catch (e) {
      const text = JSON.stringify({ m: (e as Error).message, d: (e as { details?: unknown }).details, s: String(e) })
      expect(text).not.toContain(v.recipient_priv)
      expect(text).not.toContain(v.wire_hex.slice(0, 40))
    }
  })
})

describe('client keys', () => {
  it('are fresh, 130-hex 04 keys, and destroy() zeroes the private key', () => {
    const a = generateClientKeyPair()
    const b = generateClientKeyPair()
    expect(a.publicKeyHex).toMatch(/^04[0-9a-f]{128}$/)
    expect(a.publicKeyHex).not.toBe(b.publicKeyHex)
    const priv = a.privateKey
    expect(priv.some((x) => x !== 0)).toBe(true)
    a.destroy()
    expect(a.destroyed).toBe(true)
    expect(priv.every((x) => x === 0)).toBe(true)
  })
  it('round-trip any text through encrypt/decrypt (property)', () => {
    const keys = generateClientKeyPair()
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const wire = encrypt(text, keys.publicKeyHex)
        expect(wire).toMatch(/^[0-9a-f]+$/)
        expect(wire.length).toBe(MIN_CIPHERTEXT_HEX + new TextEncoder().encode(text).length * 2)
        expect(decrypt(wire, keys.privateKey)).toBe(text)
      }),
      { numRuns: 50 },
    )
  })
  it('wrapping an existing key gives the vector public key', () => {
    const v = ecies.cases[0]
    expect(clientKeyPairFromPrivateKey(hexToBytes(v.recipient_priv)).publicKeyHex).toBe(v.recipient_pub)
  })
})

describe('Ethereum address and EIP-191 against the derived vector', () => {
  it('address from the 64-byte and 65-byte public key', () => {
    expect(publicKeyToAddress(eip191.signing_public_key_64)).toBe(eip191.signing_address)
    expect(publicKeyToAddress('04' + eip191.signing_public_key_64)).toBe(eip191.signing_address)
  })
  it('digest, signature and recovery match ethers', () => {
    expect(bytesToHex(hashPersonalMessage(eip191.text))).toBe(eip191.eip191_digest)
    expect(signPersonalMessage(eip191.text, hexToBytes(eip191.private_key))).toBe(eip191.signature)
    expect(recoverPersonalSignAddress(eip191.text, eip191.signature)).toBe(eip191.recovered.toLowerCase())
  })
  it('a changed text recovers a different address; a malformed signature is SIGNATURE_INVALID', () => {
    expect(recoverPersonalSignAddress(eip191.text + 'x', eip191.signature)).not.toBe(eip191.signing_address)
    expect(thrownCode(() => recoverPersonalSignAddress(eip191.text, eip191.signature.slice(0, -2) + '1d'))).toBe('SIGNATURE_INVALID')
    expect(thrownCode(() => recoverPersonalSignAddress(eip191.text, '0x1234'))).toBe('SIGNATURE_INVALID')
  })
})
