import { bytesEqual, bytesToHex, hexToBytes, utf8Encode } from '../../crypto/hex.ts'
import { fingerprintOf, namesMatch, type Certificate } from '../x509/certificate.ts'
import { verifyCertificateChain, type CertificateCache, type TrustedRoot } from '../x509/chain.ts'
import { CrlParseError, isRevoked, parseCrl, type Crl } from '../x509/crl.ts'
import { checkSignedBy, verifyEcdsa } from '../x509/signature.ts'
import { INTEL_SGX_ROOT_CA_FINGERPRINT } from './constants.ts'
import { INTEL_CERT_NAMES } from './pinned.ts'

/**
 * Intel's verification collateral for a quote, in the JSON shape of dcap-qvl's
 * `QuoteCollateralV3` (what `get_collateral` returns and what our fixtures store):
 * TCB info and QE identity as the exact signed JSON text with a hex `r || s`
 * signature and the PEM issuer chain, and the two CRLs as hex DER.
 *
 * Byte fields may also be `Uint8Array` or a number array (serde's `Vec<u8>`).
 *
 * @example
 * ```ts
 * const collateral = JSON.parse(await (await fetch('/intel-collateral.json')).text()) as QuoteCollateral
 * await verifyTdxQuote(quote, { collateral, at: new Date('2026-06-10T01:47:07Z') })
 * ```
 */
export interface QuoteCollateral {
  /** The PEM chain (leaf first) that signed `tcb_info`: Intel's TCB signing certificate and the root. */
  tcb_info_issuer_chain: string
  /** The `tcbInfo` object exactly as Intel signed it (JSON text). */
  tcb_info: string
  /** Intel's ECDSA P-256 signature over `tcb_info` (raw `r ‖ s`, hex when a string). */
  tcb_info_signature: Bytes
  /** The PEM chain that signed `qe_identity`. */
  qe_identity_issuer_chain: string
  /** The `enclaveIdentity` object exactly as Intel signed it (JSON text). */
  qe_identity: string
  /** Intel's ECDSA P-256 signature over `qe_identity` (raw `r ‖ s`, hex when a string). */
  qe_identity_signature: Bytes
  /** The PEM chain that signed the PCK CRL. */
  pck_crl_issuer_chain: string
  /** Intel SGX Root CA CRL, DER (hex when a string). */
  root_ca_crl: Bytes
  /** PCK Platform/Processor CA CRL, DER (hex when a string). */
  pck_crl: Bytes
}

export type Bytes = string | Uint8Array | readonly number[]

/** One TCB component's security version number, as Intel lists it. */
export interface TcbComponent {
  /** The security version number (SVN) the platform must reach. */
  svn: number
  /** What the component is, e.g. `'BIOS'`, `'SEAM'`; informational. */
  category?: string
  /** The component's type, as Intel lists it; informational. */
  type?: string
}

/** One TCB level of Intel's TCB info: the SVNs a platform must reach for `tcbStatus` to apply. */
export interface TcbLevel {
  /** The minimum SVNs of this level. */
  tcb: {
    /** The 16 SGX TCB component SVNs (compared with the PCK certificate's). */
    sgxtcbcomponents: TcbComponent[]
    /** The minimum PCE SVN. */
    pcesvn: number
    /** The 16 TDX TCB component SVNs (compared with the quote's TEE_TCB_SVN). */
    tdxtcbcomponents?: TcbComponent[]
  }
  /** The date of this level (ISO); the TCB date of a platform that matches it. */
  tcbDate: string
  /** The status a matching platform gets: `UpToDate`, `SWHardeningNeeded`, `OutOfDate`, `Revoked`... */
  tcbStatus: string
  /** Intel advisories that apply at this level, e.g. `'INTEL-SA-00837'`. */
  advisoryIDs?: string[]
}

/** One TCB level of an enclave identified by its ISV SVN (a TDX module identity or the quoting enclave). */
export interface IsvTcbLevel {
  /** The minimum security version of this level. */
  tcb: {
    /** The ISV SVN. */
    isvsvn: number
  }
  /** The date of this level (ISO). */
  tcbDate: string
  /** The status a match gets, e.g. `'UpToDate'`. */
  tcbStatus: string
  /** Intel advisories that apply at this level. */
  advisoryIDs?: string[]
}

/**
 * One TDX module identity from Intel's TCB info: which SEAM module signer and attributes are genuine, and its TCB
 * levels.
 */
