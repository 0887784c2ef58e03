import { fireEvent, render, screen, within } from '@testing-library/react'
import { Profiler, useState } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { describe, expect, it, vi } from 'vitest'
import { commands, userEvent } from 'vitest/browser'
import { ChatComposer, ModelPicker, PrivateChatView, preloadComponents, SealkitLocaleProvider, type MessageLike } from '../../src/components/index.ts'
import { conversation, models, verifiedReport } from '../../stories/fixtures.ts'

describe('ChatComposer', () => {
  it('sends on Enter, adds a line on Shift+Enter (real keyboard)', async () => {
    const onSend = vi.fn()
    render(<ChatComposer onSend={onSend} />)
    const box = screen.getByRole('textbox', { name: 'Message' })
    await userEvent.click(box)
    await userEvent.keyboard('hello{Shift>}{Enter}{/Shift}world')
    expect(box).toHaveValue('hello\nworld')
    await userEvent.keyboard('{Enter}')
    expect(onSend).toHaveBeenCalledExactlyOnceWith('hello\nworld')
    expect(box).toHaveValue('')
  })

  it('does not send while an IME composition is open', () => {
    const onSend = vi.fn()
    render(<ChatComposer onSend={onSend} defaultValue="にほん" />)
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Enter', isComposing: true })
    expect(onSend).not.toHaveBeenCalled()
    // Safari: the Enter that confirms the composition comes after compositionend, isComposing false, keyCode 229.
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Enter', isComposing: false, keyCode: 229 })
    expect(onSend).not.toHaveBeenCalled()
    expect(screen.getByRole('textbox')).toHaveValue('にほん')
    // The next Enter, a plain one, sends.
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'Enter', keyCode: 13 })
    expect(onSend).toHaveBeenCalledExactlyOnceWith('にほん')
  })

  it('does not send blank text, nor while busy', async () => {
    const onSend = vi.fn()
    const { rerender } = render(<ChatComposer onSend={onSend} defaultValue="   " />)
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
    rerender(<ChatComposer onSend={onSend} value="question" status="submitted" onStop={() => {}} />)
    await userEvent.click(screen.getByRole('textbox'))
    await userEvent.keyboard('{Enter}')
    expect(onSend).not.toHaveBeenCalled()
    expect(screen.getByRole('button', { name: 'Stop' })).toBeEnabled()
  })

  it('with sending off, Enter keeps the draft and says why, once asked; the hint is the box\'s description until sending is on', async () => {
    const onSend = vi.fn()
    const { rerender } = render(<ChatComposer onSend={onSend} sendDisabled hint="Encrypted in this browser" />)
    const box = screen.getByRole('textbox', { name: 'Message' })
    const status = screen.getByRole('status')
    // Nothing said before a send is tried: an empty live region, there from the start; the app's hint stays outside it.
    expect(status).toHaveTextContent('')
    expect(box).toHaveAccessibleDescription('Encrypted in this browser')
    await userEvent.click(box)
    await userEvent.keyboard('{Enter}')
    expect(status).toHaveTextContent('') // an empty box is not a send
    await userEvent.keyboard('draft{Enter}')
    expect(onSend).not.toHaveBeenCalled()
    expect(box).toHaveValue('draft')
    expect(status).toHaveTextContent('Not ready to send yet. Your message stays here.')
    // Beside the app's hint, never instead of it.
    expect(box).toHaveAccessibleDescription('Encrypted in this browser Not ready to send yet. Your message stays here.')
    // A new hint from the app is not news in the live region.
    rerender(<ChatComposer onSend={onSend} sendDisabled hint="Encrypted to the enclave" />)
    expect(status).not.toHaveTextContent('Encrypted to the enclave')
    // The app's own words; then sending is on: the hint goes, and the draft is not sent by itself.
    rerender(<ChatComposer onSend={onSend} sendDisabled sendDisabledHint="Waiting for the model" hint="Encrypted in this browser" />)
    expect(screen.getByRole('status')).toHaveTextContent('Waiting for the model')
    // Emptied, nothing is waiting to be sent: nothing said; typed and tried again, said again.
    await userEvent.clear(box)
    expect(screen.getByRole('status')).toHaveTextContent('')
    await userEvent.keyboard('draft{Enter}')
    expect(screen.getByRole('status')).toHaveTextContent('Waiting for the model')
    rerender(<ChatComposer onSend={onSend} hint="Encrypted in this browser" />)
    expect(screen.queryByRole('status')).toBeNull()
    expect(box).toHaveAccessibleDescription('Encrypted in this browser')
    expect(onSend).not.toHaveBeenCalled()
    await userEvent.keyboard('{Enter}')
    expect(onSend).toHaveBeenCalledExactlyOnceWith('draft')
    // Off again later: quiet until the next try.
    rerender(<ChatComposer onSend={onSend} sendDisabled />)
    expect(screen.getByRole('status')).toHaveTextContent('')
  })

  it('with sending off, Send looks off but a tap on it (or the keyboard on it) says why instead of sending', async () => {
    const onSend = vi.fn()
    const { rerender } = render(<ChatComposer onSend={onSend} sendDisabled />)
    const send = screen.getByRole('button', { name: 'Send' })
    // Nothing to send: off for real (not focusable, no click).
    expect(send).toBeDisabled()
    expect(send).not.toHaveAttribute('aria-disabled')
    const box = screen.getByRole('textbox', { name: 'Message' })
    await userEvent.click(box)
    await userEvent.keyboard('draft')
    // Something to send, only not yet: announced as off, yet it takes a click and the keyboard's focus.
    expect(send).toBeEnabled()
    expect(send).toHaveAttribute('aria-disabled', 'true')
    expect(getComputedStyle(send).opacity).toBe('0.5')
    // A real pointer's tap (Playwright itself, as a test tool, waits for aria-disabled to go: forced here).
    await userEvent.click(send, { force: true })
    expect(onSend).not.toHaveBeenCalled()
    expect(box).toHaveValue('draft')
    expect(screen.getByRole('status')).toHaveTextContent('Not ready to send yet. Your message stays here.')
    expect(send).toHaveAccessibleDescription('Not ready to send yet. Your message stays here.')
    // From the keyboard, on the button itself.
    await userEvent.clear(box)
    await userEvent.keyboard('again')
    expect(screen.getByRole('status')).toHaveTextContent('')
    send.focus()
    await userEvent.keyboard(' ')
    expect(onSend).not.toHaveBeenCalled()
    expect(screen.getByRole('status')).toHaveTextContent('Not ready to send yet.')
    // Sending on: a plain enabled button, and the tap sends.
    rerender(<ChatComposer onSend={onSend} />)
    expect(send).not.toHaveAttribute('aria-disabled')
    expect(send).not.toHaveAccessibleDescription()
    await userEvent.click(send)
    expect(onSend).toHaveBeenCalledExactlyOnceWith('again')
    // Busy or disabled outright: never merely aria-disabled.
    rerender(<ChatComposer onSend={onSend} sendDisabled disabled defaultValue="x" value="x" />)
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
  })

  it('is controllable', async () => {
    function Controlled() {
      const [value, setValue] = useState('')
      return (
        <>
          <ChatComposer value={value} onValueChange={(v) => setValue(v.toUpperCase())} />
          <output>{value}</output>
        </>
      )
    }
    render(<Controlled />)
    await userEvent.click(screen.getByRole('textbox'))
    await userEvent.keyboard('abc')
    expect(screen.getByRole('textbox')).toHaveValue('ABC')
  })
})

