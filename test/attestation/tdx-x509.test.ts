// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { describe, expect, it } from 'vitest'
import { p384 } from '@noble/curves/nist.js'
import { sha384 } from '@noble/hashes/sha2.js'
import {
  CertificateCache,
  base64ToBytes,
  bytesToBase64,
  derToPem,
  fingerprintOf,
  parseCertificate,
  parseCertificates,
  parseCrl,
  pemBlocks,
  readDer,
  verifyCertificateChain,
  verifyCertificateSignature,
  verifyEcdsa,
} from '../../src/core/attestation/x509/index.ts'
import { INTEL_SGX_ROOT_CA_FINGERPRINT } from '../../src/core/attestation/tdx/index.ts'
import { readReal, readRealJson } from '../fixtures.ts'
import { bytesToHex } from '../../src/core/crypto/hex.ts'

const NVIDIA_ROOT = '102bf659d5419614c9d8e6aecebc80454eb26b1df6a769ac720b9a690b167b48'
const nvidiaPem = readReal('nvidia/nvtrust__hopperCertChain.pem')
const collateral = readRealJson('tdx-quotes/dcap-qvl__tdx_quote.collateral.json')
const at = new Date('2025-06-20T00:00:00Z')

describe('x509: parsing', () => {
  it('parses the Intel TCB signing chain with names, constraints and keys', async () => {
    const [signer, root] = parseCertificates(collateral.tcb_info_issuer_chain)
    expect(signer!.subject.commonName).toBe('Intel SGX TCB Signing')
    expect(signer!.issuer.commonName).toBe('Intel SGX Root CA')
    expect(signer!.basicConstraints).toEqual({ ca: false })
    expect(signer!.keyUsage).toEqual(['digitalSignature', 'nonRepudiation'])
    expect(root!.fingerprint).toBe(INTEL_SGX_ROOT_CA_FINGERPRINT)
    expect(root!.basicConstraints).toEqual({ ca: true, pathLength: 1 })
    expect(root!.keyUsage).toEqual(['keyCertSign', 'cRLSign'])
    expect(root!.publicKey.curve).toBe('P-256')
    expect(root!.signatureHash).toBe('SHA-256')
    expect(root!.subject.text).toBe('CN=Intel SGX Root CA, O=Intel Corporation, L=Santa Clara, ST=CA, C=US')
  })

  it('parses NVIDIA P-384 certificates with GeneralizedTime 9999', async () => {
    const certs = parseCertificates(nvidiaPem)
    expect(certs).toHaveLength(5)
    expect(certs[4]!.fingerprint).toBe(NVIDIA_ROOT)
    expect(certs[0]!.publicKey.curve).toBe('P-384')
    expect(certs[0]!.signatureHash).toBe('SHA-384')
    expect(certs[0]!.notAfter.toISOString()).toBe('9999-12-31T23:59:59.000Z')
    expect(certs[0]!.subject.commonName).toBe('GH100 A01 GSP FMC LF')
  })

  it('round-trips PEM and base64', async () => {
    const [der] = pemBlocks(nvidiaPem)
    expect(pemBlocks(derToPem(der!))[0]).toEqual(der)
    expect(base64ToBytes(bytesToBase64(der!))).toEqual(der)
    expect(parseCertificate(derToPem(der!)).fingerprint).toBe(fingerprintOf(der!))
  })

  it('rejects malformed DER with a CertificateParseError', async () => {
    const [der] = pemBlocks(nvidiaPem)
    expect(() => parseCertificate(der!.subarray(0, 100))).toThrow(/Malformed certificate/)
    expect(() => parseCertificate(new Uint8Array([0x30, 0x80, 0, 0]))).toThrow(/length form/)
    expect(() => readDer(new Uint8Array([0x30, 0x00, 0x00]))).toThrow(/trailing/)
    expect(() => parseCertificate('no pem here')).toThrow(/No PEM/)
  })

  it('reads every field from the decoded tree and rejects extensions and key identifiers that do not have their shape', () => {
    const [signer] = parseCertificates(collateral.tcb_info_issuer_chain)
    const der = signer!.der
    const find = (bytes: number[]) => der.findIndex((_, i) => bytes.every((b, k) => der[i + k] === b))
    const mutated = (at: number, value: number) => {
      const copy = der.slice()
      copy[at] = value
      return copy
    }
    // subjectKeyIdentifier: 30 1d 06 03 55 1d 0e 04 16 | 04 14 <20 bytes>. An extnValue of length 0 leaves its
    // content as a third element after it: an extension of three elements whose second is no BOOLEAN.
    const ski = find([0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x16, 0x04, 0x14])
    expect(ski).toBeGreaterThan(0)
    expect(signer!.subjectKeyId).toBe(bytesToHex(der.subarray(ski + 9, ski + 29)))
    expect(() => parseCertificate(mutated(ski + 6, 0x00))).toThrow(/extension critical flag/)
    // authorityKeyIdentifier: 30 1f 06 03 55 1d 23 04 18 | 30 16 80 14 <20 bytes>. [1] must be constructed (GeneralNames).
    const aki = find([0x06, 0x03, 0x55, 0x1d, 0x23, 0x04, 0x18, 0x30, 0x16, 0x80, 0x14])
    expect(aki).toBeGreaterThan(0)
    expect(signer!.authorityKeyId).toBe(bytesToHex(der.subarray(aki + 11, aki + 31)))
    expect(() => parseCertificate(mutated(aki + 9, 0x81))).toThrow(/authorityKeyIdentifier/)
    // keyUsage: bit n from the first octet's high bit; the unused bits are not read.
    const ku = find([0x06, 0x03, 0x55, 0x1d, 0x0f, 0x01, 0x01, 0xff, 0x04, 0x04, 0x03, 0x02])
    expect(ku).toBeGreaterThan(0)
    const usage = (unusedBits: number, bits: number) => {
      const copy = der.slice()
      copy[ku + 12] = unusedBits
      copy[ku + 13] = bits
      return parseCertificate(copy).keyUsage
    }
    expect(usage(6, 0x44)).toEqual(['nonRepudiation'])
    expect(usage(0, 0x44)).toEqual(['nonRepudiation', 'keyCertSign'])
    expect(usage(0, 0x81)).toEqual(['digitalSignature', 'encipherOnly'])
  })
})

