import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { inBox } from './decorators.tsx'
import { inEnglish } from './interaction.ts'
import { StreamingMessage, type MessageStatus } from '../src/components/index.ts'
import { answer, markdownAnswer } from './fixtures.ts'

const meta = {
  title: 'Components/StreamingMessage',
  component: StreamingMessage,
  args: {
    message: { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: answer }] },
    privacy: { e2ee: true, signature: 'verified', attestation: 'passed' },
  },
  parameters: {
    docs: {
      note:
        'Each message\'s privacy facts are the `privacy` prop: "Signed" and "Enclave verified" here are what the story claims, not a signature checked in this page. Components/PrivateChat shows facts a chat established.',
    },
  },
  decorators: [inBox({ maxWidth: 640 })],
} satisfies Meta<typeof StreamingMessage>

export default meta
type Story = StoryObj<typeof meta>

const half = answer.slice(0, 260)

export const Done: Story = {
  play: inEnglish(async ({ canvas }) => {
    const article = canvas.getByRole('article', { name: 'Assistant message' })
    await expect(article).toHaveAttribute('data-status', 'done')
    // One compact row; the full words are its description.
    await expect(canvas.getByRole('button', { name: 'Privacy: Encrypted, Signed, Enclave verified' })).toBeVisible()
    await expect(canvas.getByRole('button', { name: /^Privacy:/ })).toHaveAccessibleDescription(/Signed by the enclave/)
  }),
}

/** The privacy row focused from the keyboard: each fact in full, with a one-line explanation. */
export const PrivacyDetails: Story = {
  play: inEnglish(async ({ canvas }) => {
    const row = canvas.getByRole('button', { name: /^Privacy:/ })
    row.focus()
    // Wait on the state, never on time.
    await waitFor(() => expect(row).toHaveAttribute('aria-expanded', 'true'))
    await expect(canvas.getByRole('list', { name: 'Privacy' })).toBeVisible()
    await expect(canvas.getByText('Signed by the enclave')).toBeVisible()
  }),
}

export const Streaming: Story = {
  args: { status: 'streaming', message: { role: 'assistant', parts: [{ type: 'text', text: half }] }, privacy: { e2ee: true, signature: 'pending', attestation: 'passed' } },
  play: inEnglish(async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('article')).toHaveAttribute('aria-busy', 'true')
    await expect(canvasElement.querySelector('.sealkit-cursor')).not.toBeNull()
    await expect(canvas.getByText('Checking signature')).toBeVisible()
  }),
}

export const WaitingForFirstToken: Story = {
  args: { status: 'streaming', message: { role: 'assistant', parts: [] }, privacy: undefined },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Generating a response')
  }),
}

export const Stopped: Story = {
  args: { status: 'stopped', message: { role: 'assistant', parts: [{ type: 'text', text: half }] }, onRetry: fn(), privacy: { e2ee: true, signature: 'unavailable', attestation: 'passed' } },
  play: inEnglish(async ({ canvas, args }) => {
    await expect(canvas.getByText(/Stopped\. The text above/)).toBeVisible()
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }))
    await expect(args.onRetry).toHaveBeenCalledOnce()
  }),
}

export const Incomplete: Story = {
  args: { status: 'incomplete', message: { role: 'assistant', parts: [{ type: 'text', text: half }] }, onRetry: fn(), privacy: { e2ee: true, signature: 'unavailable', attestation: 'passed' } },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByText('The reply ended before it was complete.')).toBeVisible()
  }),
}

export const ErrorState: Story = {
  name: 'Error',
  args: {
    status: 'error',
    error: Object.assign(new Error('Failed to decrypt field'), { code: 'DECRYPT_FAILED' }),
    message: { role: 'assistant', parts: [{ type: 'text', text: 'Intel TDX keeps the model’s memory' }] },
    onRetry: fn(),
    privacy: { e2ee: true, signature: 'unavailable', attestation: 'passed' },
  },
  play: inEnglish(async ({ canvas }) => {
    const alert = canvas.getByRole('alert')
    await expect(alert).toHaveTextContent('Part of the reply could not be decrypted: that part was not shown, and the reply stops there. Retry, or pick another model.')
    await expect(alert).toHaveTextContent('DECRYPT_FAILED')
    await expect(alert).toHaveTextContent('Failed to decrypt field')
  }),
}

/** The enclave's signature did not verify: the text is collapsed behind a loud warning, "Show anyway" reveals it. */
export const SignatureFailed: Story = {
  args: { privacy: { e2ee: true, signature: 'failed', attestation: 'passed' } },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('article')).toHaveAttribute('data-authenticity', 'failed')
    await expect(canvas.getByRole('button', { name: 'Privacy: Encrypted, Signature failed, Enclave verified' })).toBeVisible()
    await expect(canvas.getByText('This reply was not signed by the enclave: it may not come from the model.')).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Show anyway' })).toBeVisible()
  }),
}

/** E2EE without a signature: encrypted, but nothing proves the enclave wrote it. Amber, never green. */
export const Unsigned: Story = {
  args: { privacy: { e2ee: true, signature: 'unavailable', attestation: 'passed' } },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('article')).toHaveAttribute('data-authenticity', 'unavailable')
    const row = canvas.getByRole('button', { name: /^Privacy:/ })
    await expect(row).toHaveAccessibleDescription(/Not signed by the enclave/)
    await expect(within(row).getByText('Unsigned').closest('.sealkit-chip')).toHaveAttribute('data-tone', 'warning')
    await expect(within(row).getByText('Encrypted').closest('.sealkit-chip')).toHaveAttribute('data-tone', 'neutral')
  }),
}

