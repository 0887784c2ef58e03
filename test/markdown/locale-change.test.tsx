// @vitest-environment jsdom
/**
 * A finished block is built as DOM once, outside React: when the locale changes, its words (a task's
 * state, a table's name, a blocked link's title and the reason read out) must follow, as they do in blocks React renders.
 */
import { act } from 'react'
import { createRoot } from 'react-dom/client'
import { expect, test } from 'vitest'
import { SealkitLocaleProvider } from '../../src/components/i18n/locale.tsx'
import { Markdown } from '../../src/components/markdown/Markdown.tsx'

const text = '- [x] attest\n- [ ] chat\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[bad](javascript:alert(1))\n\nLast.'

test('a locale change rebuilds finished blocks in the new words, text and structure unchanged', async () => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const container = document.createElement('div')
  document.body.append(container)
  const root = createRoot(container)
  const show = (locale: 'en' | 'zh-CN') => act(async () => root.render(<SealkitLocaleProvider locale={locale}><Markdown text={text} /></SealkitLocaleProvider>))
  const words = () =>
    [...container.querySelectorAll('[aria-label], [title], [data-reason]')].map(
      (e) => `${e.getAttribute('aria-label') ?? ''}|${e.getAttribute('title') ?? ''}|${e.getAttribute('data-reason') ?? ''}`,
    )
  await show('en')
  expect(container.querySelectorAll('.sealkit-md__block').length).toBeGreaterThan(0)
  const english = words()
  const textBefore = container.textContent
  expect(english.length).toBeGreaterThanOrEqual(4)
  await show('zh-CN')
  const chinese = words()
  expect(chinese).toHaveLength(english.length)
  for (let i = 0; i < english.length; i++) expect(chinese[i]).not.toBe(english[i])
  expect(container.textContent).toBe(textBefore)
  await show('en')
  expect(words()).toEqual(english)
  await act(async () => root.unmount())
})
