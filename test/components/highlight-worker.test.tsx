/**
 * Long code blocks highlighted in the highlighting worker, in real Chromium: started while a long block still
 * streams; on the main thread, said once, where no worker starts or loads; and a block left plain when the worker
 * answers with something that is not a tree of its code.
 */
import { render } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { Markdown, preloadMarkdown, StreamingMessage } from '../../src/components/index.ts'
import { encodeHast } from '../../src/components/markdown/highlight-wire.ts'
import { highlightWorkerTimeouts, stopHighlightWorker } from '../../src/components/markdown/highlight-off-thread.ts'
import type { HastNode } from '../../src/components/markdown/highlight-loader.ts'
import { codeOf, countWorkers, fenced, longCode, RealWorker } from './long-code.ts'

const reply = (text: string, streaming: boolean) => (
  <StreamingMessage message={{ role: 'assistant', parts: [{ type: 'text', text, state: streaming ? 'streaming' : 'done' }] }} />
)

/** A stand-in worker that answers every request with `answer(code)` after `delayMs` (never, when `answer` gives undefined). */
function fakeWorker(answer: (code: string) => unknown, delayMs = 0) {
  const made: Array<EventTarget & { terminated: boolean }> = []
  vi.stubGlobal(
    'Worker',
    class extends EventTarget {
      terminated = false
      constructor() {
        super()
        made.push(this)
        setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: { type: 'ready' } })))
      }
      postMessage({ id, code }: { id: number; code: string }) {
        const reply = answer(code)
        if (reply !== undefined) setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: { id, ...(reply as object) } })), delayMs)
      }
      terminate() {
        this.terminated = true
      }
    },
  )
  return made
}
const spans = (code: string, className: string): HastNode[] => [{ type: 'element', tagName: 'span', properties: { className: [className] }, children: [{ type: 'text', value: code }] }]

const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

