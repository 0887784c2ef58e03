/**
 * The guard on marked's inline lexer (lex-guard.ts): text shaped to take marked quadratic time has its emphasis
 * masked (emphasis scans skipped, not merely cut short) or its block shown as typed, and ordinary replies keep
 * their emphasis. The hostile shapes are those attacker's passes found, each at a size marked still finishes
 * without the guard (0.1–0.4 s), so the test fails, rather than hangs, without it.
 */
import { readFileSync } from 'node:fs'
import { Lexer, type Token, type Tokens } from 'marked'
import { expect, test } from 'vitest'
import { splitMarkdownBlocks } from '../../src/components/markdown/blocks.ts'
import {
  MARKED_OPTIONS,
  MAX_EMPHASIS_WORK,
  MAX_INLINE_WORK,
  TooCostlyToLex,
  backtickWork,
  blockTooCostly,
  bracketWork,
  breakWork,
  containerDepth,
  emphasisWork,
  fencedLines,
  itemLineWork,
  linkWork,
  nestingWork,
  quoteLazyWork,
  spaceWork,
  tableTooLarge,
  tagWork,
  urlWork,
  wordWork,
} from '../../src/components/markdown/lex-guard.ts'

const emphasized = (tokens: readonly Token[]): boolean => /"type":"(em|strong|del)"/.test(JSON.stringify(tokens))
/** The text a reply's reader sees: every leaf's text. */
const textOf = (tokens: readonly Token[]): string =>
  tokens
    .map((token) => {
      if (token.type === 'table') return textOf([...token.header, ...token.rows.flat()].flatMap((cell: { tokens: Token[] }) => cell.tokens))
      if (token.type === 'list') return textOf(token.items as Token[])
      return 'tokens' in token && Array.isArray(token.tokens) ? textOf(token.tokens as Token[]) : 'text' in token ? String(token.text) : ''
    })
    .join(' ')

const n = 1000
/** A table of `rows` rows and `columns` columns, its lines `indent` in, bold in its cells. */
const table = (rows: number, indent: string, columns = 3) =>
  [`| ${Array.from({ length: columns }, (_, c) => `head ${c}`).join(' | ')} |`, `|${'---|'.repeat(columns)}`, ...Array.from({ length: rows }, (_, r) => `| ${Array.from({ length: columns }, (_, c) => `**cell** ${r}.${c}`).join(' | ')} |`)]
    .map((line) => indent + line)
    .join('\n')
/** `count` lines of code, `indent` in. */
const code = (count: number, indent: string) => Array.from({ length: count }, (_, i) => `${indent}const value_${i} = compute(${i}) // line ${i}`).join('\n')
const nest = '*a '.repeat(n) + 'x' + ' a*'.repeat(n)
test.each([
  ['nested strikethroughs', '~~a '.repeat(n) + 'x' + ' b~~'.repeat(n)],
  ['nested emphasis', nest],
  ['three kinds nested in turn', '*a ~~b **c '.repeat(n / 3) + 'x' + ' c** b~~ a*'.repeat(n / 3)],
  ['openers that never close, then one closer', '*a '.repeat(n) + 'b*'],
  ['underscore openers, then one closer', '_a '.repeat(n) + 'b_'],
  ['strikethrough openers, then one closer', '~~a '.repeat(n) + 'b~~'],
  ['openers after brackets', '(_a) '.repeat(n) + 'b_'],
  ['a backtick fence with a backtick in its info string', '```a`\n' + nest],
  ['a backtick in a heading and one in the next line', '# a `\n' + nest + ' `'],
  ['a backtick in an attribute', '<a title="`"> ' + nest + ' `'],
  ['a backtick in an autolink', '<http://a.b/`> ' + nest + ' `'],
  ['a backtick in a link address', '[a](http://x/`) ' + nest + ' `'],
  ['a backslash ending a code span', '`C:\\` ' + nest + ' `'],
  ['an underscore closer in link text', '_c ' + '*a '.repeat(n) + '[b_](u)' + ' a*'.repeat(n)],
  ['an underscore closer in an attribute', '_c ' + '*a '.repeat(n) + '<span title="b_">' + ' a*'.repeat(n)],
  ['a closer the rule of three refuses', '*c ' + '_a '.repeat(n) + 'b**d' + ' a_'.repeat(n)],
  ['closers after a tilde', '*a '.repeat(n) + 'x' + ' ~*a'.repeat(n)],
  ['a table cell', `| a |\n|---|\n| ${'~~a '.repeat(n)}deep${' a~~'.repeat(n)} |`],
  ['a list item', `- x\n- ${nest}`],
  ['a quote', `> ${nest}`],
  // marked reads the code point beside a run: an emoji is a symbol, which CommonMark counts as punctuation, so each
  // run after one opens only (the guard read half an emoji, a letter to it, and paired them: 15 KB took 1.3 s).
  ['an emoji before each `*`', '😀*a'.repeat(n) + ' b*'],
  ['an emoji before each `_`', '😀_a'.repeat(n) + ' b_'],
  ['an emoji before each `~`', '😀~a'.repeat(n) + ' b~'],
  // marked's closer search counts: the `**` of `**b**` adds to a `2*3`'s count and its refused closer takes nothing
  // off, so each such `*` scans on to the last (15 KB: 0.43 s; 60 KB: 7 s).
  ['bold between stars inside words', '**b** 2*3 '.repeat(n)],
  ['strong underscores between underscores among punctuation', '._. __b__ '.repeat(n)],
  // A run no closer closes is tried again from each of its characters (a twelfth pass: 8 KB 0.3 s, 60 KB 5 s).
  ['one long run of stars, then a closer far on', '*'.repeat(n) + 'a ' + 'b '.repeat(n) + 'a*'],
  ['one long run of underscores, then a closer far on', '_'.repeat(n) + 'a ' + 'b '.repeat(n) + 'a_'],
])('%s: shown without emphasis, its delimiters as typed', (_, source) => {
  expect(wordWork(source)).toBeLessThanOrEqual(MAX_INLINE_WORK) // this shape is the emphasis guard's
  const tokens = Lexer.lex(source, MARKED_OPTIONS)
  expect(emphasized(tokens)).toBe(false)
  const shown = textOf(tokens)
  expect(shown.length).toBeGreaterThan(source.length * 0.8)
  expect(shown.match(/[*_~]/g)!.length).toBeGreaterThan(n)
})

