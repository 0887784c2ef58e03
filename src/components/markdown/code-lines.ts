import type { HastNode } from './highlight-loader.ts'

/**
 * Lines per group of a code block. Each group but the last is a block of its own (styles.css,
 * `.sealkit-md__lines`), so a change to one (a streamed line, a group's highlighting) lays out that group, not
 * the whole block: Chromium on a 2-core machine laid out 60 KB of highlighted code (1,400 lines, 5,500 spans)
 * in 37-62 ms as one block. 64 lines of code are ~2-5 KB, a few ms to build highlighted and to lay out.
 */
export const LINES_PER_GROUP = 64

/**
 * `code` cut at every `LINES_PER_GROUP`-th line break: the groups joined with a line break are `code`. The line
 * break between two groups is an element of its own, not shown (the groups are blocks), so that the block's text,
 * a selection's, a copy's and `innerText` are all `code`.
 *
 * @example codeLineGroups('a\nb') // ['a\nb'] (one group)
 */
export function codeLineGroups(code: string): string[] {
  const groups: string[] = []
  let start = 0
  let lines = 0
  for (let at = code.indexOf('\n'); at !== -1; at = code.indexOf('\n', at + 1)) {
    if (++lines % LINES_PER_GROUP !== 0) continue
    groups.push(code.slice(start, at))
    start = at + 1
  }
  groups.push(code.slice(start))
  return groups
}

type HastElement = Extract<HastNode, { type: 'element' }>

/**
 * The highlighter's tree of a code block cut where `groups` (its `codeLineGroups`) are, the line break between two
 * left out: a span a cut falls in (a comment or string over several lines) ends with its group and opens again in
 * the next, with the same classes. Undefined when the tree's text is not the groups' (nothing is then shown
 * highlighted).
 */
export function hastLineGroups(nodes: readonly HastNode[], groups: readonly string[]): HastNode[][] | undefined {
  const out: HastNode[][] = [[]]
  let end = groups[0]!.length
  let text = ''
  // A line break between two groups was taken: the next text goes in the next group.
  let cut = false
  // The elements open where the text now goes, outermost first: their copies in the current group.
  let open: HastElement[] = []
  const into = () => (open.length > 0 ? open[open.length - 1]!.children : out[out.length - 1]!)
  const nextGroup = () => {
    cut = false
    // Elements opened at the very end of the group have no text in it: they open in the next only.
    for (let i = open.length - 1; i >= 0 && open[i]!.children.length === 0; i--) (i > 0 ? open[i - 1]!.children : out[out.length - 1]!).pop()
    out.push([])
    end = text.length + groups[out.length - 1]!.length
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
        if (cut) nextGroup()
        const copy = { ...node, children: [] }
        into().push(copy)
        open.push(copy)
        if (!walk(node.children)) return false
        // An element whose only text was a line break between groups leaves nothing.
        if (open.pop()!.children.length === 0) into().pop()
      } else if (node.type === 'text') {
        let value = node.value
        while (value !== '') {
          if (cut) nextGroup()
          if (text.length === end) {
            if (out.length === groups.length || value[0] !== '\n') return false
            text += '\n'
            value = value.slice(1)
            cut = true
            continue
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
  if (!walk(nodes)) return undefined
  if (cut) nextGroup()
  if (out.length !== groups.length || text !== groups.join('\n')) return undefined
  return out
}
