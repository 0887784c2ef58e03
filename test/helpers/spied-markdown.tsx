/**
 * Renders a reply's markdown with marked's lexer and some of its tokenizer's rules spied on: what the renderer
 * showed, which blocks reached `Lexer.lex`, and how often each rule ran (the lexer guard's tests: a rule that
 * never ran over a hostile block did no quadratic work there). Every block rendered: its turns run before it returns.
 */
import { act } from 'react'
import { createRoot } from 'react-dom/client'
import { Lexer, Tokenizer } from 'marked'
import { onTestFinished, vi } from 'vitest'
import { Markdown } from '../../src/components/markdown/Markdown.tsx'
import { settleMarkdownTurns } from './markdown-turns.ts'

export type SpiedRule = 'link' | 'br' | 'inlineText' | 'table' | 'lheading' | 'url'

export async function renderSpiedMarkdown(text: string) {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const lex = vi.spyOn(Lexer, 'lex')
  const names: SpiedRule[] = ['link', 'br', 'inlineText', 'table', 'lheading', 'url']
  const rules = new Map(names.map((name) => [name, vi.spyOn(Tokenizer.prototype, name)]))
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const container = document.createElement('div')
  const root = createRoot(container)
  let restored = false
  const done = async () => {
    if (restored) return
    restored = true
    await act(async () => root.unmount())
    for (const spy of [lex, warn, ...rules.values()]) spy.mockRestore()
  }
  // Also when an assertion fails before the test's own done(): the next test must not count into these spies.
  onTestFinished(done)
  await act(async () => root.render(<Markdown text={text} />))
  await settleMarkdownTurns(container)
  return {
    container,
    /** The sources `Lexer.lex` was given. */
    lexed: lex.mock.calls.map(([source]) => source),
    /** How often a rule of marked's tokenizer ran. */
    read: (rule: SpiedRule) => rules.get(rule)!.mock.calls.length,
    /** Unmounts and restores the spies (also done when the test ends). */
    done,
  }
}
