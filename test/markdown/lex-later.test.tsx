// @vitest-environment jsdom
/**
 * A block refused, or its emphasis masked, only because the blocks lexed before it in the same task spent the
 * task's bounds is lexed whole in a later task (`LEX_LATER`), not shown as typed or without emphasis for good: a
 * finished reply of many costly blocks mounts over several tasks, none of them long.
 */
import { StrictMode } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import type { Token } from 'marked'
import { beforeEach, expect, test, vi } from 'vitest'
import { splitMarkdownBlocks } from '../../src/components/markdown/blocks.ts'
import { LEX_LATER, MAX_EMPHASIS_WORK, MAX_INLINE_WORK, emphasisWork, itemLineWork, lexBlock } from '../../src/components/markdown/lex-guard.ts'
import { Markdown } from '../../src/components/markdown/Markdown.tsx'

const nextTask = () => new Promise((resolve) => setTimeout(resolve))

/** A paragraph with one emphasis and `openers` lone `~` before a thousand `~~~~`: its emphasis work grows with `openers`. */
const costlyParagraph = (openers: number) => 'Some *em* ' + '~a '.repeat(openers) + 'x~~~~ '.repeat(1_000) + '\n\n'
/** One just under a text's emphasis bound: two fit a task's bound, a third does not. */
let openers = 10
while (emphasisWork(costlyParagraph(openers + 10)) <= MAX_EMPHASIS_WORK * 0.97) openers += 10
const paragraph = costlyParagraph(openers)

const hasEm = (tokens: ReturnType<typeof lexBlock>) => Array.isArray(tokens) && JSON.stringify(tokens satisfies Token[]).includes('"type":"em"')

beforeEach(() => vi.spyOn(console, 'warn').mockImplementation(() => {}))

test('a text whose emphasis fits its own bound but not the task’s: lexed later, emphasis and all, never masked', async () => {
  expect(emphasisWork(paragraph)).toBeGreaterThan(MAX_EMPHASIS_WORK * 0.8)
  await nextTask()
  const answers = [lexBlock(paragraph), lexBlock(paragraph), lexBlock(paragraph)]
  expect(answers.slice(0, 2).map(hasEm)).toEqual([true, true])
  expect(answers[2]).toBe(LEX_LATER)
  await nextTask()
  expect(hasEm(lexBlock(paragraph))).toBe(true)
})

test('a block past the task’s bounds is lexed later; one past its own stays shown as typed, whatever the task', async () => {
  const item = (lines: number) => '- a\n' + 'a\n'.repeat(lines) + '\n'
  let lines = 1_000
  while (itemLineWork(item(lines + 10).split('\n')) <= MAX_INLINE_WORK) lines += 10
  await nextTask()
  const answers = Array.from({ length: 15 }, () => lexBlock(item(lines)))
  expect(answers.filter((answer) => answer === undefined)).toEqual([])
  expect(answers.at(-1)).toBe(LEX_LATER)
  await nextTask()
  expect(Array.isArray(lexBlock(item(lines)))).toBe(true)
  expect(lexBlock(item(1_500))).toBeUndefined()
})

// Six finished blocks, and a seventh as the reply's last block (rendered as the tail is).
const reply = paragraph.repeat(6) + paragraph.trim()
test.each([
  ['as it is', (node: React.ReactNode) => node],
  ['in strict mode (refs attached twice)', (node: React.ReactNode) => <StrictMode>{node}</StrictMode>],
])('a finished reply of more costly blocks than a task may lex mounts whole over several tasks: %s', async (_, wrap) => {
  const { committed, tail } = splitMarkdownBlocks(reply)
  expect([committed.length, tail]).toEqual([6, paragraph.trim()])
  // Outside `act`, which would run the later tasks' renders at once: React's scheduler as a page has it.
  const act = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
  const actEnvironment = act.IS_REACT_ACT_ENVIRONMENT
  act.IS_REACT_ACT_ENVIRONMENT = false
  const host = document.body.appendChild(document.createElement('div'))
  const root = createRoot(host)
  const emphasized = () => host.querySelectorAll('em').length
  const typed = () => host.querySelectorAll('.sealkit-md__raw').length
  try {
    await nextTask()
    flushSync(() => root.render(wrap(<Markdown text={reply} />)))
    // The mount lexed what its task could; the rest is shown as typed for now, never without its emphasis.
    expect(emphasized()).toBeGreaterThan(0)
    expect(emphasized()).toBeLessThan(7)
    expect(typed()).toBeGreaterThan(0)
    expect(host.textContent!.split('Some ').length - 1).toBe(7)
    await vi.waitFor(() => expect([emphasized(), typed()]).toEqual([7, 0]), { timeout: 3000, interval: 5 })
  } finally {
    flushSync(() => root.unmount())
    host.remove()
    act.IS_REACT_ACT_ENVIRONMENT = actEnvironment
  }
})
