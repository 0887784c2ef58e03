import { sha256 } from '@noble/hashes/sha2.js'
import { bytesEqual, bytesToHex } from '../../crypto/hex.ts'
import {
  DerError,
  UNIVERSAL,
  algorithmOf,
  bitStringOf,
  blockOf,
  booleanOf,
  childBlocks,
  decodeDer,
  distinguishedName,
  extensionOf,
  expectUniversal,
  isContext,
  isUniversal,
  octetStringOf,
  oidOf,
  onlyTbsContextTags,
  rawBytes,
  smallInteger,
  timeOf,
  unsignedIntegerBytes,
  contentBytes,
  type AsnBlock,
  type DerNode,
} from './asn1.ts'
import { pemBlocks } from './pem.ts'

/**
 * X.509 certificates, parsed just far enough to build and check attestation chains
 * (Intel SGX/TDX PCK chains, NVIDIA device chains), with (see `asn1.ts`): decoded once, every field read from that one tree. Parsing never verifies anything: see `signature.ts` and
 * `chain.ts` for that.
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

/** An elliptic curve sealkit verifies signatures on. */
export type CurveName = 'P-256' | 'P-384'
/** A hash of an ECDSA signature algorithm. */
export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512'

const CURVES: Record<string, CurveName> = { [OID.p256]: 'P-256', [OID.p384]: 'P-384' }
const SIGNATURE_HASHES: Record<string, HashName> = {
  [OID.ecdsaWithSha256]: 'SHA-256',
  [OID.ecdsaWithSha384]: 'SHA-384',
  [OID.ecdsaWithSha512]: 'SHA-512',
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

/** A parsed X.509 Name (issuer or subject). */
export interface DistinguishedName {
  /** The encoded Name, for exact comparison. */
  der: Uint8Array
  /** Attributes in encoded order, as OpenSSL prints them: `CN=Intel SGX Root CA, O=Intel Corporation, ..., C=US`. */
  text: string
  /** Each attribute in encoded order: its OID, short name (`CN`, `O`, ...) and string value. */
  attributes: Array<{
    /** The attribute type's OID, e.g. `2.5.4.3`. */
    oid: string
    /** Its short name (`CN`, `O`, ...), or the OID when unknown. */
    name: string
    /** Its value, as a string. */
    value: string
  }>
  /** The first common name (`CN`); `undefined` when there is none. */
  commonName?: string
}

/** A certificate's subject public key. */
export interface EcPublicKey {
  /** 'P-256' or 'P-384'; undefined for curves or key types we cannot verify with. */
  curve?: CurveName
  /** The key algorithm OID (`1.2.840.10045.2.1` for EC). */
  algorithmOid: string
  /** The named curve's OID; `undefined` when the key is not EC or has explicit parameters. */
  curveOid?: string
  /** The subjectPublicKey bits: for EC keys the SEC1 point, `04 || X || Y`. */
  bytes: Uint8Array
}

/** One X.509 extension. */
export interface Extension {
  /** The extension's OID. */
  oid: string
  /** True when a verifier that does not understand it must reject the certificate. */
  critical: boolean
  /** The extnValue OCTET STRING content (itself DER for every standard extension). */
  value: Uint8Array
}

/**
 * A parsed X.509 certificate (only what chain verification and the badge need).
 *
 * @example
 * ```ts
 * const [leaf] = parseCertificates(pemChain)
 * console.log(leaf.subject.commonName, leaf.notAfter.toISOString())
 * ```
 */
export interface Certificate {
  /** The whole certificate, DER. */
  der: Uint8Array
  /** The exact signed bytes (`tbsCertificate`). */
  tbs: Uint8Array
  /** SHA-256 of `der`, lowercase hex: how roots are pinned and caches keyed. */
  fingerprint: string
  /** X.509 version (3). */
  version: number
  /** Serial number, lowercase hex without sign padding. */
  serialNumber: string
  /** Who issued it. */
  issuer: DistinguishedName
  /** Whom it certifies. */
  subject: DistinguishedName
  /** Start of validity. */
  notBefore: Date
  /** End of validity. */
  notAfter: Date
  /** The certified public key. */
  publicKey: EcPublicKey
  /** The signature algorithm OID (e.g. `1.2.840.10045.4.3.2` for ECDSA with SHA-256). */
  signatureAlgorithmOid: string
  /** Hash of the ECDSA signature algorithm; undefined when the algorithm is not ECDSA. */
  signatureHash?: HashName
  /** The signatureValue bits (a DER `ECDSA-Sig-Value` for ECDSA). */
  signature: Uint8Array
  /** Every extension, in encoded order. */
  extensions: Extension[]
  /** Basic constraints: whether it is a CA, and its path length limit; `undefined` when absent. */
  basicConstraints?: {
    /** True for a CA certificate. */
    ca: boolean
    /** How many CA certificates may follow below it; `undefined` for no limit. */
    pathLength?: number
  }
  /** Key usages; `undefined` when the extension is absent. */
  keyUsage?: KeyUsage[]
  /** Subject key identifier, hex; `undefined` when absent. */
  subjectKeyId?: string
  /** Authority key identifier, hex; `undefined` when absent. */
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
  return parseCertificateDer(input, fingerprintOf(input))
}

/** {@link parseCertificate} of DER whose SHA-256 (`fingerprint`) the caller has just computed (a cache keyed by it). */
export function parseCertificateDer(der: Uint8Array, fingerprint: string): Certificate {
  try {
    return decode(der, fingerprint)
  } catch (e) {
    if (e instanceof DerError) throw new CertificateParseError(`Malformed certificate: ${e.message}`, { cause: e })
    throw e
  }
}

/**
 * Every certificate of a PEM chain (or a list of DER blobs), in the given order.
 * `parse` replaces {@link parseCertificate} for each DER (a cache uses it to share results).
 * @example parseCertificates(pckCertChainPem).map((c) => c.subject.commonName)
 */
export function parseCertificates(input: string | readonly Uint8Array[], parse: (der: Uint8Array) => Certificate = parseCertificate): Certificate[] {
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
      return parse(der)
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

/**
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
 * TBSCertificate ::= SEQUENCE { [0] EXPLICIT version DEFAULT v1, serialNumber INTEGER, signature,
 *   issuer Name, validity SEQUENCE { notBefore, notAfter }, subject Name, subjectPublicKeyInfo,
 *   [1] IMPLICIT issuerUniqueID OPTIONAL, [2] IMPLICIT subjectUniqueID OPTIONAL, [3] EXPLICIT extensions OPTIONAL }
 */
function decode(der: Uint8Array, fingerprint: string): Certificate {
  const root = expectUniversal(decodeDer(der), UNIVERSAL.SEQUENCE, 'Certificate SEQUENCE')
  const parts = childBlocks(root)
  if (parts.length !== 3) throw new DerError('Certificate must have 3 elements')
  const tbsBlock = expectUniversal(parts[0], UNIVERSAL.SEQUENCE, 'tbsCertificate')
  onlyTbsContextTags(root, tbsBlock, [0, 3])

  const fields = childBlocks(tbsBlock)
  let i = 0
  let version = 1
  if (isContext(fields[0], 0)) {
    const explicit = childBlocks(fields[i++])
    if (explicit.length !== 1) throw new DerError('Invalid version')
    version = smallInteger(explicit[0], 'version') + 1
  }
  const serial = contentBytes(expectUniversal(fields[i++], UNIVERSAL.INTEGER, 'serialNumber'))
  if (serial.length === 0) throw new DerError('Invalid serialNumber')
  const innerAlg = algorithmOf(fields[i++], 'tbsCertificate.signature').oid
  const issuer = distinguishedName(fields[i++], 'issuer')
  const validity = childBlocks(expectUniversal(fields[i++], UNIVERSAL.SEQUENCE, 'validity'))
  if (validity.length !== 2) throw new DerError(`Invalid validity: ${validity.length} elements`)
  const subject = distinguishedName(fields[i++], 'subject')
  const publicKey = publicKeyOf(fields[i++])
  // Unique identifiers: IMPLICIT BIT STRINGs, in order, each at most once.
  for (const tag of [1, 2]) if (isContext(fields[i], tag) && !fields[i]!.idBlock.isConstructed) i++
  let extensionsBlock: AsnBlock | undefined
  if (isContext(fields[i], 3)) {
    const explicit = childBlocks(fields[i++])
    if (explicit.length !== 1) throw new DerError('Invalid extensions')
    extensionsBlock = expectUniversal(explicit[0], UNIVERSAL.SEQUENCE, 'extensions')
  }
  if (i !== fields.length) throw new DerError(`Unexpected element ${i + 1} of tbsCertificate`)

  const outerAlg = algorithmOf(parts[1], 'signatureAlgorithm').oid
  // The two algorithm fields must agree, or a signature could be reinterpreted.
  if (outerAlg !== innerAlg) throw new DerError('signatureAlgorithm differs from tbsCertificate.signature')
  const signature = bitStringOf(parts[2], 'signatureValue')

  const cert: Certificate = {
    der,
    tbs: rawBytes(tbsBlock),
    fingerprint,
    version,
    serialNumber: bytesToHex(unsignedIntegerBytes(serial)),
    issuer,
    subject,
    notBefore: timeOf(validity[0], 'notBefore'),
    notAfter: timeOf(validity[1], 'notAfter'),
    publicKey,
    signatureAlgorithmOid: outerAlg,
    signature: signature.bytes,
    extensions: extensionsBlock ? childBlocks(extensionsBlock).map(extensionOf) : [],
  }
  const hash = SIGNATURE_HASHES[outerAlg]
  if (hash) cert.signatureHash = hash

  for (const ext of cert.extensions) {
    if (ext.oid === OID.basicConstraints) cert.basicConstraints = readBasicConstraints(ext.value)
    else if (ext.oid === OID.keyUsage) cert.keyUsage = readKeyUsage(ext.value)
    else if (ext.oid === OID.subjectKeyIdentifier) cert.subjectKeyId = bytesToHex(octetStringOf(decodeDer(ext.value), 'subjectKeyIdentifier'))
    else if (ext.oid === OID.authorityKeyIdentifier) {
      const keyId = readAuthorityKeyId(ext.value)
      if (keyId) cert.authorityKeyId = bytesToHex(keyId)
    }
  }
  return cert
}

/** AlgorithmIdentifier -> its OID (parameters are checked where they matter). */
export function readAlgorithm(node: DerNode | undefined): string {
  return algorithmOf(blockOf(node, 'AlgorithmIdentifier')).oid
}

/** Hash named by an ECDSA signature algorithm OID. */
export function signatureHashOf(oid: string): HashName | undefined {
  return SIGNATURE_HASHES[oid]
}

/** A Name node (e.g. from {@link readDer}) as a {@link DistinguishedName}. */
export function readName(node: DerNode | undefined, what: string): DistinguishedName {
  return distinguishedName(blockOf(node, what), what)
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } */
function publicKeyOf(block: AsnBlock | undefined): EcPublicKey {
  const parts = childBlocks(expectUniversal(block, UNIVERSAL.SEQUENCE, 'subjectPublicKeyInfo'))
  if (parts.length !== 2) throw new DerError(`Invalid subjectPublicKeyInfo: ${parts.length} elements`)
  const { oid: algorithmOid, parameters } = algorithmOf(parts[0], 'subjectPublicKeyInfo algorithm')
  const key: EcPublicKey = { algorithmOid, bytes: bitStringOf(parts[1], 'subjectPublicKey').bytes }
  // ECParameters: a namedCurve OID; implicit or specified curves we cannot verify with.
  if (algorithmOid === OID.ecPublicKey && isUniversal(parameters, UNIVERSAL.OID)) {
    const curveOid = oidOf(parameters, 'namedCurve')
    key.curveOid = curveOid
    const curve = CURVES[curveOid]
    if (curve) key.curve = curve
  }
  return key
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
function readBasicConstraints(value: Uint8Array): { ca: boolean; pathLength?: number } {
  const parts = childBlocks(expectUniversal(decodeDer(value), UNIVERSAL.SEQUENCE, 'basicConstraints'))
  let i = 0
  const ca = isUniversal(parts[0], UNIVERSAL.BOOLEAN) ? booleanOf(parts[i++], 'basicConstraints cA') : false
  const out: { ca: boolean; pathLength?: number } = { ca }
  if (parts[i]) out.pathLength = smallInteger(parts[i++], 'pathLenConstraint')
  if (i !== parts.length) throw new DerError('Invalid basicConstraints')
  return out
}

/** KeyUsage ::= BIT STRING: bit n (counted from the first octet's high bit) is KEY_USAGES[n]. */
function readKeyUsage(value: Uint8Array): KeyUsage[] {
  const { bytes, unusedBits } = bitStringOf(decodeDer(value), 'keyUsage')
  const bits = bytes.length * 8 - unusedBits
  return KEY_USAGES.filter((_, n) => n < bits && (bytes[n >> 3]! & (0x80 >> (n & 7))) !== 0)
}

/** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, [1] issuer OPTIONAL, [2] serial OPTIONAL } */
function readAuthorityKeyId(value: Uint8Array): Uint8Array | undefined {
  const parts = childBlocks(expectUniversal(decodeDer(value), UNIVERSAL.SEQUENCE, 'authorityKeyIdentifier'))
  let last = -1
  for (const part of parts) {
    // In order, each at most once; [1] (GeneralNames) constructed, [0] and [2] primitive.
    const tag = part.idBlock.tagNumber
    if (part.idBlock.tagClass !== 3 || tag > 2 || tag <= last || part.idBlock.isConstructed !== (tag === 1)) throw new DerError('Invalid authorityKeyIdentifier')
    last = tag
  }
  const keyId = parts.find((p) => isContext(p, 0))
  return keyId ? contentBytes(keyId) : undefined
}
