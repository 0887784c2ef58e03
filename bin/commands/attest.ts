import { isSealkitError } from '../../src/core/errors.ts'
import { attestModel } from '../../src/core/session/attest.ts'
import type { VerificationReport } from '../../src/core/attestation/report.ts'
import { formatReport } from './format.ts'
import { CONNECTION_OPTIONS, connect } from './connection.ts'
import { TRUST_SIMULATOR_HELP } from './trust.ts'
import { parseCommand } from './usage.ts'

const HELP = `Usage: sealkit attest --base-url URL --model ID [--api-key KEY] [--policy basic|standard|strict] [--trust-simulator] [--json]

Fetches a fresh attestation (new 32-byte nonce) and prints what was verified.
Exit 0 when the verdict passes, 1 when it fails.
${TRUST_SIMULATOR_HELP}`

export async function runAttest(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      ...CONNECTION_OPTIONS,
      json: { type: 'boolean', default: false },
    },
    HELP,
  )
  if (!parsed) return 0
  const { values } = parsed
  const { client, model, policy, trustedRoots } = await connect(values, HELP)

  let report: VerificationReport
  try {
    report = (await attestModel(client, { model, policy, ...(trustedRoots ? { trustedRoots } : {}) })).report
  } catch (error) {
    if (!isSealkitError(error)) throw error
    if (!error.report) {
      console.error(`${error.code}: ${error.message}`)
      return 1
    }
    report = error.report as VerificationReport
  }
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report))
  return report.verdict === 'passed' ? 0 : 1
}
