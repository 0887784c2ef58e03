import { sha256 } from '@noble/hashes/sha2.js'
import { bytesEqual, bytesToHex } from '../../crypto/hex.ts'
import { DerError, TAG, expectTag, readBitString, readBoolean, readDer, readOid, readSmallInteger, readString, readTime, readUnsignedInteger, type DerNode } from './der.ts'
import { pemBlocks } from './pem.ts'

/**
 * X.509 certificates, parsed just far enough to build and check attestation chains
 * (Intel SGX/TDX PCK chains, NVIDIA device chains). Parsing never verifies anything:
 * see `signature.ts` and `chain.ts` for that.
 *
 * @example
 * ```ts
 * const [pck, platformCa, root] = parseCertificates(pemChain)
 * pck.subject.text            // 'CN=Intel SGX PCK Certificate, O=Intel Corporation, ...'
 * root.fingerprint            // sha256 of the DER, lowercase hex
 * pck.publicKey.curve         // 'P-256'
 * ```
 */

export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  crlNumber: '2.5.29.20',
} as const

export type CurveName = 'P-256' | 'P-384'
export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512'

const CURVES: Record<string, CurveName> = { [OID.p256]: 'P-256', [OID.p384]: 'P-384' }
const SIGNATURE_HASHES: Record<string, HashName> = {
  [OID.ecdsaWithSha256]: 'SHA-256',
  [OID.ecdsaWithSha384]: 'SHA-384',
  [OID.ecdsaWithSha512]: 'SHA-512',
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
}

/** keyUsage bit names, in bit order (RFC 5280 4.2.1.3). */
export const KEY_USAGES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const
export type KeyUsage = (typeof KEY_USAGES)[number]

export interface DistinguishedName {
  /** The encoded Name, for exact comparison. */
  der: Uint8Array
  /** Attributes in encoded order, as OpenSSL prints them: `CN=Intel SGX Root CA, O=Intel Corporation, ..., C=US`. */
  text: string
  attributes: Array<{ oid: string; name: string; value: string }>
  commonName?: string
}

export interface EcPublicKey {
  /** 'P-256' or 'P-384'; undefined for curves or key types we cannot verify with. */
  curve?: CurveName
  algorithmOid: string
  curveOid?: string
  /** The subjectPublicKey bits: for EC keys the SEC1 point, `04 || X || Y`. */
  bytes: Uint8Array
}

export interface Extension {
  oid: string
  critical: boolean
  /** The extnValue OCTET STRING content (itself DER for every standard extension). */
  value: Uint8Array
}

export interface Certificate {
  der: Uint8Array
  /** The exact signed bytes (`tbsCertificate`). */
  tbs: Uint8Array
  /** SHA-256 of `der`, lowercase hex: how roots are pinned and caches keyed. */
  fingerprint: string
  version: number
  /** Serial number, lowercase hex without sign padding. */
  serialNumber: string
  issuer: DistinguishedName
  subject: DistinguishedName
  notBefore: Date
  notAfter: Date
  publicKey: EcPublicKey
  signatureAlgorithmOid: string
  /** Hash of the ECDSA signature algorithm; undefined when the algorithm is not ECDSA. */
  signatureHash?: HashName
  /** The signatureValue bits (a DER `ECDSA-Sig-Value` for ECDSA). */
  signature: Uint8Array
  extensions: Extension[]
  basicConstraints?: { ca: boolean; pathLength?: number }
  keyUsage?: KeyUsage[]
  subjectKeyId?: string
  authorityKeyId?: string
}

/** Thrown by the parsers: a certificate that is not well-formed X.509 DER. */
export class CertificateParseError extends Error {
  override readonly name = 'CertificateParseError'
}

/**
 * Parses one DER certificate (Uint8Array) or the first certificate of a PEM string.
 * @throws CertificateParseError with the reason.
 */
export function parseCertificate(input: Uint8Array | string): Certificate {
  if (typeof input === 'string') {
    const first = parseCertificates(input)[0]
    if (!first) throw new CertificateParseError('No PEM CERTIFICATE block found')
    return first
  }
  try {
    return decode(input)
  } catch (e) {
    if (e instanceof DerError) throw new CertificateParseError(`Malformed certificate: ${e.message}`, { cause: e })
    throw e
  }
}

