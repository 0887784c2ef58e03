// @vitest-environment jsdom
/**
 * useEncryptedChat's encrypt-ahead of a restored conversation, under StrictMode's double effects and across a model
 * switch while it runs: each field is encrypted once per session, only to that session's attested key.
 */
import { act, waitFor } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { encrypt } from '../../src/core/crypto/e2ee.ts'
import { createLocalKeyHolder } from '../../src/core/crypto/local-key-holder.ts'
import { createMemoryStorage } from '../../src/core/storage/memory.ts'
import type { SealkitUIMessage } from '../../src/hooks/index.ts'
import { E2EE_MODEL, E2EE_REASONING_MODEL, renderChat, setup, textOfMessage } from './helpers.tsx'

const history: SealkitUIMessage[] = Array.from({ length: 20 }, (_, i) => ({
  id: `m${i}`,
  role: i % 2 ? 'assistant' : 'user',
  parts: [{ type: 'text', text: `kept ${i}` }],
}))

/** A key holder that encrypts (as the worker does), recording each call; `gate` may hold a call. */
function recordingHolder(gate?: (call: number) => Promise<void> | undefined) {
  const calls: { plaintexts: string[]; recipient: string }[] = []
  const keyHolder = () => {
    const local = createLocalKeyHolder()
    return {
      publicKeyHex: local.publicKeyHex,
      decrypt: local.decrypt,
      destroy: local.destroy,
      encrypt: async (plaintexts: readonly string[], recipient: string) => {
        calls.push({ plaintexts: [...plaintexts], recipient })
        await gate?.(calls.length - 1)
        return plaintexts.map((p) => encrypt(p, recipient))
      },
    }
  }
  return { keyHolder, calls }
}

/** Storage holding `history`, saved by a chat of its own (as a page before a reload would). */
async function stored(h: ReturnType<typeof setup>) {
  const storage = createMemoryStorage()
  const first = renderChat(h, { model: E2EE_MODEL, storage })
  await waitFor(() => expect(first.result.current.storage?.status).toBe('ready'))
  act(() => first.result.current.setMessages(history))
  await waitFor(() => expect(storage.load('default')).resolves.toMatchObject({ messages: expect.arrayContaining([expect.objectContaining({ id: 'm19' })]) }))
  first.unmount()
  return storage
}

describe('useEncryptedChat: encrypt-ahead under attack', () => {
  test('StrictMode: a restored conversation is encrypted once, and the first send encrypts only its own message', async () => {
    const h = setup()
    const { keyHolder, calls } = recordingHolder()
    const chat = renderChat(h, { model: E2EE_MODEL, storage: await stored(h), keyHolder }, { strict: true })
    await waitFor(() => expect(chat.result.current.messages).toHaveLength(20))
    await waitFor(() => expect(calls).toHaveLength(1))
    expect(calls[0]!.plaintexts).toEqual(history.map(textOfMessage))
    await chat.send('one more')
    expect(chat.result.current.error).toBeUndefined()
    expect(calls.slice(1).map((c) => c.plaintexts)).toEqual([['one more']])
    chat.unmount()
  })

  test('a model switch while the encrypt-ahead is in the key holder: the new model gets its own, nothing of the old is sent', async () => {
    const h = setup()
    let release: (() => void) | undefined
    const { keyHolder, calls } = recordingHolder((call) => (call === 0 ? new Promise<void>((resolve) => (release = resolve)) : undefined))
    const chat = renderChat(h, { model: E2EE_MODEL, storage: await stored(h), keyHolder })
    await waitFor(() => expect(release).toBeDefined())
    act(() => chat.rerender({ model: E2EE_REASONING_MODEL }))
    await waitFor(() => expect(calls).toHaveLength(2))
    release!()
    expect(calls[0]!.recipient).toBe(h.sim.signingKey(E2EE_MODEL))
    expect(calls[1]!.recipient).toBe(h.sim.signingKey(E2EE_REASONING_MODEL))
    await chat.send('after the switch')
    expect(chat.result.current.error).toBeUndefined()
    expect(textOfMessage(chat.result.current.messages.at(-1))).toContain('after the switch')
    expect(calls.slice(2)).toEqual([{ plaintexts: ['after the switch'], recipient: h.sim.signingKey(E2EE_REASONING_MODEL) }])
    chat.unmount()
  })
})
