import { AttestationError } from '../../errors.ts'

/**
 * SPDM (DMTF DSP0274) GET_MEASUREMENTS request + MEASUREMENTS response, the
 * evidence an NVIDIA GPU signs for attestation.
 *
 * Layout (little-endian), checked against real Hopper evidence:
 * ```
 * request   ver(1) 0xE0 param1(1: bit0 = signature wanted) param2(1: 0xFF = all)
 *           nonce(32) slotId(1, SPDM >= 1.1) [requesterContext(8), SPDM >= 1.3]
 * response  ver(1) 0x60 param1(1) param2(1) numberOfBlocks(1) recordLength(3)
 *           record(recordLength) nonce(32) opaqueLength(2) opaque(opaqueLength)
 *           [requesterContext(8), SPDM >= 1.3] signature(96: P-384 r || s)
 * ```
 * The device signs SHA-384(request || response without the signature) (the SPDM 1.1
 * L1 transcript); since the request is inside the signed bytes, the requester's nonce
 * at request bytes 4..36 is what binds the evidence to our nonce.
 *
 * @example
 * ```ts
 * const report = parseSpdmMeasurements(evidence)
 * bytesToHex(report.request.nonce)   // our nonce
 * report.measurements[1].value       // 48-byte SHA-384 measurement of index 2
 * await verifyEcdsa({ curve: 'P-384', hash: 'SHA-384', publicKey, message: report.signedBytes, signature: report.signature })
 * ```
 */

/** SPDM request code of GET_MEASUREMENTS. */
export const SPDM_GET_MEASUREMENTS = 0xe0
/** SPDM response code of MEASUREMENTS. */
export const SPDM_MEASUREMENTS = 0x60
/** ECDSA P-384 raw r || s: what NVIDIA GPUs use (TPM_ALG_ECDSA_ECC_NIST_P384). */
export const P384_SIGNATURE_SIZE = 96
const NONCE_SIZE = 32
const REQUESTER_CONTEXT_SIZE = 8

/** One SPDM measurement block. */
export interface SpdmMeasurementBlock {
  /** Measurement index (1-based in NVIDIA evidence). */
  index: number
  /** MeasurementSpecification bit field (bit 0 = DMTF). */
  specification: number
  /** DMTF value type (bits 0..6) where the block uses the DMTF format. */
  valueType?: number
  /** DMTF: true for a raw bit stream, false for a digest. */
  rawBitStream?: boolean
  /** The measurement value (the digest for DMTF digests). */
  value: Uint8Array
}

/** A parsed SPDM GET_MEASUREMENTS request and response, as NVIDIA GPUs return them in their evidence. */
export interface SpdmMeasurementReport {
  /** SPDM version byte, e.g. 0x11 for 1.1. */
  version: number
  /** The requester's GET_MEASUREMENTS request. */
  request: {
    /** Request param1 (attributes: bit 0 asks for a signature). */
    param1: number
    /** Request param2 (which measurement, `0xff` for all). */
    param2: number
    /** The requester's nonce: must be ours. */
    nonce: Uint8Array
    /** The certificate slot the response is signed with. */
    slotId?: number
    /** The requester context (SPDM 1.3). */
    requesterContext?: Uint8Array
    /** The request bytes as sent (part of what the GPU signs). */
    bytes: Uint8Array
  }
  /** Response param1 / param2 (number of indices / slot id and content-changed bits). */
  param1: number
  /** Response param2. */
  param2: number
  /** The measurement blocks. */
  measurements: SpdmMeasurementBlock[]
  /** The responder's (GPU's) own nonce. */
  responderNonce: Uint8Array
  /** Vendor opaque data (NVIDIA: driver and VBIOS versions, ...). */
  opaqueData: Uint8Array
  /** The requester context echoed in the response (SPDM 1.3). */
  requesterContext?: Uint8Array
  /** Raw r || s. */
  signature: Uint8Array
  /** request || response without the signature: the bytes the device signed. */
  signedBytes: Uint8Array
}

const fail = (message: string, details: Record<string, unknown> = {}): AttestationError =>
  new AttestationError('ATTESTATION_MALFORMED', { message: `SPDM evidence: ${message}`, details: { part: 'spdm', ...details } })

/**
 * Parses SPDM GET_MEASUREMENTS + MEASUREMENTS bytes. Verifies nothing; every length is bounds-checked.
 * @throws AttestationError `ATTESTATION_MALFORMED` saying where the layout broke.
 */
