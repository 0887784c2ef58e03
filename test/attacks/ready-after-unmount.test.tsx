// @vitest-environment jsdom
/**
 * ready() once the hook that expected a session is gone (unmounted, or hidden by <Activity>): it rejects ("No model
 * is selected"), never waits for a session nothing will open. A hook's insertion effect says which parameters it
 * expects (SessionManager.expect); left set after the hook's state closed, a send awaiting the session without an
 * abort signal hung forever.
 */
import { act, render, renderHook } from '@testing-library/react'
import { Activity } from 'react'
import { expect, test } from 'vitest'
import { useE2EESession } from '../../src/hooks/index.ts'
import { setup, E2EE_MODEL } from '../hooks/helpers.tsx'

/** How a promise ends within `ms`: a bound on a hang, not a timing. */
const settles = (promise: Promise<unknown>, ms = 1_000) =>
  Promise.race([promise.then(() => 'resolved', (e: { code?: string }) => `rejected ${e?.code}`), new Promise((r) => setTimeout(() => r('hangs'), ms))])

test('ready() called after unmount rejects', async () => {
  const h = setup()
  const { result, unmount } = renderHook(() => useE2EESession(E2EE_MODEL), { wrapper: h.wrapper })
  await act(async () => {})
  const ready = result.current.ready
  unmount()
  expect(await settles(ready())).toBe('rejected INVALID_ARGUMENT')
})

test('ready() waiting while the session opens settles when the component unmounts', async () => {
  const h = setup()
  const { result, unmount } = renderHook(() => useE2EESession(E2EE_MODEL), { wrapper: h.wrapper })
  const waiting = settles(result.current.ready(), 3_000)
  unmount()
  expect(await waiting).not.toBe('hangs')
})

test('ready() called while the component is hidden by <Activity> settles', async () => {
  const h = setup()
  let ready: (() => Promise<unknown>) | undefined
  function Probe() {
    ready = useE2EESession(E2EE_MODEL).ready
    return null
  }
  const app = (mode: 'visible' | 'hidden') =>
    h.wrapper({
      children: (
        <Activity mode={mode}>
          <Probe />
        </Activity>
      ),
    })
  const { rerender } = render(app('visible'))
  await act(async () => {})
  rerender(app('hidden'))
  await act(async () => {})
  expect(await settles(ready!())).not.toBe('hangs')
})
