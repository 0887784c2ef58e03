// @vitest-environment jsdom
/**
 * Shapes a fourth attacker's pass found past the guard on marked's lexer (lex-guard.ts, lex() in Markdown.tsx) at
 * dd40a7c: blocks that still took marked quadratic time, or made it build quadratic output. Each is at a size marked
 * still finishes (0.1-0.5 s measured, on a machine busy beside it), so these fail rather than hang without a fix:
 * the block shown as typed, and marked's costly rule never run over it.
 */
import { expect, test } from 'vitest'
import { renderSpiedMarkdown } from '../helpers/spied-markdown.tsx'

const render = renderSpiedMarkdown

test.each([
  // marked's table rule reads every row after each header-and-delimiter pair, then refuses a header whose cells
  // do not match the delimiter's: 15 KB: 120 ms, 30 KB: 414 ms (the paragraph rule's table look-ahead adds more).
  ['table-shaped lines whose headers marked refuses', 'a|b\n-|-|-\n'.repeat(1500), 'table'],
  // The same with setext headings: `--` reads as a one-column delimiter row. 15 KB: 114 ms, 30 KB: 278 ms.
  ['setext headings underlined `--`, back to back', 'a\n--\n'.repeat(3000), 'table'],
  // Inside a list item each line is lexed on its own, and at each the setext heading rule reads on over the rest of
  // the item for an underline: 3,000 lazy lines (6 KB): 86 ms, 6,000 (12 KB): 315 ms; indented lines alike.
  ['a list item of 3,000 lazy lines', '- a\n' + 'b\n'.repeat(3000), 'lheading'],
  ['a list item of 3,000 indented lines', '- a\n' + '  b\n'.repeat(3000), 'lheading'],
] as const)('%s: shown as typed, and marked never tries the rule over it', async (_, block, rule) => {
  const { container, read, done } = await render(`before\n\n${block}\n\nafter`)
  expect(container.querySelector('.sealkit-md__raw')?.textContent?.length).toBeGreaterThan(block.length - 10)
  expect(read(rule)).toBeLessThan(100)
  expect(container.textContent).toContain('after')
  await done()
})

test.each([
  // containerDepth counted one line's markers; a list nested a level a line, by tabs: 150 levels (6 KB): 102 ms,
  // 300 levels (24 KB): 473 ms in marked (each level lexes the lines below it again) before the depth check
  // after lexing showed it as typed.
  ['by tabs', Array.from({ length: 150 }, (_, i) => '\t'.repeat(Math.floor(i / 2)) + (i % 2 ? '  ' : '') + '- a').join('\n')],
  // By spaces: 240 levels (58 KB): 196 ms.
  ['by spaces', Array.from({ length: 240 }, (_, i) => ' '.repeat(2 * i) + '- a').join('\n')],
])('a list nested a level a line, %s: shown as typed without lexing it', async (_, block) => {
  const { container, lexed, done } = await render(`before\n\n${block}\n\nafter`)
  expect(container.querySelector('.sealkit-md__raw')?.textContent?.trim()).toBe(block.trim())
  expect(lexed.filter((source) => source.includes(block.slice(0, 100)))).toEqual([])
  await done()
})

test.each([
  // tableTooLarge looked for the delimiter row at a line's start, and only the first: a table in a quote or a list
  // item, or after a narrow one, went by. 150 columns and rows: 1.2 KB, 193 ms, 22,953 tokens; 300: 2.4 KB, 494 ms,
  // 90,903 tokens.
  ['in a quote', '> |' + 'a|'.repeat(150) + '\n> |' + '-|'.repeat(150) + '\n' + '> x\n'.repeat(150)],
  ['in a nested list item', '- - |' + 'a|'.repeat(150) + '\n    |' + '-|'.repeat(150) + '\n' + '    x\n'.repeat(150)],
  ['after a narrow table and a heading', '|a|\n|-|\n# h\n|' + 'a|'.repeat(150) + '\n|' + '-|'.repeat(150) + '\n' + 'x\n'.repeat(150)],
])('a table whose short rows marked pads to the header, %s: never 22,500 cells', async (_, block) => {
  const { container, done } = await render(`before\n\n${block}\n\nafter`)
  expect(container.querySelectorAll('td, th').length).toBeLessThanOrEqual(block.length)
  expect(container.textContent).toContain('after')
  await done()
})

test('code spans joining one long word: shown as typed (marked looks ahead over the word after each span)', async () => {
  // wordWork reads marked's masked text, where each code span is "[a]" and ends the word; marked's text rule reads
  // the source, where backticks are e-mail characters, and looks over the rest of the word after each span for an
  // "@". 20 KB: 173 ms, 40 KB: 516 ms, the guard passing it.
  const block = '`x`yy'.repeat(4000)
  const { container, read, done } = await render(`before\n\n${block}\n\nafter`)
  expect(container.querySelector('.sealkit-md__raw')?.textContent?.length).toBeGreaterThan(block.length - 10)
  expect(read('inlineText')).toBeLessThan(100)
  await done()
})
