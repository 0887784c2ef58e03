import { getModels, privacyLevelOf } from '../../src/core/api/models.ts'
import { isSealkitError } from '../../src/core/errors.ts'
import { createChatSession } from '../../src/core/session/chat-session.ts'
import { CONNECTION_OPTIONS, connect } from './connection.ts'
import { TRUST_SIMULATOR_HELP } from './trust.ts'
import { UsageError, parseCommand } from './usage.ts'

const HELP = `Usage: sealkit chat --base-url URL --model ID [--api-key KEY] [--policy basic|standard|strict] [--trust-simulator] [--allow-unattested] PROMPT

Streams the decrypted reply to stdout. E2EE models are encrypted end to end;
TEE models are attested and their response signature verified.
The API key may also come from VENICE_API_KEY.
${TRUST_SIMULATOR_HELP}`

export async function runChat(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      ...CONNECTION_OPTIONS,
      'allow-unattested': { type: 'boolean', default: false },
    },
    HELP,
  )
  if (!parsed) return 0
  const { values, positionals } = parsed
  const prompt = positionals.join(' ')
  if (!prompt) throw new UsageError(`missing PROMPT\n\n${HELP}`)
  const { client, model, policy, trustedRoots } = await connect(values, HELP)

  let session
  try {
    const models = await getModels(client)
    const found = models.find((m) => m.id === model)
    const mode = found ? privacyLevelOf(found) : 'none'
    session = createChatSession(client, {
      model,
      mode,
      policy,
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
