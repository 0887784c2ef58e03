import { p384 } from '@noble/curves/nist.js'
import { sha256, sha384 } from '@noble/hashes/sha2.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { bytesToHex, concatBytes, hexToBytes, utf8Encode } from '../core/crypto/hex.ts'
import { AsnConvert, OctetString } from '@peculiar/asn1-schema'
import { ECParameters, id_ecPublicKey, id_ecdsaWithSHA384, id_secp384r1 } from '@peculiar/asn1-ecc'
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509'
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
 * "sealkit simulator" so nobody mistakes it for NVIDIA's. Runs in browsers (noble for the
 * keys and signatures, @peculiar/asn1-x509 for the certificates).
 *
 * @example
 * ```ts
 * const { payload, root } = createSimulatedGpuEvidence({ nonce, gpus: 8 })
 * await verifyGpuEvidence(payload, { nonce })                                   // gpu.<i>.chain fails
 * await verifyGpuEvidence(payload, { nonce, trustedRoots: [root.fingerprint] }) // passes, simulated: true
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

/** The GPU test root the simulated devices chain to. */
export interface SimulatedGpuRoot {
  /** The root certificate, PEM. */
  pem: string
  /** The root certificate, DER. */
  der: Uint8Array
  /** SHA-256 of the DER, lowercase hex: pass it in `trustedRoots`. */
  fingerprint: string
}

/** Simulated GPU evidence for one attestation. */
export interface SimulatedGpuEvidence {
  /** The `nvidia_payload` value: a JSON string, like real reports send. */
  payload: string
  /** The test root the device chains end at. */
  root: SimulatedGpuRoot
}

interface Issuer {
  name: Name
  key: Uint8Array
  keyId: Uint8Array
}

interface Device {
  chainPem: string
  key: Uint8Array
}

/** What one device sends in every answer, built once: its chain, base64 of the PEM. */
const chainBase64 = new WeakMap<Device, string>()

/** A test CA hierarchy plus the simulated devices it has issued. */
export interface GpuTestAuthority {
  /** The test root every device certificate chains to. */
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
      certificate: chainBase64Of(device),
      evidence: toBase64(spdmEvidence(nonce, device.key)),
      nonce: nonceHex,
    }
  })
  return { payload: JSON.stringify({ arch, evidence_list, nonce: nonceHex }), root: authority.root }
}

function chainBase64Of(device: Device): string {
  let b64 = chainBase64.get(device)
  if (b64 === undefined) {
    b64 = toBase64(utf8Encode(device.chainPem))
    chainBase64.set(device, b64)
  }
  return b64
}

// ---------------------------------------------------------------------------
// SPDM

const MEASUREMENT_BLOCKS = 64
/** Indices with a non-zero measurement, roughly where real Hopper evidence has them. */
const MEASURED = new Set([2, 3, 4, 5, 6, 7, 8, 10, 12, 13, 22, 23, 26, 27, 28, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42])

function spdmEvidence(nonce: Uint8Array, deviceKey: Uint8Array): Uint8Array {
  // GET_MEASUREMENTS, SPDM 1.1: signature requested, all measurements, our nonce, slot 0.
  const request = concatBytes(Uint8Array.of(0x11, 0xe0, 0x01, 0xff), nonce, Uint8Array.of(0))
  const { head, tail } = spdmResponseParts()
  const response = concatBytes(head, randomBytes(32) /* responder nonce */, tail)
  const signed = concatBytes(request, response)
  const signature = p384.sign(signed, deviceKey, { format: 'compact' }) // sha384 prehash, r || s
  return concatBytes(signed, signature)
}

let spdmParts: { head: Uint8Array; tail: Uint8Array } | undefined

/** The MEASUREMENTS response around its responder nonce: the same for every device and answer, so built once per process. */
function spdmResponseParts(): { head: Uint8Array; tail: Uint8Array } {
  if (spdmParts) return spdmParts
  const blocks: Uint8Array[] = []
  for (let index = 1; index <= MEASUREMENT_BLOCKS; index++) {
    const value = MEASURED.has(index) ? sha384(utf8Encode(`sealkit-simulator-gpu-measurement-${index}`)) : new Uint8Array(48)
    // index, spec (DMTF), size, DMTF type (digest), value size, value
    blocks.push(concatBytes(Uint8Array.of(index, 0x01), le(3 + value.length, 2), Uint8Array.of(0x01), le(value.length, 2), value))
  }
  const record = concatBytes(...blocks)
  const opaque = opaqueData()
  spdmParts = {
    head: concatBytes(Uint8Array.of(0x11, 0x60, 0x00, 0x00, MEASUREMENT_BLOCKS), le(record.length, 3), record),
    tail: concatBytes(le(opaque.length, 2), opaque),
  }
  return spdmParts
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
// X.509: @peculiar/asn1-x509 schema classes serialized with AsnConvert

interface CertificateInput {
  subject: Name
  subjectKey: Uint8Array
  issuer: Issuer
  ca: boolean
  serial?: Uint8Array
}

/** An exact ArrayBuffer copy of `bytes` (the schema classes hold ArrayBuffers). */
const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer

function certificate(c: CertificateInput): Uint8Array {
  const publicKey = p384.getPublicKey(c.subjectKey, false)
  const algorithm = () => new AlgorithmIdentifier({ algorithm: id_ecdsaWithSHA384 })
  const extensions = new Extensions([
    ...(c.ca ? [extension('2.5.29.19', true, new BasicConstraints({ cA: true }))] : []),
    // keyUsage: CA -> keyCertSign + cRLSign; leaf -> digitalSignature.
    extension('2.5.29.15', true, new KeyUsage(c.ca ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign : KeyUsageFlags.digitalSignature)),
    extension('2.5.29.14', false, new SubjectKeyIdentifier(keyIdOf(c.subjectKey))),
    extension('2.5.29.35', false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(c.issuer.keyId) })),
  ])
  const curve = AsnConvert.serialize(new ECParameters({ namedCurve: id_secp384r1 }))
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: buffer(c.serial ?? randomSerial()),
    signature: algorithm(),
    issuer: c.issuer.name,
    validity: new Validity({ notBefore: NOT_BEFORE, notAfter: NOT_AFTER }),
    subject: c.subject,
    subjectPublicKeyInfo: new SubjectPublicKeyInfo({ algorithm: new AlgorithmIdentifier({ algorithm: id_ecPublicKey, parameters: curve }), subjectPublicKey: buffer(publicKey) }),
    extensions,
  })
  const tbs = new Uint8Array(AsnConvert.serialize(tbsCertificate))
  const signature = p384.sign(tbs, c.issuer.key, { format: 'der' })
  return new Uint8Array(AsnConvert.serialize(new Certificate({ tbsCertificate, signatureAlgorithm: algorithm(), signatureValue: buffer(signature) })))
}

/** A Name with CN, O and optionally C and serialNumber (NVIDIA device certificates carry the last two). */
function name(cn: string, o: string, c?: string, serialNumber?: string): Name {
  const rdn = (type: string, value: AttributeValue) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })])
  return new Name([
    ...(serialNumber ? [rdn('2.5.4.5', new AttributeValue({ printableString: serialNumber }))] : []),
    ...(c ? [rdn('2.5.4.6', new AttributeValue({ printableString: c }))] : []),
    rdn('2.5.4.10', new AttributeValue({ utf8String: o })),
    rdn('2.5.4.3', new AttributeValue({ utf8String: cn })),
  ])
}

function extension(id: string, critical: boolean, value: object): Extension {
  return new Extension({ extnID: id, critical, extnValue: new OctetString(AsnConvert.serialize(value)) })
}

const keyIdOf = (secretKey: Uint8Array): Uint8Array => sha256(p384.getPublicKey(secretKey, false)).subarray(0, 20)

/** 20 random bytes, top bit clear so the INTEGER stays positive without padding (like NVIDIA's serials). */
function randomSerial(): Uint8Array {
  const s = randomBytes(20)
  s[0] = (s[0]! & 0x7f) | 0x01
  return s
}

function le(value: number, size: number): Uint8Array {
  const out = new Uint8Array(size)
  for (let i = 0; i < size; i++) out[i] = (value >>> (8 * i)) & 0xff
  return out
}
