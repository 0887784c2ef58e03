import { Hooks, Lexer, Tokenizer, type MarkedOptions, type Token, type Tokens } from 'marked'
import { warnOnceInDevelopment } from '../../core/worker/dev-warning.ts'

/*
 * What marked can afford to lex. Its lexer takes quadratic time on some shapes of text a reply can hold, or builds
 * quadratic output, and one block of a few KB held the page for seconds in one long task:
 * - emphasis nested in emphasis: 5,000 nested strikethroughs (40 KB) took 2–4 s;
 * - openers that never close before a last closer: `*a ` × 8,000 then `b*` (23 KB) took 4.4 s; so did openers that
 *   CommonMark's rule of three keeps from closing (`*a**b ` × 8,000, 48 KB: 2.4 s);
 * - a long word broken by many `_`, `*`, `~`, `!` or backticks (GFM's e-mail autolink looks ahead over the rest of
 *   the word at each break): `a_b` × 16,000 (48 KB) took 1.9 s;
 * - links that never close (`[](a (` × 10,000, 60 KB: 0.8 s), hard line breaks before long white space (0.36 s),
 *   an address followed by 60,000 dots (1 s); more in each estimate's own comment (quotes' lazy lines, unclosed
 *   tags, brackets and backticks, runs of spaces, fences marked reads otherwise);
 * - a table whose short rows marked pads to a wide header: 2,000 columns and rows (12 KB) made 4 million cells
 *   in 5.2 s, inside a quote or a list item too; table-shaped lines whose headers marked refuses, back to back
 *   (30 KB: 0.4 s); list markers nested hundreds deep, on one line or a level a line (0.3–0.5 s), re-lexed at each
 *   level; a list item of thousands of lines, each lexed on its own (12 KB: 0.3 s).
 * The inline shapes are answered inside marked, per paragraph, list item, heading or table cell: its `emStrongMask`
 * hook hands over each one's text with code spans, links, tags and escapes already masked, exactly as marked will
 * search it. The estimates of a block's texts are summed and bounded as a whole, and so are a task's blocks (see
 * `Spent`): many texts each just under a bound cost as much as one over it. Costly emphasis is masked: that text is
 * shown without emphasis, its asterisks and tildes as typed. The other inline shapes throw `TooCostlyToLex` out of
 * marked, and the block shapes are found before lexing; either way the renderer shows the block as typed.
 *
 * The estimates mirror marked 18.2's rules, and package.json admits no other minor (`~18.2.1`): a release that
 * changes a rule can open a shape they miss, so moving marked on is a review of this file, with an attacker's pass.
 */

/**
 * How many characters marked would scan for a text's emphasis (`*`, `_`, `~`), estimated in one pass: for each pair
 * the distance from opener to closer (marked scans it, then lexes what is between again), for each opener left
 * open the distance to the last run of its character (marked scans on to it). Pairs match with one stack per kind,
 * `*` and `_` two at a time and then one, `~` with a run of its own length up to two. Ordinary text costs about
 * its own length or less; the shapes above cost millions.
 *
 * @example
 * emphasisWork('*a* **b**') // 5: two pairs, 2 and 3 characters apart
 * emphasisWork('*a '.repeat(8_000) + 'b*') // ~96 million: each opener scans on to the last `*`
 */
export function emphasisWork(text: string, enough = Infinity): number {
  // Most texts (a table's cells, most sentences) hold no delimiter: no runs, no maps.
  if (!HAS_DELIMITER.test(text)) return 0
  // marked's GFM emphasis reads `~` as punctuation in some of its rules and not in others, so which runs open and
  // close is estimated under each reading, and under the one that opens most and closes least: the largest counts.
  // (Either reading alone let `_*~` × 5,000 through: 1.2 s at 15 KB, each `*` an opener scanning to the last.)
  const runs = delimiterRuns(text)
  // The readings differ only at runs beside a `~`; most texts have none, and one reading is all of them.
  const readings = runs.some((run) => run.gfm !== run.commonMark) ? 4 : 1
  const byChar = ['*', '_'].map((char) => runs.filter((run) => run.char === char))
  let most = 0
  // Past `enough` the other readings are not needed (the hook asks only whether the text is over its bound).
  for (let reading = 0; reading < readings && most <= enough; reading++) {
    for (const run of runs) read(run, reading)
    // Two models of one search: the stacks pair `~` and follow the rule of three across kinds; the count is how
    // marked's `*` and `_` search goes on past a closer it refuses. Either may be the larger.
    most = Math.max(most, pairWork(runs, text.lastIndexOf('~')), countedWork(byChar, enough))
  }
  return most
}

/**
 * How far marked's closer search scans from each opener of `*` or `_` (their runs, by character), read as marked reads it: it keeps a count, not
 * a stack. The count starts at the opener's length; each later run of its character that only opens adds its
 * length, each closer takes its length off, and the first to bring it to zero closes. A closer the rule of three
 * refuses (it, or the opener, both opens and closes, and their lengths sum to a multiple of 3) does neither, so the
 * `**` of `**b**` after a `2*3` adds 2 and takes nothing off, and that `*` scans on to its character's last run:
 * `'**b** 2*3 '` repeated took 0.43 s at 15 KB and 7 s at 60 KB, where the stacks of `pairWork` paired every run
 * with its neighbour. Stops once past `enough`: each run it visits is a character scanned.
 */
function countedWork(byChar: ReadonlyArray<readonly Run[]>, enough: number): number {
  let work = 0
  for (const own of byChar) {
    for (let at = 0; at < own.length && work <= enough; at++) {
      const opener = own[at]!
      if (!opener.opens) continue
      const both = opener.closes
      let count = opener.length
      let next = at + 1
      for (; next < own.length; next++) {
        const run = own[next]!
        if (!run.closes) {
          if (run.opens) count += run.length
          continue
        }
        if ((both || run.opens) && opener.length % 3 !== 0 && (opener.length + run.length) % 3 === 0) continue
        count -= run.length
        if (count <= 0) break
      }
      const distance = own[Math.min(next, own.length - 1)]!.at - opener.at
      // A run no closer closes is tried again from each of its characters, each reading the rest of the run and
      // scanning as far: `'*'.repeat(5_000) + 'a*'` took marked 0.3 s at 8 KB, 15 s at 30 KB.
      work += next < own.length ? distance : opener.length * distance + opener.length ** 2 / 2
    }
  }
  return work
}

/** Sets a run's opening and closing as reading 0 (CommonMark's), 1 (GFM's), 2 (either opens, both close) or 3 (either). */
function read(run: Run, reading: number): void {
  const { commonMark, gfm } = run
  run.opens = reading === 0 ? commonMark.opens : reading === 1 ? gfm.opens : commonMark.opens || gfm.opens
  run.closes = reading === 0 ? commonMark.closes : reading === 1 ? gfm.closes : reading === 2 ? commonMark.closes && gfm.closes : commonMark.closes || gfm.closes
}

/**
 * The characters scanned for the runs' emphasis, as `emphasisWork` says, with each run's opening and closing read one
 * way. An open `~` scans on to the text's last `~`: marked's strikethrough search reads on to its last run of any
 * length, where three or more pair with nothing (`'~a ' × 577` before `'x~~~~ '` × 10,000: 0.45 s at 60 KB).
 */
