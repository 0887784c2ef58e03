import { p256 } from '@noble/curves/nist.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { bytesToHex, concatBytes, hexToBytes, utf8Encode } from '../core/crypto/hex.ts'
import * as asn1js from 'asn1js'
import { AsnConvert, OctetString } from '@peculiar/asn1-schema'
import { ECParameters, id_ecPublicKey, id_ecdsaWithSHA256, id_secp256r1 } from '@peculiar/asn1-ecc'
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificateList,
  Extension,
  Extensions,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  RevokedCertificate,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertList,
  TBSCertificate,
  Time,
  Validity,
  Version,
} from '@peculiar/asn1-x509'
import { derToPem } from '../core/attestation/x509/pem.ts'
import { fingerprintOf } from '../core/attestation/x509/certificate.ts'
import type { QuoteCollateral } from '../core/attestation/tdx/collateral.ts'

/**
 * A structurally real, SIMULATED Intel TDX v4 quote: the same bytes a genuine quote
 * has (header, TD report, ECDSA P-256 quote signature, QE report signed by a PCK key,
 * QE REPORTDATA binding the attestation key, PCK certificate chain with Intel's SGX
 * extension), except that the chain ends at a test root generated at start-up.
 *
 * So `verifyTdxQuote` with the default roots fails `tdx.pck.chain` (the root is not
 * Intel's), and with `trustedRoots: [ca.root.pem]` every cryptographic check passes
 * and the result says `simulated: true`. Optional simulated collateral (TCB info,
 * QE identity, CRLs signed under the same test root) exercises the TCB checks too.
 *
 * Browser-safe: noble curves/hashes, certificates and CRLs encoded with
 * @peculiar/asn1-x509 (asn1js underneath), no WebCrypto or Buffer.
 * The private keys never leave this module's objects; they are test keys anyway.
 *
 * @example
 * ```ts
 * const ca = getSimulatedTdxCa()
 * const { quote } = createSimulatedTdxQuote({ reportData, measurements: { mrTd, rtmr3 } })
 * (await verifyTdxQuote(quote, { trustedRoots: [ca.root.pem] })).simulated   // true
 * (await verifyTdxQuote(quote)).checks.find((c) => c.id === 'tdx.pck.chain')?.status // 'failed'
 * ```
 */

// ---------------------------------------------------------------------------
// X.509 encoding: @peculiar/asn1-x509 schema classes serialized with AsnConvert

/** An exact ArrayBuffer copy of `bytes` (the schema classes hold ArrayBuffers). */
const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer

const ECDSA_SHA256 = id_ecdsaWithSHA256

function name(cn: string): Name {
  const attr = (type: string, value: AttributeValue) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })])
  return new Name([
    attr('2.5.4.3', new AttributeValue({ utf8String: cn })),
    attr('2.5.4.10', new AttributeValue({ utf8String: 'sealkit simulator' })),
    attr('2.5.4.6', new AttributeValue({ printableString: 'ZZ' })),
  ])
}

function spki(publicKey: Uint8Array): SubjectPublicKeyInfo {
  const curve = AsnConvert.serialize(new ECParameters({ namedCurve: id_secp256r1 }))
  return new SubjectPublicKeyInfo({ algorithm: new AlgorithmIdentifier({ algorithm: id_ecPublicKey, parameters: curve }), subjectPublicKey: buffer(publicKey) })
}

/** An extension whose value is the DER of `value` (a schema object) or already-encoded bytes. */
function extension(id: string, critical: boolean, value: object | Uint8Array): Extension {
  const der = value instanceof Uint8Array ? buffer(value) : AsnConvert.serialize(value)
  return new Extension({ extnID: id, critical, extnValue: new OctetString(der) })
}

const keyId = (publicKey: Uint8Array) => sha256(publicKey).subarray(0, 20)

/** ECDSA P-256 / SHA-256 signature over `tbs`, DER-encoded, as X.509 wants it. */
const signDer = (tbs: Uint8Array, key: Uint8Array) => p256.sign(sha256(tbs), key, { prehash: false, format: 'der' })

function serial(): Uint8Array {
  const s = randomBytes(16)
  s[0] = (s[0]! & 0x7f) | 0x01 // positive, no leading zero
  return s
}

