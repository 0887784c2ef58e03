import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useRef, useState } from 'react'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { inBox } from './decorators.tsx'
import { chatReady, inEnglish, openDialog, openListbox } from './interaction.ts'
import { PrivateChatView, type ChatStatus, type MessageLike } from '../src/components/index.ts'
import { answer, conversation, models, nonceMismatchError, nonceMismatchReport, verifiedReport } from './fixtures.ts'

const meta = {
  title: 'Components/PrivateChatView',
  component: PrivateChatView,
  args: {
    messages: conversation.slice(0, 2),
    models,
    defaultModel: 'e2ee-qwen3-5-122b-a10b',
    badge: { report: verifiedReport },
    onSend: fn(),
    onStop: fn(),
    onRegenerate: fn(),
    onModelChange: fn(),
  },
  parameters: {
    docs: {
      note:
        'A view of the messages and the badge it is given. The header\'s "Verified" is the hand-written report of stories/fixtures.ts, not a verification run here; Components/PrivateChat verifies the simulated enclave for real.',
    },
  },
  decorators: [inBox({ height: 680, maxWidth: 820 })],
} satisfies Meta<typeof PrivateChatView>

export default meta
type Story = StoryObj<typeof meta>

export const Empty: Story = {
  args: { messages: [] },
  play: inEnglish(async ({ canvas }) => {
    await chatReady(canvas)
    await expect(canvas.getByText(/Start a conversation/)).toBeVisible()
    await expect(canvas.queryByRole('button', { name: 'Regenerate' })).toBeNull()
  }),
}

export const Conversation: Story = {
  play: inEnglish(async ({ canvas, args }) => {
    await chatReady(canvas)
    const log = canvas.getByRole('log', { name: 'Messages' })
    await expect(within(log).getAllByRole('article')).toHaveLength(2)
    // The message actions are a chunk of their own, in once the chat has a message.
    await userEvent.click(await canvas.findByRole('button', { name: 'Regenerate' }))
    await expect(args.onRegenerate).toHaveBeenCalledOnce()
    await expect(canvas.getByRole('button', { name: 'Attestation: Verified' })).toBeVisible()
  }),
}

export const Submitted: Story = {
  args: { messages: conversation, status: 'submitted' },
  play: inEnglish(async ({ canvas }) => {
    await chatReady(canvas)
    const articles = within(canvas.getByRole('log')).getAllByRole('article')
    await expect(articles.at(-1)).toHaveAttribute('data-status', 'streaming')
    await expect(canvas.getByRole('button', { name: 'Stop' })).toBeEnabled()
  }),
}

export const Streaming: Story = {
  args: {
    status: 'streaming',
    messages: [...conversation, { id: 'a2', role: 'assistant', parts: [{ type: 'text', text: 'A debug TD lets the host attach a debugger, so' }], privacy: { e2ee: true, signature: 'pending', attestation: 'passed' } }],
  },
  play: inEnglish(async ({ canvas, args }) => {
    await chatReady(canvas)
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }))
    await expect(args.onStop).toHaveBeenCalledOnce()
  }),
}

export const ErrorMidStream: Story = {
  args: {
    status: 'error',
    error: Object.assign(new Error('Received plaintext where ciphertext was expected'), { code: 'E2EE_PLAINTEXT_CHUNK' }),
    messages: [...conversation, { id: 'a2', role: 'assistant', parts: [{ type: 'text', text: 'A debug TD lets the host' }], privacy: { e2ee: true, signature: 'unavailable', attestation: 'passed' } }],
  },
  play: inEnglish(async ({ canvas }) => {
    await chatReady(canvas)
    await expect(canvas.getByRole('alert')).toHaveTextContent('E2EE_PLAINTEXT_CHUNK')
  }),
}

export const ErrorBeforeReply: Story = {
  args: {
    status: 'error',
    error: Object.assign(new Error('The encryption key is no longer valid'), { code: 'KEY_ROTATED' }),
    messages: conversation,
  },
  play: inEnglish(async ({ canvas }) => {
    await chatReady(canvas)
    await expect(canvas.getByRole('alert')).toHaveTextContent('KEY_ROTATED')
  }),
}

/** Attestation failed: the app disables sending and says why. */
export const AttestationFailed: Story = {
  args: {
    messages: [],
    badge: { report: nonceMismatchReport, error: nonceMismatchError, onReverify: fn() },
    disabled: true,
    notice: 'Sending is off: this enclave failed verification. Open the badge for details.',
  },
  play: inEnglish(async ({ canvas }) => {
    await chatReady(canvas)
    await expect(canvas.getByRole('button', { name: 'Attestation: Verification failed' })).toBeVisible()
    await expect(canvas.getByRole('textbox', { name: 'Message' })).toBeDisabled()
  }),
}

