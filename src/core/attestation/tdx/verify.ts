import { AttestationError, isSealkitError, type SealkitErrorCode } from '../../errors.ts'
import type { Check, TdxSummary } from '../report.ts'
import { defaultCertificateCache, type CertificateCache, type TrustedRoot } from '../x509/chain.ts'
import { verifyCollateral, type QuoteCollateral } from './collateral.ts'
import { INTEL_SGX_ROOT_CA_FINGERPRINT } from './constants.ts'
import { checkPinnedPckNames, checkPinnedPckOids, checkPinnedQe, checkPinnedTdxModule } from './pinned.ts'
import { collateralFetchError, isPccsSource, pccsCollateralLoader, type CollateralLoader, type PccsSource } from './pccs.ts'
import { checkRtmrReplay } from './event-log.ts'
import { checkMeasurementPolicy, checkMrConfigId, composeHashOf, type MeasurementPolicy } from './measurements.ts'
import { parseTdxQuote, type QuoteInput, type TdxQuote } from './quote.ts'
import { checkReportData, type ExpectedReportData } from './report-data.ts'
import { checkPckChain, checkQeReportData, checkQeReportSignature, checkQuoteSignature } from './signatures.ts'
import { evaluateTdxTcb, qeIdentityMismatch, type TcbEvaluation, type TcbStatus } from './tcb.ts'
import { checkDebug, checkTdAttributes, type TdPolicyOptions } from './td-policy.ts'

/**
 * Verifies an Intel TDX quote offline and says what was checked, as data: a list of
 * Checks (passed / failed / skipped, with a reason and evidence), a summary of the TD,
 * and whether it chains to a simulator root rather than Intel's.
 *
 * Check ids, in order: `tdx.quote.parse`, `tdx.quote.signature`, `tdx.qe.reportdata`,
 * `tdx.qe.signature`, `tdx.pck.chain`, `tdx.pinned.qe`, `tdx.pinned.pck`, `tdx.pinned.oids`,
 * `tdx.pinned.module`, `tdx.collateral.tcbinfo`,
 * `tdx.collateral.qeidentity`, `tdx.collateral.crl`, `tdx.collateral.freshness`,
 * `tdx.tcb.status`, `tdx.debug`, `tdx.attributes`, `tdx.reportdata`,
 * `tdx.mrconfigid`, `tdx.rtmr.replay`, `tdx.measurements`.
 * Collateral checks are skipped without `collateral`; report data, MRCONFIGID, RTMR
 * and allowlist checks are skipped without the inputs they need.
 *
 * Async: every signature check runs natively (WebCrypto) where available, and the
 * independent ones (quote, QE report, PCK chain, collateral) run concurrently.
 *
 * Never rejects for bad input: a quote that cannot be parsed yields a failed
 * `tdx.quote.parse` check and `error.code === 'TDX_QUOTE_INVALID'`.
 *
 * @example
 * ```ts
 * const result = await verifyTdxQuote(report.intel_quote, {
 *   at: new Date(),
 *   collateral,                                              // optional, see fetchTdxCollateral
 *   expectedReportData: { signer: report.signing_address, nonce },
 *   appCompose: report.info.tcb_info.app_compose,
 *   eventLog: report.event_log,
 * })
 * if (!result.ok) throw result.error                         // e.g. code 'TDX_DEBUG_ENCLAVE'
 * result.tdx?.tcbStatus                                      // 'UpToDate'
 * ```
 */

/**
 * Collateral as given: the documents themselves (object or JSON text, one or several), a
 * PCCS to fetch them from (`{ pccsUrl }`, cached per FMSPC), or a loader function. When a
 * source is configured the collateral checks always run: a failed fetch fails them.
 */
export type CollateralInput = QuoteCollateral | string | readonly (QuoteCollateral | string)[] | PccsSource | CollateralLoader