export interface TdxModuleIdentity {
  /** The identity's id, e.g. `'TDX_03'`. */
  id: string
  /** The TDX module signer (MRSIGNERSEAM), hex. */
  mrsigner: string
  /** The expected SEAM attributes, hex. */
  attributes: string
  /** Which bits of the SEAM attributes are compared, hex. */
  attributesMask: string
  /** The module's TCB levels by ISV SVN, newest first. */
  tcbLevels: IsvTcbLevel[]
}

/** Intel TCB info v3 (`id: "TDX"`). */
export interface TcbInfo {
  /** Always `'TDX'`. */
  id: string
  /** The TCB info format version (3). */
  version: number
  /** When Intel issued it (ISO). */
  issueDate: string
  /** When Intel will issue the next one (ISO): the collateral counts as stale after it. */
  nextUpdate: string
  /** The platform family it applies to, 6 bytes hex. */
  fmspc: string
  /** The PCE id, 2 bytes hex. */
  pceId: string
  /** The TCB type (0). */
  tcbType: number
  /** Intel's TCB evaluation data number: higher means newer. */
  tcbEvaluationDataNumber: number
  /** The TDX module's expected signer and attributes (older TCB info versions). */
  tdxModule?: {
    /** The TDX module signer, hex. */
    mrsigner: string
    /** The expected SEAM attributes, hex. */
    attributes: string
    /** Which attribute bits are compared, hex. */
    attributesMask: string
  }
  /** The TDX module identities, each with its TCB levels. */
  tdxModuleIdentities?: TdxModuleIdentity[]
  /** The platform TCB levels, newest first. */
  tcbLevels: TcbLevel[]
}

/** Intel enclave identity v2 of the TD quoting enclave (`id: "TD_QE"`). */
export interface QeIdentity {
  /** Always `'TD_QE'`. */
  id: string
  /** The format version (2). */
  version: number
  /** When Intel issued it (ISO). */
  issueDate: string
  /** When Intel will issue the next one (ISO). */
  nextUpdate: string
  /** Intel's TCB evaluation data number: higher means newer. */
  tcbEvaluationDataNumber: number
  /** The expected MISCSELECT, hex. */
  miscselect: string
  /** Which MISCSELECT bits are compared, hex. */
  miscselectMask: string
  /** The expected attributes, hex. */
  attributes: string
  /** Which attribute bits are compared, hex. */
  attributesMask: string
  /** The quoting enclave's expected signer (MRSIGNER), hex. */
  mrsigner: string
  /** The quoting enclave's expected product id. */
  isvprodid: number
  /** The quoting enclave's TCB levels by ISV SVN, newest first. */
  tcbLevels: IsvTcbLevel[]
}

/** One verified piece of collateral: its outcome and what a person can re-check. */
export interface CollateralPart<T> {
  /** True when this part verified (signature, chain, freshness). */
  ok: boolean
  /** Why it passed or failed, in plain words. */
  detail: string
  /** Values a person can re-check (hashes, dates, serials). */
  evidence: Record<string, string>
  /** The verified value; `undefined` when it did not verify. */
  value?: T
}

/** Intel collateral after verification, one part per piece. */
export interface VerifiedCollateral {
  /** The TCB info, with Intel's signature checked. */
  tcbInfo: CollateralPart<TcbInfo>
  /** The quoting enclave identity, with Intel's signature checked. */
  qeIdentity: CollateralPart<QeIdentity>
  /** The root CA CRL and the PCK CRL, with their signatures checked. */
  crl: CollateralPart<{
    /** Intel SGX Root CA's CRL. */
    rootCrl: Crl
    /** The PCK CA's CRL. */
    pckCrl: Crl
  }>
  /** Whether every piece is still within its `nextUpdate`; `value.expiresAt` is the earliest. */
  freshness: CollateralPart<{
    /** The earliest `nextUpdate` of the pieces. */
    expiresAt: Date
  }>
}

/** What verifying collateral needs besides the collateral itself. */
export interface CollateralContext {
  /** Roots the collateral's issuer chains must end at (Intel SGX Root CA by default). */
  trustedRoots: readonly TrustedRoot[]
  /** The time to verify at (certificate validity, `nextUpdate`). */
  at: Date
  /** Certificate signature cache; `null` disables it. */
  cache?: CertificateCache | null
  /** The PCK chain of the quote (leaf first), to check it against the CRLs. */
  pckChain: Certificate[]
}

