// @vitest-environment jsdom
/**
 * The reply's markdown renders at transition priority: a chat store's update (a synchronous render,
 * useSyncExternalStore) commits without the markdown work, which follows in slices. Checked outside
 * `act` (act would flush both at once), with `flushSync` for the synchronous render.
 */
import { act } from 'react'
import { flushSync } from 'react-dom'
import { createRoot, hydrateRoot, type Root } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { Lexer } from 'marked'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { Markdown } from '../../src/components/markdown/Markdown.tsx'

const first = '# Plan\n\n- [x] attest\n- **chat**\n\n'
const more = `${first}Second paragraph, *growing*`
// More than a reply's first words (over 512 characters): a reply that mounts with this much starts empty.
const large = `${first}${'A long paragraph that arrived with the first chunk. '.repeat(12)}\n\n`

let host: HTMLDivElement
let root: Root | undefined
beforeEach(() => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false
  host = document.createElement('div')
  document.body.append(host)
})
afterEach(() => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false
  flushSync(() => root?.unmount())
  root = undefined
  host.remove()
})

const waitFor = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 2000, interval: 5 })

test('a reply that mounts while streaming with more than its first words commits first without its markdown, which follows in a transition', async () => {
  expect(large.length).toBeGreaterThan(512)
  root = createRoot(host)
  flushSync(() => root!.render(<Markdown text={large} streaming />))
  expect(host.querySelector('.sealkit-md')).not.toBeNull()
  expect(host.textContent).toBe('')
  await waitFor(() => host.querySelector('.sealkit-md strong')?.textContent === 'chat')
})

test("a reply that mounts while streaming with its first words shows them in that commit: the reader's first token never waits for a transition", () => {
  root = createRoot(host)
  flushSync(() => root!.render(<Markdown text={first} streaming />))
  expect(host.querySelector('.sealkit-md strong')?.textContent).toBe('chat')
  expect(host.querySelector('.sealkit-md h3')?.textContent).toBe('Plan')
})

test('a streamed update commits the old text first, then the new text; the tail stays stabilized until it catches up', async () => {
  root = createRoot(host)
  flushSync(() => root!.render(<Markdown text={first} streaming />))
  await waitFor(() => host.textContent!.includes('chat'))
  flushSync(() => root!.render(<Markdown text={more} streaming />))
  // The synchronous render kept the reply as it was: no markdown work in it.
  expect(host.textContent).not.toContain('Second paragraph')
  await waitFor(() => host.querySelector('em')?.textContent === 'growing')
  expect(host.textContent).toContain('Second paragraph, growing')
})

test('the commit that ends the stream shows the whole text: a reply said to be done never shows a prefix', async () => {
  root = createRoot(host)
  flushSync(() => root!.render(<Markdown text={first} streaming />))
  await waitFor(() => host.textContent!.includes('chat'))
  // The last chunk and the end in one store update (one synchronous render), as a chat store sends them.
  flushSync(() => root!.render(<Markdown text={more} streaming={false} />))
  expect(host.querySelector('em')?.textContent).toBe('growing')
  const whole = host.textContent
  expect(whole).toContain('Second paragraph, growing')
  // Mounted while streaming and ended before the deferred render landed: whole at once too.
  flushSync(() => root!.unmount())
  root = createRoot(host)
  flushSync(() => root!.render(<Markdown text={large} streaming />))
  expect(host.textContent).toBe('')
  flushSync(() => root!.render(<Markdown text={more} streaming={false} />))
  expect(host.textContent).toBe(whole)
})

test('a finished reply (history, a restored chat) mounts whole, in the first commit', () => {
  root = createRoot(host)
  flushSync(() => root!.render(<Markdown text={more} />))
  expect(host.querySelector('.sealkit-md strong')?.textContent).toBe('chat')
  expect(host.querySelector('em')?.textContent).toBe('growing')
})

test('server rendering and hydration of a streaming reply show its text (the deferred start is for client mounts only)', async () => {
  const html = renderToString(<Markdown text={first} streaming />)
  expect(html).toContain('<strong>chat</strong>')
  host.innerHTML = html
  const recoverable = vi.fn()
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  await act(async () => {
    root = hydrateRoot(host, <Markdown text={first} streaming />, { onRecoverableError: recoverable })
  })
  expect(recoverable).not.toHaveBeenCalled()
  expect(host.querySelector('strong')?.textContent).toBe('chat')
})