/** Big-endian magnitude as DER INTEGER content: no superfluous leading zeros, a zero pad when the top bit is set. */
function positiveInteger(value: Uint8Array): Uint8Array {
  let i = 0
  while (i < value.length - 1 && value[i] === 0) i++
  const b = value.subarray(i)
  return b[0]! & 0x80 ? concatBytes(Uint8Array.of(0), b) : b
}

// ---------------------------------------------------------------------------
// The simulated CA: root -> platform CA -> PCK, plus a TCB signing certificate

/** A certificate of the simulated CA. */
export interface SimulatedCertificate {
  /** DER. */
  der: Uint8Array
  /** PEM. */
  pem: string
  /** SHA-256 of the DER, lowercase hex. */
  fingerprint: string
  /** Serial number, lowercase hex. */
  serialNumber: string
}

interface Issued extends SimulatedCertificate {
  key: Uint8Array
  publicKey: Uint8Array
  subject: Name
}

/**
 * The simulated Intel CA hierarchy: test root, platform CA, PCK and TCB signing certificates, and the platform
 * identity.
 */
export interface SimulatedTdxCa {
  /** The test root every simulated chain ends at: pass it as a trusted root. */
  root: SimulatedCertificate
  /** The platform CA (issues the PCK certificate). */
  platformCa: SimulatedCertificate
  /** The PCK certificate (signs the QE report). */
  pck: SimulatedCertificate
  /** The TCB signing certificate (signs TCB info and QE identity). */
  tcbSigning: SimulatedCertificate
  /** Platform identity written into the PCK certificate. */
  fmspc: string
  /** The PCE id, 2 bytes hex. */
  pceId: string
  /** The PCE SVN. */
  pceSvn: number
  /** The 16 SGX TCB component SVNs. */
  sgxTcbComponents: number[]
  /** Start of validity of every certificate. */
  notBefore: Date
  /** End of validity of every certificate. */
  notAfter: Date
  /** @internal signing material; test keys only. */
  readonly keys: { root: Uint8Array; platformCa: Uint8Array; pck: Uint8Array; tcbSigning: Uint8Array; attestation: Uint8Array }
}

export interface SimulatedTdxCaOptions {
  /** Validity start of every certificate. Default: one day before now (tolerates clock skew). */
  notBefore?: Date
  /** Validity end. Default: ten years after notBefore. */
  notAfter?: Date
  fmspc?: string
  pceSvn?: number
  sgxTcbComponents?: number[]
}

function issue(opts: {
  subject: string
  issuer?: Issued
  key: Uint8Array
  ca: boolean
  pathLength?: number
  keyUsage: number
  notBefore: Date
  notAfter: Date
  extra?: Extension[]
}): Issued {
  const publicKey = p256.getPublicKey(opts.key, false)
  const subject = name(opts.subject)
  const issuerName = opts.issuer?.subject ?? subject
  const issuerKey = opts.issuer?.key ?? opts.key
  const issuerPublic = opts.issuer?.publicKey ?? publicKey
  const sn = serial()
  const extensions = new Extensions([
    extension('2.5.29.35', false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyId(issuerPublic)) })),
    extension('2.5.29.14', false, new SubjectKeyIdentifier(keyId(publicKey))),
    extension('2.5.29.15', true, new KeyUsage(opts.keyUsage)),
    extension('2.5.29.19', true, opts.ca ? new BasicConstraints({ cA: true, ...(opts.pathLength !== undefined ? { pathLenConstraint: opts.pathLength } : {}) }) : new BasicConstraints()),
    ...(opts.extra ?? []),
  ])
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: buffer(sn),
    signature: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }),
    issuer: issuerName,
    validity: new Validity({ notBefore: opts.notBefore, notAfter: opts.notAfter }),
    subject,
    subjectPublicKeyInfo: spki(publicKey),
    extensions,
  })
  const tbs = new Uint8Array(AsnConvert.serialize(tbsCertificate))
  const cert = new Certificate({ tbsCertificate, signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }), signatureValue: buffer(signDer(tbs, issuerKey)) })
  const der = new Uint8Array(AsnConvert.serialize(cert))
  return { der, pem: derToPem(der), fingerprint: fingerprintOf(der), serialNumber: bytesToHex(sn), key: opts.key, publicKey, subject }
}

const SGX = '1.2.840.113741.1.13.1'