describe('ModelPicker', () => {
  it('selects with the real keyboard and shows the privacy tag in the trigger', async () => {
    const onValueChange = vi.fn()
    render(<ModelPicker models={models} onValueChange={onValueChange} />)
    const trigger = screen.getByRole('combobox', { name: 'Model' })
    trigger.focus()
    await userEvent.keyboard('{Enter}')
    const listbox = await screen.findByRole('listbox')
    expect(within(listbox).getAllByRole('group').map((g) => g.firstElementChild?.textContent)).toEqual([
      'End-to-end encrypted',
      'Trusted execution (TEE)',
      'Standard',
    ])
    // Radix focuses the first option once the list is positioned, and may do so again a frame
    // later; a key pressed in between is undone. Wait for focus to settle, as a person would.
    await vi.waitFor(() => expect(document.activeElement).toHaveAttribute('role', 'option'))
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(document.activeElement).toHaveTextContent(/^Qwen 3\.5 122B/)
    // Radix moves the highlight in a timer after ArrowDown, and Chromium runs input before timers:
    // under load an Enter sent right behind it selects the old option. Wait for the highlight to move.
    await userEvent.keyboard('{ArrowDown}')
    await vi.waitFor(() => expect(document.activeElement).toHaveTextContent(/^GPT-OSS 120B/))
    await userEvent.keyboard('{Enter}')
    expect(onValueChange).toHaveBeenCalledWith('e2ee-gpt-oss-120b')
    await expect.element(trigger).toHaveTextContent('GPT-OSS 120B E2EE')
    expect(trigger).toHaveAttribute('data-privacy', 'e2ee')
  })

  // An attacker's pass: a provider's 300-character model name pushed the privacy tag out of the open list's view.
  it("a provider's very long model name wraps or is cut: the privacy tag stays in view, in the list and the trigger", async () => {
    const long = { ...models[0]!, id: 'e2ee-long', model_spec: { ...models[0]!.model_spec, name: `Secure${'A'.repeat(300)} ${'word '.repeat(40)}` } }
    render(
      <div style={{ width: 320 }}>
        <ModelPicker models={[long, ...models.slice(1)]} defaultValue="e2ee-long" />
      </div>,
    )
    const trigger = screen.getByRole('combobox', { name: 'Model' })
    const inside = (tag: Element, box: Element) => {
      const [t, b] = [tag.getBoundingClientRect(), box.getBoundingClientRect()]
      expect(t.width).toBeGreaterThan(0)
      expect(t.left).toBeGreaterThanOrEqual(b.left - 1)
      expect(t.right).toBeLessThanOrEqual(b.right + 1)
    }
    inside(trigger.querySelector('.sealkit-tag')!, trigger)
    trigger.focus()
    await userEvent.keyboard('{Enter}')
    const listbox = await screen.findByRole('listbox')
    const option = within(listbox).getAllByRole('option').find((o) => o.textContent!.startsWith('SecureAAA'))!
    inside(option.querySelector('.sealkit-tag')!, listbox)
    await userEvent.keyboard('{Escape}')
  })

  it('mounts its list without the options, which follow in a transition; the trigger names the selection from the first commit', async () => {
    await preloadComponents()
    const host = document.createElement('div')
    document.body.append(host)
    const env = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
    const act = env.IS_REACT_ACT_ENVIRONMENT
    env.IS_REACT_ACT_ENVIRONMENT = false // flushSync, not act: act would flush the transition too
    const root = createRoot(host)
    // Radix renders a native select in a form, its options from the closed list's own render.
    const native = () => [...host.querySelectorAll('select option')].map((o) => (o as HTMLOptionElement).value).filter(Boolean)
    const picker = (props: { name?: string; defaultValue: string }) => (
      <form>
        <ModelPicker models={models} {...props} />
      </form>
    )
    try {
      flushSync(() => root.render(picker({ defaultValue: 'tee-glm-4-6' })))
      const trigger = host.querySelector('[role="combobox"]')!
      expect(trigger).not.toHaveAttribute('data-loading')
      expect(trigger).toHaveTextContent('GLM 4.6 TEE')
      expect(native()).toEqual([])
      await vi.waitFor(() => expect(native()).toContain('tee-glm-4-6'))
      // Typing on the closed trigger selects by name once the options are there.
      ;(trigger as HTMLElement).focus()
      await userEvent.keyboard('Llama')
      await vi.waitFor(() => expect(trigger).toHaveTextContent('Llama 3.3 70B'))
      // With a name, the form has its value from the first commit.
      flushSync(() => root.unmount())
      const named = createRoot(host)
      flushSync(() => named.render(picker({ name: 'model', defaultValue: 'tee-glm-4-6' })))
      expect([...new FormData(host.querySelector('form')!)]).toEqual([['model', 'tee-glm-4-6']])
      flushSync(() => named.unmount())
      // A value the list does not have is named as it is, not as the placeholder.
      const unknown = createRoot(host)
      flushSync(() => unknown.render(<ModelPicker models={models} value="not-listed" />))
      expect(host.querySelector('[role="combobox"]')).toHaveTextContent('not-listed')
      flushSync(() => unknown.unmount())
    } finally {
      host.remove()
      env.IS_REACT_ACT_ENVIRONMENT = act
    }
  })

  it('filters by privacy level and follows a controlled value', async () => {
    const { rerender } = render(<ModelPicker models={models} value="tee-glm-4-6" privacyFilter="none" />)
    await userEvent.click(screen.getByRole('combobox'))
    const options = within(await screen.findByRole('listbox')).getAllByRole('option')
    // Standard models, plus the selected TEE model so the trigger can still name it.
    expect(options.map((o) => o.dataset.privacy)).toEqual(['tee', 'none', 'none'])
    await userEvent.keyboard('{Escape}')
    rerender(<ModelPicker models={models} value="llama-3.3-70b" privacyFilter="none" />)
    expect(screen.getByRole('combobox')).toHaveTextContent('Llama 3.3 70B')
  })

  it('shows context size and pricing when the model gives them, and the id when it has no name', async () => {
    render(<ModelPicker models={models} defaultOpen />)
    const listbox = within(await screen.findByRole('listbox'))
    expect(listbox.getByRole('option', { name: /Qwen 3\.5 122B/ })).toHaveTextContent(/131K context\s*\$0\.75 in \/ \$3\.00 out per 1M tokens/)
    expect(listbox.getByRole('option', { name: /^e2ee-experimental E2EE$/ })).toBeInTheDocument()
  })

  it('formats the context size and price only once the list opens (the first Intl number format is costly)', async () => {
    await preloadComponents()
    // A locale of its own: formatters of their own, none built by an earlier test.
    const NumberFormat = Intl.NumberFormat
    let built = 0
    Intl.NumberFormat = class extends NumberFormat {
      constructor(...args: ConstructorParameters<typeof NumberFormat>) {
        super(...args)
        built++
      }
    } as typeof NumberFormat
    try {
      render(
        <SealkitLocaleProvider locale="en-GB">
          <ModelPicker models={models} defaultValue="e2ee-qwen3-5-122b-a10b" />
        </SealkitLocaleProvider>,
      )
      // Closed, Radix renders every option into a detached fragment, to name the selected one in the trigger.
      expect(screen.getByRole('combobox')).toHaveTextContent('Qwen 3.5 122B')
      expect(built).toBe(0)
      await userEvent.click(screen.getByRole('combobox'))
      const listbox = within(await screen.findByRole('listbox'))
      // en-GB: "131k context", "US$0.75 in / US$3.00 out per 1M tokens"
      expect(listbox.getByRole('option', { name: /Qwen 3\.5 122B/ })).toHaveTextContent(/131k context\s*US\$0\.75 in \/ US\$3\.00 out/)
      expect(built).toBeGreaterThan(0)
    } finally {
      Intl.NumberFormat = NumberFormat
    }
  })
})

