import { AttestationError } from '../../errors.ts'
import { hexToBytes, isHex, utf8Decode } from '../../crypto/hex.ts'
import { pemBlocks, tryBase64ToBytes } from '../x509/pem.ts'
import { readDer } from '../x509/asn1.ts'
import { isObject } from '../../is-object.ts'

/**
 * The `nvidia_payload` of an attestation report: one SPDM measurement report and
 * one device certificate chain per GPU, as the server hands them to NVIDIA's NRAS.
 *
 * Two encodings exist in the wild and both are accepted:
 * - current (Venice, NEAR AI 2025+): `evidence` = base64(SPDM bytes), `certificate` = base64(PEM chain);
 * - legacy (private-ml-sdk, tappd era): `evidence` = base64(hex text of the SPDM bytes).
 * Parsing only decodes; nothing here is trusted until `verifyGpuEvidence` has checked it.
 *
 * @example
 * ```ts
 * const payload = parseNvidiaPayload(report.nvidia_payload) // JSON string or object
 * payload.gpus.length         // 8
 * payload.gpus[0].certificates // DER certificates, leaf first
 * ```
 */

export interface NvidiaPayload {
  /** The nonce the server claims it used, lowercase hex; undefined when absent. Checked against the evidence, never trusted. */
  nonce?: string
  /** The top-level `arch` (e.g. 'HOPPER', 'BLACKWELL'). */
  arch?: string
  /** One entry per GPU of `evidence_list`, in order. */
  gpus: GpuEvidenceEntry[]
}

/** One GPU's evidence: its certificate chain and SPDM measurement response. */
export interface GpuEvidenceEntry {
  /** Position in `evidence_list`. */
  index: number
  /** The entry's own `arch`, else the top-level one. */
  arch?: string
  /** The entry's own `nonce` field where the server adds one (Venice does); informational only. */
  nonce?: string
  /** The raw SPDM GET_MEASUREMENTS request || MEASUREMENTS response. */
  evidence: Uint8Array
  /** DER certificates as listed (NVIDIA puts the device leaf first, the root last). */
  certificates: Uint8Array[]
  /** Which encoding the evidence used. */
  encoding: 'binary' | 'hex'
}

const malformed = (message: string, details: Record<string, unknown> = {}): AttestationError =>
  new AttestationError('ATTESTATION_MALFORMED', { message: `nvidia_payload: ${message}`, details: { part: 'nvidia_payload', ...details } })

/**
 * Decodes an `nvidia_payload` (a JSON string, as every real report sends it, or the parsed object).
 * @throws AttestationError `ATTESTATION_MALFORMED` naming the field that is wrong.
 * @example parseNvidiaPayload('{"nonce":"…","arch":"HOPPER","evidence_list":[…]}').gpus.length
 */
export function parseNvidiaPayload(input: unknown): NvidiaPayload {
  let value = input
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown
    } catch {
      throw malformed('not valid JSON')
    }
  }
  if (!isObject(value)) throw malformed(`expected an object, got ${describe(value)}`)

  const list = value.evidence_list
  if (!Array.isArray(list)) throw malformed(`evidence_list must be an array, got ${describe(list)}`)
  if (list.length === 0) throw malformed('evidence_list is empty')

  const out: NvidiaPayload = { gpus: [] }
  if (value.nonce !== undefined) out.nonce = readNonce(value.nonce, 'nonce')
  if (value.arch !== undefined) {
    if (typeof value.arch !== 'string') throw malformed(`arch must be a string, got ${describe(value.arch)}`)
    out.arch = value.arch
  }
  list.forEach((item, index) => out.gpus.push(readEntry(item, index, out.arch)))
  return out
}

