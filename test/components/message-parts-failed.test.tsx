/**
 * The message actions' chunk that cannot load (a deploy that removed it, a blocked URL): said once for the chat, in
 * words, and no row keeps waiting for it. Its own file: the chunk's URL fails for the whole file's page.
 */
import { render, screen, within } from '@testing-library/react'
import { afterAll, expect, it } from 'vitest'
import { commands } from 'vitest/browser'
import { PrivateChatView } from '../../src/components/index.ts'
import { conversation } from '../../stories/fixtures.ts'

const CHUNK = '/src/components/MessageActions.tsx'
// The page (and its routes) is every test file's.
afterAll(() => commands.allowRequests(CHUNK))

it('says once that part of the chat could not load; no place is kept for actions that will not come', async () => {
  await commands.failRequests(CHUNK)
  render(<PrivateChatView messages={conversation} />)
  const alert = await screen.findByRole('alert', {}, { timeout: 10_000 })
  expect(alert).toHaveTextContent('This part of the chat could not be loaded. Reload the page to try again.')
  expect(screen.getAllByRole('alert')).toHaveLength(1)
  expect(within(screen.getByRole('log')).queryAllByRole('toolbar')).toEqual([])
  expect(document.querySelector('.sealkit-actions[data-pending]')).toBeNull()
})
