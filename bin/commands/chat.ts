import { createClient } from '../../src/core/api/client.ts'
import { getModels, privacyLevelOf } from '../../src/core/api/models.ts'
import { DEFAULT_POLICY, isPolicyName } from '../../src/core/attestation/policy.ts'
import { isSealkitError } from '../../src/core/errors.ts'
import { createChatSession } from '../../src/core/session/chat-session.ts'
import { simulatorTrustedRoots, TRUST_SIMULATOR_HELP } from './trust.ts'
import { UsageError, parseCommand, required } from './usage.ts'

const HELP = `Usage: sealkit chat --base-url URL --model ID [--api-key KEY] [--policy basic|standard|strict] [--trust-simulator] [--allow-unattested] PROMPT

Streams the decrypted reply to stdout. E2EE models are encrypted end to end;
TEE models are attested and their response signature verified.
The API key may also come from VENICE_API_KEY.
${TRUST_SIMULATOR_HELP}`

export async function runChat(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      'base-url': { type: 'string' },
      model: { type: 'string' },
      'api-key': { type: 'string' },
      'trust-simulator': { type: 'boolean', default: false },
      policy: { type: 'string', default: DEFAULT_POLICY },
      'allow-unattested': { type: 'boolean', default: false },
    },
    HELP,
  )
  if (!parsed) return 0
  const { values, positionals } = parsed
  const baseURL = required(values['base-url'], 'base-url', HELP)
  const model = required(values.model, 'model', HELP)
  const prompt = positionals.join(' ')
  if (!prompt) throw new UsageError(`missing PROMPT\n\n${HELP}`)
  if (!isPolicyName(values.policy)) throw new UsageError(`--policy must be basic, standard or strict\n\n${HELP}`)
  const apiKey = (values['api-key'] as string | undefined) ?? process.env.VENICE_API_KEY

  const client = createClient({ baseURL, ...(apiKey ? { apiKey } : {}) })
  let session
  try {
    const models = await getModels(client)
    const found = models.find((m) => m.id === model)
    const mode = found ? privacyLevelOf(found) : 'none'
    const trustedRoots = values['trust-simulator'] ? await simulatorTrustedRoots(baseURL) : undefined
    session = createChatSession(client, {
      model,
      mode,
      policy: values.policy,
      allowUnattested: values['allow-unattested'] === true,
      ...(trustedRoots ? { trustedRoots } : {}),
    })
    let signatureLine = ''
    for await (const event of session.stream([{ role: 'user', content: prompt }])) {
      if (event.type === 'delta') process.stdout.write(event.content)
      if (event.type === 'attested') process.stderr.write(`attested ${model} (${event.attestation.report.policy} policy${event.attestation.report.simulated ? ', SIMULATED evidence' : ''}), signing address ${event.attestation.signingAddress}\n`)
      if (event.type === 'signature') {
        const s = event.signature
        signatureLine = s.status === 'verified' ? `response signature verified (signed by ${s.signingAddress})` : `response signature ${s.status}${'reason' in s ? `: ${s.reason}` : ''}`
      }
    }
    process.stdout.write('\n')
    process.stderr.write(`${mode === 'e2ee' ? 'encrypted end to end; ' : ''}${signatureLine}\n`)
    return 0
  } catch (error) {
    if (isSealkitError(error)) {
      console.error(`${error.code}: ${error.message}`)
      return 1
    }
    throw error
  } finally {
    session?.destroy()
  }
}
