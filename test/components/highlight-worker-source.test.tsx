/**
 * `setHighlightWorker`, in real Chromium: long code blocks highlighted by a worker the app serves (a URL) or starts
 * (a function) instead of the one its bundler emits; a URL that does not load falls back to the main thread, said
 * once and naming the URL; a later source is tried again; `undefined` goes back to the package's own.
 */
import { render } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { Markdown, preloadMarkdown, setHighlightWorker } from '../../src/components/index.ts'
import { highlightWorkerTimeouts, stopHighlightWorker } from '../../src/components/markdown/highlight-off-thread.ts'
import { codeOf, countWorkers, fenced, longCode } from './long-code.ts'

// Where this repository's dev server serves the worker's module: what an app's static files would hold.
const SERVED = new URL('../../src/components/markdown/highlight-worker.ts', import.meta.url).href

/** Renders a long block and waits until it is highlighted; where it was. */
async function highlightedIn(lines: number): Promise<string | undefined> {
  const { container } = render(<Markdown text={fenced(longCode(lines))} />)
  await vi.waitFor(() => expect(container.querySelectorAll('pre .hljs-comment')).toHaveLength(lines), { timeout: 10_000, interval: 20 })
  expect(codeOf(container).textContent).toBe(longCode(lines))
  return codeOf(container).dataset.highlightedIn
}

describe('setHighlightWorker', () => {
  beforeAll(async () => {
    await preloadMarkdown()
  })
  afterEach(() => {
    stopHighlightWorker()
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })
  afterAll(() => setHighlightWorker(undefined))

  it('starts the worker from the URL the app serves it at, once for the page', async () => {
    const started = countWorkers()
    setHighlightWorker(SERVED)
    expect(await highlightedIn(120)).toBe('worker')
    expect(await highlightedIn(140)).toBe('worker')
    expect(started).toEqual([SERVED])
  })

  it('keeps its worker when told the same place again (a call in a render, a URL object for the same string)', async () => {
    const started = countWorkers()
    setHighlightWorker(SERVED)
    expect(await highlightedIn(120)).toBe('worker')
    setHighlightWorker(SERVED)
    setHighlightWorker(new URL(SERVED))
    expect(await highlightedIn(130)).toBe('worker')
    expect(started).toEqual([SERVED])
  })

  it('starts it with the function the app gives', async () => {
    const started = countWorkers()
    const start = vi.fn(() => new Worker(new URL(SERVED), { type: 'module' }))
    setHighlightWorker(start)
    expect(await highlightedIn(120)).toBe('worker')
    expect(start).toHaveBeenCalledTimes(1)
    expect(started).toEqual([SERVED])
  })

  it('falls back to the main thread where the URL does not load, naming it once; a later source is tried again', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    setHighlightWorker('/workers/no-such-highlight-worker.js')
    expect(await highlightedIn(120)).toBe('main-thread')
    expect(await highlightedIn(130)).toBe('main-thread')
    const said = warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes('highlighted on the main thread'))
    expect(said).toHaveLength(1)
    expect(said[0]).toContain('the worker at /workers/no-such-highlight-worker.js could not load its code')
    expect(said[0]).toContain('setHighlightWorker')
    // The failure was that source's: another one starts a worker again.
    const started = countWorkers()
    setHighlightWorker(SERVED)
    expect(await highlightedIn(110)).toBe('worker')
    expect(started).toEqual([SERVED])
  })

  it('falls back to the main thread where the function throws or returns no worker', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    for (const start of [() => ({}) as Worker, () => null as unknown as Worker, () => { throw new Error('no workers here') }]) {
      setHighlightWorker(start)
      expect(await highlightedIn(120)).toBe('main-thread')
    }
  })

  it('sends the blocks waiting for the last source’s worker to the new one', async () => {
    // A worker that loads and never answers: the first block waits on it.
    const silent = URL.createObjectURL(new Blob(["postMessage({ type: 'ready' })"], { type: 'text/javascript' }))
    setHighlightWorker(silent)
    const waiting = render(<Markdown text={fenced(longCode(120))} />)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(codeOf(waiting.container).dataset.highlightedIn).toBeUndefined()
    setHighlightWorker(SERVED)
    expect(await highlightedIn(130)).toBe('worker')
    await vi.waitFor(() => expect(waiting.container.querySelectorAll('pre .hljs-comment')).toHaveLength(120), { timeout: 10_000, interval: 20 })
    expect(codeOf(waiting.container).dataset.highlightedIn).toBe('worker')
  })

  it('never takes back a worker it stopped (a function that hands out one it keeps): the main thread, said', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.spyOn(highlightWorkerTimeouts, 'idleMs', 'get').mockReturnValue(100)
    let kept: Worker | undefined
    setHighlightWorker(() => (kept ??= new Worker(new URL(SERVED), { type: 'module' })))
    expect(await highlightedIn(120)).toBe('worker')
    // Idle: stopped. The next block asks the function again and gets the stopped one.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await highlightedIn(130)).toBe('main-thread')
    expect(warn.mock.calls.map(([m]) => String(m)).join('\n')).toContain('returned a worker sealkit had stopped')
  })

  it('names each source that fails, not only the first', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    for (const url of ['/workers/first-missing.js', '/workers/second-missing.js']) {
      setHighlightWorker(url)
      expect(await highlightedIn(120)).toBe('main-thread')
    }
    const said = warn.mock.calls.map(([m]) => String(m)).filter((m) => m.includes('highlighted on the main thread'))
    expect(said).toEqual([expect.stringContaining('at /workers/first-missing.js'), expect.stringContaining('at /workers/second-missing.js')])
  })

  it('goes back to the package’s own worker with undefined, stopping the one the app started', async () => {
    const served = countWorkers()
    setHighlightWorker(SERVED)
    expect(await highlightedIn(120)).toBe('worker')
    setHighlightWorker(undefined)
    expect(await highlightedIn(125)).toBe('worker')
    expect(served).toEqual([SERVED, expect.stringMatching(/highlight-worker\.(ts|js)\b/)])
    expect(served[1]).not.toBe(SERVED)
  })
})
