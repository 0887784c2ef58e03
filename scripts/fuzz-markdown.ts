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
 *
 * What is timed is the lexing path as it ships: lex-guard.ts and marked bundled and minified for the run (tsx, which
 * runs this script, wraps each function to keep its name, and the guard ran ~1.5 times as long under it).
 */
import { Lexer } from 'marked'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as nextTask } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { splitMarkdownBlocks, stabilizeTail } from '../src/components/markdown/blocks.ts'
import { bundleForNode } from './bundle-for-node.ts'
import { LEX_LATER, lexBlock } from '../src/components/markdown/lex-guard.ts'

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
  /** A block's tokens; undefined to show it as typed; `LEX_LATER` to lex it again in a later task. */
  lex: (block: string) => unknown[] | undefined | typeof LEX_LATER
  now: () => number
}
const APP: Renderer = { lex: lexBlock, now: () => performance.now() }

/** The renderer's lexing path as an app's build has it: lex-guard.ts with marked, bundled and minified. */
export async function bundledRenderer(): Promise<Renderer> {
  const outDir = mkdtempSync(join(tmpdir(), 'sealkit-fuzz-'))
  try {
    const bundled = (await import(pathToFileURL(await bundleMarkdownModule(outDir)).href)) as { lexBlock: Renderer['lex'] }
    return { lex: bundled.lexBlock, now: () => performance.now() }
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}

/** A module of src/components/markdown bundled with its dependencies and minified into `outDir`: the bundle's path. */
export function bundleMarkdownModule(outDir: string, module: 'lex-guard' | 'blocks' = 'lex-guard'): Promise<string> {
  return bundleForNode(`src/components/markdown/${module}.ts`, outDir, { minify: true })
}

export interface Timing {
  /**
   * Every committed block lexed in one task, as a finished reply mounts; the blocks that task had no room for
   * (`LEX_LATER`) in the tasks after it, as the renderer lexes them: the longest of those tasks.
   */
  mountMs: number
  /** The tasks the mount took. */
  tasks: number
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
  let mountMs = 0
  let tasks = 0
  for (let pending = blocks; pending.length > 0; tasks++) {
    if (tasks > 0) await nextTask(0)
    const later: string[] = []
    const start = renderer.now()
    for (const block of pending) {
      const tokens = renderer.lex(block)
      if (tokens === LEX_LATER) later.push(block)
      else if (tokens === undefined) refused.push(block)
    }
    mountMs = Math.max(mountMs, renderer.now() - start)
    // A task that lexed none of its blocks would repeat forever: the renderer's retries rest on each task lexing one.
    if (later.length === pending.length) throw new Error(`a task lexed none of its ${later.length} blocks, and said to lex them later`)
    pending = later
  }
  await nextTask(0)
  const start = renderer.now()
  if (tail) renderer.lex(stabilizeTail(tail))
  const tailMs = renderer.now() - start
  return { mountMs, tasks, tailMs, refused, blocks: blocks.length }
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

/** Plain marked's time on a block (Infinity when its own recursion overflows: rightly refused). */
function plainMarkedMs(block: string): number {
  const start = performance.now()
  try {
    Lexer.lex(block, { gfm: true, breaks: false })
  } catch (error) {
    if (error instanceof RangeError) return Infinity
    throw error
  }
  return performance.now() - start
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
  const renderer = await bundledRenderer()
  // marked's regular expressions compiled and the guard's code warmed before the first timed case.
  for (let i = 0; i < 20; i++) await timeText(fuzzCase(seed, -1 - i).text.slice(0, 4096), renderer)

  if (values.case !== undefined) {
    const fuzz = fuzzCase(seed, Number(values.case))
    console.log(describeCase(fuzz))
    const t = await timeText(fuzz.text, renderer)
    console.log(`mount ${t.mountMs.toFixed(1)} ms (longest of ${t.tasks} tasks), tail ${t.tailMs.toFixed(1)} ms, ${t.refused.length} of ${t.blocks} blocks shown as typed`)
    if (values.print) console.log(JSON.stringify(fuzz.text))
    return 0
  }

  const deadline = Date.now() + seconds * 1000
  let falsePositives = 0
  const { tried, holes } = await findHoles({
    seed,
    limitMs,
    renderer,
    until: () => Date.now() >= deadline,
    onHole: (h) => console.log(`HOLE ${describeCase(h.case)}: mount ${h.mountMs.toFixed(0)} ms, tail ${h.tailMs.toFixed(0)} ms (seed ${seed})`),
    // A block shown as typed that plain marked lexes fast: refused where it need not be. 20 KB or less only: plain
    // marked on a real hole of 60 KB can take seconds.
    onCase: (fuzz, timing) => {
      if (!values['false-positives']) return
      const fast = timing.refused.filter((block) => block.length <= 20 * 1024 && plainMarkedMs(block) < 20)
      if (fast.length === 0) return
      falsePositives += fast.length
      const first = fast[0]!
      console.log(`false positives, ${describeCase(fuzz)}: ${fast.length} of ${timing.blocks} blocks, plain marked under 20 ms each, as ${JSON.stringify(first.slice(0, 60))}${first.length > 60 ? '...' : ''}`)
    },
  })
  console.log(`seed ${seed}: ${tried} cases in ${seconds} s, ${holes.length} over ${limitMs} ms${values['false-positives'] ? `, ${falsePositives} false positives` : ''}`)
  return holes.length ? 1 : 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main()
