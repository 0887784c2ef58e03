import { AttestationError, type SealkitErrorCode } from '../errors.ts'
import type { Check, PolicyName, VerificationReport } from './report.ts'

/**
 * Which checks a policy requires.
 *
 * - `basic`: the seed's checks (server claim, our nonce, a key) plus the cheap
 *   bindings every E2EE client must have: key -> address, and, when the report
 *   carries a quote, its REPORTDATA and debug flag.
 * - `standard` (default): basic, plus a genuine Intel-signed, non-debug,
 *   nonce-bound TDX quote (a missing quote fails), plus signed, nonce-bound
 *   evidence for every GPU the report lists.
 * - `strict`: standard, plus collateral (TCB UpToDate, CRLs, fresh), measurements
 *   (MRCONFIGID, RTMR replay) and any allowlists the caller set.
 *
 * `always`: must pass; skipped counts as failed. `ifRun`: must pass when it ran.
 */
interface Rule {
  pattern: RegExp
  mode: 'always' | 'ifRun'
}

const BASIC: Rule[] = [
  { pattern: /^(server\.verified|nonce\.match|key\.present|key\.address)$/, mode: 'always' },
  { pattern: /^tdx\.(quote\.parse|reportdata|debug)$/, mode: 'ifRun' },
]

const STANDARD: Rule[] = [
  // The server's own claim counts only when it makes one: from here on we verify the evidence ourselves.
  { pattern: /^server\.verified$/, mode: 'ifRun' },
  { pattern: /^(nonce\.match|key\.present|key\.address)$/, mode: 'always' },
  { pattern: /^tdx\.(quote\.[a-z.]+|qe\.[a-z.]+|pck\.[a-z.]+|debug|attributes|reportdata)$/, mode: 'always' },
  { pattern: /^gpu\./, mode: 'ifRun' },
]

const STRICT: Rule[] = [
  ...STANDARD,
  { pattern: /^tdx\.(collateral\.[a-z.]+|tcb\.[a-z.]+|crl[a-z.]*|mrconfigid|rtmr\.[a-z.]+)$/, mode: 'always' },
  { pattern: /^tdx\.measurements$/, mode: 'ifRun' },
]

export const POLICIES: Record<PolicyName, readonly Rule[]> = { basic: BASIC, standard: STANDARD, strict: STRICT }

export const DEFAULT_POLICY: PolicyName = 'standard'

export function isPolicyName(value: unknown): value is PolicyName {
  return value === 'basic' || value === 'standard' || value === 'strict'
}

/** Marks each check `required` under the policy (returns new objects). */
export function applyPolicy(checks: Check[], policy: PolicyName): Check[] {
  const rules = POLICIES[policy]
  return checks.map((check) => {
    const rule = rules.find((r) => r.pattern.test(check.id))
    const required = rule !== undefined && (rule.mode === 'always' || check.status !== 'skipped')
    return { ...check, required }
  })
}

/** The error code that best names why a report failed: the first required check that did not pass. */
export function errorCodeForReport(report: VerificationReport): SealkitErrorCode {
  const failed = report.checks.find((c) => c.required && c.status !== 'passed')
  switch (failed?.id) {
    case undefined:
      return 'ATTESTATION_POLICY_FAILED'
    case 'server.verified':
      return 'ATTESTATION_FAILED'
    case 'nonce.match':
      return 'ATTESTATION_NONCE_MISMATCH'
    case 'key.present':
      return 'ATTESTATION_KEY_MISSING'
    case 'key.address':
      return 'ATTESTATION_KEY_ADDRESS_MISMATCH'
    case 'tdx.reportdata':
      return 'ATTESTATION_REPORT_DATA_MISMATCH'
    case 'tdx.debug':
      return 'TDX_DEBUG_ENCLAVE'
    case 'tdx.quote.parse':
      return 'TDX_QUOTE_INVALID'
    default:
      return 'ATTESTATION_POLICY_FAILED'
  }
}

/** Throws the AttestationError for a failed report (with the report attached); returns it when it passed. */
export function assertVerified(report: VerificationReport): VerificationReport {
  if (report.verdict === 'passed') return report
  const code = errorCodeForReport(report)
  const failed = report.checks.find((c) => c.required && c.status !== 'passed')
  throw new AttestationError(code, {
    report,
    details: failed ? { check: failed.id } : {},
    ...(code === 'ATTESTATION_POLICY_FAILED' && failed ? { message: `Attestation failed the ${report.policy} policy: ${failed.label}` } : {}),
  })
}
