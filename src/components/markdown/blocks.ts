import remend from 'remend'

/** Longest committed block without a blank line outside a code fence (a long fence keeps growing). */
const FENCE = /^ {0,3}(`{3,}|~{3,})/

/**
 * Splits streamed markdown into committed blocks plus the growing tail. A block ends at a
 * blank line outside a code fence when the next line starts at the margin (an indented line
 * may still belong to a list item). Where a boundary falls depends only on the text before
 * it and one character after, so appending never moves a boundary: committed blocks keep
 * their exact text and are parsed and rendered once.
 *
 * `from` resumes at a boundary an earlier call returned (every block starts outside a fence).
 *
 * @example
 * splitMarkdownBlocks('# Title\n\nSome text\n\n```js\nlet a\n\nlet b') // committed: ['# Title\n\n', 'Some text\n\n'], tail: the open fence
 */
export function splitMarkdownBlocks(text: string, from = 0): { committed: string[]; tail: string } {
  const committed: string[] = []
  let start = from
  let fence: string | undefined
  let lineStart = from
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart)
    if (newline === -1) break
    const line = text.slice(lineStart, newline)
    const marker = FENCE.exec(line)?.[1]
    if (marker) {
      if (fence === undefined) fence = marker
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined
    }
    const next = newline + 1
    // A blank line outside a fence, followed by a line that starts at the margin: a block ends.
    if (fence === undefined && line.trim() === '' && next < text.length && !/[ \t\n]/.test(text[next]!) && lineStart > start) {
      committed.push(text.slice(start, next))
      start = next
    }
    lineStart = next
  }
  return { committed, tail: text.slice(start) }
}

/**
 * The growing tail, made safe to render mid-stream: unterminated emphasis, inline code and
 * links are closed (`remend`), so `**bo` renders bold rather than flickering through `**`;
 * a table whose delimiter row has not arrived yet is held back, so a half-written table never
 * shows as a line of pipes first.
 */
export function stabilizeTail(tail: string): string {
  const lines = tail.split('\n')
  let end = lines.length - 1
  if (end > 0 && lines[end]!.trim() === '') end--
  // The last table-looking line that starts a block, and whether its delimiter row is complete.
  for (let h = end; h >= Math.max(0, end - 1); h--) {
    if (!/^\s*\|/.test(lines[h]!) || (h > 0 && lines[h - 1]!.trim() !== '')) continue
    const delimiter = lines[h + 1]
    const complete = delimiter !== undefined && h + 1 <= end && isDelimiterRow(delimiter, cellCount(lines[h]!))
    if (!complete) return remend(lines.slice(0, h).join('\n'))
  }
  return remend(tail)
}

function cellCount(row: string): number {
  return row.trim().replace(/^\||\|$/g, '').split('|').length
}

function isDelimiterRow(row: string, cells: number): boolean {
  const parts = row.trim().replace(/^\||\|$/g, '').split('|')
  return parts.length >= cells && parts.every((p) => /^\s*:?-+:?\s*$/.test(p))
}
