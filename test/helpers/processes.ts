/**
 * Commands run as a user runs them, for the consumer-app tests (test/consumers) and the bench's Next.js app
 * (bench/lib/next-app.ts): a user's shell environment, a command's output (or an error with all of it), a
 * server started in its own process group, and the package packed as `npm publish` would pack it.
 * No test framework here: the bench imports it too.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The environment of a user's shell: without Vitest's NODE_ENV=test and VITEST* variables, which would
 * make the library build and the apps' builds development builds (jsxDEV) unlike anything a user runs.
 */
function userEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const key of Object.keys(env)) if (key === 'NODE_ENV' || key === 'TEST' || key.startsWith('VITEST')) delete env[key]
  return { ...env, ...extra }
}

/** Runs a command in a fixture; its output is in the error when it fails. */
export async function sh(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, env: userEnv(env), maxBuffer: 64 * 1024 * 1024 })
    return stdout
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`)
  }
}

/**
 * Starts a long-running command (a server) in its own process group and resolves once its output
 * matches `ready`. `stop()` ends the group (next dev runs its server in a child process) and waits.
 */
export async function startProcess(
  cwd: string,
  command: string,
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const child = spawn(command, args, { cwd, env: userEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM')
      } catch {
        // already gone
      }
      await exited
    }
  }
  let output = ''
  try {
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`${command} ${args.join(' ')} did not start in 120 s:\n${output}`)), 120_000)
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        if (ready.test(output)) {
          clearTimeout(timer)
          ok()
        }
      }
      child.stdout!.on('data', onData)
      child.stderr!.on('data', onData)
      child.on('exit', (code) => fail(new Error(`${command} exited with ${code}:\n${output}`)))
    })
  } catch (error) {
    await stop()
    throw error
  }
  return { child, output: () => output, stop }
}

/** Packs the package into `dir` (its `prepack` script builds it) as `sealkit.tgz`, the name every fixture's lockfile uses; returns its path. */
export async function packInto(dir: string): Promise<string> {
  const name = (await sh(ROOT, 'npm', ['pack', '--silent', '--pack-destination', dir])).trim().split('\n').at(-1)!
  const tarball = join(dir, 'sealkit.tgz')
  renameSync(join(dir, name), tarball)
  return tarball
}
