import hljs from 'highlight.js/lib/core'
import { common } from 'lowlight'
import { describe, expect, it } from 'vitest'
import { ALIASES, grammarName, GRAMMARS } from '../../src/components/markdown/grammars.ts'
import { highlightLoaded, loadHighlighter, type HastNode } from '../../src/components/markdown/highlight-loader.ts'

const classes = (nodes: readonly HastNode[] | undefined): string[] =>
  (nodes ?? []).flatMap((node) => (node.type === 'element' ? [String(node.properties?.className), ...classes(node.children)] : []))

describe('highlight grammars, one chunk each', () => {
  it('are exactly lowlight’s common languages, each loading the very grammar lowlight has', async () => {
    expect(Object.keys(GRAMMARS).sort()).toEqual(Object.keys(common).sort())
    for (const [name, load] of Object.entries(GRAMMARS)) {
      const { default: grammar } = await load()
      expect(grammar, name).toBe(common[name])
    }
  })

  it('know every alias each grammar declares, and no other', () => {
    const declared: Record<string, string> = {}
    for (const [name, grammar] of Object.entries(common)) for (const alias of grammar(hljs).aliases ?? []) declared[alias.toLowerCase()] = name
    expect({ ...ALIASES }).toEqual(declared)
  })

  it('name a grammar by its name or an alias in any case; labels from the prototype name nothing', () => {
    expect(grammarName('TS')).toBe('typescript')
    expect(grammarName('c++')).toBe('cpp')
    expect(grammarName('Python')).toBe('python')
    for (const label of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'brainfuck', '']) expect(grammarName(label), label).toBeUndefined()
  })

  it('loads the highlighter with the one grammar a label names; an unknown label loads nothing', async () => {
    expect(await loadHighlighter('constructor')).toBeUndefined()
    expect(highlightLoaded('const x = 1', 'ts')).toBeUndefined()
    const highlight = await loadHighlighter('ts')
    expect(classes(highlight?.('const x = 1', 'ts'))).toContain('hljs-keyword')
    // Only what was asked for: Rust is not there until a block asks for it.
    expect(highlightLoaded('fn main() {}', 'rust')).toBeUndefined()
    await loadHighlighter('rs')
    expect(classes(highlightLoaded('fn main() {}', 'rust'))).toContain('hljs-keyword')
  })

  it('tries a grammar again after a load that failed', async () => {
    const table = GRAMMARS as Record<string, (typeof GRAMMARS)[string]>
    const real = table.go!
    table.go = () => Promise.reject(new Error('chunk did not arrive'))
    await expect(loadHighlighter('go')).rejects.toThrow('chunk did not arrive')
    table.go = real
    const highlight = await loadHighlighter('golang')
    expect(classes(highlight?.('package main', 'go'))).toContain('hljs-keyword')
  })
})
