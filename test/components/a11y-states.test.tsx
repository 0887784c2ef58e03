/** axe over chat states the stories cannot hold open: the open model picker inside the chat. */
import { render, screen, waitFor } from '@testing-library/react'
import axe from 'axe-core'
import { describe, expect, it } from 'vitest'
import { PrivateChatView, SealkitLocaleProvider } from '../../src/components/index.ts'
import { conversation, models } from '../../stories/fixtures.ts'

async function violations(): Promise<string[]> {
  // Page-level rules are the host page's business (this test page has no <h1>, and the list
  // is portalled to <body> outside <main>, as in any app); everything else counts.
  const result = await axe.run(document, {
    resultTypes: ['violations'],
    rules: { 'landmark-one-main': { enabled: false }, 'page-has-heading-one': { enabled: false }, region: { enabled: false } },
  })
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

describe('accessibility of open states', () => {
  for (const locale of ['en', 'zh-CN']) {
    it(`the chat with its model picker open has no axe violations (${locale})`, async () => {
      render(
        <SealkitLocaleProvider locale={locale}>
          <main>
            <PrivateChatView messages={conversation} models={models} model="e2ee-gpt-oss-120b" onSend={() => {}} onEdit={() => {}} modelPickerProps={{ defaultOpen: true }} />
          </main>
        </SealkitLocaleProvider>,
      )
      await screen.findByRole('listbox')
      await waitFor(() => expect(document.querySelector('[data-aria-hidden="true"]')).toHaveAttribute('inert'))
      expect(await violations()).toEqual([])
    })
  }
})

describe('accessibility of the clear-conversation question', () => {
  for (const locale of ['en', 'zh-CN']) {
    it(`the chat asking "clear this conversation?" has no axe violations (${locale})`, async () => {
      render(
        <SealkitLocaleProvider locale={locale}>
          <main>
            <PrivateChatView messages={conversation} models={models} model="e2ee-gpt-oss-120b" onClear={() => {}} />
          </main>
        </SealkitLocaleProvider>,
      )
      screen.getByRole('button', { name: locale === 'en' ? 'Clear conversation' : '清除对话' }).click()
      await screen.findByRole('group', { name: locale === 'en' ? /^Clear this conversation\?/ : /^清除此对话/ })
      expect(await violations()).toEqual([])
    })
  }
})

describe('the open model picker', () => {
  it('takes the hidden page out of the tab order while open, and gives it back when closed', async () => {
    render(<PrivateChatView messages={conversation} models={models} model="e2ee-gpt-oss-120b" modelPickerProps={{ defaultOpen: true }} />)
    await screen.findByRole('listbox')
    await waitFor(() => expect(document.querySelector('[data-aria-hidden="true"]')).toHaveAttribute('inert'))
    const hidden = document.querySelector('[data-aria-hidden="true"]')!
    ;(document.activeElement as HTMLElement | null)?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await waitFor(() => expect(screen.queryByRole('listbox')).toBeNull())
    expect(hidden).not.toHaveAttribute('inert')
  })
})
