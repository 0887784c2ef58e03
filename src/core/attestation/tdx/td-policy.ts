import { hexToBytes } from '../../crypto/hex.ts'
import type { Check } from '../report.ts'
import type { TdReport } from './quote.ts'

/**
 * Production policy for the TD's own configuration (PROTOCOL.md check 5).
 *
 * TDATTRIBUTES (64-bit little-endian, TDX module ABI):
 * - bit 0 DEBUG must be clear: a debug TD's memory and registers are readable by
 *   the host, so nothing it attests means anything (check `tdx.debug`).
 * - bits 1..7 (reserved for "TD under debug") must be clear.
 * - accepted: bit 28 SEPT_VE_DISABLE (what dstack and cloud TDs set), bit 30 PKS,
 *   bit 31 KL (key locker), bit 63 PERFMON (GCP sets it).
 * - bit 29 MIGRATABLE is refused unless `allowMigratable`: a migratable TD can be
 *   moved to another platform by a migration TD, outside what this quote proves.
 * - every other (reserved / unknown) bit is refused; `extraAllowedBits` opts in.
 *
 * XFAM (the extended CPU state the TD may use) is not a security boundary in itself,
 * but unknown bits mean an ABI this verifier does not know. Accepted: x87 and SSE
 * (bits 0, 1: required by the architecture), AVX (2), AVX-512 (5..7), PT (8),
 * PKRU (9), CET user/supervisor (11, 12), ULI/UINTR (14), LBR (15), AMX (17, 18).
 * MPX (3, 4) is refused, as TDX itself refuses it.
 *
 * @example
 * ```ts
 * checkDebug(quote.body)           // failed for the debug TD
 * checkTdAttributes(quote.body)    // passed for 0000001000000000 (SEPT_VE_DISABLE)
 * ```
 */

export interface TdPolicyOptions {
  /** Accept a debug TD (its memory is readable by the host). Default `false`: never in production. */
  allowDebug?: boolean
  /** Accept a migratable TD. Default `false`. */
  allowMigratable?: boolean
  /** Extra TDATTRIBUTES bit numbers to accept. */
  extraAllowedBits?: readonly number[]
  /** Exact XFAM values (16 hex, quote byte order) to accept instead of the feature-bit policy. */
  allowedXfam?: readonly string[]
}

const TD_ATTRIBUTE_NAMES: Record<number, string> = { 0: 'DEBUG', 28: 'SEPT_VE_DISABLE', 29: 'MIGRATABLE', 30: 'PKS', 31: 'KL', 63: 'PERFMON' }
const ACCEPTED_TD_BITS = [28, 30, 31, 63]
const XFAM_REQUIRED = [0, 1]
const XFAM_ACCEPTED = [0, 1, 2, 5, 6, 7, 8, 9, 11, 12, 14, 15, 17, 18]

/** A 64-bit little-endian field as a bigint. */
function le64(hex: string): bigint {
  const b = hexToBytes(hex)
  let v = 0n
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!)
  return v
}

function setBits(v: bigint): number[] {
  const out: number[] = []
  for (let i = 0; i < 64; i++) if ((v >> BigInt(i)) & 1n) out.push(i)
  return out
}

const bitName = (bit: number) => (TD_ATTRIBUTE_NAMES[bit] ? `${bit} (${TD_ATTRIBUTE_NAMES[bit]})` : String(bit))

/** Fails a debug TD (TD_ATTRIBUTES bit 0): its memory is readable by the host. */
export function checkDebug(body: Pick<TdReport, 'tdAttributes'>, options: TdPolicyOptions = {}): Check {
  const debug = (le64(body.tdAttributes) & 1n) === 1n
  const base = { id: 'tdx.debug', label: 'Production TD (not debug)', evidence: { tdAttributes: body.tdAttributes } }
  if (!debug) return { ...base, status: 'passed', detail: 'TDATTRIBUTES bit 0 (DEBUG) is clear.' }
  return {
    ...base,
    status: options.allowDebug ? 'passed' : 'failed',
    detail: options.allowDebug
      ? 'This is a DEBUG TD (TDATTRIBUTES bit 0 set); accepted only because allowDebug is on.'
      : 'TDX debug mode detected: TDATTRIBUTES bit 0 is set, so the host can read the TD memory.',
  }
}

/** Checks TD_ATTRIBUTES and XFAM against what a production TD may have set. */
export function checkTdAttributes(body: Pick<TdReport, 'tdAttributes' | 'xfam'>, options: TdPolicyOptions = {}): Check {
  const attrs = le64(body.tdAttributes)
  const accepted = new Set([...ACCEPTED_TD_BITS, ...(options.extraAllowedBits ?? [])])
  if (options.allowMigratable) accepted.add(29)
  // DEBUG is judged by its own check; here it is neither accepted nor refused twice.
  const refused = setBits(attrs).filter((b) => b !== 0 && !accepted.has(b))

  const xfam = le64(body.xfam)
  const xfamProblems: string[] = []
  if (options.allowedXfam) {
    if (!options.allowedXfam.map((x) => x.toLowerCase()).includes(body.xfam.toLowerCase())) xfamProblems.push(`XFAM ${body.xfam} is not in the allowed list`)
  } else {
    const missing = XFAM_REQUIRED.filter((b) => !((xfam >> BigInt(b)) & 1n))
    const unknown = setBits(xfam).filter((b) => !XFAM_ACCEPTED.includes(b))
    if (missing.length) xfamProblems.push(`XFAM lacks required bit(s) ${missing.join(', ')} (x87/SSE)`)
    if (unknown.length) xfamProblems.push(`XFAM has unexpected bit(s) ${unknown.join(', ')}`)
  }

  const problems = [...(refused.length ? [`TDATTRIBUTES has bit(s) ${refused.map(bitName).join(', ')} set, which production TDs do not use`] : []), ...xfamProblems]
  const present = setBits(attrs).map(bitName)
  return {
    id: 'tdx.attributes',
    label: 'TD attributes and XFAM',
    status: problems.length ? 'failed' : 'passed',
    detail: problems.length
      ? `${problems.join('; ')}.`
      : `TDATTRIBUTES ${present.length ? `sets ${present.join(', ')}` : 'is zero'}; XFAM enables only known CPU state components.`,
    evidence: { tdAttributes: body.tdAttributes, xfam: body.xfam },
  }
}
