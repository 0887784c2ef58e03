/**
 * How deep a block's emphasis nests (`*`, `_` and `~` runs that open and later close), estimated in one pass
 * before marked sees it. marked's lexer takes time quadratic in that depth: 5,000 nested strikethroughs
 * (40 KB) held the page for 2–4 s before its stack ran out, in one long task; 1,000 took ~0.2 s. Pairs match
 * as CommonMark matches them, without its finer rules: a closer takes the nearest opener of its kind (the
 * openers between are dropped), `*` and `_` runs pair two at a time and then one, `~` pairs with a run of its
 * own length up to two. Code spans, fenced code and escaped characters count nothing, nor does an opener
 * that never closes, so ordinary text with many emphases, `snake_case` or `*args` stays at its real depth.
 *
 * @example
 * emphasisDepth('**bold *and italic***') // 2
 * emphasisDepth('*a* *b* *c*') // 1
 * emphasisDepth('`**not emphasis**` *args') // 0
 */
export function emphasisDepth(source: string): number {
  const runs = delimiterRuns(source)
  // Each level opened at a run and closed at a later one: +1 at the opener, -1 at the closer.
  const change = new Int32Array(runs.length)
  const left = runs.map((run) => run.length)
  const stack: number[] = []
  // The stack's runs of each kind, so that a closer with nothing to close costs no search (a search per
  // closer would make the scan quadratic).
  const open = new Map<string, number>()
  const count = (kind: string, by: number) => open.set(kind, (open.get(kind) ?? 0) + by)
  runs.forEach((run, index) => {
    while (run.closes && left[index]! > 0 && (open.get(run.kind) ?? 0) > 0) {
      let opener = stack.pop()!
      for (; runs[opener]!.kind !== run.kind; opener = stack.pop()!) count(runs[opener]!.kind, -1)
      const taken = run.char === '~' ? run.length : left[opener]! >= 2 && left[index]! >= 2 ? 2 : 1
      left[opener]! -= taken
      left[index]! -= taken
      change[opener]!++
      change[index]!--
      if (left[opener]! > 0) stack.push(opener)
      else count(run.kind, -1)
    }
    if (run.opens && left[index]! > 0) {
      stack.push(index)
      count(run.kind, 1)
    }
  })
  let depth = 0
  let deepest = 0
  for (const step of change) deepest = Math.max(deepest, (depth += step))
  return deepest
}

interface Run {
  char: string
  /** What it pairs with: its character, and for `~` its length too. */
  kind: string
  length: number
  opens: boolean
  closes: boolean
}

/** The block's runs of `*`, `_` and `~`, outside code, each with whether it can open and close emphasis. */
function delimiterRuns(source: string): Run[] {
  const runs: Run[] = []
  const spanEnd = codeSpanEnds(source)
  let fence: string | undefined
  for (let i = 0, lineStart = true; i < source.length; ) {
    // A fenced code block's lines, fences included, count nothing.
    if (lineStart) {
      lineStart = false
      FENCE.lastIndex = i
      const marker = FENCE.exec(source)?.[1]
      const inFence = fence !== undefined
      const lineEnd = source.indexOf('\n', i) + 1 || source.length
      if (fence === undefined) fence = marker
      else if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && source.slice(i, lineEnd).trim() === marker) fence = undefined
      if (inFence || fence !== undefined) {
        i = lineEnd
        lineStart = true
        continue
      }
    }
    NEXT.lastIndex = i
    const found = NEXT.exec(source)
    if (!found) break
    i = found.index
    const char = found[0]
    if (char === '\n') {
      i++
      lineStart = true
    } else if (char === '\\') i += 2
    else if (char === '`') i = spanEnd.get(i) ?? i + runLength(source, i)
    else {
      const length = runLength(source, i)
      // Three tildes or more are no strikethrough.
      if (char !== '~' || length <= 2) {
        const kind = char === '~' ? char + length : char
        runs.push({ char, kind, length, ...flanking(char, source[i - 1] ?? '\n', source[i + length] ?? '\n') })
      }
      i += length
    }
  }
  return runs
}

const FENCE = / {0,3}(`{3,}|~{3,})/y
const NEXT = /[\n\\`*_~]/g

const runLength = (source: string, at: number) => {
  let end = at
  while (source[end] === source[at]) end++
  return end - at
}

/** Each backtick run that opens a code span, mapped to where the span ends (after the next run of its length). */
function codeSpanEnds(source: string): Map<number, number> {
  const ticks: Array<[at: number, length: number]> = []
  for (let i = source.indexOf('`'); i !== -1; ) {
    const length = runLength(source, i)
    if (source[i - 1] !== '\\') ticks.push([i, length])
    i = source.indexOf('`', i + length)
  }
  const ends = new Map<number, number>()
  const nextOfLength = new Map<number, number>()
  for (let k = ticks.length - 1; k >= 0; k--) {
    const [at, length] = ticks[k]!
    const next = nextOfLength.get(length)
    if (next !== undefined) ends.set(at, next + length)
    nextOfLength.set(length, at)
  }
  return ends
}

const SPACE = /\s/u
const PUNCTUATION = /[\p{P}\p{S}]/u

/** CommonMark's left- and right-flanking rules, with `_`'s stricter ones inside words. */
function flanking(char: string, before: string, after: string): { opens: boolean; closes: boolean } {
  const left = !SPACE.test(after) && (!PUNCTUATION.test(after) || SPACE.test(before) || PUNCTUATION.test(before))
  const right = !SPACE.test(before) && (!PUNCTUATION.test(before) || SPACE.test(after) || PUNCTUATION.test(after))
  if (char !== '_') return { opens: left, closes: right }
  return { opens: left && (!right || PUNCTUATION.test(before)), closes: right && (!left || PUNCTUATION.test(after)) }
}
