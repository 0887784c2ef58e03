import type { HastNode } from './highlight-loader.ts'

/**
 * Lines per group of a code block. Each group but the last is a block of its own (styles.css,
 * `.sealkit-md__lines`), so a change to one (a streamed line, a group's highlighting) lays out that group, not
 * the whole block: Chromium on a 2-core machine laid out 60 KB of highlighted code (1,400 lines, 5,500 spans)
 * in 37-62 ms as one block. 64 lines of code are ~2-5 KB, a few ms to build highlighted and to lay out.
 */
export const LINES_PER_GROUP = 64

/**
 * `code` cut after every `LINES_PER_GROUP`-th line break: each group ends with its line break but the last, so
 * the groups joined are `code`, and so are the element's text, a selection's and a copy's.
 *
 * @example codeLineGroups('a\nb') // ['a\nb'] (one group)
 */
export function codeLineGroups(code: string): string[] {
  const groups: string[] = []
  let start = 0
  let lines = 0
  for (let at = code.indexOf('\n'); at !== -1; at = code.indexOf('\n', at + 1)) {
    if (++lines % LINES_PER_GROUP !== 0) continue
    groups.push(code.slice(start, at + 1))
    start = at + 1
  }
  if (start < code.length || groups.length === 0) groups.push(code.slice(start))
  return groups
}

type HastElement = Extract<HastNode, { type: 'element' }>

/**
 * The highlighter's tree of a code block cut where `groups` (its `codeLineGroups`) are: a span a cut falls in
 * (a comment or string over several lines) ends with its group and opens again in the next, with the same classes.
 * Undefined when the tree's text is not the groups' (nothing is then shown highlighted).
 */
export function hastLineGroups(nodes: readonly HastNode[], groups: readonly string[]): HastNode[][] | undefined {
  const out: HastNode[][] = [[]]
  let end = groups[0]!.length
  let text = ''
  // The elements open where the text now goes, outermost first: their copies in the current group.
  let open: HastElement[] = []
  const into = () => (open.length > 0 ? open[open.length - 1]!.children : out[out.length - 1]!)
  const nextGroup = () => {
    // Elements opened at the very end of the group (the next line's first token) have no text in it: they open in the next only.
    for (let i = open.length - 1; i >= 0 && open[i]!.children.length === 0; i--) (i > 0 ? open[i - 1]!.children : out[out.length - 1]!).pop()
    out.push([])
    end += groups[out.length - 1]!.length
    const reopened: HastElement[] = []
    for (const element of open) {
      const copy = { ...element, children: [] }
      ;(reopened.length > 0 ? reopened[reopened.length - 1]!.children : out[out.length - 1]!).push(copy)
      reopened.push(copy)
    }
    open = reopened
  }
  const walk = (list: readonly HastNode[]): boolean => {
    for (const node of list) {
      if (node.type === 'element') {
        const copy = { ...node, children: [] }
        into().push(copy)
        open.push(copy)
        if (!walk(node.children)) return false
        open.pop()
      } else if (node.type === 'text') {
        let value = node.value
        while (value !== '') {
          if (text.length === end) {
            if (out.length === groups.length) return false
            nextGroup()
          }
          const piece = value.slice(0, end - text.length)
          into().push({ type: 'text', value: piece })
          text += piece
          value = value.slice(piece.length)
        }
      }
    }
    return true
  }
  if (!walk(nodes) || out.length !== groups.length || text !== groups.join('')) return undefined
  return out
}
