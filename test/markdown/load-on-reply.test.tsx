// @vitest-environment jsdom
import { act } from 'react'
import { createRoot } from 'react-dom/client'
import { expect, test, vi } from 'vitest'

// The markdown chunk's loader, counted: the chat must ask for it when a reply is on its way, held or not.
const preload = vi.hoisted(() => vi.fn(() => Promise.resolve()))
vi.mock('../../src/components/markdown/lazy.tsx', async (original) => ({ ...(await original<object>()), loadMarkdown: preload }))

const { PrivateChatView } = await import('../../src/components/PrivateChatView.tsx')
const { HoldIdleLoads } = await import('../../src/components/internal/idle-loads.ts')

test('held until the verdict, the markdown renderer still loads at once when a reply is on its way', async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const host = document.createElement('div')
  document.body.append(host)
  const root = createRoot(host)
  const chat = (status: 'ready' | 'submitted') => (
    <HoldIdleLoads value={true}>
      <PrivateChatView messages={[{ id: 'u1', role: 'user', content: 'hi' }]} status={status} onSend={() => {}} />
    </HoldIdleLoads>
  )
  await act(async () => root.render(chat('ready')))
  expect(preload).not.toHaveBeenCalled()
  await act(async () => root.render(chat('submitted')))
  expect(preload).toHaveBeenCalledTimes(1)
  act(() => root.unmount())
  host.remove()
})
