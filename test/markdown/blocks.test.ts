import fc from 'fast-check'
import { Lexer } from 'marked'
import { describe, expect, it } from 'vitest'
import { detachString, splitAfter, type SplitCache } from '../../src/components/internal/append-only-split.ts'
import { MAX_REMEND_WORK, remendWork, splitMarkdownBlocks, stabilizeTail } from '../../src/components/markdown/blocks.ts'
import { splitSegments } from '../../src/components/StreamingMessage.tsx'

describe('splitMarkdownBlocks', () => {
  it('commits blocks at blank lines outside code fences only', () => {
    expect(splitMarkdownBlocks('# Title\n\nSome text\n\n```js\nlet a\n\nlet b')).toEqual({
      committed: ['# Title\n\n', 'Some text\n\n'],
      tail: '```js\nlet a\n\nlet b',
    })
    expect(splitMarkdownBlocks('```\na\n\nb\n```\n\nafter').committed).toEqual(['```\na\n\nb\n```\n\n'])
    // A backtick in a backtick fence's info string: marked reads the line as a paragraph, and blocks go on committing
    // (an attacker's pass: the rest of a reply stayed in the tail, lexed again on every render).
    const text = '```x`y\n\n' + 'para\n\n'.repeat(3) + 'end'
    expect(Lexer.lex('```x`y\n')[0]!.type).toBe('paragraph')
    expect(splitMarkdownBlocks(text)).toEqual({ committed: ['```x`y\n\n', 'para\n\n', 'para\n\n', 'para\n\n'], tail: 'end' })
    expect(splitMarkdownBlocks('~~~x`y\n\npara\n\nend').committed).toEqual([])
  })

  it('reads a carriage return alone, or before a newline, as a line break, as marked does', () => {
    // A reply written with carriage returns alone committed nothing, and was lexed whole on every render (an
    // attacker's pass: 187 ms a render at 60 KB).
    expect(Lexer.lex('one\r\rtwo').filter((token) => token.type === 'paragraph')).toHaveLength(2)
    expect(splitMarkdownBlocks('one\r\rtwo\r\rthree')).toEqual({ committed: ['one\r\r', 'two\r\r'], tail: 'three' })
    expect(splitMarkdownBlocks('one\r\n\r\ntwo')).toEqual({ committed: ['one\r\n\r\n'], tail: 'two' })
    // A carriage return that ends the text may be half of a CRLF: its line is not ended yet.
    expect(splitMarkdownBlocks('one\r\r').committed).toEqual([])
    expect(splitMarkdownBlocks('one\r\r\ntwo').committed).toEqual(['one\r\r\n'])
    expect(splitMarkdownBlocks('```\r\ra\r```\r\rafter').committed).toEqual(['```\r\ra\r```\r\r'])
  })

  it('keeps an indented continuation with its list item', () => {
    expect(splitMarkdownBlocks('- a\n\n  more\n\nb')).toEqual({ committed: ['- a\n\n  more\n\n'], tail: 'b' })
  })

  it('never moves a committed boundary as text is appended (any markdown-ish text, any cut)', () => {
    const piece = fc.constantFrom('a', ' ', '\n', '\n\n', '```', '~~~', '| x |', '- ', '  ', '# ', '中文', '**')
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.nat(), (pieces, cutSeed) => {
        const text = pieces.join('')
        const cut = text.length === 0 ? 0 : cutSeed % (text.length + 1)
        const before = splitMarkdownBlocks(text.slice(0, cut))
        const after = splitMarkdownBlocks(text)
        expect(after.committed.slice(0, before.committed.length)).toEqual(before.committed)
        expect(after.committed.join('') + after.tail).toBe(text)
      }),
    )
  })
})

