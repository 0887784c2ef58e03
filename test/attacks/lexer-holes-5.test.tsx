// @vitest-environment jsdom
/**
 * Shapes a fifth attacker's pass, and the read after it, found past the guard on marked's lexer (lex-guard.ts) at
 * 602c7ef: blocks that still took marked quadratic time, or that the guard let through by reading a fence marked
 * does not read. Each is at a size marked still finishes (0.1-0.3 s measured), so these fail rather than hang
 * without the guard: the block shown as typed, never lexed (or, for the inline shapes, stopped before marked's text
 * rule reads it). And two shapes the guard showed as typed although marked lexes them at once: now rendered.
 */
import { expect, test } from 'vitest'
import { renderSpiedMarkdown } from '../helpers/spied-markdown.tsx'
import { Lexer } from 'marked'
import { MARKED_OPTIONS, MAX_EMPHASIS_WORK, blockTooCostly, emphasisWork } from '../../src/components/markdown/lex-guard.ts'

const render = renderSpiedMarkdown

test.each([
  // marked's quote rule takes a quote's lines in turns, each ending at a lazy line, and copies the lines left at
  // each: 15 KB: 98 ms, 60 KB: 2.8 s. With a list in the quote it lexes the list again with them: 16 KB: 113 ms.
  ['quote lines between lazy lines', '>a\nb\n'.repeat(3000)],
  ['a quoted list item between lazy lines', '> - a\nb\n'.repeat(2000)],
  // A quote 60 deep reads its lazy lines again at each level: 60 KB: 166 ms; a line of 30 `> -` repeated: 83 ms.
  ['lazy lines under a quote 60 deep', '>'.repeat(60) + 'a\n' + 'b\n'.repeat(30_000)],
  ['lines of 30 quotes and list items', ('> - '.repeat(30) + 'a\n').repeat(500)],
  // marked's tag rule scans on from each `<?`, `<!--` or `<!a` for its closer, in the text and again while masking
  // it: 30 KB: 72-136 ms, 60 KB: 267-548 ms.
  ['processing instructions that never close', 'x ' + '<? '.repeat(10_000)],
  ['processing instructions closed by no `?>`', 'x ' + '<?a> '.repeat(6000)],
  ['comments that never close', 'x ' + '<!-- '.repeat(6000)],
  ['declarations that never close', 'x ' + '<!a '.repeat(7500)],
  // The reference-link search marked runs over every text scans from each `[` over up to 999 escapes: 30 KB of
  // `\[`: 216 ms (the guard's hook makes marked run it on every text; an `*` anywhere does without the hook).
  ['escaped brackets', '\\['.repeat(15_000) + ' *a*'],
  // An HTML block holds a fence as text, and ends at the blank line: the guard read the rest as code and let a list
  // item of 6,000 lazy lines through (12 KB: 197 ms); a comment, ended by `-->`, alike (166 ms).
  ['a list item after a fence in an HTML block', '<div>\n```\n\n- a\n' + 'b\n'.repeat(6000)],
  ['a list item after a fence in a comment', '<!--\n```\n-->\n- a\n' + 'b\n'.repeat(6000)],
  // A closer further right than its fence may be code: marked's fence goes on to the next line, which closes it.
  ['a list item after a fence closed where marked does not', '```\n     ```\n```\n- a\n' + 'b\n'.repeat(6000)],
  // A sixth pass: fences the guard closed, opened or kept open where marked does not. marked closes a fence only
  // with spaces after it (not a tab or a no-break space); a link definition's title
  // or label goes on over lines. 15 KB: 240-260 ms each.
  ['a list item after a fence closed with a tab after it', '```\n```\t\n```\n- a\n' + 'b\n'.repeat(4000)],
  ['a list item after a fence closed with a no-break space after it', '```\n```\u00a0\n```\n- a\n' + 'b\n'.repeat(4000)],
  ['a list item after a fence in a link definition’s title', '[a]: /u "\n```\n"\n- a\n' + 'b\n'.repeat(4000)],
  ['a list item after a fence in a link definition’s label', '[x\n```\n]: /u\n- a\n' + 'b\n'.repeat(4000)],
  // A line of no-break spaces is no blank line to marked, and a `>` four columns in (or after a tab) no quote: both
  // are lazy lines. 15 KB: 154 ms; 30 KB: 140 ms; 60 KB: 554 ms.
  ['quoted list items between lines of no-break spaces', ' > - a\n \u00a0\n'.repeat(1400)],
  ['quoted list items between quote lines four columns in', '> - a\n    >b\n'.repeat(2300)],
  ['quote lines between quote lines after a tab', '>a\n\t>b\n'.repeat(5000)],
  // `2.` cannot begin a list after a paragraph's line: in a list item, lines of it go on the item's paragraph. The
  // guard ended the item's run of lines at each (240 KB: 6.9 s in marked).
  ['a list item of 3,000 lines that begin `2.`', '- a\n' + '  2. b\n'.repeat(3000)],
  // A seventh pass: a fence opened on a numbered item's own line, or a second marker's, which the guard took for
  // an item whose next line opened a fence (that line closes it to marked): 15 KB: 77-132 ms.
  ['an item’s lines after a fence on a numbered marker’s line', '1. ```\n   ```\n   - a\n' + '   b\n'.repeat(3000)],
  ['an item’s lines after a fence on a second marker’s line', '- - ```\n    ```\n    - a\n' + '    b\n'.repeat(2500)],
  // Table rows marked reads on over (a backtick fence with a backtick after it is none), and `-` alone, a delimiter
  // row to marked's table rule before its setext rule takes it: 15 KB: 73-133 ms.
  ['headers marked refuses, rows after them a fence with a backtick in its info string', 'a|b\n-|-|-\n```a`\n'.repeat(1000)],
  ['setext headings underlined `-`, back to back', 'a\n-\n'.repeat(3750)],
  // An eighth pass: a list marker with a tab after it, which marked's setext look-ahead reads on past (15 KB: 110 ms);
  // `<pre` alone on a line, an HTML block to marked that holds a fence (3.9 s at 60 KB); a fence after a tab in an
  // item (0.9 s at 60 KB).
  ['an item whose lines are broken by markers with a tab after them', '- a\n' + '  b\n  -\t    x\n'.repeat(1200)],
  ['a list item after a fence in a `<pre` block', '<pre\n```\n</pre>\n- a\n' + 'b\n'.repeat(4000) + '```\n'],
  ['an item’s lines after a fence opened after a tab', '- a\n\t```\n  ```\n  - b\n' + '  c\n'.repeat(3000) + '```\n'],
  // marked takes a lone carriage return for a newline; the guard read such a block as one line (20 KB: 150 ms).
  ['quote lines between lazy lines, broken by carriage returns', '>a\rb\r'.repeat(4000)],
  ['a list nested a level a line, broken by carriage returns', Array.from({ length: 200 }, (_, i) => ' '.repeat(2 * i) + '- a').join('\r')],
] as const)('%s: shown as typed, never lexed', async (_, block) => {
  const { container, lexed, done } = await render(`before\n\n${block}\n\nafter`)
  expect(container.querySelector('.sealkit-md__raw')?.textContent).toContain(block.trim().slice(-200))
  expect(lexed.filter((source) => source.includes(block.slice(0, 100)))).toEqual([])
  await done()
})