export interface VerifyTdxQuoteOptions extends TdPolicyOptions, MeasurementPolicy {
  /** Verification time (certificate validity, collateral freshness). Default: now. */
  at?: Date
  /**
   * Intel collateral (dcap-qvl QuoteCollateralV3 shape, object or JSON text). Without it TCB
   * checks are skipped. Several: the one whose TCB info is for the quote's FMSPC is used.
   */
  collateral?: CollateralInput
  /**
   * Trust anchors; default: Intel's SGX Root CA only. Replaces the default, so pass
   * `[INTEL_SGX_ROOT_CA_FINGERPRINT, simulatorRoot]` to accept both.
   */
  trustedRoots?: readonly TrustedRoot[]
  /** The 64 REPORTDATA bytes, or the signer + nonce (+ TLS fingerprint) they are built from. */
  expectedReportData?: ExpectedReportData
  /** dstack app_compose text, for MRCONFIGID. */
  appCompose?: string
  /** The compose hash the report claims; checked against appCompose and MRCONFIGID. */
  composeHash?: string
  /** The event log (array, or JSON string), for RTMR replay. */
  eventLog?: unknown
  /** TCB statuses that pass `tdx.tcb.status`. Default: UpToDate, SWHardeningNeeded. */
  acceptedTcbStatuses?: readonly TcbStatus[]
  /** Certificate signature cache; default the shared one, `null` to disable. */
  cache?: CertificateCache | null
}

export interface TdxVerification {
  /** True when no check failed (skipped checks do not fail it). */
  ok: boolean
  /** The parsed quote; undefined when it could not be parsed. */
  quote?: TdxQuote
  /** Every TDX check, in the order they ran. */
  checks: Check[]
  /** The quote's measurements, for the report. */
  tdx?: TdxSummary
  /** True when the PCK chain ends at a trusted root that is not Intel's SGX Root CA (a simulator). */
  simulated: boolean
  /** TCB evaluation when collateral was given. */
  tcb?: TcbEvaluation
  /** The most significant failure as a typed error, when `ok` is false. */
  error?: AttestationError
  /** ISO time the verification ran at (or the `at` it was given). */
  verifiedAt: string
}

const DEFAULT_ACCEPTED: readonly TcbStatus[] = ['UpToDate', 'SWHardeningNeeded']

/** Which error code a failed check maps to, and its precedence (lower wins). */
const FAILURE_CODES: Array<[string, SealkitErrorCode]> = [
  ['tdx.quote.parse', 'TDX_QUOTE_INVALID'],
  ['tdx.debug', 'TDX_DEBUG_ENCLAVE'],
  ['tdx.quote.signature', 'ATTESTATION_FAILED'],
  ['tdx.qe.reportdata', 'ATTESTATION_FAILED'],
  ['tdx.qe.signature', 'ATTESTATION_FAILED'],
  ['tdx.pck.chain', 'ATTESTATION_FAILED'],
  ['tdx.reportdata', 'ATTESTATION_REPORT_DATA_MISMATCH'],
  ['tdx.collateral.tcbinfo', 'ATTESTATION_FAILED'],
  ['tdx.collateral.qeidentity', 'ATTESTATION_FAILED'],
  ['tdx.collateral.crl', 'ATTESTATION_FAILED'],
  ['tdx.collateral.freshness', 'ATTESTATION_FAILED'],
  ['tdx.mrconfigid', 'ATTESTATION_FAILED'],
  ['tdx.rtmr.replay', 'ATTESTATION_FAILED'],
  ['tdx.tcb.status', 'ATTESTATION_POLICY_FAILED'],
  ['tdx.attributes', 'ATTESTATION_POLICY_FAILED'],
  ['tdx.measurements', 'ATTESTATION_POLICY_FAILED'],
]