/** Bytes from hex / Uint8Array / number[]; throws on bad hex. */
export function collateralBytes(value: Bytes, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value
  if (Array.isArray(value)) return Uint8Array.from(value as number[])
  if (typeof value === 'string') {
    try {
      return hexToBytes(value.trim())
    } catch {
      throw new Error(`${what} is not hex`)
    }
  }
  throw new Error(`${what} is missing`)
}

/**
 * Checks every piece of collateral: issuer chains to a trusted root at `at`,
 * ECDSA signatures over the exact JSON text, CRL signatures and issuers, that no
 * certificate in use is revoked, and that nothing has passed its `nextUpdate`.
 * Never throws: each part reports its own failure. The three parts (and their
 * signature checks) run concurrently.
 */
export async function verifyCollateral(collateral: QuoteCollateral, ctx: CollateralContext): Promise<VerifiedCollateral> {
  const tcbInfoPart = verifySignedJson<TcbInfo>(collateral.tcb_info, collateral.tcb_info_signature, collateral.tcb_info_issuer_chain, 'TCB info', ctx)
  const qeIdentityPart = verifySignedJson<QeIdentity>(collateral.qe_identity, collateral.qe_identity_signature, collateral.qe_identity_issuer_chain, 'QE identity', ctx)
  // The CRL part needs the two signers only for its revocation step. If a part rejects,
  // Promise.all below rejects with it and the CRL result is dropped.
  const signers = Promise.all([tcbInfoPart, qeIdentityPart]).then(
    ([t, q]) => [t.signer, q.signer],
    () => [undefined, undefined],
  )
  const [tcbInfo, qeIdentity, crl] = await Promise.all([tcbInfoPart, qeIdentityPart, verifyCrls(collateral, ctx, signers)])
  if (tcbInfo.value && (tcbInfo.value.id !== 'TDX' || tcbInfo.value.version < 3)) {
    tcbInfo.ok = false
    tcbInfo.detail = `TCB info is for ${JSON.stringify(tcbInfo.value.id)} version ${tcbInfo.value.version}; a TDX quote needs id "TDX", version 3`
  }
  if (qeIdentity.value && qeIdentity.value.id !== 'TD_QE') {
    qeIdentity.ok = false
    qeIdentity.detail = `QE identity is for ${JSON.stringify(qeIdentity.value.id)}; a TDX quote needs "TD_QE"`
  }
  return { tcbInfo: strip(tcbInfo), qeIdentity: strip(qeIdentity), crl, freshness: freshness(tcbInfo.value, qeIdentity.value, crl.value, ctx.at) }
}

function strip<T>(part: CollateralPart<T> & { signer?: Certificate }): CollateralPart<T> {
  const { signer: _signer, ...rest } = part
  return rest
}

async function verifySignedJson<T>(json: string, signature: Bytes, chainPem: string, what: string, ctx: CollateralContext): Promise<CollateralPart<T> & { signer?: Certificate }> {
  const evidence: Record<string, string> = {}
  if (typeof json !== 'string' || typeof chainPem !== 'string') return { ok: false, detail: `${what} or its issuer chain is missing from the collateral`, evidence }
  const chain = await verifyCertificateChain(chainPem, { trustedRoots: ctx.trustedRoots, at: ctx.at, cache: ctx.cache, leafKeyUsage: ['digitalSignature'] })
  if (!chain.ok) return { ok: false, detail: `${what} issuer chain: ${chain.error}`, evidence }
  const signer = chain.leaf
  evidence.signer = signer.subject.text
  // Under Intel's root, only Intel's TCB signing certificate may sign TCB info and QE identity.
  if (chain.root.fingerprint === INTEL_SGX_ROOT_CA_FINGERPRINT && signer.subject.commonName !== INTEL_CERT_NAMES.tcbSigning) {
    return { ok: false, detail: `${what} is signed by ${JSON.stringify(signer.subject.commonName ?? signer.subject.text)}, not by ${JSON.stringify(INTEL_CERT_NAMES.tcbSigning)}`, evidence }
  }
  evidence.signerFingerprint = signer.fingerprint
  evidence.root = chain.root.fingerprint
  let sig: Uint8Array
  try {
    sig = collateralBytes(signature, `${what} signature`)
  } catch (e) {
    return { ok: false, detail: (e as Error).message, evidence, signer }
  }
  evidence.signature = bytesToHex(sig)
  if (signer.publicKey.curve !== 'P-256' || sig.length !== 64) return { ok: false, detail: `${what} signature must be a 64-byte P-256 r || s`, evidence, signer }
  // Intel signs the exact bytes of the JSON object text: never re-serialise it.
  const message = utf8Encode(json)
  const verify = () => verifyEcdsa({ curve: 'P-256', hash: 'SHA-256', publicKey: signer.publicKey.bytes, message, signature: sig })
  const ok = await (ctx.cache ? ctx.cache.memo(`json:${fingerprintOf(message)}:${evidence.signature}:${signer.fingerprint}`, verify) : verify())
  if (!ok) {
    return { ok: false, detail: `${what} signature does not verify with ${JSON.stringify(signer.subject.commonName)}`, evidence, signer }
  }
  let value: T
  try {
    value = JSON.parse(json) as T
  } catch {
    return { ok: false, detail: `${what} is signed but is not valid JSON`, evidence, signer }
  }
  const v = value as { issueDate?: string; nextUpdate?: string; tcbEvaluationDataNumber?: number }
  if (v.issueDate) evidence.issueDate = v.issueDate
  if (v.nextUpdate) evidence.nextUpdate = v.nextUpdate
  if (v.tcbEvaluationDataNumber !== undefined) evidence.tcbEvaluationDataNumber = String(v.tcbEvaluationDataNumber)
  return { ok: true, detail: `${what} is signed by ${JSON.stringify(signer.subject.commonName)}, which chains to the trusted root`, evidence, value, signer }
}