test.each([
  // marked's text rule looks for a hard line break at each space (0.25 s), and ends a text after each letter of a
  // word before an `@` to look ahead for it again (0.23 s); in a link's text marked looks for a code span at each
  // backtick of a run no run of its length closes (1.8 s at 60 KB).
  ['a run of 20,000 spaces', 'a' + ' '.repeat(20_000) + 'b', 'inlineText'],
  ['a word of 15,000 letters before an `@`', 'a'.repeat(15_000) + '@b', 'inlineText'],
  ['a backtick run no run of its length closes, in a link’s text', '[' + '`'.repeat(10_000) + 'a`](u)', 'link'],
  // A ninth pass: the text rule stops at each `http` in a word and looks ahead over the rest of it (16 KB: 81 ms,
  // 60 KB: 1.1 s); marked's address rule reads from each address start to the next space, and takes the address
  // back to an unmatched `(` to try the next (15 KB: 54 ms, 60 KB: 0.5 s).
  ['a word of 4,000 `http`', 'http'.repeat(4000), 'inlineText'],
  ['addresses joined by `(`', '(www.a'.repeat(2500), 'url'],
] as const)('%s: shown as typed, stopped inside marked before its rule reads it', async (_, block, rule) => {
  const { container, read, done } = await render(`before\n\n${block}\n\nafter`)
  expect(container.querySelector('.sealkit-md__raw')?.textContent?.trim()).toBe(block)
  expect(read(rule)).toBeLessThan(10)
  await done()
})

