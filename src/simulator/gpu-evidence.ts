import { p384 } from '@noble/curves/nist.js'
import { sha256, sha384 } from '@noble/hashes/sha2.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { bytesToHex, concatBytes, hexToBytes, utf8Encode } from '../core/crypto/hex.ts'
import { bytesToBase64 as toBase64, derToPem as toPem } from '../core/attestation/x509/pem.ts'

/**
 * Simulated NVIDIA GPU evidence that is structurally real: SPDM 1.1 GET_MEASUREMENTS
 * request + MEASUREMENTS response (64 SHA-384 measurement blocks, NVIDIA-style opaque
 * data, ECDSA P-384 signature over SHA-384 of request || response), and a 5-certificate
 * device chain shaped like NVIDIA's (device leaf -> per-device BROM CA -> provisioner CA
 * -> identity CA -> root), all P-384 / ecdsa-with-SHA384.
 *
 * The chain ends at a TEST root generated at start-up (first use) from fresh random
 * keys: verification with NVIDIA's pinned root fails, and passes (marked `simulated`)
 * only when the caller explicitly trusts the returned root. Every subject says
 * "sealkit simulator" so nobody mistakes it for NVIDIA's. Runs in browsers (noble only).
 *
 * @example
 * ```ts
 * const { payload, root } = createSimulatedGpuEvidence({ nonce, gpus: 8 })
 * verifyGpuEvidence(payload, { nonce })                                   // gpu.<i>.chain fails
 * verifyGpuEvidence(payload, { nonce, trustedRoots: [root.fingerprint] }) // passes, simulated: true
 * ```
 */

export interface SimulatedGpuEvidenceInput {
  /** The attestation nonce, 64 hex characters: it goes into every SPDM request. */
  nonce: string
  /** Number of GPUs (1..64). Default 1. */
  gpus?: number
  /** Default 'HOPPER'. */
  arch?: string
  /** The test chain to sign under; default: the one generated at start-up. */
  authority?: GpuTestAuthority
}

export interface SimulatedGpuRoot {
  pem: string
  der: Uint8Array
  /** SHA-256 of the DER, lowercase hex: pass it in `trustedRoots`. */
  fingerprint: string
}

export interface SimulatedGpuEvidence {
  /** The `nvidia_payload` value: a JSON string, like real reports send. */
  payload: string
  /** The test root the device chains end at. */
  root: SimulatedGpuRoot
}

interface Issuer {
  name: Uint8Array
  key: Uint8Array
  keyId: Uint8Array
}

interface Device {
  chainPem: string
  key: Uint8Array
}

/** A test CA hierarchy plus the simulated devices it has issued. */
export interface GpuTestAuthority {
  root: SimulatedGpuRoot
  /** Device `index` (stable across calls, like real hardware). */
  device(index: number): Device
}

const NOT_BEFORE = new Date(Date.UTC(2021, 10, 5))
// Like NVIDIA's device certificates: "no expiry", encoded as GeneralizedTime 9999.
const NOT_AFTER = new Date(Date.UTC(9999, 11, 31, 23, 59, 59))

/**
 * Generates a fresh test hierarchy (root, identity CA, provisioner CA); devices are
 * generated on first use. Keys never leave the returned object.
 */
export function createGpuTestAuthority(): GpuTestAuthority {
  const rootKey = p384.utils.randomSecretKey()
  const rootName = name('sealkit simulator TEST NVIDIA Device Identity CA (not NVIDIA)', 'sealkit simulator')
  const root: Issuer = { name: rootName, key: rootKey, keyId: keyIdOf(rootKey) }
  const rootDer = certificate({ subject: rootName, subjectKey: rootKey, issuer: root, ca: true })

  const identityKey = p384.utils.randomSecretKey()
  const identity: Issuer = { name: name('sealkit simulator TEST GH100 Identity', 'sealkit simulator'), key: identityKey, keyId: keyIdOf(identityKey) }
  const identityDer = certificate({ subject: identity.name, subjectKey: identityKey, issuer: root, ca: true })

  const provisionerKey = p384.utils.randomSecretKey()
  const provisioner: Issuer = { name: name('sealkit simulator TEST GH100 Provisioner ICA 1', 'sealkit simulator', 'US'), key: provisionerKey, keyId: keyIdOf(provisionerKey) }
  const provisionerDer = certificate({ subject: provisioner.name, subjectKey: provisionerKey, issuer: identity, ca: true })

  const shared = [provisionerDer, identityDer, rootDer]
  const devices = new Map<number, Device>()
  return {
    root: { pem: toPem(rootDer), der: rootDer, fingerprint: bytesToHex(sha256(rootDer)) },
    device(index) {
      let d = devices.get(index)
      if (!d) {
        const bromKey = p384.utils.randomSecretKey()
        const bromSerial = bytesToHex(randomBytes(9)).toUpperCase()
        const brom: Issuer = { name: name('sealkit simulator TEST GH100 A01 GSP BROM', 'sealkit simulator', 'US', bromSerial), key: bromKey, keyId: keyIdOf(bromKey) }
        const bromDer = certificate({ subject: brom.name, subjectKey: bromKey, issuer: provisioner, ca: true })
        const leafKey = p384.utils.randomSecretKey()
        const serial = randomSerial()
        const leafName = name('sealkit simulator TEST GH100 A01 GSP FMC LF', 'sealkit simulator', 'US', bytesToHex(serial).toUpperCase())
        const leafDer = certificate({ subject: leafName, subjectKey: leafKey, issuer: brom, ca: false, serial })
        d = { key: leafKey, chainPem: [leafDer, bromDer, ...shared].map((der) => toPem(der)).join('') }
        devices.set(index, d)
      }
      return d
    },
  }
}

