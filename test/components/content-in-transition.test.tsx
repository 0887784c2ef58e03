import { act, createRef } from 'react'
import { flushSync } from 'react-dom'
import { createRoot, hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PrivateChatView, type MessageLike } from '../../src/components/index.ts'
import { conversation } from '../../stories/fixtures.ts'

// Enough messages to scroll in a 240 px high view.
const longConversation: MessageLike[] = Array.from({ length: 24 }, (_, i) => ({ ...conversation[i % 2]!, id: `m${i}` }))

const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
const hosts: HTMLElement[] = []
const host = (html = '') => {
  const element = document.createElement('div')
  element.style.height = '240px'
  element.innerHTML = html
  document.body.append(element)
  hosts.push(element)
  return element
}
afterEach(() => {
  for (const element of hosts.splice(0)) element.remove()
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = true
})

describe('PrivateChatView mounts its content in a transition', () => {
  it('a client-only mount commits the frame first (its ref set), then the content, scrolled to the latest message', async () => {
    // Outside act, as a page renders: act would run the transition inside the first render's task.
    actEnvironment.IS_REACT_ACT_ENVIRONMENT = false
    const container = host()
    const ref = createRef<HTMLElement>()
    const root = createRoot(container)
    flushSync(() => root.render(<PrivateChatView ref={ref} messages={longConversation} onSend={() => {}} style={{ height: '100%' }} />))
    const section = container.querySelector('section.sealkit-chat')
    expect(section).not.toBeNull()
    expect(ref.current).toBe(section)
    expect(section!.childElementCount).toBe(0)

    await vi.waitFor(() => expect(container.querySelector('textarea')).not.toBeNull())
    // The same frame, now with its content; the log brought down to the latest message.
    expect(container.querySelector('section.sealkit-chat')).toBe(section)
    expect(ref.current).toBe(section)
    const log = container.querySelector<HTMLElement>('[role="log"]')!
    expect(log.scrollHeight).toBeGreaterThan(log.clientHeight)
    await vi.waitFor(() => expect(log.scrollTop + log.clientHeight).toBeGreaterThanOrEqual(log.scrollHeight - 1))
    root.unmount()
  })

  it('the server renders the content, and hydration keeps the server’s nodes with no mismatch', async () => {
    const view = <PrivateChatView messages={conversation} onSend={() => {}} />
    const html = renderToString(view)
    expect(html).toContain('<textarea')
    expect(html).toContain('How can the provider run the model without seeing my prompt?')

    const container = host(html)
    const serverTextarea = container.querySelector('textarea')
    const recoverable = vi.fn()
    await act(async () => {
      hydrateRoot(container, view, { onRecoverableError: recoverable })
    })
    expect(recoverable).not.toHaveBeenCalled()
    expect(container.querySelector('textarea')).toBe(serverTextarea)
    expect(container.querySelectorAll('article')).toHaveLength(conversation.length)
  })

  it('a long conversation from the server has every message in the HTML, and hydrates them all with no mismatch', async () => {
    // In the browser alone, more than 64 messages mount in steps (the last rows first); the server's HTML is whole.
    const long = Array.from({ length: 150 }, (_, i) => ({ ...conversation[i % 2]!, id: `l${i}` }))
    const view = <PrivateChatView messages={long} onSend={() => {}} />
    const container = host(renderToString(view))
    expect(container.querySelectorAll('article')).toHaveLength(150)
    // Live in the HTML: what a page loads with is not announced, and a log quiet from the server would stay so
    // until hydrated. (Once hydrated, it is quiet while the markdown renderer re-renders the replies, if it has
    // not loaded yet: a reply re-rendered is not a new message.)
    const log = container.querySelector('[role="log"]')!
    expect(log.hasAttribute('aria-live')).toBe(false)
    const recoverable = vi.fn()
    await act(async () => {
      hydrateRoot(container, view, { onRecoverableError: recoverable })
    })
    expect(recoverable).not.toHaveBeenCalled()
    expect(container.querySelectorAll('article')).toHaveLength(150)
    expect(container.querySelector('[role="log"]')).toBe(log)
    await vi.waitFor(() => expect(container.querySelectorAll('article[data-role="assistant"] .sealkit-md')).toHaveLength(75), { timeout: 10_000 })
    await vi.waitFor(() => expect(log.hasAttribute('aria-live')).toBe(false), { timeout: 5_000 })
  })
})
