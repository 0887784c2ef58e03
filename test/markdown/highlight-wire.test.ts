/** The highlighting worker's side (`answerHighlight`) and the tree as it crosses to the main thread. */
import { common, createLowlight } from 'lowlight'
import { describe, expect, it } from 'vitest'
import { codeLineGroups, hastLineGroups } from '../../src/components/markdown/code-lines.ts'
import type { HastNode } from '../../src/components/markdown/highlight-loader.ts'
import { isHighlightClass } from '../../src/components/markdown/highlight-off-thread.ts'
import { decodeHast as decodeWith, encodeHast, type WireTree } from '../../src/components/markdown/highlight-wire.ts'
import { answerHighlight } from '../../src/components/markdown/highlight-worker.ts'

const lowlight = createLowlight(common)
const decodeHast = (wire: WireTree, code: string) => decodeWith(wire, code, isHighlightClass)
const tree = (code: string, lang: string) => lowlight.highlight(lang, code).children as HastNode[]

const SAMPLES: Array<[string, string]> = [
  ['typescript', 'export async function f<T>(a: T): Promise<string> {\n  /* a\n  comment */ return `x ${a} y` // z\n}\n'],
  ['xml', '<div class="a">\n<script>const s = "</b>"</script>\n<style>p { color: red }</style></div>'],
  ['python', 'def f(x):\n    """doc\n    string"""\n    return [i ** 2 for i in range(x)]  # squares\n'],
  ['markdown', '# Title\n\n```js\nlet a = 1\n```\n\n*em* and **strong**'],
]

describe('a highlighted tree as it crosses from the worker', () => {
  it.each(SAMPLES)('comes back as the very tree lowlight made (%s), with each class name sent once', (lang, code) => {
    const original = tree(code, lang)
    const wire = encodeHast(original)
    expect(decodeHast(wire, code)).toEqual(original)
    expect(new Set(wire.classes).size).toBe(wire.classes.length)
    expect(wire.steps).toBeInstanceOf(Uint32Array)
  })

  it('cuts into line groups as the main thread’s own tree does', () => {
    const code = Array.from({ length: 150 }, (_, i) => (i % 40 === 0 ? '/* a comment\nover lines */' : `const v${i} = "s${i}"`)).join('\n')
    const groups = codeLineGroups(code)
    const decoded = decodeHast(encodeHast(tree(code, 'typescript')), code)!
    expect(hastLineGroups(decoded, groups)).toEqual(hastLineGroups(tree(code, 'typescript'), groups))
  })

  const code = 'let a = 1'
  const valid = encodeHast(tree(code, 'typescript'))
  const steps = (...values: number[]) => ({ steps: Uint32Array.from(values), classes: ['hljs-keyword'] })
  it.each<[string, WireTree | unknown]>([
    ['text past the end of the code', steps(1, (20 << 2) | 0, 2)],
    ['text short of the code', steps(1, (3 << 2) | 0, 2)],
    ['an element left open', steps(1, (9 << 2) | 0)],
    ['an element closed twice', steps(1, (9 << 2) | 0, 2, 2)],
    ['a close that carries a value', steps(1, (9 << 2) | 0, (1 << 2) | 2)],
    ['a class it was not given', steps((5 << 2) | 1, (9 << 2) | 0, 2)],
    ['an empty text', steps(0, (9 << 2) | 0)],
    ['an unknown kind of step', steps(3, (9 << 2) | 0)],
    ['steps that are not a Uint32Array', { steps: [...valid.steps], classes: valid.classes }],
    ['class names that are not strings', { steps: valid.steps, classes: valid.classes.map(() => 1) }],
    ['no classes at all', { steps: valid.steps }],
  ])('is refused (the block stays plain) when it has %s', (_, wire) => {
    expect(decodeHast(valid, code)).toBeDefined()
    expect(decodeHast(wire as WireTree, code)).toBeUndefined()
  })

  // Rendering walks a tree recursively: 2,500 levels overflowed the stack mid-paint in Chromium (an attacker's pass,
  // with a worker served from an app's URL), leaving part of a block's text. highlight.js nests a few levels.
  const nested = (depth: number) => steps(...Array<number>(depth).fill(1), (9 << 2) | 0, ...Array<number>(depth).fill(2))
  it('takes a tree 64 levels deep and refuses one deeper', () => {
    expect(decodeHast(nested(64), code)).toBeDefined()
    expect(decodeHast(nested(65), code)).toBeUndefined()
    expect(decodeHast(nested(2_500), code)).toBeUndefined()
  })
})

describe("the classes a worker's tree may give", () => {
  it('are highlight.js’s own: hljs-…, scope modifiers, a sub-language’s grammar', () => {
    for (const name of ['hljs-keyword', 'hljs-title function_', 'hljs-title class_ inherited__', 'hljs-built_in', 'css', 'javascript', 'xml']) expect(isHighlightClass(name), name).toBe(true)
  })

  it('are nothing else: not sealkit’s own classes, not markup', () => {
    for (const name of ['sealkit-md__break', 'sealkit-cursor', 'hljs-string sealkit-md__break', 'x" onmouseover="alert(1)', 'hljs-string\u00a0x', '', 'HLJS-KEYWORD', 'constructor', 'ts'])
      expect(isHighlightClass(name), name).toBe(false)
    const code = 'let a = 1'
    expect(decodeHast({ steps: Uint32Array.of(1, (9 << 2) | 0, 2), classes: ['hljs-keyword'] }, code)).toBeDefined()
    expect(decodeHast({ steps: Uint32Array.of(1, (9 << 2) | 0, 2), classes: ['sealkit-md__break'] }, code)).toBeUndefined()
  })
})

describe('the highlighting worker', () => {
  it('answers a request with the tree of its code, for every common grammar by name', () => {
    const answer = answerHighlight({ id: 7, code: 'fn main() {}', lang: 'rust' })
    expect(answer).toMatchObject({ id: 7 })
    const decoded = decodeHast((answer as { tree: WireTree }).tree, 'fn main() {}')
    expect(decoded).toEqual(tree('fn main() {}', 'rust'))
    for (const lang of Object.keys(common)) expect((answerHighlight({ id: 1, code: 'x', lang }) as { tree?: unknown }).tree, lang).toBeDefined()
  })

  it('answers a grammar it does not have with no tree, and anything that is not a request with an error or nothing', () => {
    for (const lang of ['brainfuck', 'constructor', '__proto__', 'toString']) expect(answerHighlight({ id: 2, code: 'x', lang }), lang).toEqual({ id: 2 })
    expect(answerHighlight({ id: 3, code: 5, lang: 'ts' })).toEqual({ id: 3, error: 'not a highlight request' })
    expect(answerHighlight({ code: 'x', lang: 'rust' })).toBeUndefined()
    expect(answerHighlight(null)).toBeUndefined()
  })
})
