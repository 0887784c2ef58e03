/**
 * CopyButton's name: an icon alone is named by its state ("Copied the key"); a button with words of its own keeps the
 * name its words give ("Copy the key"), as axe's label-content-name-mismatch asks, and says the outcome in its title.
 */
import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import { CopyButton } from '../../src/components/index.ts'

describe('CopyButton', () => {
  it('with words of its own (children, or asChild): the name stays theirs after a copy; the title says the outcome', async () => {
    for (const asChild of [false, true]) {
      const { unmount } = render(
        <CopyButton value="k" label="the key" asChild={asChild}>
          {asChild ? <button type="button">Copy the key</button> : 'Copy the key'}
        </CopyButton>,
      )
      const button = screen.getByRole('button', { name: 'Copy the key' })
      await userEvent.click(button)
      await expect.poll(() => button.dataset.state).not.toBe('idle')
      expect(button).toHaveAccessibleName('Copy the key')
      expect(button.title).toMatch(/^(Copied the key|Could not copy the key)$/)
      unmount()
    }
  })

  it('an icon alone is named by its state', async () => {
    render(<CopyButton value="k" label="the key" />)
    const button = screen.getByRole('button', { name: 'Copy the key' })
    await userEvent.click(button)
    await expect.poll(() => button.dataset.state).not.toBe('idle')
    expect(button).toHaveAccessibleName(button.dataset.state === 'copied' ? 'Copied the key' : 'Could not copy the key')
  })
})
