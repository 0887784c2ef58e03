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
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { freePort } from '../../test/helpers/free-port.ts'
import { packInto, sh, startProcess } from '../../test/helpers/processes.ts'
import { BENCH_MODEL, PROBE_SCRIPT } from '../apps/probe.ts'
import { ROOT } from './bundle.ts'
import type { SimulatorProcess } from './simulator-process.ts'

/** No telemetry from `next build` / `next start` (on top of the user's environment, NODE_ENV unset: production builds). */
const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: '1' }

export interface NextApp {
  /** `http://127.0.0.1:<port>`: the pages are `/`, `/served`, `/early` and `/plaintext`. */
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
  await packInto(join(work, '.pack'))
  await sh(site, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'])
  await sh(site, 'npm', ['run', 'build'], NEXT_ENV)
  const port = await freePort()
  const server = await startProcess(site, process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], /Ready in/, NEXT_ENV)
  return {
    origin: `http://127.0.0.1:${port}`,
    nextVersion: (JSON.parse(readFileSync(join(site, 'node_modules/next/package.json'), 'utf8')) as { version: string }).version,
    close: server.stop,
  }
}
