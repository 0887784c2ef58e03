// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AttestationError } from '../../src/core/errors.ts'
import { bytesToHex } from '../../src/core/crypto/hex.ts'
import { bytesToBase64 } from '../../src/core/attestation/x509/pem.ts'
import { decodeQuoteInput, parseTdxQuote } from '../../src/core/attestation/tdx/index.ts'
import { realPath } from '../fixtures.ts'
import { EXPECTED, loadQuoteFile, reportQuotes, type ExpectedQuote } from './tdx-fixtures.ts'

const quoteFiles = Object.entries(EXPECTED.tdx_quotes as Record<string, ExpectedQuote & Record<string, unknown>>)

function expectInvalid(fn: () => unknown, message?: RegExp): AttestationError {
  let caught: unknown
  try {
    fn()
  } catch (e) {
    caught = e
  }
  expect(caught).toBeInstanceOf(AttestationError)
  const err = caught as AttestationError
  expect(err.code).toBe('TDX_QUOTE_INVALID')
  if (message) expect(err.message).toMatch(message)
  return err
}

describe('parseTdxQuote: every real quote file matches EXPECTED.json', () => {
  it.each(quoteFiles)('%s', (path, exp) => {
    const q = parseTdxQuote(loadQuoteFile(path))
    expect(q.version).toBe(exp.version)
    expect(q.header.teeType).toBe(0x81)
    expect(q.header.attestationKeyType).toBe(exp.att_key_type)
    expect(q.header.qeVendorId).toBe(exp.qe_vendor_id)
    expect(q.header.userData).toBe(exp.header_user_data)
    expect(q.body).toMatchObject({
      teeTcbSvn: exp.tee_tcb_svn,
      mrSeam: exp.mr_seam,
      mrSignerSeam: exp.mr_signer_seam,
      seamAttributes: exp.seam_attributes,
      tdAttributes: exp.td_attributes,
      xfam: exp.xfam,
      mrTd: exp.mr_td,
      mrConfigId: exp.mr_config_id,
      mrOwner: exp.mr_owner,
      mrOwnerConfig: exp.mr_owner_config,
      rtmr0: exp.rtmr0,
      rtmr1: exp.rtmr1,
      rtmr2: exp.rtmr2,
      rtmr3: exp.rtmr3,
      reportData: exp.report_data,
    })
    if (exp.version === 5) {
      expect(q.bodyType).toBe(exp.v5_body_type)
      expect(q.body.teeTcbSvn2).toBe(exp.tee_tcb_svn_2)
      expect(q.body.mrServiceTd).toBe(exp.mr_service_td)
    } else {
      expect(q.bodyType).toBe(2)
      expect(q.body.teeTcbSvn2).toBeUndefined()
    }
    expect(q.debug).toBe(exp.debug)
    expect(q.sigDataLength).toBe(exp.sig_data_len)
    expect(q.trailingBytes).toBe(exp.trailing_bytes_after_sig_data)
    expect(q.length + q.trailingBytes).toBe(exp.bytes)
    expect(q.pckError).toBeUndefined()
    expect(q.pck?.fmspc).toBe(exp.fmspc)
    expect(q.pck?.pceSvn).toBe(exp.pcesvn)
    expect(q.pck?.pceId).toBe('0000')
    expect(q.pck?.sgxTcbComponents).toHaveLength(16)
    expect(q.pckChain.map((c) => c.subject.commonName)).toEqual(['Intel SGX PCK Certificate', expect.stringMatching(/^Intel SGX PCK (Platform|Processor) CA$/), 'Intel SGX Root CA'])
    const [notBefore, notAfter] = exp.pck_cert_validity as [string, string]
    expect(q.pckChain[0]!.notBefore.toISOString()).toBe(new Date(notBefore.replace(' ', 'T')).toISOString())
    expect(q.pckChain[0]!.notAfter.toISOString()).toBe(new Date(notAfter.replace(' ', 'T')).toISOString())
  })
})

describe('parseTdxQuote: quotes inside the real attestation reports', () => {
  it.each(reportQuotes().map((r) => [r.name, r] as const))('%s', (_name, r) => {
    const q = parseTdxQuote(r.quote)
    expect(q.pck?.fmspc).toMatch(/^[0-9a-f]{12}$/)
    if (!r.expected) return
    expect(q.version).toBe(r.expected.version)
    expect(q.body).toMatchObject({
      mrTd: r.expected.mr_td,
      mrConfigId: r.expected.mr_config_id,
      rtmr0: r.expected.rtmr0,
      rtmr1: r.expected.rtmr1,
      rtmr2: r.expected.rtmr2,
      rtmr3: r.expected.rtmr3,
      reportData: r.expected.report_data,
      tdAttributes: r.expected.td_attributes,
      xfam: r.expected.xfam,
    })
    expect(q.debug).toBe(r.expected.debug)
  })

  it('reads the older dstack and private-ml-sdk samples (PROVENANCE 1e, 1f)', () => {
    const byName = Object.fromEntries(reportQuotes().map((r) => [r.name, r]))
    const dstack = parseTdxQuote(byName['vllm-proxy sample dstack']!.quote)
    expect(dstack.version).toBe(4)
    expect(dstack.body.mrTd).toMatch(/^f06dfda6.*7077$/)
    expect(dstack.body.reportData).toBe('01'.repeat(64))
    expect(dstack.pck?.fmspc).toBe('20a06f000000')
    const sdk = parseTdxQuote(byName['private-ml-sdk readme']!.quote)
    expect(sdk.version).toBe(4)
    expect(sdk.body.mrTd).toMatch(/^924f8a61.*6d65$/)
  })
})

