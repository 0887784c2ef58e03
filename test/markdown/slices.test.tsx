// @vitest-environment jsdom
/**
 * A reply that gains more finished blocks at once than one slice holds (a long reply mounting finished, as a
 * restored or opened conversation's does) renders its first slice at once and the rest a slice per turn, shown as
 * typed until then: the whole text is on the page from the first commit, and no commit renders more than a slice.
 * Checked outside `act`, which would run the turns at once.
 */
import { flushSync } from 'react-dom'
import { renderToString } from 'react-dom/server'
import { expect, test, vi } from 'vitest'
import { splitMarkdownBlocks } from '../../src/components/markdown/blocks.ts'
import { Markdown } from '../../src/components/markdown/Markdown.tsx'
import { SlicedReplies } from '../../src/components/internal/sliced-replies.ts'
import { rootsOutsideAct } from '../helpers/markdown-turns.ts'
import { SLICE_WORK, sliceEnd, sliceStart } from '../../src/components/markdown/slices.ts'

/** Called after each update a turn commits: a turn commits as many as fit its ~10 ms, so a task is not the unit. */
const afterUpdate = vi.hoisted(() => ({ call: (): void => {} }))
vi.mock('../../src/components/internal/render-in-turns.ts', async (original) => {
  const actual = await original<typeof import('../../src/components/internal/render-in-turns.ts')>()
  const { flushSync } = await import('react-dom')
  return {
    ...actual,
    renderInTurn: (update: () => void, anchor?: () => Node | null | undefined) =>
      actual.renderInTurn(() => {
        flushSync(update)
        afterUpdate.call()
      }, anchor),
  }
})

const sentence = (i: number) => `Sentence ${i} has **bold ${i}** in it.`
/** 300 paragraphs, ~12 KB: three slices and more. */
const long = Array.from({ length: 300 }, (_, i) => sentence(i)).join('\n\n')

const page = rootsOutsideAct()

const bold = () => page.host.querySelectorAll('strong').length
const typed = () => page.host.querySelectorAll('.sealkit-md__raw')
const allRendered = () => vi.waitFor(() => expect([bold(), typed().length]).toEqual([300, 0]), { timeout: 3000, interval: 5 })

/** The sentences rendered (their bold text), in order. */
const renderedSentences = () => [...page.host.querySelectorAll('strong')].map((strong) => Number(strong.textContent!.replace(/^\D+/, '')))

test('a slice is at least one block, then as many as fit its work, counted from either end', () => {
  const blocks = ['a\n\n', 'b\n\n', 'x'.repeat(SLICE_WORK * 2), 'c\n\n', 'd\n\n']
  expect(sliceStart(blocks, 0, 5)).toBe(3)
  expect(sliceStart(blocks, 0, 3)).toBe(2)
  expect(sliceStart(blocks, 0, 2)).toBe(0)
  expect(sliceStart(blocks, 1, 2)).toBe(1)
  expect(sliceStart(blocks, 2, 2)).toBe(2)
  expect(sliceEnd(blocks, 0)).toBe(2)
  expect(sliceEnd(blocks, 2)).toBe(3)
  expect(sliceEnd(blocks, 3)).toBe(5)
  const small = Array.from({ length: 1_000 }, () => 'ab\n\n')
  const start = sliceStart(small, 0, small.length)
  expect(start).toBeGreaterThan(0)
  expect(start).toBeLessThan(small.length - 10)
  expect(sliceEnd(small, 0)).toBe(small.length - start)
  // Each block counts for more than its characters: a thousand tiny blocks are not one slice.
  expect(small.slice(start).join('').length).toBeLessThan(SLICE_WORK / 4)
})

test('a long finished reply renders its last slice in its first commit, the rest as typed above it, then all of it in later turns', async () => {
  const { committed } = splitMarkdownBlocks(long)
  const lastSlice = sliceStart(committed, 0, committed.length)
  expect(committed.length - lastSlice).toBeLessThan(committed.length / 3)
  flushSync(() => page.root.render(<Markdown text={long} />))
  // The last slice and the text after it (the reply's last block): where a chat's reader is.
  expect(renderedSentences()).toEqual(Array.from({ length: 300 - lastSlice }, (_, i) => lastSlice + i))
  // The whole text is there from the first commit, in order: nothing missing, nothing twice.
  const text = page.host.textContent!
  expect([...text.matchAll(/Sentence (\d+) /g)].map((m) => Number(m[1]))).toEqual(Array.from({ length: 300 }, (_, i) => i))
  // The rest as typed above it, a paragraph per slice to come.
  expect(typed().length).toBeGreaterThan(1)
  expect(typed()[0]!.textContent!.startsWith('Sentence 0 has **bold 0**')).toBe(true)
  expect(typed()[typed().length - 1]!.textContent!.endsWith(`${sentence(lastSlice - 1)}\n\n`)).toBe(true)
  await allRendered()
  expect(page.host.textContent!.split('Sentence ').length - 1).toBe(300)
})

test('after the last slice, each turn renders the first slice still waiting, and no more', async () => {
  const { committed } = splitMarkdownBlocks(long)
  const seen: number[][] = []
  afterUpdate.call = () => seen.push(renderedSentences())
  flushSync(() => page.root.render(<Markdown text={long} />))
  seen.unshift(renderedSentences())
  await allRendered()
  afterUpdate.call = () => {}
  // The end of the reply from the first commit on; then from the top, a slice per update.
  const last = sliceStart(committed, 0, committed.length)
  const tail = Array.from({ length: 300 - last }, (_, i) => last + i)
  let top = 0
  for (const rendered of seen) {
    expect(rendered).toEqual([...Array.from({ length: top }, (_, i) => i), ...tail])
    top = Math.min(last, sliceEnd(committed, top))
  }
  expect(seen.at(-1)).toHaveLength(300)
  expect(seen.length).toBeGreaterThan(3)
})

