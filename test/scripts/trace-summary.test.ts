/**
 * The bench's trace reading (bench/lib/trace-summary.ts): a thread's work is the union of its
 * complete events from navigation to the cut-off, nested events counted once; the page's font
 * lookups are its main threads' own, to the cut-off.
 */
import { describe, expect, it } from 'vitest'
import { fontLookups, threadTime } from '../../bench/lib/trace-summary.ts'

const meta = (pid: number, tid: number, name: string) => ({ name: 'thread_name', ph: 'M', ts: 0, pid, tid, args: { name } })
const task = (tid: number, fromMs: number, ms: number, name = 'RunTask') => ({ name, ph: 'X', ts: 1_000_000 + fromMs * 1000, dur: ms * 1000, pid: 1, tid })

describe('threadTime', () => {
  it('counts nested events once, cuts at navigation and at the cut-off, and sums every thread', () => {
    const trace = [
      { name: 'process_name', ph: 'M', ts: 0, pid: 1, tid: 0, args: { name: 'Renderer' } },
      meta(1, 1, 'CrRendererMain'),
      meta(1, 2, 'DedicatedWorker thread'),
      meta(1, 3, 'Compositor'),
      { name: 'navigationStart', ph: 'R', ts: 1_000_000, pid: 1, tid: 1 },
      task(1, -5, 10), // 5 ms after navigation
      task(1, 20, 30),
      task(1, 25, 10, 'v8.evaluateModule'), // inside the task above
      task(1, 45, 20), // overlaps the one above by 5 ms
      task(1, 90, 40), // runs past the cut-off at 100: 10 ms
      task(2, 10, 50),
      task(3, 10, 0.5), // under 1 ms: left out of the lines, counted in the total
    ]
    expect(threadTime(trace, 100)).toEqual(['  60 ms Renderer/CrRendererMain', '  50 ms Renderer/DedicatedWorker thread', ' 111 ms in all threads, navigation -> 100 ms'])
  })
})

describe('fontLookups', () => {
  it("counts the main thread's synchronous font lookups and their time, from navigation to the cut-off", () => {
    const lookup = (tid: number, fromMs: number, ms: number) => task(tid, fromMs, ms, 'FontDataService::MatchFamilyName')
    const trace = [
      meta(1, 1, 'CrRendererMain'),
      meta(1, 2, 'DedicatedWorker thread'),
      { name: 'navigationStart', ph: 'R', ts: 1_000_000, pid: 1, tid: 1 },
      lookup(1, 10, 1.5),
      lookup(1, 12, 15),
      task(1, 12, 16, 'FontCache::GetFontPlatformData'), // the lookup's caller: not a lookup
      lookup(2, 20, 3), // a worker's (OffscreenCanvas): not the page's layout
      lookup(1, 200, 4),
    ]
    expect(fontLookups(trace, 100)).toEqual({ count: 2, ms: 16.5 })
    expect(fontLookups(trace)).toEqual({ count: 3, ms: 20.5 })
  })
})
