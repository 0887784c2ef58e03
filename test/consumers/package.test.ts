/**
 * What the packed tarball holds, file by file, as a user's bundler and type checker will see it.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { TARBALL } from './harness.ts'

let root: string
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const files = (): string[] => readdirSync(root, { recursive: true, encoding: 'utf8' })

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'sealkit-pack-'))
  execFileSync('tar', ['xzf', TARBALL, '-C', dir])
  root = join(dir, 'package')
})

describe('the packed package', () => {
  it('ships the decryption worker as its own self-contained file beside the module that starts it', () => {
    const starter = read('dist/src/core/worker/worker-key-holder.js')
    expect(starter).toMatch(/new Worker\(new URL\(["']\.\/decrypt-worker\.js["'], import\.meta\.url\), \{ type: ["']module["'] \}\)/)
    const worker = read('dist/src/core/worker/decrypt-worker.js')
    // No imports left to resolve, no dynamic import: any bundler can emit it in any worker format.
    expect(worker).not.toMatch(/\bimport\s*[\s{*"'(]|\bimport\(/)
    expect(worker).toContain('onmessage')
  })

  it('is built for production: the JSX runtime, not jsxDEV', () => {
    const js = files().filter((f) => f.endsWith('.js'))
    expect(js.filter((f) => /jsx-dev-runtime|jsxDEV/.test(read(f)))).toEqual([])
  })
})
