import { expect, test } from 'vitest'
import { parseTdxQuote } from '../../src/core/attestation/tdx/quote.ts'
import { verifyTdxQuote } from '../../src/core/attestation/tdx/verify.ts'
import { CertificateCache } from '../../src/core/attestation/x509/chain.ts'
import { CrlParseError } from '../../src/core/attestation/x509/crl.ts'
import { bytesToHex, hexToBytes } from '../../src/core/crypto/hex.ts'
import { createSimulatedTdxCollateral, createSimulatedTdxQuote } from '../../src/simulator/tdx-quote.ts'

/** Certificates and CRLs are parsed once per cache (keyed by their bytes); what is checked over them never is skipped. */
const reportData = new Uint8Array(64).fill(7)
const { quote, root } = createSimulatedTdxQuote({ reportData })

test('a quote parsed through a cache reuses its PCK chain certificates; without one each parse is fresh', () => {
  const cache = new CertificateCache()
  const a = parseTdxQuote(quote, { cache })
  const b = parseTdxQuote(quote, { cache })
  expect(a.pckChain).toHaveLength(3)
  a.pckChain.forEach((cert, i) => expect(b.pckChain[i]).toBe(cert))
  // Each quote gets its own array: nothing it does to its chain reaches the cache.
  expect(b.pckChain).not.toBe(a.pckChain)
  expect(parseTdxQuote(quote).pckChain[0]).not.toBe(a.pckChain[0])
})

test('CRLs are parsed once per cache whether they come as hex or bytes, and a changed CRL is parsed (and fails) anew', () => {
  const cache = new CertificateCache()
  const { pck_crl } = createSimulatedTdxCollateral()
  const hex = String(pck_crl)
  const crl = cache.parseCrl(hex)
  expect(cache.parseCrl(hex)).toBe(crl)
  expect(cache.parseCrl(hexToBytes(hex))).toBe(cache.parseCrl(hexToBytes(hex)))
  const truncated = hex.slice(0, -8)
  expect(() => cache.parseCrl(truncated)).toThrow(CrlParseError)
  expect(() => cache.parseCrl(truncated)).toThrow(CrlParseError)
})

test('a warmed cache never carries a verdict over to a changed PCK certificate', async () => {
  const cache = new CertificateCache()
  const options = { trustedRoots: [root.fingerprint], cache }
  const checkOf = async (q: string, id: string) => (await verifyTdxQuote(q, options)).checks.find((c) => c.id === id)?.status
  expect(await checkOf(quote, 'tdx.pck.chain')).toBe('passed')
  // One base64 letter of the PCK certificate's signature (in the last full line of its PEM block), changed inside the quote.
  const bytes = hexToBytes(quote)
  const text = new TextDecoder('latin1').decode(bytes)
  const at = text.lastIndexOf('\n', text.indexOf('-----END CERTIFICATE-----') - 2) - 10
  expect(text[at]).toMatch(/[A-Za-z0-9+/]/)
  bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41
  const tampered = bytesToHex(bytes)
  expect(parseTdxQuote(tampered, { cache }).pckChain[0]).not.toBe(parseTdxQuote(quote, { cache }).pckChain[0])
  expect(await checkOf(tampered, 'tdx.pck.chain')).toBe('failed')
  expect(await checkOf(quote, 'tdx.pck.chain')).toBe('passed')
})