function pairWork(runs: readonly Run[], lastTilde: number): number {
  const left = runs.map((run) => run.length)
  const last = new Map<string, number>([['~', lastTilde]])
  for (const run of runs) if (run.char !== '~') last.set(run.char, run.at)
  let work = 0
  // One stack per kind: a closer takes the nearest opener of its kind and leaves the others open, so no closer
  // that marked would refuse can hide the openers before it. Each kind's stack is split by what the rule of three
  // looks at (length modulo 3, whether the run also closes), so a closer finds the nearest opener that accepts it
  // among at most six tops; an opener that refuses it stays open (marked's opener scans on past it).
  const stacks: number[][] = Array.from({ length: KINDS * 6 }, () => [])
  runs.forEach((run, index) => {
    while (run.closes && left[index]! > 0) {
      let stack: number[] | undefined
      for (let key = run.kind * 6; key < run.kind * 6 + 6; key++) {
        const top = stacks[key]!.at(-1)
        if (top !== undefined && !refuses(runs[top]!, run) && (!stack || top > stack.at(-1)!)) stack = stacks[key]
      }
      if (!stack) break
      const opener = stack.at(-1)!
      const taken = run.char === '~' ? run.length : left[opener]! >= 2 && left[index]! >= 2 ? 2 : 1
      left[opener]! -= taken
      left[index]! -= taken
      work += run.at - runs[opener]!.at
      if (left[opener] === 0) stack.pop()
    }
    if (run.opens && left[index]! > 0) stacks[run.kind * 6 + (run.length % 3) + (run.closes ? 3 : 0)]!.push(index)
  })
  for (const stack of stacks) for (const opener of stack) work += last.get(runs[opener]!.char)! - runs[opener]!.at
  return work
}

/**
 * How much GFM's e-mail autolink would look ahead in a text's long words: for each run of the characters an address
 * may hold (ASCII letters, digits and `.!#$%&'*+/=?^_\`{|}~-`), its length times the number of places marked's text
 * rule stops in it (each `*` and `_`, each run of `~` or backticks, each `!`, each `http` in any case; once emphasis is
 * masked, each run of `*`, `_` and `~`): at each stop marked looks ahead over the rest of the run for an `@`. Other
 * scripts end a run, so CJK prose with bold in it costs little. A
 * run followed by an `@` costs
 * its length squared, halved: there marked's text rule ends its text after each character, so that the e-mail
 * rule may try the next, and looks ahead over the rest of the run again (60,000 `a` and an `@`: 3.2 s).
 *
 * @example
 * wordWork('snake_case and **bold**') // 42: two runs, 10 and 8 long, with 1 and 4 stops
 * wordWork('a_b'.repeat(16_000)) // ~770 million
 * wordWork('mail me@example.com') // 2: the run before the `@`, 2 long
 */
export function wordWork(text: string, emphasisMasked = false): number {
  let work = 0
  // Once a text's emphasis is masked, marked takes a run of `*`, `_` and `~` whole, whatever its mix, with no stop
  // inside it; while it is parsed, each `*` and `_` is a stop, and each run of `~` (`~~~*` × 15,000: 0.3 s; 20,000
  // `*` before a space and a closing `*`: 0.35 s, and 3.5 s at 60 KB).
  const stops = emphasisMasked ? MASKED_STOPS : STOPS
  for (const word of text.matchAll(WORDS)) {
    const [run] = word
    const stopsIn = run.match(stops)?.length ?? 0
    work += stopsIn * run.length
    if (text[word.index + run.length] === '@') work += (run.length * run.length) / 2
  }
  return work
}

/**
 * How much marked's link rule would scan for links that never close: from each `](` left in the masked text (a link
 * marked found is masked already) on to the text's end, where its title and address rules look for the last `)`
 * (which may sit in a link masked after it).
 */
export function linkWork(masked: string): number {
  let work = 0
  for (let at = masked.indexOf(']('); at !== -1; at = masked.indexOf('](', at + 2)) work += masked.length - at
  return work
}

/**
 * How much marked rescans for backtick runs that no run of the same length closes: in a link's text it looks for a
 * code span at each backtick, a run's middle included, on to the text's end (`[` and 20,000 backticks: 1.8 s at
 * 60 KB). Counted as each such run's length times the characters after it; a code span marked found is masked.
 */
export function codeSpanWork(text: string): number {
  let work = 0
  const later = new Set<number>() // the lengths of the runs after this one
  const runs = [...text.matchAll(BACKTICKS)]
  for (let i = runs.length - 1; i >= 0; i--) {
    const [run] = runs[i]!
    if (!later.has(run.length)) work += run.length * (text.length - runs[i]!.index)
    later.add(run.length)
  }
  return work
}

/**
 * How much marked scans for code spans before the hook can see a text, counted over a block's text outside its
 * fences: twice (its masking pattern, then its code span rule) from each backtick run that opens a code span to the
 * next run of the same length, which closes it (an escaped run too), or, with none, to the end. An escape takes the
 * first backtick of a run (`\\`` `` ` `` × 15,000, no closer for any: 1.4 s at 60 KB). Each run is counted as tried,
 * though one inside a span marked found is not: ordinary code spans cost about their own length.
 */
export function backtickWork(text: string): number {
  let work = 0
  const next = new Map<number, number>() // the nearest later run of each length
  const runs = [...text.matchAll(BACKTICKS)]
  for (let i = runs.length - 1; i >= 0; i--) {
    const { 0: ticks, index: at } = runs[i]!
    // The backslashes before the run, counted back by hand: a pattern of backslashes before backticks is tried from
    // each backslash of a run with no backtick after it, each time over the rest of the run (60,000 of them: 1.5 s).
    let slashes = 0
    while (text.charCodeAt(at - 1 - slashes) === 92) slashes++
    const opener = ticks.length - (slashes % 2)
    if (opener > 0) work += 2 * ((next.get(opener) ?? text.length) - at)
    next.set(ticks.length, at)
  }
  return work
}

/**
 * How much marked's bare-address rule rescans: it takes trailing punctuation off an address one character a pass,
 * each pass over the whole address, so an address followed by many dots or brackets costs their count × its length.
 */
export function urlWork(text: string): number {
  let work = 0
  for (const [address] of text.matchAll(ADDRESSES)) {
    // Counted from the end by hand: a regular expression anchored only at the end would itself rescan.
    let end = address.length
    while (end > 0 && TRAILING.includes(address[end - 1]!)) end--
    work += (address.length - end) * address.length
  }
  // And each address start reads on to the next white space or `<`, however many starts share that stretch:
  // marked takes the address back to an unmatched `(` and tries the next start (`(www.a` × 10,000: 0.5 s). The
  // ends are found from the last start back, each character looked at once.
  const starts = [...text.matchAll(ADDRESS_STARTS)].map((found) => found.index)
  let next = text.length // the first white space or `<` at or after the characters looked at
  let looked = text.length // where the characters looked at begin
  for (let i = starts.length - 1; i >= 0; i--) {
    for (let at = looked - 1; at >= starts[i]!; at--) if (ADDRESS_END.test(text[at]!)) next = at
    looked = starts[i]!
    work += next - starts[i]!
  }
  return work
}

/**
 * How much marked's text rule looks over runs of spaces: at each space it looks on for a hard line break (two
 * spaces or more, then a newline) over the rest of the run, so a run of 30,000 spaces cost 0.5 s.
 */
export function spaceWork(text: string): number {
  let work = 0
  for (const [run] of text.matchAll(SPACE_RUNS)) work += (run.length * run.length) / 2
  return work
}

/** How much white space marked's hard line break looks over: after each break (two spaces or a backslash before a newline), the white space that follows, no-break spaces included. */
export function breakWork(text: string): number {
  let work = 0
  // Found from each newline back, by hand: a pattern of spaces before a newline rescans a long run at each space.
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    if (text[at - 1] !== '\\' && !(text[at - 1] === ' ' && text[at - 2] === ' ')) continue
    SPACES.lastIndex = at + 1
    work += SPACES.exec(text)![0].length
  }
  return work
}

