/**
 * A seeded fuzzer over the markdown renderer's lexing path (src/components/markdown): texts built from the
 * fragments that attacker's passes found costly for marked, each run as the renderer runs it, timed. A slow
 * check, outside `npm test`: run it before moving marked on (package.json pins its minor) or changing
 * lex-guard.ts or blocks.ts.
 *
 *   npm run fuzz:markdown                         60 s from seed 1
 *   npm run fuzz:markdown -- --seed 7 --seconds 600 --limit 150
 *   npm run fuzz:markdown -- --seed 7 --case 1234 --print     one case again, its text as JSON
 *   npm run fuzz:markdown -- --false-positives    also time plain marked on blocks shown as typed
 *
 * Each case is one text (20 or 60 KB; a unit of fragments repeated, several such blocks, or lines under a list,
 * quote or table prefix), run twice as the renderer meets it: a finished reply mounting (every committed block
 * lexed in one task), and a streaming render of its tail (`stabilizeTail`, then the tail lexed), each in a task of
 * its own. A case over `--limit` ms (default 200, about ten times what a refused shape costs to estimate) is run
 * twice more and kept as a hole when its fastest run is still over it. Exit code 1 when any hole was found.
 *
 * A case is rebuilt from its seed and number alone (`--case`), so a hole can be reproduced on any machine.
 */
import { Lexer } from 'marked'
import { setTimeout as nextTask } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { splitMarkdownBlocks, stabilizeTail } from '../src/components/markdown/blocks.ts'
import { lexBlock } from '../src/components/markdown/lex-guard.ts'

/** Fragments the attacker's passes found costly, and ordinary ones to mix in (docs/performance.md lists the shapes). */
export const FRAGMENTS = [
  '*', '**', '***', '_', '__', '~', '~~', '~~~', '`', '``', '\\`', '\\', '\\[', '!', '[', ']', '](', '(', ')', '<', '>',
  '<a ', '<? ', '<!--', '&amp;', 'http', 'www.', 'https://a.b/', '@', 'a_b', '2*3', '|', ' | ', '$', '😀', 'é', '中',
  'a', 'b', 'word', ' ', '  ', '\t', '.', ',', '-', ':', '"', "'", '\n', '\n\n', '\r', '\u2028', '1. ', '- ', '> ',
]
/** What a line or a block may start with. */
const PREFIXES = ['', '', '- ', '1. ', '> ', '  ', '    ', '# ', '- [ ] ', '> - ', '1. | a | b |\n   |---|---|\n   ', '| a | b |\n|---|---|\n']
const SIZES = [20 * 1024, 60 * 1024]

export type Shape = 'repeat' | 'blocks' | 'lines'
export interface FuzzCase {
  /** The case's number under its seed. */
  index: number
  shape: Shape
  /** The repeated unit, and what comes before and after it: enough to read the case without printing it. */
  unit: string
  prefix: string
  tail: string
  text: string
}

/** mulberry32: a small, fast, seedable generator (the cases need to be rebuilt, not to be unpredictable). */
function generator(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Case `index` of `seed`: the same text on every machine and every run. */
export function fuzzCase(seed: number, index: number): FuzzCase {
  const random = generator(Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b))
  const pick = <T>(from: readonly T[]): T => from[Math.floor(random() * from.length)]!
  let unit = ''
  for (let n = 1 + Math.floor(random() * 8); n > 0; n--) unit += pick(FRAGMENTS)
  const prefix = pick(PREFIXES)
  const tail = random() < 0.5 ? '' : pick(FRAGMENTS) + pick(FRAGMENTS) + pick(['', 'b', '\n', ')'])
  const size = pick(SIZES)
  const shape = pick(['repeat', 'blocks', 'lines'] as const)
  const fill = (length: number) => unit.repeat(Math.max(1, Math.floor(length / unit.length)))
  let body: string
  if (shape === 'repeat') body = prefix + fill(size)
  else if (shape === 'blocks') {
    // A finished reply of many blocks, each a paragraph (or list, quote...) of the unit.
    const blocks = 2 + Math.floor(random() * 40)
    body = Array.from({ length: blocks }, () => prefix + fill(size / blocks)).join('\n\n')
  } else {
    // Lines under one prefix: a list item's, a quote's, a table's rows.
    const line = unit.replaceAll('\n', ' ') + pick(['', ' ', '  ', '|'])
    const lines = Math.max(1, Math.floor(size / (line.length + 3)))
    body = prefix + Array.from({ length: lines }, (_, i) => (i === 0 ? '' : pick(['', '  ', '   ', '> ', '| '])) + line).join('\n')
  }
  return { index, shape, unit, prefix, tail, text: body + tail }
}

/** How the renderer meets a text: the lexing path (the app's: `lexBlock`), and a clock. */
export interface Renderer {
  lex: (block: string) => unknown[] | undefined
  now: () => number
}
const APP: Renderer = { lex: lexBlock, now: () => performance.now() }

export interface Timing {
  /** Every committed block lexed in one task, as a finished reply mounts. */
  mountMs: number
  /** The tail stabilized and lexed, as each render of a streaming reply does. */
  tailMs: number
  /** The blocks shown as typed, of `blocks`. */
  refused: string[]
  blocks: number
}

