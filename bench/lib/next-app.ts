/**
 * The Next.js bench app (bench/apps/next) as a user's app gets sealkit: the package packed (`npm pack`, whose
 * `prepack` builds it), installed from the tarball with `npm ci`, built with the app's own `npm run build`
 * (`sealkit workers public/workers && next build`, Turbopack) and served by `next start` on loopback.
 *
 * The app borrows test/consumers/next's package.json and lockfile (the same Next, React and TanStack Query,
 * `sealkit` from `../.pack/sealkit.tgz`), so there is one lockfile to keep. `app/bench.generated.js` tells
 * it the simulator's address and test roots, the model, and the probe script for its `<head>`s;
 * `app/plain-chat-view.jsx` is the plaintext baseline's chat (bench/apps/plaintext/chat.tsx) with its types stripped.
 */
import { execFile, spawn } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import ts from 'typescript'
import { freePort } from '../../test/helpers/free-port.ts'
import { BENCH_MODEL, PROBE_SCRIPT } from '../apps/probe.ts'
import { ROOT } from './bundle.ts'
import type { SimulatorProcess } from './simulator-process.ts'

const run = promisify(execFile)

/** Runs a command; its output is in the error when it fails. NODE_ENV unset (the builds are production builds), no telemetry. */
async function sh(cwd: string, command: string, args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  delete env.NODE_ENV
  try {
    return (await run(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 })).stdout
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`)
  }
}

export interface NextApp {
  /** `http://127.0.0.1:<port>`: the pages are `/`, `/early` and `/plaintext`. */
  origin: string
  /** The Next.js version installed. */
  nextVersion: string
  close(): Promise<void>
}

/** Packs, installs, builds and starts the Next.js bench app in `work` (emptied first), talking to `sim`. */
export async function startNextApp(work: string, sim: SimulatorProcess): Promise<NextApp> {
  const site = join(work, 'site')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(join(work, '.pack'), { recursive: true })
  cpSync(join(ROOT, 'bench/apps/next'), site, { recursive: true })
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, 'test/consumers/next', file), join(site, file))
  writeFileSync(
    join(site, 'app/bench.generated.js'),
    [
      `export const BASE_URL = ${JSON.stringify(sim.baseURL)}`,
      `export const TRUSTED_ROOTS = ${JSON.stringify(sim.trustedRoots)}`,
      `export const MODEL = ${JSON.stringify(BENCH_MODEL)}`,
      `export const PROBE_SCRIPT = ${JSON.stringify(PROBE_SCRIPT)}`,
      '',
    ].join('\n'),
  )
  // The plaintext baseline's chat, the Vite app's own, its types stripped (the app has no TypeScript).
  const chat = readFileSync(join(ROOT, 'bench/apps/plaintext/chat.tsx'), 'utf8')
  const jsx = ts.transpileModule(chat, { compilerOptions: { jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText
  writeFileSync(join(site, 'app/plain-chat-view.jsx'), jsx)
  const packed = (await sh(ROOT, 'npm', ['pack', '--silent', '--pack-destination', join(work, '.pack')])).trim().split('\n').at(-1)!
  renameSync(join(work, '.pack', packed), join(work, '.pack/sealkit.tgz'))
  await sh(site, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'])
  await sh(site, 'npm', ['run', 'build'])

  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  delete env.NODE_ENV
  // Its own process group: `next start` runs its server in a child process.
  const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: site, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`next start did not say Ready in 60 s:\n${output}`)), 60_000)
    const read = (chunk: Buffer) => {
      output += chunk
      if (/Ready in/.test(output)) {
        clearTimeout(timer)
        ready()
      }
    }
    server.stdout.on('data', read)
    server.stderr.on('data', read)
    server.once('exit', (code) => failed(new Error(`next start exited (${code}):\n${output}`)))
  })
  return {
    origin: `http://127.0.0.1:${port}`,
    nextVersion: (JSON.parse(readFileSync(join(site, 'node_modules/next/package.json'), 'utf8')) as { version: string }).version,
    close: async () => {
      if (server.exitCode !== null) return
      const exited = new Promise((done) => server.once('exit', done))
      process.kill(-server.pid!, 'SIGTERM')
      await exited
    },
  }
}
