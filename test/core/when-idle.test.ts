/**
 * `whenIdle`: the browser's next idle period, or with `quietMs` the first one that long (the gaps between the
 * frames of a page still at work are passed over), and at the latest 2 s on either way.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { whenIdle } from '../../src/core/next-task.ts'

/** The idle callbacks asked for, which the test runs with the deadline it chooses. */
let asked: Array<{ id: number; run: (deadline: IdleDeadline) => void; timeout: number | undefined }> = []
let cancelled: number[] = []
const period = (timeRemaining: number, didTimeout = false) => {
  const next = asked.shift()!
  next.run({ didTimeout, timeRemaining: () => timeRemaining })
}

beforeEach(() => {
  asked = []
  cancelled = []
  let ids = 0
  vi.stubGlobal('requestIdleCallback', (run: (deadline: IdleDeadline) => void, options?: IdleRequestOptions) => {
    asked.push({ id: ++ids, run, timeout: options?.timeout })
    return ids
  })
  vi.stubGlobal('cancelIdleCallback', (id: number) => cancelled.push(id))
})
afterEach(() => vi.unstubAllGlobals())

it('runs in the next idle period, however short', () => {
  const run = vi.fn()
  whenIdle(run)
  expect(asked[0]!.timeout).toBe(2000)
  period(3)
  expect(run).toHaveBeenCalledOnce()
})

it('with quietMs, passes over shorter periods (gaps between frames) and runs in the first long enough', () => {
  const run = vi.fn()
  whenIdle(run, { quietMs: 40 })
  for (const gap of [12, 3, 39.9]) {
    period(gap)
    expect(run).not.toHaveBeenCalled()
    expect(asked).toHaveLength(1)
  }
  // Each new request keeps the first one's limit, never a fresh 2 s.
  expect(asked[0]!.timeout).toBeLessThanOrEqual(2000)
  period(49.5)
  expect(run).toHaveBeenCalledOnce()
  expect(asked).toHaveLength(0)
})

it('with quietMs, still runs at the limit when the page never goes quiet', () => {
  const run = vi.fn()
  whenIdle(run, { quietMs: 40 })
  period(5)
  period(0, true)
  expect(run).toHaveBeenCalledOnce()
})

it('cancelled while it passes periods over: the request in wait is the one cancelled', () => {
  const run = vi.fn()
  const cancel = whenIdle(run, { quietMs: 40 })
  period(5)
  const waiting = asked[0]!.id
  cancel()
  expect(cancelled).toEqual([waiting])
})
