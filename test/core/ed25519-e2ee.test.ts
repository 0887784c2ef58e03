/**
 * The ed25519 E2EE schemes against an independent implementation written here from
 * the algorithm description (PROTOCOL.md "NEAR AI Cloud dialect"), on Node's OpenSSL
 * (X25519, HKDF, ChaCha20, ChaCha20-Poly1305), a hand-written HChaCha20 and Poly1305,
 * and TweetNaCl for the classic SalsaBox. Nothing here imports sealkit's crypto helpers.
 */
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto'
import nacl from 'tweetnacl'
import { describe, expect, it } from 'vitest'
import {
  decryptEd25519,
  ed25519ClientKeyPairFromSeed,
  ed25519PublicKeyToX25519,
  encryptEd25519,
  generateEd25519ClientKeyPair,
} from '../../src/core/crypto/ed25519-e2ee.ts'
import { loadSchemeCodec } from '../../src/core/crypto/scheme.ts'
import { isSealkitError } from '../../src/core/errors.ts'

// ---- the independent implementation -------------------------------------------------
const P = 2n ** 255n - 19n
const le = (b: Uint8Array): bigint => b.reduceRight((n, byte) => (n << 8n) | BigInt(byte), 0n)
const toLe = (n: bigint, len: number): Buffer => Buffer.from(Array.from({ length: len }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn)))
const modPow = (b: bigint, e: bigint, m: bigint): bigint => {
  let r = 1n
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m
  return r
}

/** Ed25519 public key -> X25519: u = (1 + y) / (1 - y) mod p (the sign bit of x is dropped). */
function edPubToX(pub: Uint8Array): Buffer {
  const y = le(pub) & ((1n << 255n) - 1n)
  return toLe((((1n + y) % P) * modPow((1n - y + P) % P, P - 2n, P)) % P, 32)
}

/** Ed25519 seed -> X25519 secret: SHA-512(seed)[0..32], clamped. */
function edSeedToX(seed: Uint8Array): Buffer {
  const h = createHash('sha512').update(seed).digest().subarray(0, 32)
  h[0]! &= 248
  h[31]! &= 127
  h[31]! |= 64
  return Buffer.from(h)
}

const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex')
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex')
function x25519(secret: Uint8Array, pub: Uint8Array): Buffer {
  return diffieHellman({
    privateKey: createPrivateKey({ key: Buffer.concat([X25519_PKCS8, secret]), format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey({ key: Buffer.concat([X25519_SPKI, pub]), format: 'der', type: 'spki' }),
  })
}
function x25519Public(secret: Uint8Array): Buffer {
  const jwk = createPublicKey(createPrivateKey({ key: Buffer.concat([X25519_PKCS8, secret]), format: 'der', type: 'pkcs8' })).export({ format: 'jwk' })
  return Buffer.from(jwk.x!, 'base64url')
}

/** HChaCha20 (draft-irtf-cfrg-xchacha): 20 ChaCha rounds over sigma || key || 16-byte input, words 0-3 and 12-15 out. */
function hchacha20(key: Uint8Array, input16: Uint8Array): Buffer {
  const s = new Uint32Array(16)
  s.set([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574])
  for (let i = 0; i < 8; i++) s[4 + i] = Buffer.from(key).readUInt32LE(i * 4)
  for (let i = 0; i < 4; i++) s[12 + i] = Buffer.from(input16).readUInt32LE(i * 4)
  const rotl = (v: number, c: number) => ((v << c) | (v >>> (32 - c))) >>> 0
  const qr = (a: number, b: number, c: number, d: number) => {
    s[a] = (s[a]! + s[b]!) >>> 0; s[d] = rotl(s[d]! ^ s[a]!, 16)
    s[c] = (s[c]! + s[d]!) >>> 0; s[b] = rotl(s[b]! ^ s[c]!, 12)
    s[a] = (s[a]! + s[b]!) >>> 0; s[d] = rotl(s[d]! ^ s[a]!, 8)
    s[c] = (s[c]! + s[d]!) >>> 0; s[b] = rotl(s[b]! ^ s[c]!, 7)
  }
  for (let i = 0; i < 10; i++) {
    qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15)
    qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14)
  }
  const out = Buffer.alloc(32)
  ;[0, 1, 2, 3, 12, 13, 14, 15].forEach((w, i) => out.writeUInt32LE(s[w]!, i * 4))
  return out
}