/**
 * Why marked would take too long over a block, found before lexing it (undefined: it may be lexed). The block's
 * lines are read once and handed to each estimate:
 * - `containerDepth` past `MAX_NESTING`;
 * - `tableTooLarge`;
 * - `nestingWork`, `itemLineWork`, `quoteLazyWork`, `tagWork`, `bracketWork` or `backtickWork` past `MAX_INLINE_WORK`;
 * - those estimates, summed over the blocks lexed in one task, past twice that and an allowance for each character.
 *
 * @example
 * blockTooCostly('> a\n> b') // undefined
 * blockTooCostly('>a\nb\n'.repeat(3_000)) // 'quote lines between lazy lines'
 */
export function blockTooCostly(block: string): string | undefined {
  // Lines as marked reads them: it takes a carriage return, alone or before a newline, for a newline.
  const lines = block.split(LINE_BREAK)
  const fences = readFences(lines)
  const { fenced } = fences
  const depths = lineDepths(lines, fenced)
  if (deepestOf(depths) > MAX_NESTING) return 'nesting'
  if (tableTooLarge(lines)) return 'a table'
  const estimates: ReadonlyArray<[estimate: () => number, what: string]> = [
    [() => weighDepths(lines, depths), 'deep nesting'],
    [() => itemLineWork(lines, fences), 'a long list item'],
    [() => quoteLazyWork(lines, fenced), 'quote lines between lazy lines'],
    [() => tagWork(block), 'tags that never close'],
    [() => bracketWork(block), 'brackets that never close'],
    [() => (block.includes('`') ? backtickWork(lines.filter((_, index) => !fenced[index]).join('\n')) : 0), 'backticks that never close'],
  ]
  let work = 0
  for (const [estimate, what] of estimates) {
    const spent = estimate()
    if (spent > MAX_INLINE_WORK) return what
    work += spent
  }
  // Together, at most one lex's bound and a task's allowance for the block's characters: so the block fits a task
  // of its own twice over (React's strict mode renders it twice), and one refused for the task fits the next.
  // Three estimates each just under the bound took a task's whole bound, in every task.
  if (work > MAX_INLINE_WORK + TASK_WORK_PER_CHAR * block.length) return 'several costly shapes at once'
  // The blocks lexed in one task (a finished reply mounting, a conversation restored) share twice a block's bound
  // and an allowance for each character lexed, as the hook's estimates do (`Spent`): 15 blocks each just under the
  // bound of a long list item took 0.56 s together at 60 KB.
  const task = taskLedger('blocks')
  task.allowed += block.length
  if (task.work + work > workBound(task)) {
    task.allowed -= block.length
    refusedForTask = true
    return TOO_MUCH_IN_TASK
  }
  task.work += work
  return undefined
}

/**
 * Whether a block's tables would cost too much: for each line after the first that could be a table's delimiter row
 * (inside quotes and list items too), its columns times the lines marked's table rule reads after it: to the next
 * line that surely ends its rows wherever the table is (a blank line, or a thematic break, heading, fence, bullet
 * or `1.` at most three columns in and in no quote; a `2.` or a `\u00a0# h` line is a row to it). marked pads each
 * row to its header's width, so a table of short rows under a wide header has rows × columns cells; and its table
 * rule reads the rows after every such candidate, a header it then refuses included, so many candidates in a row
 * cost quadratic time. More than twice the block's characters (or 20,000) never came from a real table.
 */
export function tableTooLarge(raw: readonly string[]): boolean {
  const lines = raw.map((line) => line.replace(CONTAINERS, '').trimStart())
  // Where the rows read after line i end.
  const end: number[] = new Array(lines.length + 1).fill(lines.length)
  for (let i = lines.length - 1; i >= 0; i--) end[i] = QUOTED_BLANK.test(raw[i]!) || THEMATIC_BREAK.test(raw[i]!) || ROWS_END.test(raw[i]!) ? i : end[i + 1]!
  let work = 0
  let chars = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    chars += raw[i]!.length + 1
    if (i === 0) continue
    // `-` alone is a delimiter row to marked, and a list marker to CONTAINERS: both readings are tried.
    const row = [line, raw[i]!.replace(QUOTES_AND_SPACES, '')].find((text) => isDelimiterRow(text) && !THEMATIC_BREAK.test(text))
    if (row === undefined) continue
    const columns = Math.max(1, row.split('|').filter((cell) => cell.trim() !== '').length)
    work += columns * (end[i + 1]! - i)
  }
  return work > Math.max(MAX_CELLS, 2 * chars)
}

/**
 * The deepest a block's containers nest: `>` and list markers that begin a line, plus the list items still open
 * above it, nested by indentation on earlier lines (see `lineDepths`). marked lexes a line's text again at each
 * level, and the tree it builds is as deep.
 */
export function containerDepth(lines: readonly string[], fenced: readonly boolean[] = fencedLines(lines)): number {
  return deepestOf(lineDepths(lines, fenced))
}

// Not Math.max(...depths): spread over a block of 200,000 lines overflows the stack.
const deepestOf = (depths: readonly number[]) => depths.reduce((deepest, depth) => Math.max(deepest, depth), 0)

/**
 * How much marked reads a block's lines again for their containers: each line's characters times its depth, times
 * ten (the steps a character a level measured: a quote 60 deep over 60 KB of lazy lines took 166 ms, a line of
 * 30 `> -` repeated for 60 KB 83 ms). Ordinary replies nest two or three deep.
 */
export function nestingWork(lines: readonly string[], fenced: readonly boolean[] = fencedLines(lines)): number {
  return weighDepths(lines, lineDepths(lines, fenced))
}

const weighDepths = (lines: readonly string[], depths: readonly number[]) => lines.reduce((work, line, index) => work + (line.length + 1) * depths[index]! * 10, 0)

/**
 * How deep each line of a block sits: its own `>` and list markers, the list items still open above it, and for
 * a lazy line after a quote (no `>` of its own) the quote's depth. A line's list marker closes the items whose
 * content starts right of it; other lines close none (a lazy line does not), so the count errs high. What is surely
 * a fenced code block's (`fencedLines`) counts nothing, and neither do markers that make a thematic break (`* * *`)
 * with the rest of their line.
 */
function lineDepths(lines: readonly string[], fenced: readonly boolean[]): number[] {
  const open: number[] = [] // the content columns of the list items still open
  let quote = 0 // the depth of the quote a lazy line continues
  return lines.map((line, index) => {
    if (fenced[index]) return 0
    if (isBlank(line)) quote = 0
    const prefix = CONTAINERS.exec(line)![0]
    let onLine = 0
    let quoted = false
    const items: number[] = []
    // Most lines have no prefix, and each matchAll copies its pattern first.
    if (prefix !== '') {
      const rule = thematicBreakTail(line)
      let ruled = 0 // markers of the rule's character seen in its tail
      let column = 0
      let first = true
      for (const found of prefix.matchAll(MARKER_OR_SPACE)) {
        const [token] = found
        if (token === '\t') column += 4 - (column % 4)
        else if (token === ' ') column++
        else {
          // From here on the line is a thematic break, not a marker more (marked reads the rule first).
          if (found.index >= rule.from && token === rule.char && rule.count - ruled++ >= 3) break
          onLine++
          if (token === '>') quoted = true
          else {
            if (first) while (open.length > 0 && open.at(-1)! > column) open.pop()
            first = false
            items.push(column + token.length + 1)
          }
          column += token.length
        }
      }
    }
    const depth = open.length + onLine
    for (const item of items) open.push(item) // not push(...items): a line of 130,000 markers overflows the stack
    if (quoted) quote = depth
    return Math.max(depth, isBlank(line) ? 0 : quote)
  })
}