/** Times one text as the renderer meets it, each phase in a task of its own (the guard's ledgers reset per task). */
export async function timeText(text: string, renderer: Renderer = APP): Promise<Timing> {
  const { committed, tail } = splitMarkdownBlocks(text)
  const blocks = tail ? [...committed, tail] : committed
  await nextTask(0)
  const refused: string[] = []
  let start = renderer.now()
  for (const block of blocks) if (renderer.lex(block) === undefined) refused.push(block)
  const mountMs = renderer.now() - start
  await nextTask(0)
  start = renderer.now()
  if (tail) renderer.lex(stabilizeTail(tail))
  const tailMs = renderer.now() - start
  return { mountMs, tailMs, refused, blocks: blocks.length }
}

export interface Hole extends Timing {
  case: FuzzCase
}

/**
 * Cases `first`, `first + 1`, ... of `seed` until `until()` says stop: those whose mount or tail stays over
 * `limitMs` in three runs.
 */
export async function findHoles(options: {
  seed: number
  first?: number
  limitMs: number
  until: (tried: number) => boolean
  renderer?: Renderer
  onHole?: (hole: Hole) => void
  onCase?: (fuzz: FuzzCase, timing: Timing) => void
}): Promise<{ tried: number; holes: Hole[] }> {
  const holes: Hole[] = []
  let tried = 0
  for (let index = options.first ?? 0; !options.until(tried); index++, tried++) {
    const fuzz = fuzzCase(options.seed, index)
    let timing = await timeText(fuzz.text, options.renderer)
    options.onCase?.(fuzz, timing)
    const slow = (t: Timing) => Math.max(t.mountMs, t.tailMs) > options.limitMs
    for (let again = 0; again < 2 && slow(timing); again++) {
      const next = await timeText(fuzz.text, options.renderer)
      if (Math.max(next.mountMs, next.tailMs) < Math.max(timing.mountMs, timing.tailMs)) timing = next
    }
    if (!slow(timing)) continue
    const hole = { ...timing, case: fuzz }
    holes.push(hole)
    options.onHole?.(hole)
  }
  return { tried, holes }
}

/** A case in one line: its shape, unit, prefix and tail as JSON strings (control characters escaped). */
export function describeCase(fuzz: FuzzCase): string {
  const kb = (fuzz.text.length / 1024).toFixed(0)
  return `case ${fuzz.index}: ${fuzz.shape}, ${kb} KB, unit ${JSON.stringify(fuzz.unit)}, prefix ${JSON.stringify(fuzz.prefix)}, tail ${JSON.stringify(fuzz.tail)}`
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      seconds: { type: 'string', default: '60' },
      limit: { type: 'string', default: '200' },
      case: { type: 'string' },
      print: { type: 'boolean', default: false },
      'false-positives': { type: 'boolean', default: false },
    },
  })
  const seed = Number(values.seed)
  const seconds = Number(values.seconds)
  const limitMs = Number(values.limit)
  if (![seed, seconds, limitMs].every(Number.isFinite)) throw new TypeError('--seed, --seconds and --limit take numbers')
  // marked's regular expressions compiled and the guard's code warmed before the first timed case.
  for (let i = 0; i < 20; i++) await timeText(fuzzCase(seed, -1 - i).text.slice(0, 4096))

  if (values.case !== undefined) {
    const fuzz = fuzzCase(seed, Number(values.case))
    console.log(describeCase(fuzz))
    const t = await timeText(fuzz.text)
    console.log(`mount ${t.mountMs.toFixed(1)} ms, tail ${t.tailMs.toFixed(1)} ms, ${t.refused.length} of ${t.blocks} blocks shown as typed`)
    if (values.print) console.log(JSON.stringify(fuzz.text))
    return 0
  }

  const deadline = Date.now() + seconds * 1000
  let falsePositives = 0
  const { tried, holes } = await findHoles({
    seed,
    limitMs,
    until: () => Date.now() >= deadline,
    onHole: (h) => console.log(`HOLE ${describeCase(h.case)}: mount ${h.mountMs.toFixed(0)} ms, tail ${h.tailMs.toFixed(0)} ms (seed ${seed})`),
    // A block shown as typed that plain marked lexes fast: refused where it need not be. 20 KB or less only: plain
    // marked on a real hole of 60 KB can take seconds.
    onCase: (fuzz, timing) => {
      if (!values['false-positives']) return
      for (const block of timing.refused.filter((b) => b.length <= 20 * 1024)) {
        const start = performance.now()
        Lexer.lex(block, { gfm: true, breaks: false })
        const ms = performance.now() - start
        if (ms >= 20) continue
        falsePositives++
        console.log(`false positive, ${describeCase(fuzz)}: plain marked ${ms.toFixed(1)} ms on ${JSON.stringify(block.slice(0, 60))}${block.length > 60 ? '...' : ''}`)
      }
    },
  })
  console.log(`seed ${seed}: ${tried} cases in ${seconds} s, ${holes.length} over ${limitMs} ms${values['false-positives'] ? `, ${falsePositives} false positives` : ''}`)
  return holes.length ? 1 : 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main()
