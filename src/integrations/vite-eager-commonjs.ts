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
import MagicString from 'magic-string'
import type { Plugin } from 'vite'

/** What {@link eagerCommonJs} did in one build. */
export interface EagerCommonJsReport {
  /** Wrappers rewritten as `(function`, per chunk file name. */
  rewritten: Record<string, number>
  /** Wrappers left as arrows (their code reads `this`, `arguments`, `super` or `new.target`), per chunk file name. */
  kept: Record<string, number>
}

/** Options of {@link eagerCommonJs}. */
export interface EagerCommonJsOptions {
  /** Called once per build with what it did (a test's or a build script's view; the build log gets one line either way). */
  onReport?: (report: EagerCommonJsReport) => void
}

/** rolldown's runtime helpers: `__commonJSMin(arrow)`, and `__commonJS({ "path": arrow })` (with `output.generatedCode.profilerNames`). */
const HELPERS = /^__commonJS(Min)?$/

interface Node {
  type: string
  start: number
  end: number
  [key: string]: unknown
}

/** Rewrites rolldown's CommonJS wrappers as parenthesized function expressions (see the module's description). */
export function eagerCommonJs(options: EagerCommonJsOptions = {}): Plugin {
  let report: EagerCommonJsReport = { rewritten: {}, kept: {} }
  return {
    name: 'sealkit:eager-commonjs',
    apply: 'build',
    buildStart() {
      report = { rewritten: {}, kept: {} }
    },
    renderChunk(code, chunk, outputOptions) {
      if (!code.includes('__commonJS')) return null
      const wrappers = wrapperArrows(this.parse(code) as unknown as Node)
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
    generateBundle() {
      const count = (r: Record<string, number>) => Object.values(r).reduce((sum, n) => sum + n, 0)
      const rewritten = count(report.rewritten)
      const kept = count(report.kept)
      if (rewritten === 0 && kept === 0) {
        this.warn('sealkit/vite eagerCommonJs(): no CommonJS wrapper in this build (it rewrites those of Vite 8 / rolldown), so it changed nothing')
      } else {
        this.info(`sealkit/vite eagerCommonJs(): ${rewritten} CommonJS module${rewritten === 1 ? '' : 's'} compiled as the script loads${kept ? `; ${kept} left lazy (their code reads this or arguments)` : ''}`)
      }
      options.onReport?.(report)
    },
  }
}

/** The arrow of every `__commonJSMin(arrow)` and `__commonJS({ key: arrow })` call in a program, with a block body. */
function wrapperArrows(program: Node): Node[] {
  const found: Node[] = []
  walk(program, (node) => {
    if (node.type !== 'CallExpression') return
    const callee = node.callee as Node
    const args = node.arguments as Node[]
    if (callee.type !== 'Identifier' || !HELPERS.test(callee.name as string) || args.length !== 1) return
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
 * `super`, `new.target` (any meta property), or may through a direct `eval`.
 */
function readsOwnContext(body: Node): boolean {
  let reads = false
  walk(body, (node) => {
    if (node.type === 'ThisExpression' || node.type === 'Super' || node.type === 'MetaProperty' || (node.type === 'Identifier' && (node.name === 'arguments' || node.name === 'eval'))) reads = true
    // A nested function has its own `this` and `arguments`; a nested arrow (or a class's computed key) shares them.
    return node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration' ? 'skip' : undefined
  })
  return reads
}

/** Depth-first over an ESTree node; `visit` returning 'skip' leaves that node's children out. */
function walk(node: Node, visit: (node: Node) => 'skip' | void): void {
  const stack: Node[] = [node]
  while (stack.length) {
    const n = stack.pop()!
    if (visit(n) === 'skip') continue
    for (const key in n) {
      const value = n[key]
      if (Array.isArray(value)) {
        for (const v of value) if (isNode(v)) stack.push(v)
      } else if (isNode(value)) stack.push(value)
    }
  }
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && typeof (v as Node).type === 'string'
