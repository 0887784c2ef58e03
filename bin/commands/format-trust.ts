import type { AssuranceStatus } from '../../src/core/attestation/assurances.ts'
import type { VerificationReport } from '../../src/core/attestation/report.ts'

// Both take the report formatReport already escaped whole (escapeDeep): every string in it is printable.

const MARK: Record<AssuranceStatus, string> = { yes: '✓', warning: '!', no: '✗', 'not-checked': '–' }

/** The plain-language verdict, one line each, above the checks. */
export function formatAssurances(report: VerificationReport): string[] {
  if (!report.assurances?.length) return []
  const width = Math.max(...report.assurances.map((a) => a.title.length))
  return ['What this proves', ...report.assurances.map((a) => `  ${MARK[a.status]} ${a.title.padEnd(width)}  ${a.text}`), '']
}

/** What runs in the enclave: services, images, flags and findings, as read from the app compose. */
export function formatDeployment(report: VerificationReport): string[] {
  const d = report.deployment
  if (!d) return []
  const lines = [`What runs in the enclave${d.bound ? ' (app compose bound by MRCONFIGID)' : ' (NOT bound to the quote: the server\'s word only)'}`]
  lines.push(`  compose hash     ${d.composeHash}${d.name ? `  (${d.name})` : ''}`)
  if (d.osImageHash) lines.push(`  OS image hash    ${d.osImageHash}`)
  const identity = report.identity
  if (identity?.known) lines.push(`  known deployment ${identity.known.deployment.id} (observed ${identity.known.deployment.seen.join(', ')}, not audited)`)
  for (const change of identity?.continuity?.changes ?? []) lines.push(`  CHANGED          ${change.what}: ${change.from} → ${change.to}`)
  if (d.error) lines.push(`  could not read the compose: ${d.error}`)
  for (const s of d.services) {
    const image = s.pinned ? `${s.repository ?? ''}@${s.digest}` : `${s.image ?? '(built at launch)'}  NOT pinned by digest`
    lines.push(`  service ${s.name}: ${image}${s.access.length ? `  [${s.access.join('; ')}]` : ''}`)
  }
  const flags = Object.entries(d.flags).map(([k, v]) => `${k} ${v ? 'on' : 'off'}`)
  if (flags.length) lines.push(`  flags            ${flags.join(', ')}`)
  if (d.allowedEnvs.length) lines.push(`  allowed envs     ${d.allowedEnvs.join(', ')}`)
  for (const f of d.findings) lines.push(`  ${f.severity === 'warning' ? '!' : 'i'} ${f.message}`)
  lines.push('')
  return lines
}
