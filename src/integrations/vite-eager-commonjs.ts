/**
 * `eagerCommonJs()`: compile an app's CommonJS dependencies (React DOM above all) while the page's
 * script streams in, instead of on the main thread when the page-load module script runs.
 *
 * Why: React, React DOM and the scheduler ship as CommonJS. Vite 8's bundler (rolldown) wraps each
 * such module in an arrow function, `__commonJSMin((exports, module) => { ...the module... })`, run
 * the first time something requires it. V8 compiles a script off the main thread while it downloads,
 * but leaves functions for later, and compiles each on the main thread when it is first called, unless
 * it is a parenthesized `function` expression: V8 takes `(function` as a sign the function runs at
 * once. An arrow does not get that. So React DOM's whole body (~180 KB minified) was parsed and
 * compiled on the main thread inside the page-load module script: in Chromium 150 on the bench's 2-core
 * host, React DOM's top-level code took 29-38 ms with the arrow and 17-26 ms as `(function`, and the
 * page's module script 33-40 ms against 19-29 (a blank React app, 9 fresh pages each). On that machine
 * this is what kept sealkit's page-load module script over the 50 ms of a long task.
 *
 * The plugin rewrites each wrapper's arrow as a parenthesized function expression before the chunk is
 * minified; the minifier keeps it so. Same behaviour: a wrapper whose own code uses `this`, `arguments`,
 * `super`, `new.target` (which an arrow and a function read differently) or `eval` stays an arrow. Source maps
 * are kept (magic-string). The compile is the same work, on another core while the script loads.
 *
 * Only rolldown's own helpers count (declared with the runtime's code, or imported from its runtime
 * chunk), never a function of the app's that happens to share their name. Only ES module outputs (an
 * app's): in the sloppy code of a `cjs`, `umd` or `iife` library output a function would expose its
 * `caller` and `arguments` where an arrow does not, so those are left alone, with a warning.
 *
 * Build only, Vite 8 (rolldown) only: Vite 7 and older bundle with Rollup, whose CommonJS plugin
 * writes other wrappers. A build in which it finds no wrapper at all (no CommonJS dependency, or a
 * bundler that writes them otherwise) gets one warning saying it did nothing.
 *
 * @example
 * // vite.config.ts
 * import react from '@vitejs/plugin-react'
 * import { earlyVerifyWorker, eagerCommonJs } from 'sealkit/vite'
 * export default defineConfig({ plugins: [react(), earlyVerifyWorker(), eagerCommonJs()] })
 */
import { posix } from 'node:path'
import MagicString from 'magic-string'
import type { Plugin } from 'vite'

/** What {@link eagerCommonJs} did in one output of a build. */
export interface EagerCommonJsReport {
  /** Wrappers rewritten as `(function`, per chunk file name. */
  rewritten: Record<string, number>
  /** Wrappers left as arrows (their code reads `this`, `arguments`, `super`, a meta property or `eval`), per chunk file name. */
  kept: Record<string, number>
  /** Chunks with wrappers left alone because the output is not an ES module (see {@link eagerCommonJs}). */
  skipped: string[]
}

/** Options of {@link eagerCommonJs}. */
export interface EagerCommonJsOptions {
  /** Called once per output with what it did (a test's or a build script's view; the build log gets one line either way). */
  onReport?: (report: EagerCommonJsReport) => void
}

/** rolldown's runtime module, which defines the helpers. */
const RUNTIME_MODULE = '\0rolldown/runtime.js'
/** The helpers' names (`$1`... when a module of the app declares the same name): `__commonJSMin(arrow)`, and `__commonJS({ "path": arrow })` (with `output.generatedCode.profilerNames`). */
const HELPER_NAME = /^__commonJS(Min)?(\$\d+)?$/
/** What the helpers' code does, as rolldown 1.x writes it: a module record `{ exports: {} }` made on first call. */
const HELPER_BODY = /\(mod = \{ exports: \{\} \}\)\.exports/

interface Node {
  type: string
  start: number
  end: number
  [key: string]: unknown
}

const emptyReport = (): EagerCommonJsReport => ({ rewritten: {}, kept: {}, skipped: [] })

