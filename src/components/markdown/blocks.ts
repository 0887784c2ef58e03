import remend, { type RemendOptions } from 'remend'
import { warnOnceInDevelopment } from '../../core/worker/dev-warning.ts'

/** Longest committed block without a blank line outside a code fence (a long fence keeps growing). */
const FENCE = /^ {0,3}(`{3,}|~{3,})/
const LINE_END = /\r\n?|\n/g

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
    // Line breaks as marked reads them: a carriage return alone too. One that ends the text may yet be the first
    // half of a CRLF, so that line's end is not known yet.
    LINE_END.lastIndex = lineStart
    const found = LINE_END.exec(text)
    if (!found || (found[0] === '\r' && found.index + 1 === text.length)) break
    const newline = found.index
    const line = text.slice(lineStart, newline)
    const opening = FENCE.exec(line)
    const marker = opening?.[1]
    if (marker) {
      // A backtick fence's info string holds no backtick: marked reads such a line as text, and so does this.
      if (fence === undefined) fence = marker[0] === '`' && line.includes('`', opening![0].length) ? undefined : marker
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined
    }
    const next = newline + found[0].length
    // A blank line outside a fence, followed by a line that starts at the margin: a block ends.
    if (fence === undefined && line.trim() === '' && next < text.length && !/[ \t\n\r]/.test(text[next]!) && lineStart > start) {
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
    if (!complete) return completed(lines.slice(0, h).join('\n'))
  }
  return completed(tail)
}

/** remend, without the completions that would cost it too long on this text (see `remendWork`). */
function completed(text: string): string {
  const work = remendWork(text)
  const options: RemendOptions = {}
  if (work.links > MAX_REMEND_WORK) options.links = options.images = false
  if (work.tags > MAX_REMEND_WORK) options.htmlTags = false
  if (work.listStarts > MAX_REMEND_WORK) options.comparisonOperators = false
  // remend reads each line for a fence before any completion that asks what is code, emphasis's too: past the
  // bound, none runs.
  const fences = work.fences > MAX_REMEND_WORK
  if (fences || Object.keys(options).length) {
    warnOnceInDevelopment('markdown-remend', "sealkit: a streaming reply's brackets, tags, code or line breaks would take too long to complete; its unfinished links, tags or code show as typed until they close.")
  }
  return fences ? text : remend(text, options)
}

const CODE_START = /`|~~~/
const WHITE_SPACE = /\s+/g
// Where `^` matches under the `m` flag.
const LINE_TERMINATORS = /[\n\r\u2028\u2029]/g
// What remend's `- > 25` pattern reads after the white space a line starts with, whether or not a marker is there.
const MARKER_STRETCH = /\d*[-*+.)]? */y
// What a line may hold that `.` does not take.
const DOT_STOPS = /[\r\u2028\u2029]/
// A fence's run at a line's start, after its quote and list markers in any order, as remend reads them (each
// character read one way: no run of spaces two alternatives could share).
const FENCE_RUN = /^(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))*(`{3,}|~{3,})/

/** About 10 ms of remend's scanning (1-2 ns a unit): ordinary text spends about its length or less. */
export const MAX_REMEND_WORK = 8_000_000

/**
 * How many characters remend 1.4 would scan over a streaming tail, for the two completions that are quadratic in it:
 * - links: from each `[`, back from the last to the first that no `]` closes (which it completes, and stops), it
 *   looks for a `]` after it and for the `]` that matches it (a count of brackets, as here):
 *   `'['.repeat(30_000) + ']'.repeat(30_000)` took 2.1 s. A `[` before the one it completes costs nothing, unless
 *   that one may be in code, which remend passes over (`[` × 20,000, as many `]`, then `` `[` ``: 0.9 s).
 * - tags: its pattern for an unfinished tag at the end is tried at each `<` and a letter or `/`, each on to the next
 *   `>` (`'<a'.repeat(30_000) + '>'`: 1.2 s).
 * - list starts: in a text with a `>`, its pattern for `- > 25` in a list item (to escape the `>`) is tried at each
 *   line's start, and its `\s*` runs on over the white space after it, line breaks included: a run of white space
 *   costs its line breaks times its length (`'a > b' + '\n'.repeat(60_000)`: 2.8 s), and the digits, marker and
 *   spaces after it, which each of those tries reads too (2,827 line breaks, then 57,000 digits: 0.15 s).
 * - fences: its pattern for a fence line, tried on each line after its list and quote markers when it first reads
 *   what is code (for the inline code, strikethrough and math completions, and for emphasis), backs off a run of
 *   three or more backticks or tildes one character at a time when a carriage return or a line or paragraph
 *   separator (U+2028, U+2029, which its `.` does not take) follows on the line, and each time scans on to it: the
 *   run times that distance, three times (`'`'.repeat(20_000) + '\u2028`'`: 0.23 s in each; in a list item, 60 KB:
 *   6 s; 20,000 indented tildes, then `__`, a carriage return and a letter: 0.45 s, for the bold's completion).
 *
 * @example
 * remendWork('see [the docs](https://x.test) <b>now</b>') // { links: 518, tags: 5, listStarts: 0, fences: 0 }
 */
export function remendWork(text: string): { links: number; tags: number; listStarts: number; fences: number } {
  let fences = 0
  if (DOT_STOPS.test(text)) {
    for (const line of text.split('\n')) {
      const run = FENCE_RUN.exec(line)
      if (!run) continue
      const stop = line.slice(run[0].length).search(DOT_STOPS)
      if (stop !== -1) fences += 3 * run[1]!.length * (run[1]!.length + stop)
    }
  }
  let listStarts = 0
  if (text.includes('>')) {
    for (const found of text.matchAll(WHITE_SPACE)) {
      const [run] = found
      const breaks = run.match(LINE_TERMINATORS)?.length ?? 0
      if (breaks < 2) continue
      // From each line start it reads the rest of the run, and then what a marker and its spaces may hold.
      MARKER_STRETCH.lastIndex = found.index + run.length
      listStarts += breaks * (run.length + MARKER_STRETCH.exec(text)![0].length)
    }
  }
  let tags = 0
  let nextClose = text.length // the first `>` at or after the character looked at
  for (let at = text.length - 1; at >= 0; at--) {
    const char = text[at]
    if (char === '>') nextClose = at
    else if (char === '<' && /[a-zA-Z/]/.test(text[at + 1] ?? '')) tags += nextClose - at
  }
  // Each `[` with the `]` that matches it, where one does.
  const open: number[] = []
  const closed: Array<[at: number, to: number]> = []
  for (let at = 0; at < text.length; at++) {
    if (text[at] === '[') open.push(at)
    else if (text[at] === ']' && open.length) closed.push([open.pop()!, at])
  }
  // From the end back: each closed `[` after the last open one, then that one, scanned on to the end. But remend
  // passes over a `[` in code, and only a backtick or `~~~` before it can begin code: then every `[` may be scanned.
  // Each `[` also costs remend ~0.75 µs however near its `]` (`'[a]'` × 20,000: 15 ms).
  const last = open.at(-1) ?? -1
  const mayBeCode = last !== -1 && CODE_START.test(text.slice(0, last))
  let links = 0
  for (const at of mayBeCode ? open : open.slice(-1)) links += 500 + 2 * (text.length - at)
  for (const [at, to] of closed) if (mayBeCode || at > last) links += 500 + 2 * (to - at)
  return { links, tags, listStarts, fences }
}

function cellCount(row: string): number {
  return row.trim().replace(/^\||\|$/g, '').split('|').length
}

function isDelimiterRow(row: string, cells: number): boolean {
  const parts = row.trim().replace(/^\||\|$/g, '').split('|')
  return parts.length >= cells && parts.every((p) => /^\s*:?-+:?\s*$/.test(p))
}
