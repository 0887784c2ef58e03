import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent } from 'storybook/test'
import { inBox } from './decorators.tsx'
import { inEnglish } from './interaction.ts'
import { ChatComposer } from '../src/components/index.ts'

const meta = {
  title: 'Components/ChatComposer',
  component: ChatComposer,
  args: { onSend: fn(), onStop: fn(), onRegenerate: fn(), onValueChange: fn() },
  decorators: [inBox({ maxWidth: 640 })],
} satisfies Meta<typeof ChatComposer>

export default meta
type Story = StoryObj<typeof meta>

/** Enter sends the trimmed text and clears the box; Shift+Enter adds a line. */
export const Ready: Story = {
  args: { hint: 'End-to-end encrypted to e2ee-qwen3-5-122b-a10b' },
  play: inEnglish(async ({ canvas, args }) => {
    const box = canvas.getByRole('textbox', { name: 'Message' })
    await expect(canvas.getByRole('button', { name: 'Send' })).toBeDisabled()
    await userEvent.type(box, 'first line{Shift>}{Enter}{/Shift}second line')
    await expect(box).toHaveValue('first line\nsecond line')
    await expect(args.onSend).not.toHaveBeenCalled()
    await userEvent.keyboard('{Enter}')
    await expect(args.onSend).toHaveBeenCalledWith('first line\nsecond line')
    await expect(box).toHaveValue('')
    await expect(box).toHaveFocus()
  }),
}

/** A draft ready to send, and Regenerate beside Send (sending is Ready's: this story keeps its draft on screen). */
export const WithDraft: Story = {
  args: { defaultValue: 'What does RTMR3 measure?', canRegenerate: true },
  play: inEnglish(async ({ canvas, args }) => {
    await expect(canvas.getByRole('textbox', { name: 'Message' })).toHaveValue('What does RTMR3 measure?')
    await expect(canvas.getByRole('button', { name: 'Send' })).toBeEnabled()
    await userEvent.click(canvas.getByRole('button', { name: 'Regenerate' }))
    await expect(args.onRegenerate).toHaveBeenCalledOnce()
    await expect(args.onSend).not.toHaveBeenCalled()
    await expect(canvas.getByRole('textbox', { name: 'Message' })).toHaveValue('What does RTMR3 measure?')
  }),
}

/** While a response streams, Enter does not send and the button stops it. */
export const Streaming: Story = {
  args: { status: 'streaming', defaultValue: 'Next question' },
  play: inEnglish(async ({ canvas, args }) => {
    await expect(canvas.queryByRole('button', { name: 'Send' })).toBeNull()
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), '{Enter}')
    await expect(args.onSend).not.toHaveBeenCalled()
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }))
    await expect(args.onStop).toHaveBeenCalledOnce()
  }),
}

export const Disabled: Story = {
  args: { disabled: true, placeholder: 'Verify the enclave before sending' },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('textbox', { name: 'Message' })).toBeDisabled()
  }),
}

/** The box takes text, but sending waits (e.g. for the models list): Enter or a tap on Send keeps the draft and says why. */
export const SendWaits: Story = {
  args: { sendDisabled: true, sendDisabledHint: 'Starting up. Your message stays here until a model is ready to take it.' },
  play: inEnglish(async ({ canvas, args }) => {
    const box = canvas.getByRole('textbox', { name: 'Message' })
    await userEvent.type(box, 'Typed while it starts{Enter}')
    await expect(args.onSend).not.toHaveBeenCalled()
    await expect(box).toHaveValue('Typed while it starts')
    await expect(canvas.getByRole('status')).toHaveTextContent('Starting up. Your message stays here until a model is ready to take it.')
    // Looks off, yet takes the tap: it says the same, and nothing is sent.
    const send = canvas.getByRole('button', { name: 'Send' })
    await expect(send).toHaveAttribute('aria-disabled', 'true')
    await userEvent.click(send)
    await expect(args.onSend).not.toHaveBeenCalled()
    await expect(send).toHaveAccessibleDescription('Starting up. Your message stays here until a model is ready to take it.')
  }),
}

export const ReadyDark: Story = {
  args: { defaultValue: 'Is this encrypted end to end?', canRegenerate: true },
  globals: { theme: 'dark' },
}
