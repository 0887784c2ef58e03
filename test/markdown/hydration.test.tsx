// @vitest-environment jsdom
import { act, createElement } from 'react'
import { createRoot, hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { expect, test, vi } from 'vitest'
import { Markdown } from '../../src/components/markdown/Markdown.tsx'
import { buildStatic, isStaticMarkup } from '../../src/components/internal/static-dom.ts'

const text = '# Plan\n\n- [x] attest\n- **chat**\n\nLast paragraph.'

test('server rendering shows finished blocks as markup; hydration matches, then swaps them to the same markup built as DOM', async () => {
  const html = renderToString(<Markdown text={text} />)
  expect(html).toContain('<strong>chat</strong>')
  expect(html).not.toContain('sealkit-md__block')
  const container = document.createElement('div')
  container.innerHTML = html
  document.body.append(container)
  const recoverable = vi.fn()
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  await act(async () => {
    hydrateRoot(container, <Markdown text={text} />, { onRecoverableError: recoverable })
  })
  expect(recoverable).not.toHaveBeenCalled()
  expect(container.querySelectorAll('.sealkit-md__block')).toHaveLength(2)
  expect(container.querySelector('.sealkit-md__block strong')?.textContent).toBe('chat')
  // The built DOM is exactly the markup React rendered, once the wrappers are taken away.
  for (const block of container.querySelectorAll('.sealkit-md__block')) block.replaceWith(...block.childNodes)
  container.normalize()
  expect(container.innerHTML).toBe(html)
})

test('buildStatic sets text as text and attributes as React would, and refuses what is not static markup', () => {
  const host = document.createElement('div')
  buildStatic(
    <p className="a" data-x={true} tabIndex={0} style={{ textAlign: 'right' }} title={'"><img src=x onerror=alert(1)>'}>
      {'<script>alert(1)</script>'}
      {false}
      {3}
    </p>,
    host,
  )
  const p = host.firstElementChild as HTMLElement
  expect([p.tagName, p.className, p.dataset.x, p.tabIndex, p.style.textAlign]).toEqual(['P', 'a', 'true', 0, 'right'])
  expect(p.title).toBe('"><img src=x onerror=alert(1)>')
  expect(p.textContent).toBe('<script>alert(1)</script>3')
  expect(host.querySelectorAll('img, script')).toHaveLength(0)
  expect(isStaticMarkup(<button onClick={() => {}} />)).toBe(false)
  expect(isStaticMarkup(<div dangerouslySetInnerHTML={{ __html: '<b>x</b>' }} />)).toBe(false)
  expect(isStaticMarkup(<svg />)).toBe(false)
  expect(isStaticMarkup(<Markdown text="x" />)).toBe(false)
  expect(() => buildStatic(<Markdown text="x" />, host)).toThrow(TypeError)
})

test('buildStatic builds only the elements of a reply, and no attribute that loads or navigates', () => {
  // Elements React would never run or load, but createElement + append would: never built.
  for (const tag of ['script', 'iframe', 'object', 'embed', 'form', 'img', 'style', 'link', 'meta', 'base', 'math', 'template', 'video'] as const) {
    expect(isStaticMarkup(<p>{createElement(tag)}</p>), tag).toBe(false)
  }
  expect(isStaticMarkup(<a href="javascript:alert(1)">x</a>)).toBe(false)
  expect(isStaticMarkup(<a href="/relative">x</a>)).toBe(false)
  expect(isStaticMarkup(<a href="https://example.com/">x</a>)).toBe(true)
  for (const props of [{ src: 'https://example.com/x.js' }, { formAction: 'https://example.com/' }, { srcdoc: '<script>alert(1)</script>' }] as Array<Record<string, string>>) {
    expect(isStaticMarkup(createElement('div', props)), Object.keys(props)[0]).toBe(false)
  }
  // A hostile reply, finished: every block is built as DOM, and none of it is live.
  const host = document.createElement('div')
  document.body.append(host)
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const hostile =
    '# <script>alert(1)</script>\n\n[x](javascript:alert(2)) <iframe src="https://example.com"></iframe>\n\n' +
    '| <img src=x onerror=alert(3)> |\n|---|\n| [y](data:text/html,<script>alert(4)</script>) |\n\n- <form action="https://example.com"><button>go</button></form>\n\nend'
  const root = createRoot(host)
  act(() => root.render(<Markdown text={hostile} />))
  expect(host.querySelectorAll('.sealkit-md__block').length).toBeGreaterThan(3)
  expect(host.querySelectorAll('script, iframe, img, form, button, object, embed')).toHaveLength(0)
  expect([...host.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => /^on|^src|action/i.test(n))).toEqual([])
  expect([...host.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([])
  expect(host.textContent).toContain('<script>alert(1)</script>')
  act(() => root.unmount())
  host.remove()
})