/**
 * Intel's SGX extension as PCK certificates carry it (PPID, TCB, PCE-ID, FMSPC, SGX type):
 * a private SEQUENCE OF SEQUENCE { OID, value } with no published schema, so built
 * from asn1js values directly.
 */
function sgxExtension(fmspc: Uint8Array, pceSvn: number, components: number[]): Extension {
  const entry = (id: string, value: asn1js.AsnType) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: id }), value] })
  const octets = (b: Uint8Array) => new asn1js.OctetString({ valueHex: buffer(b) })
  const int = (n: number) => new asn1js.Integer({ value: n })
  const tcb = new asn1js.Sequence({
    value: [
      ...components.map((svn, i) => entry(`${SGX}.2.${i + 1}`, int(svn))),
      entry(`${SGX}.2.17`, int(pceSvn)),
      entry(`${SGX}.2.18`, octets(Uint8Array.from(components))),
    ],
  })
  const value = new asn1js.Sequence({
    value: [
      entry(`${SGX}.1`, octets(sha256(utf8Encode('sealkit-simulator/ppid')).subarray(0, 16))),
      entry(`${SGX}.2`, tcb),
      entry(`${SGX}.3`, octets(new Uint8Array(2))),
      entry(`${SGX}.4`, octets(fmspc)),
      entry(`${SGX}.5`, new asn1js.Enumerated({ value: 0 })),
    ],
  })
  return extension(SGX, false, new Uint8Array(value.toBER()))
}

const KU_CA = KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign
const KU_SIGN = KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation

/** Generates a fresh test CA hierarchy (new random keys every call). */
export function createSimulatedTdxCa(options: SimulatedTdxCaOptions = {}): SimulatedTdxCa {
  const notBefore = options.notBefore ?? new Date(Math.floor(Date.now() / 1000) * 1000 - 86_400_000)
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 10 * 365 * 86_400_000)
  const fmspc = (options.fmspc ?? '00906ed50000').toLowerCase()
  const pceSvn = options.pceSvn ?? 13
  const sgxTcbComponents = options.sgxTcbComponents ?? [3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0]
  const key = () => p256.utils.randomSecretKey()
  const validity = { notBefore, notAfter }
  const root = issue({ subject: 'sealkit simulated SGX Root CA (TEST ONLY)', key: key(), ca: true, pathLength: 1, keyUsage: KU_CA, ...validity })
  const platformCa = issue({ subject: 'sealkit simulated PCK Platform CA', issuer: root, key: key(), ca: true, pathLength: 0, keyUsage: KU_CA, ...validity })
  const pck = issue({
    subject: 'sealkit simulated PCK Certificate',
    issuer: platformCa,
    key: key(),
    ca: false,
    keyUsage: KU_SIGN,
    extra: [sgxExtension(hexToBytes(fmspc), pceSvn, sgxTcbComponents)],
    ...validity,
  })
  const tcbSigning = issue({ subject: 'sealkit simulated TCB Signing', issuer: root, key: key(), ca: false, keyUsage: KU_SIGN, ...validity })
  const pub = ({ der, pem, fingerprint, serialNumber }: Issued): SimulatedCertificate => ({ der, pem, fingerprint, serialNumber })
  return {
    root: pub(root),
    platformCa: pub(platformCa),
    pck: pub(pck),
    tcbSigning: pub(tcbSigning),
    fmspc,
    pceId: '0000',
    pceSvn,
    sgxTcbComponents,
    notBefore,
    notAfter,
    keys: { root: root.key, platformCa: platformCa.key, pck: pck.key, tcbSigning: tcbSigning.key, attestation: key() },
  }
}

let startupCa: SimulatedTdxCa | undefined

/** The CA generated when the simulator first needs one (once per process / page). */
export function getSimulatedTdxCa(): SimulatedTdxCa {
  startupCa ??= createSimulatedTdxCa()
  return startupCa
}

// ---------------------------------------------------------------------------
// The quote

