/** Markdown replies in real Chromium: rendered while streaming and after, safely. */
import { render, screen, waitFor, within } from '@testing-library/react'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { commands, userEvent } from 'vitest/browser'
import { Markdown, preloadMarkdown, StreamingMessage } from '../../src/components/index.ts'

/** The text "Copy as text" takes (MessageActions): `innerText`, with what is laid out only near the screen laid out. */
function copiedAsText(element: Element): string {
  const text = element.closest('.sealkit-md')!
  text.setAttribute('data-sealkit-copying', '')
  try {
    return (element as HTMLElement).innerText
  } finally {
    text.removeAttribute('data-sealkit-copying')
  }
}

const reply = (text: string, streaming = false) => (
  <StreamingMessage message={{ role: 'assistant', parts: [{ type: 'text', text, state: streaming ? 'streaming' : 'done' }] }} />
)

describe('markdown replies', () => {
  // The renderer is a lazy chunk; the chat preloads it on mount, as this does.
  beforeAll(async () => {
    await preloadMarkdown()
  })

  it('shows the text as typed for the moments before the renderer has loaded, never an empty reply', async () => {
    // (Loaded and warmed by beforeAll here: this checks the loaded path is taken synchronously, no flash.)
    const { container } = render(reply('**bold**'))
    expect(container.querySelector('strong')).toHaveTextContent('bold')
    expect(container.querySelector('.sealkit-md-loading')).toBeNull()
  })

  it('renders an unterminated code fence as code while it streams, with its language and a copy button', () => {
    const { container, rerender } = render(reply('Here:\n\n```ts\nconst a = 1\n', true))
    const figure = container.querySelector('figure.sealkit-md__code')!
    expect(figure).not.toBeNull()
    expect(within(figure as HTMLElement).getByText('ts')).toBeVisible()
    expect(figure.querySelector('pre code')).toHaveTextContent('const a = 1')
    expect(container.textContent).not.toContain('```')
    // More text arrives, then the fence closes: the same block, never raw text in between.
    rerender(reply('Here:\n\n```ts\nconst a = 1\nconst b = 2\n', true))
    expect(container.querySelector('pre code')).toHaveTextContent('const a = 1 const b = 2')
    expect(container.textContent).not.toContain('```')
    rerender(reply('Here:\n\n```ts\nconst a = 1\nconst b = 2\n```\n\nDone.'))
    expect(container.querySelectorAll('pre')).toHaveLength(1)
    expect(screen.getByRole('button', { name: 'Copy Code (ts)' })).toBeVisible()
    expect(screen.getByText('Done.').tagName).toBe('P')
  })

  it('never shows a half-written table as a line of pipes, and renders it once complete', () => {
    const { container, rerender } = render(reply('Prices:\n\n| Model | Price |\n', true))
    expect(container.textContent).not.toContain('|')
    rerender(reply('Prices:\n\n| Model | Price |\n|---|--', true))
    expect(container.querySelector('table')).not.toBeNull()
    rerender(reply('Prices:\n\n| Model | Price |\n|---|---|\n| Qwen | $0.75 |\n'))
    const table = screen.getByRole('table')
    expect(within(table).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Model', 'Price'])
    expect(within(table).getByRole('cell', { name: 'Qwen' })).toBeVisible()
    expect(container.textContent).not.toContain('|')
  })

  it('does not flicker open emphasis through raw asterisks', () => {
    const { container } = render(reply('This is **importa', true))
    expect(container.querySelector('strong')).toHaveTextContent('importa')
    expect(container.textContent).not.toContain('*')
  })

  it('keeps finished blocks as they are while the reply grows (same DOM nodes)', () => {
    const { container, rerender } = render(reply('First paragraph.\n\nSecond', true))
    const first = screen.getByText('First paragraph.')
    rerender(reply('First paragraph.\n\nSecond paragraph, longer now.\n\nThird', true))
    expect(screen.getByText('First paragraph.')).toBe(first)
    expect(container.querySelectorAll('.sealkit-md p')).toHaveLength(3)
  })

  it('builds finished blocks as plain DOM (no React fiber or props kept per element); the growing tail stays React', () => {
    const reactKeys = (node: Element) => Object.keys(node).filter((k) => k.startsWith('__react'))
    const text = '# Plan\n\n- [x] attest\n- **chat** <b>as text</b>\n\n| Check | Result |\n|---|---|\n| Quote | [ok](https://example.com/q) |\n\n[bad](javascript:alert(1)) and 中文\n\nStill'
    const { container, rerender } = render(reply(text, true))
    const finished = [...container.querySelectorAll('.sealkit-md__block')]
    expect(finished).toHaveLength(4)
    for (const block of finished) for (const node of block.querySelectorAll('*')) expect(reactKeys(node)).toEqual([])
    expect(reactKeys(container.querySelector('.sealkit-md > p:last-child')!)).not.toEqual([])
    // The same markup React renders: roles and names, links made safe, raw HTML as text.
    expect(screen.getByRole('heading', { level: 3, name: 'Plan' })).toBeVisible()
    expect(screen.getByRole('img', { name: 'Done' })).toBeVisible()
    expect(screen.getByText('chat').tagName).toBe('STRONG')
    expect(container.querySelector('b')).toBeNull()
    expect(container.textContent).toContain('<b>as text</b>')
    expect(screen.getByRole('region', { name: 'Table' })).toHaveAttribute('tabindex', '0')
    expect(screen.getByRole('link', { name: 'ok' })).toHaveAttribute('rel', 'noopener noreferrer')
    expect(screen.getByText('bad').closest('a')).toBeNull()
    expect(screen.getByText('bad')).toHaveAttribute('data-href-blocked', '')
    // Built once: growing the reply leaves the finished blocks' nodes as they were.
    const heading = screen.getByRole('heading', { level: 3 })
    rerender(reply(text + ' more\n\nAnd the end.'))
    expect(screen.getByRole('heading', { level: 3 })).toBe(heading)
    expect(container.querySelectorAll('.sealkit-md__block')).toHaveLength(5)
    // The first block's heading still sits at the top (the wrapper has no box of its own).
    expect(getComputedStyle(heading).marginTop).toBe('0px')
  })

  it('keeps a finished code block a component: highlighted, with its copy button', async () => {
    const { container } = render(reply('Run:\n\n```js\nconst answer = "42"\n```\n\nThen more', true))
    const figure = container.querySelector('figure.sealkit-md__code')!
    expect(within(figure as HTMLElement).getByRole('button', { name: /Copy/ })).toBeVisible()
    // The highlighter is a lazy chunk: on a loaded machine its fetch and compile take over waitFor's default second.
    await waitFor(() => expect(figure.querySelector('.hljs-keyword')).toHaveTextContent('const'), { timeout: 10_000 })
    expect(figure.querySelector('pre')).toHaveTextContent('const answer = "42"')
    // Keyboard users reach it (it scrolls sideways) by a name: a region, as a table is.
    expect(within(figure as HTMLElement).getByRole('region', { name: 'Code (js)' })).toBe(figure.querySelector('pre'))
  })

  it('renders a javascript: link inert, http links with noopener noreferrer, raw HTML as text', () => {
    const { container } = render(
      reply('[click me](javascript:alert(1)) [data](data:text/html,<script>alert(1)</script>) [web](https://example.com/a) [mail](mailto:a@example.com) <img src=x onerror="alert(1)"> <script>alert(2)</script>'),
    )
    const links = screen.getAllByRole('link')
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a', 'mailto:a@example.com'])
    for (const a of links) {
      expect(a).toHaveAttribute('rel', 'noopener noreferrer')
      expect(a).toHaveAttribute('target', '_blank')
    }
    const inert = screen.getByText('click me')
    expect(inert.closest('a')).toBeNull()
    expect(inert).toHaveAttribute('title', 'Link removed: it was not a web or mail address')
    expect(container.querySelector('img, script, [onerror]')).toBeNull()
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">')
    expect(container.textContent).toContain('<script>alert(2)</script>')
  })

  it("says why a link was removed to a screen reader, in Chromium's own tree, and never in the text a copy takes", async () => {
    const { container } = render(reply('See [the form](javascript:steal()) now.'))
    const blocked = container.querySelector<HTMLElement>('[data-href-blocked]')!
    expect(blocked).toHaveTextContent(/^the form$/)
    const texts = (await commands.accessibleNames('StaticText')).map((name) => name.trim())
    expect(texts).toContain('the form')
    expect(texts).toContain('(Link removed: it was not a web or mail address)')
    // What "Copy as text" reads (innerText) and what is on screen: the reply's words only.
    expect(container.querySelector<HTMLElement>('.sealkit-md')!.innerText).toBe('See the form now.')
    const after = getComputedStyle(blocked, '::after')
    expect(after.width).toBe('1px')
    expect(after.position).toBe('absolute')
  })

  it('shows where a link goes after text that does not say it, keeps an override in the link text inside it, and copies the reply’s words only', async () => {
    const { container } = render(reply('Open [your \u202efdp.exe](https://evil.example/r) and the rest of the line.'))
    const link = screen.getByRole('link', { name: /your/ })
    const host = container.querySelector<HTMLElement>('.sealkit-md__link-host')!
    expect(host).toBeVisible()
    expect(host).toHaveTextContent('(evil.example)')
    expect(getComputedStyle(link).unicodeBidi).toBe('isolate')
    // Laid out left to right after the link: the override reversed the rest of the paragraph when it leaked.
    const words = document.createRange()
    const text = [...container.querySelector('.sealkit-md p')!.childNodes].at(-1)!
    words.setStart(text, text.textContent!.indexOf('rest'))
    words.setEnd(text, text.textContent!.indexOf('rest') + 4)
    const rest = words.getBoundingClientRect()
    expect(rest.left).toBeGreaterThan(host.getBoundingClientRect().right - 1)
    expect(host.getBoundingClientRect().left).toBeGreaterThan(link.getBoundingClientRect().right - 1)
    expect(copiedAsText(container.querySelector('.sealkit-md')!)).toBe('Open your \u202efdp.exe and the rest of the line.')
  })

  // An attacker's re-check: in a right-to-left paragraph the bidi algorithm set one link's host beside the other link.
  it('in a right-to-left paragraph each host stays right after its own link', async () => {
    const { container } = render(reply('مرحبا بكم في البنك [x](https://bank.example) [bank.example](https://evil.example) شكرا'))
    const units = [...container.querySelectorAll<HTMLElement>('.sealkit-md__link')]
    expect(units).toHaveLength(2)
    for (const unit of units) {
      const link = unit.querySelector('a')!.getBoundingClientRect()
      const host = unit.querySelector('.sealkit-md__link-host')!.getBoundingClientRect()
      expect(host.left).toBeGreaterThanOrEqual(link.right - 1)
      expect(host.left - link.right).toBeLessThan(6)
    }
    const shown = units.map((unit) => `${unit.querySelector('a')!.textContent}${unit.querySelector('.sealkit-md__link-host')!.textContent}`)
    expect(shown).toEqual(['x (bank.example)', 'bank.example (evil.example)'])
  })

  it("an image's button wraps its words (the reply's alt text) inside a phone-wide message, never past it", async () => {
    const alt = 'a tracking pixel whose description goes on and on '.repeat(6) + 'x'.repeat(120)
    const { container } = render(<div style={{ width: '340px' }}>{reply(`![${alt}](https://tracker.example.com/p.png)`)}</div>)
    const button = await screen.findByRole('button', { name: /^Load image from tracker\.example\.com/ })
    const box = (container.firstElementChild as HTMLElement).getBoundingClientRect()
    expect(button.getBoundingClientRect().right).toBeLessThanOrEqual(box.right + 0.5)
    expect(button.scrollWidth).toBeLessThanOrEqual(button.clientWidth + 1)
  })

  it('loads a remote image only when the reader asks', async () => {
    const { container } = render(reply('![a chart](https://images.example.com/c.png)'))
    expect(container.querySelector('img')).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Load image from images.example.com · Image: a chart' }))
    const img = container.querySelector('img')!
    expect(img).toHaveAttribute('src', 'https://images.example.com/c.png')
    expect(img).toHaveAttribute('referrerpolicy', 'no-referrer')
    expect(img).toHaveAttribute('alt', 'a chart')
  })

  it('renders GFM task lists, strikethrough, headings and lists', () => {
    render(reply('# Plan\n\n- [x] attest\n- [ ] chat\n\n1. one\n2. two\n\n~~old~~ and *new*'))
    expect(screen.getByRole('heading', { level: 3, name: 'Plan' })).toBeVisible()
    expect(screen.getByRole('img', { name: 'Done' })).toBeVisible()
    expect(screen.getByRole('img', { name: 'Not done' })).toBeVisible()
    expect(screen.getAllByRole('list')).toHaveLength(2)
    expect(screen.getByText('old').tagName).toBe('DEL')
    expect(screen.getByText('new').tagName).toBe('EM')
  })

  it('highlights a finished code block once the highlighter has loaded', async () => {
    const { container } = render(<Markdown text={'```js\nconst answer = "42" // yes\n```'} />)
    await waitFor(() => expect(container.querySelector('.hljs-keyword')).toHaveTextContent('const'), { timeout: 10_000 }) // a lazy chunk, as above
    expect(container.querySelector('.hljs-string')).toHaveTextContent('"42"')
    expect(container.querySelector('pre')).toHaveTextContent('const answer = "42" // yes')
  })

  it('lays out a long code block in groups of lines as one block of text: its height, a selection, the streaming cursor', async () => {
    const code = Array.from({ length: 200 }, (_, i) => `const value${i} = compute(${i}, "text") // line ${i}`).join('\n')
    const { container, rerender } = render(reply(`\`\`\`ts\n${code}`, true))
    const pre = container.querySelector('figure pre') as HTMLElement
    await vi.waitFor(() => expect(pre.querySelector('code')!.textContent).toBe(code), { timeout: 5000, interval: 20 })
    expect(pre.querySelectorAll('code > .sealkit-md__lines')).toHaveLength(4)
    // Beside it, the same code as one text, as it was before groups.
    const flat = pre.cloneNode(false) as HTMLElement
    flat.append(Object.assign(document.createElement('code'), { textContent: code }))
    pre.after(flat)
    expect(pre.getBoundingClientRect().height).toBeCloseTo(flat.getBoundingClientRect().height, 0)
    flat.remove()
    // The cursor ends the last line, as it did after one text: not on a line of its own.
    const cursor = pre.querySelector('.sealkit-cursor')!.getBoundingClientRect()
    const lineHeight = parseFloat(getComputedStyle(pre).lineHeight)
    expect(pre.getBoundingClientRect().bottom - parseFloat(getComputedStyle(pre).paddingBottom) - cursor.bottom).toBeLessThan(lineHeight)
    expect(cursor.left - pre.getBoundingClientRect().left).toBeGreaterThan(100)
    rerender(reply(`\`\`\`ts\n${code}\n\`\`\``))
    await vi.waitFor(() => expect(pre.querySelectorAll('.sealkit-md__lines .hljs-comment')).toHaveLength(200), { timeout: 10_000, interval: 20 })
    // Highlighted, still 200 lines of one height (to the layout's 1/64 px).
    expect(Math.abs(pre.getBoundingClientRect().height - lineHeight * 200 - parseFloat(getComputedStyle(pre).paddingTop) * 2)).toBeLessThan(1)
    // Selected whole (as a copy takes it), and as "Copy as text" takes it (innerText), it is the code: one line break
    // between groups, not two.
    const selection = getSelection()!
    selection.selectAllChildren(pre.querySelector('code')!)
    expect(selection.toString()).toBe(code)
    selection.removeAllRanges()
    expect(copiedAsText(pre.querySelector('code')!)).toBe(code)
    // Each group but the last a block of its own: what keeps a change to one from laying out the others.
    expect([...pre.querySelectorAll('code > .sealkit-md__lines')].map((group) => getComputedStyle(group).display)).toEqual(['block', 'block', 'block', 'inline'])
  })

  it('wraps CJK text and keeps user messages as typed', () => {
    const { container } = render(
      <div style={{ width: 200 }}>
        <StreamingMessage message={{ role: 'user', parts: [{ type: 'text', text: '**not bold** 中文' }] }} />
        {reply('这是一段很长的中文文本，用来检查在窄的容器里能否正确换行，而不会溢出到容器的外面去。')}
      </div>,
    )
    expect(screen.getByText('**not bold** 中文')).toBeVisible()
    const text = container.querySelectorAll('.sealkit-message__text')[1] as HTMLElement
    expect(text.scrollWidth).toBeLessThanOrEqual(text.clientWidth)
    expect(text.getBoundingClientRect().height).toBeGreaterThan(40)
  })

  it('mounts a long finished reply a slice at a time from its end: the rest as typed, laid out only near the screen until its turn', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} has **bold ${i}** in it.`).join('\n\n')
    const { container } = render(reply(long))
    expect(container.querySelectorAll('strong').length).toBeLessThan(200)
    // The end rendered at once, the whole text there from the first commit, the beginning as typed.
    expect(screen.getByText('bold 399')).toBeInTheDocument()
    expect(container.querySelector('.sealkit-md__waiting')!.textContent).toContain('Paragraph 0 has **bold 0** in it.')
    await new Promise(requestAnimationFrame)
    await new Promise(requestAnimationFrame)
    // Off screen (the page is at its top, the turns rendering from there down): not laid out (content-visibility:
    // auto), its height the estimate of its lines, not its text's.
    const waiting = [...container.querySelectorAll('.sealkit-md__waiting')]
    const below = waiting.find((p) => p.getBoundingClientRect().top > innerHeight)!
    expect(below).toBeDefined()
    const style = getComputedStyle(below)
    const estimate = Number((below as HTMLElement).style.getPropertyValue('--sealkit-md-lines')) * 1.6 * parseFloat(style.fontSize)
    expect(estimate).toBeGreaterThan(500)
    expect(below.getBoundingClientRect().height).toBeCloseTo(estimate, 0)
    // innerText leaves it out; the text "Copy as text" takes has it (MessageActions lays it out for the copy).
    const rendered = container.querySelector('.sealkit-md') as HTMLElement
    expect(rendered.innerText).not.toContain(below.textContent!.slice(0, 40))
    expect(copiedAsText(rendered)).toContain(below.textContent!.slice(0, 40))
    ;(below as HTMLElement).style.contentVisibility = 'visible'
    expect(Math.abs(below.getBoundingClientRect().height - estimate)).toBeGreaterThan(10)
    ;(below as HTMLElement).style.contentVisibility = ''
    await vi.waitFor(() => expect(container.querySelectorAll('strong')).toHaveLength(400), { timeout: 5000, interval: 20 })
    expect(container.querySelector('.sealkit-md__raw')).toBeNull()
    expect(screen.getByText('bold 399')).toBeInTheDocument()
  })

  it('lets the app replace the renderer', () => {
    render(
      <StreamingMessage
        message={{ role: 'assistant', parts: [{ type: 'text', text: '# raw' }] }}
        renderText={(text, { role, streaming }) => <output>{`${role}:${String(streaming)}:${text}`}</output>}
      />,
    )
    expect(screen.getByRole('status')).toHaveTextContent('assistant:false:# raw')
    expect(screen.queryByRole('heading')).toBeNull()
  })
})
