/**
 * A fresh Next.js 16 App Router app with the packed tarball: `next build` (Turbopack, Next 16's
 * default) of a Server Component page that renders PrivateChat and uses sealkit/core, then
 * `next start` on loopback and private chat in Chromium: the worker alive, no hydration warnings.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { HYDRATION, PORTS, chatInChromium, closeBrowser, installFixture, sh, startProcess } from './harness.ts'

afterAll(closeBrowser)

describe('next', () => {
  it('next build, next start: the server renders with sealkit/core, the page hydrates cleanly and decrypts in the worker', async () => {
    const env = { NEXT_TELEMETRY_DISABLED: '1' }
    const dir = await installFixture('next')
    await sh(dir, 'node', ['node_modules/next/dist/bin/next', 'build'], env)
    const server = await startProcess(dir, 'node', ['node_modules/next/dist/bin/next', 'start', '-p', String(PORTS.next), '-H', '127.0.0.1'], /Ready in/, env)
    try {
      const url = `http://127.0.0.1:${PORTS.next}/`
      const html = await (await fetch(url)).text()
      expect(html).toMatch(/sealkit\/core on the server: <!-- -->2<!-- --> E2EE models/)
      const run = await chatInChromium(url)
      expect(run.reply).toContain('You said: "Hello from a consumer app"')
      expect(run.keyHolder).toBe('worker')
      // Turbopack starts every worker through its own loader script (turbopack-worker-*.js), which loads decrypt-worker.
      expect(run.workers).toHaveLength(1)
      expect(run.errors).toEqual([])
      expect(run.messages.filter((m) => HYDRATION.test(m) || /sealkit:/.test(m))).toEqual([])
    } finally {
      server.stop()
    }
  })
})
