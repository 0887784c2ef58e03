import { render } from '@testing-library/react'
import { StrictMode } from 'react'
import { expect, it } from 'vitest'
import { loadWhenIdle, pauseIdleWork } from '../../src/components/internal/idle-loads.ts'
import { PrivateChatView } from '../../src/components/PrivateChatView.tsx'
import { models } from '../../stories/fixtures.ts'

const idle = () => new Promise((r) => setTimeout(r, 300))
const view = (status: 'submitted' | 'streaming' | 'ready' | 'error') => <PrivateChatView messages={[]} status={status} models={models} model={models[0]!.id} />

it('StrictMode, two views, one unmounted mid-send: paused while any waits, released once none does, never below zero', async () => {
  const started: string[] = []
  const q = (name: string) => loadWhenIdle(() => (started.push(name), Promise.resolve()))
  const a = render(<StrictMode>{view('submitted')}</StrictMode>)
  const b = render(<StrictMode>{view('submitted')}</StrictMode>)
  q('one')
  await idle()
  expect(started).toEqual([])
  a.unmount()
  await idle()
  expect(started).toEqual([])
  b.rerender(<StrictMode>{view('error')}</StrictMode>)
  await idle()
  expect(started).toEqual(['one'])
  b.rerender(<StrictMode>{view('ready')}</StrictMode>)
  b.unmount()
  // An extra resume from elsewhere called twice: no negative count (a later pause still holds).
  const r = pauseIdleWork()
  r()
  r()
  const again = pauseIdleWork()
  q('two')
  await idle()
  expect(started).toEqual(['one'])
  again()
  await idle()
  expect(started).toEqual(['one', 'two'])
})