test.each([
  // The guard counted these as 70 levels of nesting.
  ['a line of 70 `>` in a code block', '```text\n' + '>'.repeat(70) + '\n```', 'pre'],
  ['a thematic break of 65 spaced stars', '* '.repeat(65), 'hr'],
  ['a thematic break after a list marker', '- ' + '* '.repeat(65), 'li hr'],
])('%s: rendered, not shown as typed', async (_, block, selector) => {
  expect(blockTooCostly(block)).toBeUndefined()
  const { container, done } = await render(`before\n\n${block}\n\nafter`)
  expect(container.querySelector('.sealkit-md__raw')).toBeNull()
  expect(container.querySelector(selector)).not.toBeNull()
  await done()
})

test('a table whose short rows are split by lines of no-break spaces (rows to marked): never 90,000 cells', async () => {
  // 300 columns (1.8 KB): 180 ms in marked; 1,000 (6 KB): 0.9 s. The guard ended the rows at the first such line.
  const block = '|' + 'a|'.repeat(300) + '\n|' + '-|'.repeat(300) + '\n' + ' x\n\u00a0\n'.repeat(150)
  const { container, done } = await render(`before\n\n${block}\n\nafter`)
  expect(container.querySelectorAll('td, th').length).toBeLessThanOrEqual(block.length)
  expect(container.textContent).toContain('after')
  await done()
})

test.each([
  ['`2.` lines (no list after a row)', 'x\n2. a\n'],
  ['headings after a no-break space (no heading to marked)', 'x\n\u00a0# a\n'],
])('a table whose short rows are split by %s: never 22,500 cells', async (_, rows) => {
  // The guard ended the rows at those lines; marked reads them as rows: 600 columns (4.5 KB) took 360-480 ms.
  const block = '|' + 'a|'.repeat(150) + '\n|' + '-|'.repeat(150) + '\n' + rows.repeat(75)
  const { container, done } = await render(`before\n\n${block}\n\nafter`)
  expect(container.querySelectorAll('td, th').length).toBeLessThanOrEqual(block.length)
  await done()
})

test('`_*~` repeated: its emphasis masked (GFM reads `~` as no punctuation, so each `*` only opens; 6 KB: 0.29 s)', () => {
  const source = '_*~'.repeat(2000)
  expect(emphasisWork(source)).toBeGreaterThan(MAX_EMPHASIS_WORK)
  expect(JSON.stringify(Lexer.lex(source, MARKED_OPTIONS))).not.toMatch(/"type":"(em|strong|del)"/)
})

test('a line of 130,000 list markers: counted, not a stack overflow', () => {
  expect(blockTooCostly('- '.repeat(130_000) + 'a')).toBe('nesting')
})

test.each([
  ['a fence opened four columns in (indented code, not a fence)', '    ```\n' + Array.from({ length: 80 }, (_, i) => ' '.repeat(2 * i) + '- a').join('\n')],
  ['a fence after a numbered marker that cannot end a paragraph', 'text\n2. ```\n' + Array.from({ length: 80 }, (_, i) => '   ' + ' '.repeat(2 * i) + '- a').join('\n')],
  ['a fence whose lines end left of it', '- ```\n' + 'x\n' + Array.from({ length: 80 }, (_, i) => ' '.repeat(2 * i) + '- a').join('\n')],
])('%s: the lines after it still count as nesting', (_, block) => {
  expect(blockTooCostly(block)).toBe('nesting')
})