/** XChaCha20: HChaCha20 subkey, then IETF ChaCha20 with nonce 0^4 || nonce[16..24], from block `counter`. */
function xchachaParts(key: Uint8Array, nonce: Uint8Array) {
  return { subkey: hchacha20(key, nonce.subarray(0, 16)), iv12: Buffer.concat([Buffer.alloc(4), nonce.subarray(16, 24)]) }
}
function xchachaAeadSeal(key: Uint8Array, nonce: Uint8Array, pt: Uint8Array): Buffer {
  const { subkey, iv12 } = xchachaParts(key, nonce)
  const c = createCipheriv('chacha20-poly1305', subkey, iv12, { authTagLength: 16 })
  return Buffer.concat([c.update(pt), c.final(), c.getAuthTag()])
}
function xchachaAeadOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer {
  const { subkey, iv12 } = xchachaParts(key, nonce)
  const d = createDecipheriv('chacha20-poly1305', subkey, iv12, { authTagLength: 16 })
  d.setAuthTag(sealed.subarray(sealed.length - 16))
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()])
}
function xchachaStream(key: Uint8Array, nonce: Uint8Array, data: Uint8Array): Buffer {
  const { subkey, iv12 } = xchachaParts(key, nonce)
  // Node's chacha20 IV is the 32-bit block counter (LE) followed by the 96-bit nonce.
  return createCipheriv('chacha20', subkey, Buffer.concat([Buffer.alloc(4), iv12])).update(data)
}

/** Poly1305 (RFC 8439 §2.5) on BigInts. */
function poly1305(msg: Uint8Array, key: Uint8Array): Buffer {
  const r = le(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn
  const s = le(key.subarray(16, 32))
  const p = (1n << 130n) - 5n
  let acc = 0n
  for (let i = 0; i < msg.length; i += 16) {
    const block = msg.subarray(i, i + 16)
    acc = ((acc + le(block) + (1n << BigInt(8 * block.length))) * r) % p
  }
  return toLe((acc + s) & ((1n << 128n) - 1n), 16)
}

/** libsodium's crypto_box_curve25519xchacha20poly1305_easy: key HChaCha20(shared, 0), secretbox layout tag || ct. */
function chachaBoxSeal(shared: Uint8Array, nonce: Uint8Array, pt: Uint8Array): Buffer {
  const key = hchacha20(shared, Buffer.alloc(16))
  const stream = xchachaStream(key, nonce, Buffer.concat([Buffer.alloc(32), pt]))
  const ct = stream.subarray(32)
  return Buffer.concat([poly1305(ct, stream.subarray(0, 32)), ct])
}
function chachaBoxOpen(shared: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer {
  const key = hchacha20(shared, Buffer.alloc(16))
  const stream = xchachaStream(key, nonce, Buffer.concat([Buffer.alloc(32), sealed.subarray(16)]))
  expect(poly1305(sealed.subarray(16), stream.subarray(0, 32)).equals(Buffer.from(sealed.subarray(0, 16)))).toBe(true)
  return stream.subarray(32)
}

const hkdfKey = (shared: Uint8Array) => Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), 'ed25519_encryption', 32))

/** The enclave side: an Ed25519 identity and the two directions of each version. */
function independentParty() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url')
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
  return {
    pubHex: pub.toString('hex'),
    seed,
    encryptTo(recipientEdPubHex: string, text: string, version: 1 | 2): string {
      const eph = randomBytes(32)
      const nonce = randomBytes(24)
      const shared = x25519(eph, edPubToX(Buffer.from(recipientEdPubHex, 'hex')))
      const sealed = version === 2 ? xchachaAeadSeal(hkdfKey(shared), nonce, Buffer.from(text)) : chachaBoxSeal(shared, nonce, Buffer.from(text))
      return Buffer.concat([x25519Public(eph), nonce, sealed]).toString('hex')
    },
    salsaBoxTo(recipientEdPubHex: string, text: string): string {
      const eph = nacl.box.keyPair()
      const nonce = nacl.randomBytes(24)
      const sealed = nacl.box(Buffer.from(text), nonce, edPubToX(Buffer.from(recipientEdPubHex, 'hex')), eph.secretKey)
      return Buffer.concat([eph.publicKey, nonce, sealed]).toString('hex')
    },
    decrypt(wireHex: string, version: 1 | 2): string {
      const raw = Buffer.from(wireHex, 'hex')
      const shared = x25519(edSeedToX(seed), raw.subarray(0, 32))
      const nonce = raw.subarray(32, 56)
      const sealed = raw.subarray(56)
      return (version === 2 ? xchachaAeadOpen(hkdfKey(shared), nonce, sealed) : chachaBoxOpen(shared, nonce, sealed)).toString('utf8')
    },
  }
}

const TEXTS = ['', 'Hello, enclave!', 'こんにちは 🌍 — ünïcödé', 'x'.repeat(1000)]

