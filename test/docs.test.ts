import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')

describe('docs/theming.md', () => {
  it('lists every --sealkit-* variable that styles.css defines', () => {
    const defined = new Set([...read('src/components/styles.css').matchAll(/(--sealkit-[a-z0-9-]+)\s*:/g)].map((m) => m[1]!))
    expect(defined.size).toBeGreaterThan(20)
    const documented = new Set([...read('docs/theming.md').matchAll(/`(--sealkit-[a-z0-9-]+)`/g)].map((m) => m[1]!))
    expect([...defined].filter((v) => !documented.has(v))).toEqual([])
  })
})
