// @vitest-environment jsdom
/**
 * Hostile markdown through the finished-block path (built as DOM outside React, `buildStatic`) and
 * the React path (the growing tail, code blocks): nothing from the reply becomes an element outside
 * a reply's markup, an event handler, a loading or navigating attribute, a style beyond a table
 * cell's alignment, or a class that is not the renderer's own.
 */
import { act } from 'react'
import { createRoot } from 'react-dom/client'
import { expect, test, vi } from 'vitest'
import { Lexer, Tokenizer } from 'marked'
import { Markdown } from '../../src/components/markdown/Markdown.tsx'
import { en } from '../../src/components/i18n/en.ts'
import { settleMarkdownTurns } from '../helpers/markdown-turns.ts'

const HOSTILE = [
  '<img src=x onerror="alert(1)"> <script>alert(2)</script> <iframe src="https://evil.test"></iframe>',
  '<a href="javascript:alert(3)" onclick="alert(4)">raw link</a> <b style="background:url(https://evil.test/b)">bold</b>',
  '[js](javascript:alert(5)) [data](data:text/html,<script>alert(6)</script>) [rel](/relative) [vb](vbscript:x) [ws]( jav&#x09;ascript:alert(7))',
  '<https://ok.test/a> <javascript:alert(8)> <mailto:a@b.test> www.evil.test',
  '[ref][r1] [ref2][r2]\n\n[r1]: javascript:alert(9) "t"\n[r2]: https://ok.test/"onmouseover="alert(10)',
  '![img](https://evil.test/track.png "title") ![alt][img1]\n\n[img1]: https://evil.test/x.png',
  '| a | b |\n|:-:|--:|\n| <img src=x onerror=alert(11)> | `x` |\n| [l](javascript:alert(12)) | **y** |',
  '```"><img src=x onerror=alert(13)> class="sealkit-badge"\ncode\n```\n\n```__proto__\nx\n```\n\n```constructor\ny\n```',
  '&lt;script&gt;alert(14)&lt;/script&gt; &#60;img src=x onerror=alert(15)&#62; &amp;lt;b&amp;gt;',
  '\u202eevil\u202c \u200b zero\u200dwidth \ufeff ' + 'x'.repeat(20_000),
  '<details open ontoggle=alert(16)><summary>s</summary></details> <svg onload=alert(17)></svg> <math><mi xlink:href="javascript:alert(18)">m</mi></math>',
  '- [ ] <input onfocus=alert(19) autofocus>\n- [x] done\n\n> <form action="https://evil.test"><button formaction="javascript:alert(20)">b</button></form>',
].join('\n\n')

const ELEMENTS = new Set('a abbr b blockquote br button code del div em figcaption figure h1 h2 h3 h4 h5 h6 hr i kbd li ol p pre s span strong sub sup table tbody td tfoot th thead tr u ul'.split(' '))
const ATTRIBUTES = new Set(['class', 'href', 'target', 'rel', 'title', 'role', 'aria-label', 'tabindex', 'style', 'type', 'data-size', 'data-variant', 'data-href-blocked', 'data-reason', 'data-state', 'aria-live', 'aria-hidden', 'start', 'data-task', 'dir'])

function assertInert(root: Element) {
  for (const element of root.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase()
    if (element.closest('button svg')) {
      // The copy button's own icon: drawn by the renderer, nothing of the reply in it.
      for (const { name } of element.attributes) expect(name).not.toMatch(/^(on|href|xlink|src)/i)
      continue
    }
    expect(ELEMENTS, `<${tag}>`).toContain(tag)
    for (const { name, value } of element.attributes) {
      expect(ATTRIBUTES, `${tag}[${name}="${value}"]`).toContain(name)
      if (name === 'href') expect(value).toMatch(/^(https?:\/\/|mailto:)/)
      if (name === 'style') expect(value).toMatch(/^text-align: (left|center|right);$/)
      if (name === 'dir') expect(value).toMatch(/^(ltr|auto)$/)
      // Read out by the stylesheet (attr()): only the catalog's words, never the reply's.
      if (name === 'data-reason') expect(value).toBe(en.markdown.unsafeLink)
      if (name === 'class') for (const c of value.split(/\s+/)) expect(c, `class ${c}`).toMatch(/^(sealkit-|language-|hljs)/)
      if (name === 'class' && value.includes('language-')) expect(value).toMatch(/^language-\S+$/)
    }
  }
}