describe('ed25519 E2EE schemes against an independent implementation', () => {
  it('converts Ed25519 public keys and seeds to X25519 exactly as the birational map and RFC 8032 clamping do', () => {
    for (let i = 0; i < 8; i++) {
      const keys = generateEd25519ClientKeyPair()
      expect(Buffer.from(ed25519PublicKeyToX25519(keys.publicKeyHex)).toString('hex')).toBe(edPubToX(keys.publicKey).toString('hex'))
      // The converted secret and the converted public key are one X25519 pair.
      expect(x25519Public(edSeedToX(keys.privateKey)).toString('hex')).toBe(edPubToX(keys.publicKey).toString('hex'))
      keys.destroy()
    }
  })

  for (const version of [2, 1] as const) {
    it(`v${version}: what sealkit encrypts, the independent side decrypts`, () => {
      const enclave = independentParty()
      for (const text of TEXTS) expect(enclave.decrypt(encryptEd25519(text, enclave.pubHex, { version }), version)).toBe(text)
    })

    it(`v${version}: what the independent side encrypts to the client key, sealkit decrypts`, () => {
      const enclave = independentParty()
      const client = generateEd25519ClientKeyPair()
      for (const text of TEXTS) expect(decryptEd25519(enclave.encryptTo(client.publicKeyHex, text, version), client.privateKey, version)).toBe(text)
    })

    it(`v${version}: a flipped bit anywhere fails with DECRYPT_FAILED, never returns text`, () => {
      const enclave = independentParty()
      const client = generateEd25519ClientKeyPair()
      const wire = enclave.encryptTo(client.publicKeyHex, 'attack at dawn', version)
      for (const at of [0, 40, 64, 100, 120, wire.length - 1]) {
        const flipped = wire.slice(0, at) + (parseInt(wire[at]!, 16) ^ 1).toString(16) + wire.slice(at + 1)
        expect(() => decryptEd25519(flipped, client.privateKey, version)).toThrow(expect.objectContaining({ code: expect.stringMatching(/DECRYPT_FAILED|INVALID_PUBLIC_KEY/) }))
      }
    })
  }

  it('v1 decryption falls back to the classic SalsaBox (TweetNaCl)', () => {
    const enclave = independentParty()
    const client = generateEd25519ClientKeyPair()
    expect(decryptEd25519(enclave.salsaBoxTo(client.publicKeyHex, 'salsa!'), client.privateKey, 1)).toBe('salsa!')
    // ...but v2 never takes a SalsaBox.
    expect(() => decryptEd25519(enclave.salsaBoxTo(client.publicKeyHex, 'salsa!'), client.privateKey, 2)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }))
  })

  it('the versions do not open each other, and another client key opens nothing', () => {
    const enclave = independentParty()
    const client = generateEd25519ClientKeyPair()
    const other = generateEd25519ClientKeyPair()
    expect(() => decryptEd25519(enclave.encryptTo(client.publicKeyHex, 'v2', 2), client.privateKey, 1)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }))
    expect(() => decryptEd25519(enclave.encryptTo(client.publicKeyHex, 'v1', 1), client.privateKey, 2)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }))
    expect(() => decryptEd25519(enclave.encryptTo(client.publicKeyHex, 'mine', 2), other.privateKey, 2)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }))
  })

  it('refuses malformed fields and keys with typed errors', () => {
    const client = generateEd25519ClientKeyPair()
    expect(() => decryptEd25519('ab'.repeat(71), client.privateKey)).toThrow(expect.objectContaining({ code: 'INVALID_HEX' }))
    expect(() => decryptEd25519('zz'.repeat(80), client.privateKey)).toThrow(expect.objectContaining({ code: 'INVALID_HEX' }))
    expect(() => encryptEd25519('x', '04' + 'ab'.repeat(64))).toThrow(expect.objectContaining({ code: 'INVALID_PUBLIC_KEY' }))
    // A low-order X25519 point as the ephemeral key: the all-zero shared secret is refused.
    const lowOrder = '00'.repeat(32) + '11'.repeat(24) + '22'.repeat(16)
    let error: unknown
    try {
      decryptEd25519(lowOrder, client.privateKey)
    } catch (e) {
      error = e
    }
    expect(isSealkitError(error)).toBe(true)
  })

  it('destroy() zeroes the seed', () => {
    const seed = new Uint8Array(32).fill(7)
    const keys = ed25519ClientKeyPairFromSeed(seed)
    keys.destroy()
    expect(keys.destroyed).toBe(true)
    expect(seed.every((b) => b === 0)).toBe(true)
  })

  for (const version of [1, 2] as const) {
    it(`the v${version} codec: encrypt to the enclave, a key holder that decrypts what the enclave sends, plaintext told apart`, async () => {
      const codec = await loadSchemeCodec({ algo: 'ed25519', version })
      const enclave = independentParty()
      expect(enclave.decrypt(codec.encrypt('to the model', enclave.pubHex), version)).toBe('to the model')
      const holder = codec.createKeyHolder()
      expect(holder.publicKeyHex).toMatch(/^[0-9a-f]{64}$/)
      expect(holder.algo).toBe('ed25519')
      const wire = enclave.encryptTo(holder.publicKeyHex, 'to the client', version)
      expect(codec.isCiphertext(wire)).toBe(true)
      expect(codec.isCiphertext('plain words')).toBe(false)
      expect(await holder.decrypt(wire)).toBe('to the client')
      holder.destroy()
      expect(() => holder.decrypt(wire)).toThrow(expect.objectContaining({ code: 'KEY_DESTROYED' }))
    })
  }
})
