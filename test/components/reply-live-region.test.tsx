/**
 * A reply sent while a long conversation's earlier rows are still going in: the chat's log is
 * `aria-live="off"` then (history is not news), yet the reply's words must reach a screen reader.
 * Asserted on Chromium's own accessibility tree: the live region each text is in, which decides
 * whether Chromium tells assistive technology of its changes.
 */
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { afterEach, expect, it } from 'vitest'
import { commands } from 'vitest/browser'
import { PrivateChatView, StreamingMessage, preloadMarkdown, type MessageLike } from '../../src/components/index.ts'

const COUNT = 300
const restored: MessageLike[] = Array.from({ length: COUNT }, (_, i) => ({
  id: `h${i}`,
  role: i % 2 === 0 ? 'user' : 'assistant',
  parts: [{ type: 'text', text: i % 2 === 0 ? `Question ${i / 2 + 1} of the restored conversation` : `Answer ${(i + 1) / 2} of the restored conversation` }],
}))
const sent: MessageLike = { id: 'q-new', role: 'user', parts: [{ type: 'text', text: 'A question sent at once' }] }
const reply = (text: string): MessageLike => ({ id: 'a-new', role: 'assistant', parts: [{ type: 'text', text }] })
const WORDS = 'Streamed words of the new reply'

const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
afterEach(() => {
  document.body.replaceChildren()
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = true
})

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve))

it("a reply streaming while the log is quiet (earlier rows still going in) is in a polite live region of its own, until its last words are in the accessibility tree", async () => {
  await preloadMarkdown()
  // Outside act, as a page renders: act would mount every group at once.
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false
  const container = document.createElement('div')
  container.style.height = '600px'
  document.body.append(container)
  const root = createRoot(container)
  const view = (messages: MessageLike[], status: 'ready' | 'streaming') => <PrivateChatView messages={messages} status={status} onSend={() => {}} />
  flushSync(() => root.render(view(restored, 'ready')))
  // The view's content comes in a transition after its first commit.
  await expect.poll(() => container.querySelector('[role="log"] article')).not.toBeNull()
  flushSync(() => root.render(view([...restored, sent, reply(WORDS)], 'streaming')))
  await frame()

  const log = container.querySelector('[role="log"]')!
  const content = () => container.querySelector('article[data-status="streaming"] .sealkit-message__content')
  // The reply's words, then the log: the log was still quiet after the words were read, so it was quiet then.
  const words = await commands.liveStatus('StaticText', WORDS)
  const history = await commands.liveStatus('StaticText', `Question ${COUNT / 2}`)
  expect(log.getAttribute('aria-live')).toBe('off')
  expect(await commands.liveStatus('log', 'Messages')).toEqual([null])
  expect(history).toEqual([null])
  expect(words).toEqual(['polite'])
  // On the content, not on the article: the article is aria-busy while it streams, and Chromium tells nothing
  // of changes under a busy live region.
  expect(content()?.getAttribute('aria-live')).toBe('polite')
  expect(content()?.closest('article')?.hasAttribute('aria-live')).toBe(false)

  // Its last words come with the status that ends it: still in its own region, the log still quiet.
  flushSync(() => root.render(view([...restored, sent, reply(`${WORDS}. The last words.`)], 'ready')))
  await frame()
  expect(await commands.liveStatus('StaticText', 'The last words')).toEqual(['polite'])
  expect(log.getAttribute('aria-live')).toBe('off')
  // Then, once the accessibility tree has them, its words are the log's again: quiet with the rest while rows go
  // in, live after.
  const replies = container.querySelectorAll('article[data-role="assistant"]')
  const finished = replies[replies.length - 1]!.querySelector('.sealkit-message__content')!
  await expect.poll(() => finished.hasAttribute('aria-live'), { timeout: 5_000 }).toBe(false)
  await expect.poll(() => log.getAttribute('aria-live'), { timeout: 10_000 }).toBeNull()
  expect(await commands.liveStatus('StaticText', WORDS)).toEqual(['polite'])
  expect(await commands.liveStatus('StaticText', `Question ${COUNT / 2}`)).toEqual(['polite'])
  root.unmount()
})

it('a streaming reply outside the chat view makes no live region of its own: the app decides what its log announces', async () => {
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false
  const container = document.createElement('div')
  document.body.append(container)
  const root = createRoot(container)
  flushSync(() =>
    root.render(
      <div role="log" aria-label="App log" aria-live="off">
        <StreamingMessage message={reply(WORDS)} status="streaming" />
      </div>,
    ),
  )
  await frame()
  expect(container.querySelector('.sealkit-message__content')?.hasAttribute('aria-live')).toBe(false)
  expect(await commands.liveStatus('StaticText', WORDS)).toEqual([null])
  root.unmount()
})
