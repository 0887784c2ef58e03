import { describe, expect, it } from 'vitest'
import { loadOnce } from '../../src/core/load-once.ts'

describe('loadOnce', () => {
  it('loads once for every caller, and again only after a failure', async () => {
    const answers: Array<() => Promise<string>> = [() => Promise.reject(new Error('offline')), () => Promise.resolve('chunk')]
    let calls = 0
    const load = loadOnce(() => answers[calls++]!())
    const [a, b] = [load(), load()]
    expect(a).toBe(b)
    await expect(a).rejects.toThrow('offline')
    expect(await load()).toBe('chunk')
    expect(await load()).toBe('chunk')
    expect(calls).toBe(2)
  })
})