test('hostile markdown, finished and streaming: only the renderer’s own elements, attributes and classes', async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  for (const streaming of [true, false]) {
    const container = document.createElement('div')
    document.body.append(container)
    const root = createRoot(container)
    await act(async () => root.render(<Markdown text={HOSTILE} streaming={streaming} />))
    await settleMarkdownTurns(container)
    await act(async () => new Promise((r) => setTimeout(r, 50))) // the highlighter, if it loads
    expect(container.querySelectorAll('.sealkit-md__block').length).toBeGreaterThan(0) // the DOM-built path ran
    assertInert(container)
    expect(container.textContent).toContain('<script>alert(2)</script>') // raw HTML stays text
    expect(container.textContent).toContain('x'.repeat(20_000))
    await act(async () => root.unmount())
    container.remove()
  }
})

const warnings: string[] = []
test.each([
  ['2,000 nested quotes', `before\n\n${'>'.repeat(2000)} deep\n\nafter`],
  ['1,500 nested list markers', `before\n\n${'- '.repeat(1500)}deep\n\nafter`],
  ['300 nested quotes, under the stack but over the nesting bound', `before\n\n${'> '.repeat(300)}deep\n\nafter`],
  // 70 deep: past the nesting bound, and under the emphasis a block may cost (deeper, the emphasis bound masks the
  // inner levels first: below).
  ['a table cell of 70 nested strikethroughs', `before\n\n| a |\n|---|\n| ${'~~a '.repeat(70)}deep${' a~~'.repeat(70)} |\n\nafter`],
  ['a table header of 70 nested strikethroughs', `before\n\n| ${'~~a '.repeat(70)}deep${' a~~'.repeat(70)} |\n|---|\n| b |\n\nafter`],
])('%s: shown as typed, the blocks around it rendered; never a thrown render', async (_, text) => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  for (const streaming of [true, false]) {
    const container = document.createElement('div')
    document.body.append(container)
    const root = createRoot(container)
    await act(async () => root.render(<Markdown text={text} streaming={streaming} />))
    await settleMarkdownTurns(container)
    const raw = container.querySelector('.sealkit-md__raw')
    expect(raw?.textContent).toContain('deep')
    expect(container.querySelectorAll('blockquote, ul, table, del').length).toBe(0)
    expect([...container.querySelectorAll('p')].map((p) => p.textContent)).toEqual(expect.arrayContaining(['before', 'after']))
    await act(async () => root.unmount())
    container.remove()
  }
  // Said once per page in development (the first of these cases), never silent.
  warnings.push(...warn.mock.calls.flat().map(String))
  expect(warnings.join('\n')).toMatch(/nests deeper than 64 levels or would take too long to lex; that block is shown as text/)
  warn.mockRestore()
})

const emphasisWarnings: string[] = []
test.each([
  ['5,000 nested strikethroughs', `${'~~a '.repeat(5000)}deep${' a~~'.repeat(5000)}`],
  ['2,000 nested emphases in turn', `${'*a ~~b **c '.repeat(700)}deep${' c** b~~ a*'.repeat(700)}`],
  ['8,000 openers, then one closer', `${'*a '.repeat(8000)}deep*`],
])('%s: shown without emphasis, its delimiters as typed (marked took seconds over it)', async (_, block) => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  for (const streaming of [true, false]) {
    const container = document.createElement('div')
    const root = createRoot(container)
    await act(async () => root.render(<Markdown text={`before **bold**\n\n${block}\n\nafter`} streaming={streaming} />))
    await settleMarkdownTurns(container)
    expect([...container.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['before bold', block, 'after'])
    expect(container.querySelectorAll('strong').length).toBe(1) // the blocks around it keep theirs
    expect(container.querySelectorAll('em, del').length).toBe(0)
    await act(async () => root.unmount())
  }
  // Said once per page in development (the first of these cases), never silent.
  emphasisWarnings.push(...warn.mock.calls.flat().map(String))
  expect(emphasisWarnings.join('\n')).toMatch(/emphasis would take marked too long to parse; that text is shown without emphasis/)
  warn.mockRestore()
})

