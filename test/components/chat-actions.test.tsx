/** Message actions, focus and scroll in the chat view, through the real keyboard and mouse in Chromium. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { preloadMarkdown, PrivateChatView, SealkitLocaleProvider, type MessageLike } from '../../src/components/index.ts'
import { answer, conversation } from '../../stories/fixtures.ts'

const reply: MessageLike = { id: 'a2', role: 'assistant', parts: [{ type: 'text', text: 'A **debug** enclave lets the host read its memory.\n\n- no privacy' }] }
const chat = [...conversation, reply]
const composer = () => screen.getByRole('textbox', { name: 'Message' })
const log = () => within(screen.getByRole('log'))

describe('message actions', () => {
  beforeAll(async () => {
    await preloadMarkdown()
  })

  it('copies a reply as markdown and as text, saying "Copied"', async () => {
    const written: string[] = []
    vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (text) => void written.push(text))
    render(<PrivateChatView messages={chat} />)
    const last = log().getAllByRole('article').at(-1)!
    // The actions are a chunk of their own, loaded once a message is there: until then a row keeps their place.
    const actions = within(await vi.waitFor(() => within(last).getByRole('toolbar', { name: 'Message actions' })))
    await userEvent.click(actions.getByRole('button', { name: 'Copy as Markdown' }))
    await expect.element(actions.getByRole('button', { name: 'Copied' })).toBeVisible()
    // Said in the chat's one status region, outside the log (a region per message would be hundreds).
    expect(within(last).queryByRole('status')).toBeNull()
    const statuses = screen.getAllByRole('status').filter((s) => !screen.getByRole('log').contains(s))
    expect(statuses.map((s) => s.textContent)).toContain('Copied')
    await userEvent.click(actions.getByRole('button', { name: 'Copy as text' }))
    expect(written[0]).toBe('A **debug** enclave lets the host read its memory.\n\n- no privacy')
    expect(written[1]).toMatch(/^A debug enclave lets the host read its memory\.\n+no privacy$/)
    vi.restoreAllMocks()
  })

  it('copies as text all of a long reply opened, its blocks still waiting for their turn (laid out only near the screen) included', async () => {
    const written: string[] = []
    vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (text) => void written.push(text))
    const text = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} has **bold ${i}** in it.`).join('\n\n')
    const { rerender } = render(<PrivateChatView messages={conversation} />)
    // Once the chat has settled, another conversation is opened: its long reply renders a slice per turn.
    await waitFor(() => expect(screen.getByRole('log')).not.toHaveAttribute('aria-live', 'off'), { timeout: 10_000 })
    rerender(<PrivateChatView messages={[{ id: 'q9', role: 'user', parts: [{ type: 'text', text: 'Write it all.' }] }, { id: 'a9', role: 'assistant', parts: [{ type: 'text', text }] }]} />)
    const last = log().getAllByRole('article').at(-1)!
    const rendered = last.querySelector('.sealkit-message__text') as HTMLElement
    // A block still waiting, off screen and not laid out: innerText alone leaves it out. Found, then clicked with no
    // task between (a turn could render it), and a click's handler reads the text at once.
    const skipped = await vi.waitFor(
      () => {
        const typed = [...last.querySelectorAll('.sealkit-md__waiting')].map((w) => w.textContent!.slice(0, 40)).find((t) => !rendered.innerText.includes(t))
        if (!typed) throw new Error('no block waiting off screen yet')
        return typed
      },
      { timeout: 5000, interval: 1 },
    )
    fireEvent.click(within(last).getByRole('button', { name: 'Copy as text' }))
    await waitFor(() => expect(written).toHaveLength(1))
    expect(written[0]).toContain(skipped)
    for (const i of [0, 200, 399]) expect(written[0]).toContain(`Paragraph ${i} has`)
    expect(last.querySelector('[data-sealkit-copying]')).toBeNull()
    vi.restoreAllMocks()
  })

  it('regenerates the last reply from its own action, and focus lands in the composer', async () => {
    const onRegenerate = vi.fn()
    render(<PrivateChatView messages={chat} onRegenerate={onRegenerate} />)
    // Only the last reply offers it.
    expect(log().getAllByRole('button', { name: 'Regenerate' })).toHaveLength(1)
    await userEvent.click(log().getByRole('button', { name: 'Regenerate' }))
    // With nothing: a click event handed to an app's refetch(options) or a logger is not the app's to receive.
    expect(onRegenerate).toHaveBeenCalledExactlyOnceWith()
    await waitFor(() => expect(document.activeElement).toBe(composer()))
  })

  it('retries a failed reply in place', async () => {
    const onRetry = vi.fn()
    render(<PrivateChatView messages={chat} status="error" error={{ code: 'DECRYPT_FAILED' }} onRetry={onRetry} />)
    const failed = log().getAllByRole('article').at(-1)!
    expect(within(failed).getByRole('alert')).toHaveTextContent('Part of the reply could not be decrypted')
    await userEvent.click(within(failed).getByRole('button', { name: 'Retry' }))
    expect(onRetry).toHaveBeenCalledExactlyOnceWith('a2')
    await waitFor(() => expect(document.activeElement).toBe(composer()))
  })

  it('edits and resends a user message with the keyboard alone', async () => {
    const onEdit = vi.fn()
    render(<PrivateChatView messages={chat} onEdit={onEdit} />)
    const first = log().getAllByRole('article')[0]!
    within(first).getByRole('button', { name: 'Copy' }).focus()
    await userEvent.keyboard('{ArrowRight}')
    expect(document.activeElement).toBe(within(first).getByRole('button', { name: 'Edit' }))
    await userEvent.keyboard('{Enter}')
    const editor = screen.getByRole('textbox', { name: 'Edit your message' })
    await waitFor(() => expect(document.activeElement).toBe(editor))
    expect(editor).toHaveValue(conversation[0]!.parts![0]!.text)
    await userEvent.keyboard('{Control>}a{/Control}Why is my prompt safe?{Enter}')
    expect(onEdit).toHaveBeenCalledExactlyOnceWith('u1', 'Why is my prompt safe?')
    await waitFor(() => expect(document.activeElement).toBe(composer()))
    expect(screen.queryByRole('textbox', { name: 'Edit your message' })).toBeNull()
  })

  it('an edit is not sent by the Enter that confirms an IME composition (isComposing, or Safari\'s keyCode 229)', async () => {
    const onEdit = vi.fn()
    render(<PrivateChatView messages={chat} onEdit={onEdit} />)
    await userEvent.click(log().getAllByRole('button', { name: 'Edit' })[0]!)
    const editor = screen.getByRole('textbox', { name: 'Edit your message' })
    fireEvent.keyDown(editor, { key: 'Enter', isComposing: true })
    fireEvent.keyDown(editor, { key: 'Enter', keyCode: 229 })
    expect(onEdit).not.toHaveBeenCalled()
    expect(screen.getByRole('textbox', { name: 'Edit your message' })).toBeVisible()
    fireEvent.keyDown(editor, { key: 'Enter', keyCode: 13 })
    expect(onEdit).toHaveBeenCalledExactlyOnceWith('u1', conversation[0]!.parts![0]!.text)
  })

  it('Escape leaves an edit without sending', async () => {
    const onEdit = vi.fn()
    render(<PrivateChatView messages={chat} onEdit={onEdit} />)
    await userEvent.click(log().getAllByRole('button', { name: 'Edit' })[1]!)
    await userEvent.keyboard('changed{Escape}')
    expect(onEdit).not.toHaveBeenCalled()
    expect(log().getByText('And what would a debug enclave change?')).toBeVisible()
  })

  it('offers no actions on the reply still streaming, and no edit while busy', () => {
    render(<PrivateChatView messages={chat} status="streaming" onEdit={() => {}} onRegenerate={() => {}} onStop={() => {}} />)
    const articles = log().getAllByRole('article')
    expect(within(articles.at(-2)!).getByRole('toolbar', { name: 'Message actions' })).toBeVisible()
    expect(within(articles.at(-1)!).queryByRole('toolbar', { name: 'Message actions' })).toBeNull()
    expect(log().queryByRole('button', { name: 'Edit' })).toBeNull()
  })
})

describe('message actions: one tab stop per message', () => {
  beforeAll(async () => {
    await preloadMarkdown()
  })

  const long: MessageLike[] = Array.from({ length: 40 }, (_, i) =>
    i % 2 ? { id: `a${i}`, role: 'assistant', parts: [{ type: 'text', text: `Reply ${i}` }] } : { id: `u${i}`, role: 'user', parts: [{ type: 'text', text: `Question ${i}` }] },
  )

  // A long conversation mounts a group of rows per frame, from its end.
  const allToolbars = async (count = 40) => {
    await waitFor(() => expect(log().getAllByRole('toolbar', { name: 'Message actions' })).toHaveLength(count))
    return log().getAllByRole('toolbar', { name: 'Message actions' })
  }

  it('Tab walks the conversation a toolbar at a time; the arrows, Home and End move inside one', async () => {
    render(<PrivateChatView messages={long} onEdit={() => {}} onRegenerate={() => {}} />)
    const toolbars = await allToolbars()
    // Every toolbar has exactly one button in the tab order (a reply has two or three buttons).
    for (const bar of toolbars) expect(within(bar).getAllByRole('button').filter((b) => b.tabIndex === 0)).toHaveLength(1)
    const reply = toolbars[1]!
    within(reply).getByRole('button', { name: 'Copy as Markdown' }).focus()
    await userEvent.keyboard('{Tab}')
    // The next stop is the next message's toolbar, not the reply's second button.
    expect(document.activeElement).toBe(within(toolbars[2]!).getByRole('button', { name: 'Copy' }))
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}')
    expect(document.activeElement).toBe(within(reply).getByRole('button', { name: 'Copy as Markdown' }))
    await userEvent.keyboard('{ArrowRight}')
    expect(document.activeElement).toBe(within(reply).getByRole('button', { name: 'Copy as text' }))
    await userEvent.keyboard('{ArrowRight}')
    // Wraps around.
    expect(document.activeElement).toBe(within(reply).getByRole('button', { name: 'Copy as Markdown' }))
    await userEvent.keyboard('{ArrowLeft}')
    expect(document.activeElement).toBe(within(reply).getByRole('button', { name: 'Copy as text' }))
    await userEvent.keyboard('{Home}')
    expect(document.activeElement).toBe(within(reply).getByRole('button', { name: 'Copy as Markdown' }))
    const last = toolbars.at(-1)!
    within(last).getByRole('button', { name: 'Copy as Markdown' }).focus()
    await userEvent.keyboard('{End}')
    expect(document.activeElement).toBe(within(last).getByRole('button', { name: 'Regenerate' }))
  })

  it('the last button focused keeps the stop while focus is inside; leaving gives it back to the first', async () => {
    render(<PrivateChatView messages={long} />)
    const reply = (await allToolbars())[1]!
    within(reply).getByRole('button', { name: 'Copy as Markdown' }).focus()
    await userEvent.keyboard('{ArrowRight}')
    expect(within(reply).getByRole('button', { name: 'Copy as text' }).tabIndex).toBe(0)
    expect(within(reply).getByRole('button', { name: 'Copy as Markdown' }).tabIndex).toBe(-1)
    composer().focus()
    await waitFor(() => expect(within(reply).getByRole('button', { name: 'Copy as Markdown' }).tabIndex).toBe(0))
    expect(within(reply).getByRole('button', { name: 'Copy as text' }).tabIndex).toBe(-1)
  })

  it('a button that goes away while it holds the stop (Regenerate, once a newer reply came) hands it to the first', async () => {
    const { rerender } = render(<PrivateChatView messages={long} onRegenerate={() => {}} />)
    const reply = (await allToolbars()).at(-1)!
    within(reply).getByRole('button', { name: 'Regenerate' }).focus()
    const newer: MessageLike[] = [...long, { id: 'u40', role: 'user', parts: [{ type: 'text', text: 'One more' }] }, { id: 'a41', role: 'assistant', parts: [{ type: 'text', text: 'Newer reply' }] }]
    rerender(<PrivateChatView messages={newer} onRegenerate={() => {}} />)
    await waitFor(() => expect(within(reply).queryByRole('button', { name: 'Regenerate' })).toBeNull())
    expect(within(reply).getAllByRole('button').filter((b) => b.tabIndex === 0).map((b) => b.textContent)).toEqual(['Copy as Markdown'])
  })

  it('the arrows skip Edit while a reply streams (CSS hides it)', async () => {
    render(<PrivateChatView messages={long} status="streaming" onEdit={() => {}} onStop={() => {}} />)
    // The streaming reply, the last, has no actions yet.
    const question = (await allToolbars(39))[0]!
    within(question).getByRole('button', { name: 'Copy' }).focus()
    await userEvent.keyboard('{ArrowRight}')
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Copy' }))
  })

  it('one status region for the whole chat, however long the conversation', async () => {
    render(<PrivateChatView messages={long} />)
    await allToolbars()
    expect(within(screen.getByRole('log')).queryAllByRole('status')).toHaveLength(0)
  })
})

describe('focus', () => {
  it('lands in the composer after Stop, not on <body>', async () => {
    const onStop = vi.fn()
    const { rerender } = render(<PrivateChatView messages={chat} status="streaming" onStop={onStop} />)
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }))
    rerender(<PrivateChatView messages={chat} status="ready" onStop={onStop} />)
    await waitFor(() => expect(document.activeElement).toBe(composer()))
    expect(onStop).toHaveBeenCalledOnce()
  })

  it('lands in the composer after the composer’s Regenerate and after Send', async () => {
    const onRegenerate = vi.fn()
    // Without a reply at the end (the last request failed before one), the composer offers Regenerate.
    const unanswered = conversation
    const { rerender } = render(<PrivateChatView messages={unanswered} onRegenerate={onRegenerate} onSend={() => {}} />)
    expect(screen.getAllByRole('button', { name: 'Regenerate' })).toHaveLength(1)
    await userEvent.click(within(composer().closest('form')!).getByRole('button', { name: 'Regenerate' }))
    expect(onRegenerate).toHaveBeenCalledOnce()
    rerender(<PrivateChatView messages={unanswered} status="submitted" onRegenerate={onRegenerate} onSend={() => {}} onStop={() => {}} />)
    await waitFor(() => expect(document.activeElement).toBe(composer()))
    rerender(<PrivateChatView messages={chat} onRegenerate={onRegenerate} onSend={() => {}} />)
    await userEvent.type(composer(), 'next{Enter}')
    expect(document.activeElement).toBe(composer())
  })
})

describe('scroll', () => {
  const long: MessageLike[] = Array.from({ length: 8 }, (_, i) => [
    { id: `u${i}`, role: 'user' as const, parts: [{ type: 'text', text: `Question ${i}` }] },
    { id: `a${i}`, role: 'assistant' as const, parts: [{ type: 'text', text: answer }] },
  ]).flat()

  /** A streaming chat 400 px high, rendered and followed to its bottom. */
  const streamingView = (messages: MessageLike[]) => (
    <div style={{ height: 400 }}>
      <PrivateChatView messages={messages} status="streaming" onStop={() => {}} />
    </div>
  )
  const renderAtBottom = async (messages: MessageLike[]) => {
    const { rerender } = render(streamingView(messages))
    const el = screen.getByRole('log')
    await waitFor(() => expect(el.scrollTop + el.clientHeight).toBeGreaterThanOrEqual(el.scrollHeight - 2))
    return { rerender, el }
  }

  it('shows "Jump to latest" when the reader scrolls up during a stream, instead of pulling them down', async () => {
    const { rerender, el } = await renderAtBottom(long)
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull()
    el.scrollTop = 0
    el.dispatchEvent(new Event('scroll'))
    const jump = await screen.findByRole('button', { name: 'Jump to latest' })
    // More text arrives: the reader stays where they are.
    const grown = [...long.slice(0, -1), { ...long.at(-1)!, parts: [{ type: 'text', text: answer + '\n\nMore text.' }] }]
    rerender(streamingView(grown as MessageLike[]))
    expect(el.scrollTop).toBe(0)
    await userEvent.click(jump)
    await waitFor(() => expect(el.scrollTop + el.clientHeight).toBeGreaterThanOrEqual(el.scrollHeight - 2))
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull())
    await waitFor(() => expect(document.activeElement).toBe(composer()))
  })

  it("keeps following when more text is in by the time the log's own scroll event fires (it moved down, not the reader)", async () => {
    const { rerender, el } = await renderAtBottom(long)
    const grown = (extra: string) => [...long.slice(0, -1), { ...long.at(-1)!, parts: [{ type: 'text', text: answer + extra }] }] as MessageLike[]
    let text = ''
    for (let i = 0; i < 4; i++) {
      // A chunk lands after the frame that scrolled to the end and before that scroll's event: the event
      // sees the new height, more than 48 px short of the end, though nobody scrolled.
      text += '\n\n' + 'More streamed text. '.repeat(12)
      rerender(streamingView(grown(text)))
      el.style.paddingBottom = `${60 * (i + 1)}px`
      el.dispatchEvent(new Event('scroll'))
      await new Promise((r) => requestAnimationFrame(r))
      await new Promise((r) => requestAnimationFrame(r))
    }
    el.style.paddingBottom = ''
    rerender(streamingView(grown(text + '\n\nThe end.')))
    await waitFor(() => expect(el.scrollTop + el.clientHeight).toBeGreaterThanOrEqual(el.scrollHeight - 2))
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).toBeNull()
  })

  it("a reply's privacy details opened with a click come into view, though the reply is the last above the composer", async () => {
    render(
      <div style={{ height: 400 }}>
        <PrivateChatView messages={long} privacy={{ e2ee: true, signature: 'verified', attestation: 'passed' }} />
      </div>,
    )
    const el = screen.getByRole('log')
    await waitFor(() => expect(el.scrollTop + el.clientHeight).toBeGreaterThanOrEqual(el.scrollHeight - 2))
    const rows = el.querySelectorAll<HTMLButtonElement>('.sealkit-privacy__row')
    await userEvent.click(rows[rows.length - 1]!)
    const details = el.querySelectorAll('.sealkit-privacy__details')[rows.length - 1]!
    await waitFor(() => expect(details.getBoundingClientRect().bottom).toBeLessThanOrEqual(el.getBoundingClientRect().bottom + 1))
    expect(details.getBoundingClientRect().height).toBeGreaterThan(0)
  })

  it('follows a streaming reply in the next frame, without laying out the new text inside the commit', async () => {
    const { rerender, el } = await renderAtBottom(long)
    // Count the log's height reads: each one lays out whatever changed since the last layout.
    const height = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight')!
    let reads = 0
    Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => (reads++, height.get!.call(el)) })
    const grown = [...long.slice(0, -1), { ...long.at(-1)!, parts: [{ type: 'text', text: answer + '\n\n' + answer }] }]
    rerender(streamingView(grown as MessageLike[]))
    expect(reads).toBe(0) // not in React's commit
    await new Promise((r) => requestAnimationFrame(r))
    expect(reads).toBeGreaterThan(0)
    expect(el.scrollTop + el.clientHeight).toBeGreaterThanOrEqual(el.scrollHeight - 2)
    delete (el as { scrollHeight?: number }).scrollHeight
  })

  it('brings a message the user sends into view even when scrolled up', async () => {
    const view = (messages: MessageLike[]) => (
      <div style={{ height: 400 }}>
        <PrivateChatView messages={messages} />
      </div>
    )
    const { rerender } = render(view(long))
    const el = screen.getByRole('log')
    // The reader was at the end, and scrolled up.
    await waitFor(() => expect(el.scrollTop + el.clientHeight).toBeGreaterThanOrEqual(el.scrollHeight - 2))
    el.scrollTop = 0
    el.dispatchEvent(new Event('scroll'))
    await screen.findByRole('button', { name: 'Jump to latest' })
    // Scrolled in the next frame, before it paints: not in React's commit, where reading the log's height
    // would lay out everything the send changed, and lay it out again in the frame.
    const height = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight')!
    let reads = 0
    Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => (reads++, height.get!.call(el)) })
    rerender(view([...long, { id: 'new', role: 'user', parts: [{ type: 'text', text: 'A new question' }] }]))
    expect(reads).toBe(0)
    // A scroll event between the commit and that frame (the reader was scrolling up) does not cancel it.
    el.dispatchEvent(new Event('scroll'))
    await new Promise((r) => requestAnimationFrame(r))
    delete (el as { scrollHeight?: number }).scrollHeight
    const sent = screen.getByText('A new question')
    const box = sent.getBoundingClientRect()
    const logBox = el.getBoundingClientRect()
    expect(box.top).toBeGreaterThanOrEqual(logBox.top)
    expect(box.bottom).toBeLessThanOrEqual(logBox.bottom + 1)
  })
})

