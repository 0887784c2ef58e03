/** A node of the highlighter's syntax tree (hast): elements with classes, and text. */
export type HastNode =
  | { type: 'element'; tagName: string; properties?: { className?: unknown }; children: HastNode[] }
  | { type: 'text'; value: string }
  | { type: 'comment' | 'root' | 'doctype'; [key: string]: unknown }

export type Highlight = (code: string, lang: string) => HastNode[] | undefined

let loaded: Highlight | undefined
let loading: Promise<Highlight> | undefined

/**
 * The syntax highlighter, loaded on first use in a chunk of its own (lowlight with highlight.js's
 * common languages): the chat's initial bundle does not carry it.
 */
export function loadHighlighter(): Promise<Highlight> {
  loading ??= import('./highlight.ts').then((m) => (loaded = m.highlight))
  return loading
}

/** The highlighted tree when the highlighter has already loaded; else undefined (and nothing is loaded). */
export function highlightLoaded(code: string, lang: string): HastNode[] | undefined {
  return loaded?.(code, lang)
}