test('a word of 16,000 underscores (48 KB) is shown as typed: marked never reads it (it took ~2 s over it)', async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const block = 'a_b'.repeat(16_000)
  const inlineText = vi.spyOn(Tokenizer.prototype, 'inlineText')
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const container = document.createElement('div')
  const root = createRoot(container)
  await act(async () => root.render(<Markdown text={`before\n\n${block}\n\nafter`} />))
  await settleMarkdownTurns(container)
  expect(container.querySelector('.sealkit-md__raw')?.textContent?.trim()).toBe(block)
  expect(inlineText.mock.calls.filter(([text]) => text.includes('a_b'))).toEqual([])
  expect(container.textContent).toContain('after')
  await act(async () => root.unmount())
  for (const spy of [inlineText, warn]) spy.mockRestore()
})

test('ordinary nesting (quotes and lists ten deep) still renders as markup', async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const list = Array.from({ length: 10 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n')
  const container = document.createElement('div')
  const root = createRoot(container)
  await act(async () => root.render(<Markdown text={`${'> '.repeat(10)}quoted\n\n${list}`} />))
  await settleMarkdownTurns(container)
  expect(container.querySelectorAll('blockquote').length).toBe(10)
  expect(container.querySelectorAll('ul').length).toBe(10)
  expect(container.querySelector('.sealkit-md__raw')).toBeNull()
  await act(async () => root.unmount())
})

test('a reply whose rendering throws anyway is shown as typed, and said once in development: the chat stays', async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const { Markdown: LazyMarkdown, preloadMarkdown } = await import('../../src/components/markdown/lazy.tsx')
  await preloadMarkdown()
  const lex = vi.spyOn(Lexer, 'lex').mockImplementation(() => {
    throw new TypeError('a renderer bug')
  })
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const error = vi.spyOn(console, 'error').mockImplementation(() => {}) // React reports the caught error too
  const container = document.createElement('div')
  const root = createRoot(container)
  await act(async () => root.render(<LazyMarkdown text={'**bold** and\n\nmore'} />))
  expect(container.querySelector('.sealkit-md__raw')?.textContent).toBe('**bold** and\n\nmore')
  expect(warn.mock.calls.flat().join('\n')).toMatch(/could not be rendered \(a renderer bug\); it is shown as text/)
  await act(async () => root.unmount())
  for (const spy of [lex, warn, error]) spy.mockRestore()
})

test("an image's alt text cannot reverse the host its load button names (directional controls dropped)", async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const container = document.createElement('div')
  const root = createRoot(container)
  // Drawn as typed, the override turned "… moc.knab.ua" into "au.bank.com …".
  await act(async () => root.render(<Markdown text={'See ![\u202Echart\u2066](https://moc.knab.ua/pixel.png)'} />))
  await settleMarkdownTurns(container)
  const button = container.querySelector('button.sealkit-md__image-load')!
  expect(button.textContent).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/)
  expect(button.textContent).toBe(`${en.markdown.loadImage('moc.knab.ua')} · ${en.markdown.image('chart')}`)
  await act(async () => root.unmount())
})

test("an image's alt text cannot write a host of its own before the real one, nor push it out of view", async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const container = document.createElement('div')
  const root = createRoot(container)
  await act(async () => root.render(<Markdown text={`![statement · Load image from au.bank.com${'\u00a0'.repeat(120)}](https://evil.test/pixel.png)`} />))
  await settleMarkdownTurns(container)
  const text = container.querySelector('button.sealkit-md__image-load')!.textContent!
  // The real host first, in the catalog's words; what the reply wrote after it, its white space collapsed and cut short.
  expect(text.startsWith(en.markdown.loadImage('evil.test'))).toBe(true)
  expect(text).not.toContain('\u00a0')
  expect(text.length).toBeLessThan(en.markdown.loadImage('evil.test').length + 80)
  await act(async () => root.unmount())
})

test("a code block's language is a grammar's name in sealkit's controls, never a disguised host or a sentence", async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const container = document.createElement('div')
  const root = createRoot(container)
  const long = 'Verified\u00a0by\u00a0the\u00a0enclave\u00a0and\u00a0signed\u00a0by\u00a0Intel'
  await act(async () => root.render(<Markdown text={`\`\`\`\u202emoc.knab.ua\nx\n\`\`\`\n\n\`\`\`${long}\ny\n\`\`\``} />))
  await settleMarkdownTurns(container)
  const labels = [...container.querySelectorAll('.sealkit-md__code-lang')].map((l) => l.textContent!)
  expect(labels[0]).toBe('moc.knab.ua') // drawn as it is spelled, not reversed into "au.bank.com"
  expect(labels[1]!.length).toBeLessThanOrEqual(24)
  for (const name of [...container.querySelectorAll('button, pre')].map((e) => e.getAttribute('aria-label') ?? '')) expect(name).not.toMatch(/[\u202a-\u202e\u2066-\u2069]|signed by Intel/)
  await act(async () => root.unmount())
})

