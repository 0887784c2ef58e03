#!/usr/bin/env node
/**
 * The sealkit CLI.
 *
 *   sealkit simulate [--port N] [--host H] [--fault NAME]
 *   sealkit chat --base-url URL --model ID [--api-key KEY] [--policy P] PROMPT
 *   sealkit attest --base-url URL --model ID [--api-key KEY] [--policy P] [--json]
 *   sealkit verify FILE [--nonce HEX] [--at ISO-TIME] [--collateral FILE] [--nras FILE] [--jwks FILE] [--policy P] [--json]
 *
 *   sealkit collateral serve [--port N] [--upstream URL]
 *   sealkit workers DIR
 *
 * Exit codes: 0 success, 1 failure (verification failed, chat error), 2 bad usage.
 */
import { runAttest } from './commands/attest.ts'
import { runChat } from './commands/chat.ts'
import { runCollateral } from './commands/collateral.ts'
import { sealkitPackage } from './commands/package.ts'
import { runSimulate } from './commands/simulate.ts'
import { runVerify } from './commands/verify.ts'
import { runWorkers } from './commands/workers.ts'
import { UsageError } from './commands/usage.ts'
import { escapeText } from './commands/escape.ts'

const HELP = `Usage: sealkit <command> [options]

Commands:
  simulate    run the simulated enclave (the protocol's server side) on loopback
  chat        send a prompt and stream the decrypted reply to stdout
  attest      fetch a fresh attestation for a model and print the verification report
  verify      verify a saved attestation report or TDX quote offline
  collateral  serve Intel collateral with CORS, cached (a PCCS for browsers)
  workers     copy the package's Web Workers into a directory the app serves

Run 'sealkit <command> --help' for the options of one command, 'sealkit --version' for the version.
The API key may also come from VENICE_API_KEY.`

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  simulate: runSimulate,
  chat: runChat,
  attest: runAttest,
  verify: runVerify,
  collateral: runCollateral,
  workers: runWorkers,
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP)
    return command ? 0 : 2
  }
  if (command === '--version' || command === '-v') {
    console.log(sealkitPackage()?.version ?? 'unknown')
    return 0
  }
  const run = COMMANDS[command]
  if (!run) {
    console.error(`sealkit: unknown command '${command}'\n\n${HELP}`)
    return 2
  }
  try {
    return await run(rest)
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`sealkit ${command}: ${escapeText(error.message)}`)
      return 2
    }
    throw error
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // Whatever failed, its message may quote a server or a file: escaped, newlines kept.
    console.error(`sealkit: ${escapeText(error instanceof Error ? error.message : String(error))}`)
    process.exitCode = 1
  },
)