test.each([
  ['a table of 300 rows with code, bold and italics', '| function | args | notes |\n|---|---|---|\n' + Array.from({ length: 300 }, (_, i) => `| \`f${i}(*args, **kwargs)\` | **required** | see \`snake_case_${i}\` and *note* |`).join('\n')],
  ['a list of 300 items', Array.from({ length: 300 }, (_, i) => `- **Item ${i}**: call \`do_thing_${i}(*args)\` then _check_ it`).join('\n')],
  ['a paragraph of code spans with stars', 'Use `*args` and `**kwargs` with **care** in Python functions; see *Fluent Python*. '.repeat(80)],
  ['a 64 KB paragraph', 'The *quick* brown **fox** jumps over the lazy dog while snake_case and ~~old~~ words pass by. '.repeat(700)],
  ['arithmetic', 'We have a*b*c and x**2 + y**2 = z**2 with a * b and 2*3*4 = 24; **bold** claims follow. '.repeat(100)],
  ['snake_case and dunder names', 'call snake_case_name with __init__ and a_b_c_d, then *stress* it. '.repeat(200)],
  ['a step of a numbered list holding 600 lines of code', `1. Install it\n2. **Write** this:\n   \`\`\`ts\n${Array.from({ length: 600 }, (_, i) => `   const value_${i} = compute(${i}) // step ${i}`).join('\n')}\n   \`\`\`\n3. Run *it*`],
  ['a bullet holding 300 numbered steps, each wrapped onto a second line', '- Steps:\n' + Array.from({ length: 300 }, (_, i) => `  ${i + 1}. **Step ${i}** of the sub-list, which\n     goes on over a second line`).join('\n')],
  ['a Python session in a fence (its `>>>` no quote)', '**Try it:**\n```python\n' + '>>> total = compute(values[i])\n42\n'.repeat(500) + '```'],
  ['a numbered step opening with a link, then 450 lines of code', `1. [Install](https://example.dev) the **package**, then save:\n   \`\`\`js\n${'   const value = compute(input, options);\n'.repeat(450)}   \`\`\``],
  ['a numbered step holding 480 lines of JSON, fenced four columns in', `1. **Install**\n    \`\`\`json\n${Array.from({ length: 480 }, (_, i) => `    "key_${i}": "value number ${i}",`).join('\n')}\n    \`\`\`\n2. Next`],
  ['a nested step holding 420 lines of code, fenced four columns in', `- Setup\n  - **Add** this:\n    \`\`\`js\n${Array.from({ length: 420 }, (_, i) => `    const value_${i} = compute(${i}) // step ${i}`).join('\n')}\n    \`\`\`\n- Done`],
  ['a 60 KB quote wrapped by hand, each paragraph’s first line marked', '> The **quoted** mail goes on, line after line, as it was wrapped\nat seventy-two columns, and its next line has no marker of its own.\n'.repeat(450)],
  ['e-mail addresses in every sentence', 'Write to support@example.com or first.last+tag@example.org for **help**. '.repeat(450)],
  ['30 KB of Chinese without spaces, bold in every sentence', '这是**重要**的说明，请*仔细*阅读：模型在~~旧的~~可信执行环境中运行！'.repeat(400)],
  ['a few lines of arithmetic between bold labels', '**Area:** 2*3 = 6 m², **volume:** 2*3*4 = 24 m³. '.repeat(20)],
  ['emoji beside emphasis in every sentence', '🎉 **Done!** The build 🚀 passed, _finally_ 😀*yes*. '.repeat(400)],
  // Tables and indented code in list items: marked takes each in one token, not line by line.
  ['a numbered step holding a table of 800 rows', `1. **Compare** them:\n\n${table(800, '   ')}\n\n2. Next`],
  ['a numbered step whose table starts on the next line, 800 rows', `1. **Compare** them:\n${table(800, '   ')}\n2. Next`],
  ['a bullet holding a two-column table of 1,500 rows', `- **Compare**:\n\n${table(1_500, '  ', 2)}`],
  ['a nested bullet holding a table of 800 rows', `1. Step\n   - **sub**:\n\n${table(800, '     ')}`],
  ['a numbered step whose table starts on its own line, 800 rows', `1. ${table(800, '   ').trimStart()}\n2. Next`],
  ['a bullet whose two-column table starts on its own line, its rows one column right of the header, 1,500 rows', `- ${table(1_500, '   ', 2).trimStart()}`],
  ['a numbered step whose table’s delimiter row and 800 rows are one column right of its header', `1. **Compare** them:\n   ${table(800, '    ').trimStart()}\n2. Next`],
  ['a step holding 600 lines of indented code, blank lines among them', `1. **Run** this:\n\n${code(300, '       ')}\n\n${code(300, '       ')}\n\n2. Then`],
])('%s: lexed exactly as without the guard, emphasis and all', (_, source) => {
  expect(wordWork(source)).toBeLessThan(MAX_INLINE_WORK / 20)
  const lines = source.split('\n')
  expect([blockTooCostly(source), containerDepth(lines) <= 2, itemLineWork(lines) < MAX_INLINE_WORK / 20]).toEqual([undefined, true, true])
  const tokens = Lexer.lex(source, MARKED_OPTIONS)
  expect(emphasized(tokens)).toBe(true)
  expect(tokens).toEqual(Lexer.lex(source, { gfm: true, breaks: false }))
})

// The guard mirrors marked 18.2's rules: a new minor, in the range or installed, fails here until lex-guard.ts is
// reviewed against it (and the version in this test and in package.json moved on together).
test('marked is 18.2.x, the version whose rules the guard mirrors, and the package admits no other minor', () => {
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> }
  const installed = JSON.parse(readFileSync(new URL('../../node_modules/marked/package.json', import.meta.url), 'utf8')) as { version: string }
  expect(own.dependencies.marked).toBe('~18.2.1')
  expect(installed.version).toMatch(/^18\.2\.\d+$/)
})

test('every block of sealkit’s own documents is lexed exactly as without the guard', () => {
  for (const file of ['README.md', 'docs/performance.md', 'docs/nextjs.md', 'bench/README.md', '../shared/PROTOCOL.md']) {
    let source: string
    try {
      source = readFileSync(file, 'utf8')
    } catch {
      continue // ../shared is beside a full checkout only
    }
    for (const block of source.split(/\n\n/)) {
      expect(wordWork(block), block.slice(0, 80)).toBeLessThan(MAX_INLINE_WORK / 20)
      // bench/README.md's longest item (17 KB, 181 lines) is 250,000: a sixteenth of the bound.
      const lines = block.split('\n')
      expect([blockTooCostly(block), containerDepth(lines) < 8, itemLineWork(lines) < MAX_INLINE_WORK / 10], block.slice(0, 80)).toEqual([undefined, true, true])
      expect(Lexer.lex(block, MARKED_OPTIONS), block.slice(0, 80)).toEqual(Lexer.lex(block, { gfm: true, breaks: false }))
    }
  }
})

test.each([
  ['a word of underscores', 'a_b'.repeat(4000)],
  ['a word of double underscores', 'a__b'.repeat(3000)],
  ['numbered parts', Array.from({ length: 4000 }, (_, i) => `x${i}`).join('_')],
  ['exclamation marks', 'a!b'.repeat(4000)],
  ['backticks', 'a`b'.repeat(4000)],
  ['stars and dots', 'a.**'.repeat(3000)],
  ['a 48 KB base64url blob', Buffer.from(Array.from({ length: 36_000 }, (_, i) => (i * 7919) % 256)).toString('base64url')],
])('%s: over the word bound (marked looks ahead over the word at each stop)', (_, source) => {
  expect(wordWork(source)).toBeGreaterThan(MAX_INLINE_WORK)
})

test('the estimates', () => {
  expect(emphasisWork('*a* **b**')).toBe(5)
  expect(emphasisWork('*a '.repeat(8000) + 'b*')).toBeGreaterThan(90_000_000)
  expect(emphasisWork('*args and **kwargs')).toBe(12.5) // the first opener scans on to the last star, the second to itself; each run no closer closes is read again from each character (10 + 1/2, 0 + 4/2)
  expect(emphasisWork('*a* '.repeat(10_000))).toBe(20_000) // side by side, each pair its own length
  expect(emphasisWork('**b** 2*3 '.repeat(100))).toBeGreaterThan(40_000) // each `*` of `2*3` scans on to the last
  expect(wordWork('snake_case and **bold**')).toBe(10 * 1 + 8 * 4) // each `*` and `_` a stop while emphasis is parsed
  expect(wordWork('snake_case and **bold**', true)).toBe(10 * 1 + 8 * 2) // each run of them once it is masked
  expect(wordWork('!'.repeat(100))).toBe(100 * 100) // each `!` a stop
  expect(wordWork('mail me@example.com')).toBe(2) // the run before the `@`, its length squared and halved
})

test('the other estimates', () => {
  // As marked masks it: the link it found is "[aaaaa]"; the unclosed one's "](" scans on to the end.
  expect(linkWork('[aaaaa] and [c](d')).toBe(3)
  expect(breakWork('a  \nb\\\nc')).toBe(0)
  expect(breakWork('a  \n \u00a0 \nb')).toBe(4)
  // Trailing characters × the address's length, and each address start's reach to the next space.
  expect(urlWork('see https://a.test/x. And www.b.test).')).toBe(1 * 17 + 2 * 12 + (17 + 12))

  const lines = (block: string) => block.split('\n')
  expect(tableTooLarge(lines('|a|b|\n|-|-|\n|1|2|'))).toBe(false)
  expect(tableTooLarge(lines('|' + 'a|'.repeat(200) + '\n|' + '-|'.repeat(200) + '\n' + 'x\n'.repeat(200)))).toBe(true)
  expect(containerDepth(lines('> - 1. text\n- a'))).toBe(3)
  expect(containerDepth(lines('- '.repeat(100) + 'deep'))).toBe(100)
  expect(containerDepth(lines('- ' + '* '.repeat(100)))).toBe(1) // a list item holding a thematic break
  expect(containerDepth(lines('> a\nb\n> > c\nd\n\ne'))).toBe(2) // a lazy line is as deep as its quote
  expect(nestingWork(lines('> a\nb'))).toBe((4 + 2) * 10)

  expect(spaceWork('a  b    c')).toBe(2 + 8) // each run's length squared, halved
  expect(tagWork('<!-- a --> <? b')).toBe(7 + 4) // to its closer, or to the end
  expect(tagWork('<?a> <?b> ?>')).toBe(10 + 5)
  expect(bracketWork('[a] \\[b')).toBe(2 + 2) // to the next bracket without a backslash before it, or the end
  // Two turns of the quote rule (at `b` and `d`), each copying the lines left of the run (five steps a line)...
  expect(quoteLazyWork(lines('>a\nb\n>c\nd\n\n>e'))).toBe(3 * 5 + 1 * 5)
  // ...and once the quote holds a list, lexing it again with the characters left.
  expect(quoteLazyWork(lines('> - a\nb\n> - c\nd'))).toBe(3 * 5 + 10 + (1 * 5 + 2))
})

test('fences the guard passes over, and fences it does not trust', () => {
  const fenced = (block: string) => fencedLines(block.split('\n')).map(Number).join('')
  expect(fenced('a\n```\n> > >\n\n```\nb')).toBe('011110')
  expect(fenced('1. a\n   ```ts\n   code\n   ```\n2. b')).toBe('01110')
  expect(fenced('- ```\n  x\n  ```')).toBe('111')
  expect(fenced('    ```\nx')).toBe('00') // indented code
  expect(fenced('<div>\n```\nx')).toBe('000') // an HTML block's text
  expect(fenced('``` a`\nx')).toBe('00') // a backtick in a backtick fence's info string
  expect(fenced('```\n     ```\n```\nx')).toBe('1000') // a closer right of its fence may be code: nothing after is trusted
  expect(fenced('- ```\nx\n```\ny')).toBe('1000') // a line left of the fence may end its item
  expect(fenced('1. a\n\n    ```\n    x\n    ```\ny')).toBe('001110') // up to three columns right of its item's content
  expect(fenced('text\n2. a\n    ```\nx')).toBe('0000') // `2.` cannot begin a list after a paragraph's line
  expect(fenced('-     a\n    ```\nx')).toBe('000') // five spaces after the marker: the item's content is at column 2
  expect(fenced('```\n```\t\nx\n```\ny')).toBe('11110') // a tab after a closer: no closer
  expect(fenced('```\n```~\nx')).toBe('111') // another character after a closer: code
  expect(fenced('[a]: /u "\n```\nx')).toBe('000') // a link definition's title may go on over the fence
  expect(fenced('[a](/u) b\n```\nx')).toBe('011') // a link is no definition
  expect(fenced('<div>\n```\nx')).toBe('000') // an HTML block
  expect(fenced('<kbd>K</kbd>\n```\nx')).toBe('011') // inline HTML is none
  expect(fenced('1. ```\n   ```\nx')).toBe('000') // a fence on a numbered item's line: not trusted, nor any after
  // An info string holding a line or paragraph separator (marked's `[^\n]*` takes it; `.` does not).
  expect(fenced('```a\u2028b\n[x\n```\ny')).toBe('1110')
  expect(fenced('- ~~~\u2029\n  x\n  ~~~')).toBe('111')
  expect(Lexer.lex('```a\u2028b\n[x\n```\n')[0]).toMatchObject({ type: 'code', text: '[x' })
})

const rowsOf = (count: number, indent: string, cells = 2) => Array.from({ length: count }, () => `${indent}|${' r |'.repeat(cells)}`).join('\n')
test.each([
  // Each takes plain marked 0.05–0.7 s (measured at these sizes): its lines are lexed one at a time.
  ['a header with more cells than its delimiter row: no table, its rows are text', `1. x\n   | a | b |\n   |---|\n${rowsOf(2_500, '   ', 1)}`],
  ['a row holding U+2028, which `.` in marked’s row pattern does not take: its table ends there', `- | a |\n  |---|\n  | a\u2028b |\n${rowsOf(2_500, '  ', 1)}`],
  ['a row holding U+2029, the table’s header after the item’s text', `1. x\n   | a |\n   |---|\n   |\u2029\n${rowsOf(2_500, '   ', 1)}`],
  ['a header on the item’s line with more cells than its delimiter row', `1. | a | b |\n   |---|\n${rowsOf(2_500, '   ', 1)}`],
  ['a table whose lines are lazy (left of the item’s content)', `1. x\n| a | b |\n|---|---|\n${rowsOf(2_500, '')}`],
  ['a definition’s title that holds the header', `1. x\n   [a]: /u "t\n   | a | b"\n   |---|---|\n${rowsOf(2_500, '   ')}`],
  ['an HTML comment that holds the header and closes in a row', `1. x\n   <!--\n   | a | b |\n   |---|---|\n   | --> |\n${rowsOf(2_500, '   ')}`],
  ['a table in an item the guard cannot place (its marker four columns in)', `1. x\n    - y\n    | a | b |\n    |---|---|\n${rowsOf(2_500, '    ')}`],
  ['indented lines after a paragraph’s line, not a blank one: text to the setext rule', '1. x\n' + '   t\n       c\n'.repeat(3_000)],
  ['a second marker on the item’s line: lines six columns in are the inner item’s paragraph, not code', '- - a\n\n' + '      a\n'.repeat(2_000)],
])('%s: still a long list item', (_, source) => {
  expect(blockTooCostly(source)).toBe('a long list item')
})

// Each text of a block was weighed alone: a list of items each just under a text's bound (490,000 units of emphasis,
// 22-31 ms each) took 0.8 s at 60 KB, and items of 450 characters were not weighed at all. A block's texts now share
// its bounds, and the blocks lexed in one task (a finished reply mounting) twice that.
const nextTask = () => new Promise((resolve) => setTimeout(resolve))
const itemsWithEmphasis = (source: string) => (Lexer.lex(source, MARKED_OPTIONS)[0] as Tokens.List).items.filter((item) => emphasized(item.tokens)).length
const heavy = `- ${'*a '.repeat(570)}b*\n`

test('a block’s texts share its bounds: emphasis parsed until they are spent, other work stopped', async () => {
  expect(emphasisWork(heavy)).toBeGreaterThan(MAX_EMPHASIS_WORK * 0.9)
  expect(emphasisWork(heavy)).toBeLessThanOrEqual(MAX_EMPHASIS_WORK)
  expect(itemsWithEmphasis(heavy.repeat(20))).toBe(1)
  await nextTask()
  // Texts too short to have been weighed on their own.
  const short = `- ${'*a '.repeat(150)}b*\n`
  expect(short.length).toBeLessThan(500)
  const shown = itemsWithEmphasis(short.repeat(60))
  expect(shown).toBeGreaterThan(0)
  expect(shown).toBeLessThan(20)
  await nextTask()
  // Three items each just under a text's bound of other work: the block is shown as typed.
  const words = `- ${'a_b'.repeat(1150)}\n`
  expect(wordWork(words)).toBeLessThanOrEqual(MAX_INLINE_WORK)
  expect(() => Lexer.lex(words, MARKED_OPTIONS)).not.toThrow()
  await nextTask()
  expect(() => Lexer.lex(words.repeat(3), MARKED_OPTIONS)).toThrow(TooCostlyToLex)
})

test('the blocks lexed in one task share twice a block’s bounds; the next task starts afresh', async () => {
  // Each block just under a block's bound: the first two parsed, the rest shown without emphasis.
  expect(Array.from({ length: 6 }, () => itemsWithEmphasis(heavy))).toEqual([1, 1, 0, 0, 0, 0])
  await nextTask()
  expect([itemsWithEmphasis(heavy), itemsWithEmphasis(heavy)]).toEqual([1, 1])
  await nextTask()
  // Other work alike: two blocks each just under a block's bound, then the third is shown as typed.
  const words = `- ${'a_b'.repeat(1150)}\n`
  expect(() => Lexer.lex(words, MARKED_OPTIONS)).not.toThrow()
  expect(() => Lexer.lex(words, MARKED_OPTIONS)).not.toThrow()
  expect(() => Lexer.lex(words, MARKED_OPTIONS)).toThrow(TooCostlyToLex)
})

// A server renders a long conversation in one task: each task's bounds grow with the text it lexes, and ordinary
// text spends 0.1-2 units a character. Without that allowance these fail (60 copies of bench/README.md spend twice
// a block's emphasis bound; 150 paragraphs of e-mail addresses twice its other bound).
test('a server rendering a long conversation lexes all of it in one task: ordinary replies are lexed as without the guard', () => {
  const replies = [
    ...Array.from({ length: 60 }, () => readFileSync(new URL('../../bench/README.md', import.meta.url), 'utf8')),
    ...Array.from({ length: 150 }, () => 'Write to support@example.com or first.last+tag@example.org for **help**. '.repeat(450)),
  ]
  // Every reply through the guard (its allowance is the task's), each against the unguarded tokens of its text, lexed
  // once; compared as JSON, ~4x cheaper than a deep equal of these trees.
  const unguarded = new Map<string, string>()
  for (const reply of replies) {
    if (!unguarded.has(reply)) unguarded.set(reply, JSON.stringify(Lexer.lex(reply, { gfm: true, breaks: false })))
    expect(JSON.stringify(Lexer.lex(reply, MARKED_OPTIONS))).toBe(unguarded.get(reply))
  }
  // And the blocks' own estimates, shared by a task as well: every block of them and of the docs, in this one task.
  const docs = ['../../README.md', '../../docs/performance.md', '../../docs/nextjs.md'].map((path) => readFileSync(new URL(path, import.meta.url), 'utf8'))
  const blocks = [...replies, ...docs, ...docs].flatMap((reply) => splitMarkdownBlocks(reply + '\n\nend').committed)
  expect(blocks.filter((block) => blockTooCostly(block) !== undefined)).toEqual([])
})

// A line of `>` made the guard's own pattern for fences it cannot place try each split of the run (60 KB: 8.3 s);
// at this size that was about a minute, and this test fails on its timeout.
test('a line of 150,000 `>` is read in one pass by the guard’s own patterns', () => {
  expect(blockTooCostly('>'.repeat(150_000) + 'x')).toBe('nesting')
  expect(blockTooCostly('> '.repeat(75_000) + 'x')).toBe('nesting')
})

test('a text of 500 characters is under every bound whatever its shape (the hook skips estimating it)', () => {
  const shapes = ['*a ', '~~a ', '_a ', '*a**b ', 'a_b', '[](a (', 'a  \n \u00a0  \n', '*', '_', '~~', '](', '  \n']
  for (const unit of shapes) {
    for (const closer of ['', ' a*', ' b~~', ')', '']) {
      const text = (unit.repeat(Math.ceil(500 / unit.length)) + closer).slice(-500)
      expect(emphasisWork(text), JSON.stringify(unit)).toBeLessThanOrEqual(MAX_EMPHASIS_WORK)
      for (const work of [wordWork(text), linkWork(text), breakWork(text), spaceWork(text), urlWork(text)]) expect(work).toBeLessThanOrEqual(MAX_INLINE_WORK)
    }
  }
})

// The thirteenth attacker's pass.
test('each `!` is a stop: a word of 60,000 `!` (2.1 s) is over the word bound, and shown as typed at once', () => {
  expect(wordWork('!'.repeat(60_000))).toBeGreaterThan(MAX_INLINE_WORK)
  expect(wordWork('Wow' + '!'.repeat(3_000))).toBeGreaterThan(MAX_INLINE_WORK / 2)
  expect(() => Lexer.lex('- ' + '!'.repeat(60_000), MARKED_OPTIONS)).toThrow(TooCostlyToLex)
  // Ordinary exclamations: a few a word.
  expect(wordWork('Wow!!! That works! '.repeat(1_000))).toBeLessThan(MAX_INLINE_WORK / 100)
})

test('backticks no run closes are counted before lexing: marked scans on from each before the hook sees the text', () => {
  // An escaped backtick, then a lone one: no run of one backtick closes any (`\`` then `` ` ``, 1.4 s at 60 KB).
  expect(blockTooCostly('\\`` '.repeat(15_000))).toBe('backticks that never close')
  expect(blockTooCostly('a \\`` b '.repeat(7_500))).toBe('backticks that never close')
  // Each run counted as tried, a span's closer too, twice: to the next run of its length (an escaped one closes), or to the end.
  expect(backtickWork('`a` and ``b`` and \\`c')).toBe(2 * (2 + 17 + 3 + 10))
  expect(backtickWork('\\\\`a`')).toBe(2 * (2 + 1)) // an escaped backslash: the run opens whole
  // Code spans and fences, however many: about their own length.
  const prose = 'Call `f(x)` with ``a`b`` then `g`. '.repeat(1_500)
  expect(backtickWork(prose)).toBeLessThan(4 * prose.length)
  expect(blockTooCostly('```\n' + '` '.repeat(30_000) + '\n```')).toBeUndefined()
})

test('an open `~` scans on to the last `~` of any length: `~~~~` runs after 577 openers are counted', () => {
  expect(emphasisWork('~a '.repeat(577) + 'x~~~~ '.repeat(10_000))).toBeGreaterThan(MAX_EMPHASIS_WORK)
  expect(emphasisWork('~a ' + 'x~~~~ '.repeat(10))).toBe(61)
})

test('the blocks lexed in one task share the block estimates’ bound: 15 items each just under a long item’s bound', async () => {
  await nextTask()
  // Lines of one character, as many as keep the item under the bound (each took marked 20-40 ms; 15: 0.56 s).
  const item = (lines: number) => '- a\n' + 'a\n'.repeat(lines) + '\n'
  let lines = 1_000
  while (itemLineWork(item(lines + 10).split('\n')) <= MAX_INLINE_WORK) lines += 10
  expect(itemLineWork(item(lines).split('\n'))).toBeGreaterThan(MAX_INLINE_WORK * 0.95)
  const verdicts = Array.from({ length: 15 }, () => blockTooCostly(item(lines)))
  expect(verdicts.slice(0, 2)).toEqual([undefined, undefined])
  expect(verdicts.filter((verdict) => verdict === undefined).length).toBeLessThanOrEqual(3)
  expect(verdicts.at(-1)).toBe('too much in one task')
  // In a task of its own, each is lexed.
  await nextTask()
  expect(blockTooCostly(item(lines))).toBeUndefined()
})

test('a list item’s lines weigh more than their characters: 1,500 lines of one character are a long item', () => {
  expect(blockTooCostly('- a\n' + 'a\n'.repeat(1_500))).toBe('a long list item')
  expect(blockTooCostly('- a\n' + 'a\n'.repeat(1_000))).toBeUndefined()
})

// The sixteenth attacker's pass (a fuzzer).
// A fuzzer's run (npm run fuzz:markdown) found that marked's text rule stops at each `*` and `_` of a run too.
test('each `*` and `_`, and each run of `~`, is a stop while emphasis is parsed; a masked text’s runs are taken whole', () => {
  const word = '~~~*'.repeat(15_000) // 0.3 s at 60 KB: each `~~~` and `*` a stop, read as one run
  expect(wordWork(word)).toBeGreaterThan(MAX_INLINE_WORK)
  expect(wordWork(word, true)).toBe(word.length)
  // Its emphasis masked rather than the block refused: masked, marked takes the word whole.
  expect(JSON.stringify(Lexer.lex('# *a* ' + word, MARKED_OPTIONS))).not.toMatch(/"type":"(em|strong|del)"/)
  for (const char of ['*', '_']) {
    // 20,000 of them, a space and a closer: 0.35 s in plain marked (0.6 s for `_`), 3.5 s at 60 KB.
    const run = `${char.repeat(20_000)} *a* x)${char}`
    expect(wordWork(run)).toBeGreaterThan(MAX_INLINE_WORK)
    expect(wordWork(run, true)).toBeLessThan(run.length)
    expect(JSON.stringify(Lexer.lex(run, MARKED_OPTIONS))).not.toMatch(/"type":"(em|strong)"/)
  }
  // `_*~` repeated: its emphasis is masked, and marked takes each run of the three whole (18 ms at 6 KB).
  expect(JSON.stringify(Lexer.lex('_*~'.repeat(2_000), MARKED_OPTIONS))).not.toMatch(/"type":"(em|strong|del)"/)
})

// The fuzzer's run of 2026-12-06 (seed 6, case 717).
test('a reference link’s label reads on through code spans: the brackets inside them do not stop it', () => {
  // From the `[`: past `a `, the code span `` `b] c` `` (its `]` passed over), ` d`, to the `]` after it.
  expect(bracketWork('[a `b] c` d] e')).toBe(11)
  // A backtick run with none after it is no code span: the label stops at it, but the code span tried there reads on
  // to the end looking for one.
  expect(bracketWork('[a `b] c')).toBe(8)
  // A group that never closes: the label stops at it, but the group read on to where its content stopped (the end).
  expect(bracketWork('\\[\\[[\\b\\b')).toBe(3 * 9 - (1 + 3 + 4))
  // Escaped `[` before such a group, and escapes after it (an attacker's pass: 0.15 s at 60 KB).
  expect(blockTooCostly('\\['.repeat(998) + '[' + '\\b'.repeat(29_000))).toBe('brackets that never close')
  // An escape is two characters; a bracketed group with no bracket inside, one step (the group's own `[`: 2 more).
  expect(bracketWork('[\\` `x` [y] `z] w` ] v')).toBe(19 + 2)
  // A group may hold groups one deep; an escaped backslash does not escape the `]` after it (an attacker's pass:
  // `[[x]]` or `[\\]` in each line of the shape below, 0.4-0.5 s at 60 KB).
  // From the first `[` to the last `]`; from the group's `[` past its inner group to its own `]`; the inner one's.
  expect(bracketWork('[a [[x]] `b] c` d] e')).toBe(17 + 4 + 2)
  // From the first `[` past `[\\]` and the code span to the last `]`; from the group's `[`, to the `]` after the
  // code span (a backslash before the group's `]`, which the count to the next bracket takes for an escape).
  expect(bracketWork('[a [\\\\] `b] c` d] e')).toBe(16 + 7)
  for (const line of ['``![ [[x]] \\` \n', '``![ [\\\\] \\` \n']) expect(blockTooCostly(line.repeat(4_000))).toBe('brackets that never close')
  // Lines of two backticks, an `![`, an address and an escaped backtick: each label reads through every line's
  // code span to the end (marked 70 ms at 55 KB, 0.29 s with the guard's hook, growing with the square).
  const lines = '``![https://a.b/<a \\` \n'.repeat(2_400)
  expect(bracketWork(lines)).toBeGreaterThan(MAX_INLINE_WORK)
  expect(blockTooCostly(lines)).toBe('brackets that never close')
  // Links and code spans as replies hold them: each label stops at its own `]`.
  const prose = 'See [the docs](https://a.b/) and `a[0]`, then [b] and `c]` here. '.repeat(1_500)
  expect(bracketWork(prose)).toBeLessThan(prose.length)
  expect(blockTooCostly(prose)).toBeUndefined()
})

// An attacker's pass on the lexing of blocks in later tasks.
test('a block’s estimates together are bounded too: one that would fill a task of its own is shown as typed', async () => {
  const code = Array.from({ length: 84 }, (_, i) => '`'.repeat(i + 1)).join(' ')
  const block = `${code} ${'\\['.repeat(190)}${'<?'.repeat(190)}${'a'.repeat(20_000)}`
  // Three estimates each just under a block's bound: together, past a task's bound.
  for (const estimate of [bracketWork(block), tagWork(block), backtickWork(block)]) {
    expect(estimate).toBeGreaterThan(MAX_INLINE_WORK * 0.9)
    expect(estimate).toBeLessThanOrEqual(MAX_INLINE_WORK)
  }
  await nextTask()
  expect(blockTooCostly(block)).toBe('several costly shapes at once')
  // Two of them each half as costly: within a lex's bound, so a task lexes the block twice (strict mode renders twice).
  const two = `${'\\['.repeat(95)}${'<?'.repeat(95)}${'a'.repeat(20_000)}`
  expect(bracketWork(two) + tagWork(two)).toBeGreaterThan(MAX_INLINE_WORK * 0.9)
  await nextTask()
  expect([blockTooCostly(two), blockTooCostly(two)]).toEqual([undefined, undefined])
})

// The fuzzer's run of 2026-12-06 (seed 8, case 18701); the time it took is checked in estimates-linear.test.ts.
test('backslashes before a backtick run: an odd count escapes its first backtick', () => {
  expect(backtickWork(`${'\\'.repeat(1_000)}.\`\``)).toBe(2 * 2)
  expect(backtickWork('\\``a')).toBe(2 * 3)
  expect(backtickWork('\\\\``a')).toBe(2 * 3)
  expect(backtickWork('\\\\\\`a')).toBe(0)
})
