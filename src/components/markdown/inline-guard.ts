import { Hooks, type MarkedOptions } from 'marked'
import { warnOnceInDevelopment } from '../../core/worker/dev-warning.ts'

/*
 * marked's inline lexer takes time quadratic in a few shapes of text a reply can hold, and one block of a few KB
 * held the page for seconds in one long task:
 * - emphasis nested in emphasis: 5,000 nested strikethroughs (40 KB) took 2–4 s;
 * - openers that never close before a last closer: `*a ` × 8,000 then `b*` (23 KB) took 4.4 s;
 * - a long word broken by many `_`, `*`, `~`, `!` or backticks (GFM's e-mail autolink looks ahead over the rest of
 *   the word at each break): `a_b` × 16,000 (48 KB) took 1.9 s.
 * The first two are answered inside marked, per paragraph, list item, heading or table cell: its `emStrongMask`
 * hook hands over each one's text with code spans, links, tags and escapes already masked, exactly as marked will
 * search it. Where the emphasis would cost too much, its delimiters are masked too: that text is shown without
 * emphasis, its asterisks and tildes as typed. The third is checked on the block before lexing (see `wordWork`).
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
export function emphasisWork(text: string): number {
  const runs = delimiterRuns(text)
  const left = runs.map((run) => run.length)
  const last = new Map<string, number>()
  for (const run of runs) last.set(run.char, run.at)
  let work = 0
  // One stack per kind: a closer takes the nearest opener of its kind and leaves the others open, so no closer
  // that marked would refuse can hide the openers before it.
  const stacks = new Map<string, number[]>()
  runs.forEach((run, index) => {
    const stack = stacks.get(run.kind)
    while (run.closes && left[index]! > 0 && stack && stack.length > 0) {
      const opener = stack.at(-1)!
      const taken = run.char === '~' ? run.length : left[opener]! >= 2 && left[index]! >= 2 ? 2 : 1
      left[opener]! -= taken
      left[index]! -= taken
      work += run.at - runs[opener]!.at
      if (left[opener] === 0) stack.pop()
    }
    if (run.opens && left[index]! > 0) {
      if (stack) stack.push(index)
      else stacks.set(run.kind, [index])
    }
  })
  for (const stack of stacks.values()) for (const opener of stack) work += last.get(runs[opener]!.char)! - runs[opener]!.at
  return work
}

/**
 * How much GFM's e-mail autolink would look ahead in a block's long words: for each run of the characters an
 * address may hold (ASCII letters, digits and `.!#$%&'*+/=?^_\`{|}~-`), its length times the number of places
 * marked's text rule stops in it (runs of `_`, `*`, `~`, `!`, backtick): at each stop marked looks ahead over the
 * rest of the run for an `@`. Other scripts end a run, so CJK prose with bold in it costs little. Counted over the
 * whole block, fenced code included: marked does not pay for code, but a fence this check took for one where marked
 * sees none would hide a run from it, and a code block of such runs is shown as typed.
 *
 * @example
 * wordWork('snake_case and **bold**') // 26: two runs, 10 and 8 long, with 1 and 2 stops
 * wordWork('a_b'.repeat(16_000)) // ~770 million
 */
export function wordWork(block: string): number {
  let work = 0
  for (const word of block.matchAll(WORDS)) {
    const stops = word[0].match(STOPS)?.length ?? 0
    work += stops * word[0].length
  }
  return work
}

/** Above this much emphasis work (`emphasisWork`) a text's emphasis is not parsed: 5–60 ms of marked's time, measured. */
export const MAX_EMPHASIS_WORK = 500_000
/** Above this much word work (`wordWork`) a block is shown as typed: ~3 ns a unit in marked, ~12 ms. */
export const MAX_WORD_WORK = 4_000_000

/** marked's options for every reply: GFM, and emphasis masked where it would cost too much (see `emphasisWork`). */
export const MARKED_OPTIONS: MarkedOptions = { gfm: true, breaks: false, hooks: Object.assign(new Hooks(), { emStrongMask: maskCostlyEmphasis }) }

function maskCostlyEmphasis(masked: string): string {
  if (emphasisWork(masked) <= MAX_EMPHASIS_WORK) return masked
  warnOnceInDevelopment(
    'markdown-emphasis',
    "sealkit: a reply's emphasis would take marked too long to parse; that text is shown without emphasis, its asterisks and tildes as typed.",
  )
  return masked.replace(DELIMITERS, '+')
}

interface Run {
  char: string
  /** What it pairs with: its character, and for `~` its length too. */
  kind: string
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
    const flanks = flanking(char, text[at - 1] ?? '\n', text[at + run.length] ?? '\n')
    runs.push({ char, kind: char === '~' ? char + run.length : char, at, length: run.length, ...flanks })
  }
  return runs
}

const RUNS = /\*+|_+|~+/g
const DELIMITERS = /[*_~]/g
const WORDS = /[\w.!#$%&'*+/=?^`{|}~-]+/g
const STOPS = /[_*~!`]+/g
const SPACE = /\s/u
const PUNCTUATION = /[\p{P}\p{S}]/u
const PUNCTUATION_GFM = /(?!~)[\p{P}\p{S}]/u

/**
 * CommonMark's left- and right-flanking rules, with `_`'s stricter ones inside words. marked's GFM emphasis takes
 * `~` for no punctuation where CommonMark takes it for punctuation: a run opens or closes if either reading says so.
 */
function flanking(char: string, before: string, after: string): { opens: boolean; closes: boolean } {
  const a = flankingWith(PUNCTUATION, char, before, after)
  const b = flankingWith(PUNCTUATION_GFM, char, before, after)
  return { opens: a.opens || b.opens, closes: a.closes || b.closes }
}

function flankingWith(punctuation: RegExp, char: string, before: string, after: string): { opens: boolean; closes: boolean } {
  const left = !SPACE.test(after) && (!punctuation.test(after) || SPACE.test(before) || punctuation.test(before))
  const right = !SPACE.test(before) && (!punctuation.test(before) || SPACE.test(after) || punctuation.test(after))
  if (char !== '_') return { opens: left, closes: right }
  return { opens: left && (!right || punctuation.test(before)), closes: right && (!left || punctuation.test(after)) }
}
