import hljs from 'highlight.js/lib/core'
import { common } from 'lowlight'
import { describe, expect, it, vi } from 'vitest'
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

  it('runs a new grammar once in a task of its own, between its chunk and the first block it highlights', async () => {
    // Each task boundary the load waits for, with how many regex runs had happened when it was asked for.
    const exec = vi.spyOn(RegExp.prototype, 'exec')
    const realSetTimeout = globalThis.setTimeout
    const yields: number[] = []
    const timeout = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((run: () => void, ms?: number) => {
      if (ms === 0) yields.push(exec.mock.calls.length)
      return realSetTimeout(run, ms)
    }) as typeof setTimeout)
    try {
      const highlight = await loadHighlighter('py')
      expect(yields).toHaveLength(2)
      // The grammar compiled and ran between the two: not in the chunk's task, not in the block's.
      expect(yields[1]! - yields[0]!).toBeGreaterThan(10)
      expect(classes(highlight?.('def f(): return 1', 'python'))).toContain('hljs-keyword')
    } finally {
      timeout.mockRestore()
      exec.mockRestore()
    }
  })
})
