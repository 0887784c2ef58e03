/**
 * Fresh Vite apps (React 19 and React 18) with the packed tarball: `vite build` (the React 19 app with
 * nothing sealkit-specific in its config, the React 18 one with sealkit/vite's plugins), served on loopback, private chat in Chromium with the worker alive;
 * and the React 19 app under `vite dev`, where the packed package goes through Vite's dependency
 * optimizer instead of the production bundler.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startSimulatorServer } from '../../src/simulator/node.ts'
import { chatInChromium, closeBrowser, CODE_MESSAGE, expectPrivateChatInWorker, freePort, inChromium, installFixture, serveStatic, sh, startProcess } from './harness.ts'

afterAll(closeBrowser)

const VITE = 'node_modules/vite/bin/vite.js'
const DECRYPT_WORKER = /decrypt-worker[-.\w]*\.js(\?.*)?$/
const VERIFY_WORKER = /verify-worker[-.\w]*\.js(\?.*)?$/

// vite-react18 adds sealkit/vite's earlyVerifyWorker(): its HTML starts the verification worker, which sealkit adopts;
// its eagerCommonJs(): React 18's CommonJS wrappers become parenthesized functions;
// and "Fewer scripts up front" in docs/performance.md: rolldown inlines the small common chunks Vite would load up front.
describe.each([
  ['vite-react19', false],
  ['vite-react18', true],
])('%s', (fixture, early) => {
  it(`builds, verifies in the verification worker${early ? ' the HTML started' : ''}, decrypts a reply in the decryption worker, with no console errors`, async () => {
    const dir = await installFixture(fixture)
    await sh(dir, 'node', [VITE, 'build', '--logLevel', 'warn'])
    const html = readFileSync(join(dir, 'dist/index.html'), 'utf8')
    const started = /new Worker\("(\/assets\/verify-worker-[\w-]+\.js)"/.exec(html)?.[1]
    if (early) expect(started && existsSync(join(dir, 'dist', started))).toBe(true)
    else expect(html).not.toContain('sealkit.earlyVerifyWorker')
    // Scripts preloaded up front: Vite's default makes a small chunk of each set of modules that chunks share
    // (17 here); with docs/performance.md's rolldown options they are inlined (6). Should Vite stop making them, the
    // advice has nothing left to do: this says so.
    const preloads = html.match(/rel="modulepreload"/g)?.length ?? 0
    if (early) expect(preloads).toBeLessThanOrEqual(8)
    else expect(preloads).toBeGreaterThanOrEqual(12)
    // React DOM's CommonJS wrapper in the scripts the page loads up front: rolldown's arrow (compiled on the main
    // thread when first called), or with eagerCommonJs() a parenthesized function (compiled as the script streams in).
    const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[\w-]+\.js)"/g)].map((m) => readFileSync(join(dir, 'dist', m[1]!), 'utf8')).join('\n')
    expect(reactDomWrapper(initial)).toBe(early ? 'function' : 'arrow')
    const server = await serveStatic(join(dir, 'dist'))
    try {
      // A reply with a code block (the simulator echoes the message): highlighted with the one
      // grammar it names, a chunk of its own that the app's bundler made from the package.
      const run = await chatInChromium(server.url, CODE_MESSAGE)
      expectPrivateChatInWorker(run)
      expect(run.workers).toContainEqual(expect.stringMatching(DECRYPT_WORKER))
      // One verification worker either way: an adopted early one, or sealkit's own.
      expect(run.workers.filter((url) => VERIFY_WORKER.test(url))).toEqual([expect.stringMatching(early ? new RegExp(`${started!}$`) : VERIFY_WORKER)])
      expect(run.codeTokens).toContain('hljs-keyword')
      const scripts = run.requests.filter((url) => url.endsWith('.js')).map((url) => url.split('/').pop()!)
      expect(scripts).toContainEqual(expect.stringMatching(/^typescript-[\w-]+\.js$/))
      expect(scripts).not.toContainEqual(expect.stringMatching(/^(python|rust|cpp)-[\w-]+\.js$/))
      expect(run.ecdh).toBe('libsecp256k1-wasm')
    } finally {
      await server.close()
    }
    if (!early) await chatUnderStrictCsp(join(dir, 'dist'))
    else await chatUnderHashCsp(join(dir, 'dist'), started!)
  })
})

/**
 * The README's strict policy with the HTML's inline script allowed by the hash `earlyVerifyWorker({ onScript })` gave
 * (the build wrote it to csp-hashes.json), or by Vite's `html.cspNonce`: the HTML's worker starts and is adopted, with
 * no violation. Without the hash
 * the browser refuses the script and says so, naming the hash it computed (the plugin's); sealkit then starts its own
 * worker and the chat still verifies.
 */
