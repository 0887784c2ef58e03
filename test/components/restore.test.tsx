/**
 * A long conversation restored before the markdown renderer has loaded (its own file: the renderer is
 * loaded once per page, and this page has not loaded it yet). What a returning user sees: the log at
 * its end, every reply rendered, the newest first, in many short tasks rather than one long one, and every
 * message within reach of assistive technology.
 */
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { afterEach, expect, it, vi } from 'vitest'
import { commands } from 'vitest/browser'
import { PrivateChatView, type MessageLike } from '../../src/components/index.ts'
import { HoldIdleLoads } from '../../src/components/internal/idle-loads.ts'

const COUNT = 300
const restored: MessageLike[] = Array.from({ length: COUNT }, (_, i) => ({
  id: `h${i}`,
  role: i % 2 === 0 ? 'user' : 'assistant',
  parts: [
    {
      type: 'text',
      text:
        i % 2 === 0
          ? `Question ${i / 2 + 1}: how is the key bound to the attestation?`
          : `Answer ${(i + 1) / 2}: the report's **REPORTDATA** holds the signing address.\n\n- the quote is signed by the platform\n- the GPUs attest separately\n\n\`\`\`ts\nconst ok = report.verdict === 'passed'\n\`\`\``,
    },
  ],
}))

const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
afterEach(() => {
  document.body.replaceChildren()
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = true
})

it('a restored conversation renders its replies newest first, a few per task, stays at its end, and is all in the accessibility tree', async () => {
  // Outside act, as a page renders: act would run every turn inside one task.
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false
  const container = document.createElement('div')
  container.style.height = '600px'
  document.body.append(container)
  const replies = () => [...container.querySelectorAll<HTMLElement>('article[data-role="assistant"]')]
  // Each batch of mutations the observer is handed is one task's: record which replies it rendered as markdown first.
  const turns: number[][] = []
  const seen = new Set<Element>()
  const observer = new MutationObserver(() => {
    const turn = replies().flatMap((article, i) => (!seen.has(article) && article.querySelector('.sealkit-md') ? (seen.add(article), [i]) : []))
    if (turn.length > 0) turns.push(turn)
  })
  observer.observe(container, { childList: true, subtree: true })
  const root = createRoot(container)
  // As in <PrivateChat>, the renderer loads at idle once a hold is released (there: the first verdict),
  // here once the rows are on screen: a renderer already loaded renders them as they mount.
  const chat = (held: boolean) => (
    <HoldIdleLoads value={held}>
      <PrivateChatView messages={restored} onSend={() => {}} style={{ height: '100%' }} />
    </HoldIdleLoads>
  )
  flushSync(() => root.render(chat(true)))
  await vi.waitFor(() => expect(container.querySelectorAll('article')).toHaveLength(COUNT), { timeout: 10_000 })
  expect(container.querySelector('.sealkit-md')).toBeNull()
  root.render(chat(false))

  await vi.waitFor(() => expect(replies().filter((r) => r.querySelector('.sealkit-md strong'))).toHaveLength(COUNT / 2), { timeout: 20_000, interval: 50 })
  observer.disconnect()
  // Each reply once, the newest first: every turn's replies come before the previous turn's.
  expect(turns.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT / 2 }, (_, i) => i))
  turns.slice(1).forEach((turn, k) => expect(Math.max(...turn)).toBeLessThan(Math.min(...turns[k]!)))
  // In many tasks, none of which rendered more than a part of them.
  expect(turns.length).toBeGreaterThan(3)
  expect(Math.max(...turns.map((t) => t.length))).toBeLessThan(COUNT / 4)

  // The log is at its end, and every message is in Chromium's accessibility tree, scrolled into view or not:
  // `content-visibility: auto` on rows far from the end (tried for the layout's sake) took 276 of the 300 out of it.
  const log = container.querySelector<HTMLElement>('[role="log"]')!
  await new Promise((r) => requestAnimationFrame(r))
  expect(log.scrollTop + log.clientHeight).toBeGreaterThanOrEqual(log.scrollHeight - 2)
  expect(log.scrollTop).toBeGreaterThan(log.clientHeight * 10)
  expect(await commands.accessibleNames('article')).toHaveLength(COUNT)
  expect((await commands.accessibleNames('button')).filter((name) => name === 'Copy as Markdown')).toHaveLength(COUNT / 2)
  root.unmount()
})
