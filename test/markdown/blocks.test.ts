import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { splitMarkdownBlocks, stabilizeTail } from '../../src/components/markdown/blocks.ts'

describe('splitMarkdownBlocks', () => {
  it('commits blocks at blank lines outside code fences only', () => {
    expect(splitMarkdownBlocks('# Title\n\nSome text\n\n```js\nlet a\n\nlet b')).toEqual({
      committed: ['# Title\n\n', 'Some text\n\n'],
      tail: '```js\nlet a\n\nlet b',
    })
    expect(splitMarkdownBlocks('```\na\n\nb\n```\n\nafter').committed).toEqual(['```\na\n\nb\n```\n\n'])
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
})