/**
 * Every certificate of a PEM chain (or a list of DER blobs), in the given order.
 * @example parseCertificates(pckCertChainPem).map((c) => c.subject.commonName)
 */
export function parseCertificates(input: string | readonly Uint8Array[]): Certificate[] {
  let ders: readonly Uint8Array[]
  if (typeof input === 'string') {
    try {
      ders = pemBlocks(input)
    } catch (e) {
      throw new CertificateParseError((e as Error).message, { cause: e })
    }
  } else ders = input
  return ders.map((der, i) => {
    try {
      return parseCertificate(der)
    } catch (e) {
      throw new CertificateParseError(`Certificate ${i + 1}: ${(e as Error).message}`, { cause: e })
    }
  })
}

/** SHA-256 of a DER encoding as lowercase hex, the form root pins use. */
export function fingerprintOf(der: Uint8Array): string {
  return bytesToHex(sha256(der))
}

/** RFC 5280 name chaining: exact DER match, else a case- and space-insensitive match of every attribute. */
export function namesMatch(a: DistinguishedName, b: DistinguishedName): boolean {
  if (bytesEqual(a.der, b.der)) return true
  if (a.attributes.length !== b.attributes.length) return false
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase()
  return a.attributes.every((x, i) => {
    const y = b.attributes[i]!
    return x.oid === y.oid && norm(x.value) === norm(y.value)
  })
}

/** Whether `at` lies inside [notBefore, notAfter] (both inclusive, as RFC 5280 says). */
export function isValidAt(cert: Pick<Certificate, 'notBefore' | 'notAfter'>, at: Date): boolean {
  const t = at.getTime()
  return t >= cert.notBefore.getTime() && t <= cert.notAfter.getTime()
}

/** The extension with `oid`, if present. */
export function findExtension(cert: Certificate, oid: string): Extension | undefined {
  return cert.extensions.find((e) => e.oid === oid)
}

function decode(der: Uint8Array): Certificate {
  const root = expectTag(readDer(der), TAG.SEQUENCE, 'Certificate SEQUENCE')
  const [tbsNode, algNode, sigNode] = root.children()
  if (root.children().length !== 3) throw new DerError('Certificate must have 3 elements')
  const tbs = expectTag(tbsNode, TAG.SEQUENCE, 'tbsCertificate').children()

  let i = 0
  let version = 1
  if (tbs[0]?.tag === 0xa0) {
    version = readSmallInteger(tbs[0].children()[0], 'version') + 1
    i++
  }
  const serialNumber = bytesToHex(readUnsignedInteger(tbs[i++], 'serialNumber'))
  const innerAlg = readAlgorithm(tbs[i++])
  const issuer = readName(tbs[i++], 'issuer')
  const validity = expectTag(tbs[i++], TAG.SEQUENCE, 'validity').children()
  const notBefore = readTime(validity[0], 'notBefore')
  const notAfter = readTime(validity[1], 'notAfter')
  const subject = readName(tbs[i++], 'subject')
  const publicKey = readPublicKey(tbs[i++])

  const extensions: Extension[] = []
  for (; i < tbs.length; i++) {
    const node = tbs[i]!
    // [1] issuerUniqueID and [2] subjectUniqueID are obsolete; skip them.
    if (node.tag !== 0xa3) continue
    const list = expectTag(node.children()[0], TAG.SEQUENCE, 'extensions').children()
    for (const ext of list) extensions.push(readExtension(ext))
  }

  const outerAlg = readAlgorithm(algNode)
  // The two algorithm fields must agree, or a signature could be reinterpreted.
  if (outerAlg !== innerAlg) throw new DerError('signatureAlgorithm differs from tbsCertificate.signature')
  const signature = readBitString(sigNode, 'signatureValue').bytes

  const cert: Certificate = {
    der,
    tbs: tbsNode!.raw,
    fingerprint: fingerprintOf(der),
    version,
    serialNumber,
    issuer,
    subject,
    notBefore,
    notAfter,
    publicKey,
    signatureAlgorithmOid: outerAlg,
    signature,
    extensions,
  }
  const hash = SIGNATURE_HASHES[outerAlg]
  if (hash) cert.signatureHash = hash

  for (const ext of extensions) {
    if (ext.oid === OID.basicConstraints) cert.basicConstraints = readBasicConstraints(ext.value)
    else if (ext.oid === OID.keyUsage) cert.keyUsage = readKeyUsage(ext.value)
    else if (ext.oid === OID.subjectKeyIdentifier) cert.subjectKeyId = bytesToHex(expectTag(readDer(ext.value), TAG.OCTET_STRING, 'subjectKeyIdentifier').value)
    else if (ext.oid === OID.authorityKeyIdentifier) {
      const keyId = readDer(ext.value).children().find((n) => n.tag === 0x80)
      if (keyId) cert.authorityKeyId = bytesToHex(keyId.value)
    }
  }
  return cert
}