describe('PrivateChatView', () => {
  it('wires the composer, the stop button and the badge', async () => {
    const onSend = vi.fn()
    const onStop = vi.fn()
    const { rerender } = render(
      <PrivateChatView messages={conversation.slice(0, 2)} onSend={onSend} onStop={onStop} badge={{ report: verifiedReport }} models={models} defaultModel="e2ee-gpt-oss-120b" />,
    )
    expect(screen.getByRole('button', { name: 'Attestation: Verified' })).toBeVisible()
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent('GPT-OSS 120B')
    await userEvent.click(screen.getByRole('textbox', { name: 'Message' }))
    await userEvent.keyboard('next{Enter}')
    expect(onSend).toHaveBeenCalledWith('next')
    rerender(<PrivateChatView messages={conversation} status="submitted" onSend={onSend} onStop={onStop} />)
    const articles = within(screen.getByRole('log')).getAllByRole('article')
    expect(articles).toHaveLength(4)
    expect(articles[3]).toHaveAttribute('data-status', 'streaming')
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }))
    expect(onStop).toHaveBeenCalledOnce()
  })

  describe('one failed check is one loud error, never two boxes', () => {
    /** Everything red the view can draw for an error: the chat's alert, a message's warning and its status line. */
    const redBoxes = () => [...document.querySelectorAll('.sealkit-alert, .sealkit-message__unauthentic, .sealkit-message__status[data-tone="danger"]')]
    // As useEncryptedChat hands them out after a chunk failed its check mid-reply (the chat store's catch).
    const failedReply = (code: string, signature: 'unavailable' | 'failed', text = 'A debug TD lets the host'): MessageLike => ({
      id: 'a2',
      role: 'assistant',
      parts: [{ type: 'text', text, state: 'done' }],
      metadata: { model: 'e2ee-gpt-oss-120b', privacy: 'e2ee', signature, authenticity: 'failed', errorCode: code as 'DECRYPT_FAILED', incomplete: true },
    })

    it.each([
      ['DECRYPT_FAILED', 'unavailable', 'Part of this reply failed its check on the way', 'Part of the reply could not be decrypted'],
      ['E2EE_PLAINTEXT_CHUNK', 'unavailable', 'Part of this reply failed its check on the way', 'Part of the reply arrived unencrypted'],
      ['SIGNATURE_INVALID', 'failed', 'This reply was not signed by the enclave', 'The reply’s signature is not valid'],
    ] as const)('%s: the warning over the collapsed reply is the alert, with the error\'s words and Retry', async (code, signature, warning, words) => {
      const onRetry = vi.fn()
      render(<PrivateChatView messages={[...conversation, failedReply(code, signature)]} status="error" error={{ code, message: 'raw' }} onRetry={onRetry} />)
      expect(redBoxes()).toHaveLength(1)
      const alert = screen.getByRole('alert')
      expect(alert).toBe(redBoxes()[0])
      expect(alert).toHaveTextContent(warning)
      expect(alert).toHaveTextContent(words)
      expect(alert).toHaveTextContent(code)
      expect(within(alert).getByRole('button', { name: 'Show anyway' })).toBeVisible()
      await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
      expect(onRetry).toHaveBeenCalledExactlyOnceWith('a2')
      // Revealed, the reply still sits under the one warning.
      await userEvent.click(within(alert).getByRole('button', { name: 'Show anyway' }))
      await expect.element(screen.getByText('A debug TD lets the host')).toBeVisible()
      expect(redBoxes()).toHaveLength(1)
    })

    it('a reply held back offers no copy of its text until the reader chooses to see it', async () => {
      render(<PrivateChatView messages={[...conversation, failedReply('SIGNATURE_INVALID', 'failed')]} status="ready" onRegenerate={() => {}} />)
      const reply = within(screen.getByRole('log')).getAllByRole('article').at(-1)!
      const actions = within(reply).getByRole('toolbar', { name: 'Message actions' })
      expect(within(actions).queryByRole('button', { name: /^Copy/ })).toBeNull()
      expect(within(actions).getByRole('button', { name: 'Regenerate' })).toBeVisible()
      await userEvent.click(within(reply).getByRole('button', { name: 'Show anyway' }))
      await expect.element(within(actions).getByRole('button', { name: 'Copy as Markdown' })).toBeVisible()
      expect(within(actions).getByRole('button', { name: 'Copy as text' })).toBeVisible()
      // The other messages keep theirs.
      const first = within(screen.getByRole('log')).getAllByRole('article')[0]!
      expect(within(first).getByRole('button', { name: /^Copy/ })).toBeVisible()
    })

    it('a check that failed before the first word: the message\'s status line alone', () => {
      render(<PrivateChatView messages={[...conversation, failedReply('DECRYPT_FAILED', 'unavailable', '')]} status="error" error={{ code: 'DECRYPT_FAILED' }} />)
      expect(redBoxes()).toHaveLength(1)
      expect(screen.getByRole('alert')).toHaveClass('sealkit-message__status')
      expect(screen.getByRole('alert')).toHaveTextContent('DECRYPT_FAILED')
    })

    it('no reply to attach it to: the chat\'s own alert', () => {
      render(<PrivateChatView messages={conversation} status="error" error={{ code: 'DECRYPT_FAILED' }} />)
      expect(redBoxes()).toHaveLength(1)
      expect(screen.getByRole('alert')).toHaveClass('sealkit-alert')
      expect(screen.getByRole('alert')).toHaveTextContent('DECRYPT_FAILED')
    })
  })

  it('commits nothing for a scroll that leaves "Jump to latest" as it was', async () => {
    // A same-value setState from the scroll handler still renders once React's eager bailout is off (a fiber
    // updated before keeps its lanes): while a reply streams and the view follows it, one empty commit per scroll.
    let commits = 0
    const long: MessageLike[] = Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, role: i % 2 ? 'assistant' : 'user', parts: [{ type: 'text', text: `Line ${i}\n\n`.repeat(6) }] }))
    render(
      <div style={{ height: 320, display: 'flex' }}>
        <Profiler id="chat" onRender={() => void commits++}>
          <PrivateChatView messages={long} models={models} defaultModel="e2ee-gpt-oss-120b" />
        </Profiler>
      </div>,
    )
    const log = screen.getByRole('log')
    await expect.poll(() => log.scrollHeight > log.clientHeight + 200 && log.scrollTop > 0).toBe(true)
    const scrollTo = async (top: number) => {
      log.scrollTop = top
      await new Promise((resolve) => log.addEventListener('scroll', resolve, { once: true }))
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))
    }
    await scrollTo(0)
    await expect.element(screen.getByRole('button', { name: 'Jump to latest' })).toBeVisible()
    await scrollTo(log.scrollHeight)
    await expect.poll(() => screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull()
    const before = commits
    for (const top of [log.scrollHeight - log.clientHeight - 10, log.scrollHeight - log.clientHeight - 20, log.scrollHeight]) await scrollTo(top)
    expect(commits).toBe(before)
    // And a scroll that changes it still shows it.
    await scrollTo(0)
    await expect.element(screen.getByRole('button', { name: 'Jump to latest' })).toBeVisible()
    expect(commits).toBeGreaterThan(before)
  })
})