test('a finished block is lexed once: its DOM is built from the elements its render made', () => {
  const lex = vi.spyOn(Lexer, 'lex')
  try {
    root = createRoot(host)
    const blocks = ['# One\n\n', 'Two **b**\n\n', '- three\n- four\n\n', 'tail']
    flushSync(() => root!.render(<Markdown text={blocks.join('')} />))
    expect(host.querySelectorAll('.sealkit-md__block')).toHaveLength(3)
    expect(host.textContent).toBe('OneTwo bthreefourtail')
    // Three finished blocks and the tail, once each.
    expect(lex).toHaveBeenCalledTimes(4)
  } finally {
    lex.mockRestore()
  }
})

test('a reply shown as typed until the renderer arrives is rendered at once when it does, never empty in between', async () => {
  vi.resetModules()
  const lazy = await import('../../src/components/markdown/lazy.tsx')
  const seen: string[] = []
  const observer = new MutationObserver(() => seen.push(host.textContent ?? ''))
  observer.observe(host, { childList: true, subtree: true, characterData: true })
  root = createRoot(host)
  flushSync(() => root!.render(<lazy.Markdown text={first} streaming />))
  expect(host.querySelector('.sealkit-md-loading')?.textContent).toBe(first)
  await lazy.preloadMarkdown()
  await waitFor(() => host.querySelector('.sealkit-md strong')?.textContent === 'chat')
  observer.disconnect()
  expect(seen.length).toBeGreaterThan(0)
  expect(seen.filter((text) => text === '')).toEqual([])
})

test('once preloadMarkdown() settles, a finished reply renders at once: the warm-up is done, no frame of text as typed', async () => {
  vi.resetModules()
  const lazy = await import('../../src/components/markdown/lazy.tsx')
  const { Lexer: FreshLexer } = await import('marked')
  // The warm-up's last steps go through the lexer: count them, to see it ran before the promise settled.
  const lex = vi.spyOn(FreshLexer, 'lex')
  try {
    await lazy.preloadMarkdown()
    const warmedUp = lex.mock.calls.length
    expect(warmedUp).toBeGreaterThan(0)
    root = createRoot(host)
    flushSync(() => root!.render(<lazy.Markdown text={first} />))
    expect(host.querySelector('.sealkit-md-loading')).toBeNull()
    expect(host.querySelector('.sealkit-md strong')?.textContent).toBe('chat')
  } finally {
    lex.mockRestore()
  }
})

test('a text replaced rather than extended renders at once: the reply never shows text that is not a prefix of its own', async () => {
  root = createRoot(host)
  flushSync(() => root!.render(<Markdown text="Wire **100 EUR** to Alice." streaming />))
  await waitFor(() => host.textContent === 'Wire 100 EUR to Alice.')
  flushSync(() => root!.render(<Markdown text="Wire 5 EUR to Bob." streaming />))
  expect(host.textContent).toBe('Wire 5 EUR to Bob.')
})

test('a tail too costly to render between two updates still shows progress: after ~200 ms behind, it renders urgently', async () => {
  // A long table is one block until a blank line: every update restarts its deferred render, which
  // React would otherwise hold back until its transitions expire (5 s). Rows arrive every 40 ms.
  root = createRoot(host)
  const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => `| r${from + i} | **x** | y | z |\n`).join('')
  let n = 1500
  let text = `Intro\n\n| a | b | c | d |\n|---|---|---|---|\n${rows(0, n)}`
  flushSync(() => root!.render(<Markdown text={text} streaming />))
  await vi.waitFor(() => expect(host.querySelectorAll('tr')).toHaveLength(n + 1), { timeout: 10_000, interval: 20 })
  const shown = [host.querySelectorAll('tr').length]
  const start = performance.now()
  // Well inside React's 5 s: without the urgent catch-up the table would not move in this window.
  while (performance.now() - start < 4000 && new Set(shown).size < 3) {
    text += rows(n, 5)
    n += 5
    flushSync(() => root!.render(<Markdown text={text} streaming />))
    await new Promise((resolve) => setTimeout(resolve, 40))
    shown.push(host.querySelectorAll('tr').length)
  }
  expect(new Set(shown).size, `rows on screen per update: ${shown.join(',')}`).toBeGreaterThanOrEqual(3)
  // Whatever it showed was a prefix of the text: rows in order, none past those sent.
  expect(Math.max(...shown)).toBeLessThanOrEqual(n + 1)
}, 20_000)
