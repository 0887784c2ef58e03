import { INTEL_PCS_BASE_URL } from '../../src/core/attestation/tdx/collateral-fetch.ts'
import { startCollateralServer } from './collateral-server.ts'
import { UsageError, parseCommand } from './usage.ts'

const HELP = `Usage: sealkit collateral serve [--port N] [--host H] [--upstream URL] [--max-age SECONDS]

Serves Intel's TDX collateral (PCS v4 API: TCB info by FMSPC, QE identity, PCK CRL,
root CA CRL) with CORS headers, so browsers can check TCB status and revocation.
Each answer is cached until its nextUpdate (at most --max-age, default 3600 s).
Point sealkit at it with  verify: { collateral: { pccsUrl: 'http://HOST:PORT' } }.
  --upstream  Intel PCS (default ${INTEL_PCS_BASE_URL}) or your PCCS
  --port      default 8081; 0 picks a free port`

export async function runCollateral(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'serve') {
    if (sub === '--help' || sub === '-h') {
      console.log(HELP)
      return 0
    }
    throw new UsageError(`expected 'serve'\n\n${HELP}`)
  }
  const parsed = parseCommand(
    rest,
    {
      port: { type: 'string', default: '8081' },
      host: { type: 'string', default: '127.0.0.1' },
      upstream: { type: 'string', default: INTEL_PCS_BASE_URL },
      'max-age': { type: 'string', default: '3600' },
    },
    HELP,
  )
  if (!parsed) return 0
  const { values } = parsed
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535\n\n${HELP}`)
  const maxAge = Number(values['max-age'])
  if (!(maxAge >= 0)) throw new UsageError('--max-age must be a number of seconds')
  const upstream = values.upstream as string
  if (!/^https?:\/\//.test(upstream)) throw new UsageError('--upstream must be an http(s) URL')
  const server = await startCollateralServer({ port, host: values.host as string, upstream, maxAgeMs: maxAge * 1000 })
  console.log(`sealkit collateral server listening on ${server.url}`)
  console.log(`Upstream: ${upstream}`)
  console.log(`Use it: verify: { collateral: { pccsUrl: '${server.url}' } }   or   sealkit verify FILE --pccs ${server.url}`)
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve)
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  return 0
}
