/**
 * Intel TDX quote verification: parse v4/v5 quotes, verify them up to Intel's SGX
 * Root CA, judge the platform's TCB with Intel collateral, and check what the TD is
 * (debug flag, attributes, REPORTDATA binding, MRCONFIGID, RTMR replay).
 *
 * @example
 * ```ts
 * import { verifyTdxQuote } from 'sealkit/core'
 * const result = await verifyTdxQuote(report.intel_quote, { expectedReportData: { signer, nonce } })
 * for (const check of result.checks) console.log(check.id, check.status, check.detail)
 * ```
 */
export { verifyTdxQuote, assertTdxVerified, type VerifyTdxQuoteOptions, type TdxVerification } from './verify.ts'
export { parseTdxQuote, decodeQuoteInput, type TdxQuote, type TdxQuoteHeader, type TdReport, type QeReport, type TdxQuoteSignatureData, type TdxQuoteBytes, type QuoteInput } from './quote.ts'
export { readPckExtensions, type PckInfo } from './pck.ts'
export {
  verifyCollateral,
  type CollateralContext,
  type CollateralPart,
  type QuoteCollateral,
  type TcbComponent,
  type TcbInfo,
  type TdxModuleIdentity,
  type QeIdentity,
  type IsvTcbLevel,
  type TcbLevel,
  type VerifiedCollateral,
} from './collateral.ts'
export { fetchTdxCollateral, fetchTdxCollateralFor, collateralTargetOf, signedObject, INTEL_PCS_BASE_URL, INTEL_ROOT_CA_CRL_URL, type CollateralTarget, type FetchTdxCollateralOptions } from './collateral-fetch.ts'
export { evaluateTdxTcb, qeIdentityMismatch, type TcbEvaluation, type TcbInput, type TcbStatus } from './tcb.ts'
export { checkQuoteSignature, checkQeReportData, checkQeReportSignature, checkPckChain, type PckChainCheck } from './signatures.ts'
export { checkDebug, checkTdAttributes, type TdPolicyOptions } from './td-policy.ts'
export { checkReportData, expectedReportData, type ReportDataExpectation, type ExpectedReportData } from './report-data.ts'
export { checkMrConfigId, checkMeasurementPolicy, composeHashOf, mrConfigIdFor, type MeasurementPolicy, type ComposeBinding } from './measurements.ts'
export { checkRtmrReplay, parseEventLog, replayRtmrs, runtimeEventDigest, runtimeEventPayload, type TdxEvent } from './event-log.ts'
export { INTEL_SGX_ROOT_CA_FINGERPRINT, TEE_TYPE, BODY_TYPE } from './constants.ts'
export { pccsCollateralLoader, fetchPccsCollateral, fetchPccsCollateralFor, isPccsSource, pccsCollateralKey, collateralExpiry, keyedCollateralLoader, isKeyedCollateralLoader, type PccsSource, type PccsCollateralKey, type CollateralLoader, type KeyedCollateralLoader } from './pccs.ts'
export type { CollateralInput } from './verify.ts'
