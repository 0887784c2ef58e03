import { Lexer, Tokenizer } from 'marked'
import { MARKED_OPTIONS as OPTIONS } from './lex-guard.ts'

/**
 * The markdown lexer's first use, done ahead of the first reply in small steps.
 *
 * Why: marked's first lex of a plain sentence takes ~25 ms in Node and about twice that in a page
 * (measured, Chromium 150): V8 compiles each of the grammar's regular expressions on its first
 * run, and again to machine code on its second, and again for two-byte text (any reply with
 * CJK or emoji in it). The largest (setext heading, paragraph, HTML block, table) cost 2-6 ms
 * each in Node. Done by the first reply's render, that was one long task at the first token and
 * another when the first non-Latin text arrived.
 *
 * Each step runs one rule once on one string: a one-byte string twice, then a two-byte one twice, so
 * that each of V8's compiles of a pattern (bytecode, then machine code, per string width) is a step
 * of its own. As one step per rule, the largest (setext heading, paragraph) took 33-46 ms in
 * Chromium 150 (10-16 in Node), more on a busy 2-core machine: a long task in an idle period; as
 * steps of one run, 15-18 ms at most (a large pattern's first compile cannot be split). Then a
 * few small samples go through the whole lexer. `lastIndex` is restored: the lexer shares these objects.
 *
 * @example for (const step of markdownWarmUpSteps()) step() // one or a few per idle period
 */
export function markdownWarmUpSteps(): Array<() => void> {
  // The rule sets a GFM lexer runs, as the lexer picks them: block and inline first (every paragraph
  // runs through all block rules and most inline ones), then the small helpers both use.
  const tokenizer = new Tokenizer()
  new Lexer({ ...OPTIONS, tokenizer }) // sets the tokenizer's rules
  const { other, block, inline } = tokenizer.rules
  const expressions = [block, inline, other].flatMap((set) => Object.values(set).filter((r): r is RegExp => r instanceof RegExp))
  // Subject by subject: every rule's first compile, then every rule's second, then the two-byte ones, so a
  // reply in one-byte text (most) meets a lexer compiled for it halfway through, not only at the end.
  const rules = [...new Set(expressions)]
  const steps = SUBJECTS.flatMap((subject) =>
    rules.map((re) => () => {
      const lastIndex = re.lastIndex
      try {
        re.lastIndex = 0
        re.exec(subject)
      } finally {
        re.lastIndex = lastIndex
      }
    }),
  )
  for (const sample of SAMPLES) steps.push(() => void Lexer.lex(sample, OPTIONS))
  return steps
}


/** One-byte, then two-byte text (V8 compiles a pattern per string width), each twice (interpreter, then machine code). */
const SUBJECTS = ['a b', 'a b', '\u7aef b', '\u7aef b']

/** A few small replies touching each block and inline rule once more, through the lexer's own code. */
const SAMPLES = [
  '# Title\n\nSome **bold**, *em*, `code`, ~~gone~~ and [a link](https://example.com) or https://example.com.\n',
  '- item\n- [x] done\n\n1. one\n2. two\n\n> quoted\n\n---\n',
  '| a | b |\n|---|:-:|\n| 1 | 2 |\n\n```ts\nlet a = 1\n```\n\n<b>raw</b>\n\nSetext\n===\n',
  '\u7aef\u5230\u7aef **\u52a0\u5bc6** `x` [\u94fe\u63a5](https://example.com)\n',
]
