// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createMemoryStorage } from '../../src/core/storage/memory.ts'
import { E2EE_MODEL, setup } from './helpers.tsx'

/**
 * `useEncryptedChat({ storage })` loads the code that keeps the conversation on first use (an app
 * that stores nothing never loads it): `loading` until it is there, and a failure to load it is the
 * storage's error, never a chat that silently keeps nothing.
 */
describe('useEncryptedChat: the storage code, loaded on first use', () => {
  afterEach(() => {
    vi.doUnmock('../../src/core/storage/persist-chat.ts')
    vi.resetModules()
  })

  test('loading, then ready: a conversation kept and restored', async () => {
    const storage = createMemoryStorage()
    const save = vi.spyOn(storage, 'save')
    const { useEncryptedChat } = await import('../../src/hooks/index.ts')
    const h = setup()
    const first = renderHook(() => useEncryptedChat({ model: E2EE_MODEL, storage }), { wrapper: h.wrapper })
    expect(first.result.current.storage?.status).toBe('loading')
    await waitFor(() => expect(first.result.current.storage?.status).toBe('ready'))
    first.result.current.setMessages([{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'kept' }] }])
    await waitFor(() => expect(save).toHaveBeenCalled())
    first.unmount()
    const second = renderHook(() => useEncryptedChat({ model: E2EE_MODEL, storage }), { wrapper: h.wrapper })
    await waitFor(() => expect(second.result.current.messages.map((m) => m.id)).toEqual(['m1']))
  })

  test('storage that cannot start: the storage says STORAGE_FAILED', async () => {
    vi.resetModules()
    vi.doMock('../../src/core/storage/persist-chat.ts', async (original) => ({
      ...(await original<object>()),
      persistChat: () => {
        throw new TypeError('Failed to fetch dynamically imported module')
      },
    }))
    const { useEncryptedChat } = await import('../../src/hooks/index.ts')
    const { setup: freshSetup } = await import('./helpers.tsx')
    const h = freshSetup()
    const { result } = renderHook(() => useEncryptedChat({ model: E2EE_MODEL, storage: createMemoryStorage() }), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.storage?.status).toBe('error'))
    expect(result.current.storage?.error?.code).toBe('STORAGE_FAILED')
  })

  test('storage that does not answer: STORAGE_TIMEOUT, and once in the dev console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { useEncryptedChat } = await import('../../src/hooks/index.ts')
    const { setup: freshSetup } = await import('./helpers.tsx')
    const h = freshSetup()
    const storage = { ...createMemoryStorage(), load: () => new Promise<undefined>(() => {}), loadTimeoutMs: 30 }
    const first = renderHook(() => useEncryptedChat({ model: E2EE_MODEL, storage }), { wrapper: h.wrapper })
    await waitFor(() => expect(first.result.current.storage?.error?.code).toBe('STORAGE_TIMEOUT'))
    const second = renderHook(() => useEncryptedChat({ model: E2EE_MODEL, storage, id: 'other' }), { wrapper: h.wrapper })
    await waitFor(() => expect(second.result.current.storage?.error?.code).toBe('STORAGE_TIMEOUT'))
    expect(warn.mock.calls.filter(([m]) => String(m).includes('STORAGE_TIMEOUT'))).toHaveLength(1)
    warn.mockRestore()
  })

  test("storage persistChat refuses says why: a loadTimeoutMs that is not a positive number is INVALID_ARGUMENT", async () => {
    const { useEncryptedChat } = await import('../../src/hooks/index.ts')
    const { setup: freshSetup } = await import('./helpers.tsx')
    const h = freshSetup()
    const storage = { ...createMemoryStorage(), loadTimeoutMs: Number.NaN }
    const { result } = renderHook(() => useEncryptedChat({ model: E2EE_MODEL, storage }), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.storage?.status).toBe('error'))
    expect(result.current.storage?.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('loadTimeoutMs') })
  })
})
