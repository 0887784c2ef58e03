// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { p256, p384 } from '@noble/curves/nist.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { hexToBytes } from '../../src/core/crypto/hex.ts'
import { jwkToP384, parseJwks, parseNrasResponse, parseNvidiaPayload, parseSpdmMeasurements } from '../../src/core/attestation/nvidia/index.ts'
import { parseTdxQuote } from '../../src/core/attestation/tdx/index.ts'
import { parseCertificate, parseCertificates, parseCrl, verifyEcdsa, verifyEcdsaSync, type Certificate, type EcdsaVerifyInput } from '../../src/core/attestation/x509/index.ts'
import { VENICE_0610, jwksOf, nrasOf, payloadOf } from './nvidia-helpers.ts'
import { reportQuotes } from './tdx-fixtures.ts'

/**
 * The WebCrypto path of verifyEcdsa must answer exactly like noble (verifyEcdsaSync)
 * for every input: the real signatures of the Venice report and tampered variants of
 * each (message, r, s, high-S, r/s = 0 or >= n, keys off the curve or in other encodings).
 */

const venice = reportQuotes().find((r) => r.name === 'venice 2026-06-10')!
const ORDER = { 'P-256': p256.Point.CURVE().n, 'P-384': p384.Point.CURVE().n }
const PRIME = { 'P-256': p256.Point.CURVE().p, 'P-384': p384.Point.CURVE().p }
const sizeOf = (c: EcdsaVerifyInput['curve']) => (c === 'P-256' ? 32 : 48)

