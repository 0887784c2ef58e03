/**
 * The estimate taken before marked lexes a block (see emphasis-depth.ts): against marked's own token tree for
 * the nestings a reply can build, and zero or one for what ordinary text is made of.
 */
import { Lexer, type Token } from 'marked'
import { expect, test } from 'vitest'
import { emphasisDepth } from '../../src/components/markdown/emphasis-depth.ts'

/** The deepest chain of em / strong / del in marked's tokens. */
function markedDepth(tokens: readonly Token[]): number {
  let deepest = 0
  for (const token of tokens) {
    const inner = 'tokens' in token && Array.isArray(token.tokens) ? markedDepth(token.tokens as Token[]) : 0
    const items = token.type === 'list' ? markedDepth(token.items as Token[]) : 0
    const cells = token.type === 'table' ? markedDepth([...token.header, ...token.rows.flat()].flatMap((cell: { tokens: Token[] }) => cell.tokens)) : 0
    deepest = Math.max(deepest, Math.max(inner, items, cells) + (['em', 'strong', 'del'].includes(token.type) ? 1 : 0))
  }
  return deepest
}

const nested = (open: string, close: string, n: number) => open.repeat(n) + 'x' + close.repeat(n)

test.each([
  ['strikethroughs', nested('~~a ', ' b~~', 40)],
  ['single tildes', nested('~a ', ' b~', 30)],
  ['emphasis', nested('*a ', ' b*', 40)],
  ['strong emphasis', nested('**a ', ' b**', 40)],
  ['underscores', nested('_a ', ' b_', 40)],
  ['the three in turn', nested('*a ~~b **c ', ' c** b~~ a*', 12)],
  ['one run of stars each side', nested('**', '**', 20)],
  ['inside a list item and a quote', `> - ${nested('*a ', ' b*', 30)}`],
  ['a table cell', `| a |\n|---|\n| ${nested('~~a ', ' b~~', 30)} |`],
])('%s: the same depth as marked makes', (_, source) => {
  const depth = markedDepth(Lexer.lex(source, { gfm: true }))
  expect(depth).toBeGreaterThan(9)
  expect(emphasisDepth(source)).toBe(depth)
})

test.each([
  ['many emphases side by side', '*a* **b** ~~c~~ _d_ __e__ '.repeat(300), 1],
  ['bold with italic inside', '**bold *and italic***', 2],
  ['snake_case and dunder names', 'call snake_case_name with __init__ and a_b_c_d '.repeat(100), 1],
  ['openers that never close', 'def f(*args, **kwargs): pass *a '.repeat(200), 0],
  ['escaped delimiters', `${'\\*a '.repeat(100)}x${' b\\*'.repeat(100)}`, 0],
  ['code spans', `\`${nested('**a ', ' b**', 100)}\` and \`\`${nested('~~a ', ' b~~', 100)}\`\``, 0],
  ['a fenced code block', `\`\`\`py\n${nested('**a ', ' b**', 100)}\n\`\`\`\n*after*`, 1],
  ['a tilde fence', `~~~\n${nested('*a ', ' b*', 100)}\n~~~`, 0],
  ['three tildes in a line', nested('~~~a ', ' b~~~', 100), 0],
  ['products and powers', '2*3*4 and x**2 + y**2 = z**2 and a * b * c '.repeat(100), 2],
])('%s: %#', (_, source, expected) => {
  expect(emphasisDepth(source)).toBe(expected)
  expect(emphasisDepth(source)).toBeLessThanOrEqual(Math.max(1, markedDepth(Lexer.lex(source, { gfm: true }))))
})
