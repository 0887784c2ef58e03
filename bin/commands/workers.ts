import { copyFileSync, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { sealkitPackage } from './package.ts'
import { UsageError, parseCommand } from './usage.ts'

/** The package's three Web Workers, each one self-contained file (vite.worker.config.ts), and where each is in dist/. */
const WORKERS = [
  ['src/core/worker', 'verify-worker.js'],
  ['src/core/worker', 'decrypt-worker.js'],
  ['src/components/markdown', 'highlight-worker.js'],
] as const

const HELP = `Usage: sealkit workers DIR

Copies sealkit's Web Workers from the installed package into DIR:
  verify-worker.js     verifies attestation reports off the main thread
  decrypt-worker.js    holds the E2EE session key and decrypts the reply
  highlight-worker.js  highlights long code blocks off the main thread
For an app that serves them as its own static files: a page whose HTML starts
the verification worker (earlyVerifyWorkerScript in sealkit/core), a
Content-Security-Policy, a bundler that does not emit them (then the app says
where each is: verify.verifyWorker, a key holder's URL, setHighlightWorker). Run it before every
build and dev server (e.g. "build": "sealkit workers public/workers && next build"), so the
files served are always the installed version's.`

export async function runWorkers(args: string[]): Promise<number> {
  const parsed = parseCommand(args, {}, HELP)
  if (!parsed) return 0
  const [target, ...extra] = parsed.positionals
  if (!target || extra.length) throw new UsageError(`give one directory to copy the workers into\n\n${HELP}`)
  const root = sealkitPackage()?.dir
  // A checkout has the workers' sources, and dist/ only as its last build left it: never copied silently.
  if (!root || existsSync(join(root, 'src/core/worker/verify-worker.ts'))) {
    console.error('sealkit workers: this is not an installed sealkit package (a checkout builds its workers with `npm run build`, into dist/src/).')
    return 1
  }
  const files = WORKERS.map(([dir, name]) => ({ name, from: join(root, 'dist', dir, name) }))
  const missing = files.filter(({ from }) => !existsSync(from))
  if (missing.length) {
    console.error(`sealkit workers: the installed package has no ${missing.map(({ from }) => from).join(' or ')}: reinstall it.`)
    return 1
  }
  const to = resolve(target)
  try {
    mkdirSync(to, { recursive: true })
  } catch (error) {
    console.error(`sealkit workers: cannot make the directory ${to}: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
  // Copied onto itself, a file can come out empty.
  const real = realpathSync(to)
  if (files.some(({ from }) => real === realpathSync(dirname(from)))) throw new UsageError(`${target} is where the package keeps its workers: give the directory your app serves`)
  for (const { name, from } of files) {
    copyFileSync(from, join(to, name))
    console.log(`${join(to, name)} (${(statSync(join(to, name)).size / 1024).toFixed(0)} KB)`)
  }
  return 0
}
