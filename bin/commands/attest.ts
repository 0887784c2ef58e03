import { createClient } from '../../src/core/api/client.ts'
import { DEFAULT_POLICY, isPolicyName } from '../../src/core/attestation/policy.ts'
import { isSealkitError } from '../../src/core/errors.ts'
import { attestModel } from '../../src/core/session/attest.ts'
import type { VerificationReport } from '../../src/core/attestation/report.ts'
import { formatReport } from './format.ts'
import { simulatorTrustedRoots, TRUST_SIMULATOR_HELP } from './trust.ts'
import { UsageError, parseCommand, required } from './usage.ts'

const HELP = `Usage: sealkit attest --base-url URL --model ID [--api-key KEY] [--policy basic|standard|strict] [--trust-simulator] [--json]

Fetches a fresh attestation (new 32-byte nonce) and prints what was verified.
Exit 0 when the verdict passes, 1 when it fails.
${TRUST_SIMULATOR_HELP}`

export async function runAttest(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      'base-url': { type: 'string' },
      model: { type: 'string' },
      'api-key': { type: 'string' },
      'trust-simulator': { type: 'boolean', default: false },
      policy: { type: 'string', default: DEFAULT_POLICY },
      json: { type: 'boolean', default: false },
    },
    HELP,
  )
  if (!parsed) return 0
  const { values } = parsed
  const baseURL = required(values['base-url'], 'base-url', HELP)
  const model = required(values.model, 'model', HELP)
  if (!isPolicyName(values.policy)) throw new UsageError(`--policy must be basic, standard or strict\n\n${HELP}`)
  const apiKey = (values['api-key'] as string | undefined) ?? process.env.VENICE_API_KEY
  const client = createClient({ baseURL, ...(apiKey ? { apiKey } : {}) })

  let report: VerificationReport
  try {
    const trustedRoots = values['trust-simulator'] ? await simulatorTrustedRoots(baseURL) : undefined
    report = (await attestModel(client, { model, policy: values.policy, ...(trustedRoots ? { trustedRoots } : {}) })).report
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
