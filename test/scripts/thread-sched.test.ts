/**
 * The bench's on-core / waiting split of a long task (bench/lib/thread-sched.ts): the totals are read
 * linearly between samples, a window outside the readings is unknown (NaN, never 0), and a watch over
 * real processes (a busy child of this one) finds the busy one and sees its CPU.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { splitTask, watchRenderers, type SchedSample } from '../../bench/lib/thread-sched.ts'

describe('splitTask', () => {
  const samples: SchedSample[] = [
    { at: 1000, run: 100, wait: 50 },
    { at: 1010, run: 104, wait: 56 }, // 4 on a core, 6 waiting
    { at: 1020, run: 114, wait: 56 }, // 10 on a core
  ]

  it('splits a window between samples by reading the totals linearly', () => {
    expect(splitTask(samples, 1000, 1020)).toEqual({ onCoreMs: 14, waitingMs: 6, otherMs: 0 })
    const half = splitTask(samples, 1005, 1015)
    expect(half.onCoreMs).toBeCloseTo(2 + 5)
    expect(half.waitingMs).toBeCloseTo(3)
    expect(half.otherMs).toBeCloseTo(0)
  })

  it('counts time neither on a core nor queued as other (blocked)', () => {
    const blocked: SchedSample[] = [
      { at: 0, run: 0, wait: 0 },
      { at: 30, run: 10, wait: 5 },
    ]
    expect(splitTask(blocked, 0, 30)).toEqual({ onCoreMs: 10, waitingMs: 5, otherMs: 15 })
  })

  it('is unknown (NaN) for a window that starts before or ends after the readings, or with none', () => {
    expect(splitTask(samples, 990, 1010).onCoreMs).toBeNaN()
    expect(splitTask(samples, 1010, 1030).waitingMs).toBeNaN()
    expect(splitTask([], 0, 10).onCoreMs).toBeNaN()
  })
})

describe('watchRenderers', () => {
  it.skipIf(!existsSync('/proc/self/task'))('follows the children of a parent that start while it watches, and returns the busiest one', async () => {
    // This process stands in for the zygote: its children with `--type=renderer` on the command line are renderers.
    const child = (code: string) => spawn(process.execPath, ['-e', code, '--', '--type=renderer'], { stdio: 'ignore' })
    const idle = child('setTimeout(() => {}, 5000)')
    const watch = watchRenderers([process.pid])
    const busy = child('const end = Date.now() + 300; let x = 0; while (Date.now() < end) x += Math.sqrt(x + 1)')
    try {
      await new Promise((resolve) => busy.once('exit', resolve))
    } finally {
      idle.kill()
    }
    const samples = watch.stop()
    const count = samples.length
    expect(count).toBeGreaterThan(10)
    // A second stop (the harness's `finally`) returns the same readings and reads no more.
    expect(watch.stop()).toBe(samples)
    expect(samples).toHaveLength(count)
    const ran = samples[samples.length - 1]!.run - samples[0]!.run
    // It spun for 300 ms of wall time; on a busy 2-core machine part of that is waiting for a core.
    expect(ran).toBeGreaterThan(100)
    const split = splitTask(samples, samples[0]!.at, samples[samples.length - 1]!.at)
    expect(split.onCoreMs).toBeCloseTo(ran)
    // The kernel brings a running thread's schedstat up to date at its scheduler ticks, so a reading can be up to a
    // tick behind: the two ends' readings allow two ticks at 100 Hz, the coarsest kernel setting (+5 ms failed twice
    // on a busy machine, by 2 and 3 ms). Counting a span twice would still fail it by a whole spin.
    expect(split.onCoreMs + split.waitingMs).toBeLessThanOrEqual(samples[samples.length - 1]!.at - samples[0]!.at + 20)
  })
})