/**
 * How much marked's setext heading rule reads in a block's list items: inside an item each line is lexed on its own,
 * and at each the rule looks on over the rest of the item's lines for an underline, so an item of many lines costs
 * lines × characters. Counted from the first line with a list marker, over each run of lines that no blank line ends,
 * nor a line that surely begins a block wherever it is (a quote's markers read past): a heading or fence at most three
 * columns in; a list item at most one column in (left of any item's content), a bullet or `1.` with text at most
 * three (`2.` there may go on a paragraph), or any marker no further right than a list item so begun whose lines
 * since all start right of its marker (a lazy line left of its content leaves it open).
 * Lines marked surely takes in one token with others count nothing (`itemBulk`): a fenced code block's
 * (`fencedLines`), a table's delimiter row and rows, and indented code after a blank line, in a list item the guard
 * can place. A step holding a table of 800 rows, or 400 lines of indented code, is no long item.
 */
export function itemLineWork(lines: readonly string[], fences: FenceReading = readFences(lines)): number {
  const { fenced } = fences
  const bulk = itemBulk(lines, fences)
  let work = 0
  let count = 0
  let chars = 0
  let inList = false
  let item: number | undefined // the column of a list item surely begun, its lines since all right of it
  lines.forEach((line, index) => {
    if (bulk[index]) return
    if (LIST_LINE.test(line)) inList = true
    const content = line.slice(QUOTE_MARKERS.exec(line)![0].length)
    const marker = ITEM_MARKER.exec(content)
    const column = marker?.[1]!.length ?? Infinity
    const begins = marker !== null && (column <= 1 || (column <= 3 && marker[2] !== undefined) || column <= (item ?? -1))
    if (begins) item = column
    else if (!isBlank(line) && LEADING_SPACES.exec(content)![0].length <= (item ?? -1)) item = undefined
    if (begins || BLOCK_START.test(content) || isBlank(line) || fenced[index] || bulk[index - 1]) {
      work += (count * chars) / 2
      count = chars = 0
    }
    if (inList && !fenced[index] && !isBlank(line)) {
      count++
      // Each line weighs its newline and three characters more: marked's rules start again at each (2,000 lines of
      // one character took 5.6 ns a unit counted by characters alone, lines of 40 or more 3.2).
      chars += line.length + 4
    }
    // A table's header line ends the run: the setext rule's look-ahead stops at the delimiter row after it.
    if (bulk[index + 1] === 'rows') {
      work += (count * chars) / 2
      count = chars = 0
    }
  })
  return work + (count * chars) / 2
}

/**
 * The lines in a block's list items that marked surely takes in one token with the lines around them (not one
 * line at a time): a table's delimiter row and rows ('rows'), and indented code after a blank line ('code'). Only in
 * a list item the guard can place, where it knows the column marked cuts each line at (the item's content column):
 * the innermost item, begun at most three columns in on a line `fencedLines` reads as one (`SURE_ITEM`), with no
 * line since left of its content (lazy, or ending it), in a quote, or with a list marker; and before any line from
 * which no fence is trusted (an HTML block or a definition may hold the lines after it). There:
 * - a table: a header, on the item's own line (`1. | a | b |`) or after it, and a delimiter row, each `|` zero to
 *   three columns right of the content, that marked's own table rule reads as a table (as many cells in both); its
 *   rows are the lines after, `|` zero to three columns right of the content, as many as marked's own table rule
 *   takes (a row holding U+2028 ends it).
 * - indented code: after a blank line, the lines four or more columns right of the content, and blank lines among
 *   them. marked's code rule takes them together.
 */
function itemBulk(lines: readonly string[], { fenced, trustedTo }: FenceReading): Array<'rows' | 'code' | undefined> {
  const bulk: Array<'rows' | 'code' | undefined> = new Array(lines.length).fill(undefined)
  let content: number | undefined // the content column of the innermost list item, when the guard can place it
  let afterBlank = true
  let rule: TableRule | undefined
  const tables = () => (rule ??= tableRule())
  for (let index = 0; index < Math.min(lines.length, trustedTo); index++) {
    const line = lines[index]!
    if (fenced[index]) {
      afterBlank = false
      continue
    }
    if (isBlank(line)) {
      afterBlank = true
      continue
    }
    const indent = LEADING_SPACES.exec(line)![0].length
    const item = sureItemContent(line, afterBlank)
    // A second marker or a quote on the item's line (`- - a`) begins a container whose content the guard does not place.
    // A table may start on the item's own line (`1. | a | b |`).
    let header: string | undefined
    if (item !== undefined) {
      content = NESTED_START.test(line.slice(item)) ? undefined : item
      header = content === undefined ? undefined : line.slice(content)
    } else if (content !== undefined && (indent < content || LIST_LINE.test(line) || line[indent] === '>' || line[indent] === '\t')) content = undefined
    else if (content !== undefined && afterBlank && indent >= content + 4) {
      // Indented code, to the next line left of its column.
      let end = index
      while (end < trustedTo && !fenced[end] && (isBlank(lines[end]!) || LEADING_SPACES.exec(lines[end]!)![0].length >= content + 4)) bulk[end++] = 'code'
      index = end - 1
      afterBlank = isBlank(lines[index]!)
      continue
    } else if (content !== undefined && indent <= content + 3) header = line.slice(indent)
    if (header !== undefined && index + 1 < trustedTo && isTableRow(lines[index + 1]!, content!) && isDelimiterRow(lines[index + 1]!)) {
      // Its delimiter row and rows, as marked's table rule takes them (see `tableLines`).
      let end = index + 2
      while (end < trustedTo && !fenced[end] && isTableRow(lines[end]!, content!)) end++
      const taken = tableLines(header, lines.slice(index + 1, end), content!, tables)
      for (let row = index + 1; row <= index + taken; row++) bulk[row] = 'rows'
      index += taken
    }
    afterBlank = false
  }
  return bulk
}

/**
 * Whether a line may be a table's row to marked in a list item whose content is at `content`: `|` zero to three
 * columns right of it, and no U+2028 or U+2029, which `.` in marked's row pattern does not take (its table ends there,
 * and each line after is lexed on its own: 1.5 s at 60 KB when the guard took every `|` line for a row).
 */
function isTableRow(line: string, content: number): boolean {
  const at = LEADING_SPACES.exec(line)![0].length
  return at >= content && at <= content + 3 && line[at] === '|' && !LINE_SEPARATORS.test(line)
}

/**
 * How many of `after` (a delimiter row and the rows after it) marked's table rule takes with `header` (a line's text,
 * from its first `|`) as a table, in a list item whose content is at `content` (0: no table). marked's own rule
 * decides, over the lines as the item hands them to it (each cut at the content): as many cells in the header as in
 * the delimiter row, and its rows end where its pattern ends them. No rule marked tries before reads a line that
 * starts with `|`. The cells are not lexed (the lexer only queues them), and one lexer serves a block (a new one each
 * time took 6 µs). The rows are found before this is asked, each read once.
 */
function tableLines(header: string, after: readonly string[], content: number, tables: () => TableRule): number {
  if (!header.startsWith('|')) return 0
  const rule = tables()
  const table = rule.table(`${header}\n${after.map((line) => line.slice(content)).join('\n')}`)
  rule.lexer.inlineQueue.length = 0
  return table ? 1 + table.rows.length : 0
}

type TableRule = Pick<Tokenizer, 'table' | 'lexer'>

/** marked's tokenizer, set up by a lexer with GFM's rules as the renderer's is: its table rule, called on its own. */
function tableRule(): TableRule {
  const tokenizer = new Tokenizer()
  new Lexer({ gfm: true, tokenizer })
  return tokenizer
}