/** AlgorithmIdentifier -> its OID (parameters are checked where they matter). */
export function readAlgorithm(node: DerNode | undefined): string {
  return readOid(expectTag(node, TAG.SEQUENCE, 'AlgorithmIdentifier').children()[0], 'algorithm')
}

/** Hash named by an ECDSA signature algorithm OID. */
export function signatureHashOf(oid: string): HashName | undefined {
  return SIGNATURE_HASHES[oid]
}

export function readName(node: DerNode | undefined, what: string): DistinguishedName {
  const seq = expectTag(node, TAG.SEQUENCE, what)
  const attributes: DistinguishedName['attributes'] = []
  for (const rdn of seq.children()) {
    for (const atv of expectTag(rdn, TAG.SET, `${what} RDN`).children()) {
      const [typeNode, valueNode] = expectTag(atv, TAG.SEQUENCE, `${what} attribute`).children()
      const oid = readOid(typeNode)
      if (!valueNode) throw new DerError(`${what} attribute ${oid} has no value`)
      attributes.push({ oid, name: ATTRIBUTE_NAMES[oid] ?? oid, value: readString(valueNode) })
    }
  }
  const name: DistinguishedName = {
    der: seq.raw,
    text: attributes.map((a) => `${a.name}=${a.value}`).join(', '),
    attributes,
  }
  const cn = attributes.find((a) => a.name === 'CN')
  if (cn) name.commonName = cn.value
  return name
}

function readPublicKey(node: DerNode | undefined): EcPublicKey {
  const [algNode, keyNode] = expectTag(node, TAG.SEQUENCE, 'subjectPublicKeyInfo').children()
  const algParts = expectTag(algNode, TAG.SEQUENCE, 'subjectPublicKeyInfo algorithm').children()
  const algorithmOid = readOid(algParts[0], 'public key algorithm')
  const key: EcPublicKey = { algorithmOid, bytes: readBitString(keyNode, 'subjectPublicKey').bytes }
  if (algorithmOid === OID.ecPublicKey && algParts[1]?.tag === TAG.OID) {
    key.curveOid = readOid(algParts[1], 'named curve')
    const curve = CURVES[key.curveOid]
    if (curve) key.curve = curve
  }
  return key
}

function readExtension(node: DerNode): Extension {
  const parts = expectTag(node, TAG.SEQUENCE, 'extension').children()
  const oid = readOid(parts[0], 'extnID')
  let critical = false
  let at = 1
  if (parts[1]?.tag === TAG.BOOLEAN) {
    critical = readBoolean(parts[1], 'critical')
    at = 2
  }
  return { oid, critical, value: expectTag(parts[at], TAG.OCTET_STRING, `extnValue of ${oid}`).value }
}

function readBasicConstraints(value: Uint8Array): { ca: boolean; pathLength?: number } {
  const parts = expectTag(readDer(value), TAG.SEQUENCE, 'basicConstraints').children()
  const out: { ca: boolean; pathLength?: number } = { ca: false }
  for (const p of parts) {
    if (p.tag === TAG.BOOLEAN) out.ca = readBoolean(p, 'basicConstraints cA')
    else if (p.tag === TAG.INTEGER) out.pathLength = readSmallInteger(p, 'pathLenConstraint')
  }
  return out
}

function readKeyUsage(value: Uint8Array): KeyUsage[] {
  const { bytes } = readBitString(readDer(value), 'keyUsage')
  const out: KeyUsage[] = []
  KEY_USAGES.forEach((name, bit) => {
    const byte = bytes[bit >> 3] ?? 0
    if (byte & (0x80 >> (bit & 7))) out.push(name)
  })
  return out
}