describe('rows while a reply streams', () => {
  it('re-renders only the streaming row, and earlier rows still call the latest callbacks', async () => {
    const rendered: string[] = []
    const renderText = (text: string, { message }: { message: MessageLike }) => {
      rendered.push(message.id ?? '?')
      return text
    }
    // 28 and the reply: two groups of rows, all mounted at once (29 or fewer).
    const history: MessageLike[] = Array.from({ length: 28 }, (_, i) => ({ id: `m${i}`, role: i % 2 ? 'assistant' : 'user', parts: [{ type: 'text', text: `message ${i}` }] }))
    const streaming = (text: string): MessageLike => ({ id: 'live', role: 'assistant', parts: [{ type: 'text', text, state: 'streaming' }] })
    const first = vi.fn()
    const view = render(<PrivateChatView messages={[...history, streaming('a')]} status="streaming" renderText={renderText} onEdit={first} />)
    expect(rendered).toHaveLength(29)
    rendered.length = 0
    const latest = vi.fn()
    for (const text of ['ab', 'abc', 'abcd']) view.rerender(<PrivateChatView messages={[...history, streaming(text)]} status="streaming" renderText={renderText} onEdit={latest} />)
    expect(rendered).toEqual(['live', 'live', 'live'])
    // Done: editing an earlier message goes to the callback of the latest render, not the one it was first drawn with.
    view.rerender(<PrivateChatView messages={[...history, { ...streaming('abcd'), parts: [{ type: 'text', text: 'abcd' }] }]} renderText={renderText} onEdit={latest} />)
    const firstUser = log().getAllByRole('article')[0]!
    await userEvent.click(within(firstUser).getByRole('button', { name: 'Edit' }))
    await userEvent.keyboard('{Control>}a{/Control}edited{Enter}')
    expect(first).not.toHaveBeenCalled()
    expect(latest).toHaveBeenCalledWith('m0', 'edited')
  })

  it('keeps every row mounted as the conversation grows past a group of rows', () => {
    const text = (id: string, i: number): MessageLike => ({ id, role: i % 2 ? 'assistant' : 'user', parts: [{ type: 'text', text: `message ${id}` }] })
    const messages = Array.from({ length: 24 }, (_, i) => text(`m${i}`, i))
    const view = render(<PrivateChatView messages={messages} />)
    const before = log().getAllByRole('article')
    for (let n = 24; n < 60; n++) {
      messages.push(text(`m${n}`, n))
      view.rerender(<PrivateChatView messages={[...messages]} />)
    }
    const after = log().getAllByRole('article')
    expect(after).toHaveLength(60)
    expect(after.slice(0, 24)).toEqual(before)
    expect(after.map((a) => a.textContent?.match(/message (m\d+)/)?.[1])).toEqual(messages.map((m) => m.id))
  })
})