async function verifyCrls(
  collateral: QuoteCollateral,
  ctx: CollateralContext,
  signersPending: Promise<Array<Certificate | undefined>>,
): Promise<CollateralPart<{ rootCrl: Crl; pckCrl: Crl }>> {
  const evidence: Record<string, string> = {}
  const fail = (detail: string): CollateralPart<{ rootCrl: Crl; pckCrl: Crl }> => ({ ok: false, detail, evidence })
  let rootCrl: Crl
  let pckCrl: Crl
  try {
    const parse = (input: Uint8Array | string) => (ctx.cache ? ctx.cache.parseCrl(input) : parseCrl(input))
    rootCrl = parse(collateralBytes(collateral.root_ca_crl, 'root CA CRL'))
    pckCrl = parse(collateralBytes(collateral.pck_crl, 'PCK CRL'))
  } catch (e) {
    return fail(e instanceof CrlParseError ? e.message : (e as Error).message)
  }
  if (typeof collateral.pck_crl_issuer_chain !== 'string') return fail('the PCK CRL issuer chain is missing from the collateral')
  const issuerChain = await verifyCertificateChain(collateral.pck_crl_issuer_chain, { trustedRoots: ctx.trustedRoots, at: ctx.at, cache: ctx.cache, leafKeyUsage: ['cRLSign'] })
  if (!issuerChain.ok) return fail(`PCK CRL issuer chain: ${issuerChain.error}`)
  const root = issuerChain.root
  const pckCrlSigner = issuerChain.leaf
  evidence.rootCrlThisUpdate = rootCrl.thisUpdate.toISOString()
  if (rootCrl.nextUpdate) evidence.rootCrlNextUpdate = rootCrl.nextUpdate.toISOString()
  evidence.pckCrlIssuer = pckCrl.issuer.text
  evidence.pckCrlThisUpdate = pckCrl.thisUpdate.toISOString()
  if (pckCrl.nextUpdate) evidence.pckCrlNextUpdate = pckCrl.nextUpdate.toISOString()
  evidence.pckCrlRevokedCount = String(pckCrl.revokedSerials.size)

  if (!namesMatch(rootCrl.issuer, root.subject)) return fail(`the root CA CRL is issued by ${rootCrl.issuer.text}, not by the trusted root`)
  const crlSignedBy = (crl: Crl, issuer: Certificate): Promise<string | undefined> =>
    ctx.cache ? ctx.cache.memo(`crl:${fingerprintOf(crl.der)}:${issuer.fingerprint}`, () => checkSignedBy(crl, issuer)) : checkSignedBy(crl, issuer)
  // Both CRL signatures are checked concurrently, and reported in order.
  const pckNamesMatch = namesMatch(pckCrl.issuer, pckCrlSigner.subject)
  const rootPending = crlSignedBy(rootCrl, root)
  const pckPending = pckNamesMatch ? crlSignedBy(pckCrl, pckCrlSigner) : undefined
  const rootErr = await rootPending
  if (rootErr) return fail(`root CA CRL: ${rootErr}`)
  if (!pckPending) return fail(`the PCK CRL is issued by ${pckCrl.issuer.text}, but its issuer chain is for ${pckCrlSigner.subject.text}`)
  const pckErr = await pckPending
  if (pckErr) return fail(`PCK CRL: ${pckErr}`)
  const signers = await signersPending

  // The PCK CRL must be the one of the CA that issued this quote's PCK certificate.
  const [pck, pckIssuer] = ctx.pckChain
  if (pck) {
    evidence.pckSerial = pck.serialNumber
    const sameCa = namesMatch(pck.issuer, pckCrl.issuer) && (!pckIssuer || bytesEqual(pckIssuer.publicKey.bytes, pckCrlSigner.publicKey.bytes))
    if (!sameCa) return fail(`the PCK CRL (${pckCrl.issuer.text}) is not from the CA that issued the PCK certificate (${pck.issuer.text})`)
    if (isRevoked(pckCrl, pck)) return fail(`the PCK certificate (serial ${pck.serialNumber}) is revoked`)
  }
  // Intermediates under the root: the PCK CA, the CRL signer, the TCB and QE identity signers.
  const intermediates = [...ctx.pckChain.slice(1), pckCrlSigner, ...signers].filter((c): c is Certificate => !!c && c.fingerprint !== root.fingerprint)
  for (const c of intermediates) {
    if (namesMatch(c.issuer, rootCrl.issuer) && isRevoked(rootCrl, c)) return fail(`${JSON.stringify(c.subject.commonName)} (serial ${c.serialNumber}) is revoked by the root CA CRL`)
  }
  return {
    ok: true,
    detail: `Root CA CRL and ${JSON.stringify(pckCrl.issuer.commonName)} CRL are signed by their issuers; no certificate in use is revoked`,
    evidence,
    value: { rootCrl, pckCrl },
  }
}

