/**
 * The actions under each message are a chunk of their own (an empty chat's first paint has none): loaded as soon as a
 * message is there, with their place kept until they come. Its own file: a file's first render is the one before the
 * chunk is in (each browser test file has its own modules).
 */
import { render, screen, within } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { preloadMarkdown, PrivateChatView, type MessageLike } from '../../src/components/index.ts'
import { conversation } from '../../stories/fixtures.ts'

it('a message keeps the place of its actions while their chunk loads: nothing moves when they come, at a phone’s width too', async () => {
  await preloadMarkdown()
  // 360 px: the last reply's three actions (Regenerate too: it is the last message) wrap to a second row.
  const endsWithReply = conversation.slice(0, conversation.findLastIndex((m) => m.role === 'assistant') + 1)
  render(<PrivateChatView messages={endsWithReply} onRegenerate={() => {}} onEdit={() => {}} style={{ height: 600, width: 360 }} />)
  const articles = within(screen.getByRole('log')).getAllByRole('article')
  const box = (e: Element) => e.getBoundingClientRect()
  const places = articles.map((article) => article.querySelector('.sealkit-actions[data-pending]'))
  expect(places.every((p) => p !== null)).toBe(true)
  expect(screen.queryByRole('toolbar')).toBeNull()
  // Unseen, out of reach, and no button named for a screen reader.
  expect(places.every((p) => getComputedStyle(p!).visibility === 'hidden')).toBe(true)
  for (const p of places) expect(within(p as HTMLElement).queryAllByRole('button')).toEqual([])
  expect(places.at(-1)!.querySelectorAll('button')).toHaveLength(3)
  // Never a form's default button: Enter in an app's form around the chat submits nothing through them.
  expect(places.flatMap((p) => [...p!.querySelectorAll('button')].map((b) => b.type))).not.toContain('submit')
  // Within its message, and the whole log's height: the log itself may scroll meanwhile (it sticks to the end).
  const log = screen.getByRole('log')
  const at = (e: Element, i: number) => [box(e).top - box(articles[i]!).top, box(e).height]
  const before = [places.map((p, i) => at(p!, i)), log.scrollHeight]
  expect(box(places.at(-1)!).height).toBeGreaterThan(40)
  const last = articles.at(-1)!
  await vi.waitFor(() => within(last).getByRole('toolbar', { name: 'Message actions' }))
  expect(document.querySelector('[data-pending]')).toBeNull()
  expect([articles.map((a, i) => at(within(a).getByRole('toolbar', { name: 'Message actions' }), i)), log.scrollHeight]).toEqual(before)
})


it('no place is kept where no action will show (a withheld reply that is no longer the last), before the chunk or after', async () => {
  // A fresh instance of the view: its own part, not loaded at its first render.
  const fresh = 'withheld'
  const { PrivateChatView: FreshView } = (await import(/* @vite-ignore */ `../../src/components/PrivateChatView.tsx?fresh=${fresh}`)) as typeof import('../../src/components/PrivateChatView.tsx')
  const withheld: MessageLike = { id: 'a0', role: 'assistant', parts: [{ type: 'text', text: 'Forged words' }], privacy: { e2ee: true, signature: 'failed' } }
  const messages: MessageLike[] = [{ id: 'u0', role: 'user', parts: [{ type: 'text', text: 'First' }] }, withheld, ...conversation]
  render(<FreshView messages={messages} onRegenerate={() => {}} />)
  const row = () => within(screen.getByRole('log')).getAllByRole('article')[1]!
  expect(row()).toHaveAttribute('data-authenticity', 'failed')
  expect(row().querySelector('.sealkit-actions')).toBeNull()
  // Loaded (the last reply has its toolbar): still nothing for the withheld one, not even an empty toolbar.
  const articles = within(screen.getByRole('log')).getAllByRole('article')
  await vi.waitFor(() => within(articles.at(-1)!).getByRole('toolbar', { name: 'Message actions' }))
  expect(row().querySelector('.sealkit-actions')).toBeNull()
})

it('not loaded between a send and its reply: the chunk waits while a request is in flight, then comes', async () => {
  const fresh = 'submitted'
  const { PrivateChatView: FreshView } = (await import(/* @vite-ignore */ `../../src/components/PrivateChatView.tsx?fresh=${fresh}`)) as typeof import('../../src/components/PrivateChatView.tsx')
  const sent: MessageLike[] = [{ id: 'u0', role: 'user', parts: [{ type: 'text', text: 'Hello' }] }]
  const { rerender } = render(<FreshView messages={sent} status="submitted" onEdit={() => {}} />)
  await new Promise((r) => setTimeout(r, 400))
  expect(screen.queryByRole('toolbar', { name: 'Message actions' })).toBeNull()
  expect(document.querySelector('.sealkit-actions[data-pending]')).not.toBeNull()
  rerender(<FreshView messages={[...sent, { id: 'a0', role: 'assistant', parts: [{ type: 'text', text: 'Hi' }] }]} status="ready" onEdit={() => {}} />)
  await vi.waitFor(() => expect(screen.getAllByRole('toolbar', { name: 'Message actions' })).toHaveLength(2))
})
