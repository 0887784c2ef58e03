/**
 * Fresh Vite apps (React 19 and React 18) with the packed tarball: `vite build` with nothing
 * sealkit-specific in the config, served on loopback, private chat in Chromium with the worker alive.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { HYDRATION, PORTS, chatInChromium, closeBrowser, installFixture, serveStatic, sh } from './harness.ts'

afterAll(closeBrowser)

describe.each([
  ['vite-react19', PORTS.viteReact19],
  ['vite-react18', PORTS.viteReact18],
])('%s', (fixture, port) => {
  it('builds, decrypts a reply in the decryption worker, with no console errors', async () => {
    const dir = await installFixture(fixture)
    await sh(dir, 'node', ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'])
    const server = await serveStatic(join(dir, 'dist'), port)
    try {
      const run = await chatInChromium(server.url)
      expect(run.reply).toContain('You said: "Hello from a consumer app"')
      expect(run.keyHolder).toBe('worker')
      expect(run.workers).toContainEqual(expect.stringMatching(/decrypt-worker[-.\w]*\.js$/))
      expect(run.errors).toEqual([])
      expect(run.messages.filter((m) => HYDRATION.test(m) || /sealkit:/.test(m))).toEqual([])
    } finally {
      await server.close()
    }
  })
})