export const NotEndToEndEncrypted: Story = {
  args: { privacy: { e2ee: false, signature: 'unavailable' } },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: /^Privacy: Not E2EE/ })).toHaveAccessibleDescription(/Not end-to-end encrypted/)
  }),
}

export const AttestationFailed: Story = {
  args: { privacy: { e2ee: true, signature: 'failed', attestation: 'failed' } },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: /^Privacy: .*Enclave not verified$/ })).toBeVisible()
  }),
}

export const UserMessage: Story = {
  args: { message: { role: 'user', content: 'How can the provider run the model without seeing my prompt?' }, privacy: { e2ee: true } },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('article', { name: 'Your message' })).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Privacy: Encrypted' })).toHaveAccessibleDescription(/Encrypted to the enclave/)
  }),
}

export const WithReasoning: Story = {
  args: {
    message: {
      role: 'assistant',
      parts: [
        { type: 'reasoning', text: 'The user asks about TDX. Explain memory encryption first, then attestation.' },
        { type: 'text', text: answer },
      ],
    },
  },
  play: inEnglish(async ({ canvas }) => {
    await userEvent.click(canvas.getByText('Reasoning'))
    await expect(canvas.getByText(/Explain memory encryption first/)).toBeVisible()
  }),
}

/** A markdown reply: heading, lists, task list, code with language and copy, a table, a safe and an inert link. */
export const MarkdownReply: Story = {
  args: { message: { id: 'md', role: 'assistant', parts: [{ type: 'text', text: markdownAnswer }] } },
  play: inEnglish(async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(canvas.getByRole('table')).toBeVisible())
    await expect(canvas.getByRole('heading', { name: 'How your message is protected' })).toBeVisible()
    await expect(canvas.getByRole('link', { name: 'the protocol' })).toHaveAttribute('rel', 'noopener noreferrer')
    await expect(canvas.getByText('click').closest('a')).toBeNull()
    await expect(canvasElement.querySelector('figure.sealkit-md__code')).not.toBeNull()
  }),
}

/**
 * Tokens arrive every 15 ms. Committed markdown blocks are never touched again: a MutationObserver
 * on the first paragraph sees no change while the tail grows, and the cursor goes when done.
 */
export const LiveStream: Story = {
  parameters: { screenshot: false },
  render: function Render(args) {
    const text = answer + '\n\n' + answer
    const [length, setLength] = useState(0)
    const done = length >= text.length
    useEffect(() => {
      if (done) return
      const id = setTimeout(() => setLength((n) => Math.min(text.length, n + 9)), 15)
      return () => clearTimeout(id)
    }, [length, done, text.length])
    const status: MessageStatus = done ? 'done' : 'streaming'
    return <StreamingMessage {...args} status={status} message={{ role: 'assistant', parts: [{ type: 'text', text: text.slice(0, length) }] }} />
  },
  play: inEnglish(async ({ canvasElement }) => {
    const first = await waitFor(
      () => {
        // Markdown blocks: every paragraph but the growing last one is committed.
        const paragraphs = canvasElement.querySelectorAll('.sealkit-md p')
        if (paragraphs.length < 2) throw new Error('no committed block yet')
        return paragraphs[0]!
      },
      { timeout: 5000 },
    )
    const before = first.textContent
    const mutations: MutationRecord[] = []
    const observer = new MutationObserver((records) => mutations.push(...records))
    observer.observe(first, { subtree: true, characterData: true, childList: true })
    await expect(canvasElement.querySelector('.sealkit-cursor')).not.toBeNull()
    await waitFor(() => expect(canvasElement.querySelector('[data-status="done"]')).not.toBeNull(), { timeout: 10_000 })
    observer.disconnect()
    await expect(mutations).toHaveLength(0)
    await expect(first.isConnected).toBe(true)
    await expect(first.textContent).toBe(before)
    await expect(canvasElement.querySelectorAll('.sealkit-md p').length).toBeGreaterThanOrEqual(2)
    await expect(canvasElement.querySelector('.sealkit-cursor')).toBeNull()
  }),
}

/** A message exactly as useEncryptedChat returns it: status and privacy come from `metadata`. */
export const FromChatHook: Story = {
  args: {
    privacy: undefined,
    message: {
      id: 'a1',
      role: 'assistant',
      parts: [{ type: 'text', text: answer.slice(0, 180), state: 'done' }],
      metadata: {
        model: 'e2ee-qwen3-5-122b-a10b',
        privacy: 'e2ee',
        signature: 'unavailable',
        incomplete: true,
        errorCode: 'ABORTED',
        attestation: {
          model: 'e2ee-qwen3-5-122b-a10b',
          nonce: 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732',
          signingAddress: '0x6525e128afcffebf7eed05d485d7be983cdae934',
          verdict: 'passed',
          policy: 'standard',
          verifiedAt: '2026-06-10T01:47:07.000Z',
        },
      },
    },
  },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('article')).toHaveAttribute('data-status', 'stopped')
    await expect(canvas.getByRole('button', { name: 'Privacy: Encrypted, Unsigned, Enclave verified' })).toHaveAccessibleDescription(/Not signed by the enclave/)
  }),
}

export const DoneDark: Story = {
  ...Done,
  globals: { theme: 'dark' },
}

export const ErrorDark: Story = {
  ...ErrorState,
  name: 'Error Dark',
  globals: { theme: 'dark' },
}
