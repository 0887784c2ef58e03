import { AttestationError } from '../../errors.ts'
import { bytesToHex } from '../../crypto/hex.ts'
import { parseCertificates, type Certificate } from '../x509/certificate.ts'
import { tryBase64ToBytes } from '../x509/pem.ts'
import { ATT_KEY_TYPE_ECDSA_P256, BODY_TYPE, CERT_DATA_TYPE, HEADER_SIZE, SGX_REPORT_SIZE, TD_REPORT_10_SIZE, TD_REPORT_15_SIZE, TEE_TYPE } from './constants.ts'
import { readPckExtensions, type PckInfo } from './pck.ts'

/**
 * Intel TDX DCAP quotes, versions 4 and 5 (Intel TDX DCAP Quoting Library API, appendix A):
 *
 * ```
 * v4: header(48) | TD report(584)                         | sig_data_len(4) | signature data
 * v5: header(48) | body type(2) body size(4) | body(584|648) | sig_data_len(4) | signature data
 * signature data: quote signature(64) | attestation key(64) | cert data type(2) size(4) |
 *   type 6: QE report(384) | QE report signature(64) | QE auth data size(2) + data |
 *           cert data type(2) size(4) | type 5: PCK certificate chain, PEM
 * ```
 *
 * Parsing only checks structure; `verifyTdxQuote` checks signatures and policy.
 * The end of the quote is where the signature data says, not the end of the buffer:
 * real quotes carry trailing padding (dstack: 70 bytes, GCP: 3065).
 *
 * @example
 * ```ts
 * const quote = parseTdxQuote(report.intel_quote)   // hex, 0x-hex, base64 or bytes
 * quote.body.mrTd                                    // 96 hex chars
 * quote.body.reportData                              // 128 hex chars
 * quote.pck?.fmspc                                   // '90c06f000000'
 * ```
 */

export interface TdxQuoteHeader {
  version: number
  attestationKeyType: number
  teeType: number
  /** Bytes 8..10 / 10..12 (QE and PCE SVN in v3; reserved in v4/v5 TDX quotes). */
  qeSvn: number
  pceSvn: number
  qeVendorId: string
  userData: string
}

/** The TD report body: every field lowercase hex, in quote byte order. */
export interface TdReport {
  teeTcbSvn: string
  mrSeam: string
  mrSignerSeam: string
  seamAttributes: string
  tdAttributes: string
  xfam: string
  mrTd: string
  mrConfigId: string
  mrOwner: string
  mrOwnerConfig: string
  rtmr0: string
  rtmr1: string
  rtmr2: string
  rtmr3: string
  reportData: string
  /** TDX 1.5 bodies only. */
  teeTcbSvn2?: string
  mrServiceTd?: string
}

/** The Quoting Enclave's SGX report, signed by the PCK key. */
export interface QeReport {
  cpuSvn: string
  /** MISCSELECT as the little-endian uint32 it is. */
  miscSelect: number
  attributes: string
  mrEnclave: string
  mrSigner: string
  isvProdId: number
  isvSvn: number
  reportData: string
}

export interface TdxQuoteSignatureData {
  /** ECDSA P-256 `r || s` over header || body, 64 bytes hex. */
  quoteSignature: string
  /** The attestation key, raw `X || Y`, 64 bytes hex. */
  attestationKey: string
  certificationDataType: number
  qeReport: QeReport
  qeReportSignature: string
  qeAuthData: string
  /** The type-5 certification data: PCK certificate, Platform/Processor CA, Root CA (PEM). */
  pckCertChainPem: string
}

export interface TdxQuote {
  version: 4 | 5
  header: TdxQuoteHeader
  /** 2 = TDX 1.0 (584-byte body), 3 = TDX 1.5 (648 bytes, with TEE_TCB_SVN_2 and MRSERVICETD). v4 quotes are type 2. */
  bodyType: 2 | 3
  body: TdReport
  /** True when TDATTRIBUTES bit 0 (DEBUG) is set. */
  debug: boolean
  signature: TdxQuoteSignatureData
  /** The PCK chain as given (leaf first); empty when it could not be parsed (see `pckError`). */
  pckChain: Certificate[]
  /** Platform identity from the PCK certificate's SGX extension. */
  pck?: PckInfo
  /** Why the PCK chain or its SGX extension could not be read; the chain check then fails. */
  pckError?: string
  /** Bytes the quote occupies (header + body + 4 + sig_data_len). */
  length: number
  sigDataLength: number
  /** Bytes after the quote in the input (padding), ignored. */
  trailingBytes: number
  /** Views into the input for the verifier. */
  bytes: TdxQuoteBytes
}

export interface TdxQuoteBytes {
  quote: Uint8Array
  /** header || (descriptor) || body: what the attestation key signs. */
  signed: Uint8Array
  body: Uint8Array
  quoteSignature: Uint8Array
  attestationKey: Uint8Array
  qeReport: Uint8Array
  qeReportSignature: Uint8Array
  qeAuthData: Uint8Array
}

/** Anything a quote arrives as: bytes, hex (with or without 0x), base64. */
export type QuoteInput = Uint8Array | string

