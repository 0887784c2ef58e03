import { isSealkitError } from '../../src/core/errors.ts'
import { attestModel, type AttestationEvidence } from '../../src/core/session/attest.ts'
import type { VerificationReport } from '../../src/core/attestation/report.ts'
import { formatReport } from './format.ts'
import { CONNECTION_OPTIONS, connect } from './connection.ts'
import { TRUST_SIMULATOR_HELP } from './trust.ts'
import { defaultMeasurementsFile, fileMeasurementStore } from './measurement-file.ts'
import { errorLine, escapeField, escapeText, jsonForTerminal } from './escape.ts'
import { checkSavePath, saveEvidence } from './save-evidence.ts'
import { UsageError, parseCommand } from './usage.ts'

const HELP = `Usage: sealkit attest --base-url URL --model ID [--api-key KEY] [--policy basic|standard|strict] [--trust-simulator]
                      [--provider venice|nearai|nearai-direct] [--signing-algo ecdsa|ed25519]
                      [--measurements-file PATH | --no-remember] [--on-identity-change warn|fail] [--pccs URL] [--save FILE] [--json]

Fetches a fresh attestation (new 32-byte nonce) and prints what was verified.
Remembers each model's code identity after a verified attestation (default file:
${'$'}XDG_CONFIG_HOME/sealkit/measurements.json or ~/.config/sealkit/measurements.json) and
reports "seen before" or exactly what changed; --on-identity-change fail makes a change fail.
--pccs URL fetches Intel collateral (TCB status, CRLs) from a PCCS, e.g. \`sealkit collateral
serve\` or the simulator's own (its URL without /api/v1); the platform's rating is then required.
--save FILE writes the attestation as received (whatever the verdict; an API key the server
echoed is redacted) and prints the \`sealkit verify\` command that checks it again offline,
with the nonce and policy this run used.
--provider venice (default), nearai (NEAR AI Cloud: its gateway's attestation is required too) or
nearai-direct (a NEAR AI model's own endpoint); --signing-algo with them: ecdsa (default) or ed25519.
The API key may also come from VENICE_API_KEY (NEARAI_API_KEY with a NEAR AI provider).
Exit 0 when the verdict passes (and the file was saved), 1 when it fails, 2 on bad usage.
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

  const saveTo = typeof values.save === 'string' ? values.save : undefined
  if (saveTo !== undefined) checkSavePath(saveTo)

  let evidence: AttestationEvidence | undefined
  let report: VerificationReport | undefined
  let code = 1
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
    if (error.report) report = error.report as VerificationReport
    // The provider's own words (an HTTP error's body) are data: escaped like the report, and labelled as theirs.
    else console.error(errorLine(error))
  }
  if (report) {
    console.log(values.json ? jsonForTerminal(report) : formatReport(report))
    code = report.verdict === 'passed' ? 0 : 1
  }
  if (saveTo === undefined) return code
  if (!evidence) {
    console.error(`Nothing saved to ${escapeField(saveTo)}: no attestation was received.`)
    return code
  }
  try {
    const again = {
      policy,
      ...(values.provider !== 'venice' ? { provider: values.provider as string } : {}),
      ...(values['trust-simulator'] ? { simulatorBaseURL: baseURL } : {}),
      ...(typeof values.pccs === 'string' ? { pccs: values.pccs } : {}),
      continuityDecided: onIdentityChange === 'fail' && report?.identity?.state === 'changed',
    }
    for (const line of saveEvidence(saveTo, evidence, again, client.apiKey)) console.error(line)
  } catch (error) {
    console.error(escapeText((error as Error).message))
    return 1
  }
  return code
}
