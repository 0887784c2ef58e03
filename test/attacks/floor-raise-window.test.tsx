// @vitest-environment jsdom
/**
 * The window between a commit and its passive effects: the app has rendered a higher privacy floor, but the
 * session opened under the lower one is still handed out. Rendered outside act(), from a timer (a default-priority
 * update, whose passive effects React runs in a later task), as an app's own state change would.
 */
import { useLayoutEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { describe, expect, test } from 'vitest'
import { useEncryptedChat } from '../../src/hooks/index.ts'
import { setup, TEE_MODEL } from '../hooks/helpers.tsx'

describe('raising the floor: the window before the effects', () => {
  test('a send right after the commit of minPrivacy e2ee is refused, never handed to the TEE session', async () => {
    ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false
    const h = setup()
    let latest: ReturnType<typeof useEncryptedChat> | undefined
    function App({ minPrivacy }: { minPrivacy: 'tee' | 'e2ee' }) {
      const chat = useEncryptedChat({ model: TEE_MODEL, minPrivacy })
      latest = chat
      useLayoutEffect(() => {
        // Code that runs after the commit and before the passive effects (a layout effect; an input event).
        if (minPrivacy === 'e2ee' && chat.messages.length === 0) void chat.sendMessage({ text: 'only end to end, please' })
      })
      return null
    }
    const container = document.createElement('div')
    const root = createRoot(container)
    root.render(h.wrapper({ children: <App minPrivacy="tee" /> }))
    await expect.poll(() => latest?.session.status, { timeout: 10_000 }).toBe('ready')
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        root.render(h.wrapper({ children: <App minPrivacy="e2ee" /> }))
        resolve()
      }),
    )
    await expect.poll(() => latest?.session.status, { timeout: 10_000 }).toBe('error')
    await expect.poll(() => latest?.status, { timeout: 10_000 }).not.toBe('submitted')
    await new Promise((r) => setTimeout(r, 300))
    const plaintext = h.requests.filter((r) => r.url.endsWith('/chat/completions') && (r.body ?? '').includes('only end to end, please'))
    root.unmount()
    // The send must be refused under the floor the app rendered, not run on the TEE session (then cut short as
    // "Stopped", a reply that says `privacy: 'tee'` for a prompt sent under an e2ee floor).
    expect({
      chatError: latest?.error?.code,
      sessionError: latest?.session.error?.code,
      repliesAtTee: latest?.messages.filter((m) => m.metadata?.privacy === 'tee').length,
      plaintextRequests: plaintext.length,
    }).toEqual({ chatError: 'PRIVACY_DOWNGRADE', sessionError: 'PRIVACY_DOWNGRADE', repliesAtTee: 0, plaintextRequests: 0 })
  })
})
