/**
 * bin/sealkit.js picks what to run: the source in a checkout, the build in the installed package.
 * A checkout with a dist/ from an earlier build must not run that (possibly stale) build.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const LAUNCHER = fileURLToPath(new URL('../../bin/sealkit.js', import.meta.url))
const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url))
const made: string[] = []

/** A package-shaped folder: bin/sealkit.js, and optionally the source and a build that each say who they are. */
function layout(parts: { source?: boolean; dist?: boolean }): string {
  const root = mkdtempSync(join(tmpdir(), 'sealkit-launcher-'))
  made.push(root)
  mkdirSync(join(root, 'bin'))
  copyFileSync(LAUNCHER, join(root, 'bin', 'sealkit.js'))
  writeFileSync(join(root, 'package.json'), '{"type":"module"}')
  symlinkSync(NODE_MODULES, join(root, 'node_modules'))
  if (parts.source) writeFileSync(join(root, 'bin', 'sealkit.ts'), "const from: string = 'source'\nconsole.log(from)\n")
  if (parts.dist) {
    mkdirSync(join(root, 'dist', 'bin'), { recursive: true })
    writeFileSync(join(root, 'dist', 'bin', 'sealkit.js'), "console.log('dist')\n")
  }
  return root
}
const run = (root: string) => execFileSync(process.execPath, [join(root, 'bin', 'sealkit.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()

afterAll(() => {
  for (const root of made) rmSync(root, { recursive: true, force: true })
})

describe('bin/sealkit.js', () => {
  it('in a checkout runs the source, even with a dist/ from an earlier build beside it', () => {
    expect(run(layout({ source: true, dist: true }))).toBe('source')
  })

  it('in the installed package (no sources shipped) runs the build', () => {
    expect(run(layout({ dist: true }))).toBe('dist')
  })

  it('this checkout\'s own launcher runs its real sources through tsx (the other CLI tests run a bundle of them)', () => {
    const help = execFileSync(process.execPath, [LAUNCHER, 'verify', '--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    expect(help).toContain('Usage: sealkit verify FILE')
  })

  it('with neither, says so and exits 2', () => {
    const root = layout({})
    expect(() => run(root)).toThrow(expect.objectContaining({ status: 2, stderr: expect.stringContaining('neither the source') }))
  })
})