/**
 * How much marked's quote rule copies for lazy lines: it takes a quote's lines in turns, each turn ending at a line
 * without `>` after lines with it, and at each turn copies the lines left (about five steps a line: `>a\nb\n` ×
 * 12,000 took 2.8 s). Once the quote holds a list or a quote (a quote line with two markers or more), it also lexes
 * that list or quote again with all the characters left at each turn (`> - a\nb\n` × 7,500: 0.95 s). Counted to
 * the end of the run of lines (a blank line).
 */
export function quoteLazyWork(lines: readonly string[], fenced: readonly boolean[] = fencedLines(lines)): number {
  let work = 0
  let quoted = false // the line before was a quote's
  let nested = false // a quote line so far in the run held a list or a quote
  const turns: Array<[line: number, offset: number, nested: boolean]> = []
  let offset = 0
  const endRun = (line: number) => {
    for (const [at, from, relexed] of turns) work += (line - at) * 5 + (relexed ? offset - from : 0)
    turns.length = 0
    quoted = nested = false
  }
  lines.forEach((line, index) => {
    if (isBlank(line) || fenced[index]) endRun(index)
    else {
      const prefix = CONTAINERS.exec(line)![0]
      const markers = prefix.match(MARKERS)?.length ?? 0
      // A line indented four columns or more (a tab is four) is a lazy line to marked, whatever follows.
      const depth = INDENTED.test(line) ? 0 : countOf(prefix, '>')
      if (quoted && depth === 0) turns.push([index, offset, nested])
      quoted = depth > 0
      nested ||= quoted && markers > 1
    }
    offset += line.length + 1
  })
  endRun(lines.length)
  return work
}

/**
 * How much marked's tag rule scans for tags that never close: from each `<?`, `<!--`, `<!` and a letter, or
 * `<![CDATA[` on to its closer (`?>`, `-->`, `>`, `]]>`) or the block's end. marked tries the rule at each one, in the
 * text and again while masking, so many openers before no closer cost quadratic time.
 */
export function tagWork(block: string): number {
  // Each opener begins `<?` or `<!`. Most blocks hold neither, and each matchAll copies its pattern first.
  if (!block.includes('<?') && !block.includes('<!')) return 0
  let work = 0
  for (const [opener, closer] of TAG_OPENERS) {
    let close = -2 // the first closer after the last opener, -1 when there is none
    for (const found of block.matchAll(opener)) {
      const from = found.index + found[0].length
      if (close !== -1 && close < from) close = block.indexOf(closer, from)
      work += (close === -1 ? block.length : close) - found.index
    }
  }
  return work
}

/**
 * How much marked's reference-link search scans from each `[` (escaped or not): up to 999 characters or escapes,
 * or nested brackets, for a `]`. Counted to the next `[` or `]` without a backslash before it, or the block's end;
 * or as far as `labelReach` says the label looks, when that is further. marked runs the search over every inline
 * text, so `\\[` repeated tens of thousands of times cost 0.4 s.
 */
export function bracketWork(block: string): number {
  if (!block.includes('[')) return 0
  const reach = labelReach(block)
  let work = 0
  let next = block.length
  for (let at = block.length - 1; at >= 0; at--) {
    const char = block[at]
    if (char !== '[' && char !== ']') continue
    if (char === '[') work += Math.max(next, reach[at + 1]!) - at
    if (block[at - 1] !== '\\') next = at
  }
  return work
}

/**
 * How far a reference link's label read from each position looks, as marked's `reflink` rule and its reference-link
 * search read it: an escape is two characters; a backtick run and the next one are a code span, whose brackets it
 * passes over; a bracketed group, which may hold groups of its own one deep, is one step. It stops at a `]`, at a
 * `[` that opens no such group, or at a backtick run with none after it, but looks on as far as the attempt it gave
 * up reads: a group that never closes, to where its content stops; a lone backtick run, to the end.
 * - In 2,400 lines each of two backticks, an `![`, an address and an escaped backtick (a fuzzer's case, 55 KB), the
 *   label from each `![` read on through every line's code span to the end: 70 ms in marked, 0.29 s with the guard's
 *   hook (with a hook marked masks every inline text, and searches it for reference links, not only those with `*`,
 *   `_` or `~`); with `[[x]]` or `[\\]` in each line, 0.4-0.5 s.
 * - `\\[` × 998 before a `[` and 29,000 escapes: the label from each escaped `[` reads the escapes after it to the
 *   group that never closes, which reads to the end (an attacker's pass: 0.15 s at 60 KB).
 * Read right to left, once: what is read from a position looks as far as what is read from its next step.
 */
function labelReach(block: string): Int32Array {
  const end = block.length
  // How far the label looks, and where a group's content, and a group's inner group's content, stops.
  const look = new Int32Array(end + 2).fill(end)
  const group = new Int32Array(end + 2).fill(end)
  const inner = new Int32Array(end + 2).fill(end)
  let runEnd = -1 // where the backtick run through the position ends (-1: none seen yet)
  let nextRunEnd = -1 // where the run after that one ends (-1: none)
  // Where the group opened at `at` ends, from where its content stops: after its `]`, or -1.
  const closed = (stops: Int32Array, at: number) => (block[stops[at + 1]!] === ']' ? stops[at + 1]! + 1 : -1)
  for (let at = end - 1; at >= 0; at--) {
    const char = block[at]
    if (char === '\\') {
      const next = Math.min(at + 2, end)
      look[at] = look[next]!
      group[at] = group[next]!
      inner[at] = inner[next]!
    } else if (char === ']') look[at] = group[at] = inner[at] = at
    else if (char === '[') {
      inner[at] = at
      const afterInner = closed(inner, at)
      group[at] = afterInner === -1 ? at : group[afterInner]!
      const afterGroup = closed(group, at)
      if (afterGroup !== -1) look[at] = look[afterGroup]!
      else {
        // The group read to where its content stopped, and an inner group tried there read to where its own did.
        const stop = group[at + 1]!
        look[at] = block[stop] === '[' ? inner[stop + 1]! : stop
      }
    } else {
      group[at] = group[at + 1]!
      inner[at] = inner[at + 1]!
      if (char !== '`') look[at] = look[at + 1]!
      else {
        if (block[at + 1] !== '`') {
          nextRunEnd = runEnd
          runEnd = at + 1
        }
        // A run with none after it: the code span tried there reads to the end.
        look[at] = nextRunEnd === -1 ? end : look[nextRunEnd]!
      }
    }
  }
  return look
}

/**
 * Which of a block's lines marked surely reads as a fenced code block's (its fences included), so the estimates
 * above can pass over them: a numbered step holding 600 lines of code is no long item, and a line of 70 `>` in code
 * no nesting. Only fences marked cannot read otherwise:
 * - opened by ``` or ~~~ at most three columns in, after at most a bullet (whatever list item is around, that is
 *   at most three columns right of its content: a fence, not indented code or a paragraph's line); or up to three
 *   columns right of the content of a list item begun on the last line not blank (a bullet, or a number that can
 *   begin a list there, at most three columns in);
 * - outside quotes, with no backtick in a backtick fence's info string;
 * - before any line that may begin an HTML block or a link definition going on over lines (`mayHoldFence`: they
 *   hold a fence as text, and end where marked alone knows), any fence on a line FENCE_LINE does not read, and any
 *   opener it cannot place.
 * A fence's lines go on while they are blank (spaces alone) or start at or right of its column; they end at a line
 * of its character at least as long with only spaces after it, which surely closes it only at its own column. Any
 * other end (a line left of it, which may end its list item; a closer further right, which may be code) leaves
 * what follows unsure, and no later fence is trusted.
 */
export function fencedLines(lines: readonly string[]): boolean[] {
  return readFences(lines).fenced
}

/** What `fencedLines` reads: the fenced lines, and the first line from which the guard trusts no fence (its end). */
export interface FenceReading {
  fenced: boolean[]
  /** Lines before it are read as marked reads them; from it on a fence, HTML block or definition may hold any line. */
  trustedTo: number
}