/** A local echo stream: type, press Enter, watch the reply stream in, and stop or regenerate. */
export const Interactive: Story = {
  parameters: { screenshot: false },
  render: function Render(args) {
    const [messages, setMessages] = useState<MessageLike[]>([])
    const [status, setStatus] = useState<ChatStatus>('ready')
    const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined)
    useEffect(() => () => clearInterval(timer.current), [])
    const stream = (history: MessageLike[]) => {
      const id = `a${history.length}`
      let n = 0
      setStatus('submitted')
      setMessages(history)
      timer.current = setInterval(() => {
        n += 12
        const text = answer.slice(0, n)
        setStatus(n >= answer.length ? 'ready' : 'streaming')
        setMessages([...history, { id, role: 'assistant', parts: [{ type: 'text', text }], privacy: { e2ee: true, signature: n >= answer.length ? 'verified' : 'pending', attestation: 'passed' } }])
        if (n >= answer.length) clearInterval(timer.current)
      }, 10)
    }
    return (
      <PrivateChatView
        {...args}
        messages={messages}
        status={status}
        onSend={(text) => {
          args.onSend?.(text)
          stream([...messages, { id: `u${messages.length}`, role: 'user', parts: [{ type: 'text', text }], privacy: { e2ee: true } }])
        }}
        onStop={() => {
          clearInterval(timer.current)
          setStatus('ready')
        }}
        onRegenerate={() => stream(messages.filter((m, i) => !(i === messages.length - 1 && m.role === 'assistant')))}
      />
    )
  },
  play: inEnglish(async ({ canvas, args }) => {
    await chatReady(canvas)
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'How does TDX protect my prompt?{Enter}')
    await expect(args.onSend).toHaveBeenCalledWith('How does TDX protect my prompt?')
    await waitFor(() => expect(canvas.getByRole('button', { name: /^Privacy: .*Signed/ })).toBeVisible(), { timeout: 10_000 })
    const log = within(canvas.getByRole('log'))
    await expect(log.getAllByRole('article')).toHaveLength(2)
    // The reply's markdown renders at transition priority: it may catch up a frame after the row.
    await waitFor(() => expect(log.getAllByRole('article')[1]).toHaveTextContent('you can verify which enclave that was'))
  }),
}

/** The model picker inside the header drives `onModelChange`. */
export const ChangeModel: Story = {
  parameters: { screenshot: false },
  play: inEnglish(async ({ canvas, args }) => {
    await chatReady(canvas)
    await userEvent.click(canvas.getByRole('combobox', { name: 'Model' }))
    await userEvent.click(within(await openListbox()).getByRole('option', { name: /GPT-OSS 120B/ }))
    await expect(args.onModelChange).toHaveBeenCalledWith('e2ee-gpt-oss-120b')
  }),
}

export const ConversationDark: Story = {
  args: { messages: conversation.slice(0, 2) },
  globals: { theme: 'dark' },
}

export const StreamingDark: Story = {
  ...Streaming,
  globals: { theme: 'dark' },
}

/**
 * Right to left, as with an app's own catalog for Arabic or Hebrew (`dir: 'rtl'`; its words would be the app's): the
 * user's messages on the left with their tail corner there, Send on the left, and the model list and the badge's
 * popover right to left too.
 */
export const RightToLeft: Story = {
  globals: { dir: 'rtl' },
  play: inEnglish(async ({ canvas }) => {
    const log = await chatReady(canvas)
    const box = log.getBoundingClientRect()
    const bubble = log.querySelector<HTMLElement>('.sealkit-message[data-role="user"] .sealkit-message__content')!
    await expect(bubble.getBoundingClientRect().left - box.left).toBeLessThan(box.right - bubble.getBoundingClientRect().right)
    await expect(getComputedStyle(bubble).borderBottomLeftRadius).toBe('4px')
    await expect(getComputedStyle(bubble).borderBottomRightRadius).not.toBe('4px')
    const composer = canvas.getByRole('textbox', { name: 'Message' }).getBoundingClientRect()
    const send = canvas.getByRole('button', { name: 'Send' }).getBoundingClientRect()
    await expect(send.left - composer.left).toBeLessThan(composer.right - send.right)
    const picker = canvas.getByRole('combobox', { name: 'Model' })
    // The model's name is the provider's Latin: its own direction, so a narrow box cuts its end, not its start.
    await expect(getComputedStyle(picker.querySelector('.sealkit-select-item__name')!).direction).toBe('ltr')
    await userEvent.click(picker)
    // Radix's list and the badge's popover portal to <body>: each carries the catalog's direction itself.
    await expect(await openListbox()).toHaveAttribute('dir', 'rtl')
    await userEvent.keyboard('{Escape}')
    await userEvent.click(canvas.getByRole('button', { name: 'Attestation: Verified' }))
    await expect((await openDialog()).closest('.sealkit-popover')).toHaveAttribute('dir', 'rtl')
    await userEvent.keyboard('{Escape}')
  }),
}
