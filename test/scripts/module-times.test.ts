/**
 * The bench's module-script diagnostic (bench/lib/module-times.ts): each module's time is its stamp
 * minus the one before it, chunk banners only start a chunk, and lazy chunks' stamps (after the entry
 * chunk's end) are left out.
 */
import type { TransformPluginContext } from 'rolldown'
import { describe, expect, it } from 'vitest'
import { formatModuleTimes, moduleTimes, type ModuleStamps } from '../../bench/lib/module-times.ts'
import { ROOT } from '../../bench/lib/bundle.ts'

describe('formatModuleTimes', () => {
  it('times the initial chunks by module and by group, and leaves lazy chunks out', () => {
    const stamps: ModuleStamps = [
      ['(chunk errors)', 100],
      ['src/core/errors.ts', 101.5],
      ['(chunk index)', 101.6],
      ['react/cjs/react.production.js', 102],
      ['react-dom/cjs/react-dom-client.production.js', 142],
      ['@tanstack/query-core/build/modern/focusManager.js', 142.5],
      ['src/core/query/config.ts', 143],
      ['bench/apps/sealkit/main.tsx', 147],
      ['(entry chunk end)', 147.1],
      ['(chunk Markdown)', 400],
      ['marked/lib/marked.esm.js', 430],
    ]
    expect(formatModuleTimes(stamps, 2)).toBe(
      'initial chunks evaluated in 47.1 ms (6 modules): react-dom 40.0, app 4.0, sealkit 2.0, @tanstack/query-core 0.5, react 0.4; ' +
        'slowest react-dom/cjs/react-dom-client.production.js 40.0, bench/apps/sealkit/main.tsx 4.0',
    )
  })

  it('says so when the build had no stamps', () => {
    expect(formatModuleTimes([])).toMatch(/no stamps/)
    expect(formatModuleTimes([['(chunk index)', 1]])).toMatch(/no stamps/)
  })
})

describe('moduleTimes plugin', () => {
  const transform = (code: string, id: string) => {
    const hook = moduleTimes().transform as (this: TransformPluginContext, code: string, id: string) => { code: string } | null
    return hook.call({} as TransformPluginContext, code, id)?.code
  }

  it('stamps a module after its code, named without the machine\'s paths', () => {
    expect(transform('export const a = 1', `${ROOT}/src/core/query/config.ts`)).toBe(
      'export const a = 1\n;(globalThis.__benchModuleTimes ??= []).push(["src/core/query/config.ts", performance.now()]);\n',
    )
    expect(transform('x()', `${ROOT}/node_modules/react-dom/cjs/react-dom-client.production.js`)).toContain('["react-dom/cjs/react-dom-client.production.js", ')
    expect(transform('x()', '\0vite/modulepreload-polyfill.js')).toContain('["vite/modulepreload-polyfill.js", ')
  })

  it('leaves workers and non-script files alone', () => {
    expect(transform('x()', `${ROOT}/src/core/worker/verify-worker.ts?worker_file&type=module`)).toBeUndefined()
    expect(transform('.a{}', `${ROOT}/src/components/styles.css`)).toBeUndefined()
  })
})
