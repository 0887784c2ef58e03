import { acceptedWithWarning, type VerificationReport } from '../../src/core/attestation/report.ts'
import { escapeDeep } from './escape.ts'
import { formatAssurances, formatDeployment } from './format-trust.ts'

const MARK = { passed: '✓', failed: '✗', skipped: '–' } as const
const WORD = { passed: 'passed', failed: 'FAILED', skipped: 'not checked' } as const

/**
 * The verification report as a person reads it: one line per check, the verdict last. Every
 * string in the report may come from the network: control characters are escaped first.
 */
export function formatReport(untrusted: VerificationReport): string {
  const report = escapeDeep(untrusted)
  const lines: string[] = []
  const head = [report.model && `model ${report.model}`, report.teeProvider && `provider ${report.teeProvider}`, report.teeHardware]
  lines.push(`Attestation report (${head.filter(Boolean).join(', ') || 'no metadata'})${report.simulated ? ' [SIMULATED: test roots, not Intel/NVIDIA]' : ''}`)
  if (report.signingAddress) lines.push(`  signing address  ${report.signingAddress}`)
  if (report.nonce) lines.push(`  nonce            ${report.nonce}`)
  if (report.tdx) {
    lines.push(`  TDX quote v${report.tdx.version}     mrtd ${report.tdx.mrtd.slice(0, 16)}…  debug ${report.tdx.debug ? 'YES' : 'no'}${report.tdx.tcbStatus ? `  TCB ${report.tdx.tcbStatus}` : ''}`)
    if (report.tdx.advisoryIds?.length) lines.push(`  advisories       ${report.tdx.advisoryIds.join(', ')}`)
  }
  // Simulated means simulated on every line that says verified: a line read on its own must not pass for a real enclave's.
  const simulated = report.simulated ? ' (SIMULATED)' : ''
  if (report.gpus?.length) lines.push(`  GPUs             ${report.gpus.filter((g) => g.verified).length}/${report.gpus.length} verified${simulated}`)
  lines.push('')
  lines.push(...formatAssurances(report), ...formatDeployment(report))
  for (const check of report.checks) {
    const warned = acceptedWithWarning(check)
    // A check the policy requires and that did not run fails the verdict as surely as one that failed: marked so.
    const unrun = check.required && check.status === 'skipped'
    const word = warned ? 'passed with a WARNING' : unrun ? 'NOT CHECKED, and the policy requires it' : WORD[check.status]
    lines.push(`  ${warned ? '!' : unrun ? '✗' : MARK[check.status]} ${check.label}: ${word}${check.required ? '' : ' (not required by policy)'}`)
    lines.push(`      ${check.detail}`)
  }
  lines.push('')
  const verdict = report.verdict === 'passed' ? (report.simulated ? 'PASSED on SIMULATED evidence (the simulator\'s test roots): no real enclave' : 'PASSED') : 'FAILED'
  lines.push(`Verdict under the ${report.policy} policy: ${verdict} (verified at ${report.verifiedAt})${report.verdict === 'passed' ? '' : `: ${failedBecause(report)}`}`)
  return lines.join('\n')
}

/** What failed a verdict, named: the checks that failed, then those the policy requires that did not run. */
function failedBecause(report: VerificationReport): string {
  const failed = report.checks.filter((c) => c.status === 'failed').map((c) => `${c.label} failed`)
  const unrun = report.checks.filter((c) => c.required && c.status === 'skipped').map((c) => `${c.label} not checked (required)`)
  const all = [...failed, ...unrun]
  if (all.length === 0) return 'no check says why (a report that claims to have failed)'
  return all.length > 4 ? `${all.slice(0, 4).join('; ')}; and ${all.length - 4} more` : all.join('; ')
}
