/**
 * The actions under each message are a chunk of their own (an empty chat's first paint has none): loaded as soon as a
 * message is there, with their place kept until they come. Its own file: a file's first render is the one before the
 * chunk is in (each browser test file has its own modules).
 */
import { render, screen, within } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { preloadMarkdown, PrivateChatView } from '../../src/components/index.ts'
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

