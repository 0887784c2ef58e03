/**
 * sealkit/vite's eagerCommonJs() in real Vite 8 builds: rolldown's CommonJS wrappers become
 * parenthesized function expressions (which V8 compiles while the script streams in: the bench's
 * module times measure that part), the minified chunk keeps them so, modules behave exactly as
 * without the plugin, a wrapper that reads `arguments` or `this` stays an arrow, and source maps
 * still point into the original modules.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { TraceMap, generatedPositionFor, originalPositionFor } from '@jridgewell/trace-mapping'
import { build, createLogger } from 'vite'
import { describe, expect, it } from 'vitest'
import { eagerCommonJs, type EagerCommonJsReport } from '../../src/integrations/vite.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const FIXTURE = {
  // Its wrapper reads nothing of its own: `arguments` is read by a nested function, which has its own.
  'plain.cjs': 'exports.value = 40 + 2\nexports.marker = "eager-marker-plain"\nexports.count = function () { return arguments.length }\n',
  // As a function, its wrapper's `arguments` would be (exports, module): an arrow has none here.
  'reads-arguments.cjs': 'exports.kind = typeof arguments\n',
  // A direct eval sees the wrapper's own `arguments`: kept as an arrow too.
  'reads-eval.cjs': 'exports.viaEval = eval("typeof arguments")\n',
  // Top-level `this` of a CommonJS module.
  'reads-this.cjs': 'exports.same = this === module.exports\nexports.thisKind = typeof this\n',
  'main.js':
    "import plain from './plain.cjs'\nimport readsArguments from './reads-arguments.cjs'\nimport readsEval from './reads-eval.cjs'\nimport readsThis from './reads-this.cjs'\n" +
    'export const result = { value: plain.value, marker: plain.marker, count: plain.count(1, 2, 3), kind: readsArguments.kind, viaEval: readsEval.viaEval, same: readsThis.same, thisKind: readsThis.thisKind }\n',
  'esm-only.js': 'export const value = 42\n',
  // A chunk with no import or export left, awaiting at its top level: an ES module all the same.
  'top-level-await.js': "import plain from './plain.cjs'\nfor await (const v of [Promise.resolve(1)]) globalThis.__eagerTopLevel = plain.value + v\n",
  // Functions of the app's own that share the helpers' names: theirs to call as they like.
  'same-names.js':
    "import plain from './plain.cjs'\n" +
    "function __commonJSMin(f) { return typeof f.prototype === 'object' ? 'constructible' : f() }\n" +
    "function __commonJS(m) { const f = Object.values(m)[0]; try { return new f() && 'new-ok' } catch (e) { return e.constructor.name } }\n" +
    "export const result = { a: __commonJSMin(() => { return 'called' }), b: __commonJS({ k: (x) => { return x } }), value: plain.value }\n",
  // A library bundled by rolldown before (it ships the helper under rolldown's own name): the app's helper becomes `__commonJSMin$1`.
  'prebundled.js':
    'var __commonJSMin = (cb, mod) => () => (mod || cb((mod = { exports: {} }).exports, mod), mod.exports);\n' +
    'var require_dep = __commonJSMin((exports) => { exports.v = 1 });\n' +
    'export const v = require_dep().v\n',
  'with-prebundled.js': "import plain from './plain.cjs'\nimport { v } from './prebundled.js'\nexport const result = { v, value: plain.value }\n",
  // Two chunks that use CommonJS modules: rolldown's helper moves to a runtime chunk both import.
  'split.js': "import plain from './plain.cjs'\nexport const result = { value: plain.value, lazy: await import('./lazy.js').then((m) => m.lazy) }\n",
  'lazy.js': "import names from './property-names.cjs'\nexport const lazy = names.sum\n",
  // Properties named `arguments` and `eval` are not the wrapper's own.
  'property-names.cjs': 'const o = { arguments: 1, eval: 2 }\nexports.sum = o.arguments + o.eval\n',
  'with-property-names.js': "import names from './property-names.cjs'\nexport const result = { sum: names.sum }\n",
}

interface Built {
  code: string
  file: string
  report?: EagerCommonJsReport
  warnings: string[]
}

let builds = 0
/** Builds a fixture file, or an entry that re-exports `createRoot` from a package (`'react-dom/client'`), into one ES module as an app's build does. */
async function buildFixture(entry: string, options: { eager: boolean; minify?: boolean; sourcemap?: boolean; format?: 'es' | 'cjs' }): Promise<Built> {
  const root = tempDir('sealkit-eager-cjs-')
  for (const [name, text] of Object.entries(FIXTURE)) writeFileSync(join(root, name), text)
  const warnings: string[] = []
  const logger = createLogger('warn', { allowClearScreen: false })
  logger.warn = (message) => void warnings.push(message)
  let report: EagerCommonJsReport | undefined
  const input = entry.endsWith('.js') ? join(root, entry) : entry
  if (!entry.endsWith('.js')) writeFileSync(join(root, 'entry.js'), `export { createRoot } from ${JSON.stringify(createRequire(import.meta.url).resolve(entry))}\n`)
  await build({
    configFile: false,
    root,
    customLogger: logger,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: options.eager ? [eagerCommonJs({ onReport: (r) => (report = r) })] : [],
    build: {
      outDir: join(root, 'dist'),
      minify: options.minify ?? true,
      modulePreload: false, // no preload helper (it needs a document) around a dynamic import
      sourcemap: options.sourcemap ?? false,
      // An app's build (not library mode, which keeps a minified ES module's whitespace): one chunk, its exports kept.
      rolldownOptions: { input: entry.endsWith('.js') ? input : join(root, 'entry.js'), preserveEntrySignatures: 'exports-only', output: { entryFileNames: 'out.js', format: options.format ?? 'es' } },
    },
  })
  const file = join(root, 'dist/out.js')
  return { code: await readFile(file, 'utf8'), file, report, warnings: warnings.filter((w) => w.includes('eagerCommonJs')) }
}

