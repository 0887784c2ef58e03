// @vitest-environment jsdom
/**
 * Shapes an attacker's pass found past the first guard on marked's lexer (lex-guard.ts, lex() in Markdown.tsx): text
 * that still took marked quadratic time, or made it build quadratic output. Each is at a size marked still finishes
 * (0.1-0.7 s), so these fail rather than hang without the guard: the emphasis masked, or the block shown as typed
 * without marked reading it.
 */
import { Lexer, type Token } from 'marked'
import { expect, test } from 'vitest'
import { renderSpiedMarkdown } from '../helpers/spied-markdown.tsx'
import { MARKED_OPTIONS, MAX_EMPHASIS_WORK, emphasisWork } from '../../src/components/markdown/lex-guard.ts'

const emphasized = (tokens: readonly Token[]): boolean => /"type":"(em|strong)"/.test(JSON.stringify(tokens))

test('the rule of three: openers a both-flanking closer refuses scan on to the end (12 KB: 0.35 s in marked, 48 KB: 2.4 s)', () => {
  for (const source of ['*a**b '.repeat(2000), '*a**b '.repeat(2000) + 'x*']) {
    expect(emphasisWork(source)).toBeGreaterThan(MAX_EMPHASIS_WORK)
    const tokens = Lexer.lex(source, MARKED_OPTIONS)
    expect(emphasized(tokens)).toBe(false)
    expect(JSON.stringify(tokens).match(/\*/g)!.length).toBeGreaterThan(6000) // the delimiters as typed
  }
})

test('the rule of three in ordinary text still pairs as CommonMark does', () => {
  for (const source of ['*foo**bar*', '**foo*bar**', 'a *b* c **d** e ***f*** g', '*a**b**c*']) {
    expect(emphasisWork(source)).toBeLessThan(100)
    expect(Lexer.lex(source, MARKED_OPTIONS)).toEqual(Lexer.lex(source, { gfm: true, breaks: false }))
  }
})

const render = renderSpiedMarkdown

test('a table whose short rows marked pads to the header: 150 columns and rows (900 bytes) never become 22,650 cells', async () => {
  // marked pads every row to the header's width: 2,000 columns and rows (12 KB) took 5.2 s to lex, 4 million cells.
  const block = '|' + 'a|'.repeat(150) + '\n|' + '-|'.repeat(150) + '\n' + 'x\n'.repeat(150)
  const { container, done } = await render(`before\n\n${block}\nafter`)
  expect(container.querySelectorAll('td, th').length).toBeLessThanOrEqual(block.length)
  expect(container.textContent).toContain('after')
  await done()
})

test.each([
  // br's (?!\s*$) scans every white space after it: lines of a no-break space, each ending in two spaces (and
  // starting with one, so the block splitter keeps them one block). 60 KB: 0.36 s.
  ['hard breaks over white-space lines', 'a  \n' + ' \u00a0  \n'.repeat(12_000) + 'b', 'br'],
  // The link rule's parenthesised title scans to the last ")" at every "[": 60 KB, with spaces: 0.8 s.
  ['link titles that never close', '[](a ('.repeat(10_000) + ')', 'link'],
  // The same with the address: an escaped "(" keeps it going. 50 KB: 0.7 s.
  ['link addresses that never close', '[](\\('.repeat(10_000) + ')', 'link'],
] as const)('%s: shown as typed, and marked never tries the rule over it', async (_, block, rule) => {
  const { container, read, done } = await render(`before\n\n${block}\n\nafter`)
  // As typed: all of it (the white-space lines end where the splitter sees a blank line before the last).
  expect(container.querySelector('.sealkit-md__raw')?.textContent?.length).toBeGreaterThan(block.length - 10)
  expect(read(rule)).toBeLessThan(10)
  expect(container.textContent).toContain('after')
  await done()
})

test('1,000 nested list markers before 50 KB of text: shown as typed without lexing it (marked re-lexed it at each level: 0.3 s)', async () => {
  const block = '- '.repeat(1000) + 'a '.repeat(25_000)
  const { container, lexed, done } = await render(`before\n\n${block}\n\nafter`)
  expect(container.querySelector('.sealkit-md__raw')?.textContent?.trim()).toBe(block.trim())
  expect(lexed.filter((source) => source.includes(block.slice(0, 200)))).toEqual([])
  await done()
})

test.each([
  // marked's url rule takes trailing punctuation off one character a pass, each pass over the whole address
  // (a fifth pass's finding): 15 KB 69 ms, 30 KB 264 ms, 60 KB 1 s.
  ['an address followed by 20,000 dots', 'see http://a' + '.'.repeat(20_000)],
  ['a www address followed by 20,000 brackets', 'see www.a' + ')'.repeat(20_000)],
])('%s: shown as typed (marked rescanned the address per trailing character)', async (_, block) => {
  const { container, done } = await render(`before\n\n${block}\n\nafter`)
  expect(container.querySelector('.sealkit-md__raw')?.textContent?.trim()).toBe(block)
  expect(container.querySelectorAll('a').length).toBe(0)
  expect(container.textContent).toContain('after')
  await done()
})