/** Rewrites rolldown's CommonJS wrappers as parenthesized function expressions (see the module's description). */
export function eagerCommonJs(options: EagerCommonJsOptions = {}): Plugin {
  let report = emptyReport()
  let warned = false
  return {
    name: 'sealkit:eager-commonjs',
    apply: 'build',
    buildStart() {
      warned = false
    },
    renderStart() {
      report = emptyReport()
    },
    renderChunk(code, chunk, outputOptions, meta) {
      if (!code.includes('__commonJS')) return null
      // Only in an ES module, strict code: in sloppy code (cjs, umd, iife outputs) a function's `caller` and
      // `arguments` properties would let code reach into the wrapper, which an arrow does not allow.
      if (outputOptions.format !== 'es') {
        report.skipped.push(chunk.fileName)
        return null
      }
      const program = this.parse(code, { sourceType: 'module' }) as unknown as Node
      const helpers = helperNames(program, code, chunk.fileName, meta?.chunks ?? {})
      const wrappers = helpers.size ? wrapperArrows(program, helpers) : []
      if (!wrappers.length) return null
      const s = new MagicString(code)
      let rewritten = 0
      for (const arrow of wrappers) {
        if (readsOwnContext(arrow.body as Node)) continue
        const params = arrow.params as Node[]
        const list = params.length ? code.slice(params[0]!.start, params.at(-1)!.end) : ''
        s.overwrite(arrow.start, (arrow.body as Node).start, `(function (${list}) `)
        s.appendLeft(arrow.end, ')')
        rewritten++
      }
      if (rewritten) report.rewritten[chunk.fileName] = rewritten
      if (wrappers.length > rewritten) report.kept[chunk.fileName] = wrappers.length - rewritten
      if (!rewritten) return null
      return { code: s.toString(), map: outputOptions.sourcemap ? s.generateMap({ hires: 'boundary', includeContent: true }) : null }
    },
    generateBundle(_options, bundle) {
      // Chunks were named with hash placeholders while they rendered: the report says the files' names.
      const names = new Map(Object.values(bundle).flatMap((out) => (out.type === 'chunk' ? [[out.preliminaryFileName, out.fileName] as const] : [])))
      const rename = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([file, n]) => [names.get(file) ?? file, n]))
      report = { rewritten: rename(report.rewritten), kept: rename(report.kept), skipped: report.skipped.map((file) => names.get(file) ?? file) }
      const count = (r: Record<string, number>) => Object.values(r).reduce((sum, n) => sum + n, 0)
      const rewritten = count(report.rewritten)
      const kept = count(report.kept)
      if (report.skipped.length) {
        this.warn(`sealkit/vite eagerCommonJs(): this output is not an ES module, so its CommonJS wrappers stay as rolldown wrote them (${report.skipped.join(', ')})`)
      } else if (rewritten === 0 && kept === 0) {
        // Once per build: a library build renders one output per format.
        if (!warned) this.warn('sealkit/vite eagerCommonJs(): no CommonJS wrapper of rolldown\'s in this build (Vite 8), so it changed nothing')
        warned = true
      } else {
        this.info(`sealkit/vite eagerCommonJs(): ${rewritten} CommonJS module${rewritten === 1 ? '' : 's'} compiled as the script loads${kept ? `; ${kept} left lazy (their code reads this, arguments or eval)` : ''}`)
      }
      options.onReport?.(report)
    },
  }
}

/**
 * The local names under which a chunk has rolldown's CommonJS helpers: declared at its top level with the
 * runtime's code, or imported from the chunk that holds rolldown's runtime module. A function of the app's
 * that happens to have the same name is neither.
 */
function helperNames(program: Node, code: string, fileName: string, chunks: Record<string, { moduleIds: string[] }>): Set<string> {
  const names = new Set<string>()
  for (const statement of program.body as Node[]) {
    if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations as Node[]) {
        const id = d.id as Node
        const init = d.init as Node | null
        if (id.type === 'Identifier' && HELPER_NAME.test(id.name as string) && init?.type === 'ArrowFunctionExpression' && HELPER_BODY.test(code.slice(init.start, init.end))) names.add(id.name as string)
      }
    } else if (statement.type === 'ImportDeclaration') {
      // The bundle path of the chunk it imports (`./x.js`, `../x.js` from this chunk's folder).
      const from = chunks[posix.join(posix.dirname(fileName), (statement.source as Node).value as string)]
      if (!from?.moduleIds.includes(RUNTIME_MODULE)) continue
      for (const spec of statement.specifiers as Node[]) {
        const local = (spec.local as Node).name as string
        if (spec.type === 'ImportSpecifier' && HELPER_NAME.test(local)) names.add(local)
      }
    }
  }
  return names
}

/** The arrow of every `helper(arrow)` and `helper({ key: arrow })` call in a program, with a block body. */
function wrapperArrows(program: Node, helpers: Set<string>): Node[] {
  const found: Node[] = []
  walk(program, (node) => {
    if (node.type !== 'CallExpression') return
    const callee = node.callee as Node
    const args = node.arguments as Node[]
    if (callee.type !== 'Identifier' || !helpers.has(callee.name as string) || args.length !== 1) return
    let fn = args[0]!
    if (fn.type === 'ObjectExpression') {
      const properties = fn.properties as Node[]
      if (properties.length !== 1 || properties[0]!.type !== 'Property') return
      fn = properties[0]!.value as Node
    }
    if (fn.type === 'ArrowFunctionExpression' && !fn.async && (fn.body as Node).type === 'BlockStatement' && (fn.params as Node[]).every((p) => p.type === 'Identifier')) found.push(fn)
  })
  return found
}

/**
 * Whether code reads what an arrow takes from its surroundings and a function has of its own: `this`, `arguments`,
 * `super`, `new.target` (any meta property), or may through a direct `eval`. A property named so (`o.arguments`,
 * `{ eval: 1 }`) is not a read.
 */
function readsOwnContext(body: Node): boolean {
  let reads = false
  walk(body, (node) => {
    if (node.type === 'ThisExpression' || node.type === 'Super' || node.type === 'MetaProperty' || (node.type === 'Identifier' && (node.name === 'arguments' || node.name === 'eval'))) reads = true
    // A nested function has its own `this` and `arguments`; a nested arrow (or a class's computed key) shares them.
    if (node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration') return 'skip'
    if (node.computed !== true) {
      if (node.type === 'MemberExpression') return ['object']
      if (node.type === 'Property' && node.shorthand !== true) return ['value']
      if (node.type === 'PropertyDefinition' || node.type === 'MethodDefinition') return ['value', 'decorators']
    }
    return undefined
  })
  return reads
}

/** Depth-first over an ESTree node; `visit` returns 'skip' to leave the node's children out, or the keys of the only children to visit. */
function walk(node: Node, visit: (node: Node) => 'skip' | string[] | void): void {
  const stack: Node[] = [node]
  while (stack.length) {
    const n = stack.pop()!
    const only = visit(n)
    if (only === 'skip') continue
    for (const key of only ?? Object.keys(n)) {
      const value = n[key]
      if (Array.isArray(value)) {
        for (const v of value) if (isNode(v)) stack.push(v)
      } else if (isNode(value)) stack.push(value)
    }
  }
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && typeof (v as Node).type === 'string'
