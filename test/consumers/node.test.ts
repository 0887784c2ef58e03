/**
 * Plain Node with the packed tarball: `sealkit/core` from ESM (the README's "core in five lines"
 * against the package's simulator served on loopback) and from `require()` (require(esm), Node >= 20.19),
 * and the installed `sealkit` command (the package's built CLI; the node tests run a bundle of the sources).
 */
import { execFile, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir.ts'
import { installFixture, sh } from './harness.ts'

describe('node-esm', () => {
  let dir: string
  beforeAll(async () => {
    dir = await installFixture('node-esm')
  })

  it('streams an E2EE chat with sealkit/core from ESM: decrypted, verified under the simulator roots, key on this thread', async () => {
    const out = JSON.parse(await sh(dir, 'node', ['main.mjs'], { PORT: '0' }))
    expect(out.text).toContain('You said: "Hello from Node"')
    expect(out.verdict).toBe('passed')
    // After the chat: its ECDH is the package's libsecp256k1 WebAssembly, loaded from the installed tarball.
    expect(out.keyHolder).toEqual({ kind: 'main-thread', reason: expect.any(String), ecdh: { name: 'libsecp256k1-wasm' } })
  })

  it('the declarations type-check with skipLibCheck: false on TypeScript 5.9, the oldest the README states, on 6.0 and on 7.0', async () => {
    // The repository's own TypeScript 6 on the same app and its installed tarball, and TypeScript 7, the native
    // compiler: what `npm install typescript` gives a new project since its release. No emit: the three run side by side.
    const tsc6 = join(import.meta.dirname, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc')
    const compilers: Array<[string, RegExp]> = [
      ['node_modules/typescript/bin/tsc', /^Version 5\.9\./],
      [tsc6, /^Version 6\./],
      ['node_modules/typescript-7/bin/tsc', /^Version 7\./],
    ]
    for (const [tsc, version] of compilers) expect((await sh(dir, 'node', [tsc, '-v'])).trim()).toMatch(version)
    await Promise.all(compilers.map(([tsc]) => sh(dir, 'node', [tsc, '-p', '.'])))
  })

  it('require() loads every entry point (require(esm))', async () => {
    const script = "for (const p of ['sealkit', 'sealkit/core', 'sealkit/simulator', 'sealkit/simulator/node', 'sealkit/openai', 'sealkit/ai-sdk', 'sealkit/vite']) console.log(p, Object.keys(require(p)).length)"
    const out = await sh(dir, 'node', ['-e', script])
    for (const line of out.trim().split('\n')) expect(Number(line.split(' ')[1]), line).toBeGreaterThan(0)
    expect(JSON.parse(await sh(dir, 'node', ['-p', "JSON.stringify(typeof require('sealkit/core').createChatSession)"]))).toBe('function')
  })

  it('the installed sealkit command simulates an enclave, and chats with it end to end', async () => {
    const bin = join(dir, 'node_modules', '.bin', 'sealkit')
    const installed = JSON.parse(await sh(dir, 'node', ['-p', "JSON.stringify(require('./node_modules/sealkit/package.json').version)"])) as string
    expect((await sh(dir, bin, ['--version'])).trim()).toBe(installed)
    const server = spawn(bin, ['simulate', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      // The simulator prints the chat command to try; run exactly that, with the installed bin.
      let command: string | undefined
      for await (const line of createInterface({ input: server.stdout! })) {
        command = /npx sealkit (chat .*)$/.exec(line)?.[1]
        if (command) break
      }
      expect(command).toBeDefined()
      const args = [...command!.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!)
      const { stdout, stderr } = await promisify(execFile)(bin, args, { cwd: dir })
      expect(stdout).toContain('You said: "Hello, enclave"')
      expect(stderr).toContain('encrypted end to end')
      expect(stderr).toMatch(/response signature verified .*: the reply is the enclave's/)
    } finally {
      server.kill()
    }
  })

  it('the installed sealkit workers copies the package\'s three workers, byte for byte, and never onto themselves', async () => {
    const bin = join(dir, 'node_modules', '.bin', 'sealkit')
    const dist = join(dir, 'node_modules', 'sealkit', 'dist', 'src')
    const shipped = join(dist, 'core', 'worker')
    const into = join(tempDir('sealkit-workers-'), 'public', 'workers')
    const out = await sh(dir, bin, ['workers', into])
    const workers: Array<[string, string]> = [[shipped, 'verify-worker.js'], [shipped, 'decrypt-worker.js'], [join(dist, 'components', 'markdown'), 'highlight-worker.js']]
    for (const [from, name] of workers) {
      expect(out).toContain(join(into, name))
      expect(readFileSync(join(into, name)).equals(readFileSync(join(from, name)))).toBe(true)
    }
    expect(readdirSync(into).sort()).toEqual(['decrypt-worker.js', 'highlight-worker.js', 'verify-worker.js'])
    // Onto either of the package's worker folders: refused, exit 2, nothing written.
    for (const [folder, name] of [workers[0]!, workers[2]!]) {
      const before = readFileSync(join(folder, name))
      const onto = await promisify(execFile)(bin, ['workers', folder], { cwd: dir }).then(() => 0, (e: { code: number }) => e.code)
      expect(onto).toBe(2)
      expect(readFileSync(join(folder, name)).equals(before)).toBe(true)
    }
    // A path that is a file: one line that says so, exit 1.
    const file = join(into, 'verify-worker.js')
    const notDir = await promisify(execFile)(bin, ['workers', file], { cwd: dir }).then(() => undefined, (e: { code: number; stderr: string }) => e)
    expect(notDir?.code).toBe(1)
    expect(notDir?.stderr).toMatch(/^sealkit workers: cannot make the directory .*verify-worker\.js: EEXIST/)
  })
})
