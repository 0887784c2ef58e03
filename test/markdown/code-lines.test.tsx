// @vitest-environment jsdom
/**
 * A code block's lines in groups of `LINES_PER_GROUP` (code-lines.ts), each but the last a block of its own: a long
 * finished block shows plain in the commit that finishes it and is highlighted in turns after it, its highlighter's
 * spans cut where the groups are, so no task highlights, builds and lays out all of it. Checked outside `act`,
 * which would run the turns at once, with the real highlighter (lowlight and its TypeScript grammar).
 */
import { flushSync } from 'react-dom'
import { renderToString } from 'react-dom/server'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import { LINES_PER_GROUP, codeLineGroups, hastLineGroups } from '../../src/components/markdown/code-lines.ts'
import { loadHighlighter, type HastNode } from '../../src/components/markdown/highlight-loader.ts'
import { Markdown } from '../../src/components/markdown/Markdown.tsx'
import { rootsOutsideAct } from '../helpers/markdown-turns.ts'
import { turnsWaitWithin, waitingTurns } from '../../src/components/internal/render-in-turns.ts'

/** Code of `lines` lines, a block comment over lines 60-70 (across the first cut) and a template string over 127-131. */
function longCode(lines: number): string {
  const out: string[] = []
  for (let i = 0; i < lines; i++) {
    if (i === 60) out.push('/* a comment')
    else if (i === 70) out.push('   that ends here */')
    else if (i === 127) out.push('const text = `first')
    else if (i === 131) out.push('last`')
    else out.push(`const value${i} = compute(${i}, "text ${i}") // line ${i}`)
  }
  return out.join('\n')
}

const textOf = (nodes: readonly HastNode[]): string => nodes.map((node) => (node.type === 'text' ? node.value : node.type === 'element' ? textOf(node.children) : '')).join('')
const classesAt = (nodes: readonly HastNode[], needle: string, around: string[] = []): string[] | undefined => {
  for (const node of nodes) {
    if (node.type === 'text' && node.value.includes(needle)) return around
    if (node.type === 'element') {
      const found = classesAt(node.children, needle, [...around, ...((node.properties?.className as string[]) ?? [])])
      if (found) return found
    }
  }
  return undefined
}

describe('codeLineGroups', () => {
  test('cuts at every 64th line break; the groups joined with a line break are the code', () => {
    for (const code of ['', '\n', 'one line', 'a\nb\n', longCode(64), longCode(65), longCode(200), `${longCode(128)}\n`, '\n'.repeat(200)]) {
      const groups = codeLineGroups(code)
      expect(groups.join('\n')).toBe(code)
      expect(groups.every((group) => group.split('\n').length <= LINES_PER_GROUP)).toBe(true)
      groups.slice(0, -1).forEach((group) => expect(group.split('\n')).toHaveLength(LINES_PER_GROUP))
    }
    expect(codeLineGroups('')).toEqual([''])
    expect(codeLineGroups(longCode(64))).toHaveLength(1)
    expect(codeLineGroups(longCode(65))).toHaveLength(2)
    expect(codeLineGroups(longCode(200))).toHaveLength(4)
    // A last line break where a group ends: an empty last group, the break before it.
    expect(codeLineGroups(`${longCode(128)}\n`)).toHaveLength(3)
  })
})

describe('hastLineGroups', () => {
  let highlight: (code: string, lang: string) => HastNode[] | undefined
  beforeAll(async () => {
    highlight = (await loadHighlighter('ts'))!
  })

  test("cuts the highlighter's tree where the groups are, a span the cut falls in opened again with its classes", () => {
    const code = longCode(200)
    const groups = codeLineGroups(code)
    const parts = hastLineGroups(highlight(code, 'ts')!, groups)!
    expect(parts.map(textOf)).toEqual(groups)
    // The comment over the first cut: a comment on both sides of it.
    expect(classesAt(parts[0]!, '/* a comment')).toContain('hljs-comment')
    expect(classesAt(parts[1]!, 'that ends here */')).toContain('hljs-comment')
    // The string over the second cut likewise, and the code after it is not in it.
    expect(classesAt(parts[1]!, '`first')).toContain('hljs-string')
    expect(classesAt(parts[2]!, 'last`')).toContain('hljs-string')
    expect(classesAt(parts[2]!, '// line 132')).toEqual(['hljs-comment'])
  })

  test('leaves no empty span where a line starts a group with a token', () => {
    const code = longCode(200)
    const parts = hastLineGroups(highlight(code, 'ts')!, codeLineGroups(code))!
    const empty = (nodes: readonly HastNode[]): number => nodes.reduce((n, node) => n + (node.type === 'element' ? (node.children.length === 0 ? 1 : empty(node.children)) : 0), 0)
    expect(parts.map(empty)).toEqual(parts.map(() => 0))
    // As many keywords as the tree had whole.
    const keywords = (nodes: readonly HastNode[]): number => nodes.reduce((n, node) => n + (node.type === 'element' ? Number((node.properties?.className as string[]).includes('hljs-keyword')) + keywords(node.children) : 0), 0)
    expect(parts.reduce((n, part) => n + keywords(part), 0)).toBe(keywords(highlight(code, 'ts')!))
  })

  test('gives nothing for a tree whose text is not the code', () => {
    const groups = codeLineGroups(longCode(100))
    const tree = highlight(longCode(100), 'ts')!
    expect(hastLineGroups(tree, codeLineGroups(longCode(99)))).toBeUndefined()
    expect(hastLineGroups([...tree, { type: 'text', value: 'more' }], groups)).toBeUndefined()
    expect(hastLineGroups(tree.slice(1), groups)).toBeUndefined()
  })
})

