import { loadOnce } from '../../core/load-once.ts'
import { nextTask } from '../../core/next-task.ts'
import { grammarName, GRAMMARS } from './grammars.ts'

/** A node of the highlighter's syntax tree (hast): elements with classes, and text. */
export type HastNode =
  | { type: 'element'; tagName: string; properties?: { className?: unknown }; children: HastNode[] }
  | { type: 'text'; value: string }
  | { type: 'comment' | 'root' | 'doctype'; [key: string]: unknown }

export type Highlight = (code: string, lang: string) => HastNode[] | undefined

type Highlighter = typeof import('./highlight.ts')
let core: Highlighter | undefined
const loadCore = loadOnce(() => import('./highlight.ts').then((m) => (core = m)))

/** Per grammar: the core and that grammar loaded, and the grammar registered (a failed load is tried again by the next block). */
const grammarLoads = new Map<string, () => Promise<void>>()

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
  let load = grammarLoads.get(name)
  if (!load) {
    load = loadOnce(() =>
      Promise.all([loadCore(), GRAMMARS[name]!()])
        .then(([highlighter, { default: grammar }]) => highlighter.register(name, grammar))
        // The grammar's first use compiles it (and V8 its regexes): a task of its own, between the
        // chunk's evaluation and the first block's highlighting, so that none of the three is a long task.
        .then(nextTask)
        .then(() => core!.warmUp(name))
        .then(nextTask),
    )
    grammarLoads.set(name, load)
  }
  return load().then(() => core!.highlight)
}

/** The highlighted tree when the highlighter and this language have already loaded; else undefined (and nothing is loaded). */
export function highlightLoaded(code: string, lang: string): HastNode[] | undefined {
  return core?.highlight(code, lang)
}