export function parseSpdmMeasurements(evidence: Uint8Array, signatureSize = P384_SIGNATURE_SIZE): SpdmMeasurementReport {
  const r = new Reader(evidence)

  // --- request
  const version = r.u8('request version')
  if (version < 0x10 || version > 0x13) throw fail(`unsupported SPDM version 0x${hex2(version)}`, { version })
  const code = r.u8('request code')
  if (code !== SPDM_GET_MEASUREMENTS) throw fail(`expected GET_MEASUREMENTS (0xe0), found 0x${hex2(code)}`)
  const reqParam1 = r.u8('request param1')
  const reqParam2 = r.u8('request param2')
  // Without the signature bit the device neither takes our nonce nor signs: nothing to verify.
  if (!(reqParam1 & 1)) throw fail('the request did not ask for a signed response')
  const reqNonce = r.bytes(NONCE_SIZE, 'request nonce')
  const slotId = version >= 0x11 ? r.u8('request slot id') : undefined
  const reqContext = version >= 0x13 ? r.bytes(REQUESTER_CONTEXT_SIZE, 'request requester context') : undefined
  const request: SpdmMeasurementReport['request'] = { param1: reqParam1, param2: reqParam2, nonce: reqNonce, bytes: evidence.subarray(0, r.offset) }
  if (slotId !== undefined) request.slotId = slotId
  if (reqContext) request.requesterContext = reqContext

  // --- response
  const respVersion = r.u8('response version')
  if (respVersion !== version) throw fail(`response version 0x${hex2(respVersion)} differs from request version 0x${hex2(version)}`)
  const respCode = r.u8('response code')
  if (respCode !== SPDM_MEASUREMENTS) throw fail(`expected MEASUREMENTS (0x60), found 0x${hex2(respCode)}`)
  const param1 = r.u8('response param1')
  const param2 = r.u8('response param2')
  const blockCount = r.u8('number of blocks')
  const recordLength = r.u24('measurement record length')
  const record = r.bytes(recordLength, 'measurement record')
  const measurements = readMeasurementRecord(record, blockCount)
  const responderNonce = r.bytes(NONCE_SIZE, 'response nonce')
  const opaqueLength = r.u16('opaque data length')
  const opaqueData = r.bytes(opaqueLength, 'opaque data')
  const requesterContext = version >= 0x13 ? r.bytes(REQUESTER_CONTEXT_SIZE, 'response requester context') : undefined
  const signedEnd = r.offset
  const left = evidence.length - signedEnd
  if (left !== signatureSize) throw fail(`expected a ${signatureSize}-byte signature after the opaque data, found ${left} bytes`, { left })
  const signature = evidence.subarray(signedEnd)

  const report: SpdmMeasurementReport = {
    version,
    request,
    param1,
    param2,
    measurements,
    responderNonce,
    opaqueData,
    signature,
    signedBytes: evidence.subarray(0, signedEnd),
  }
  if (requesterContext) report.requesterContext = requesterContext
  return report
}

function readMeasurementRecord(record: Uint8Array, blockCount: number): SpdmMeasurementBlock[] {
  const r = new Reader(record)
  const out: SpdmMeasurementBlock[] = []
  while (r.offset < record.length) {
    const index = r.u8('measurement index')
    const specification = r.u8('measurement specification')
    const size = r.u16('measurement size')
    const body = r.bytes(size, `measurement ${index}`)
    const block: SpdmMeasurementBlock = { index, specification, value: body }
    // DMTF format: type(1) size(2) value(size), and the sizes must agree.
    if (specification & 1 && size >= 3) {
      const valueSize = body[1]! | (body[2]! << 8)
      if (valueSize + 3 !== size) throw fail(`measurement ${index}: value size ${valueSize} does not fit block size ${size}`, { index })
      block.valueType = body[0]! & 0x7f
      block.rawBitStream = (body[0]! & 0x80) !== 0
      block.value = body.subarray(3)
    }
    out.push(block)
  }
  if (out.length !== blockCount) throw fail(`header says ${blockCount} measurement blocks, record holds ${out.length}`)
  return out
}

/** A bounds-checked little-endian cursor. */
class Reader {
  offset = 0
  constructor(private readonly buf: Uint8Array) {}
  private need(n: number, what: string): void {
    if (this.offset + n > this.buf.length) throw fail(`truncated at ${what} (offset ${this.offset}, need ${n} bytes, ${this.buf.length - this.offset} left)`)
  }
  u8(what: string): number {
    this.need(1, what)
    return this.buf[this.offset++]!
  }
  u16(what: string): number {
    this.need(2, what)
    const v = this.buf[this.offset]! | (this.buf[this.offset + 1]! << 8)
    this.offset += 2
    return v
  }
  u24(what: string): number {
    this.need(3, what)
    const v = this.buf[this.offset]! | (this.buf[this.offset + 1]! << 8) | (this.buf[this.offset + 2]! << 16)
    this.offset += 3
    return v
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what)
    const v = this.buf.subarray(this.offset, this.offset + n)
    this.offset += n
    return v
  }
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0')