const toBytes = (n: bigint, size: number): Uint8Array => hexToBytes(n.toString(16).padStart(size * 2, '0'))
const toBig = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`)

function certLink(cert: Certificate, issuer: Certificate): EcdsaVerifyInput {
  return { curve: issuer.publicKey.curve!, hash: cert.signatureHash!, publicKey: issuer.publicKey.bytes, message: cert.tbs, signature: cert.signature, format: 'der' }
}

/** Every genuine signature of the Venice 2026-06-10 report, labelled. */
function realInputs(): Array<[string, EcdsaVerifyInput]> {
  const out: Array<[string, EcdsaVerifyInput]> = []
  const q = parseTdxQuote(venice.quote)
  out.push(['quote', { curve: 'P-256', hash: 'SHA-256', publicKey: q.bytes.attestationKey, message: q.bytes.signed, signature: q.bytes.quoteSignature }])
  out.push(['qe report', { curve: 'P-256', hash: 'SHA-256', publicKey: q.pckChain[0]!.publicKey.bytes, message: q.bytes.qeReport, signature: q.bytes.qeReportSignature }])
  q.pckChain.forEach((c, i) => out.push([`pck chain ${i}`, certLink(c, q.pckChain[Math.min(i + 1, q.pckChain.length - 1)]!)]))
  const col = venice.collateral!
  const tcbSigner = parseCertificates(col.tcb_info_issuer_chain)[0]!
  const qeSigner = parseCertificates(col.qe_identity_issuer_chain)[0]!
  const enc = new TextEncoder()
  out.push(['tcb info', { curve: 'P-256', hash: 'SHA-256', publicKey: tcbSigner.publicKey.bytes, message: enc.encode(col.tcb_info), signature: hexToBytes(col.tcb_info_signature as string) }])
  out.push(['qe identity', { curve: 'P-256', hash: 'SHA-256', publicKey: qeSigner.publicKey.bytes, message: enc.encode(col.qe_identity), signature: hexToBytes(col.qe_identity_signature as string) }])
  const crlChain = parseCertificates(col.pck_crl_issuer_chain)
  for (const [name, crl, issuer] of [
    ['root crl', parseCrl(col.root_ca_crl as string), crlChain[crlChain.length - 1]!],
    ['pck crl', parseCrl(col.pck_crl as string), crlChain[0]!],
  ] as const) {
    out.push([name, { curve: issuer.publicKey.curve!, hash: crl.signatureHash!, publicKey: issuer.publicKey.bytes, message: crl.tbs, signature: crl.signature, format: 'der' }])
  }
  for (const gpu of parseNvidiaPayload(payloadOf(VENICE_0610)).gpus.slice(0, 2)) {
    const certs = gpu.certificates.map((der) => parseCertificate(der))
    const spdm = parseSpdmMeasurements(gpu.evidence)
    out.push([`gpu ${gpu.index} spdm`, { curve: 'P-384', hash: 'SHA-384', publicKey: certs[0]!.publicKey.bytes, message: spdm.signedBytes, signature: spdm.signature }])
    certs.forEach((c, i) => out.push([`gpu ${gpu.index} chain ${i}`, certLink(c, certs[Math.min(i + 1, certs.length - 1)]!)]))
  }
  const nras = parseNrasResponse(nrasOf(VENICE_0610))
  const jwks = parseJwks(jwksOf(VENICE_0610))
  const token = nras.overall
  const key = jwkToP384(jwks.keys.find((k) => k.kid === token.header.kid)!) as Uint8Array
  out.push(['nras jwt', { curve: 'P-384', hash: 'SHA-384', publicKey: key, message: token.signingInput, signature: token.signature }])
  out.push(['nras gpu jwt', { curve: 'P-384', hash: 'SHA-384', publicKey: key, message: nras.gpus[0]!.token.signingInput, signature: nras.gpus[0]!.token.signature }])
  return out
}

/** Raw `r || s` variants of a genuine input (DER inputs are converted first), with whether each must verify. */
function variants(input: EcdsaVerifyInput): Array<[string, EcdsaVerifyInput, boolean]> {
  const size = sizeOf(input.curve)
  const n = ORDER[input.curve]
  const raw = input.format === 'der' ? derToRaw(input.signature, size) : input.signature
  const r = toBig(raw.subarray(0, size))
  const s = toBig(raw.subarray(size))
  const rs = (a: bigint, b: bigint) => new Uint8Array([...toBytes(a, size), ...toBytes(b, size)])
  const base: EcdsaVerifyInput = { ...input, signature: raw, format: 'raw' }
  const key = input.publicKey.length === size * 2 ? new Uint8Array([4, ...input.publicKey]) : input.publicKey
  const flipped = (b: Uint8Array, at: number) => {
    const c = b.slice()
    c[at]! ^= 1
    return c
  }
  const max = (1n << BigInt(size * 8)) - 1n
  const compressed = new Uint8Array([key[size * 2]! & 1 ? 3 : 2, ...key.subarray(1, size + 1)])
  const xPlusP = toBig(key.subarray(1, size + 1)) + PRIME[input.curve]
  return [
    ['original', input, true],
    ['raw r||s', base, true],
    ['high-S (n - s)', { ...base, signature: rs(r, n - s) }, true],
    ['bare X||Y key', { ...base, publicKey: key.subarray(1) }, true],
    ['compressed key', { ...base, publicKey: compressed }, true],
    ['message bit flipped', { ...base, message: flipped(input.message, 0) }, false],
    ['r bit flipped', { ...base, signature: flipped(raw, size - 1) }, false],
    ['s bit flipped', { ...base, signature: flipped(raw, size * 2 - 1) }, false],
    ['r = 0', { ...base, signature: rs(0n, s) }, false],
    ['s = 0', { ...base, signature: rs(r, 0n) }, false],
    ['r = n', { ...base, signature: rs(n, s) }, false],
    ['s = n', { ...base, signature: rs(r, n) }, false],
    ['r + n (same value mod n)', ...(r + n <= max ? [{ ...base, signature: rs(r + n, s) }] : [{ ...base, signature: rs(max, s) }]), false] as [string, EcdsaVerifyInput, boolean],
    ['s = 2^bits - 1', { ...base, signature: rs(r, max) }, false],
    ['signature one byte short', { ...base, signature: raw.subarray(1) }, false],
    ['signature one byte long', { ...base, signature: new Uint8Array([0, ...raw]) }, false],
    ['key off the curve', { ...base, publicKey: flipped(key, key.length - 1) }, false],
    ['key x + p', ...(xPlusP <= max ? [{ ...base, publicKey: new Uint8Array([4, ...toBytes(xPlusP, size), ...key.subarray(size + 1)]) }] : [{ ...base, publicKey: new Uint8Array([4, ...toBytes(max, size), ...key.subarray(size + 1)]) }]), false] as [string, EcdsaVerifyInput, boolean],
    ['hybrid key (06/07 prefix)', { ...base, publicKey: new Uint8Array([key[size * 2]! & 1 ? 7 : 6, ...key.subarray(1)]) }, false],
    ['key prefix 05', { ...base, publicKey: new Uint8Array([5, ...key.subarray(1)]) }, false],
    ['empty key', { ...base, publicKey: new Uint8Array(0) }, false],
    ['other curve', { ...base, curve: input.curve === 'P-256' ? 'P-384' : 'P-256' }, false],
    ['other hash', { ...base, hash: input.hash === 'SHA-256' ? 'SHA-384' : 'SHA-256' }, false],
  ]
}

function derToRaw(der: Uint8Array, size: number): Uint8Array {
  // SEQUENCE { INTEGER r, INTEGER s } with short lengths (all our signatures are < 128 bytes).
  let at = 2
  const out = new Uint8Array(size * 2)
  for (let k = 0; k < 2; k++) {
    const len = der[at + 1]!
    let v = der.subarray(at + 2, at + 2 + len)
    while (v.length > size && v[0] === 0) v = v.subarray(1)
    out.set(v, (k + 1) * size - v.length)
    at += 2 + len
  }
  return out
}

describe('verifyEcdsa (WebCrypto) answers exactly like noble', () => {
  const inputs = realInputs()

  it('covers the real report: TDX, collateral, CRLs, GPU chains, SPDM and NRAS signatures', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(20)
    expect(new Set(inputs.map(([, i]) => i.curve))).toEqual(new Set(['P-256', 'P-384']))
  })

  it.each(inputs)('%s: genuine and tampered variants', async (_name, input) => {
    for (const [what, variant, expected] of variants(input)) {
      const sync = verifyEcdsaSync(variant)
      const native = await verifyEcdsa(variant)
      expect({ what, sync, native }).toEqual({ what, sync: expected, native: expected })
    }
  })

  it('DER signatures: a high-S DER encoding verifies, a non-minimal one does not, on both paths', async () => {
    const [, input] = inputs.find(([name]) => name === 'pck chain 0')!
    const size = sizeOf(input.curve)
    const raw = derToRaw(input.signature, size)
    const n = ORDER[input.curve]
    const highS = n - toBig(raw.subarray(size))
    const int = (v: bigint) => {
      let b = hexToBytes(v.toString(16).padStart(size * 2, '0'))
      while (b.length > 1 && b[0] === 0 && !(b[1]! & 0x80)) b = b.subarray(1)
      if (b[0]! & 0x80) b = new Uint8Array([0, ...b])
      return new Uint8Array([2, b.length, ...b])
    }
    const seq = (...parts: Uint8Array[]) => {
      const body = parts.flatMap((p) => [...p])
      return new Uint8Array([0x30, body.length, ...body])
    }
    const r = int(toBig(raw.subarray(0, size)))
    const good = { ...input, signature: seq(r, int(highS)) }
    expect([verifyEcdsaSync(good), await verifyEcdsa(good)]).toEqual([true, true])
    const padded = { ...input, signature: seq(new Uint8Array([2, r[1]! + 1, 0, ...r.subarray(2)]), int(highS)) }
    expect([verifyEcdsaSync(padded), await verifyEcdsa(padded)]).toEqual([false, false])
  })
})

describe('verifyEcdsa backends', () => {
  const [, input] = realInputs().find(([name]) => name === 'gpu 0 spdm')!

  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('uses WebCrypto when it exists', async () => {
    const spy = vi.spyOn(globalThis.crypto.subtle, 'verify')
    expect(await verifyEcdsa(input)).toBe(true)
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('falls back to noble without crypto.subtle (insecure browser contexts)', async () => {
    vi.stubGlobal('crypto', {})
    expect(await verifyEcdsa(input)).toBe(true)
    expect(await verifyEcdsa({ ...input, message: new Uint8Array(3) })).toBe(false)
  })

  it('falls back to noble when WebCrypto refuses the curve or throws', async () => {
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey').mockRejectedValue(new DOMException('unsupported', 'NotSupportedError'))
    expect(await verifyEcdsa(input)).toBe(true)
    expect(await verifyEcdsa({ ...input, message: new Uint8Array(3) })).toBe(false)
    expect(importKey).toHaveBeenCalled()
    importKey.mockRestore()
    vi.spyOn(globalThis.crypto.subtle, 'verify').mockRejectedValue(new Error('boom'))
    expect(await verifyEcdsa(input)).toBe(true)
    expect(await verifyEcdsa({ ...input, message: new Uint8Array(3) })).toBe(false)
  })
})