export async function verifyTdxQuote(input: QuoteInput, options: VerifyTdxQuoteOptions = {}): Promise<TdxVerification> {
  const at = options.at ?? new Date()
  const trustedRoots = options.trustedRoots ?? [INTEL_SGX_ROOT_CA_FINGERPRINT]
  const cache = options.cache === undefined ? defaultCertificateCache : options.cache
  const checks: Check[] = []
  const verifiedAt = at.toISOString()

  let quote: TdxQuote
  try {
    quote = parseTdxQuote(input, { cache })
  } catch (e) {
    const message = isSealkitError(e) ? e.message : `TDX quote is malformed: ${(e as Error).message}`
    checks.push({ id: 'tdx.quote.parse', label: 'TDX quote', status: 'failed', detail: message })
    return finish({ checks, simulated: false, verifiedAt })
  }
  checks.push({
    id: 'tdx.quote.parse',
    label: 'TDX quote',
    status: 'passed',
    detail: `TDX quote v${quote.version} (${quote.bodyType === 3 ? 'TDX 1.5' : 'TDX 1.0'} TD report), ${quote.length} bytes${quote.trailingBytes ? ` + ${quote.trailingBytes} trailing bytes ignored` : ''}.`,
    evidence: {
      version: String(quote.version),
      bodyType: String(quote.bodyType),
      qeVendorId: quote.header.qeVendorId,
      ...(quote.pck ? { fmspc: quote.pck.fmspc, pceId: quote.pck.pceId, pceSvn: String(quote.pck.pceSvn) } : {}),
    },
  })

  // The signature checks and the collateral are independent: run them all at once.
  const collateral: Check[] = []
  const [quoteSignature, qeSignature, pck, tcb] = await Promise.all([
    checkQuoteSignature(quote),
    checkQeReportSignature(quote, cache),
    checkPckChain(quote, { trustedRoots, at, cache }),
    collateralChecks(quote, options, { trustedRoots, at, cache }, collateral).catch((e: unknown) => {
      // Signed-but-malformed collateral (a hand-made or simulated document) must not crash verification.
      collateral.splice(0)
      for (const [id, label] of COLLATERAL_CHECKS) collateral.push({ id, label, status: 'failed', detail: `The collateral is malformed: ${(e as Error).message}.` })
      return undefined
    }),
  ])
  checks.push(quoteSignature, checkQeReportData(quote), qeSignature, pck.check)
  const simulated = !!pck.chain?.ok && pck.chain.root.fingerprint !== INTEL_SGX_ROOT_CA_FINGERPRINT
  if (simulated) pck.check.detail += ' The root is NOT Intel\'s SGX Root CA: this is a simulated quote.'
  checks.push(checkPinnedQe(quote, { simulated }), checkPinnedPckNames(quote, { simulated }), checkPinnedPckOids(quote, { simulated }), checkPinnedTdxModule(quote, { simulated }))
  checks.push(...collateral)

  checks.push(checkDebug(quote.body, options), checkTdAttributes(quote.body, options))
  checks.push(checkReportData(quote.body.reportData, options.expectedReportData))
  checks.push(checkMrConfigId(quote.body, { appCompose: options.appCompose, composeHash: options.composeHash, eventLog: options.eventLog }))
  checks.push(checkRtmrReplay(quote.body, options.eventLog))
  const composeHash = options.appCompose !== undefined ? composeHashOf(options.appCompose) : options.composeHash
  checks.push(checkMeasurementPolicy(quote.body, options, composeHash))

  const tdx: TdxSummary = {
    version: quote.version,
    mrtd: quote.body.mrTd,
    rtmr0: quote.body.rtmr0,
    rtmr1: quote.body.rtmr1,
    rtmr2: quote.body.rtmr2,
    rtmr3: quote.body.rtmr3,
    reportData: quote.body.reportData,
    tdAttributes: quote.body.tdAttributes,
    debug: quote.debug,
    xfam: quote.body.xfam,
    mrConfigId: quote.body.mrConfigId,
    mrSeam: quote.body.mrSeam,
    teeTcbSvn: quote.body.teeTcbSvn,
    ...(quote.pck ? { fmspc: quote.pck.fmspc, pceSvn: quote.pck.pceSvn } : {}),
    ...(pck.chain?.ok ? { pckRoot: pck.chain.root.fingerprint } : {}),
    ...(tcb ? { tcbStatus: tcb.status, advisoryIds: tcb.advisoryIds } : {}),
  }
  return finish({ quote, checks, tdx, simulated, verifiedAt, ...(tcb ? { tcb } : {}) })
}