/** `fencedLines`, with where its trust ended. */
export function readFences(lines: readonly string[]): FenceReading {
  const fenced: boolean[] = new Array(lines.length).fill(false)
  let fence: { char: string; length: number; column: number } | undefined
  let trusted = true
  let trustedTo = lines.length
  const distrust = (index: number) => {
    if (trusted) trustedTo = index
    trusted = false
  }
  let item: number | undefined // the content column of a list item surely begun on the last line not blank
  let blankBefore = true // the last line was blank, or this is the block's first
  lines.forEach((line, index) => {
    if (fence) {
      if (isBlank(line)) {
        fenced[index] = true
        return
      }
      const column = LEADING_SPACES.exec(line)![0].length
      const closer = FENCE_LINE.exec(line)
      const closes = closer && closer[2]![0] === fence.char && closer[2]!.length >= fence.length && FENCE_CLOSER_REST.test(closer[3]!)
      if (column >= fence.column && line[column] !== '\t' && !closes) {
        fenced[index] = true
        return
      }
      fenced[index] = Boolean(closes) && column === fence.column && closer![1] === ' '.repeat(column)
      if (!fenced[index]) distrust(index)
      fence = undefined
      if (fenced[index]) return
    }
    if (!trusted || mayHoldFence(line)) {
      distrust(index)
      return
    }
    if (isBlank(line)) {
      blankBefore = true
      return
    }
    const [content, afterBlank] = [item, blankBefore]
    item = undefined
    blankBefore = false
    const opener = FENCE_LINE.exec(line)
    if (opener) {
      const at = opener[1]!.length
      const inItem = content !== undefined && at >= content && at <= content + 3 && !opener[1]!.trim()
      if (opener[2]![0] === '`' && opener[3]!.includes('`')) return // no fence to marked
      if (at <= 3 || inItem) {
        fenced[index] = true
        fence = { char: opener[2]![0]!, length: opener[2]!.length, column: at }
      } else distrust(index) // a fence to marked perhaps, in an item the guard does not know: what follows is unsure
      return
    }
    // A fence after a number, a quote, a second marker or a tab opens where the guard cannot place it.
    if (MARKED_FENCE.test(line)) {
      distrust(index)
      return
    }
    item = sureItemContent(line, afterBlank)
  })
  return { fenced, trustedTo }
}

/**
 * The content column of the list item a line surely begins (`SURE_ITEM`, no thematic break), or undefined. Only a
 * bullet, `1.` or `1)` begins a list after a paragraph's line; any number does after a blank line.
 */
function sureItemContent(line: string, afterBlank: boolean): number | undefined {
  const marker = SURE_ITEM.exec(line)
  return marker && !THEMATIC_BREAK.test(line) && (afterBlank || /^(?:[-*+]|1[.)])$/.test(marker[2]!)) ? marker[0].length : undefined
}

/**
 * Whether a line may begin what holds a fence line as its text: an HTML block (marked's own start pattern, on the
 * line's text after its containers), or a link definition whose label or title goes on over lines (a `[` whose
 * first `]` after it, if any, is followed by `:`). A link (`[text](url)`) or inline HTML (`<kbd>`) begins neither.
 */
function mayHoldFence(line: string): boolean {
  const text = line.slice(CONTAINER_TEXT.exec(line)![0].length)
  // With its newline: `<pre` alone on a line begins a block (the pattern wants white space or `>` after the name).
  if (text.startsWith('<')) return Lexer.rules.block.gfm.html.test(text + '\n')
  if (!text.startsWith('[')) return false
  for (let at = 1; at < text.length; at++) {
    if (text[at] === '\\') at++
    else if (text[at] === ']') return text[at + 1] === ':'
  }
  return true
}

/**
 * Whether a line could be a table's delimiter row (`|---|:-:|`), read cell by cell: one pattern with white space
 * on both sides of an optional pipe rescans a long run of spaces at each space.
 */
function isDelimiterRow(line: string): boolean {
  // Most lines hold something else: one pass over the line, no cells made.
  if (!line.includes('-') || NOT_DELIMITER.test(line)) return false
  let row = line.trim()
  if (row.startsWith('|')) row = row.slice(1)
  if (row.endsWith('|')) row = row.slice(0, -1)
  return row.split('|').every((cell) => DELIMITER_CELL.test(cell.trim()))
}

/** The characters in `text` that are `char`. */
const countOf = (text: string, char: string) => text.split(char).length - 1

/**
 * Where a line ends in a thematic break (`* * *`, `- - -`, `___`): from `from` on it holds only `char` and spaces,
 * `count` of them. marked reads a thematic break before a list marker, so markers from there on are no nesting when
 * three or more are left.
 */
function thematicBreakTail(line: string): { from: number; char: string; count: number } {
  let from = line.length
  let char = ''
  let count = 0
  for (let at = line.length - 1; at >= 0; at--) {
    const c = line[at]!
    if (c === ' ' || c === '\t') continue
    if (char === '' && '-*_'.includes(c)) char = c
    if (c !== char) break
    count++
    from = at
  }
  return { from, char, count }
}

/**
 * How deep a block's markdown may nest (quotes in quotes, lists in lists) and still be rendered. marked's lexer, and
 * the rendering after it, recurse once per level: a reply of 2,000 `>` (2 KB) overflowed the stack and unmounted the
 * whole app, and again on each reload of the stored conversation. Deeper text is shown as it was typed.
 */
export const MAX_NESTING = 64
/**
 * Above this much emphasis work (`emphasisWork`) in one block's texts, emphasis is not parsed in the text that
 * would pass it, nor after: 5–60 ms of marked's time, measured (500,000 units of `*a ` took 22–31 ms).
 */
export const MAX_EMPHASIS_WORK = 500_000
/**
 * Above this much of any other work (the hook's `wordWork`, `linkWork`, `breakWork`, `spaceWork`, `urlWork`,
 * `codeSpanWork`, over one block's texts; `blockTooCostly`'s, each) a block is shown as typed: 1–4 ns a unit in
 * marked, 4–16 ms.
 */
export const MAX_INLINE_WORK = 4_000_000
const MAX_CELLS = 20_000
/**
 * How much work a block's texts may hold, at most, before they are estimated: a text's emphasis work is at most
 * twice its delimiters times its length, any other estimate at most twice its length squared.
 */
const UNESTIMATED_EMPHASIS = MAX_EMPHASIS_WORK / 2
const UNESTIMATED_WORK = MAX_INLINE_WORK / 2

/** Thrown out of marked when a text would cost it too much (see `MAX_INLINE_WORK`): the renderer shows the block as typed. */
export class TooCostlyToLex extends RangeError {
  constructor(what: string) {
    super(`sealkit: ${what} would take marked too long to lex`)
    this.name = 'TooCostlyToLex'
  }
}

/** marked's options for every reply: GFM, with each inline text's cost checked as marked is about to lex it. */
export const MARKED_OPTIONS: MarkedOptions = { gfm: true, breaks: false, hooks: Object.assign(new Hooks(), { emStrongMask: guardInline }) }

/** `blockTooCostly`'s answer for a block that fits its own bounds but not what is left of this task's. */
export const TOO_MUCH_IN_TASK = 'too much in one task'

/** `lexBlock`'s answer for a block refused, or its emphasis masked, only because this task has lexed enough already. */
export const LEX_LATER = 'later'

/**
 * Set when a bound of this task's ledgers, not of the block's own, refused a block or masked a text's emphasis:
 * the block is lexed whole in a later task, whose ledgers start empty.
 */
let refusedForTask = false

