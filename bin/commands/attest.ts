import { isSealkitError } from '../../src/core/errors.ts'
import { writeFileSync } from 'node:fs'
import { attestModel, type AttestationEvidence } from '../../src/core/session/attest.ts'
import type { VerificationReport } from '../../src/core/attestation/report.ts'
import { formatReport } from './format.ts'
import { CONNECTION_OPTIONS, connect } from './connection.ts'
import { TRUST_SIMULATOR_HELP } from './trust.ts'
import { defaultMeasurementsFile, fileMeasurementStore } from './measurement-file.ts'
import { escapeField, shellWord } from './escape.ts'
import { UsageError, parseCommand, type ParsedCommand } from './usage.ts'

const HELP = `Usage: sealkit attest --base-url URL --model ID [--api-key KEY] [--policy basic|standard|strict] [--trust-simulator]
                      [--measurements-file PATH | --no-remember] [--on-identity-change warn|fail] [--pccs URL] [--save FILE] [--json]

Fetches a fresh attestation (new 32-byte nonce) and prints what was verified.
Remembers each model's code identity after a verified attestation (default file:
${'$'}XDG_CONFIG_HOME/sealkit/measurements.json or ~/.config/sealkit/measurements.json) and
reports "seen before" or exactly what changed; --on-identity-change fail makes a change fail.
--pccs URL fetches Intel collateral (TCB status, CRLs) from a PCCS, e.g. \`sealkit collateral
serve\` or the simulator's own (its URL without /api/v1); the platform's rating is then required.
--save FILE writes the attestation exactly as received (whatever the verdict) and prints the
\`sealkit verify\` command that checks it again offline, with the nonce this run sent.
Exit 0 when the verdict passes, 1 when it fails.
${TRUST_SIMULATOR_HELP}`

export async function runAttest(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      ...CONNECTION_OPTIONS,
      json: { type: 'boolean', default: false },
      'measurements-file': { type: 'string' },
      'no-remember': { type: 'boolean', default: false },
      'on-identity-change': { type: 'string', default: 'warn' },
      pccs: { type: 'string' },
      save: { type: 'string' },
    },
    HELP,
  )
  if (!parsed) return 0
  const { values } = parsed
  const { client, model, policy, trustedRoots, baseURL } = await connect(values, HELP)
  const onIdentityChange = values['on-identity-change']
  if (onIdentityChange !== 'warn' && onIdentityChange !== 'fail') throw new UsageError(`--on-identity-change must be warn or fail\n\n${HELP}`)
  const measurementStore = values['no-remember'] ? undefined : fileMeasurementStore((values['measurements-file'] as string | undefined) ?? defaultMeasurementsFile())

  let evidence: AttestationEvidence | undefined
  let report: VerificationReport
  try {
    report = (
      await attestModel(client, {
        model,
        policy,
        measurements: { onIdentityChange },
        identityKey: `${baseURL} ${model}`,
        ...(measurementStore ? { measurementStore } : {}),
        ...(trustedRoots ? { trustedRoots } : {}),
        ...(typeof values.pccs === 'string' ? { collateral: { pccsUrl: values.pccs } } : {}),
        onEvidence: (fetched) => (evidence = fetched),
      })
    ).report
  } catch (error) {
    if (!isSealkitError(error)) throw error
    if (!error.report) {
      const saved = save(values, evidence)
      console.error(`${error.code}: ${error.message}`)
      if (saved) console.error(saved)
      return 1
    }
    report = error.report as VerificationReport
  }
  const saved = save(values, evidence)
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report))
  if (saved) console.error(saved)
  return report.verdict === 'passed' ? 0 : 1
}

/**
 * `--save FILE`: the body as received, so `sealkit verify` checks the very bytes this run checked. Returns the line
 * that says so, with the command that does it with this run's nonce, for stderr (stdout stays the report, JSON with --json).
 */
function save(values: ParsedCommand['values'], evidence: AttestationEvidence | undefined): string | undefined {
  const file = values.save
  if (typeof file !== 'string' || !evidence) return undefined
  try {
    writeFileSync(file, evidence.raw)
  } catch (error) {
    throw new Error(`--save: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  const again = [file, '--nonce', evidence.nonce, '--model', evidence.model]
  if (values['trust-simulator']) again.push('--trust-simulator', '--base-url', String(values['base-url']))
  if (typeof values.pccs === 'string') again.push('--pccs', values.pccs)
  return `Saved the attestation as received to ${escapeField(file)}. Check it again offline:\n  npx sealkit verify ${again.map(shellWord).join(' ')}`
}