function freshness(tcbInfo: TcbInfo | undefined, qeIdentity: QeIdentity | undefined, crls: { rootCrl: Crl; pckCrl: Crl } | undefined, at: Date): CollateralPart<{ expiresAt: Date }> {
  const evidence: Record<string, string> = { at: at.toISOString() }
  const windows: Array<{ what: string; from?: Date; until?: Date }> = []
  if (tcbInfo) windows.push({ what: 'TCB info', from: new Date(tcbInfo.issueDate), until: new Date(tcbInfo.nextUpdate) })
  if (qeIdentity) windows.push({ what: 'QE identity', from: new Date(qeIdentity.issueDate), until: new Date(qeIdentity.nextUpdate) })
  if (crls) {
    windows.push({ what: 'root CA CRL', from: crls.rootCrl.thisUpdate, ...(crls.rootCrl.nextUpdate ? { until: crls.rootCrl.nextUpdate } : {}) })
    windows.push({ what: 'PCK CRL', from: crls.pckCrl.thisUpdate, ...(crls.pckCrl.nextUpdate ? { until: crls.pckCrl.nextUpdate } : {}) })
  }
  if (windows.length === 0) return { ok: false, detail: 'no collateral could be read', evidence }
  const problems: string[] = []
  let expiresAt: Date | undefined
  for (const w of windows) {
    if (w.until) evidence[`${w.what} nextUpdate`] = w.until.toISOString()
    if (w.from && (isNaN(w.from.getTime()) || w.from.getTime() > at.getTime())) problems.push(`${w.what} is issued after the verification time (${isNaN(w.from.getTime()) ? "invalid date" : w.from.toISOString()})`)
    if (w.until && (isNaN(w.until.getTime()) || w.until.getTime() < at.getTime())) problems.push(`${w.what} expired at ${isNaN(w.until.getTime()) ? 'an invalid date' : w.until.toISOString()}`)
    if (w.until && (!expiresAt || w.until < expiresAt)) expiresAt = w.until
  }
  if (problems.length) return { ok: false, detail: `Collateral is not current at ${at.toISOString()}: ${problems.join('; ')}`, evidence }
  return {
    ok: true,
    detail: `All collateral is current at ${at.toISOString()}${expiresAt ? `; the earliest nextUpdate is ${expiresAt.toISOString()}` : ''}`,
    evidence,
    ...(expiresAt ? { value: { expiresAt } } : {}),
  }
}