describe('the highlighting worker', () => {
  beforeAll(async () => {
    await preloadMarkdown()
  })
  afterEach(() => {
    stopHighlightWorker()
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('highlights a long block off the main thread, started while the block still streams', async () => {
    const started = countWorkers()
    const code = longCode(200)
    const { container, rerender } = render(reply(`\`\`\`ts\n${code}`, true))
    await vi.waitFor(() => expect(codeOf(container).textContent).toBe(code), { timeout: 5000, interval: 20 })
    // Before the block is done: the worker loads while it streams.
    expect(started).toEqual([expect.stringMatching(/highlight-worker\.(ts|js)\b/)])
    rerender(reply(`${fenced(code)}\n\nAfter the code.`, false))
    await vi.waitFor(() => expect(container.querySelectorAll('pre .hljs-comment')).toHaveLength(200), { timeout: 10_000, interval: 20 })
    expect(codeOf(container).dataset.highlightedIn).toBe('worker')
    expect(codeOf(container).textContent).toBe(code)
    expect(codeOf(container).querySelectorAll('.hljs-keyword').length).toBeGreaterThanOrEqual(200)
    // One worker for the page: a second long block is sent to it.
    const second = render(<Markdown text={fenced(longCode(120))} />)
    await vi.waitFor(() => expect(codeOf(second.container).dataset.highlightedIn).toBe('worker'), { timeout: 10_000, interval: 20 })
    expect(started).toHaveLength(1)
  })

  it('starts no worker for a long block it will not highlight: a language it has no grammar for, code past its bounds', async () => {
    const started = countWorkers()
    const wide = `${longCode(100)}\nconst data = "${'x'.repeat(1_000)}"`
    for (const [lang, code] of [['log', longCode(150)], ['brainfuck', longCode(150)], ['ts', wide]] as const) {
      const { container, rerender, unmount } = render(reply(`\`\`\`${lang}\n${code}\n`, true))
      await vi.waitFor(() => expect(codeOf(container).textContent).toBe(code), { timeout: 5000, interval: 20 })
      rerender(reply(`\`\`\`${lang}\n${code}\n\`\`\``, false))
      await settle()
      expect(container.querySelector('pre [class^="hljs"]')).toBeNull()
      unmount()
    }
    expect(started).toEqual([])
  })

  it('keeps short blocks on the main thread, with no worker', async () => {
    const started = countWorkers()
    const { container } = render(<Markdown text={fenced(longCode(20))} />)
    await vi.waitFor(() => expect(codeOf(container).dataset.highlightedIn).toBe('main-thread'), { timeout: 10_000, interval: 20 })
    expect(container.querySelectorAll('pre .hljs-comment')).toHaveLength(20)
    expect(started).toEqual([])
  })

  // In this order: the first case says it, the second finds it said already (once per page).
  it.each([
    ['cannot start (a Content-Security-Policy)', () => vi.stubGlobal('Worker', class { constructor() { throw new DOMException('refused by worker-src', 'SecurityError') } }), 1],
    ['cannot load its code (a bundler that did not emit it)', () => vi.stubGlobal('Worker', class extends RealWorker { constructor(_: unknown, options?: WorkerOptions) { super(new URL('/no-such-highlight-worker.js', location.href), options) } }), 0],
  ])('highlights on the main thread where the worker %s, and says so once a page', async (_, breakWorker, times) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    breakWorker()
    const first = render(<Markdown text={fenced(longCode(150))} />)
    const second = render(<Markdown text={fenced(longCode(130))} />)
    for (const [{ container }, lines] of [[first, 150], [second, 130]] as const) {
      await vi.waitFor(() => expect(container.querySelectorAll('pre .hljs-comment')).toHaveLength(lines), { timeout: 10_000, interval: 20 })
      expect(codeOf(container).dataset.highlightedIn).toBe('main-thread')
    }
    const said = warn.mock.calls.filter(([message]) => String(message).includes('highlighted on the main thread'))
    expect(said).toHaveLength(times)
    if (times) expect(String(said[0]![0])).toMatch(/could not start: refused by worker-src/)
  })

  it.each([
    ['text that is not its code', (code: string) => spans(`${code}!`, 'hljs-string')],
    ['a class that is not highlight.js’s (sealkit’s own, hiding text)', (code: string) => spans(code, 'sealkit-md__break')],
    ['a class that is markup', (code: string) => spans(code, 'hljs-string" onmouseover="alert(1)')],
  ])('leaves a block plain when the worker answers with %s, and colours it when the tree is right', async (_, wrong) => {
    fakeWorker((code) => ({ tree: encodeHast(wrong(code)) }))
    const refused = render(<Markdown text={fenced(longCode(100))} />)
    await settle()
    expect(refused.container.querySelector('pre code .sealkit-md__lines > span')).toBeNull()
    expect(codeOf(refused.container).dataset.highlightedIn).toBeUndefined()
    expect(codeOf(refused.container).textContent).toBe(longCode(100))
    stopHighlightWorker()
    fakeWorker((code) => ({ tree: encodeHast(spans(code, 'hljs-string')) }))
    const right = render(<Markdown text={fenced(longCode(100))} />)
    await vi.waitFor(() => expect(right.container.querySelectorAll('pre code .sealkit-md__lines > .hljs-string').length).toBeGreaterThan(0), { timeout: 10_000, interval: 20 })
    expect(codeOf(right.container).dataset.highlightedIn).toBe('worker')
    expect(codeOf(right.container).textContent).toBe(longCode(100))
  })

  it('leaves a block plain when the worker answers with an error, and says so once; ignores what is no answer', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const made = fakeWorker(() => ({ error: 'grammar failed' }))
    const first = render(<Markdown text={fenced(longCode(100))} />)
    const second = render(<Markdown text={fenced(longCode(90))} />)
    await settle()
    // Messages that are not answers (a string, null, another id) change nothing.
    for (const data of ['x', null, 7, { id: 999, tree: encodeHast(spans('x', 'hljs-string')) }]) made[0]!.dispatchEvent(new MessageEvent('message', { data }))
    for (const { container } of [first, second]) {
      expect(container.querySelector('pre code .sealkit-md__lines > span')).toBeNull()
      expect(codeOf(container).textContent).toMatch(/^const value0/)
    }
    expect(warn.mock.calls.filter(([m]) => /could not be highlighted \(grammar failed\)/.test(String(m)))).toHaveLength(1)
  })

  it('restarts a worker that goes quiet while blocks wait: the block it was on stays plain, the others are highlighted', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    highlightWorkerTimeouts.quietMs = 300
    try {
      const stuckOn = longCode(100)
      // The first worker answers nothing; the next answers everything.
      const made = fakeWorker((code) => (made.length === 1 ? undefined : { tree: encodeHast(spans(code, 'hljs-string')) }))
      const stuck = render(<Markdown text={fenced(stuckOn)} />)
      const waiting = render(<Markdown text={fenced(longCode(90))} />)
      await vi.waitFor(() => expect(codeOf(waiting.container).dataset.highlightedIn).toBe('worker'), { timeout: 5000, interval: 20 })
      expect(made).toHaveLength(2)
      expect(made[0]!.terminated).toBe(true)
      expect(stuck.container.querySelector('pre code .sealkit-md__lines > span')).toBeNull()
      expect(codeOf(stuck.container).textContent).toBe(stuckOn)
      expect(warn.mock.calls.filter(([m]) => /took over 0\.3 s; it is shown plain/.test(String(m)))).toHaveLength(1)
    } finally {
      highlightWorkerTimeouts.quietMs = 10_000
    }
  })

  it('stops a worker left with no block to highlight, and starts a new one for the next; a long block still streaming keeps it', async () => {
    highlightWorkerTimeouts.idleMs = 300
    try {
      const made = fakeWorker((code) => ({ tree: encodeHast(spans(code, 'hljs-string')) }))
      const first = render(<Markdown text={fenced(longCode(100))} />)
      await vi.waitFor(() => expect(codeOf(first.container).dataset.highlightedIn).toBe('worker'), { timeout: 5000, interval: 20 })
      expect(made.map((worker) => worker.terminated)).toEqual([false])
      await vi.waitFor(() => expect(made[0]!.terminated).toBe(true), { timeout: 3000, interval: 20 })
      // A long block streams for twice the idle time, a chunk every 100 ms: the worker it starts stays for its end.
      const streamed = render(reply(fenced(longCode(100)).slice(0, -4), true))
      for (let i = 1; i <= 6; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        streamed.rerender(reply(fenced(longCode(100 + i)).slice(0, -4), true))
      }
      expect(made.map((worker) => worker.terminated)).toEqual([true, false])
      streamed.rerender(reply(fenced(longCode(106)), false))
      await vi.waitFor(() => expect(codeOf(streamed.container).dataset.highlightedIn).toBe('worker'), { timeout: 5000, interval: 20 })
      expect(made).toHaveLength(2)
    } finally {
      highlightWorkerTimeouts.idleMs = 60_000
    }
  })

  it('highlights on the main thread when an answer cannot be read (messageerror): the worker is given up', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const made = fakeWorker(() => undefined)
    const { container } = render(<Markdown text={fenced(longCode(100))} />)
    await vi.waitFor(() => expect(made).toHaveLength(1))
    made[0]!.dispatchEvent(new MessageEvent('messageerror'))
    await vi.waitFor(() => expect(container.querySelectorAll('pre .hljs-comment')).toHaveLength(100), { timeout: 10_000, interval: 20 })
    expect(codeOf(container).dataset.highlightedIn).toBe('main-thread')
    expect(made[0]!.terminated).toBe(true)
  })

  it('never paints an answer for code the block no longer has, and forgets where an earlier highlighting ran', async () => {
    fakeWorker((code) => ({ tree: encodeHast(spans(code, 'hljs-string')) }), 150)
    const seen: string[] = []
    const { container, rerender } = render(<Markdown text={fenced(longCode(100))} />)
    const observer = new MutationObserver(() => container.querySelectorAll('pre code .hljs-string').forEach((span) => seen.push(span.textContent!.slice(0, 30))))
    observer.observe(container, { childList: true, subtree: true })
    // The code changes while the first answer is on its way.
    const next = longCode(100).replaceAll('const', 'let')
    rerender(<Markdown text={fenced(next)} />)
    await vi.waitFor(() => expect(codeOf(container).dataset.highlightedIn).toBe('worker'), { timeout: 5000, interval: 20 })
    await settle()
    observer.disconnect()
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.filter((text) => text.startsWith('const'))).toEqual([])
    expect(codeOf(container).textContent).toBe(next)
    // A label that names no grammar: plain again, and nothing says where it was highlighted.
    rerender(<Markdown text={`\`\`\`brainfuck\n${next}\n\`\`\``} />)
    await settle()
    expect(container.querySelector('pre code .hljs-string')).toBeNull()
    expect(codeOf(container).dataset.highlightedIn).toBeUndefined()
  })
})