/** TD report fields; hex strings or bytes. Omitted measurements are zero. */
export interface SimulatedTdReport {
  /** TEE_TCB_SVN, 16 bytes. */
  teeTcbSvn?: string | Uint8Array
  /** MRSEAM, 48 bytes. */
  mrSeam?: string | Uint8Array
  /** MRSIGNERSEAM, 48 bytes. */
  mrSignerSeam?: string | Uint8Array
  /** SEAMATTRIBUTES, 8 bytes. */
  seamAttributes?: string | Uint8Array
  /** Default `0000001000000000` (SEPT_VE_DISABLE, not debug), as production TDs. */
  tdAttributes?: string | Uint8Array
  /** Default `e702060000000000`, as in real captures. */
  xfam?: string | Uint8Array
  /** MRTD, 48 bytes. */
  mrTd?: string | Uint8Array
  /** MRCONFIGID, 48 bytes. */
  mrConfigId?: string | Uint8Array
  /** MROWNER, 48 bytes. */
  mrOwner?: string | Uint8Array
  /** MROWNERCONFIG, 48 bytes. */
  mrOwnerConfig?: string | Uint8Array
  /** RTMR0, 48 bytes. */
  rtmr0?: string | Uint8Array
  /** RTMR1, 48 bytes. */
  rtmr1?: string | Uint8Array
  /** RTMR2, 48 bytes. */
  rtmr2?: string | Uint8Array
  /** RTMR3, 48 bytes. */
  rtmr3?: string | Uint8Array
}

/** What {@link createSimulatedTdxQuote} signs. */
export interface SimulatedTdxQuoteInput {
  /** The 64 REPORTDATA bytes (bytes or 128 hex). */
  reportData: Uint8Array | string
  /** The TD report's measurements; omitted ones are zero. */
  measurements?: SimulatedTdReport
  /** Default: {@link getSimulatedTdxCa}. */
  ca?: SimulatedTdxCa
}

/** A simulated TDX quote and the CA that signed it. */
export interface SimulatedTdxQuote {
  /** The quote, lowercase hex (as real reports carry it). */
  quote: string
  /** The quote, bytes. */
  bytes: Uint8Array
  /** The test root to trust (and nothing else): DER, PEM, SHA-256 fingerprint. */
  root: SimulatedCertificate
  /** The CA hierarchy it chains to. */
  ca: SimulatedTdxCa
}

const DEFAULT_TEE_TCB_SVN = '06010300000000000000000000000000'
const QE_VENDOR_ID = '939a7233f79c4ca9940a0db3957f0607'
/** The simulated Quoting Enclave's identity (a real TD QE has ISVPRODID 2). */
export const SIMULATED_QE = {
  mrSigner: bytesToHex(sha256(utf8Encode('sealkit-simulator/qe-mrsigner'))),
  mrEnclave: bytesToHex(sha256(utf8Encode('sealkit-simulator/qe-mrenclave'))),
  isvProdId: 2,
  isvSvn: 4,
  attributes: '11000000000000000000000000000000',
} as const

const u16 = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff)
const u32 = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff)

function field(value: string | Uint8Array | undefined, size: number, what: string, fallback?: string): Uint8Array {
  const bytes = value === undefined ? (fallback ? hexToBytes(fallback) : new Uint8Array(size)) : typeof value === 'string' ? hexToBytes(value) : value
  if (bytes.length !== size) throw new TypeError(`${what} must be ${size} bytes, got ${bytes.length}`)
  return bytes
}

interface QeCertificationData {
  /** The attestation key, raw `X || Y`. */
  attestationKey: Uint8Array
  /** The QE report certification data: QE report, its signature, QE auth data, the PCK chain. */
  inner: Uint8Array
}

/** Per CA: none of it depends on the quote (only the quote signature does), so it is built and signed once per process. */
const qeCertificationCache = new WeakMap<SimulatedTdxCa, QeCertificationData>()

function qeCertificationData(ca: SimulatedTdxCa): QeCertificationData {
  const cached = qeCertificationCache.get(ca)
  if (cached) return cached
  const attestationKey = p256.getPublicKey(ca.keys.attestation, false).subarray(1)
  const qeAuthData = sha256(utf8Encode('sealkit-simulator/qe-auth-data'))
  // SGX report body of the QE; REPORTDATA = sha256(attestation key || QE auth data) || zeros.
  const qeReport = new Uint8Array(384)
  qeReport.set(hexToBytes(SIMULATED_QE.attributes), 48)
  qeReport.set(hexToBytes(SIMULATED_QE.mrEnclave), 64)
  qeReport.set(hexToBytes(SIMULATED_QE.mrSigner), 128)
  qeReport.set(u16(SIMULATED_QE.isvProdId), 256)
  qeReport.set(u16(SIMULATED_QE.isvSvn), 258)
  qeReport.set(sha256(concatBytes(attestationKey, qeAuthData)), 320)
  const qeReportSignature = p256.sign(sha256(qeReport), ca.keys.pck, { prehash: false })
  const chain = utf8Encode(ca.pck.pem + ca.platformCa.pem + ca.root.pem)
  const built = { attestationKey, inner: concatBytes(qeReport, qeReportSignature, u16(qeAuthData.length), qeAuthData, u16(5), u32(chain.length), chain) }
  qeCertificationCache.set(ca, built)
  return built
}

