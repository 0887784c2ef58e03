import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')

describe('docs/theming.md', () => {
  const css = read('src/components/styles.css')
  const names = (pattern: RegExp, text: string) => new Set([...text.matchAll(pattern)].map((m) => m[1]!))
  const defined = names(/(--sealkit-[a-z0-9-]+)\s*:/g, css)
  const used = names(/var\(\s*(--sealkit-[a-z0-9-]+)/g, css)
  const documented = names(/^\| `(--sealkit-[a-z0-9-]+)`/gm, read('docs/theming.md'))

  it('lists every --sealkit-* variable that styles.css defines or reads (with or without a fallback)', () => {
    expect(defined.size).toBeGreaterThan(20)
    expect(used.size).toBeGreaterThan(20)
    expect([...new Set([...defined, ...used])].filter((v) => !documented.has(v))).toEqual([])
  })

  it('lists no variable that styles.css does not have', () => {
    expect([...documented].filter((v) => !defined.has(v) && !used.has(v))).toEqual([])
  })
})

describe('the API reference (typedoc.json)', () => {
  it('documents every entry point that package.json exports, and builds in npm test', () => {
    const pkg = JSON.parse(read('package.json')) as { exports: Record<string, string | { types?: string }>; scripts: Record<string, string> }
    const typed = Object.values(pkg.exports).flatMap((target) => (typeof target === 'object' && target.types ? [target.types] : []))
    const sources = typed.map((types) => types.replace(/^\.\/dist\//, '').replace(/\.d\.ts$/, '.ts'))
    expect(sources).toContain('src/core/index.ts')
    const entryPoints = (JSON.parse(read('typedoc.json')) as { entryPoints: string[] }).entryPoints
    expect([...entryPoints].sort()).toEqual([...sources].sort())
    expect(read('scripts/test.ts')).toMatch(/\['api-docs', 'typedoc[ '\]]/)
  })

  it('fails on an undocumented export: types, interfaces and their properties included', () => {
    const config = JSON.parse(read('typedoc.json')) as { requiredToBeDocumented: string[]; treatWarningsAsErrors: boolean; validation: { notDocumented: boolean } }
    expect(config.treatWarningsAsErrors).toBe(true)
    expect(config.validation.notDocumented).toBe(true)
    for (const kind of ['Function', 'Class', 'Variable', 'Interface', 'TypeAlias', 'Property', 'Method', 'Accessor']) expect(config.requiredToBeDocumented).toContain(kind)
  })
})
