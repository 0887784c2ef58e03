import { AttestationError, type SealkitErrorCode } from '../errors.ts'
import { decisiveCheck, type Check, type PolicyName, type VerificationReport } from './report.ts'

/**
 * Which checks a policy requires to RUN. Whatever the policy, a check that ran and
 * failed fails the verdict (`verdictOf`): a policy never makes a failure acceptable.
 *
 * - `basic`: the seed's checks (server claim, our nonce, a key) plus the cheap
 *   bindings every E2EE client must have: key -> address, and, when the report
 *   carries a quote, its REPORTDATA and debug flag; and GPU evidence present (a report
 *   without it fails under every policy unless the caller says `gpu: 'none'`: anyone on the
 *   path could have stripped it).
 * - `standard` (default): basic, plus a genuine Intel-signed, non-debug,
 *   nonce-bound TDX quote (a missing quote fails), plus GPU evidence (missing
 *   evidence fails unless the caller says `gpu: 'none'`): signed, nonce-bound,
 *   one distinct device per entry, agreeing with NRAS on the count when NRAS is given.
 * - `strict`: standard, plus collateral (TCB UpToDate, CRLs, fresh), measurements
 *   (MRCONFIGID, RTMR replay) and any allowlists the caller set.
 *
 * `always`: must pass; skipped counts as failed. `ifRun`: must pass when it ran.
 */
interface Rule {
  pattern: RegExp
  mode: 'always' | 'ifRun'
}

/** Pins and deployment rules the app set: they run only when asked for, and then must pass under every policy. */
const CODE_IDENTITY: Rule = { pattern: /^(identity|deployment)\./, mode: 'ifRun' }

const BASIC: Rule[] = [
  { pattern: /^(server\.verified|nonce\.match|key\.present|key\.address)$/, mode: 'always' },
  { pattern: /^(attestation\.model|tdx\.(quote\.parse|reportdata|debug))$/, mode: 'ifRun' },
  // Missing GPU evidence is a failed gpu.payload here too (see VerifyAttestationOptions.gpu), not a skip.
  { pattern: /^gpu\./, mode: 'ifRun' },
  CODE_IDENTITY,
]

const STANDARD: Rule[] = [
  // The server's own claim counts only when it makes one: from here on we verify the evidence ourselves.
  { pattern: /^server\.verified$/, mode: 'ifRun' },
  { pattern: /^(nonce\.match|key\.present|key\.address)$/, mode: 'always' },
  { pattern: /^attestation\.model$/, mode: 'ifRun' },
  { pattern: /^tdx\.(quote\.[a-z.]+|qe\.[a-z.]+|pck\.[a-z.]+|debug|attributes|reportdata)$/, mode: 'always' },
  // Intel's pinned QE, PCK names and TDX module: they run for every quote under Intel's root (not for a simulated one).
  { pattern: /^tdx\.pinned\.[a-z]+$/, mode: 'ifRun' },
  // Missing GPU evidence is a failed gpu.payload (see VerifyAttestationOptions.gpu), not a skip.
  { pattern: /^gpu\./, mode: 'ifRun' },
  CODE_IDENTITY,
]

const STRICT: Rule[] = [
  // Before STANDARD's gpu.* (the first rule that matches decides): a GPU count (the quote's, or the VM's claim) must be there to compare.
  { pattern: /^gpu\.count$/, mode: 'always' },
  ...STANDARD,
  { pattern: /^tdx\.(collateral\.[a-z.]+|tcb\.[a-z.]+|crl[a-z.]*|mrconfigid|rtmr\.[a-z.]+)$/, mode: 'always' },
  { pattern: /^tdx\.measurements$/, mode: 'ifRun' },
]

/** What each policy requires: which checks must run and pass (a check that ran and failed fails under every policy). */
export const POLICIES: Record<PolicyName, readonly Rule[]> = { basic: BASIC, standard: STANDARD, strict: STRICT }

/** The policy used when none is given. */
export const DEFAULT_POLICY: PolicyName = 'standard'

/** Whether `value` names a policy: `'basic'`, `'standard'` or `'strict'`. */
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

/** The error code that best names why a report failed: the first check that failed, else the first required one that did not run. */
export function errorCodeForReport(report: VerificationReport): SealkitErrorCode {
  const failed = decisiveCheck(report.checks)
  if (report.checks.length === 0) return 'ATTESTATION_EVIDENCE_MISSING'
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
      return failed.evidence?.missing === 'true' ? 'ATTESTATION_EVIDENCE_MISSING' : 'TDX_QUOTE_INVALID'
    case 'attestation.model':
    case 'deployment.model':
      return 'ATTESTATION_MODEL_MISMATCH'
    case 'gpu.payload':
      return failed.evidence?.missing === 'true' ? 'ATTESTATION_EVIDENCE_MISSING' : 'ATTESTATION_POLICY_FAILED'
    case 'gpu.distinct':
      return 'ATTESTATION_GPU_DUPLICATE'
    default:
      return 'ATTESTATION_POLICY_FAILED'
  }
}

/** Throws the AttestationError for a failed report (with the report attached); returns it when it passed. */
export function assertVerified(report: VerificationReport): VerificationReport {
  if (report.verdict === 'passed') return report
  const code = errorCodeForReport(report)
  const failed = decisiveCheck(report.checks)
  throw new AttestationError(code, {
    report,
    details: failed ? { check: failed.id } : {},
    ...(code === 'ATTESTATION_POLICY_FAILED' && failed
      ? { message: failed.status === 'failed' ? `Attestation check failed: ${failed.label}` : `Attestation failed the ${report.policy} policy: ${failed.label} did not run` }
      : {}),
  })
}
