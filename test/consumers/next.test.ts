/**
 * A fresh Next.js 16 App Router app with the packed tarball: a Server Component page that renders
 * PrivateChat and uses sealkit/core, built with Turbopack (Next 16's default) and with webpack
 * (`next build --webpack`), each run with `next start`, and run under `next dev`: on loopback, private
 * chat in Chromium, the worker alive, no console errors, no hydration warnings. The same page at /early,
 * under a root layout whose HTML starts the verification worker (`earlyVerifyWorkerScript`), served from
 * public/workers/ where the app's build and dev scripts copy them first (`sealkit workers`): sealkit
 * adopts that worker and starts no other. And at /strict, the same under a nonce Content-Security-Policy set by the
 * app's proxy.js, the HTML's script given the nonce by its layout (docs/nextjs.md), and the highlighting and decryption
 * workers served from public/workers/ as well (setHighlightWorker, the config's keyHolder), which alone the policy lets start.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { chatInChromium, closeBrowser, CODE_MESSAGE, expectPrivateChatInWorker, freePort, installFixture, sh, startProcess } from './harness.ts'

afterAll(closeBrowser)

const NEXT = 'node_modules/next/dist/bin/next'
const env = { NEXT_TELEMETRY_DISABLED: '1' }
const VERIFY_WORKER = /verify-worker/

/** Starts `next <command>` on a free port, checks the server-rendered pages, then chats in Chromium on each. */
async function chatWithNext(dir: string, command: 'start' | 'dev'): Promise<void> {
  const port = await freePort()
  const server = await startProcess(dir, 'node', [NEXT, command, '-p', String(port), '-H', '127.0.0.1'], /Ready in/, env)
  try {
    const url = `http://127.0.0.1:${port}/`
    const html = await (await fetch(url)).text()
    expect(html).toMatch(/sealkit\/core on the server: <!-- -->2<!-- --> E2EE models/)
    expect(html).not.toContain('sealkit.earlyVerifyWorker')
    // A reply with a code block, highlighted with the grammar chunk Next's bundler made from the package.
    const run = await chatInChromium(url, CODE_MESSAGE)
    expectPrivateChatInWorker(run)
    // Three workers, decryption, verification and highlighting: Turbopack starts each through its own loader script
    // (turbopack-worker-*.js), webpack as a chunk.
    expect(run.workers).toHaveLength(3)
    expect(run.codeTokens).toContain('hljs-keyword')

    // /early: the HTML's head starts the verification worker from public/workers/; sealkit adopts it.
    const early = `${url}early`
    const earlyHtml = await (await fetch(early)).text()
    expect(earlyHtml.slice(0, earlyHtml.indexOf('</head>'))).toContain('new Worker("/workers/verify-worker.js",{type:"module"})')
    const adopted = await chatInChromium(early, CODE_MESSAGE)
    expectPrivateChatInWorker(adopted)
    expect(adopted.workers).toHaveLength(3)
    expect(adopted.workers.filter((w) => VERIFY_WORKER.test(w))).toEqual([`${url}workers/verify-worker.js`])
    expect(adopted.requests.filter((r) => VERIFY_WORKER.test(r))).toEqual([`${url}workers/verify-worker.js`])

    // /strict: the same under a nonce Content-Security-Policy from proxy.js (docs/nextjs.md): the HTML's script runs by
    // the nonce, both workers start, the key agreement runs in WebAssembly, and nothing on the page is refused.
    const strict = `${url}strict`
    const response = await fetch(strict)
    const policy = response.headers.get('content-security-policy') ?? ''
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1]
    expect(nonce).toBeDefined()
    // Only the workers the app serves may start: the bundler's copy of a worker the app did not ask for would be refused.
    expect(policy).toContain(`worker-src ${url}workers/`)
    const strictHtml = await response.text()
    expect(strictHtml).toMatch(new RegExp(`<script nonce="${nonce!.replace(/[+/=]/g, '\\$&')}">[^<]*new Worker\\("/workers/verify-worker\\.js"`))
    const guarded = await chatInChromium(strict, CODE_MESSAGE)
    expectPrivateChatInWorker(guarded)
    expect(guarded.ecdh).toBe('libsecp256k1-wasm')
    expect(guarded.workers.filter((w) => VERIFY_WORKER.test(w))).toEqual([`${url}workers/verify-worker.js`])
    // And the decryption worker, the config's keyHolder (createDefaultKeyHolder({ worker })) beside a defaultModel: the
    // holder started with the page is that one, and the key is in it; the bundled one never started (it would be refused).
    expect(guarded.workers.filter((w) => /decrypt-worker/.test(w))).toEqual([`${url}workers/decrypt-worker.js`])
    // Its layout serves the highlighting worker too (setHighlightWorker): the long block was highlighted by that one.
    expect(guarded.workers.filter((w) => /highlight-worker/.test(w))).toEqual([`${url}workers/highlight-worker.js`])
    expect(guarded.messages.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([])
    // Next marks a server-side error with ⨯ (a failed render, a module it could not resolve).
    expect(server.output()).not.toMatch(/⨯/)
  } finally {
    await server.stop()
  }
}

describe('next', () => {
  it('next build (Turbopack), next start: the server renders with sealkit/core, the page hydrates cleanly and decrypts in the worker', async () => {
    const dir = await installFixture('next')
    // As the app builds: its build script copies the workers into public/workers/ first.
    expect(await sh(dir, 'npm', ['run', 'build'], env)).toMatch(/public\/workers\/verify-worker\.js \(\d+ KB\)/)
    await chatWithNext(dir, 'start')
  })

  it('next build --webpack, next start: the same app through webpack 5', async () => {
    const dir = await installFixture('next')
    await sh(dir, 'npm', ['run', 'build', '--', '--webpack'], env)
    await chatWithNext(dir, 'start')
  })

  it('next dev: the same app from the dev server', async () => {
    const dir = await installFixture('next')
    // What the app's dev script does before `next dev`.
    await sh(dir, join('node_modules', '.bin', 'sealkit'), ['workers', 'public/workers'])
    await chatWithNext(dir, 'dev')
  })
})
