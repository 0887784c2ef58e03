import { AttestationError } from '../../errors.ts'
import { bytesToHex } from '../../crypto/hex.ts'
import { parseCertificates, type Certificate } from '../x509/certificate.ts'
import type { CertificateCache } from '../x509/chain.ts'
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

/** The quote header (48 bytes). */
export interface TdxQuoteHeader {
  /** Quote format version: 4 or 5. */
  version: number
  /** Attestation key type: 2 is ECDSA P-256. */
  attestationKeyType: number
  /** TEE type: `0x81` for TDX (see `TEE_TYPE`). */
  teeType: number
  /** Bytes 8..10 / 10..12 (QE and PCE SVN in v3; reserved in v4/v5 TDX quotes). */
  qeSvn: number
  /** PCE SVN from the header (v3 quotes; reserved in TDX quotes). */
  pceSvn: number
  /** The quoting enclave vendor id, 16 bytes hex (Intel's is `939a7233f79c4ca9940a0db3957f0607`). */
  qeVendorId: string
  /** 20 bytes of user data, hex (the first 16 identify the platform's QE). */
  userData: string
}

/** The TD report body: every field lowercase hex, in quote byte order. */
export interface TdReport {
  /** TEE_TCB_SVN: the TDX module's SVNs, compared with Intel's TCB levels. */
  teeTcbSvn: string
  /** MRSEAM: the TDX module's measurement. */
  mrSeam: string
  /** MRSIGNERSEAM: the TDX module's signer (zero for Intel). */
  mrSignerSeam: string
  /** SEAMATTRIBUTES: the TDX module's attributes. */
  seamAttributes: string
  /** TDATTRIBUTES: bit 0 is DEBUG, bit 29 SEPT_VE_DISABLE, bit 63 PERFMON... */
  tdAttributes: string
  /** XFAM: the extended features the TD may use. */
  xfam: string
  /** MRTD: the measurement of the TD's initial memory (the firmware). */
  mrTd: string
  /** MRCONFIGID: dstack puts `0x01 ‖ sha256(app_compose)` here. */
  mrConfigId: string
  /** MROWNER: the TD owner's id (zero in dstack). */
  mrOwner: string
  /** MROWNERCONFIG: the owner's configuration (zero in dstack). */
  mrOwnerConfig: string
  /** RTMR0: the firmware configuration. */
  rtmr0: string
  /** RTMR1: the OS kernel and boot loader. */
  rtmr1: string
  /** RTMR2: the kernel command line and initrd. */
  rtmr2: string
  /** RTMR3: runtime events (dstack's app compose hash, key provider, instance id). */
  rtmr3: string
  /** REPORTDATA, 64 bytes: the signing key (or address) and our nonce. */
  reportData: string
  /** TDX 1.5 bodies only. */
  teeTcbSvn2?: string
  /** MRSERVICETD (TDX 1.5 bodies only). */
  mrServiceTd?: string
}

/** The Quoting Enclave's SGX report, signed by the PCK key. */
export interface QeReport {
  /** The QE's CPUSVN, 16 bytes hex. */
  cpuSvn: string
  /** MISCSELECT as the little-endian uint32 it is. */
  miscSelect: number
  /** The QE's attributes, 16 bytes hex. */
  attributes: string
  /** MRENCLAVE: the quoting enclave's measurement. */
  mrEnclave: string
  /** MRSIGNER: the quoting enclave's signer (compared with Intel's QE identity). */
  mrSigner: string
  /** The QE's product id (ISVPRODID). */
  isvProdId: number
  /** The QE's security version (ISVSVN), compared with Intel's QE identity levels. */
  isvSvn: number
  /** The QE's REPORTDATA: sha256(attestation key ‖ QE auth data) ‖ zeros, binding the attestation key. */
  reportData: string
}

/**
 * The quote's signature section: the attestation key's signature, the QE report that certifies the key, and the PCK
 * chain.
 */
export interface TdxQuoteSignatureData {
  /** ECDSA P-256 `r || s` over header || body, 64 bytes hex. */
  quoteSignature: string
  /** The attestation key, raw `X || Y`, 64 bytes hex. */
  attestationKey: string
  /** Certification data type: 5 means a PCK certificate chain follows. */
  certificationDataType: number
  /** The quoting enclave's report, which binds the attestation key. */
  qeReport: QeReport
  /** The PCK key's ECDSA P-256 signature over the QE report (`r ‖ s`, 64 bytes hex). */
  qeReportSignature: string
  /** QE authentication data, hex (hashed into the QE report's REPORTDATA). */
  qeAuthData: string
  /** The type-5 certification data: PCK certificate, Platform/Processor CA, Root CA (PEM). */
  pckCertChainPem: string
}

/**
 * A parsed TDX quote (v4 or v5): header, TD report body, signature data and the PCK chain.
 *
 * @example
 * ```ts
 * const quote = parseTdxQuote(intelQuote) // hex, base64 or bytes
 * console.log(quote.body.mrTd, quote.debug)
 * ```
 */
export interface TdxQuote {
  /** Quote format version. */
  version: 4 | 5
  /** The header. */
  header: TdxQuoteHeader
  /** 2 = TDX 1.0 (584-byte body), 3 = TDX 1.5 (648 bytes, with TEE_TCB_SVN_2 and MRSERVICETD). v4 quotes are type 2. */
  bodyType: 2 | 3
  /** The TD report: every measurement and REPORTDATA. */
  body: TdReport
  /** True when TDATTRIBUTES bit 0 (DEBUG) is set. */
  debug: boolean
  /** The signature data: attestation key signature, QE report, PCK chain. */
  signature: TdxQuoteSignatureData
  /** The PCK chain as given (leaf first); empty when it could not be parsed (see `pckError`). */
  pckChain: Certificate[]
  /** Platform identity from the PCK certificate's SGX extension. */
  pck?: PckInfo
  /** Why the PCK chain or its SGX extension could not be read; the chain check then fails. */
  pckError?: string
  /** Bytes the quote occupies (header + body + 4 + sig_data_len). */
  length: number
  /** Length of the signature data section, in bytes. */
  sigDataLength: number
  /** Bytes after the quote in the input (padding), ignored. */
  trailingBytes: number
  /** Views into the input for the verifier. */
  bytes: TdxQuoteBytes
}

/** The byte ranges of a quote that the signature checks need (views into `quote`). */
export interface TdxQuoteBytes {
  /** The whole quote. */
  quote: Uint8Array
  /** header || (descriptor) || body: what the attestation key signs. */
  signed: Uint8Array
  /** The TD report body. */
  body: Uint8Array
  /** The attestation key's ECDSA signature over `signed`, `r ‖ s`. */
  quoteSignature: Uint8Array
  /** The attestation key, raw `X ‖ Y`. */
  attestationKey: Uint8Array
  /** The QE report (384 bytes), signed by the PCK key. */
  qeReport: Uint8Array
  /** The PCK key's signature over the QE report. */
  qeReportSignature: Uint8Array
  /** QE authentication data. */
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
 * @param options.cache Parses the PCK chain through this certificate cache (once per process for a platform's chain); default none.
 */
export function parseTdxQuote(input: QuoteInput, options: { cache?: CertificateCache | null } = {}): TdxQuote {
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
    // Through the cache, the chain's certificates are parsed once per process (keyed by the PEM
    // text and each DER's SHA-256): every quote of a platform carries the same chain.
    quote.pckChain = options.cache ? [...options.cache.parsePem(pckCertChainPem)] : parseCertificates(pckCertChainPem)
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