describe('clear conversation', () => {
  it('asks first: Escape or Cancel keeps everything and gives focus back; Clear clears, focus in the composer', async () => {
    const onClear = vi.fn()
    render(<PrivateChatView messages={chat} onClear={onClear} />)
    const clear = screen.getByRole('button', { name: 'Clear conversation' })

    // Keyboard: Enter asks, focus lands on the harmless answer, Escape backs out.
    clear.focus()
    await userEvent.keyboard('{Enter}')
    const question = await screen.findByRole('group', { name: 'Clear this conversation? It cannot be undone.' })
    await waitFor(() => expect(within(question).getByRole('button', { name: 'Cancel' })).toHaveFocus())
    await userEvent.keyboard('{Enter}')
    expect(onClear).not.toHaveBeenCalled()
    await waitFor(() => expect(screen.getByRole('button', { name: 'Clear conversation' })).toHaveFocus())

    await userEvent.keyboard('{Enter}')
    await screen.findByRole('group', { name: /^Clear this conversation\?/ })
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByRole('group', { name: /^Clear this conversation\?/ })).toBeNull()
    await waitFor(() => expect(screen.getByRole('button', { name: 'Clear conversation' })).toHaveFocus())
    expect(onClear).not.toHaveBeenCalled()
    expect(log().getAllByRole('article')).toHaveLength(chat.length)

    // Mouse: Clear, then the question's own Clear.
    await userEvent.click(screen.getByRole('button', { name: 'Clear conversation' }))
    await userEvent.click(within(await screen.findByRole('group', { name: /^Clear this conversation\?/ })).getByRole('button', { name: 'Clear' }))
    expect(onClear).toHaveBeenCalledOnce()
    await waitFor(() => expect(composer()).toHaveFocus())
  })

  it('asks in the chat\'s language (zh-CN)', async () => {
    const onClear = vi.fn()
    render(
      <SealkitLocaleProvider locale="zh-CN">
        <PrivateChatView messages={chat} onClear={onClear} />
      </SealkitLocaleProvider>,
    )
    await userEvent.click(screen.getByRole('button', { name: '清除对话' }))
    const question = await screen.findByRole('group', { name: '清除此对话？此操作无法撤销。' })
    await userEvent.click(within(question).getByRole('button', { name: '清除' }))
    expect(onClear).toHaveBeenCalledOnce()
  })
})
