import { afterEach, describe, expect, test, vi } from 'vitest'
import { claimEarly, resetEarlyStarts, startEarly } from '../../src/core/query/early-start.ts'

/** Work started early is handed over once, whole, and only while it is fresh. */
describe('startEarly / claimEarly', () => {
  afterEach(() => {
    resetEarlyStarts()
    vi.useRealTimers()
  })

  test('one start per key until claimed; claimed once, then gone', async () => {
    let runs = 0
    const run = () => Promise.resolve(++runs)
    expect(startEarly('k', run)).toBe(true)
    expect(startEarly('k', run)).toBe(false)
    expect(runs).toBe(1)
    expect(claimEarly('other', undefined, 60_000)).toBeUndefined()
    await expect(claimEarly('k', undefined, 60_000)).resolves.toBe(1)
    expect(claimEarly('k', undefined, 60_000)).toBeUndefined()
    expect(startEarly('k', run)).toBe(true)
    expect(runs).toBe(2)
  })

  test('a failure is the claiming caller’s error, once', async () => {
    startEarly('k', () => Promise.reject(new Error('evidence failed')))
    await expect(claimEarly('k', undefined, 60_000)).rejects.toThrow('evidence failed')
    expect(claimEarly('k', undefined, 60_000)).toBeUndefined()
  })

  test('a claim cancelled before the work settles leaves it for the next claim (StrictMode remounts ask once)', async () => {
    let finish!: (v: string) => void
    startEarly('k', () => new Promise<string>((r) => (finish = r)))
    const controller = new AbortController()
    const first = claimEarly<string>('k', controller.signal, 60_000)!
    controller.abort()
    await expect(first).rejects.toMatchObject({ code: 'ABORTED' })
    const second = claimEarly<string>('k', undefined, 60_000)!
    finish('report')
    await expect(second).resolves.toBe('report')
    expect(claimEarly('k', undefined, 60_000)).toBeUndefined()
  })

  test('older than the asker’s staleness: not handed over, dropped', async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    startEarly('k', () => Promise.resolve('old'))
    vi.setSystemTime(1_000_000 + 5_001)
    expect(claimEarly('k', undefined, 5_000)).toBeUndefined()
    expect(startEarly('k', () => Promise.resolve('new'))).toBe(true)
    await expect(claimEarly('k', undefined, 5_000)).resolves.toBe('new')
  })
})
