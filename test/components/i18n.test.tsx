/** The locale mechanism in real Chromium: every string a component renders comes from the catalog. */
import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { commands } from 'vitest/browser'
import { AttestationBadge, ChatComposer, en, ModelPicker, PrivateChatView, SealkitLocaleProvider, StreamingMessage, useSealkitLocale, zhCN } from '../../src/components/index.ts'
import type { VerificationReport } from '../../src/core/attestation/report.ts'
import { createClient } from '../../src/core/api/client.ts'
import { attestModel } from '../../src/core/session/attest.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import {
  basicOfflineReport,
  conversation,
  debugEnclaveReport,
  models,
  nonceMismatchError,
  nonceMismatchReport,
  outOfDateReport,
  simulatedReport,
  verifiedReport,
} from '../../stories/fixtures.ts'
import { trustReport } from '../../stories/trust-fixtures.ts'

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
  return [...new Set(out)].filter((s) => /[A-Za-z]{3}/.test(s) && !['E2EE', 'TEE', 'GPU'].includes(s))
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
    expect(screen.getByText(/回复的一部分无法解密：这部分没有显示，回复到此为止。/)).toBeVisible()
    expect(englishLeftIn(document.body)).toEqual([])
  })

  it('renders the open model picker in Chinese and formats numbers and prices with Intl in the locale', async () => {
    render(
      <SealkitLocaleProvider locale="zh-CN">
        <ModelPicker models={models} defaultOpen />
      </SealkitLocaleProvider>,
    )
    const listboxElement = await screen.findByRole('listbox')
    // Portalled to <body>: the list says its language itself (a screen reader picks its voice by it).
    expect(listboxElement.closest('[lang]')).toHaveAttribute('lang', 'zh-CN')
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

describe('the attestation badge in Chinese', () => {
  it.each([
    ['en', en],
    ['zh-CN', zhCN],
  ] as const)("each pill is named prefix and state, with no space after the language's colon, in Chromium's own accessibility tree (%s)", async (locale, t) => {
    render(
      <SealkitLocaleProvider locale={locale}>
        <AttestationBadge report={verifiedReport} />
        <AttestationBadge state="verifying" />
        <AttestationBadge report={simulatedReport}>
          <b>custom</b>
        </AttestationBadge>
      </SealkitLocaleProvider>,
    )
    const { pillPrefix, labels } = t.attestation
    const names = (await commands.accessibleNames('button')).filter((name) => name.startsWith(pillPrefix.trim()))
    // Custom content keeps the prefix too; a space may follow the colon there (the content is the app's).
    expect(names.slice(0, 2)).toEqual([`${pillPrefix}${labels.verified}`, `${pillPrefix}${labels.verifying}`])
    expect(names[2]).toMatch(new RegExp(`^${pillPrefix.trim()}\\s?custom$`))
  })

  /** A copy without what stays English on purpose: core's technical check details and identifiers (`lang="en"`), hashes and values (`code`). */
  function ui(root: Element): Element {
    const clone = root.cloneNode(true) as Element
    for (const el of clone.querySelectorAll('[lang="en"], code')) el.remove()
    return clone
  }
  const uiText = (root: Element) => renderedStrings(ui(root))
  /** Three Latin words in a row: an English phrase (names like "Intel TDX" or "NVIDIA GPU" are two; `tee-sim-echo` is one). */
  const ENGLISH_PHRASE = /[A-Za-z]{2,}[ ,:;'’]+[A-Za-z]{2,}[ ,:;'’]+[A-Za-z]{2,}/g

  const reports: Array<[string, () => Promise<VerificationReport>]> = [
    ...(['pinned', 'known', 'seen', 'changed', 'unknown', 'platform-checked', 'platform-out-of-date'] as const).map((kind) => [kind, () => trustReport(kind)] as [string, () => Promise<VerificationReport>]),
    ['verified', async () => verifiedReport],
    ['out of date', async () => outOfDateReport],
    ['nonce mismatch', async () => nonceMismatchReport],
    ['debug', async () => debugEnclaveReport],
    ['basic offline', async () => basicOfflineReport],
    ['simulated', async () => simulatedReport],
  ]

  it.each(reports)('%s: the open popover has no English sentence left, and core’s English sentences are replaced', async (_name, load) => {
    const report = await load()
    render(
      <SealkitLocaleProvider locale="zh-CN">
        <AttestationBadge report={report} defaultOpen onReverify={() => {}} keyHolder={{ kind: 'main-thread', reason: '测试' }} />
      </SealkitLocaleProvider>,
    )
    const dialog = await screen.findByRole('dialog')
    // Portalled to <body>, out of any element an app puts lang on: the popover says its language itself.
    expect(dialog.closest('.sealkit-popover')).toHaveAttribute('lang', 'zh-CN')
    for (const d of dialog.querySelectorAll('details')) d.open = true
    const text = uiText(dialog) + uiText(screen.getAllByRole('button')[0]!)
    expect(text.match(ENGLISH_PHRASE) ?? []).toEqual([])
    expect(englishLeftIn(ui(dialog))).toEqual([])
    for (const a of report.assurances ?? []) expect(text).not.toContain(a.text)
    for (const f of report.deployment?.findings ?? []) expect(text).not.toContain(f.message)
    expect(within(dialog).getByRole('list', { name: '这证明了什么' })).toBeVisible()
  })

  it.each([
    ['en', verifiedReport],
    ['zh-CN', verifiedReport],
    ['zh-CN', outOfDateReport],
  ] as const)("%s: every named button in the open popover says its visible words in its name (axe's label-content-name-mismatch)", async (locale, report) => {
    render(
      <SealkitLocaleProvider locale={locale}>
        <AttestationBadge report={report} defaultOpen onReverify={() => {}} />
      </SealkitLocaleProvider>,
    )
    const dialog = await screen.findByRole('dialog')
    for (const d of dialog.querySelectorAll('details')) d.open = true
    const named = [...dialog.querySelectorAll<HTMLElement>('button[aria-label]')]
    // The report's copy button, and one per check with evidence.
    expect(named.length).toBeGreaterThan(3)
    for (const button of named) {
      const visible = button.textContent!.trim()
      if (visible) expect(button.getAttribute('aria-label'), visible).toContain(visible)
    }
  })

  it('the common check details are in Chinese (by id, status and values); only the rest stays core’s English, marked lang="en"', async () => {
    // A report as core writes it (the story fixtures' details are hand-written): the simulator's, verified here.
    const sim = createSimulator({ seed: 'i18n-details' })
    const client = createClient({ baseURL: 'http://simulator.test/api/v1', fetch: sim.fetch })
    const { report } = await attestModel(client, { model: 'e2ee-qwen3-5-122b-a10b', policy: 'standard', trustedRoots: sim.trustedRoots() })
    render(
      <SealkitLocaleProvider locale="zh-CN">
        <AttestationBadge report={report} defaultOpen onReverify={() => {}} />
      </SealkitLocaleProvider>,
    )
    const dialog = await screen.findByRole('dialog')
    const detailOf = (id: string) => dialog.querySelector(`[data-check-id="${id}"] .sealkit-check__detail`)!
    expect(detailOf('nonce.match')).toHaveTextContent('报告回显了我们为此请求生成的随机数。')
    expect(detailOf('nonce.match')).not.toHaveAttribute('lang')
    expect(detailOf('tdx.quote.parse')).toHaveTextContent(/^TDX 报告第 \d 版（TDX [\d.]+ TD 报告），\d+ 字节。$/)
    expect(detailOf('tdx.reportdata')).toHaveTextContent('REPORTDATA = 签名地址 || 12 个零字节 || 随机数：全部 64 字节一致。')
    const details = [...dialog.querySelectorAll('.sealkit-check__detail')]
    const english = details.filter((d) => d.getAttribute('lang') === 'en')
    // Most rows are in Chinese; what is left (certificate chains and the like) is marked as English.
    expect(english.length).toBeLessThan(details.length / 3)
    for (const d of details) if (d.getAttribute('lang') !== 'en') expect(d.textContent).toMatch(/[\u4e00-\u9fff]/)
  })

  it('a check detail the catalog does not know word for word stays English, marked as such (never a guess)', () => {
    expect(zhCN.attestation.checkDetail({ id: 'nonce.match', status: 'passed', detail: 'The report echoes the nonce we generated for this request.' })).toBe('报告回显了我们为此请求生成的随机数。')
    // Same id and status, another sentence: not worded.
    expect(zhCN.attestation.checkDetail({ id: 'nonce.match', status: 'passed', detail: 'The report echoes a nonce.' })).toBeUndefined()
    // Same sentence, another status: not worded.
    expect(zhCN.attestation.checkDetail({ id: 'nonce.match', status: 'failed', detail: 'The report echoes the nonce we generated for this request.' })).toBeUndefined()
    expect(en.attestation.checkDetail({ id: 'nonce.match', status: 'passed', detail: 'x' })).toBeUndefined()
  })

  it.each(['verifying', 'unverifiable', 'stale', 'failed'] as const)('%s without a report: Chinese only, the error in words from the catalog', async (state) => {
    render(
      <SealkitLocaleProvider locale="zh-CN">
        <AttestationBadge state={state} defaultOpen error={state === 'failed' ? nonceMismatchError : undefined} />
      </SealkitLocaleProvider>,
    )
    const dialog = await screen.findByRole('dialog')
    const text = uiText(dialog)
    expect(text.match(ENGLISH_PHRASE) ?? []).toEqual([])
    expect(englishLeftIn(ui(dialog))).toEqual([])
    if (state === 'failed') expect(text).toContain(zhCN.errors.codes.ATTESTATION_NONCE_MISMATCH!.text)
  })
})
