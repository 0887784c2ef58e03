import { createLowlight, type LanguageFn } from 'lowlight'
import type { HastNode } from './highlight-loader.ts'

// The highlighter without languages: each grammar is a chunk of its own (grammars.ts), registered when loaded.
const lowlight = createLowlight()

/** Registers a grammar under its name (and its aliases), once. */
export function register(name: string, grammar: LanguageFn): void {
  if (!lowlight.registered(name)) lowlight.register(name, grammar)
}

/** Highlights `code` as `lang`; undefined for a language not registered (yet). */
export function highlight(code: string, lang: string): HastNode[] | undefined {
  const name = lang.toLowerCase()
  if (!lowlight.registered(name)) return undefined
  return lowlight.highlight(name, code).children as HastNode[]
}
