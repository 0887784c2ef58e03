/** The chat's header (model picker, attestation badge) does not re-render with every chunk of a streaming reply. */
import { render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { PrivateChatView, type MessageLike } from '../../src/components/index.ts'
import { models, verifiedReport } from '../../stories/fixtures.ts'

// Reads of the models' and the report's fields: the picker and the badge read them whenever they render.
const reads = { picker: 0, badge: 0 }
const counted = <T extends object>(value: T, key: keyof typeof reads): T =>
  new Proxy(value, {
    get(target, property, receiver) {
      reads[key]++
      return Reflect.get(target, property, receiver)
    },
  })
const pickerModels = models.map((model) => counted(model, 'picker'))
const report = counted(verifiedReport, 'badge')
const reply = (text: string): MessageLike[] => [
  { id: 'u', role: 'user', parts: [{ type: 'text', text: 'Hello' }] },
  { id: 'a', role: 'assistant', parts: [{ type: 'text', text }] },
]

describe('the header while a reply streams', () => {
  it('the picker and the badge do not render again for each chunk, though every render brings new prop objects and handlers', async () => {
    const onModelChange = vi.fn()
    // As <PrivateChat> renders it: every prop object and handler built anew on every render.
    const view = (text: string, status: 'streaming' | 'ready' = 'streaming') => (
      <PrivateChatView
        messages={reply(text)}
        status={status}
        models={pickerModels}
        model="e2ee-gpt-oss-120b"
        onModelChange={(id) => onModelChange(id)}
        modelPickerProps={{ ...{ simulated: false } }}
        badge={{ report, onReverify: () => {} }}
      />
    )
    const { rerender } = render(view('Hi'))
    await expect.element(screen.getByRole('combobox', { name: 'Model' })).toBeVisible()
    expect(reads.picker).toBeGreaterThan(0)
    expect(reads.badge).toBeGreaterThan(0)
    const before = { ...reads }
    for (let i = 1; i <= 10; i++) rerender(view('Hi' + ' there'.repeat(i)))
    // The badge's onReverify is a new function each time: it renders again (an app that wants it steady keeps it so,
    // as <PrivateChat> does); the picker gets the view's own steady handler.
    expect(reads.picker - before.picker).toBe(0)
    expect(reads.badge - before.badge).toBeGreaterThan(0)
    const steadyBadge = { report, onReverify: () => {} }
    const steady = (text: string) => <PrivateChatView messages={reply(text)} status="streaming" models={pickerModels} model="e2ee-gpt-oss-120b" badge={{ ...steadyBadge }} />
    rerender(steady('Hi'))
    const settled = { ...reads }
    for (let i = 1; i <= 10; i++) rerender(steady('Hi' + ' there'.repeat(i)))
    expect(reads.badge - settled.badge).toBe(0)
    expect(reads.picker - settled.picker).toBe(0)

    // What the header shows still follows its props: the end of the stream enables the picker, and a pick
    // reaches the latest handler.
    const picked = vi.fn()
    rerender(
      <PrivateChatView messages={reply('Hi there')} status="ready" models={pickerModels} model="e2ee-gpt-oss-120b" onModelChange={picked} badge={{ ...steadyBadge }} />,
    )
    await userEvent.click(screen.getByRole('combobox', { name: 'Model' }))
    await userEvent.click(await screen.findByRole('option', { name: /Qwen 3\.5 122B/ }))
    expect(picked).toHaveBeenCalledExactlyOnceWith('e2ee-qwen3-5-122b-a10b')
    expect(onModelChange).not.toHaveBeenCalled()
  })

  it('a busy view disables the picker, and the badge follows a new report', async () => {
    const { rerender } = render(<PrivateChatView messages={reply('Hi')} status="ready" models={pickerModels} model="e2ee-gpt-oss-120b" badge={{ report }} />)
    const picker = screen.getByRole('combobox', { name: 'Model' })
    expect(picker).toBeEnabled()
    rerender(<PrivateChatView messages={reply('Hi')} status="streaming" models={pickerModels} model="e2ee-gpt-oss-120b" badge={{ report }} />)
    expect(picker).toBeDisabled()
    rerender(<PrivateChatView messages={reply('Hi')} status="streaming" models={pickerModels} model="e2ee-gpt-oss-120b" badge={{ state: 'verifying' }} />)
    expect(screen.getByRole('button', { name: /^Attestation: Verifying/ })).toBeVisible()
  })
})