function finish(result: Omit<TdxVerification, 'ok' | 'error'>): TdxVerification {
  const failed = result.checks.filter((c) => c.status === 'failed')
  if (failed.length === 0) return { ok: true, ...result }
  const ranked = FAILURE_CODES.find(([id]) => failed.some((c) => c.id === id))
  const first = ranked ? failed.find((c) => c.id === ranked[0])! : failed[0]!
  const code = ranked?.[1] ?? 'ATTESTATION_FAILED'
  const error = new AttestationError(code, { message: first.detail, details: { check: first.id, failed: failed.map((c) => c.id) } })
  return { ok: false, ...result, error }
}

/**
 * Throws the result's error when verification failed; returns the result otherwise.
 * @example const { tdx } = assertTdxVerified(await verifyTdxQuote(quote, options))
 */
export function assertTdxVerified(result: TdxVerification): TdxVerification {
  if (!result.ok) throw result.error ?? new AttestationError('ATTESTATION_FAILED')
  return result
}

const COLLATERAL_CHECKS = [
  ['tdx.collateral.tcbinfo', 'Intel TCB info'],
  ['tdx.collateral.qeidentity', 'Intel QE identity'],
  ['tdx.collateral.crl', 'Certificate revocation'],
  ['tdx.collateral.freshness', 'Collateral is current'],
  ['tdx.tcb.status', 'Platform TCB status'],
] as const
type CollateralCheckId = (typeof COLLATERAL_CHECKS)[number][0]

/** The collateral for this quote: the only one given, or among several the one whose TCB info names the quote's FMSPC (else the first). Throws on JSON that does not parse. */
function collateralFor(quote: TdxQuote, given: VerifyTdxQuoteOptions['collateral']): QuoteCollateral | undefined {
  const list = (Array.isArray(given) ? given : given === undefined ? [] : [given]) as (QuoteCollateral | string)[]
  const parsed = list.map((c) => (typeof c === 'string' ? (JSON.parse(c) as QuoteCollateral) : c))
  if (parsed.length <= 1) return parsed[0]
  const fmspc = quote.pck?.fmspc.toLowerCase()
  const fmspcOf = (c: QuoteCollateral): string | undefined => {
    try {
      const info = JSON.parse(c.tcb_info) as { fmspc?: unknown } | undefined
      return typeof info?.fmspc === 'string' ? info.fmspc.toLowerCase() : undefined
    } catch {
      return undefined
    }
  }
  return parsed.find((c) => fmspc !== undefined && fmspcOf(c) === fmspc) ?? parsed[0]
}