/** Builds a TDX v4 quote whose PCK chain ends at the simulator's test root. */
export function createSimulatedTdxQuote(input: SimulatedTdxQuoteInput): SimulatedTdxQuote {
  const ca = input.ca ?? getSimulatedTdxCa()
  const m = input.measurements ?? {}
  const header = concatBytes(u16(4), u16(2), u32(0x81), u16(0), u16(0), hexToBytes(QE_VENDOR_ID), sha256(utf8Encode('sealkit-simulator/user-data')).subarray(0, 20))
  const body = concatBytes(
    field(m.teeTcbSvn, 16, 'teeTcbSvn', DEFAULT_TEE_TCB_SVN),
    field(m.mrSeam, 48, 'mrSeam'),
    field(m.mrSignerSeam, 48, 'mrSignerSeam'),
    field(m.seamAttributes, 8, 'seamAttributes'),
    field(m.tdAttributes, 8, 'tdAttributes', '0000001000000000'),
    field(m.xfam, 8, 'xfam', 'e702060000000000'),
    field(m.mrTd, 48, 'mrTd'),
    field(m.mrConfigId, 48, 'mrConfigId'),
    field(m.mrOwner, 48, 'mrOwner'),
    field(m.mrOwnerConfig, 48, 'mrOwnerConfig'),
    field(m.rtmr0, 48, 'rtmr0'),
    field(m.rtmr1, 48, 'rtmr1'),
    field(m.rtmr2, 48, 'rtmr2'),
    field(m.rtmr3, 48, 'rtmr3'),
    field(input.reportData, 64, 'reportData'),
  )

  const { attestationKey, inner } = qeCertificationData(ca)
  const signed = concatBytes(header, body)
  const signature = p256.sign(sha256(signed), ca.keys.attestation, { prehash: false })
  const sigData = concatBytes(signature, attestationKey, u16(6), u32(inner.length), inner)
  const bytes = concatBytes(signed, u32(sigData.length), sigData)
  return { quote: bytesToHex(bytes), bytes, root: ca.root, ca }
}

// ---------------------------------------------------------------------------
// Simulated collateral (TCB info, QE identity, CRLs) under the same test root

/** Options of {@link createSimulatedTdxCollateral}. */
export interface SimulatedCollateralOptions {
  /** The CA hierarchy to sign under. Default: {@link getSimulatedTdxCa}. */
  ca?: SimulatedTdxCa
  /** issueDate / CRL thisUpdate. Default: one hour before now. */
  issuedAt?: Date
  /** nextUpdate. Default: 30 days after issuedAt. */
  nextUpdate?: Date
  /** The platform's TCB status and advisories. Default: UpToDate, none. */
  tcbStatus?: string
  /** Intel advisory ids to list. Default: none. */
  advisoryIds?: string[]
  /** Serial numbers (hex) the PCK CRL lists as revoked, e.g. `[ca.pck.serialNumber]`. */
  revokedPckSerials?: string[]
}

function crl(issuer: Issued, thisUpdate: Date, nextUpdate: Date, revoked: string[]): string {
  const tbsCertList = new TBSCertList({
    version: Version.v2,
    signature: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }),
    issuer: issuer.subject,
    thisUpdate: new Time(thisUpdate),
    nextUpdate: new Time(nextUpdate),
    ...(revoked.length
      ? { revokedCertificates: revoked.map((s) => new RevokedCertificate({ userCertificate: buffer(positiveInteger(hexToBytes(s))), revocationDate: new Time(thisUpdate) })) }
      : {}),
  })
  const tbs = new Uint8Array(AsnConvert.serialize(tbsCertList))
  const list = new CertificateList({ tbsCertList, signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }), signature: buffer(signDer(tbs, issuer.key)) })
  return bytesToHex(new Uint8Array(AsnConvert.serialize(list)))
}

