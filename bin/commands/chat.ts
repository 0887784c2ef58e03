import { getModels, privacyLevelOf } from '../../src/core/api/models.ts'
import { isSealkitError } from '../../src/core/errors.ts'
import { createChatSession } from '../../src/core/session/chat-session.ts'
import { privacyFloorOf, type PrivacyMode } from '../../src/core/session/privacy.ts'
import { CONNECTION_OPTIONS, connect } from './connection.ts'
import { saidElsewhere } from '../../src/core/worker/dev-warning.ts'
import { toned } from './tone.ts'
import { errorLine, escapeField, escapeText } from './escape.ts'
import { TRUST_SIMULATOR_HELP, trustSimulatorHint } from './trust.ts'
import { UsageError, parseCommand } from './usage.ts'

const HELP = `Usage: sealkit chat --base-url URL --model ID [--api-key KEY] [--provider venice|nearai|nearai-direct] [--signing-algo ecdsa|ed25519]
                    [--policy basic|standard|strict] [--trust-simulator]
                    [--privacy e2ee|tee|none] [--require-signature] [--allow-unattested] PROMPT

Streams the decrypted reply to stdout, then says on stderr whether the enclave signed it.
E2EE models are encrypted end to end; TEE models are attested and their response signature verified.
  --privacy            the privacy floor (default: from the id prefix, e2ee- or tee-); a server
                       that offers less is refused (PRIVACY_DOWNGRADE), never used with less
  --require-signature  exit 1 when the reply carries no enclave signature (default: warn)
  --allow-unattested   chat with a model that has no attestation, or a TEE model without checking
                       its attestation and signature: nothing is verified, and it says so
  --provider           venice (default), nearai (NEAR AI Cloud: its gateway's attestation is
                       required too) or nearai-direct (a NEAR AI model's own endpoint)
  --signing-algo       with nearai or nearai-direct: ecdsa (default) or ed25519 (X25519 + XChaCha20-Poly1305)
The API key may also come from VENICE_API_KEY (NEARAI_API_KEY with a NEAR AI provider).
Exit 0 when the reply arrived (signed, or unsigned with a warning), 1 on any failure
(a signature that does not verify included), 2 on bad usage.
${TRUST_SIMULATOR_HELP}`

export async function runChat(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      ...CONNECTION_OPTIONS,
      'allow-unattested': { type: 'boolean', default: false },
      privacy: { type: 'string' },
      'require-signature': { type: 'boolean', default: false },
    },
    HELP,
  )
  if (!parsed) return 0
  const { values, positionals } = parsed
  const prompt = positionals.join(' ')
  if (!prompt) throw new UsageError(`missing PROMPT\n\n${HELP}`)
  const requested = values.privacy
  if (requested !== undefined && requested !== 'e2ee' && requested !== 'tee' && requested !== 'none') throw new UsageError(`--privacy must be e2ee, tee or none\n\n${HELP}`)
  const { client, model, policy, trustedRoots, baseURL } = await connect(values, HELP)
  const floor = privacyFloorOf(model, requested as PrivacyMode | undefined)

  // The verdict lines below say what the session's dev warning would, in the CLI's own words (its flag, not the option).
  saidElsewhere('signature-unavailable')
  let session
  let midLine = false
  let printed = false
  try {
    // The server's flags may raise privacy above the floor; createChatSession refuses anything below it.
    const models = await getModels(client)
    const found = models.find((m) => m.id === model)
    const mode = found ? privacyLevelOf(found) : floor
    session = createChatSession(client, {
      model,
      mode,
      minPrivacy: floor,
      policy,
      allowUnattested: values['allow-unattested'] === true,
      ...(values['require-signature'] ? { signature: 'require' as const } : {}),
      ...(trustedRoots ? { trustedRoots } : {}),
    })
    let verdict = 'response signature skipped (unattested chat): nothing proves who wrote the reply'
    let signed = false
    for await (const event of session.stream([{ role: 'user', content: prompt }])) {
      if (event.type === 'delta') {
        process.stdout.write(escapeText(event.content))
        midLine = true
        printed ||= event.content !== ''
      }
      if (event.type === 'attested') {
        const { report, signingAddress } = event.attestation
        process.stderr.write(`${toned(process.stderr, report.simulated ? 'warn' : 'info', `attested ${escapeField(model)} (${report.policy} policy${report.simulated ? ', SIMULATED evidence' : ''}), signing address ${escapeField(signingAddress)}`)}\n`)
      }
      if (event.type === 'signature') {
        const s = event.signature
        signed = s.status === 'verified'
        verdict =
          s.status === 'verified'
            ? `response signature verified (signed by ${escapeField(s.signingAddress)})${session.attestation?.report.simulated ? ' [SIMULATED enclave]' : ''}: the reply is the enclave's`
            : `response signature ${s.status}${'reason' in s ? ` (${escapeField(s.reason)})` : ''}: nothing proves the reply came from the model`
      }
    }
    process.stdout.write('\n')
    midLine = false
    // --allow-unattested skips a TEE model's attestation: nothing says an enclave got the prompt.
    const attested = session.attestation !== undefined
    const privacy =
      mode === 'e2ee'
        ? signed
          ? 'encrypted end to end'
          : "encrypted to this session's key, unsigned: nothing proves the enclave encrypted the reply, nor that nobody on the way read it"
        : mode === 'tee' && attested
          ? 'sent to an attested enclave (not end-to-end encrypted)'
          : mode === 'tee'
            ? 'NOT verified: sent in plaintext to a server that says it runs an enclave; nothing was attested (--allow-unattested)'
            : 'NOT private: no enclave'
    const required = values['require-signature'] === true && !signed
    process.stderr.write(`${toned(process.stderr, signed || (mode === 'tee' && attested) ? 'info' : 'warn', privacy)}\n${toned(process.stderr, signed ? 'ok' : required ? 'fail' : 'warn', `${signed ? '' : required ? 'FAILED (--require-signature): ' : 'WARNING: '}${verdict}`)}\n`)
    // --require-signature: a reply without the enclave's signature fails, whatever left it unsigned (--allow-unattested too).
    return required ? 1 : 0
  } catch (error) {
    // End the reply's line first: in a terminal the error would otherwise run on from its last word.
    if (midLine) process.stdout.write('\n')
    if (isSealkitError(error)) {
      if (error.code.startsWith('SIGNATURE_') && error.code !== 'SIGNATURE_UNAVAILABLE') {
        console.error(toned(process.stderr, 'fail', 'response signature FAILED: the reply may not come from the model. Do not trust it.'))
      } else if (printed) {
        // Text is on stdout (a file, if redirected) that no signature covers, cut short by this error.
        console.error(toned(process.stderr, 'fail', 'The reply printed above is cut short and unverified: it may not come from the model. Do not trust it.'))
      }
      console.error(toned(process.stderr, 'fail', errorLine(error)))
      // The core's message names the API option; on the command line it is a flag.
      if (error.code === 'ATTESTATION_REQUIRED') console.error(toned(process.stderr, 'info', 'To chat with it anyway, unverified: add --allow-unattested.'))
      const hint = error.code === 'ATTESTATION_POLICY_FAILED' && !trustedRoots ? trustSimulatorHint(baseURL) : undefined
      if (hint) console.error(toned(process.stderr, 'info', hint))
      return 1
    }
    throw error
  } finally {
    session?.destroy()
  }
}