describe('x509: chains', () => {
  it('verifies an Intel chain to the pinned root', async () => {
    const r = await verifyCertificateChain(collateral.tcb_info_issuer_chain, { trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT], at, leafKeyUsage: ['digitalSignature'] })
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.chain.map((c) => c.subject.commonName)).toEqual(['Intel SGX TCB Signing', 'Intel SGX Root CA'])
  })

  it('verifies NVIDIA P-384 device chains: the nvtrust sample and a real Venice GPU', async () => {
    const sample = await verifyCertificateChain(nvidiaPem, { trustedRoots: [NVIDIA_ROOT], at })
    expect(sample.ok).toBe(true)
    const report = readRealJson('attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10/attestation.json')
    const gpu = JSON.parse(report.nvidia_payload).evidence_list[0]
    const pem = new TextDecoder().decode(base64ToBytes(gpu.certificate))
    const real = await verifyCertificateChain(pem, { trustedRoots: [NVIDIA_ROOT], at: new Date('2026-06-10T01:47:07Z') })
    expect(real).toMatchObject({ ok: true })
    if (real.ok) expect(real.chain.map((c) => c.subject.commonName)).toEqual(['GH100 A01 GSP FMC LF', 'GH100 A01 GSP BROM', 'NVIDIA GH100 Provisioner ICA 1', 'NVIDIA GH100 Identity', 'NVIDIA Device Identity CA'])
  })

  it('fails for an unpinned root, an expired time, a wrong leaf usage, a missing issuer', async () => {
    expect(await verifyCertificateChain(nvidiaPem, { trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT], at })).toMatchObject({ ok: false, error: expect.stringMatching(/not a trusted root/) })
    expect(await verifyCertificateChain(collateral.tcb_info_issuer_chain, { trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT], at: new Date('2040-01-01') })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not valid at 2040/),
    })
    expect(await verifyCertificateChain(collateral.tcb_info_issuer_chain, { trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT], at, leafKeyUsage: ['keyCertSign'] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/lacks key usage keyCertSign/),
    })
    const [leaf] = parseCertificates(nvidiaPem)
    expect(await verifyCertificateChain([leaf!], { trustedRoots: [NVIDIA_ROOT], at })).toMatchObject({ ok: false, error: expect.stringMatching(/no issuer certificate/) })
    expect(await verifyCertificateChain('', { trustedRoots: [NVIDIA_ROOT], at })).toMatchObject({ ok: false, error: 'no certificate in the chain' })
  })

  it('a root given as a certificate is enough when the chain omits it', async () => {
    const certs = parseCertificates(nvidiaPem)
    expect((await verifyCertificateChain(certs.slice(0, 4), { trustedRoots: [certs[4]!], at })).ok).toBe(true)
    expect((await verifyCertificateChain(certs.slice(0, 4), { trustedRoots: [derToPem(certs[4]!.der)], at })).ok).toBe(true)
    // A fingerprint-only root must be presented.
    expect((await verifyCertificateChain(certs.slice(0, 4), { trustedRoots: [NVIDIA_ROOT], at })).ok).toBe(false)
  })

  it('refuses a non-CA issuer', async () => {
    // The TCB signing certificate (not a CA) cannot issue anything, even with a matching name.
    const [signer] = parseCertificates(collateral.tcb_info_issuer_chain)
    const fake = { ...signer!, subject: signer!.subject, issuer: signer!.subject, fingerprint: 'f'.repeat(64) }
    const r = await verifyCertificateChain([fake, signer!], { trustedRoots: [signer!.fingerprint], at, cache: null })
    expect(r).toMatchObject({ ok: false })
  })

  it('caches signature results by fingerprint', async () => {
    const cache = new CertificateCache()
    await verifyCertificateChain(nvidiaPem, { trustedRoots: [NVIDIA_ROOT], at, cache })
    const size = cache.size
    await verifyCertificateChain(nvidiaPem, { trustedRoots: [NVIDIA_ROOT], at, cache })
    expect(cache.size).toBe(size)
    cache.clear()
    expect(cache.size).toBe(0)
  })

  it('verifyCertificateSignature checks one link', async () => {
    const certs = parseCertificates(nvidiaPem)
    expect(await verifyCertificateSignature(certs[0]!, certs[1]!)).toBe(true)
    expect(await verifyCertificateSignature(certs[0]!, certs[2]!)).toBe(false)
  })
})

