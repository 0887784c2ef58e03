import { spawn, type ChildProcess } from 'node:child_process'
import { inject } from 'vitest'
import { tempDir } from '../helpers/temp-dir.ts'

/** The CLI, bundled once for the run (bundle.ts). */
export const BIN = inject('cliBundle')

/**
 * Per test, for the CLI's test files: a test starts several processes (simulators, CLI runs), which
 * takes 7–15 s on a loaded two-core machine, near the 20 s default.
 */
export const CLI_TEST = { timeout: 60_000 }

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** The CLI's config directory in tests (sealkit attest remembers code identities there): never the user's own. */
export const TEST_CONFIG_HOME = tempDir('sealkit-config-')

export function run(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, XDG_CONFIG_HOME: TEST_CONFIG_HOME, FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Starts `sealkit simulate --port 0` and resolves with the base URL it prints, and everything it has printed so far (`output()`). */
export function simulate(args: string[] = []): Promise<{ child: ChildProcess; baseURL: string; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'simulate', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
      const url = /listening on (http:\/\/[^\s]+)/.exec(out)?.[1]
      const base = /API base URL: (http:\/\/[^\s]+)/.exec(out)?.[1]
      if (url && base) resolve({ child, url, baseURL: base, output: () => out })
    })
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`simulate exited ${code}: ${out}`)))
  })
}

