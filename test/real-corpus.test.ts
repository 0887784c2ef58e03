import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** A fresh clone has no ../shared: every test that reads the corpus must say so (see test/real-corpus.ts). */
describe('tests that read the real-evidence corpus are marked', () => {
  it('with // @module-tag real-corpus, or the real-corpus tag on the tests that read it', () => {
    const dir = import.meta.dirname
    const unmarked = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.test\.tsx?$/.test(f) && !f.includes('node_modules') && !f.startsWith('consumers'))
      .filter((f) => {
        const source = readFileSync(join(dir, f), 'utf8')
        return /\b(readReal|readRealJson|realPath|reportOf|payloadOf|nrasOf|jwksOf)\(|tdx-fixtures/.test(source) && !/@module-tag real-corpus|REAL_CORPUS_TAG/.test(source)
      })
    expect(unmarked).toEqual([])
  })
})
