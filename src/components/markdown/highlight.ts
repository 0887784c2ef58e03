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

/** A few constructs most grammars have: strings, numbers, comments, a call, a block. */
const SAMPLE = 'let a = f("s", \'c\', 1.5) // n\n/* m */ # k\nif (a) { return [a] }\n'

/**
 * Runs a registered grammar once over a small sample. highlight.js compiles a language on its first
 * use and V8 compiles each of its regexes on their first run: done here, in a task of its own, the
 * first real block's highlighting is not one long task with it.
 */
export function warmUp(name: string): void {
  if (lowlight.registered(name)) lowlight.highlight(name, SAMPLE)
}