function readEntry(item: unknown, index: number, topArch: string | undefined): GpuEvidenceEntry {
  const at = `evidence_list[${index}]`
  if (!isObject(item)) throw malformed(`${at} must be an object, got ${describe(item)}`, { index })
  if (typeof item.evidence !== 'string' || item.evidence.length === 0) throw malformed(`${at}.evidence must be a non-empty string`, { index })
  if (typeof item.certificate !== 'string' || item.certificate.length === 0) throw malformed(`${at}.certificate must be a non-empty string`, { index })

  const { bytes: evidence, encoding } = decodeEvidence(item.evidence, at, index)
  const entry: GpuEvidenceEntry = { index, evidence, certificates: decodeChain(item.certificate, at, index), encoding }
  const arch = item.arch ?? topArch
  if (arch !== undefined) {
    if (typeof arch !== 'string') throw malformed(`${at}.arch must be a string`, { index })
    entry.arch = arch
  }
  if (item.nonce !== undefined) entry.nonce = readNonce(item.nonce, `${at}.nonce`)
  return entry
}

/** SPDM evidence starts with a version byte 0x1N and the GET_MEASUREMENTS code 0xE0. */
const looksLikeSpdm = (b: Uint8Array): boolean => b.length > 2 && (b[0]! & 0xf0) === 0x10 && b[1] === 0xe0

function decodeEvidence(text: string, at: string, index: number): { bytes: Uint8Array; encoding: 'binary' | 'hex' } {
  // A bare hex string is also valid base64, so decide by what each decoding yields.
  if (isHex(text)) {
    const direct = hexToBytes(text)
    if (looksLikeSpdm(direct)) return { bytes: direct, encoding: 'hex' }
  }
  const decoded = tryBase64ToBytes(text)
  if (!decoded) throw malformed(`${at}.evidence is neither base64 nor hex`, { index })
  // Legacy: base64 of the hex text of the SPDM bytes.
  const ascii = String.fromCharCode(...decoded.subarray(0, 4))
  if (/^[0-9a-fA-F]{4}$/.test(ascii)) {
    const hex = latin1(decoded).trim()
    if (!isHex(hex)) throw malformed(`${at}.evidence decodes to text that is not hex`, { index })
    return { bytes: hexToBytes(hex), encoding: 'hex' }
  }
  return { bytes: decoded, encoding: 'binary' }
}

function decodeChain(text: string, at: string, index: number): Uint8Array[] {
  let pem: string | undefined
  if (text.includes('-----BEGIN')) pem = text
  else {
    const decoded = tryBase64ToBytes(text)
    if (!decoded) throw malformed(`${at}.certificate is not base64`, { index })
    if (decoded[0] === 0x30) return splitDer(decoded, at, index)
    try {
      pem = utf8Decode(decoded)
    } catch {
      throw malformed(`${at}.certificate does not decode to a PEM chain`, { index })
    }
  }
  let ders: Uint8Array[]
  try {
    ders = pemBlocks(pem)
  } catch (e) {
    throw malformed(`${at}.certificate: ${(e as Error).message}`, { index })
  }
  if (ders.length === 0) throw malformed(`${at}.certificate holds no PEM CERTIFICATE block`, { index })
  return ders
}

/** Some producers concatenate DER certificates instead of PEM; split them at the SEQUENCE boundaries. */
function splitDer(bytes: Uint8Array, at: string, index: number): Uint8Array[] {
  const out: Uint8Array[] = []
  let offset = 0
  try {
    while (offset < bytes.length) {
      const node = readDer(bytes, offset, false)
      out.push(node.raw)
      offset += node.raw.length
    }
  } catch (e) {
    throw malformed(`${at}.certificate is not a DER certificate list: ${(e as Error).message}`, { index })
  }
  return out
}

function readNonce(value: unknown, field: string): string {
  if (typeof value !== 'string') throw malformed(`${field} must be a hex string, got ${describe(value)}`)
  const s = value.startsWith('0x') ? value.slice(2) : value
  if (!isHex(s)) throw malformed(`${field} is not hex`)
  return s.toLowerCase()
}

const latin1 = (b: Uint8Array): string => {
  let s = ''
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192))
  return s
}

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v)