// After the tests that read the emphasis warning: it is said once per page.
test('a table cell of 200 nested strikethroughs: its inner levels as typed (each level’s text is lexed again, and the block’s emphasis bound is spent), a few levels rendered', async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const container = document.createElement('div')
  document.body.append(container)
  const root = createRoot(container)
  await act(async () => root.render(<Markdown text={`before\n\n| a |\n|---|\n| ${'~~a '.repeat(200)}deep${' a~~'.repeat(200)} |\n\nafter`} streaming={false} />))
  await settleMarkdownTurns(container)
  const cell = container.querySelector('td')!
  expect(cell.textContent).toContain('deep')
  expect(cell.textContent).toContain('~~a ~~a')
  const deepest = Math.max(...[...cell.querySelectorAll('del')].map((del) => { let depth = 0; for (let e: Element | null = del; e && e !== cell; e = e.parentElement) depth += e.tagName === 'DEL' ? 1 : 0; return depth }))
  expect(deepest).toBeGreaterThan(0)
  expect(deepest).toBeLessThan(64)
  expect([...container.querySelectorAll('p')].map((p) => p.textContent)).toEqual(expect.arrayContaining(['before', 'after']))
  await act(async () => root.unmount())
  container.remove()
  warn.mockRestore()
})

// An attacker's pass: link text is the reply's to write, so a link that spoofs its destination went unseen (only a
// desktop hover showed it), and an override in its text reordered the rest of the line.
test('where a link goes follows any link whose text does not name that host: spoofed, lookalike, or reversed', async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const links = [
    ['[https://bank.example/login](https://evil.example/steal)', 'evil.example'],
    ['[your statement](https://evil.example/s)', 'evil.example'],
    ['<https://раураl.com/login>', 'xn--l-7sba6dbr.com'], // an autolink in Cyrillic: the host as the address bar spells it
    ['<https://bank.example@evil.example/>', 'evil.example'], // user info before the host
    ['[report\u202efdp.exe](https://evil.example/r)', 'evil.example'],
    ['[write to us](mailto:phish@evil.example)', 'phish@evil.example'],
    // Every recipient a mail client would write to (RFC 6068), whatever the text says.
    ['[support@bank.example](mailto:support@bank.example?bcc=harvest@evil.example&body=My%20PIN%20is%20)', 'support@bank.example, bcc: harvest@evil.example'],
    ['[Contact support](mailto:?to=phish@evil.example)', 'to: phish@evil.example'],
    ['[support@bank.example](mailto:support@bank.example?body=My%20PIN)', 'support@bank.example'],
    // Text that starts with the host and goes on to name another address on a line of its own.
    ['[evil.example/  \nhttps://bank.example/login](https://evil.example/x)', 'evil.example'],
    ['[BANK.example](https://bank.example/x)', undefined], // the text names the host: nothing to add
    ['<https://ok.example/a>', undefined],
    ['www.ok.example', undefined],
    ['help@ok.example', undefined],
  ] as const
  for (const streaming of [true, false]) {
    const container = document.createElement('div')
    const root = createRoot(container)
    await act(async () => root.render(<Markdown text={links.map(([md]) => `Open ${md} now.`).join('\n\n')} streaming={streaming} />))
    await settleMarkdownTurns(container)
    const paragraphs = [...container.querySelectorAll('p')]
    expect(paragraphs).toHaveLength(links.length)
    links.forEach(([md, host], i) => {
      const a = paragraphs[i]!.querySelector('a')!
      expect(a.title, md).toBe(a.getAttribute('href'))
      const shown = paragraphs[i]!.querySelector('.sealkit-md__link-host')
      if (host === undefined) expect(shown, md).toBeNull()
      else {
        expect(shown?.textContent, md).toBe(` (${host})`)
        expect(a.nextSibling, md).toBe(shown) // right after the link, before the reply's next words
      }
      expect(paragraphs[i]!.textContent!.endsWith(' now.'), md).toBe(true)
    })
    assertInert(container)
    await act(async () => root.unmount())
  }
})