let defaultAuthority: GpuTestAuthority | undefined

/** The hierarchy generated at start-up (first use) and shared by every simulated answer. */
export function simulatorGpuAuthority(): GpuTestAuthority {
  defaultAuthority ??= createGpuTestAuthority()
  return defaultAuthority
}

/**
 * Builds an `nvidia_payload` for `gpus` simulated GPUs bound to `nonce`.
 * @example createSimulatedGpuEvidence({ nonce: 'ab'.repeat(32), gpus: 8 }).payload // '{"arch":"HOPPER",...}'
 */
export function createSimulatedGpuEvidence(input: SimulatedGpuEvidenceInput): SimulatedGpuEvidence {
  const nonce = hexToBytes(input.nonce)
  if (nonce.length !== 32) throw new TypeError('nonce must be 32 bytes (64 hex)')
  const count = input.gpus ?? 1
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new TypeError('gpus must be an integer from 1 to 64')
  const arch = input.arch ?? 'HOPPER'
  const authority = input.authority ?? simulatorGpuAuthority()
  const nonceHex = bytesToHex(nonce)
  const evidence_list = Array.from({ length: count }, (_, i) => {
    const device = authority.device(i)
    return {
      arch,
      certificate: toBase64(utf8Encode(device.chainPem)),
      evidence: toBase64(spdmEvidence(nonce, device.key)),
      nonce: nonceHex,
    }
  })
  return { payload: JSON.stringify({ arch, evidence_list, nonce: nonceHex }), root: authority.root }
}

// ---------------------------------------------------------------------------
// SPDM

const MEASUREMENT_BLOCKS = 64
/** Indices with a non-zero measurement, roughly where real Hopper evidence has them. */
const MEASURED = new Set([2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 22, 23, 26, 27, 28, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42])

function spdmEvidence(nonce: Uint8Array, deviceKey: Uint8Array): Uint8Array {
  // GET_MEASUREMENTS, SPDM 1.1: signature requested, all measurements, our nonce, slot 0.
  const request = concatBytes(Uint8Array.of(0x11, 0xe0, 0x01, 0xff), nonce, Uint8Array.of(0))
  const blocks: Uint8Array[] = []
  for (let index = 1; index <= MEASUREMENT_BLOCKS; index++) {
    const value = MEASURED.has(index) ? sha384(utf8Encode(`sealkit-simulator-gpu-measurement-${index}`)) : new Uint8Array(48)
    // index, spec (DMTF), size, DMTF type (digest), value size, value
    blocks.push(concatBytes(Uint8Array.of(index, 0x01), le(3 + value.length, 2), Uint8Array.of(0x01), le(value.length, 2), value))
  }
  const record = concatBytes(...blocks)
  const opaque = opaqueData()
  const response = concatBytes(
    Uint8Array.of(0x11, 0x60, 0x00, 0x00, MEASUREMENT_BLOCKS),
    le(record.length, 3),
    record,
    randomBytes(32), // responder nonce
    le(opaque.length, 2),
    opaque,
  )
  const signed = concatBytes(request, response)
  const signature = p384.sign(signed, deviceKey, { format: 'compact' }) // sha384 prehash, r || s
  return concatBytes(signed, signature)
}

/** NVIDIA-style opaque fields: driver version, VBIOS version, project, SKU. */
function opaqueData(): Uint8Array {
  const field = (type: number, value: Uint8Array) => concatBytes(le(type, 2), le(value.length, 2), value)
  const text = (s: string) => concatBytes(utf8Encode(s), Uint8Array.of(0))
  return concatBytes(
    field(3, text('570.172.08')),
    field(6, Uint8Array.of(0x00, 0xcf, 0x00, 0x96, 0x02, 0, 0, 0)),
    field(17, text('SIM0')),
    field(18, text('0000')),
    field(15, text('000')),
  )
}

