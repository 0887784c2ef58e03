import { afterEach, describe, expect, test, vi } from 'vitest'
import { claimEarly, earlyTicket, holdEarly, resetEarlyStarts, startEarly } from '../../src/core/query/early-start.ts'

/** Work started early is handed over once, whole, and only while it is fresh. */
describe('startEarly / claimEarly', () => {
  afterEach(() => {
    resetEarlyStarts()
    vi.useRealTimers()
  })

  test('one start per key until claimed; claimed once, then gone', async () => {
    let runs = 0
    const run = () => Promise.resolve(++runs)
    const work = startEarly('k', run, earlyTicket())
    expect(startEarly('k', run, earlyTicket())).toBe(work) // the work under way, not another
    expect(runs).toBe(1)
    expect(claimEarly('other', undefined, 60_000)).toBeUndefined()
    await expect(claimEarly('k', undefined, 60_000)).resolves.toBe(1)
    expect(claimEarly('k', undefined, 60_000)).toBeUndefined()
    await expect(startEarly('k', run, earlyTicket())).resolves.toBe(2)
    expect(runs).toBe(2)
  })

  test('a failure is the claiming caller’s error, once', async () => {
    startEarly('k', () => Promise.reject(new Error('evidence failed')), earlyTicket())
    await expect(claimEarly('k', undefined, 60_000)).rejects.toThrow('evidence failed')
    expect(claimEarly('k', undefined, 60_000)).toBeUndefined()
  })

  test('a claim cancelled before the work settles leaves it for the next claim (StrictMode remounts ask once)', async () => {
    let finish!: (v: string) => void
    startEarly('k', () => new Promise<string>((r) => (finish = r)), earlyTicket())
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
    startEarly('k', () => Promise.resolve('old'), earlyTicket())
    vi.setSystemTime(1_000_000 + 5_001)
    expect(claimEarly('k', undefined, 5_000)).toBeUndefined()
    startEarly('k', () => Promise.resolve('new'), earlyTicket())
    await expect(claimEarly('k', undefined, 5_000)).resolves.toBe('new')
  })

  test("a query's own work stands for the early start of a config created before it asked, settled or not; never for a later one", async () => {
    let runs = 0
    const run = () => Promise.resolve(`early ${++runs}`)
    const createdBefore = earlyTicket()
    const own = Promise.reject(new Error('failed fast'))
    own.catch(() => {})
    holdEarly('k', own)
    await own.catch(() => {}) // settled before the config's start runs
    await expect(startEarly('k', run, createdBefore)).rejects.toThrow('failed fast')
    expect(runs).toBe(0)
    // A config created after the query asked starts its own.
    await expect(startEarly('k', run, earlyTicket())).resolves.toBe('early 1')
    expect(runs).toBe(1)
  })
})
