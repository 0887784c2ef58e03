// @vitest-environment jsdom
/**
 * A streamed reply keeps no copy of itself per block. A substring is a view into the string it was cut from (V8, 13+
 * characters), and the text's tail is cut from the whole reply as it stands: a block keeps its component when it
 * finishes, and a memoised child with equal props keeps the ones it had, so a view kept there would keep that whole
 * reply (one copy per code block: +10 MB in the bench's 20,000-chunk reply). Read from a V8 heap snapshot.
 */
import { getHeapSnapshot } from 'node:v8'
import { act } from 'react'
import { createRoot } from 'react-dom/client'
import { expect, test } from 'vitest'
import { Markdown } from '../../src/components/markdown/Markdown.tsx'
import { settleMarkdownTurns } from '../helpers/markdown-turns.ts'

/** How many strings in this heap start with `start` and take at least `bytes` of their own (a snapshot collects garbage first). */
async function stringsOfAtLeast(start: string, bytes: number): Promise<number> {
  let json = ''
  for await (const part of getHeapSnapshot()) json += part
  const snapshot = JSON.parse(json) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] }
  const fields = snapshot.snapshot.meta.node_fields
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')]
  const stringType = snapshot.snapshot.meta.node_types[0].indexOf('string')
  let count = 0
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    if (snapshot.nodes[i + typeAt] === stringType && snapshot.nodes[i + sizeAt]! >= bytes && snapshot.strings[snapshot.nodes[i + nameAt]!]!.startsWith(start)) count++
  }
  return count
}

test('a reply streamed in chunks keeps no copy of itself per block: its code blocks neither', async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  // 8 code blocks long enough to keep their component when they finish (over 4 KB), among paragraphs, ~45 KB.
  const code = (i: number) => Array.from({ length: 100 }, (_, line) => `const step${i}_${line} = run(${line}) // line ${line}`).join('\n')
  const reply = Array.from({ length: 8 }, (_, i) => `Step ${i}: ${'words that explain it. '.repeat(40)}\n\n\`\`\`ts\n${code(i)}\n\`\`\`\n\n`).join('')
  // ~200 chunks, one of them ending each code block's last line: the block is last the tail with all its code.
  const ends = [...reply.matchAll(/\n```\n\n/g)].map((match) => match.index + 1)
  const step = Math.ceil(reply.length / 200)
  const cuts = [...new Set([...Array.from({ length: Math.ceil(reply.length / step) }, (_, i) => (i + 1) * step), ...ends])].sort((a, b) => a - b)
  const host = document.body.appendChild(document.createElement('div'))
  const root = createRoot(host)
  // Grown by appending, as a chat's store grows it: each text is a new string, not a view into the reply.
  let text = ''
  for (const cut of cuts) {
    text += reply.slice(text.length, cut)
    const shown = text
    await act(async () => root.render(<Markdown text={shown} streaming={shown.length < reply.length} />))
  }
  await settleMarkdownTurns(host)
  expect(host.querySelectorAll('pre')).toHaveLength(8)
  // The reply as it ends is held (the component's props, the split's text); a copy kept by a block would be one more.
  const copies = await stringsOfAtLeast('Step 0: words', reply.length / 10)
  expect(copies).toBeLessThanOrEqual(3)
  await act(async () => root.unmount())
  host.remove()
}, 60_000) // a heap snapshot of the whole test process: ~10 s alone, three times that on a loaded machine