describe('theming', () => {
  const bg = () => getComputedStyle(document.documentElement).getPropertyValue('--sealkit-bg').trim()

  it('is light by default, dark with data-theme="dark" or .dark', () => {
    expect(bg()).toBe('#ffffff')
    document.documentElement.dataset.theme = 'dark'
    expect(bg()).toBe('#0f1117')
    delete document.documentElement.dataset.theme
    document.documentElement.classList.add('dark')
    expect(bg()).toBe('#0f1117')
  })

  it('follows prefers-color-scheme unless the root opts out with .light', async () => {
    await commands.setColorScheme('dark')
    try {
      expect(bg()).toBe('#0f1117')
      document.documentElement.classList.add('light')
      expect(bg()).toBe('#ffffff')
    } finally {
      await commands.setColorScheme('light')
    }
  })

  it('keeps its own text alignment inside an app that centres its text (Vite\'s template centres #root)', () => {
    render(
      <div style={{ textAlign: 'center', width: 800 }}>
        <PrivateChatView messages={conversation} models={models} defaultModel="e2ee-gpt-oss-120b" />
      </div>,
    )
    const log = screen.getByRole('log', { name: 'Messages' })
    const articles = within(log).getAllByRole('article')
    expect(articles.length).toBeGreaterThan(1)
    for (const article of articles) expect(getComputedStyle(article).textAlign).toBe('start')
  })

  it('can be themed through --sealkit-* variables', () => {
    render(
      <div style={{ ['--sealkit-success' as string]: 'rgb(1, 2, 3)' }}>
        <ModelPicker models={models} />
      </div>,
    )
    document.documentElement.style.setProperty('--sealkit-accent', 'rgb(10, 20, 30)')
    render(<ChatComposer defaultValue="x" />)
    expect(getComputedStyle(screen.getByRole('button', { name: 'Send' })).backgroundColor).toBe('rgb(10, 20, 30)')
    document.documentElement.style.removeProperty('--sealkit-accent')
  })
})