test('a finished text that gains more than a slice in one update keeps its last block rendered and shows the end of the gain first', async () => {
  const more = Array.from({ length: 300 }, (_, i) => sentence(300 + i)).join('\n\n')
  flushSync(() => page.root.render(<Markdown text={long} />))
  const renderedBefore = renderedSentences()
  expect(renderedBefore.at(-1)).toBe(299)
  flushSync(() => page.root.render(<Markdown text={`${long}\n\n${more}`} />))
  const order = () => [...page.host.textContent!.matchAll(/Sentence (\d+) /g)].map((m) => Number(m[1]))
  expect(order()).toEqual(Array.from({ length: 600 }, (_, i) => i))
  // What was rendered stays so (sentence 299, the tail before, too); the gain's end is rendered, its middle waits.
  const now = renderedSentences()
  expect(now.slice(0, renderedBefore.length)).toEqual(renderedBefore)
  expect(now.at(-1)).toBe(599)
  expect(now).not.toContain(400)
  await vi.waitFor(() => expect([renderedSentences().length, typed().length]).toEqual([600, 0]), { timeout: 5000, interval: 5 })
  expect(order()).toEqual(Array.from({ length: 600 }, (_, i) => i))
})

test("in a chat's live log, a reply shown whole is news: it renders at once, never as typed", () => {
  flushSync(() =>
    page.root.render(
      <SlicedReplies.Provider value={false}>
        <Markdown text={long} />
      </SlicedReplies.Provider>,
    ),
  )
  expect([renderedSentences().length, typed().length]).toEqual([300, 0])
})

test('a streaming reply that gains more than a slice at once renders it at once, never as typed', async () => {
  const parts = long.split('\n\n')
  const typedSeen: number[] = []
  const observer = new MutationObserver(() => typedSeen.push(typed().length))
  observer.observe(page.host, { childList: true, subtree: true })
  flushSync(() => page.root.render(<Markdown text={`${parts[0]}\n\n`} streaming />))
  flushSync(() => page.root.render(<Markdown text={`${parts.slice(0, 200).join('\n\n')}\n\n`} streaming />))
  await vi.waitFor(() => expect(bold()).toBe(200), { timeout: 3000, interval: 2 })
  observer.disconnect()
  expect(typedSeen.filter((n) => n > 0)).toEqual([])
})

test('blocks that stream in a few at a time render as they come: nothing waits, nothing goes back to typed', async () => {
  const parts = long.split('\n\n')
  const typedSeen: number[] = []
  const observer = new MutationObserver(() => typedSeen.push(typed().length))
  observer.observe(page.host, { childList: true, subtree: true })
  for (let i = 1; i <= parts.length; i += 7) {
    const text = parts.slice(0, i).join('\n\n') + '\n\n'
    flushSync(() => page.root.render(<Markdown text={text} streaming />))
    await vi.waitFor(() => expect(bold()).toBe(i), { timeout: 2000, interval: 2 })
  }
  observer.disconnect()
  expect(typedSeen.length).toBeGreaterThan(40)
  expect(typedSeen.filter((n) => n > 0)).toEqual([])
})

test('a reply on screen in part that streams on keeps what it rendered, and a text replaced starts again from its last slice', async () => {
  flushSync(() => page.root.render(<Markdown text={long} />))
  const first = renderedSentences()
  flushSync(() => page.root.render(<Markdown text={`${long}\n\nMore.`} />))
  expect(renderedSentences()).toEqual(first)
  await allRendered()
  const other = long.replaceAll('Sentence', 'Line')
  flushSync(() => page.root.render(<Markdown text={other} />))
  const { committed } = splitMarkdownBlocks(other)
  expect(bold()).toBe(committed.length - sliceStart(committed, 0, committed.length) + 1)
  expect(page.host.textContent).not.toContain('Sentence')
  await allRendered()
})

test('a text replaced by one that shares a block where the rendered ones ended starts again from its last slice', async () => {
  // The old reply ends its finished blocks with a rule; the new one, another text, has the rule at the same index.
  const old = [...Array.from({ length: 298 }, (_, i) => sentence(i)), '---', 'Sentence last.'].join('\n\n')
  flushSync(() => page.root.render(<Markdown text={old} />))
  await vi.waitFor(() => expect(typed().length).toBe(0), { timeout: 3000, interval: 5 })
  const oldBlocks = splitMarkdownBlocks(old).committed
  expect(oldBlocks.at(-1)).toBe('---\n\n')
  const other =
    [...Array.from({ length: oldBlocks.length - 1 }, (_, i) => `Other ${i} has **heavy ${i}** in it.\n\n`), '---\n\n', ...Array.from({ length: 300 }, (_, i) => `More ${i} has **heavy more ${i}** in it.\n\n`)].join('') + 'end'
  flushSync(() => page.root.render(<Markdown text={other} />))
  expect(page.host.textContent).not.toContain('Sentence')
  const { committed } = splitMarkdownBlocks(other)
  expect(bold()).toBe(committed.length - sliceStart(committed, 0, committed.length))
})

test('on the server every block renders at once', () => {
  const html = renderToString(<Markdown text={long} />)
  expect(html.split('<strong>').length - 1).toBe(300)
  expect(html).not.toContain('sealkit-md__raw')
})
