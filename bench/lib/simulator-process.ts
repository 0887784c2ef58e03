/**
 * The simulator in a process of its own, so that its evidence generation and per-chunk
 * encryption never run on the cores' time the measured page is charged for.
 * `startSimulatorProcess(options)` spawns this file (`node --import tsx`, options as JSON on
 * stdin); the child starts
 * `startSimulatorServer` on a free loopback port with the libsecp256k1-wasm ECDH backend, asks it
 * for one attestation report (its first is slow, see below) and prints one JSON line: `{ baseURL, trustedRoots }`.
 */
import { spawn } from 'node:child_process'
import { setPriority } from 'node:os'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { SimulatorServerOptions } from '../../src/simulator/node.ts'

export interface SimulatorProcess {
  baseURL: string
  trustedRoots: { intel: string[]; nvidia: string[] }
  close(): Promise<void>
}

const SELF = fileURLToPath(import.meta.url)

export function startSimulatorProcess(options: SimulatorServerOptions): Promise<SimulatorProcess> {
  // Options on stdin: a scripted reply can be larger than one command-line argument may be.
  const child = spawn(process.execPath, ['--import', 'tsx', SELF], { stdio: ['pipe', 'pipe', 'inherit'] })
  serverPriority(child.pid)
  child.stdin!.end(JSON.stringify({ ...options, port: 0 }))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`simulator process exited (${code}) before it listened`)))
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const { baseURL, trustedRoots } = JSON.parse(line) as Omit<SimulatorProcess, 'close'>
      resolve({
        baseURL,
        trustedRoots,
        close: async () => {
          child.kill('SIGTERM')
          await exited
        },
      })
    })
  })
}

let priorityWarned = false
/**
 * A remote enclave answers on its own CPUs; this one shares the machine's (two cores here) with the
 * browser under test. Scheduled ahead of the browser, it answers as soon as a request is in rather
 * than when a core is free, and takes only the few milliseconds its answer costs. Needs the right to
 * raise a priority (root, or CAP_SYS_NICE): without it the run says so once and goes on at the
 * default priority.
 */
function serverPriority(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    setPriority(pid, -10)
  } catch (error) {
    if (!priorityWarned) console.warn(`   simulator process at the default priority (${error instanceof Error ? error.message : String(error)}): its answers wait for a free core`)
    priorityWarned = true
  }
}

if (process.argv[1] === SELF) {
  const { startSimulatorServer } = await import('../../src/simulator/node.ts')
  const { installFastEcdh } = await import('../../src/core/crypto/backends/index.ts')
  const { generateNonce } = await import('../../src/core/crypto/random.ts')
  await installFastEcdh()
  let input = ''
  for await (const part of process.stdin) input += String(part)
  const server = await startSimulatorServer(JSON.parse(input) as SimulatorServerOptions)
  // The simulator makes its test CA hierarchies and device chains on its first report (~200 ms), which
  // a real enclave has long had: one report now, so that no measured page waits for them.
  await (await fetch(`${server.baseURL}/tee/attestation?model=${server.simulator.defaultModel}&nonce=${generateNonce()}`)).arrayBuffer()
  process.stdout.write(JSON.stringify({ baseURL: server.baseURL, trustedRoots: server.simulator.trustedRoots() }) + '\n')
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)))
}
