import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test'
import { roomBelow } from './decorators.tsx'
import { inEnglish, openListbox } from './interaction.ts'
import { ModelPicker, type PrivacyFilter } from '../src/components/index.ts'
import { models } from './fixtures.ts'

const meta = {
  title: 'Components/ModelPicker',
  component: ModelPicker,
  args: { models, onValueChange: fn(), onPrivacyFilterChange: fn() },
  decorators: [roomBelow(620)],
} satisfies Meta<typeof ModelPicker>

export default meta

/**
 * While a Radix Select is open it is modal: it traps focus and sets aria-hidden on everything
 * else, which still holds focusable elements. axe's aria-hidden-focus flags that, though no
 * keyboard user can reach them. Only for stories that end with the list open.
 */
const openSelectA11y = { config: { rules: [{ id: 'aria-hidden-focus', enabled: false }] } }
type Story = StoryObj<typeof meta>

export const Default: Story = {
  args: { defaultValue: 'e2ee-qwen3-5-122b-a10b' },
  play: inEnglish(async ({ canvas }) => {
    const trigger = canvas.getByRole('combobox', { name: 'Model' })
    await expect(trigger).toHaveTextContent('Qwen 3.5 122B')
    await expect(trigger).toHaveTextContent('E2EE')
  }),
}

export const Placeholder: Story = {
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('combobox', { name: 'Model' })).toHaveTextContent('Choose a model')
  }),
}

/** Grouped by privacy level, each with its tag, context size and pricing. */
export const Open: Story = {
  args: { defaultValue: 'e2ee-qwen3-5-122b-a10b' },
  parameters: { a11y: openSelectA11y },
  play: inEnglish(async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('combobox', { name: 'Model' }))
    const listbox = within(await openListbox())
    const options = listbox.getAllByRole('option')
    await expect(options).toHaveLength(models.length)
    await expect(listbox.getByRole('option', { name: /GLM 4\.6/ })).toHaveAccessibleName(
      /^GLM 4\.6 TEE tee-glm-4-6 · 203K context ?\$0\.85 in \/ \$2\.75 out per 1M tokens$/,
    )
    await expect(listbox.getByText('End-to-end encrypted')).toBeVisible()
  }),
}

/** The E2EE filter narrows the list; keyboard selection reports the new id. */
export const FilterAndKeyboard: Story = {
  render: function Render(args) {
    const [value, setValue] = useState('tee-glm-4-6')
    const [filter, setFilter] = useState<PrivacyFilter>('any')
    return (
      <ModelPicker
        {...args}
        value={value}
        onValueChange={(v) => {
          setValue(v)
          args.onValueChange?.(v)
        }}
        privacyFilter={filter}
        onPrivacyFilterChange={(f) => {
          setFilter(f)
          args.onPrivacyFilterChange?.(f)
        }}
      />
    )
  },
  play: inEnglish(async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('radio', { name: /End-to-end encrypted only/ }))
    await expect(args.onPrivacyFilterChange).toHaveBeenCalledWith('e2ee')
    const trigger = canvas.getByRole('combobox', { name: 'Model' })
    trigger.focus()
    await userEvent.keyboard('{ArrowDown}')
    const listbox = within(await openListbox())
    // The three E2EE models, plus the selected TEE model (kept so the trigger can show it).
    await expect(listbox.getAllByRole('option').map((o) => o.textContent)).toEqual([
      expect.stringContaining('Qwen 3.5 122B'),
      expect.stringContaining('GPT-OSS 120B'),
      expect.stringContaining('e2ee-experimental'),
      expect.stringContaining('GLM 4.6'),
    ])
    await waitFor(() => expect(listbox.getByRole('option', { name: /GLM 4\.6/ })).toHaveFocus())
    // Radix may re-focus the selected option a frame later; let it settle before typing.
    await new Promise((resolve) => setTimeout(resolve, 100))
    // Radix moves the highlight in a timer, and Chromium runs input before timers: wait for each
    // move, as a person watching the highlight would, or a key sent right behind it acts on the old one.
    await userEvent.keyboard('{ArrowUp}')
    await waitFor(() => expect(listbox.getByRole('option', { name: /e2ee-experimental/ })).toHaveFocus())
    await userEvent.keyboard('{ArrowUp}')
    await waitFor(() => expect(listbox.getByRole('option', { name: /GPT-OSS 120B/ })).toHaveFocus())
    await userEvent.keyboard('{Enter}')
    await expect(args.onValueChange).toHaveBeenCalledWith('e2ee-gpt-oss-120b')
    await waitFor(() => expect(screen.queryByRole('listbox')).toBeNull())
    await expect(trigger).toHaveTextContent('GPT-OSS 120B')
  }),
}

export const OnlyE2EEModels: Story = {
  name: 'Only E2EE Models',
  args: { models: models.filter((m) => m.id.startsWith('e2ee-')), defaultValue: 'e2ee-gpt-oss-120b' },
  play: inEnglish(async ({ canvas }) => {
    // One privacy level: no filter to show.
    await expect(canvas.queryByRole('radiogroup')).toBeNull()
    await expect(canvas.queryByRole('group')).toBeNull()
  }),
}

export const Empty: Story = {
  args: { models: [] },
  play: inEnglish(async ({ canvas }) => {
    const trigger = canvas.getByRole('combobox', { name: 'Model' })
    await expect(trigger).toBeDisabled()
    await expect(trigger).toHaveTextContent('No models available')
  }),
}

export const Disabled: Story = {
  args: { defaultValue: 'tee-deepseek-v3-2', disabled: true },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('combobox', { name: 'Model' })).toBeDisabled()
  }),
}

export const OpenDark: Story = {
  ...Open,
  globals: { theme: 'dark' },
}

/** Right to left (a catalog whose `dir` is 'rtl'): the filter starts at the right, and the left arrow moves on to the next choice. */
export const RightToLeft: Story = {
  globals: { dir: 'rtl' },
  play: inEnglish(async ({ canvas }) => {
    const group = canvas.getByRole('radiogroup')
    await waitFor(() => expect(group).not.toHaveAttribute('data-loading'))
    await expect(group).toHaveAttribute('dir', 'rtl')
    const [all, next] = within(group).getAllByRole('radio')
    await expect(all!.getBoundingClientRect().left).toBeGreaterThan(next!.getBoundingClientRect().left)
    all!.focus()
    await userEvent.keyboard('{ArrowLeft}')
    await expect(next).toHaveFocus()
  }),
}