function invalid(message: string, details?: Record<string, unknown>): AttestationError {
  return new AttestationError('TDX_QUOTE_INVALID', { message: `TDX quote is malformed: ${message}`, ...(details ? { details } : {}) })
}

/**
 * Quote bytes from bytes, hex or base64. Bytes that look like text (a file read as
 * bytes) are decoded as text too: binary quotes start with the version byte (3..5).
 * @throws AttestationError TDX_QUOTE_INVALID
 */
export function decodeQuoteInput(input: QuoteInput): Uint8Array {
  if (input instanceof Uint8Array) {
    if (input.length > 0 && input[0]! >= 0x20) return decodeQuoteInput(new TextDecoder().decode(input))
    return input
  }
  if (typeof input !== 'string') throw invalid(`expected bytes, hex or base64, got ${input === null ? 'null' : typeof input}`)
  const text = input.trim()
  if (text.length === 0) throw invalid('the quote is empty')
  const hex = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text
  if (/^[0-9a-fA-F]+$/.test(hex)) {
    if (hex.length % 2) throw invalid(`hex quote has an odd number of digits (${hex.length})`)
    const out = new Uint8Array(hex.length / 2)
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
    return out
  }
  const b64 = tryBase64ToBytes(text)
  if (!b64) throw invalid('the quote is neither hex nor base64')
  return b64
}

/** A bounds-checked little-endian reader that names the field it ran out on. */
class Cursor {
  at = 0
  constructor(
    private readonly bytes: Uint8Array,
    private readonly end: number,
  ) {}
  take(n: number, field: string): Uint8Array {
    if (this.at + n > this.end) {
      throw invalid(`truncated in ${field}: needs ${n} bytes at offset ${this.at}, only ${Math.max(0, this.end - this.at)} left`, { field, offset: this.at })
    }
    const out = this.bytes.subarray(this.at, this.at + n)
    this.at += n
    return out
  }
  u16(field: string): number {
    const b = this.take(2, field)
    return b[0]! | (b[1]! << 8)
  }
  u32(field: string): number {
    const b = this.take(4, field)
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0
  }
}

const le16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8)
const le32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0

/**
 * Parses a TDX quote (v4 or v5). Structure only: no signature is checked here.
 * @throws AttestationError with code TDX_QUOTE_INVALID and a message naming the problem
 *   (SGX quote, unsupported version, truncated field, unexpected certification data...).
 */