async function collateralChecks(
  quote: TdxQuote,
  options: VerifyTdxQuoteOptions,
  ctx: { trustedRoots: readonly TrustedRoot[]; at: Date; cache: CertificateCache | null },
  checks: Check[],
): Promise<TcbEvaluation | undefined> {
  const labels = Object.fromEntries(COLLATERAL_CHECKS) as Record<CollateralCheckId, string>
  const ids = COLLATERAL_CHECKS.map(([id]) => id)
  let collateral: QuoteCollateral | undefined
  const source = options.collateral
  if (typeof source === 'function' || isPccsSource(source)) {
    try {
      collateral = await (typeof source === 'function' ? source : pccsCollateralLoader(source))(quote)
    } catch (e) {
      const detail = `Intel collateral could not be fetched${isPccsSource(source) ? ` from ${source.pccsUrl}` : ''} (${collateralFetchError(e)}): TCB status, revocation and freshness are unknown.`
      for (const id of ids) checks.push({ id, label: labels[id], status: 'failed', detail })
      return undefined
    }
  }
  try {
    collateral ??= collateralFor(quote, source as Exclude<CollateralInput, PccsSource | CollateralLoader>)
  } catch {
    for (const id of ids) checks.push({ id, label: labels[id], status: 'failed', detail: 'The collateral is not valid JSON.' })
    return undefined
  }
  if (!collateral || typeof collateral !== 'object') {
    for (const id of ids) {
      checks.push({ id, label: labels[id], status: 'skipped', detail: 'No Intel collateral was supplied (offline verification): TCB status, revocation and freshness are unknown.' })
    }
    return undefined
  }

  const v = await verifyCollateral(collateral, { ...ctx, pckChain: quote.pckChain })
  checks.push({ id: 'tdx.collateral.tcbinfo', label: labels['tdx.collateral.tcbinfo'], status: v.tcbInfo.ok ? 'passed' : 'failed', detail: `${v.tcbInfo.detail}.`, evidence: v.tcbInfo.evidence })

  // The QE identity must be signed and must describe the QE that signed this quote.
  let qeOk = v.qeIdentity.ok
  let qeDetail = `${v.qeIdentity.detail}.`
  if (qeOk && v.qeIdentity.value) {
    const mismatch = qeIdentityMismatch(quote.signature.qeReport, v.qeIdentity.value)
    if (mismatch) {
      qeOk = false
      qeDetail = `The quoting enclave is not the one Intel's QE identity describes: ${mismatch}.`
    } else qeDetail = `${v.qeIdentity.detail}; the QE report matches it (MRSIGNER, ISVPRODID, attributes).`
  }
  checks.push({
    id: 'tdx.collateral.qeidentity',
    label: labels['tdx.collateral.qeidentity'],
    status: qeOk ? 'passed' : 'failed',
    detail: qeDetail,
    evidence: { ...v.qeIdentity.evidence, qeMrSigner: quote.signature.qeReport.mrSigner, qeIsvSvn: String(quote.signature.qeReport.isvSvn) },
  })
  checks.push({ id: 'tdx.collateral.crl', label: labels['tdx.collateral.crl'], status: v.crl.ok ? 'passed' : 'failed', detail: `${v.crl.detail}.`, evidence: v.crl.evidence })
  checks.push({ id: 'tdx.collateral.freshness', label: labels['tdx.collateral.freshness'], status: v.freshness.ok ? 'passed' : 'failed', detail: `${v.freshness.detail}.`, evidence: v.freshness.evidence })

  const base = { id: 'tdx.tcb.status', label: labels['tdx.tcb.status'] }
  if (!v.tcbInfo.ok || !v.tcbInfo.value) {
    checks.push({ ...base, status: 'failed', detail: 'The TCB status cannot be determined: the TCB info did not verify.' })
    return undefined
  }
  if (!quote.pck) {
    checks.push({ ...base, status: 'failed', detail: `The TCB status cannot be determined: ${quote.pckError ?? 'no PCK certificate'}.` })
    return undefined
  }
  const tcb = evaluateTdxTcb({
    pck: quote.pck,
    body: quote.body,
    qeReport: quote.signature.qeReport,
    tcbInfo: v.tcbInfo.value,
    ...(qeOk && v.qeIdentity.value ? { qeIdentity: v.qeIdentity.value } : {}),
  })
  const accepted = options.acceptedTcbStatuses ?? DEFAULT_ACCEPTED
  const evidence: Record<string, string> = { status: tcb.status, fmspc: quote.pck.fmspc, teeTcbSvn: quote.body.teeTcbSvn, pceSvn: String(quote.pck.pceSvn) }
  if (tcb.advisoryIds.length) evidence.advisoryIds = tcb.advisoryIds.join(', ')
  if (tcb.tcbDate) evidence.tcbDate = tcb.tcbDate
  if (tcb.tdxModule) evidence.tdxModule = `${tcb.tdxModule.id} ${tcb.tdxModule.status}`
  const advisories = tcb.advisoryIds.length ? ` Advisories: ${tcb.advisoryIds.join(', ')}.` : ''
  const ok = accepted.includes(tcb.status)
  // Whoever signed the TCB info rates the platform: under a test root (a simulator's) that is never Intel.
  const rater = v.tcbInfo.evidence.root === INTEL_SGX_ROOT_CA_FINGERPRINT ? 'Intel' : 'The simulated collateral'
  checks.push({
    ...base,
    status: ok ? 'passed' : 'failed',
    detail:
      tcb.status === 'NotSupported'
        ? `No TCB level applies: ${tcb.reason}.`
        : `${rater} rates this platform ${tcb.status}${tcb.tcbDate ? ` (TCB date ${tcb.tcbDate})` : ''}${ok ? '' : `, which the policy does not accept (accepted: ${accepted.join(', ')})`}.${advisories}`,
    evidence,
  })
  return tcb
}
