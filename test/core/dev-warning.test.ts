/**
 * The once-only console warnings (`warnOnceInDevelopment`), as an app's bundler builds them: a browser bundle
 * has no `process` object, only `process.env.NODE_ENV` written in (Vite, webpack, Turbopack's `define`).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { build } from 'vite'
import { describe, expect, it, vi } from 'vitest'
import { tempDir } from '../helpers/temp-dir.ts'

const SOURCE = new URL('../../src/core/worker/dev-warning.ts', import.meta.url).pathname

/** dev-warning.ts built as an app's bundler builds it (NODE_ENV written in, or not), run where there is no `process`. */
async function inBrowserBundle(nodeEnv: 'production' | 'development' | undefined) {
  const outDir = tempDir('sealkit-dev-warning-')
  await build({
    configFile: false,
    logLevel: 'silent',
    ...(nodeEnv ? { define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) } } : {}),
    build: { outDir, minify: false, lib: { entry: SOURCE, formats: ['iife'], name: 'devWarning', fileName: () => 'out.js' } },
  })
  const warn = vi.fn()
  const exports = runInNewContext(`${readFileSync(join(outDir, 'out.js'), 'utf8')};devWarning`, { console: { warn } }) as { warnOnceInDevelopment(topic: string, message: string): void }
  return { warn, exports }
}

describe('warnOnceInDevelopment in a browser bundle', () => {
  it('is silent in a production build', async () => {
    const { warn, exports } = await inBrowserBundle('production')
    exports.warnOnceInDevelopment('topic', 'sealkit: a fallback')
    expect(warn).not.toHaveBeenCalled()
  })

  it('warns once per topic in a development build, and unbundled (no process at all)', async () => {
    for (const env of ['development', undefined] as const) {
      const { warn, exports } = await inBrowserBundle(env)
      exports.warnOnceInDevelopment('topic', 'sealkit: a fallback')
      exports.warnOnceInDevelopment('topic', 'sealkit: a fallback')
      exports.warnOnceInDevelopment('other', 'sealkit: another')
      expect(warn.mock.calls.map((c) => c[0])).toEqual(['sealkit: a fallback', 'sealkit: another'])
    }
  })
})