describe('x509: CRLs', () => {
  it('parses the Intel root and PCK CRLs and checks their signatures', async () => {
    const [, root] = parseCertificates(collateral.tcb_info_issuer_chain)
    const rootCrl = parseCrl(collateral.root_ca_crl)
    expect(rootCrl.issuer.commonName).toBe('Intel SGX Root CA')
    expect(rootCrl.nextUpdate!.getTime()).toBeGreaterThan(rootCrl.thisUpdate.getTime())
    expect(await verifyCertificateSignature(rootCrl as never, root!)).toBe(true)
    const pckCrl = parseCrl(collateral.pck_crl)
    expect(pckCrl.issuer.commonName).toBe('Intel SGX PCK Platform CA')
    expect(pckCrl.revokedSerials.size).toBeGreaterThan(0)
    const [platformCa] = parseCertificates(collateral.pck_crl_issuer_chain)
    expect(await verifyCertificateSignature(pckCrl as never, platformCa!)).toBe(true)
    expect(() => parseCrl('zz')).toThrow(/neither PEM nor hex/)
    // The revoked list read from the tree: a primitive SEQUENCE tag there is malformed, never an empty list.
    const crlNode = readDer(pckCrl.der)
    const tbsNode = crlNode.children()[0]!
    const revokedList = tbsNode.children().find((node) => node.tag === 0x30 && node.children().every((entry) => entry.tag === 0x30 && entry.children()[0]?.tag === 0x02))!
    expect(revokedList.children()).toHaveLength(pckCrl.revokedSerials.size)
    const headerOf = (node: { raw: Uint8Array; value: Uint8Array }) => node.raw.length - node.value.length
    const at = headerOf(crlNode) + tbsNode.offset + headerOf(tbsNode) + revokedList.offset
    expect(pckCrl.der[at]).toBe(0x30)
    const primitive = pckCrl.der.slice()
    primitive[at] = 0x10
    expect(() => parseCrl(primitive)).toThrow(/revokedCertificates/)
  })
})

describe('x509: ECDSA', () => {
  it('verifies P-384 raw signatures (SPDM style) and P-256 raw X||Y keys', async () => {
    const priv = p384.utils.randomSecretKey()
    const msg = new TextEncoder().encode('measurements')
    const sig = p384.sign(sha384(msg), priv, { prehash: false })
    const pub = p384.getPublicKey(priv, false)
    expect(await verifyEcdsa({ curve: 'P-384', hash: 'SHA-384', publicKey: pub, message: msg, signature: sig })).toBe(true)
    expect(await verifyEcdsa({ curve: 'P-384', hash: 'SHA-384', publicKey: pub.subarray(1), message: msg, signature: sig })).toBe(true)
    expect(await verifyEcdsa({ curve: 'P-384', hash: 'SHA-384', publicKey: pub, message: new Uint8Array(3), signature: sig })).toBe(false)
    expect(await verifyEcdsa({ curve: 'P-384', hash: 'SHA-384', publicKey: new Uint8Array(5), message: msg, signature: sig })).toBe(false)
  })
})
