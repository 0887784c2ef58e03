/**
 * The actions under each message are a chunk of their own (an empty chat's first paint has none): loaded as soon as a
 * message is there, with their place kept until they come. Its own file: a file's first render is the one before the
 * chunk is in (each browser test file has its own modules).
 */
import { render, screen, within } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { preloadMarkdown, PrivateChatView, type MessageLike } from '../../src/components/index.ts'
import { conversation } from '../../stories/fixtures.ts'

it('a message keeps the place of its actions while their chunk loads: nothing moves when they come', async () => {
  await preloadMarkdown()
  render(<PrivateChatView messages={conversation} style={{ height: 600 }} />)
  const last = within(screen.getByRole('log')).getAllByRole('article').at(-1)!
  const pending = last.querySelector('.sealkit-actions[data-pending]')
  expect(pending).not.toBeNull()
  expect(within(last).queryByRole('toolbar')).toBeNull()
  const before = pending!.getBoundingClientRect().height
  const toolbar = await vi.waitFor(() => within(last).getByRole('toolbar', { name: 'Message actions' }))
  expect(last.querySelector('[data-pending]')).toBeNull()
  expect(toolbar.getBoundingClientRect().height).toBe(before)
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
