/**
 * The bench's CPU reading (bench/lib/process-cpu.ts): every thread of every process Chromium lists,
 * summed by thread name, a thread new in the window counted from zero and one gone left out; and
 * the readings of a real process (this one) grow by the CPU it burns.
 */
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cpuDelta, cpuSnapshot, type BrowserSession, type CpuSnapshot } from '../../bench/lib/process-cpu.ts'

const session = (processInfo: Array<{ id: number; type: string; cpuTime: number }>): BrowserSession => ({ send: async () => ({ processInfo }) })

describe('cpuDelta', () => {
  it('sums each thread name over processes, counts new threads from zero, leaves ended ones out, most first', () => {
    const before: CpuSnapshot = new Map([
      ['10/10', { ms: 100, thread: 'renderer/main' }],
      ['10/11', { ms: 40, thread: 'renderer/DedicatedWorker' }],
      ['20/20', { ms: 500, thread: 'browser/main' }],
      ['20/21', { ms: 70, thread: 'browser/Chrome_IOThread' }], // ended in the window
    ])
    const after: CpuSnapshot = new Map([
      ['10/10', { ms: 130, thread: 'renderer/main' }],
      ['10/11', { ms: 60, thread: 'renderer/DedicatedWorker' }],
      ['10/12', { ms: 25, thread: 'renderer/DedicatedWorker' }], // a second worker, new
      ['20/20', { ms: 505, thread: 'browser/main' }],
      ['30/30', { ms: 8, thread: 'renderer/main' }], // a renderer started in the window
    ])
    expect(cpuDelta(before, after)).toEqual({
      totalMs: 30 + 8 + 20 + 25 + 5,
      byThread: [
        ['renderer/DedicatedWorker', 45],
        ['renderer/main', 38],
        ['browser/main', 5],
      ],
    })
  })

  it('never counts a reading that went down (a reused id) as negative work', () => {
    const before: CpuSnapshot = new Map([['1/1', { ms: 50, thread: 'GPU/main' }]])
    const after: CpuSnapshot = new Map([['1/1', { ms: 3, thread: 'GPU/main' }]])
    expect(cpuDelta(before, after)).toEqual({ totalMs: 0, byThread: [['GPU/main', 0]] })
  })
})

describe('cpuSnapshot', () => {
  it.skipIf(!existsSync('/proc/self/task'))('reads every thread of a listed process from /proc, names the first one main, and sees the CPU it burns', async () => {
    const me = session([{ id: process.pid, type: 'renderer', cpuTime: 0 }])
    const before = await cpuSnapshot(me)
    expect(before.get(`${process.pid}/${process.pid}`)?.thread).toBe('renderer/main')
    // The process's own count (getrusage) over the same window: every thread, the test runner's too.
    const start = process.cpuUsage()
    const used = () => {
      const { user, system } = process.cpuUsage(start)
      return (user + system) / 1000
    }
    let x = 0
    while (used() < 60) x += Math.sqrt(x + 1)
    const { totalMs } = cpuDelta(before, await cpuSnapshot(me))
    const burned = used()
    expect(x).toBeGreaterThan(0)
    // A thread that ended in the window is missing from /proc's sum: a little below, never far off.
    expect(totalMs).toBeGreaterThanOrEqual(0.7 * burned)
    expect(totalMs).toBeLessThanOrEqual(burned + 20)
  })

  it('falls back to the ticks Chromium reports for a process /proc does not show, and names it by its type', async () => {
    const snapshot = await cpuSnapshot(session([{ id: 2 ** 30, type: 'network.mojom.NetworkService', cpuTime: 0.42 }]))
    expect([...snapshot]).toEqual([[String(2 ** 30), { ms: 420, thread: 'NetworkService' }]])
  })
})
