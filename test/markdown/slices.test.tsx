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
import { rootsOutsideAct } from '../helpers/markdown-turns.ts'
import { SLICE_WORK, sliceEnd } from '../../src/components/markdown/slices.ts'

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

test('a slice is at least one block, then as many as fit its work', () => {
  const blocks = ['x'.repeat(SLICE_WORK * 2), 'a\n\n', 'b\n\n']
  expect(sliceEnd(blocks, 0)).toBe(1)
  expect(sliceEnd(blocks, 1)).toBe(3)
  expect(sliceEnd(blocks, 3)).toBe(3)
  const small = Array.from({ length: 1_000 }, () => 'ab\n\n')
  const end = sliceEnd(small, 0)
  expect(end).toBeGreaterThan(10)
  expect(end).toBeLessThan(small.length)
  // Each block counts for more than its characters: a thousand tiny blocks are not one slice.
  expect(small.slice(0, end).join('').length).toBeLessThan(SLICE_WORK / 4)
})

test('a long finished reply renders its first slice in its first commit, the rest as typed, then all of it in later turns', async () => {
  const { committed } = splitMarkdownBlocks(long)
  const firstSlice = sliceEnd(committed, 0)
  expect(firstSlice).toBeLessThan(committed.length / 3)
  flushSync(() => page.root.render(<Markdown text={long} />))
  expect(bold()).toBe(firstSlice)
  // The whole text is there from the first commit, the last sentence too: a prefix never shows.
  const text = page.host.textContent!
  expect(text).toContain(sentence(299))
  expect(text.split('Sentence ').length - 1).toBe(300)
  // The rest as typed, a paragraph per slice to come.
  expect(typed().length).toBeGreaterThan(1)
  expect(typed()[0]!.textContent!.startsWith(`Sentence ${firstSlice} has **bold`)).toBe(true)
  await allRendered()
  expect(page.host.textContent!.split('Sentence ').length - 1).toBe(300)
})

test('no commit renders more than a slice of new blocks', async () => {
  const { committed } = splitMarkdownBlocks(long)
  const counts: number[] = []
  afterUpdate.call = () => counts.push(bold())
  flushSync(() => page.root.render(<Markdown text={long} />))
  counts.push(bold())
  await allRendered()
  afterUpdate.call = () => {}
  // Each commit's blocks are at most one slice more than the last's (the reply's last block, its tail, comes with the last).
  let before = 0
  for (const count of counts) {
    expect(count - before).toBeLessThanOrEqual(sliceEnd(committed, Math.min(before, committed.length)) - before + 1)
    before = count
  }
  expect(new Set(counts).size).toBeGreaterThan(3)
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

test('a reply on screen in part that streams on keeps what it rendered, and a text replaced starts again from its first slice', async () => {
  flushSync(() => page.root.render(<Markdown text={long} />))
  const first = bold()
  flushSync(() => page.root.render(<Markdown text={`${long}\n\nMore.`} />))
  expect(bold()).toBeGreaterThanOrEqual(first)
  await allRendered()
  const other = long.replaceAll('Sentence', 'Line')
  flushSync(() => page.root.render(<Markdown text={other} />))
  expect(bold()).toBe(sliceEnd(splitMarkdownBlocks(other).committed, 0))
  expect(page.host.textContent).not.toContain('Sentence')
  await allRendered()
})

test('a text replaced by one that shares a block where the rendered ones ended starts again from its first slice', async () => {
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
  expect(bold()).toBe(sliceEnd(splitMarkdownBlocks(other).committed, 0))
})

test('on the server every block renders at once', () => {
  const html = renderToString(<Markdown text={long} />)
  expect(html.split('<strong>').length - 1).toBe(300)
  expect(html).not.toContain('sealkit-md__raw')
})