describe('stabilizeTail', () => {
  it('closes open emphasis and inline code while streaming', () => {
    expect(stabilizeTail('Hi **bo')).toBe('Hi **bo**')
    expect(stabilizeTail('run `npm')).toBe('run `npm`')
  })

  it('holds back a table until its delimiter row is complete', () => {
    expect(stabilizeTail('x\n\n| a | b')).toBe('x\n')
    expect(stabilizeTail('| a | b |\n')).toBe('')
    expect(stabilizeTail('x\n\n| a | b |\n|--')).toBe('x\n')
    expect(stabilizeTail('x\n\n| a | b |\n|---|')).toBe('x\n')
    expect(stabilizeTail('x\n\n| a | b |\n|---|--')).toBe('x\n\n| a | b |\n|---|--')
    expect(stabilizeTail('| a | b |\n|---|---|\n| 1 | 2')).toBe('| a | b |\n|---|---|\n| 1 | 2')
  })

  it('completes an unfinished link and drops an unfinished tag', () => {
    expect(stabilizeTail('x [a](b) and [the docs')).toBe('x [a](b) and [the docs](streamdown:incomplete-link)')
    expect(stabilizeTail('Hello <b>you</b> <spa')).toBe('Hello <b>you</b>')
  })

  // remend scans on from each `[` and each `<` (30,000 nested brackets: 2.1 s; `<a` × 30,000 before a `>`: 1.2 s),
  // on every render of a streaming reply: past its bound, those completions are left out and the rest is done.
  it('leaves out the completions that would cost remend too long, and only those', () => {
    const brackets = 'see **the [docs ' + '['.repeat(20_000) + ']'.repeat(20_000)
    expect(remendWork(brackets).links).toBeGreaterThan(MAX_REMEND_WORK)
    expect(stabilizeTail(brackets)).toBe(`${brackets}**`)
    // remend's escape of `- > 25` in a list item: its `^\\s*` runs over every line break after each one.
    expect(stabilizeTail('- > 25\n\n\n')).toBe('- \\> 25\n\n\n')
    for (const breaks of ['\n', '\n ', '\r', '\u2028']) {
      const lines = '- > 25' + breaks.repeat(20_000)
      expect(remendWork(lines).listStarts).toBeGreaterThan(MAX_REMEND_WORK)
      expect(stabilizeTail(lines).startsWith('- > 25')).toBe(true)
    }
    // And from each line start on over the digits, marker and spaces after the run (an attacker's pass: 2,827 line
    // breaks, then 57,000 digits, 0.15 s a render; the line breaks alone counted just under the bound).
    for (const after of ['1'.repeat(57_000), '1. ' + ' '.repeat(55_000) + 'x', '- ' + ' '.repeat(55_000)]) {
      const lines = 'a > b' + '\n'.repeat(2_827) + ' ' + after
      expect(2_827 * 2_828).toBeLessThan(MAX_REMEND_WORK)
      expect(remendWork(lines).listStarts).toBeGreaterThan(MAX_REMEND_WORK)
    }
    const tags = '<a'.repeat(20_000) + '> and **<spa'
    expect(remendWork(tags).tags).toBeGreaterThan(MAX_REMEND_WORK)
    expect(stabilizeTail(tags)).toBe(`${tags}**`)
    // Ordinary text: a list of a thousand links and tags.
    const prose = '- [a link](https://example.com/x) and <b>bold</b> [ ] done\n'.repeat(1_000)
    expect(remendWork(prose).links + remendWork(prose).tags).toBeLessThan(MAX_REMEND_WORK / 4)
    expect(remendWork('see [the docs](https://x.test) <b>now</b>')).toEqual({ links: 2 * 9 + 500, tags: 2 + 3, listStarts: 0, fences: 0 })
    // A fence's run with a separator `.` does not take after it on its line: remend's fence pattern backs off the run
    // and scans on to it, for each of its inline code, strikethrough and math completions (60 KB in a list item: 6 s),
    // and once for emphasis (20,000 indented tildes, `__`, a carriage return: 0.45 s, a fuzzer's case). Past the bound
    // remend does not run: nothing is completed, and the run's code span is not closed by as many backticks again.
    // A quote after a list marker too (an attacker's pass: `- > `, 20,000 backticks, U+2028: 0.46 s a render).
    const fences = [['`', '\u2028', '- '], ['~', '\u2029', '> '], ['`', '\r', '1. '], ['~', '\r', '    '], ['`', '\u2028', '- > '], ['~', '\r', '> - > '], ['`', '\u2029', '1)\t> ']]
    for (const [run, stop, before] of fences) {
      const fence = `${before}${run!.repeat(20_000)}${stop}${run}) and **bold __and`
      expect(remendWork(fence).fences).toBeGreaterThan(MAX_REMEND_WORK)
      expect(stabilizeTail(fence)).toBe(fence)
    }
    // Fences as replies hold them, with carriage returns after each line: a few units a line.
    const crlf = 'Some code:\r\n```ts\r\nconst a = 1\r\n```\r\n'.repeat(500)
    expect(remendWork(crlf).fences).toBeLessThan(100 * 500)
    // Math's intervals: remend completes the last open `[` and looks no further back.
    const intervals = 'Let $x \\in [0, 1)$ and $y \\in [a, b)$. '.repeat(1_500)
    expect(remendWork(intervals).links).toBeLessThan(1_000)
    expect(stabilizeTail(intervals)).toBe(`${intervals.trimEnd()}](streamdown:incomplete-link)`)
    // But remend passes over a `[` in code and scans on: an open one in a code span or fence is no end.
    for (const code of [' `[`', '\n```\n[']) {
      const nested = '['.repeat(20_000) + ']'.repeat(20_000) + code
      expect(remendWork(nested).links).toBeGreaterThan(MAX_REMEND_WORK)
    }
  })
})

