import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, waitFor } from 'storybook/test'
import { inEnglish } from './interaction.ts'
import { forwardRef, type ComponentPropsWithoutRef } from 'react'
import { CopyButton, useSealkitLocale } from '../src/components/index.ts'

const meta = {
  title: 'Components/CopyButton',
  component: CopyButton,
  args: {
    value: '04a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    label: 'signing key',
    onCopied: fn(),
  },
} satisfies Meta<typeof CopyButton>

export default meta
type Story = StoryObj<typeof meta>

/**
 * Named "Copy {label}". After a click it says whether the clipboard took the text (`data-state` `copied`, or
 * `failed` where the browser refuses), then returns to `idle` after `resetAfter` ms.
 */
export const Default: Story = {
  args: { resetAfter: 600 },
  play: inEnglish(async ({ canvas, args }) => {
    const button = canvas.getByRole('button', { name: 'Copy signing key' })
    await expect(button).toHaveAttribute('data-state', 'idle')
    await userEvent.click(button)
    await waitFor(() => expect(args.onCopied).toHaveBeenCalledOnce())
    const [value, ok] = (args.onCopied as ReturnType<typeof fn>).mock.calls[0]!
    await expect(value).toBe(args.value)
    // The button tells what happened, whichever it was: a refused clipboard is never shown as copied.
    await expect(button).toHaveAttribute('data-state', ok ? 'copied' : 'failed')
    await waitFor(() => expect(button).toHaveAttribute('data-state', 'idle'), { timeout: 2000 })
  }),
}

/** A text button of the app's own, in the catalog's words, so its visible text is its name in every language. */
const TextButton = forwardRef<HTMLButtonElement, ComponentPropsWithoutRef<'button'> & { what: string }>(function TextButton({ what, className, ...props }, ref) {
  const { t } = useSealkitLocale()
  return (
    <button ref={ref} type="button" {...props} className={['sealkit-button', className].filter(Boolean).join(' ')} data-variant="ghost">
      {t.copy.copy(what)}
    </button>
  )
})

/**
 * `asChild`: the copy behaviour on an element of the app's own, here a text button. The name stays "Copy {label}", so
 * its visible words should say the same.
 */
export const AsChild: Story = {
  args: { asChild: true, label: 'the key' },
  render: (args) => (
    <CopyButton {...args}>
      <TextButton what={args.label} />
    </CopyButton>
  ),
  play: inEnglish(async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Copy the key' }))
    await waitFor(() => expect(args.onCopied).toHaveBeenCalledWith(args.value, expect.any(Boolean)))
  }),
}
