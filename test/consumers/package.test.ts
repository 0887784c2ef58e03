/**
 * What the packed tarball holds, file by file, as a user's bundler and type checker will see it.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseAst } from 'vite'
import { beforeAll, describe, expect, it } from 'vitest'
import { TARBALL, sh } from './harness.ts'
import { tempDir } from '../helpers/temp-dir.ts'

let root: string
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const files = (): string[] => readdirSync(root, { recursive: true, encoding: 'utf8' })
/** The package's Web Workers, each one self-contained file. */
const WORKERS = ['dist/src/core/worker/decrypt-worker.js', 'dist/src/core/worker/verify-worker.js', 'dist/src/components/markdown/highlight-worker.js']

/** Import and export-from statements and `import()` calls in a module, parsed (grammars have `import` in their strings). */
function importsOf(code: string): string[] {
  const found: string[] = []
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (typeof node !== 'object' || node === null) return
    const { type, source } = node as { type?: unknown; source?: unknown }
    if (typeof type === 'string' && /^(Import(Declaration|Expression)|Export(All|Named)Declaration)$/.test(type) && source) found.push(type)
    Object.values(node).forEach(walk)
  }
  walk(parseAst(code))
  return found
}

beforeAll(() => {
  const dir = tempDir('sealkit-pack-')
  execFileSync('tar', ['xzf', TARBALL, '-C', dir])
  root = join(dir, 'package')
})

describe('the packed package', () => {
  it.each([
    ['decryption', 'core/worker', 'worker-key-holder.js', 'decrypt-worker.js'],
    ['verification', 'core/worker', 'worker-verifier.js', 'verify-worker.js'],
    ['highlighting', 'components/markdown', 'highlight-off-thread.js', 'highlight-worker.js'],
  ])('ships the %s worker as its own self-contained file beside the module that starts it', (_, dir, starterFile, workerFile) => {
    const starter = read(`dist/src/${dir}/${starterFile}`)
    expect(starter).toMatch(new RegExp(`new Worker\\(new URL\\(["']\\./${workerFile.replace('.', '\\.')}["'], import\\.meta\\.url\\), \\{ type: ["']module["'] \\}\\)`))
    const worker = read(`dist/src/${dir}/${workerFile}`)
    // No imports left to resolve, no dynamic import: any bundler can emit it in any worker format.
    expect(importsOf(worker)).toEqual([])
    expect(importsOf(starter).length).toBeGreaterThan(0)
    expect(worker).toContain('onmessage')
  })

  it("marks client modules 'use client', the page-wide settings and preloads among them", () => {
    // A Server Component that calls one then gets Next's own error naming it, instead of a call that does nothing for
    // the browser (setHighlightWorker) or a rejection naming an internal (preloadComponents).
    const index = read('dist/index.js')
    const moduleOf = (name: string) => index.split('\n').find((line) => line.startsWith('import {') && new RegExp(`[{,] ${name}[ ,]`).test(line))?.match(/from "\.\/(src\/[^"]+)"/)?.[1]
    for (const name of ['PrivateChat', 'useEncryptedChat', 'SealkitProvider', 'setHighlightWorker', 'preloadComponents', 'preloadMarkdown']) {
      const file = moduleOf(name)
      expect(file, name).toBeDefined()
      expect(read(`dist/${file}`).startsWith('"use client";'), `${name} (${file})`).toBe(true)
    }
  })

  it('is built for production: the JSX runtime, not jsxDEV', () => {
    const js = files().filter((f) => f.endsWith('.js'))
    expect(js.filter((f) => /jsx-dev-runtime|jsxDEV/.test(read(f)))).toEqual([])
  })
})

describe('package hygiene', () => {
  it('has its license, notices and no source maps pointing at sources it does not ship', () => {
    expect(files()).toEqual(expect.arrayContaining(['LICENSE', 'THIRD_PARTY_NOTICES.md', 'CHANGELOG.md', 'package.json', 'README.md']))
    expect(files().filter((f) => f.endsWith('.map'))).toEqual([])
    // Everything the workers bundle is named in the notices: each package the build inlined, and the WASM's libsecp256k1
    // and BearSSL. Each worker's first line names its packages (`// Bundles: ...`, from the bundler's module graph); the
    // bundler's own `// node_modules/<package>/...` region comments name most of them too, but a module merged into its
    // neighbour's region loses its comment (pvutils did), so both count, and every comment's package is on the line.
    const notices = read('THIRD_PARTY_NOTICES.md')
    const workers = WORKERS
    const declared = workers.map((f) => /^\/\/ Bundles: (.+)$/m.exec(read(f).split('\n', 1)[0]!)?.[1]?.split(', ') ?? [])
    const marked = workers.map((f) => [...read(f).matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1]!))
    marked.forEach((packages, i) => expect(packages.filter((p) => !declared[i]!.includes(p)), workers[i]).toEqual([]))
    const bundled = new Set(declared.flat())
    expect([...bundled]).toEqual(expect.arrayContaining(['@noble/curves', '@noble/hashes', 'asn1js', 'js-yaml', 'highlight.js', 'lowlight']))
    expect([...bundled, 'libsecp256k1', 'BearSSL'].filter((name) => !notices.includes(name))).toEqual([])
    // ...and nothing is named that is not: each package section of the notices is in a worker.
    const named = [...notices.matchAll(/^## (.+?) \(bundled into/gm)].flatMap((m) => m[1]!.split(', '))
    expect(named.length).toBeGreaterThan(5)
    expect(named.filter((name) => !bundled.has(name))).toEqual([])
    // Nothing outside the workers inlines a dependency: the package's other files import them.
    expect(files().filter((f) => f.endsWith('.js') && !workers.includes(f) && /^\/\/ node_modules\//m.test(read(f)))).toEqual([])
    console.log(`sealkit.tgz: ${(statSync(TARBALL).size / 1024).toFixed(1)} KB packed, ${files().length} files`)
  })

  it('declares no CLI types and no giant literal types', () => {
    const dts = files().filter((f) => f.endsWith('.d.ts'))
    expect(dts.filter((f) => f.startsWith('dist/bin/'))).toEqual([])
    // A base64 WASM module typed as its literal value would put 65 KB into every type check.
    expect(dts.filter((f) => statSync(join(root, f)).size > 64 * 1024)).toEqual([])
    expect(read('dist/src/core/crypto/backends/libsecp256k1-ecdh.wasm.d.ts').trim()).toBe('export declare const LIBSECP256K1_ECDH_WASM_BASE64: string;')
  })

  it('depends on the Radix primitives it uses, not the radix-ui umbrella', () => {
    const deps = Object.keys(JSON.parse(read('package.json')).dependencies)
    expect(deps).not.toContain('radix-ui')
    expect(deps.filter((d) => d.startsWith('@radix-ui/'))).toEqual(expect.arrayContaining(['@radix-ui/react-popover', '@radix-ui/react-select']))
  })

  it('publint and arethetypeswrong (ESM-only profile) find nothing', async () => {
    const repo = join(import.meta.dirname, '..', '..')
    await sh(repo, 'node', ['node_modules/publint/src/cli.js', '--strict', TARBALL])
    await sh(repo, 'node', ['node_modules/@arethetypeswrong/cli/dist/index.js', TARBALL, '--profile', 'esm-only', '--exclude-entrypoints', './styles.css'])
  })
})
