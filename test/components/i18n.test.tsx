/** The locale mechanism in real Chromium: every string a component renders comes from the catalog. */
import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ChatComposer, en, ModelPicker, PrivateChatView, SealkitLocaleProvider, StreamingMessage, useSealkitLocale } from '../../src/components/index.ts'
import { conversation, models } from '../../stories/fixtures.ts'

/** Every static English sentence or word of the catalog (values taking arguments sampled too). */
function englishStrings(): string[] {
  const out: string[] = []
  const walk = (value: unknown) => {
    if (typeof value === 'string') out.push(value)
    else if (typeof value === 'function') {
      const sample = String((value as (...a: unknown[]) => unknown)('\u0000', 1)).split('\u0000')
      out.push(...sample.map((s) => s.trim()))
    } else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk)
  }
  walk({ ...en, locale: '', dir: '' })
  // Names that stay as they are in every language.
  return [...new Set(out)].filter((s) => /[A-Za-z]{3}/.test(s) && !['E2EE', 'TEE'].includes(s))
}

/** The visible text and the accessible names and placeholders of everything in `root`. */
function renderedStrings(root: ParentNode): string {
  const parts = [root.textContent ?? '']
  for (const el of root.querySelectorAll('[aria-label],[placeholder],[title]')) {
    parts.push(el.getAttribute('aria-label') ?? '', el.getAttribute('placeholder') ?? '', el.getAttribute('title') ?? '')
  }
  return parts.join('\n')
}

/** Catalog strings still in English in what `root` renders; data (model names, the conversation) is not UI. */
function englishLeftIn(root: ParentNode): string[] {
  const data = [...models.flatMap((m) => [m.id, m.model_spec?.name ?? '']), ...conversation.flatMap((m) => m.parts?.map((p) => p.text ?? '') ?? [])]
  const ui = data.filter(Boolean).reduce((acc, d) => acc.split(d).join(' '), renderedStrings(root))
  return englishStrings().filter((s) => ui.includes(s))
}

describe('SealkitLocaleProvider', () => {
  it('renders the chat, picker, composer and message states in Chinese with no English string left', async () => {
    // Without privacy facts: the chips get their words with the compact chip row.
    const messages = [
      ...conversation.slice(0, 2).map(({ role, id, parts }) => ({ role, id, parts })),
      { id: 's', role: 'assistant', parts: [], status: 'stopped' as const },
      { id: 'i', role: 'assistant', parts: [{ type: 'text', text: '部分' }], status: 'incomplete' as const },
    ]
    render(
      <SealkitLocaleProvider locale="zh-CN">
        <PrivateChatView
          messages={messages}
          status="error"
          error={{ code: 'NETWORK_ERROR', message: '' }}
          models={models}
          model=""
          onSend={() => {}}
          onRegenerate={() => {}}
          notice="."
        />
        <StreamingMessage message={{ role: 'assistant', parts: [] }} status="error" error={{ code: 'DECRYPT_FAILED' }} onRetry={() => {}} />
        <StreamingMessage message={{ role: 'assistant', parts: [{ type: 'reasoning', text: '想' }] }} status="streaming" />
      </SealkitLocaleProvider>,
    )
    expect(screen.getByRole('region', { name: '私密聊天' })).toBeVisible()
    expect(screen.getAllByRole('textbox', { name: '消息' })).not.toHaveLength(0)
    expect(screen.getByText(/回复无法解密，因此没有显示。/)).toBeVisible()
    expect(englishLeftIn(document.body)).toEqual([])
  })

  it('renders the open model picker in Chinese and formats numbers and prices with Intl in the locale', async () => {
    render(
      <SealkitLocaleProvider locale="zh-CN">
        <ModelPicker models={models} defaultOpen />
      </SealkitLocaleProvider>,
    )
    const listboxElement = await screen.findByRole('listbox')
    expect(englishLeftIn(document.body)).toEqual([])
    const listbox = within(listboxElement)
    expect(listbox.getByRole('option', { name: /Qwen 3\.5 122B/ })).toHaveTextContent(/上下文 13万.*每百万 token：输入 US\$0\.75 \/ 输出 US\$3\.00/)
  })

  it('lets an inner provider override strings for one component, and the app read them', () => {
    function Label() {
      const { t, format } = useSealkitLocale()
      return <output>{`${t.composer.send} ${format.number(1234.5)}`}</output>
    }
    render(
      <SealkitLocaleProvider locale="zh-CN">
        <ChatComposer defaultValue="x" />
        <SealkitLocaleProvider messages={{ composer: { send: '提交' } }}>
          <ChatComposer defaultValue="x" />
          <Label />
        </SealkitLocaleProvider>
      </SealkitLocaleProvider>,
    )
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['发送', '提交'])
    expect(screen.getByRole('status')).toHaveTextContent('提交 1,234.5')
  })

  it('speaks English without a provider', () => {
    render(<ChatComposer />)
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveAttribute('placeholder', 'Send a private message…')
  })
})