/** Rebuilds the private view of a certificate for signing CRLs. */
function issued(cert: SimulatedCertificate, key: Uint8Array, cn: string): Issued {
  return { ...cert, key, publicKey: p256.getPublicKey(key, false), subject: name(cn) }
}

/**
 * Intel-shaped collateral for the simulated platform, signed under the test root:
 * `await verifyTdxQuote(quote, { trustedRoots: [ca.root.pem], collateral })` then evaluates
 * the TCB status, CRLs and freshness exactly as for Intel's.
 */
export function createSimulatedTdxCollateral(options: SimulatedCollateralOptions = {}): QuoteCollateral {
  const ca = options.ca ?? getSimulatedTdxCa()
  const issuedAt = options.issuedAt ?? new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000)
  const nextUpdate = options.nextUpdate ?? new Date(issuedAt.getTime() + 30 * 86_400_000)
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const tcbDate = '2025-01-01T00:00:00Z'
  const components = (svns: number[]) => svns.map((svn) => ({ svn }))
  const tdxSvns = hexToBytes(DEFAULT_TEE_TCB_SVN)
  const level = {
    tcb: { sgxtcbcomponents: components(ca.sgxTcbComponents), pcesvn: ca.pceSvn, tdxtcbcomponents: components([...tdxSvns]) },
    tcbDate,
    tcbStatus: options.tcbStatus ?? 'UpToDate',
    ...(options.advisoryIds?.length ? { advisoryIDs: options.advisoryIds } : {}),
  }
  const zeros48 = '0'.repeat(96)
  const tcbInfo = JSON.stringify({
    id: 'TDX',
    version: 3,
    issueDate: iso(issuedAt),
    nextUpdate: iso(nextUpdate),
    fmspc: ca.fmspc.toUpperCase(),
    pceId: ca.pceId,
    tcbType: 0,
    tcbEvaluationDataNumber: 1,
    tdxModule: { mrsigner: zeros48, attributes: '0000000000000000', attributesMask: 'FFFFFFFFFFFFFFFF' },
    tdxModuleIdentities: [
      {
        id: `TDX_${bytesToHex(tdxSvns.subarray(1, 2)).toUpperCase()}`,
        mrsigner: zeros48,
        attributes: '0000000000000000',
        attributesMask: 'FFFFFFFFFFFFFFFF',
        tcbLevels: [{ tcb: { isvsvn: tdxSvns[0]! }, tcbDate, tcbStatus: 'UpToDate' }],
      },
    ],
    tcbLevels: [level],
  })
  const qeIdentity = JSON.stringify({
    id: 'TD_QE',
    version: 2,
    issueDate: iso(issuedAt),
    nextUpdate: iso(nextUpdate),
    tcbEvaluationDataNumber: 1,
    miscselect: '00000000',
    miscselectMask: 'FFFFFFFF',
    attributes: SIMULATED_QE.attributes.toUpperCase(),
    attributesMask: 'FBFFFFFFFFFFFFFF0000000000000000',
    mrsigner: SIMULATED_QE.mrSigner.toUpperCase(),
    isvprodid: SIMULATED_QE.isvProdId,
    tcbLevels: [{ tcb: { isvsvn: SIMULATED_QE.isvSvn }, tcbDate, tcbStatus: 'UpToDate' }],
  })
  const rawSign = (text: string) => bytesToHex(p256.sign(sha256(utf8Encode(text)), ca.keys.tcbSigning, { prehash: false }))
  const root = issued(ca.root, ca.keys.root, 'sealkit simulated SGX Root CA (TEST ONLY)')
  const platform = issued(ca.platformCa, ca.keys.platformCa, 'sealkit simulated PCK Platform CA')
  const signingChain = ca.tcbSigning.pem + ca.root.pem
  return {
    tcb_info_issuer_chain: signingChain,
    tcb_info: tcbInfo,
    tcb_info_signature: rawSign(tcbInfo),
    qe_identity_issuer_chain: signingChain,
    qe_identity: qeIdentity,
    qe_identity_signature: rawSign(qeIdentity),
    pck_crl_issuer_chain: ca.platformCa.pem + ca.root.pem,
    root_ca_crl: crl(root, issuedAt, nextUpdate, []),
    pck_crl: crl(platform, issuedAt, nextUpdate, options.revokedPckSerials ?? []),
  }
}