async function chatUnderHashCsp(dist: string, started: string): Promise<void> {
  const hashes = JSON.parse(readFileSync(join(dist, 'csp-hashes.json'), 'utf8')) as Record<string, string>
  expect(hashes).toEqual({ '/index.html': expect.stringMatching(/^'sha256-[A-Za-z0-9+/]{43}='$/) })
  // Vite's html.cspNonce reaches the plugin's script too (Vite adds nonces after every plugin's HTML transform).
  expect(readFileSync(join(dist, 'index.html'), 'utf8')).toMatch(/<script nonce="consumer-test-nonce">;\(function\(\)\{try\{/)
  for (const hash of [hashes['/index.html']!, "'nonce-consumer-test-nonce'", undefined]) {
    const policy = strictCsp(true).replace("script-src 'self' 'wasm-unsafe-eval'", `script-src 'self' 'wasm-unsafe-eval'${hash ? ` ${hash}` : ''}`)
    const server = await serveStatic(dist, { 'content-security-policy': policy })
    try {
      const run = await chatInChromium(server.url, CODE_MESSAGE)
      if (hash) {
        expect(run.errors).toEqual([])
        expectPrivateChatInWorker(run)
        expect(run.workers.filter((url) => VERIFY_WORKER.test(url))).toEqual([expect.stringMatching(new RegExp(`${started}$`))])
      } else {
        // Chromium's own refusal names the hash it computed over the script: the same as the plugin's.
        expect(run.errors).toEqual([expect.stringMatching(/inline script violates the following Content Security Policy directive/)])
        expect(run.errors[0]).toContain(`a hash (${hashes['/index.html']!})`)
        expectPrivateChatInWorker({ ...run, errors: [] })
        expect(run.workers.filter((url) => VERIFY_WORKER.test(url))).toHaveLength(1)
      }
    } finally {
      await server.close()
    }
  }
}

/** The README's strict Content-Security-Policy, on every response as a static host sends it; without 'wasm-unsafe-eval' when `wasm` is false. */
const strictCsp = (wasm: boolean) =>
  `default-src 'self'; script-src 'self'${wasm ? " 'wasm-unsafe-eval'" : ''}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; ` +
  "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"

/**
 * Under the README's CSP, both workers start and the key agreement runs in WebAssembly, with no violation on the page.
 * Without 'wasm-unsafe-eval' the worker's WebAssembly is barred: the chat still decrypts in the worker, and the badge
 * says the key agreement fell back (`data-ecdh`, its hover text), never silently.
 */
async function chatUnderStrictCsp(dist: string): Promise<void> {
  for (const wasm of [true, false]) {
    const server = await serveStatic(dist, { 'content-security-policy': strictCsp(wasm) })
    try {
      const run = await chatInChromium(server.url, CODE_MESSAGE)
      expect(run.errors.filter((e) => !/WebAssembly/.test(e))).toEqual([])
      expectPrivateChatInWorker({ ...run, errors: [] })
      if (wasm) {
        expect(run.errors).toEqual([])
        expect(run.ecdh).toBe('libsecp256k1-wasm')
        expect(run.badgeTitle).not.toMatch(/Key agreement/)
      } else {
        expect(run.ecdh).toBe('noble')
        expect(run.badgeTitle).toMatch(/\nKey agreement: noble in JavaScript, not WebAssembly \(a Content-Security-Policy bars WebAssembly \(script-src without 'wasm-unsafe-eval'\)\)/)
      }
    } finally {
      await server.close()
    }
  }
}

/**
 * How the bundle wraps React DOM's production module (React 18 or 19): the last wrapper that opens in the
 * 400 characters before its error-decoder URL, which its first function builds.
 */
function reactDomWrapper(code: string): 'arrow' | 'function' | undefined {
  const at = code.search(/https:\/\/(reactjs\.org\/docs\/error-decoder\.html|react\.dev\/errors\/)/)
  if (at < 0) return undefined
  const opening = [...code.slice(Math.max(0, at - 400), at).matchAll(/\(\((function\(|\(?[\w$]*(,[\w$]+)*\)?=>)/g)].at(-1)?.[1]
  return opening === undefined ? undefined : opening.startsWith('function') ? 'function' : 'arrow'
}

describe('vite-react18 with earlyVerifyWorker({ attest })', () => {
  it('the HTML requests the config’s first attestation and the models list from a remote enclave: one request each, verified in the worker the HTML started', async () => {
    const dir = await installFixture('vite-react18')
    // The remote enclave: the simulator's HTTP server, on another origin than the app.
    const enclave = await startSimulatorServer({ seed: 'consumer-early-attestation', port: 0 })
    try {
      const target = { baseURL: enclave.baseURL, model: enclave.simulator.defaultModel, trustedRoots: enclave.simulator.trustedRoots() }
      await sh(dir, 'node', [VITE, 'build', '--config', 'vite.attest.config.ts', '--logLevel', 'warn'], { SEALKIT_ENCLAVE: JSON.stringify(target) })
      const html = readFileSync(join(dir, 'dist-attest/attest.html'), 'utf8')
      expect(html.indexOf('sealkit.earlyAttestation')).toBeGreaterThan(0)
      expect(html.indexOf('sealkit.earlyAttestation')).toBeLessThan(html.indexOf('type="module"'))
      const server = await serveStatic(join(dir, 'dist-attest'))
      try {
        const run = await inChromium(`${server.url}attest.html`, async (page) => {
          const badge = page.locator('.sealkit-badge:is([data-state="verified"], [data-state="simulated"])')
          await badge.waitFor({ timeout: 30_000 })
          return { verifiedIn: await badge.getAttribute('data-verified-in'), workers: page.workers().map((w) => w.url()) }
        })
        // One request each: the HTML's, taken by the config's attestation and the models query (a second would be sealkit asking afresh).
        expect(run.requests.filter((url) => url.startsWith(`${enclave.baseURL}/tee/attestation?`))).toEqual([expect.stringContaining(`model=${target.model}&nonce=`)])
        expect(run.requests.filter((url) => url === `${enclave.baseURL}/models`)).toHaveLength(1)
        expect(run.verifiedIn).toBe('worker')
        expect(run.workers.filter((url) => VERIFY_WORKER.test(url))).toHaveLength(1)
        expect(run.errors).toEqual([])
        expect(run.messages.filter((m) => /sealkit:/.test(m))).toEqual([])
      } finally {
        await server.close()
      }
    } finally {
      await enclave.close()
    }
  })
})

describe('vite-react19 under vite dev', () => {
  it('the dev server serves the packed package: verified and decrypted in the workers, with no console errors', async () => {
    const dir = await installFixture('vite-react19')
    const port = await freePort()
    const server = await startProcess(dir, 'node', [VITE, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], /ready in/i)
    try {
      // The grammar chunk through the dependency optimizer, with no reload of the page.
      const run = await chatInChromium(`http://127.0.0.1:${port}/`, CODE_MESSAGE)
      expectPrivateChatInWorker(run)
      expect(run.workers).toContainEqual(expect.stringMatching(DECRYPT_WORKER))
      expect(run.workers).toContainEqual(expect.stringMatching(VERIFY_WORKER))
      expect(run.codeTokens).toContain('hljs-keyword')
      expect(server.output()).not.toMatch(/error|reloading/i)
    } finally {
      await server.stop()
    }
  })
})