/**
 * A block's tokens as the renderer takes them, or undefined when the block is to be shown as typed: its shape would
 * cost marked too much (`blockTooCostly`, or `TooCostlyToLex` or a stack overflow thrown out of marked), or its
 * tokens nest deeper than `MAX_NESTING`. `LEX_LATER` when only the blocks lexed before it in this task stop it
 * (a finished reply of many costly blocks, mounting in one task): lex it again in a later task, where it fits.
 *
 * @example
 * lexBlock('**bold** and `code`\n') // [{ type: 'paragraph', ... }]
 * lexBlock('>'.repeat(2_000) + ' deep\n') // undefined
 */
export function lexBlock(source: string): Token[] | undefined | typeof LEX_LATER {
  refusedForTask = false
  if (blockTooCostly(source) !== undefined) return refusedForTask ? LEX_LATER : undefined
  let tokens: Token[]
  try {
    tokens = Lexer.lex(source, MARKED_OPTIONS)
  } catch (error) {
    if (!(error instanceof RangeError)) throw error
    return refusedForTask ? LEX_LATER : undefined
  }
  if (refusedForTask) return LEX_LATER
  // Counted without recursion: the point is a tree too deep for it.
  const stack: Array<[readonly Token[], number]> = [[tokens, 1]]
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [list, depth] = next
    if (depth > MAX_NESTING) return undefined
    for (const token of list) {
      if ('tokens' in token && Array.isArray(token.tokens)) stack.push([token.tokens as Token[], depth + 1])
      if (token.type === 'list') stack.push([(token as Tokens.List).items, depth + 1])
      if (token.type === 'table') {
        const table = token as Tokens.Table
        for (const cell of [...table.header, ...table.rows.flat()]) stack.push([cell.tokens, depth + 1])
      }
    }
  }
  return tokens
}

/**
 * What texts have cost so far, against bounds `scale` times the ones above: one lex's (by the lexer marked calls
 * the hook with, one per `Lexer.lex`), and one task's. A list of items each just under a text's bound took 0.8 s
 * (60 KB) while each text was weighed alone; 35 blocks each just under a block's bound took 1.2 s, lexed in one
 * task as a finished reply mounts (a reload mounts it whole). A task's lexes share twice a block's bounds, plus an
 * allowance for each character they lex (`TASK_EMPHASIS_PER_CHAR`, `TASK_WORK_PER_CHAR`): a server rendering a
 * long conversation lexes it all in one task, and ordinary text spends 0.1-2 units a character. The task's ledger
 * is dropped when its microtasks run (React renders a streaming reply in slices, a task each).
 */
interface Spent {
  scale: number
  /** The characters whose allowance is added to the bounds (a task's ledger; 0 for a lex's). */
  allowed: number
  /** The most the texts not estimated could cost in emphasis work (`UNESTIMATED_EMPHASIS`). */
  unestimatedEmphasis: number
  /** The most they could cost in other work (`UNESTIMATED_WORK`). */
  unestimated: number
  /** The other estimates, summed. */
  work: number
  /** `emphasisWork`, summed over the texts whose emphasis is parsed. */
  emphasis: number
}
/** A task's allowance a character lexed: ~0.4 µs of emphasis and 0.1-0.3 µs of other work, in marked. */
const TASK_EMPHASIS_PER_CHAR = 8
const TASK_WORK_PER_CHAR = 64
const spentBy = new WeakMap<object, Spent>()
/** This task's ledgers: the hook's texts', and `blockTooCostly`'s blocks'. */
const spentInTask: { texts?: Spent; blocks?: Spent } = {}

const ledger = (scale: number): Spent => ({ scale, allowed: 0, unestimatedEmphasis: 0, unestimated: 0, work: 0, emphasis: 0 })
const emphasisBound = (spent: Spent) => MAX_EMPHASIS_WORK * spent.scale + TASK_EMPHASIS_PER_CHAR * spent.allowed
const workBound = (spent: Spent) => MAX_INLINE_WORK * spent.scale + TASK_WORK_PER_CHAR * spent.allowed

/** This task's ledger of `kind`, twice a lex's bounds: dropped when the task's microtasks run. */
function taskLedger(kind: keyof typeof spentInTask): Spent {
  let spent = spentInTask[kind]
  if (!spent) {
    spent = spentInTask[kind] = ledger(2)
    queueMicrotask(() => (spentInTask[kind] = undefined))
  }
  return spent
}

/** The lex's ledger and the task's, the task's allowed `chars` more. */
function ledgersOf(lexer: object | undefined, chars: number): [Spent, Spent] {
  let lex = lexer && spentBy.get(lexer)
  if (!lex) {
    lex = ledger(1)
    if (lexer) spentBy.set(lexer, lex)
  }
  const task = taskLedger('texts')
  task.allowed += chars
  return [lex, task]
}

/** The hook's estimates other than emphasis and words, each with what it says of a block it stops. */
const INLINE_COSTS: ReadonlyArray<[estimate: (text: string) => number, what: string]> = [
  [linkWork, 'links that never close'],
  [breakWork, 'line breaks'],
  [spaceWork, 'a long run of spaces'],
  [urlWork, 'an address with trailing punctuation'],
  [codeSpanWork, 'backticks that never close'],
]

function guardInline(this: { lexer?: object } | undefined, masked: string): string {
  const ledgers = ledgersOf(this?.lexer, masked.length)
  // Short texts (table cells, most sentences) cost no estimate while together they could not cost much.
  const mostEmphasis = 2 * delimitersIn(masked) * masked.length
  const most = 2 * masked.length ** 2
  if (ledgers.every((spent) => spent.unestimatedEmphasis + mostEmphasis <= UNESTIMATED_EMPHASIS * spent.scale && spent.unestimated + most <= UNESTIMATED_WORK * spent.scale)) {
    for (const spent of ledgers) {
      spent.unestimatedEmphasis += mostEmphasis
      spent.unestimated += most
    }
    return masked
  }
  const [lex, task] = ledgers
  const charge = (work: number, what: string) => {
    for (const spent of ledgers) {
      spent.work += work
      if (spent.work <= workBound(spent)) continue
      // The lex's ledger comes first: past the task's alone, the text fits in a task of its own.
      if (spent === task) refusedForTask = true
      throw new TooCostlyToLex(what)
    }
  }
  // Words first as if the emphasis were masked (where marked's text rule stops least, see `wordWork`), the rest of
  // their work once emphasis is parsed.
  const maskedWords = wordWork(masked, true)
  charge(maskedWords, 'a long word')
  for (const [estimate, what] of INLINE_COSTS) charge(estimate(masked), what)
  const lexRoom = emphasisBound(lex) - lex.emphasis
  const room = Math.min(lexRoom, emphasisBound(task) - task.emphasis)
  const emphasis = emphasisWork(masked, lexRoom)
  // Parsed, the emphasis costs its own work and more stops in words; masked, neither.
  const parsedWords = emphasis <= lexRoom ? wordWork(masked) - maskedWords : 0
  const fits = (spent: Spent) => spent.work + parsedWords <= workBound(spent)
  if (emphasis <= room && fits(lex) && fits(task)) {
    charge(parsedWords, 'a long word')
    for (const spent of ledgers) spent.emphasis += emphasis
    return masked
  }
  if (emphasis <= lexRoom && fits(lex)) refusedForTask = true
  // Past a bound (its emphasis work, or the stops parsing it adds in words): this text's emphasis, and any later
  // text's that would pass it too, is not parsed.
  warnOnceInDevelopment(
    'markdown-emphasis',
    "sealkit: a reply's emphasis would take marked too long to parse; that text is shown without emphasis, its asterisks and tildes as typed.",
  )
  return masked.replace(DELIMITERS, '+')
}