const run = async (built: Built) => ((await import(`${pathToFileURL(built.file).href}?${++builds}`)) as { result: Record<string, unknown> }).result
const total = (r: Record<string, number>) => Object.values(r).reduce((sum, n) => sum + n, 0)

describe('eagerCommonJs()', () => {
  it('rewrites each wrapper that reads nothing of its own as (function ...), the minified chunk keeps it, and the modules behave as without it', async () => {
    const plain = await buildFixture('main.js', { eager: false })
    const eager = await buildFixture('main.js', { eager: true })
    expect(await run(eager)).toEqual(await run(plain))
    expect((await run(eager)).count).toBe(3)
    expect((await run(eager)).kind).toBe('undefined')
    expect((await run(eager)).viaEval).toBe('undefined')
    // plain.cjs is rewritten; reads-arguments.cjs and reads-eval.cjs are not (reads-this.cjs only if the bundler took its `this` away).
    expect(total(eager.report!.rewritten)).toBeGreaterThanOrEqual(1)
    expect(total(eager.report!.kept)).toBeGreaterThanOrEqual(2)
    expect(total(eager.report!.rewritten) + total(eager.report!.kept)).toBe(4)
    const functions = (code: string) => code.match(/\(function\(/g)?.length ?? 0
    // The minified chunk: one more `(function(` per rewritten wrapper than the same build without the plugin.
    expect(functions(eager.code) - functions(plain.code)).toBe(total(eager.report!.rewritten))
    expect(eager.warnings).toEqual([])
    // Named as the files are written, not with the hash placeholders of rendering.
    expect(Object.keys(eager.report!.rewritten)).toEqual(['out.js'])
  })

  it('parses every chunk as the ES module it is, even one with no import or export left that awaits at its top level', async () => {
    const eager = await buildFixture('top-level-await.js', { eager: true })
    expect(eager.report!.rewritten).toEqual({ 'out.js': 1 })
    // Run by Node itself, as a module (the test runner's own import would guess the file's type from its syntax).
    writeFileSync(join(dirname(eager.file), 'package.json'), '{ "type": "module" }\n')
    const script = `await import(${JSON.stringify(pathToFileURL(eager.file).href)}); console.log(globalThis.__eagerTopLevel)`
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()).toBe('43')
  })

  it('leaves alone an app’s own functions named __commonJS / __commonJSMin, and finds rolldown’s helper under its new name beside them', async () => {
    const plain = await buildFixture('same-names.js', { eager: false })
    const eager = await buildFixture('same-names.js', { eager: true })
    expect(await run(eager)).toEqual(await run(plain))
    expect(await run(eager)).toEqual({ a: 'called', b: 'TypeError', value: 42 })
    expect(eager.report!.rewritten).toEqual({ 'out.js': 1 })
    // A library that ships rolldown's helper under its own name: both its wrapper and the app's are rewritten.
    const withLibrary = await buildFixture('with-prebundled.js', { eager: true, minify: false })
    expect(withLibrary.code).toContain('__commonJSMin$1') // the name rolldown gave its own helper
    expect(await run(withLibrary)).toEqual({ v: 1, value: 42 })
    expect(withLibrary.report!.rewritten).toEqual({ 'out.js': 2 })
  })

  it('finds the helper imported from rolldown’s runtime chunk, in every chunk that uses it', async () => {
    const plain = await buildFixture('split.js', { eager: false })
    const eager = await buildFixture('split.js', { eager: true })
    expect(await run(eager)).toEqual(await run(plain))
    expect(await run(eager)).toEqual({ value: 42, lazy: 3 })
    const chunks = Object.keys(eager.report!.rewritten)
    expect(chunks).toEqual(expect.arrayContaining(['out.js', expect.stringMatching(/^assets\/lazy-[\w-]+\.js$/)]))
    expect(eager.code).toMatch(/import\s*\{[^}]*\}\s*from\s*["']\.\/assets\/rolldown-runtime-[\w-]+\.js["']/)
  })

  it('does not take a property named arguments or eval for the wrapper’s own', async () => {
    const eager = await buildFixture('with-property-names.js', { eager: true })
    expect(await run(eager)).toEqual({ sum: 3 })
    expect(eager.report).toEqual({ rewritten: { 'out.js': 1 }, kept: {}, skipped: [] })
  })

  it('leaves a CommonJS output (sloppy code, where a function exposes its caller and arguments) as rolldown wrote it, and says so', async () => {
    const plain = await buildFixture('main.js', { eager: false, format: 'cjs' })
    const eager = await buildFixture('main.js', { eager: true, format: 'cjs' })
    expect(eager.code).toBe(plain.code)
    expect(eager.report).toEqual({ rewritten: {}, kept: {}, skipped: ['out.js'] })
    expect(eager.warnings).toHaveLength(1)
    expect(eager.warnings[0]).toContain('not an ES module')
  })

  it('turns React DOM’s wrappers, as apps bundle it, into parenthesized functions with none left lazy', async () => {
    const eager = await buildFixture('react-dom/client', { eager: true })
    const plain = await buildFixture('react-dom/client', { eager: false })
    // react, scheduler, react-dom and react-dom/client: each an index module and a production build.
    expect(total(eager.report!.rewritten)).toBeGreaterThanOrEqual(6)
    expect(eager.report!.kept).toEqual({})
    // Without the plugin the wrapper's body starts with the bundler's arrow: `((e=>{` or `(((e,t)=>{`.
    const arrows = (code: string) => code.match(/\(\(\(?[\w$]+(,[\w$]+)*\)?=>\{/g)?.length ?? 0
    expect(arrows(plain.code)).toBeGreaterThanOrEqual(6)
    expect(arrows(eager.code)).toBe(0)
  })

  it('keeps source maps pointing where they pointed without it, into the CommonJS module', async () => {
    const source = FIXTURE['plain.cjs'].split('\n')
    const line = source.findIndex((l) => l.includes('eager-marker-plain'))
    const column = source[line]!.indexOf('"eager-marker-plain"')
    // Where the map says the marker string in the output came from.
    const origin = async (built: Built) => {
      const map = new TraceMap(await readFile(`${built.file}.map`, 'utf8'))
      const lines = built.code.split('\n')
      const at = lines.findIndex((l) => l.includes('eager-marker-plain'))
      return { map, at, original: originalPositionFor(map, { line: at + 1, column: lines[at]!.search(/["'`]eager-marker-plain/) }) }
    }
    for (const minify of [false, true]) {
      const eager = await buildFixture('main.js', { eager: true, minify, sourcemap: true })
      expect(total(eager.report!.rewritten)).toBeGreaterThanOrEqual(1)
      const { map, at, original } = await origin(eager)
      expect(original).toEqual((await origin(await buildFixture('main.js', { eager: false, minify, sourcemap: true }))).original)
      expect(original.source).toMatch(/plain\.cjs$/)
      expect({ line: original.line, column: original.column }).toEqual({ line: line + 1, column })
      // And the other way round: the original position maps to the marker in the output.
      expect(generatedPositionFor(map, { source: original.source!, line: line + 1, column }).line).toBe(at + 1)
    }
  })

  it('warns once, and changes nothing, in a build with no CommonJS wrapper', async () => {
    const eager = await buildFixture('esm-only.js', { eager: true })
    const plain = await buildFixture('esm-only.js', { eager: false })
    expect(eager.code).toBe(plain.code)
    expect(eager.report).toEqual({ rewritten: {}, kept: {}, skipped: [] })
    expect(eager.warnings).toHaveLength(1)
    expect(eager.warnings[0]).toContain('no CommonJS wrapper')
  })

  it('does nothing under vite dev', () => {
    expect(eagerCommonJs().apply).toBe('build')
  })
})
