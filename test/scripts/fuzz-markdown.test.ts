/**
 * The markdown fuzzer (scripts/fuzz-markdown.ts, `npm run fuzz:markdown`): a case is rebuilt from its seed and
 * number alone, and a case is kept as a hole only when the renderer stays slow on it. Timed with a clock the test
 * drives, so nothing here depends on the machine's speed.
 */
import { describe, expect, it } from 'vitest'
import { describeCase, findHoles, fuzzCase, FRAGMENTS, timeText, type Renderer } from '../../scripts/fuzz-markdown.ts'

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
