import { grammarName, GRAMMARS } from './grammars.ts'

/** A node of the highlighter's syntax tree (hast): elements with classes, and text. */
export type HastNode =
  | { type: 'element'; tagName: string; properties?: { className?: unknown }; children: HastNode[] }
  | { type: 'text'; value: string }
  | { type: 'comment' | 'root' | 'doctype'; [key: string]: unknown }

export type Highlight = (code: string, lang: string) => HastNode[] | undefined

type Highlighter = typeof import('./highlight.ts')
let core: Highlighter | undefined
let loadingCore: Promise<Highlighter> | undefined
const loadingGrammars = new Map<string, Promise<void>>()

/**
 * The syntax highlighter for one language, loaded on first use: the highlighter (lowlight with
 * highlight.js's core) and that language's grammar, each a chunk of its own, so the chat's initial
 * bundle carries neither and a reply's first code block evaluates one grammar, not all of them.
 * Resolves to a `Highlight` that knows the languages loaded so far; a label that names none of
 * highlight.js's common languages loads nothing and resolves to undefined.
 * @example const highlight = await loadHighlighter('ts'); highlight?.(code, 'ts')
 */
export function loadHighlighter(lang: string): Promise<Highlight | undefined> {
  const name = grammarName(lang)
  if (!name) return Promise.resolve(undefined)
  let grammar = loadingGrammars.get(name)
  if (!grammar) {
    loadingCore ??= import('./highlight.ts').then((m) => (core = m))
    grammar = Promise.all([loadingCore, GRAMMARS[name]!()]).then(([highlighter, { default: fn }]) => highlighter.register(name, fn))
    // A failed load (a chunk that did not arrive) is tried again by the next block that needs it.
    grammar.catch(() => {
      loadingGrammars.delete(name)
      if (!core) loadingCore = undefined
    })
    loadingGrammars.set(name, grammar)
  }
  return grammar.then(() => core!.highlight)
}

/** The highlighted tree when the highlighter and this language have already loaded; else undefined (and nothing is loaded). */
export function highlightLoaded(code: string, lang: string): HastNode[] | undefined {
  return core?.highlight(code, lang)
}
