import { FAULT_NAMES, isFaultName, type FaultName } from '../../src/simulator/faults.ts'
import { REDEPLOY_PATH } from '../../src/simulator/handler.ts'
import { startSimulatorServer } from '../../src/simulator/node.ts'
import { UsageError, parseCommand } from './usage.ts'

/** Intel's TCB statuses the simulated PCCS may rate the platform with. */
const TCB_STATUSES = [
  'UpToDate',
  'SWHardeningNeeded',
  'ConfigurationNeeded',
  'ConfigurationAndSWHardeningNeeded',
  'OutOfDate',
  'OutOfDateConfigurationNeeded',
  'TDRelaunchAdvised',
  'TDRelaunchAdvisedConfigurationNeeded',
  'Revoked',
] as const

const HELP = `Usage: sealkit simulate [--port N] [--host H] [--dialect venice|nearai|nearai-direct] [--fault NAME]... [--chunk-delay MS] [--seed TEXT]
                        [--attestation-delay MS] [--redeploy N] [--tcb-status STATUS] [--advisory ID]...

Runs the simulated enclave: the whole protocol (models, attestation, TEE and
E2EE streaming chat, response signatures) with simulated evidence.
--dialect nearai speaks NEAR AI Cloud's API (base path /v1, ecdsa and ed25519 keys; each report
               carries a simulated gateway's attestation); nearai-direct, a NEAR AI model's own endpoint.
--port 0 picks a free port. --fault may repeat; faults: ${FAULT_NAMES.join(', ')}.
--attestation-delay MS
               answers each attestation MS late: the enclave's time to make fresh evidence
               (Venice's own took 550-610 ms), to see a client as its users will.
--redeploy N   redeploys the enclave after every N attestations (a new image digest and
               compose hash: clients see the code identity change). Whatever N, SIGUSR2 or
               POST ${REDEPLOY_PATH} redeploys at once.
--tcb-status   how the simulated PCCS (served at the server root, /tdx/certification/v4/…)
               rates the platform: ${TCB_STATUSES.join(', ')} (default UpToDate);
               --advisory names an Intel advisory it lists (repeatable; default one
               simulated advisory for any status but UpToDate).`

export async function runSimulate(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      fault: { type: 'string', multiple: true },
      'chunk-delay': { type: 'string' },
      'attestation-delay': { type: 'string' },
      seed: { type: 'string' },
      dialect: { type: 'string', default: 'venice' },
      redeploy: { type: 'string' },
      'tcb-status': { type: 'string' },
      advisory: { type: 'string', multiple: true },
    },
    HELP,
  )
  if (!parsed) return 0
  const { values } = parsed
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535\n\n${HELP}`)
  const faults = (values.fault as string[] | undefined) ?? []
  const unknown = faults.filter((f) => !isFaultName(f))
  if (unknown.length) throw new UsageError(`unknown fault ${unknown.join(', ')}; known: ${FAULT_NAMES.join(', ')}`)
  /** A flag's milliseconds, if given; a usage error for anything but a number >= 0. */
  const milliseconds = (flag: 'chunk-delay' | 'attestation-delay', usage = '') => {
    const value = values[flag] === undefined ? undefined : Number(values[flag])
    if (value !== undefined && !(value >= 0)) throw new UsageError(`--${flag} must be a number of milliseconds${usage}`)
    return value
  }
  const chunkDelayMs = milliseconds('chunk-delay')
  const attestationDelayMs = milliseconds('attestation-delay', `\n\n${HELP}`)

  const redeployEvery = values.redeploy === undefined ? undefined : Number(values.redeploy)
  if (redeployEvery !== undefined && !(Number.isInteger(redeployEvery) && redeployEvery >= 1)) throw new UsageError(`--redeploy must be a whole number of attestations, 1 or more\n\n${HELP}`)
  const tcbStatus = values['tcb-status'] as string | undefined
  if (tcbStatus !== undefined && !(TCB_STATUSES as readonly string[]).includes(tcbStatus)) throw new UsageError(`--tcb-status must be one of ${TCB_STATUSES.join(', ')}`)
  const advisories = (values.advisory as string[] | undefined) ?? []
  const advisoryIds = advisories.length ? advisories : tcbStatus && tcbStatus !== 'UpToDate' ? ['INTEL-SA-00000 (simulated)'] : []

  const dialect = values.dialect
  if (dialect !== 'venice' && dialect !== 'nearai' && dialect !== 'nearai-direct') throw new UsageError(`--dialect must be venice, nearai or nearai-direct\n\n${HELP}`)
  const server = await startSimulatorServer({
    dialect,
    port,
    host: values.host as string,
    ...(faults.length ? { fault: faults as FaultName[] } : {}),
    ...(chunkDelayMs !== undefined ? { chunkDelayMs } : {}),
    ...(attestationDelayMs ? { attestationDelayMs } : {}),
    ...(values.seed ? { seed: values.seed as string } : {}),
    ...(redeployEvery ? { redeployEvery } : {}),
    ...(tcbStatus || advisoryIds.length ? { pccs: { ...(tcbStatus ? { tcbStatus } : {}), ...(advisoryIds.length ? { advisoryIds } : {}) } } : {}),
  })
  const e2ee = server.simulator.models.find((m) => m.id.startsWith('e2ee-'))?.id ?? server.simulator.defaultModel
  console.log(`sealkit simulated enclave listening on ${server.url}`)
  console.log(`API base URL: ${server.baseURL}${faults.length ? `  (faults: ${faults.join(', ')})` : ''}`)
  if (attestationDelayMs) console.log(`Attestations are answered ${attestationDelayMs} ms late (--attestation-delay)`)
  console.log(`Models: ${server.simulator.models.map((m) => m.id).join(', ')}`)
  console.log(`Simulated PCCS: ${server.url}  (TCB status ${tcbStatus ?? 'UpToDate'}${advisoryIds.length ? `; advisories ${advisoryIds.join(', ')}` : ''})`)
  console.log(
    `Code identity: deployment revision ${server.simulator.deploymentRevision}; ${redeployEvery ? `redeploys after every ${redeployEvery} attestation${redeployEvery === 1 ? '' : 's'}, or ` : 'redeploys '}on SIGUSR2 or POST ${server.url}${REDEPLOY_PATH}`,
  )
  console.log('')
  console.log('Chat with it, encrypted end to end:')
  const near = dialect === 'venice' ? '' : ` --provider ${dialect} --signing-algo ed25519`
  console.log(`  npx sealkit chat --base-url ${server.baseURL}${near} --model ${e2ee} --trust-simulator "Hello, enclave"`)
  console.log("See what was verified, the platform's patch level rated by the simulated PCCS:")
  console.log(`  npx sealkit attest --base-url ${server.baseURL}${near} --model ${e2ee} --trust-simulator --pccs ${server.url}`)
  console.log('Save the attestation as received, and check it again offline (--save prints the verify command):')
  console.log(`  npx sealkit attest --base-url ${server.baseURL}${near} --model ${e2ee} --trust-simulator --save report.json`)
  console.log('The evidence is simulated: it chains to test roots made at start-up, never to Intel or NVIDIA;')
  console.log('--trust-simulator opts in to those roots, and reports then say SIMULATED.')
  console.log('Press Ctrl+C to stop.')

  await new Promise<void>((resolve) => {
    const stop = () => {
      void server.close().then(resolve)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    process.on('SIGUSR2', () => console.log(`Redeployed: deployment revision ${server.simulator.redeploy()}`))
  })
  return 0
}