describe('splitting a streamed reply as it grows (splitAfter, behind useAppendOnlySplit)', () => {
  const piece = fc.constantFrom('a', ' ', '\n', '\n\n', '\r', '\r\n', '```', '~~~', '| x |', '- ', '  ', '# ', '中文', '**', 'word '.repeat(40))
  const splitters = {
    markdown: splitMarkdownBlocks,
    segments: (text: string, from: number) => splitSegments(text, 64, from),
  }

  for (const [name, split] of Object.entries(splitters)) {
    it(`${name}: resuming at each step gives exactly the split of the whole text, whatever the steps (property)`, () => {
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, cutSeeds) => {
          const text = pieces.join('')
          const cuts = [...new Set(cutSeeds.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
          let cache: SplitCache | null = null
          for (const cut of [...cuts, text.length]) {
            cache = splitAfter(cache, text.slice(0, cut), split)
            const whole = split(text.slice(0, cut), 0)
            expect({ committed: cache.committed, tail: cache.tail }).toEqual(whole)
          }
        }),
      )
    })
  }

  it('a text that is not the previous one grown (edited, replaced) is split from the start', () => {
    const first = splitAfter(null, 'one\n\ntwo\n\nthree', splitMarkdownBlocks)
    const other = splitAfter(first, 'uno\n\ndos\n\ntres tres', splitMarkdownBlocks)
    expect(other).toMatchObject({ committed: ['uno\n\n', 'dos\n\n'], tail: 'tres tres' })
    // Same length prefix, one character changed inside a committed block.
    const edited = splitAfter(first, 'one\n\ntwX\n\nthree and more', splitMarkdownBlocks)
    expect(edited).toMatchObject({ committed: ['one\n\n', 'twX\n\n'], tail: 'three and more' })
  })

  it('keeps the committed array (and its strings) when nothing new committed, so memoised blocks skip rendering', () => {
    const a = splitAfter(null, 'one\n\ntwo', splitMarkdownBlocks)
    const b = splitAfter(a, 'one\n\ntwo more', splitMarkdownBlocks)
    expect(b.committed).toBe(a.committed)
    const c = splitAfter(b, 'one\n\ntwo more\n\nthree', splitMarkdownBlocks)
    expect(c.committed[0]).toBe(a.committed[0])
    expect(c.committed).toEqual(['one\n\n', 'two more\n\n'])
  })

  it('detachString returns the same characters', () => {
    const big = 'x'.repeat(1000) + 'the block we keep' + 'y'.repeat(1000)
    expect(detachString(big.slice(1000, 1017))).toBe('the block we keep')
    expect(detachString('short')).toBe('short')
    // Every character as it was: lone surrogates (a chunk may end between the halves of a pair), escapes, quotes.
    const odd = 'a\ud83d lone, then \ude00 the other half; "quoted" \\ back\nslash \u2028 \u0000 end 中文 😀'
    expect(detachString(('x'.repeat(100) + odd).slice(100))).toBe(odd)
  })
})