describe('quote input encodings', () => {
  const bin = new Uint8Array(readFileSync(realPath('tdx-quotes/dcap-qvl__tdx_quote.v4.bin')))
  const reference = parseTdxQuote(bin)

  it('accepts bytes, hex, 0x-hex, uppercase hex, base64 and text-as-bytes identically', () => {
    const hex = bytesToHex(bin)
    for (const input of [hex, `0x${hex}`, hex.toUpperCase(), `  ${hex}\n`, bytesToBase64(bin), new TextEncoder().encode(hex)]) {
      const q = parseTdxQuote(input)
      expect(q.body).toEqual(reference.body)
      expect(q.signature).toEqual(reference.signature)
    }
  })

  it('uses sig_data_len, not the buffer length: trailing bytes are ignored', () => {
    const padded = new Uint8Array(bin.length + 500)
    padded.set(bin)
    padded.fill(0xab, bin.length)
    const q = parseTdxQuote(padded)
    expect(q.length).toBe(reference.length)
    expect(q.trailingBytes).toBe(reference.trailingBytes + 500)
    expect(q.bytes.quote).toEqual(reference.bytes.quote)
  })

  it('rejects non-hex, non-base64 text and odd hex', () => {
    expectInvalid(() => decodeQuoteInput('not a quote!'), /neither hex nor base64/)
    expectInvalid(() => decodeQuoteInput('abc'), /odd number/)
    expectInvalid(() => decodeQuoteInput(''), /empty/)
    expectInvalid(() => parseTdxQuote(null as unknown as string), /expected bytes/)
  })
})

describe('rejections with TDX_QUOTE_INVALID', () => {
  const bin = new Uint8Array(readFileSync(realPath('tdx-quotes/dcap-qvl__tdx_quote.v4.bin')))
  const v5 = new Uint8Array(readFileSync(realPath('tdx-quotes/go-tdx-guest__quote_v5_sample.v5.bin')))

  it('rejects the SGX quote (tee_type 0)', () => {
    const err = expectInvalid(() => parseTdxQuote(new Uint8Array(readFileSync(realPath('tdx-quotes/dcap-qvl__sgx_quote.NOT-TDX.bin')))), /SGX enclave quote/)
    expect(err.details).toMatchObject({ teeType: 0 })
  })

  it('rejects unknown versions, tee types and attestation key types', () => {
    const patch = (at: number, value: number) => {
      const b = bin.slice()
      b[at] = value
      return b
    }
    expectInvalid(() => parseTdxQuote(patch(0, 3)), /unsupported quote version 3/)
    expectInvalid(() => parseTdxQuote(patch(4, 0x82)), /unknown tee_type 0x82/)
    expectInvalid(() => parseTdxQuote(patch(2, 3)), /attestation key type 3/)
  })

  it('rejects a v5 body of SGX type or with a wrong size', () => {
    const sgxBody = v5.slice()
    sgxBody[48] = 1
    expectInvalid(() => parseTdxQuote(sgxBody), /SGX enclave report body/)
    const badSize = v5.slice()
    badSize[50] = 0x49 // 584 -> 585 or 648 -> 649
    expectInvalid(() => parseTdxQuote(badSize), /must be \d+ bytes, descriptor says/)
  })

  it('rejects a sig_data_len that runs past the buffer', () => {
    const b = bin.slice(0, reference(bin).length - 1)
    expectInvalid(() => parseTdxQuote(b), /signature data length 4300 exceeds/)
  })

  it('rejects an unsupported certification data type', () => {
    const b = bin.slice()
    b[636 + 128] = 5 // outer certification data type 6 -> 5
    expectInvalid(() => parseTdxQuote(b), /certification data type 5 is not supported/)
  })

  it('never throws anything but TDX_QUOTE_INVALID on truncation at any length', () => {
    const len = reference(bin).length
    for (let n = 0; n < len; n += n < 700 ? 1 : 37) {
      expectInvalid(() => parseTdxQuote(bin.subarray(0, n)))
    }
  })

  it('names the field a truncated signature data ran out in', () => {
    // Claim a tiny signature data length: the reader must stop at its end, not the buffer's.
    const b = bin.slice()
    new DataView(b.buffer).setUint32(632, 100, true)
    expectInvalid(() => parseTdxQuote(b), /truncated in attestation key/)
  })

  it('keeps the quote when the PCK chain is unreadable, recording why', () => {
    const q = reference(bin)
    const b = bin.slice()
    const pemStart = q.length - q.signature.pckCertChainPem.length - 1
    const text = new TextDecoder().decode(b.subarray(pemStart, q.length))
    const at = pemStart + text.indexOf('-----BEGIN CERTIFICATE-----') + 40
    b[at] = '!'.charCodeAt(0)
    const broken = parseTdxQuote(b)
    expect(broken.pck).toBeUndefined()
    expect(broken.pckError).toMatch(/PCK certificate chain/)
  })
})

function reference(bin: Uint8Array) {
  return parseTdxQuote(bin)
}
