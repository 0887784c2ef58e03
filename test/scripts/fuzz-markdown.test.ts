/**
 * The markdown fuzzer (scripts/fuzz-markdown.ts, `npm run fuzz:markdown`): a case is rebuilt from its seed and
 * number alone, and a case is kept as a hole only when the renderer stays slow on it. Timed with a clock the test
 * drives, so nothing here depends on the machine's speed.
 */
import { describe, expect, it } from 'vitest'
import { bundledRenderer, describeCase, findHoles, fuzzCase, FRAGMENTS, timeText, type Renderer } from '../../scripts/fuzz-markdown.ts'
import { LEX_LATER, lexBlock } from '../../src/components/markdown/lex-guard.ts'

/** A renderer whose clock moves by what `cost` says each block costs. */
function clocked(cost: (block: string) => number): Renderer & { lexed: string[] } {
  let now = 0
  const lexed: string[] = []
  return {
    lexed,
    now: () => now,
    lex(block) {
      lexed.push(block)
      now += cost(block)
      return cost(block) > 1000 ? undefined : []
    },
  }
}

describe('the markdown fuzzer', () => {
  it('rebuilds a case from its seed and number alone, and other numbers give other texts', () => {
    const texts = new Set<string>()
    for (let index = 0; index < 40; index++) {
      const fuzz = fuzzCase(5, index)
      expect(fuzzCase(5, index)).toEqual(fuzz)
      expect(fuzz.text.length).toBeGreaterThan(10_000)
      expect(fuzz.text.length).toBeLessThan(70 * 1024)
      expect(fuzz.text.startsWith(fuzz.prefix)).toBe(true)
      expect(fuzz.text.endsWith(fuzz.tail)).toBe(true)
      texts.add(fuzz.text)
    }
    expect(texts.size).toBe(40)
    expect(fuzzCase(6, 0).text).not.toBe(fuzzCase(5, 0).text)
    // Built from the fragments: every character of a unit is one of theirs.
    const characters = new Set(FRAGMENTS.join(''))
    for (const char of fuzzCase(5, 3).unit) expect(characters.has(char)).toBe(true)
  })

  it('times a finished reply as one task of all its blocks, and the streaming tail on its own', async () => {
    const renderer = clocked((block) => block.length / 1000)
    const timing = await timeText('# a\n\nsome *text*\n\nthe tail **st', renderer)
    expect(timing.blocks).toBe(3)
    expect(renderer.lexed).toEqual(['# a\n\n', 'some *text*\n\n', 'the tail **st', 'the tail **st**'])
    expect(timing.mountMs).toBeCloseTo((5 + 13 + 13) / 1000)
    expect(timing.tailMs).toBeCloseTo(15 / 1000)
  })

  it('lexes the blocks a task had no room for in the tasks after it, as the renderer does, and times the longest', async () => {
    // A task lexes two blocks; each block costs 10 ms of its clock.
    let inTask = 0
    let tasks = 0
    const renderer = clocked(() => 10)
    const lex = renderer.lex
    renderer.lex = (block) => {
      if (inTask === 0) setTimeout(() => ((inTask = 0), tasks++))
      return ++inTask > 2 ? (renderer.lexed.push(block), LEX_LATER) : lex(block)
    }
    const timing = await timeText('a\n\nb\n\nc\n\nd\n\ne\n\n', renderer)
    expect(timing).toMatchObject({ blocks: 5, tasks: 3, mountMs: 20, refused: [] })
    // Then the last block again as the streaming tail.
    expect(renderer.lexed).toEqual(['a\n\n', 'b\n\n', 'c\n\n', 'd\n\n', 'e\n\n', 'c\n\n', 'd\n\n', 'e\n\n', 'e\n\n', 'e\n\n'])
    expect(tasks).toBeGreaterThanOrEqual(3)
    // A renderer that puts every block off forever is a bug in it, said at once rather than a fuzzer that never ends.
    await expect(timeText('a\n\nb\n\n', { lex: () => LEX_LATER, now: () => 0 })).rejects.toThrow(/lexed none of its 2 blocks/)
  })

  it('times the lexing path as it ships, bundled and minified: the same answers as the sources give', async () => {
    const bundled = await bundledRenderer()
    const texts = ['# a\n\n- **b** and `c`\n', '>'.repeat(2_000) + ' deep\n', fuzzCase(3, 7).text.slice(0, 5_000)]
    for (const text of texts) {
      await new Promise((resolve) => setTimeout(resolve))
      const theirs = bundled.lex(text)
      await new Promise((resolve) => setTimeout(resolve))
      expect(theirs).toEqual(lexBlock(text))
    }
    expect(bundled.lex('>'.repeat(2_000) + ' deep\n')).toBeUndefined()
  })

  it('keeps a case as a hole only when it stays over the limit in three runs', async () => {
    // Over the limit on any text with a backtick: always; on a text with `~` only on its first run.
    let tildeRuns = 0
    const renderer = clocked((block) => (block.includes('`') ? 500 : block.includes('~') && tildeRuns++ === 0 ? 500 : 0.001))
    const reported: number[] = []
    const { tried, holes } = await findHoles({ seed: 9, limitMs: 200, until: (n) => n >= 30, renderer, onHole: (h) => reported.push(h.case.index) })
    expect(tried).toBe(30)
    const withBacktick = Array.from({ length: 30 }, (_, i) => fuzzCase(9, i)).filter((c) => c.text.includes('`'))
    expect(withBacktick.length).toBeGreaterThan(0)
    expect(holes.map((h) => h.case.index)).toEqual(withBacktick.map((c) => c.index))
    expect(reported).toEqual(withBacktick.map((c) => c.index))
    expect(describeCase(holes[0]!.case)).toMatch(/^case \d+: (repeat|blocks|lines), \d+ KB, unit ".*", prefix ".*", tail ".*"$/s)
  })
})
