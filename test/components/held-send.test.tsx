/** Attacker's probes on the held Send (`sendDisabled` with text in the box: aria-disabled, focusable, says why). */
import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { ChatComposer } from '../../src/components/index.ts'

function setup() {
  const onSend = vi.fn()
  const submits: Event[] = []
  const listener = (e: Event) => submits.push(e)
  document.addEventListener('submit', listener, true)
  const view = render(<ChatComposer onSend={onSend} sendDisabled defaultValue="draft" />)
  const send = screen.getByRole('button', { name: 'Send' })
  const box = screen.getByRole('textbox', { name: 'Message' })
  const form = box.closest('form')!
  return { onSend, submits, send, box, form, view, done: () => document.removeEventListener('submit', listener, true) }
}

describe('held Send', () => {
  it('no path sends: tap, double click, Space and Enter on it, requestSubmit, a dispatched submit', async () => {
    const { onSend, send, box, form, done } = setup()
    expect(send).toHaveAttribute('aria-disabled', 'true')
    await userEvent.click(send, { force: true })
    await userEvent.dblClick(send, { force: true })
    send.focus()
    await userEvent.keyboard(' ')
    await userEvent.keyboard('{Enter}')
    form.requestSubmit()
    form.requestSubmit(send)
    fireEvent.submit(form)
    box.focus()
    await userEvent.keyboard('{Enter}')
    expect(onSend).not.toHaveBeenCalled()
    expect(box).toHaveValue('draft')
    expect(screen.getByRole('status')).toHaveTextContent('Not ready to send yet.')
    done()
  })

  it('a refused tap is not a form submission: no `submit` event reaches the page (a send is what a submit means)', async () => {
    const { submits, send, done } = setup()
    await userEvent.click(send, { force: true })
    send.focus()
    await userEvent.keyboard(' ')
    expect(screen.getByRole('status')).toHaveTextContent('Not ready to send yet.')
    expect(submits).toHaveLength(0)
    done()
  })

  it('each try is said again: the live region changes with every try, tap or Enter', async () => {
    const { send, box, done } = setup()
    const region = screen.getByRole('status')
    const said: string[] = []
    const observer = new MutationObserver(() => said.push(region.textContent ?? ''))
    observer.observe(region, { subtree: true, childList: true, characterData: true })
    await userEvent.click(send, { force: true })
    await userEvent.click(send, { force: true })
    box.focus()
    await userEvent.keyboard('{Enter}')
    await new Promise((resolve) => setTimeout(resolve))
    observer.disconnect()
    // Three tries, three changes, each the same words to a reader.
    expect(said).toHaveLength(3)
    for (const text of said) expect(text.trim()).toBe('Not ready to send yet. Your message stays here.')
    done()
  })

  it('Enter in the box while held is not a submission either', async () => {
    const { submits, box, done } = setup()
    box.focus()
    await userEvent.keyboard('{Enter}')
    expect(screen.getByRole('status')).toHaveTextContent('Not ready to send yet.')
    expect(submits).toHaveLength(0)
    done()
  })
})
