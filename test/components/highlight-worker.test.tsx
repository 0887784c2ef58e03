/**
 * Long code blocks highlighted in the highlighting worker, in real Chromium: started while a long block still
 * streams; on the main thread, said once, where no worker starts or loads; and a block left plain when the worker
 * answers with something that is not a tree of its code.
 */
import { render } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { Markdown, preloadMarkdown, StreamingMessage } from '../../src/components/index.ts'
import { encodeHast } from '../../src/components/markdown/highlight-wire.ts'
import { stopHighlightWorker } from '../../src/components/markdown/highlight-off-thread.ts'
import type { HastNode } from '../../src/components/markdown/highlight-loader.ts'

const RealWorker = globalThis.Worker
const longCode = (lines: number) => Array.from({ length: lines }, (_, i) => `const value${i} = compute(${i}, "text") // line ${i}`).join('\n')
const fenced = (code: string) => `\`\`\`ts\n${code}\n\`\`\``
const reply = (text: string, streaming: boolean) => (
  <StreamingMessage message={{ role: 'assistant', parts: [{ type: 'text', text, state: streaming ? 'streaming' : 'done' }] }} />
)
const codeOf = (container: HTMLElement) => container.querySelector('pre code') as HTMLElement

/** Workers started from now on, by URL. */
function countWorkers(): string[] {
  const started: string[] = []
  vi.stubGlobal(
    'Worker',
    class extends RealWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options)
        started.push(String(url))
      }
    },
  )
  return started
}

/** A stand-in worker that answers every request with `answer(code)`. */
function fakeWorker(answer: (code: string) => unknown) {
  vi.stubGlobal(
    'Worker',
    class extends EventTarget {
      constructor() {
        super()
        setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: { type: 'ready' } })))
      }
      postMessage({ id, code }: { id: number; code: string }) {
        setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: { id, ...(answer(code) as object) } })))
      }
      terminate() {}
    },
  )
}

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

  it('leaves a block plain when the worker answers with a tree that is not its code, and colours it when it is', async () => {
    const spans = (code: string, className: string): HastNode[] => [{ type: 'element', tagName: 'span', properties: { className: [className] }, children: [{ type: 'text', value: code }] }]
    fakeWorker((code) => ({ tree: encodeHast(spans(`${code}!`, 'hljs-string')) }))
    const wrong = render(<Markdown text={fenced(longCode(100))} />)
    await settle()
    expect(wrong.container.querySelector('pre code span[class^="hljs"]')).toBeNull()
    expect(codeOf(wrong.container).dataset.highlightedIn).toBeUndefined()
    expect(codeOf(wrong.container).textContent).toBe(longCode(100))
    stopHighlightWorker()
    // A class name is a class name, nothing more.
    const hostile = 'hljs-string" onmouseover="alert(1)'
    fakeWorker((code) => ({ tree: encodeHast(spans(code, hostile)) }))
    const right = render(<Markdown text={fenced(longCode(100))} />)
    await vi.waitFor(() => expect(codeOf(right.container).dataset.highlightedIn).toBe('worker'), { timeout: 10_000, interval: 20 })
    await vi.waitFor(() => expect(right.container.querySelectorAll('pre code .sealkit-md__lines > span').length).toBeGreaterThan(0), { timeout: 10_000, interval: 20 })
    const span = right.container.querySelector('pre code .sealkit-md__lines > span')!
    expect(span.getAttribute('class')).toBe(hostile)
    expect(span.hasAttribute('onmouseover')).toBe(false)
    expect(codeOf(right.container).textContent).toBe(longCode(100))
  })

  it('leaves a block plain when the worker answers with an error', async () => {
    fakeWorker(() => ({ error: 'grammar failed' }))
    const { container } = render(<Markdown text={fenced(longCode(100))} />)
    await settle()
    expect(container.querySelector('pre code span[class^="hljs"]')).toBeNull()
    expect(codeOf(container).textContent).toBe(longCode(100))
  })
})
