// @vitest-environment jsdom
/**
 * A reply streamed in chunks of any size shows, after each chunk and at its end, the DOM the same text shows rendered
 * at once: the text's tail renders inside the run of blocks it joins when it finishes (`tailRun`), under the key it
 * will have there, so that a block keeps its DOM when it finishes; a tail put in the wrong run or under the wrong key
 * would show a block twice, out of order or not at all. Chunk sizes come from a seeded generator: a failure names its seed.
 */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import { loadHighlighter } from '../../src/components/markdown/highlight-loader.ts'
import { Markdown } from '../../src/components/markdown/Markdown.tsx'
import { settleMarkdownTurns } from '../helpers/markdown-turns.ts'

/** mulberry32: a small seeded generator, so that a failing split can be run again. */
function generator(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const code = (lines: number) => Array.from({ length: lines }, (_, i) => `const value${i} = compute(${i}) // ${i}`).join('\n')

/** A reply with every kind of block, a code block of more than one group of lines and over 4 KB (it keeps its component when it finishes), and more than 64 blocks (a second run). */
const REPLY = [
  '# Plan\n\nFirst we **attest**, then we *chat*.\n\n',
  '- one\n- two\n  - nested `code`\n\n1. first\n2. second\n\n',
  '> quoted\n> text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n',
  `\`\`\`ts\n${code(130)}\n\`\`\`\n\n`,
  Array.from({ length: 70 }, (_, i) => `Paragraph ${i} with [a link](https://example.com/${i}).\n\n`).join(''),
  `\`\`\`ts\n${code(20)}\n\`\`\`\n\n`,
  '---\n\nThe end, with ~~strike~~ and a last line',
].join('')

let hosts: HTMLDivElement[] = []
let roots: Root[] = []
beforeAll(async () => {
  await loadHighlighter('ts')
})
beforeEach(() => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
})
afterEach(async () => {
  await act(async () => roots.forEach((root) => root.unmount()))
  hosts.forEach((host) => host.remove())
  ;[hosts, roots] = [[], []]
})

/**
 * The markup without the highlighter's colours: a long code block is highlighted a group per frame after it finishes,
 * so two roots can be at different groups. The colours' own checks are in code-lines.test.
 */
function withoutColours(host: HTMLElement): string {
  const copy = host.cloneNode(true) as HTMLElement
  for (const span of copy.querySelectorAll('[class^="hljs-"]')) span.replaceWith(...span.childNodes)
  for (const code of copy.querySelectorAll('code')) code.removeAttribute('data-highlighted-in')
  copy.normalize()
  return copy.innerHTML
}

async function mount(): Promise<{ host: HTMLDivElement; show: (text: string, streaming: boolean) => Promise<string> }> {
  const host = document.body.appendChild(document.createElement('div'))
  const root = createRoot(host)
  hosts.push(host)
  roots.push(root)
  return {
    host,
    show: async (text, streaming) => {
      await act(async () => root.render(<Markdown text={text} streaming={streaming} />))
      await settleMarkdownTurns(host)
      return withoutColours(host)
    },
  }
}

test.each([1, 2, 3, 4, 5, 6])('streamed in random chunks (seed %i), each step and the end show what the text shows rendered at once', async (seed) => {
  const random = generator(seed)
  const streamed = await mount()
  const whole = await mount()
  // Chunks of 1 to ~400 characters, and now and then one of several KB (more than a slice of blocks at once).
  for (let at = 0; at < REPLY.length; ) {
    at = Math.min(REPLY.length, at + 1 + Math.floor(random() < 0.1 ? random() * 4000 : random() * 400))
    const text = REPLY.slice(0, at)
    const streaming = at < REPLY.length
    expect(await streamed.show(text, streaming), `seed ${seed}, at ${at}`).toBe(await whole.show(text, streaming))
    // The other root starts afresh for the next step: a text rendered whole.
    await act(async () => roots[1]!.render(<></>))
  }
  expect(streamed.host.querySelectorAll('pre')).toHaveLength(2)
  expect(streamed.host.querySelector('pre code')!.textContent).toBe(code(130))
  expect(streamed.host.textContent).toContain('Paragraph 69 with a link')
})