export function parseTdxQuote(input: QuoteInput): TdxQuote {
  const bytes = decodeQuoteInput(input)
  if (bytes.length < HEADER_SIZE) throw invalid(`${bytes.length} bytes is shorter than the 48-byte header`)

  const version = le16(bytes, 0)
  const teeType = le32(bytes, 4)
  if (teeType === TEE_TYPE.SGX) throw invalid(`this is an SGX enclave quote (version ${version}, tee_type 0), not a TDX quote`, { teeType, version })
  if (teeType !== TEE_TYPE.TDX) throw invalid(`unknown tee_type 0x${teeType.toString(16)} (TDX is 0x81)`, { teeType })
  if (version !== 4 && version !== 5) throw invalid(`unsupported quote version ${version} (supported: 4, 5)`, { version })

  const attestationKeyType = le16(bytes, 2)
  if (attestationKeyType !== ATT_KEY_TYPE_ECDSA_P256) {
    throw invalid(`unsupported attestation key type ${attestationKeyType} (only 2, ECDSA-256-with-P-256)`, { attestationKeyType })
  }

  const c = new Cursor(bytes, bytes.length)
  const headerBytes = c.take(HEADER_SIZE, 'header')
  const header: TdxQuoteHeader = {
    version,
    attestationKeyType,
    teeType,
    qeSvn: le16(headerBytes, 8),
    pceSvn: le16(headerBytes, 10),
    qeVendorId: bytesToHex(headerBytes.subarray(12, 28)),
    userData: bytesToHex(headerBytes.subarray(28, 48)),
  }

  let bodyType: 2 | 3 = BODY_TYPE.TDX_1_0
  let bodySize = TD_REPORT_10_SIZE
  if (version === 5) {
    const type = c.u16('body descriptor type')
    const size = c.u32('body descriptor size')
    if (type === BODY_TYPE.TDX_1_0) bodyType = BODY_TYPE.TDX_1_0
    else if (type === BODY_TYPE.TDX_1_5) bodyType = BODY_TYPE.TDX_1_5
    else if (type === BODY_TYPE.SGX) throw invalid('v5 quote carries an SGX enclave report body (type 1), not a TD report', { bodyType: type })
    else throw invalid(`unknown v5 body type ${type} (TDX 1.0 is 2, TDX 1.5 is 3)`, { bodyType: type })
    bodySize = bodyType === BODY_TYPE.TDX_1_5 ? TD_REPORT_15_SIZE : TD_REPORT_10_SIZE
    if (size !== bodySize) throw invalid(`v5 body type ${type} must be ${bodySize} bytes, descriptor says ${size}`, { bodyType: type, bodySize: size })
  }
  const bodyBytes = c.take(bodySize, 'TD report body')
  const signed = bytes.subarray(0, c.at)
  const body = readTdReport(bodyBytes, bodyType)

  const sigDataLength = c.u32('signature data length')
  const sigStart = c.at
  if (sigStart + sigDataLength > bytes.length) {
    throw invalid(`signature data length ${sigDataLength} exceeds the ${bytes.length - sigStart} bytes left`, { sigDataLength, available: bytes.length - sigStart })
  }
  const length = sigStart + sigDataLength
  // From here on, read only inside the signature data.
  const s = new Cursor(bytes, length)
  s.at = sigStart
  const quoteSignature = s.take(64, 'quote signature')
  const attestationKey = s.take(64, 'attestation key')
  const certificationDataType = s.u16('certification data type')
  const certificationDataSize = s.u32('certification data size')
  if (certificationDataType !== CERT_DATA_TYPE.QE_REPORT) {
    throw invalid(`certification data type ${certificationDataType} is not supported (TDX quotes carry type 6, QE report certification data)`, { certificationDataType })
  }
  const certEnd = s.at + certificationDataSize
  if (certEnd > length) throw invalid(`certification data size ${certificationDataSize} runs past the signature data`, { certificationDataSize })

  const qeReportBytes = s.take(SGX_REPORT_SIZE, 'QE report')
  const qeReportSignature = s.take(64, 'QE report signature')
  const qeAuthDataSize = s.u16('QE auth data size')
  const qeAuthData = s.take(qeAuthDataSize, 'QE auth data')
  const innerType = s.u16('inner certification data type')
  const innerSize = s.u32('inner certification data size')
  if (innerType !== CERT_DATA_TYPE.PCK_CERT_CHAIN) {
    throw invalid(`inner certification data type ${innerType} is not supported (expected 5, PCK certificate chain)`, { innerType })
  }
  const chainBytes = s.take(innerSize, 'PCK certificate chain')
  if (s.at > certEnd) throw invalid('QE report certification data overruns its declared size')

  // The chain is PEM text, often NUL-terminated.
  let pckCertChainPem: string
  try {
    pckCertChainPem = new TextDecoder('utf-8', { fatal: true }).decode(chainBytes).replace(/\0+$/, '')
  } catch {
    throw invalid('PCK certificate chain is not UTF-8 text')
  }

  const quote: TdxQuote = {
    version,
    header,
    bodyType,
    body,
    debug: (bodyBytes[120]! & 1) === 1,
    signature: {
      quoteSignature: bytesToHex(quoteSignature),
      attestationKey: bytesToHex(attestationKey),
      certificationDataType,
      qeReport: readQeReport(qeReportBytes),
      qeReportSignature: bytesToHex(qeReportSignature),
      qeAuthData: bytesToHex(qeAuthData),
      pckCertChainPem,
    },
    pckChain: [],
    length,
    sigDataLength,
    trailingBytes: bytes.length - length,
    bytes: {
      quote: bytes.subarray(0, length),
      signed,
      body: bodyBytes,
      quoteSignature,
      attestationKey,
      qeReport: qeReportBytes,
      qeReportSignature,
      qeAuthData,
    },
  }

  // A broken certificate is a verification failure, not a parse failure: keep the quote.
  try {
    quote.pckChain = parseCertificates(pckCertChainPem)
    if (quote.pckChain.length === 0) quote.pckError = 'the PCK certificate chain contains no PEM certificate'
    else quote.pck = readPckExtensions(quote.pckChain[0]!)
  } catch (e) {
    quote.pckError = `PCK certificate chain: ${(e as Error).message}`
  }
  return quote
}

function readTdReport(b: Uint8Array, bodyType: 2 | 3): TdReport {
  const hex = (at: number, n: number) => bytesToHex(b.subarray(at, at + n))
  const report: TdReport = {
    teeTcbSvn: hex(0, 16),
    mrSeam: hex(16, 48),
    mrSignerSeam: hex(64, 48),
    seamAttributes: hex(112, 8),
    tdAttributes: hex(120, 8),
    xfam: hex(128, 8),
    mrTd: hex(136, 48),
    mrConfigId: hex(184, 48),
    mrOwner: hex(232, 48),
    mrOwnerConfig: hex(280, 48),
    rtmr0: hex(328, 48),
    rtmr1: hex(376, 48),
    rtmr2: hex(424, 48),
    rtmr3: hex(472, 48),
    reportData: hex(520, 64),
  }
  if (bodyType === BODY_TYPE.TDX_1_5) {
    report.teeTcbSvn2 = hex(584, 16)
    report.mrServiceTd = hex(600, 48)
  }
  return report
}

function readQeReport(b: Uint8Array): QeReport {
  const hex = (at: number, n: number) => bytesToHex(b.subarray(at, at + n))
  return {
    cpuSvn: hex(0, 16),
    miscSelect: le32(b, 16),
    attributes: hex(48, 16),
    mrEnclave: hex(64, 32),
    mrSigner: hex(128, 32),
    isvProdId: le16(b, 256),
    isvSvn: le16(b, 258),
    reportData: hex(320, 64),
  }
}