/** How many of a text's characters are `*`, `_` or `~`. */
function delimitersIn(text: string): number {
  let count = 0
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at)
    if (code === 42 || code === 95 || code === 126) count++
  }
  return count
}

/** The kinds of run that pair with each other: `*`, `_`, `~` and `~~`. */
const KINDS = 4

/** CommonMark's rule of three, as marked applies it: when a run both opens and closes, a pair's lengths may not sum to a multiple of 3 unless both are. */
function refuses(opener: Run, closer: Run): boolean {
  if (closer.char === '~') return false
  const both = (opener.opens && opener.closes) || (closer.opens && closer.closes)
  return both && (opener.length + closer.length) % 3 === 0 && !(opener.length % 3 === 0 && closer.length % 3 === 0)
}

interface Run {
  /** Whether it opens and closes as CommonMark reads `~` (punctuation), and as GFM's emphasis does (not). */
  commonMark: { opens: boolean; closes: boolean }
  gfm: { opens: boolean; closes: boolean }
  char: string
  /** What it pairs with (`KINDS`): its character, and for `~` its length too. */
  kind: number
  at: number
  length: number
  opens: boolean
  closes: boolean
}

/** The text's runs of `*`, `_` and `~`, each with whether it can open and close emphasis. */
function delimiterRuns(text: string): Run[] {
  const runs: Run[] = []
  for (const found of text.matchAll(RUNS)) {
    const [run] = found
    const char = run[0]!
    // Three tildes or more are no strikethrough.
    if (char === '~' && run.length > 2) continue
    const at = found.index
    // Whole code points, as marked reads them: an emoji beside a run is a symbol (punctuation to CommonMark), and
    // read as two lone surrogates it was a letter, so `😀*a` × 1,000 paired up here while marked scanned on (1.3 s).
    const before = at === 0 ? '\n' : codePointBefore(text, at)
    const after = at + run.length === text.length ? '\n' : String.fromCodePoint(text.codePointAt(at + run.length)!)
    const commonMark = flanking(PUNCTUATION, char, before, after)
    // The two readings of punctuation differ on `~` alone: only a run beside one is read again.
    const gfm = before === '~' || after === '~' ? flanking(PUNCTUATION_GFM, char, before, after) : commonMark
    runs.push({ char, kind: char === '*' ? 0 : char === '_' ? 1 : 1 + run.length, at, length: run.length, ...commonMark, commonMark, gfm })
  }
  return runs
}

/** The whole code point that ends at `at` (a surrogate pair's two halves together). */
function codePointBefore(text: string, at: number): string {
  const low = text.charCodeAt(at - 1)
  const high = at >= 2 ? text.charCodeAt(at - 2) : 0
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? text.slice(at - 2, at) : text[at - 1]!
}

const RUNS = /\*+|_+|~+/g
const DELIMITERS = /[*_~]/g
const HAS_DELIMITER = /[*_~]/
// A code span is masked as `[aaa]`, but marked's text rule reads the span's backticks and text as part of the word
// around it: the mask counts as word characters and as a stop (a link or a tag masked so counts a little high).
const WORDS = /(?:[\w.!#$%&'*+/=?^`{|}~-]|\[a*\])+/g
// marked's text rule stops at each `!` (`!` × 60,000, read as one stop, took 2.1 s); it takes a run of `~` or backticks
// whole, and one `*` or `_` at a time (see `wordWork` for a masked text's runs).
const STOPS = /!|_|\*|~+|`+|\[a*\]|[hH][tT][tT][pP]/g
const MASKED_STOPS = /!|[_*~]+|`+|\[a*\]|[hH][tT][tT][pP]/g
const ADDRESSES = /(?:https?:\/\/|ftp:\/\/|www\.)\S+/gi
const TRAILING = `?!.,:;*_'"~()&`
const ADDRESS_STARTS = /(?:https?|ftp):\/\/|www\./gi
const ADDRESS_END = /[\s<]/
const SPACES = /\s*/y
const SPACE_RUNS = / {2,}/g
const BACKTICKS = /`+/g
const LINE_BREAK = /\r\n?|\n/
const LINE_SEPARATORS = /[\u2028\u2029]/
const TAG_OPENERS = [
  [/<\?/g, '?>'],
  [/<!--/g, '-->'],
  [/<![A-Za-z]/g, '>'],
  [/<!\[CDATA\[/g, ']]>'],
] as const
const DELIMITER_CELL = /^:?-+:?$/
const NOT_DELIMITER = /[^|:\-\s]/
const CONTAINERS = /^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*/
const MARKER_OR_SPACE = />|[-*+]|\d{1,9}[.)]|[ \t]/g
const MARKERS = />|[-*+]|\d{1,9}[.)]/g
const THEMATIC_BREAK = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$/
const ROWS_END = /^ {0,3}(?:[-*+][ \t]|1[.)][ \t]|#{1,6}(?:[ \t]|$)|`{3,}(?=[^`]*$)|~{3,})/
const LIST_LINE = /^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/
// The info string as marked takes it: a line or paragraph separator (U+2028, U+2029) too, which `.` does not take (and
// `(.*)$` backed off the run one character at a time before failing: a list item of 60,000 backticks and a U+2028, 2 s).
const FENCE_LINE = /^( *(?:[-*+] +)?)(`{3,}|~{3,})([^]*)$/
const LEADING_SPACES = /^ */
// Where a line's text begins, after its quote and list markers.
const CONTAINER_TEXT = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*/
// A fence FENCE_LINE does not read (after a number, a quote, a second marker, a tab).
const MARKED_FENCE = /^[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|>)[ \t]*)*(?:`{3,}|~{3,})/
// What may follow a closing fence's characters: spaces, not tabs.
const FENCE_CLOSER_REST = /^ *$/
const INDENTED = /^(?: {4}| {0,3}\t)/
// A list item's first line at most three columns in, its content (not blank) one to four spaces after its marker.
const SURE_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])( {1,4})(?=\S)/
// Blank to marked: spaces alone (a tab-only line is not blank to every rule of it; counting it as text errs high).
// A list marker or a quote beginning a line's text.
const NESTED_START = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|^>/
const BLANK = /^ *$/
const isBlank = (line: string) => BLANK.test(line)
// A blank line in a quote, or out of one: where a table's rows end (a line of no-break spaces is a row to marked).
const QUOTED_BLANK = /^[ >]*$/
const QUOTES_AND_SPACES = /^[ \t>]*/
const QUOTE_MARKERS = /^(?: {0,3}> ?)*/
// A list marker; group 2 when it may begin a list after a paragraph's line and ends marked's setext look-ahead (a
// bullet or `1.`, a space and text after it: after a tab the look-ahead goes on).
const ITEM_MARKER = /^( *)(?:([-*+]|1[.)])(?= +\S)|[-*+]|\d{1,9}[.)])(?:[ \t]|$)/
const BLOCK_START = /^ {0,3}(?:#{1,6}(?:[ \t]|$)|`{3,}(?=[^`]*$)|~{3,})/
const SPACE = /\s/u
const PUNCTUATION = /[\p{P}\p{S}]/u
const PUNCTUATION_GFM = /(?!~)[\p{P}\p{S}]/u

/** CommonMark's left- and right-flanking rules, with `_`'s stricter ones inside words, under a reading of punctuation. */
function flanking(punctuation: RegExp, char: string, before: string, after: string): { opens: boolean; closes: boolean } {
  const left = !SPACE.test(after) && (!punctuation.test(after) || SPACE.test(before) || punctuation.test(before))
  const right = !SPACE.test(before) && (!punctuation.test(before) || SPACE.test(after) || punctuation.test(after))
  if (char !== '_') return { opens: left, closes: right }
  return { opens: left && (!right || punctuation.test(before)), closes: right && (!left || punctuation.test(after)) }
}