// ---------------------------------------------------------------------------
// X.509 (a minimal DER writer: just what these certificates need)

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1'
const OID_P384 = '1.3.132.0.34'
const OID_ECDSA_SHA384 = '1.2.840.10045.4.3.3'

interface CertificateInput {
  subject: Uint8Array
  subjectKey: Uint8Array
  issuer: Issuer
  ca: boolean
  serial?: Uint8Array
}

function certificate(c: CertificateInput): Uint8Array {
  const publicKey = p384.getPublicKey(c.subjectKey, false)
  const algorithm = seq(oid(OID_ECDSA_SHA384))
  const extensions = [
    ...(c.ca ? [extension('2.5.29.19', true, seq(tlv(0x01, Uint8Array.of(0xff))))] : []),
    // keyUsage: CA -> keyCertSign + cRLSign (bits 5, 6); leaf -> digitalSignature (bit 0).
    extension('2.5.29.15', true, c.ca ? tlv(0x03, Uint8Array.of(0x01, 0x06)) : tlv(0x03, Uint8Array.of(0x07, 0x80))),
    extension('2.5.29.14', false, tlv(0x04, keyIdOf(c.subjectKey))),
    extension('2.5.29.35', false, seq(tlv(0x80, c.issuer.keyId))),
  ]
  const tbs = seq(
    tlv(0xa0, integer(Uint8Array.of(2))), // v3
    integer(c.serial ?? randomSerial()),
    algorithm,
    c.issuer.name,
    seq(time(NOT_BEFORE), time(NOT_AFTER)),
    c.subject,
    seq(seq(oid(OID_EC_PUBLIC_KEY), oid(OID_P384)), bitString(publicKey)),
    tlv(0xa3, seq(...extensions)),
  )
  const signature = p384.sign(tbs, c.issuer.key, { format: 'der' })
  return seq(tbs, algorithm, bitString(signature))
}

/** A Name with CN, O and optionally C and serialNumber (NVIDIA device certificates carry the last two). */
function name(cn: string, o: string, c?: string, serialNumber?: string): Uint8Array {
  const rdn = (type: string, tag: number, value: string) => tlv(0x31, seq(oid(type), tlv(tag, utf8Encode(value))))
  return seq(
    ...(serialNumber ? [rdn('2.5.4.5', 0x13, serialNumber)] : []),
    ...(c ? [rdn('2.5.4.6', 0x13, c)] : []),
    rdn('2.5.4.10', 0x0c, o),
    rdn('2.5.4.3', 0x0c, cn),
  )
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return seq(oid(id), ...(critical ? [tlv(0x01, Uint8Array.of(0xff))] : []), tlv(0x04, value))
}

const keyIdOf = (secretKey: Uint8Array): Uint8Array => sha256(p384.getPublicKey(secretKey, false)).subarray(0, 20)

/** 20 random bytes, top bit clear so the INTEGER stays positive without padding (like NVIDIA's serials). */
function randomSerial(): Uint8Array {
  const s = randomBytes(20)
  s[0] = (s[0]! & 0x7f) | 0x01
  return s
}

function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = concatBytes(...contents)
  const n = body.length
  const length = n < 0x80 ? Uint8Array.of(n) : n < 0x100 ? Uint8Array.of(0x81, n) : n < 0x10000 ? Uint8Array.of(0x82, n >> 8, n & 0xff) : Uint8Array.of(0x83, n >> 16, (n >> 8) & 0xff, n & 0xff)
  return concatBytes(Uint8Array.of(tag), length, body)
}

const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, ...items)
const bitString = (bytes: Uint8Array): Uint8Array => tlv(0x03, Uint8Array.of(0), bytes)

function integer(bytes: Uint8Array): Uint8Array {
  return tlv(0x02, bytes[0]! & 0x80 ? concatBytes(Uint8Array.of(0), bytes) : bytes)
}

function oid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map(Number)
  const out = [parts[0]! * 40 + parts[1]!]
  for (const part of parts.slice(2)) {
    const bytes = [part & 0x7f]
    for (let v = part >>> 7; v > 0; v >>>= 7) bytes.unshift((v & 0x7f) | 0x80)
    out.push(...bytes)
  }
  return tlv(0x06, Uint8Array.from(out))
}

/** UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
function time(d: Date): Uint8Array {
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`
  const year = d.getUTCFullYear()
  return year < 2050 ? tlv(0x17, utf8Encode(`${p(year % 100)}${rest}`)) : tlv(0x18, utf8Encode(`${p(year, 4)}${rest}`))
}

function le(value: number, size: number): Uint8Array {
  const out = new Uint8Array(size)
  for (let i = 0; i < size; i++) out[i] = (value >>> (8 * i)) & 0xff
  return out
}