describe('a code block in the reply', () => {
  const page = rootsOutsideAct()
  beforeAll(async () => {
    await loadHighlighter('ts')
  })
  const fenced = (code: string) => `Here it is:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nDone.`
  const groupsShown = () => [...page.host.querySelectorAll('pre code > .sealkit-md__lines')]
  /** A reply of the code alone: no other block waits for a turn (a long reply renders a slice per turn). */
  const codeOnly = (code: string) => `\`\`\`ts\n${code}\n\`\`\``
  const highlightWaiting = () => vi.waitFor(() => expect(waitingTurns()).toBe(1), { timeout: 3000, interval: 1 })

  test('short code is highlighted in the commit that shows it', () => {
    flushSync(() => page.root.render(<Markdown text={fenced('const a = 1')} />))
    expect(groupsShown()).toHaveLength(1)
    expect(page.host.querySelector('.hljs-keyword')).not.toBeNull()
  })

  test('long code shows plain in the commit that finishes it, in groups, then highlighted in later turns; its text stays the code', async () => {
    const code = longCode(300)
    // Streamed until the whole code is on screen (the fence not closed yet), then finished.
    flushSync(() => page.root.render(<Markdown text={fenced(code).slice(0, -10)} streaming />))
    await vi.waitFor(() => expect(page.host.querySelector('pre code')?.textContent).toBe(code), { timeout: 3000, interval: 5 })
    flushSync(() => page.root.render(<Markdown text={fenced(code)} />))
    expect(groupsShown().map((group) => group.textContent)).toEqual(codeLineGroups(code))
    expect(page.host.querySelector('pre code')!.textContent).toBe(code)
    expect(page.host.querySelector('pre [class^="hljs"]')).toBeNull()
    await vi.waitFor(() => expect(groupsShown().every((group) => group.querySelector('.hljs-keyword'))).toBe(true), { timeout: 3000, interval: 5 })
    expect(page.host.querySelector('pre code')!.textContent).toBe(code)
    expect(groupsShown().map((group) => group.textContent)).toEqual(codeLineGroups(code))
    // Nothing but the highlighter's spans and text.
    expect([...page.host.querySelectorAll('pre code *')].every((element) => element.tagName === 'SPAN')).toBe(true)
    // jsdom has no Web Workers: highlighted on the main thread, and the block says so.
    expect((page.host.querySelector('pre code') as HTMLElement).dataset.highlightedIn).toBe('main-thread')
  })

  test('code that finishes keeps the DOM it streamed into, wherever in the reply it is and whatever comes after it', async () => {
    const code = longCode(300)
    const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i}.\n\n`).join('')
    // Blocks before it: none, a group but one (it joins that group), a whole group and more (it starts the next).
    // After it: a sentence, or more than a slice of paragraphs in the same update (those wait for turns).
    for (const [before, after] of [[0, 'Done.'], [63, 'Done.'], [64, 'Done.'], [200, 'Done.'], [10, paragraphs(300)]] as const) {
      const text = `${paragraphs(before)}\`\`\`ts\n${code}\n\`\`\`\n\n${after}`
      flushSync(() => page.root.render(<Markdown key={`${before}-${after.length}`} text={text.slice(0, text.indexOf('\n```\n\n') + 1)} streaming />))
      await vi.waitFor(() => expect(page.host.querySelector('pre code')?.textContent).toBe(code), { timeout: 3000, interval: 5 })
      const [pre, lines] = [page.host.querySelector('pre'), groupsShown()]
      flushSync(() => page.root.render(<Markdown key={`${before}-${after.length}`} text={text} />))
      expect([page.host.querySelectorAll('pre').length, page.host.querySelector('pre') === pre, groupsShown().every((group, i) => group === lines[i])]).toEqual([1, true, true])
      expect(page.host.querySelector('pre code')!.textContent).toBe(code)
      await vi.waitFor(() => expect(groupsShown().every((group) => group.querySelector('.hljs-keyword'))).toBe(true), { timeout: 3000, interval: 5 })
      expect(page.host.querySelector('pre')).toBe(pre)
    }
  })

  test("long code's groups are highlighted one per frame, the lowest on the page first", async () => {
    const code = longCode(640)
    const highlightedNow = () => groupsShown().flatMap((group, i) => (group.firstElementChild ? [i] : []))
    const seen: number[][] = []
    flushSync(() => page.root.render(<Markdown text={fenced(code)} />))
    // Each frame records which groups are highlighted: what a frame lays out and paints is what changed since the last.
    const record = () => {
      seen.push(highlightedNow())
      if (highlightedNow().length < 10) requestAnimationFrame(record)
    }
    requestAnimationFrame(record)
    await vi.waitFor(() => expect(highlightedNow()).toHaveLength(10), { timeout: 3000, interval: 5 })
    const partly = seen.filter((groups) => groups.length > 0 && groups.length < 10)
    expect(partly.length).toBeGreaterThan(0)
    // The lowest first: a reader at the end of a long reply sees its end highlighted first.
    expect(partly[0]).toEqual([9])
    // One group more per frame at the most.
    expect(seen.slice(1).every((groups, i) => groups.length - seen[i]!.length <= 1)).toBe(true)
  })

  test('markup in the code is text, highlighted or not', async () => {
    const code = Array.from({ length: 80 }, (_, i) => (i === 70 ? 'const html = "<img src=x onerror=alert(1)><script>alert(2)</script>"' : `let x${i} = ${i}`)).join('\n')
    flushSync(() => page.root.render(<Markdown text={fenced(code)} />))
    await vi.waitFor(() => expect(groupsShown()[1]!.querySelector('.hljs-string')).not.toBeNull(), { timeout: 3000, interval: 5 })
    expect(page.host.querySelector('img, script')).toBeNull()
    expect(page.host.querySelector('pre code')!.textContent).toBe(code)
  })

  test('a block unmounted before its turns leaves none waiting', async () => {
    expect(waitingTurns()).toBe(0)
    flushSync(() => page.root.render(<Markdown text={codeOnly(longCode(300))} />))
    await highlightWaiting()
    flushSync(() => page.root.render(<p>other</p>))
    expect(waitingTurns()).toBe(0)
  })

  test("its highlighting leaves a chat's log live: words that stream on after the code are news", async () => {
    flushSync(() => page.root.render(<Markdown text={codeOnly(longCode(300))} />))
    await highlightWaiting()
    expect(turnsWaitWithin(page.host)).toBe(false)
  })

  test('is not highlighted while it streams, however long', async () => {
    const code = longCode(300)
    flushSync(() => page.root.render(<Markdown text={`\`\`\`ts\n${code}\n`} streaming />))
    await vi.waitFor(() => expect(page.host.querySelector('pre code')?.textContent).toBe(`${code}\n`.slice(0, -1)), { timeout: 3000, interval: 5 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect([waitingTurns(), page.host.querySelector('pre [class^="hljs"]')]).toEqual([0, null])
  })

  test('a language it no longer has takes its colours away', async () => {
    // The code first, so that the same block renders it again (a block after a slice of others would wait, and mount anew).
    const code = longCode(100)
    const text = `\`\`\`ts\n${code}\n\`\`\`\n\nDone.`
    flushSync(() => page.root.render(<Markdown text={text} />))
    await vi.waitFor(() => expect(groupsShown().every((group) => group.querySelector('.hljs-keyword'))).toBe(true), { timeout: 3000, interval: 5 })
    const pre = page.host.querySelector('pre')
    flushSync(() => page.root.render(<Markdown text={text.replace('```ts', '```nosuchlanguage')} />))
    expect(page.host.querySelector('pre')).toBe(pre)
    expect(page.host.querySelector('pre [class^="hljs"]')).toBeNull()
    expect(page.host.querySelector('pre code')!.textContent).toBe(code)
  })

  test('code too long to highlight in one task, or with a line of minified length, stays plain', async () => {
    const long = Array.from({ length: 1_700 }, (_, i) => `const value${i} = compute(${i}, "text ${i}")`).join('\n')
    const wide = `const a = 1\nconst data = "${'x'.repeat(1_000)}"\nconst b = 2`
    for (const code of [long, wide]) {
      flushSync(() => page.root.render(<Markdown key={code.length} text={fenced(code)} />))
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect([waitingTurns(), page.host.querySelector('pre [class^="hljs"]'), page.host.querySelector('pre code')!.textContent]).toEqual([0, null, code])
    }
    // Just under both: highlighted.
    const under = `const a = 1\nconst data = "${'x'.repeat(980)}"`
    flushSync(() => page.root.render(<Markdown text={fenced(under)} />))
    await vi.waitFor(() => expect(page.host.querySelector('pre .hljs-keyword')).not.toBeNull(), { timeout: 3000, interval: 5 })
  })

  test('the server renders the same groups, plain', () => {
    const code = longCode(150)
    const html = renderToString(<Markdown text={fenced(code)} />)
    page.host.innerHTML = html
    expect(groupsShown().map((group) => group.textContent)).toEqual(codeLineGroups(code))
  })
})
