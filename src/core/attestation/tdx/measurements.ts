import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8Encode } from '../../crypto/hex.ts'
import type { Check } from '../report.ts'
import { runtimeEventPayload } from './event-log.ts'
import type { TdReport } from './quote.ts'

/**
 * What the TD runs (PROTOCOL.md check 7): dstack binds the app's docker-compose
 * manifest into MRCONFIGID = 0x01 || sha256(app_compose) || 15 zero bytes (set by the
 * host at launch, so it is in the quote before the TD runs a single instruction), and
 * also logs the same hash as the RTMR3 `compose-hash` event. Optional allowlists pin
 * MRTD (firmware), RTMR0..3 and the compose hash to known-good values.
 *
 * @example
 * ```ts
 * composeHashOf(info.tcb_info.app_compose)                 // '4676ec04…3a3f'
 * checkMrConfigId(quote.body, { appCompose, eventLog })
 * checkMeasurementPolicy(quote.body, { allowedMrTd: ['b24d3b24…e217'] }, composeHash)
 * ```
 */

/** sha256 of the app_compose text as dstack hashes it (UTF-8 bytes), lowercase hex. */
export function composeHashOf(appCompose: string): string {
  return bytesToHex(sha256(utf8Encode(appCompose)))
}

/** MRCONFIGID for a compose hash: 0x01 || hash || zeros (48 bytes), lowercase hex. */
export function mrConfigIdFor(composeHash: string): string {
  return `01${composeHash.toLowerCase()}`.padEnd(96, '0')
}

/** What MRCONFIGID should bind: the app compose, a claimed compose hash, or both. */
export interface ComposeBinding {
  /** The app_compose text (from `info.tcb_info.app_compose`). */
  appCompose?: string
  /** A compose hash the report claims (e.g. `info.compose_hash`); must agree with appCompose when both are given. */
  composeHash?: string
  /** The event log, to cross-check the RTMR3 `compose-hash` event. */
  eventLog?: unknown
}

/** Checks that MRCONFIGID binds the app compose: its compose hash (sha256 of `app_compose`, or the one claimed). */
export function checkMrConfigId(body: Pick<TdReport, 'mrConfigId'>, binding: ComposeBinding): Check {
  const base = { id: 'tdx.mrconfigid', label: 'MRCONFIGID binds the app compose' }
  if (binding.appCompose === undefined && binding.composeHash === undefined) return { ...base, status: 'skipped', detail: 'No app_compose or compose hash was given.' }
  const computed = binding.appCompose !== undefined ? composeHashOf(binding.appCompose) : undefined
  const claimed = binding.composeHash?.toLowerCase().replace(/^0x/, '')
  const evidence: Record<string, string> = { mrConfigId: body.mrConfigId }
  if (computed) evidence.composeHash = computed
  if (claimed) evidence.claimedComposeHash = claimed
  if (computed && claimed && computed !== claimed) {
    return { ...base, status: 'failed', detail: 'The claimed compose hash is not sha256(app_compose).', evidence }
  }
  const hash = (computed ?? claimed)!
  const expected = mrConfigIdFor(hash)
  if (body.mrConfigId.toLowerCase() !== expected) {
    return { ...base, status: 'failed', detail: `MRCONFIGID is not 0x01 || ${computed ? 'sha256(app_compose)' : 'the compose hash'} || zeros.`, evidence: { ...evidence, expected } }
  }
  const logged = binding.eventLog !== undefined ? runtimeEventPayload(binding.eventLog, 'compose-hash') : undefined
  if (logged !== undefined) {
    evidence.rtmr3ComposeHash = logged
    if (logged !== hash) return { ...base, status: 'failed', detail: 'The RTMR3 compose-hash event differs from the compose hash in MRCONFIGID.', evidence }
  }
  return {
    ...base,
    status: 'passed',
    detail: `MRCONFIGID = 0x01 || ${computed ? 'sha256(app_compose)' : 'compose hash'} || zeros${logged !== undefined ? '; the RTMR3 compose-hash event agrees' : ''}.`,
    evidence,
  }
}

/** Known-good measurements: a value outside an allowlist fails `tdx.measurements`. */
export interface MeasurementPolicy {
  /** Known-good MRTD values (TD firmware), hex. */
  allowedMrTd?: readonly string[]
  /** Known-good values per RTMR, hex. */
  allowedRtmr?: {
    /** Known-good RTMR0 values (firmware configuration). */
    rtmr0?: readonly string[]
    /** Known-good RTMR1 values (kernel and boot loader). */
    rtmr1?: readonly string[]
    /** Known-good RTMR2 values (kernel command line and initrd). */
    rtmr2?: readonly string[]
    /** Known-good RTMR3 values (runtime events). */
    rtmr3?: readonly string[]
  }
  /** Known-good compose hashes (sha256 of app_compose), hex. */
  allowedComposeHashes?: readonly string[]
}

/** Checks MRTD, RTMR0-3 and the compose hash against the allowlists of a {@link MeasurementPolicy}. */
export function checkMeasurementPolicy(body: TdReport, policy: MeasurementPolicy, composeHash?: string): Check {
  const base = { id: 'tdx.measurements', label: 'Measurements match the allowlist' }
  const checks: Array<[string, string | undefined, readonly string[] | undefined]> = [
    ['MRTD', body.mrTd, policy.allowedMrTd],
    ['RTMR0', body.rtmr0, policy.allowedRtmr?.rtmr0],
    ['RTMR1', body.rtmr1, policy.allowedRtmr?.rtmr1],
    ['RTMR2', body.rtmr2, policy.allowedRtmr?.rtmr2],
    ['RTMR3', body.rtmr3, policy.allowedRtmr?.rtmr3],
    ['compose hash', composeHash ?? (body.mrConfigId.startsWith('01') ? body.mrConfigId.slice(2, 66) : undefined), policy.allowedComposeHashes],
  ]
  const active = checks.filter(([, , list]) => list !== undefined)
  if (active.length === 0) return { ...base, status: 'skipped', detail: 'No measurement allowlist was given.' }
  const evidence: Record<string, string> = {}
  const failed: string[] = []
  for (const [name, value, list] of active) {
    evidence[name] = value ?? ''
    const norm = (s: string) => s.toLowerCase().replace(/^0x/, '')
    if (value === undefined || !list!.some((v) => norm(v) === norm(value))) failed.push(name)
  }
  return failed.length
    ? { ...base, status: 'failed', detail: `Not in the allowlist: ${failed.join(', ')}.`, evidence }
    : { ...base, status: 'passed', detail: `${active.map(([n]) => n).join(', ')} match known-good values.`, evidence }
}
