// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { InProcessDecryptWorker } from '../helpers/in-process-decrypt-worker.ts'

/** sealkit as a new page has it: the worker the config starts with the page is started (or kept from starting) once per page. */
async function freshPage() {
  vi.resetModules()
  const [{ createLocalKeyHolder }, { createDefaultKeyHolder }, { useE2EESession }, { E2EE_MODEL, setup }] = await Promise.all([
    import('../../src/core/crypto/local-key-holder.ts'),
    import('../../src/core/worker/worker-key-holder.ts'),
    import('../../src/hooks/index.ts'),
    import('./helpers.tsx'),
  ])
  return { createLocalKeyHolder, createDefaultKeyHolder, useE2EESession, E2EE_MODEL, setup }
}

/** Every decryption worker the page starts, run in-process: what it was asked, and whether it still holds a key. */
const started: DecryptWorker[] = []
class DecryptWorker extends InProcessDecryptWorker {
  constructor(readonly url: URL | string) {
    // Only the decryption worker: the verification worker cannot start here, so the attestation is verified on this thread.
    if (!String(url).includes('decrypt-worker')) throw new Error(`no worker at ${String(url)} in this test`)
    super()
    started.push(this)
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

afterEach(() => {
  started.length = 0
})

test("a config's defaultModel with the app's own key holder, its session first: the page's worker never starts", async () => {
  vi.stubGlobal('Worker', DecryptWorker)
  const { createLocalKeyHolder, useE2EESession, E2EE_MODEL, setup } = await freshPage()
  // The config starts the default holder (the decryption worker) once the default model is verified; the
  // session, with a holder of its own, opens before that verdict.
  const h = setup({ config: { defaultModel: E2EE_MODEL } })
  const own = createLocalKeyHolder()
  const { result, unmount } = renderHook(() => useE2EESession(E2EE_MODEL, { keyHolder: () => own }), { wrapper: h.wrapper })
  await waitFor(() => expect(result.current.status).toBe('ready'))
  expect(result.current.keyHolder?.kind).toBe('main-thread')
  // Past the verdict the page's start waits for.
  await new Promise((resolve) => setTimeout(resolve, 100))
  expect(started).toEqual([])
  unmount()
})

test("a config's defaultModel with the app's own key holder, the page's worker already holding a key: that key is zeroed", async () => {
  vi.stubGlobal('Worker', DecryptWorker)
  const { createLocalKeyHolder, useE2EESession, E2EE_MODEL, setup } = await freshPage()
  const h = setup({ config: { defaultModel: E2EE_MODEL } })
  const own = createLocalKeyHolder()
  // No model yet: nothing takes the worker the config starts once the default model is verified.
  const { result, rerender, unmount } = renderHook(({ model }: { model?: string }) => useE2EESession(model, { keyHolder: () => own }), {
    wrapper: h.wrapper,
    initialProps: {},
  })
  await waitFor(() => expect(started).toHaveLength(1))
  const [worker] = started
  await waitFor(() => expect(worker!.posted).toContainEqual({ type: 'init', id: expect.any(Number) }))
  rerender({ model: E2EE_MODEL })
  await waitFor(() => expect(result.current.status).toBe('ready'))
  expect(result.current.keyHolder?.kind).toBe('main-thread')
  await waitFor(() => expect(worker!.handler.destroyed).toBe(true))
  expect(worker!.posted).toContainEqual({ type: 'destroy' })
  expect(started).toHaveLength(1)
  unmount()
})

test("a config's keyHolder (the app serves the worker): the holder started with the page is the app's, and the one session takes it", async () => {
  vi.stubGlobal('Worker', DecryptWorker)
  const { createDefaultKeyHolder, useE2EESession, E2EE_MODEL, setup } = await freshPage()
  const h = setup({ config: { defaultModel: E2EE_MODEL, keyHolder: () => createDefaultKeyHolder({ worker: '/workers/decrypt-worker.js' }) } })
  const { result, rerender, unmount } = renderHook(({ model }: { model?: string }) => useE2EESession(model), { wrapper: h.wrapper, initialProps: {} })
  // Started with the page, before any session asks.
  await waitFor(() => expect(started.map((w) => String(w.url))).toEqual(['/workers/decrypt-worker.js']))
  rerender({ model: E2EE_MODEL })
  await waitFor(() => expect(result.current.status).toBe('ready'))
  expect(result.current.keyHolder?.kind).toBe('worker')
  // That one: no second worker, and it made one key pair.
  expect(started).toHaveLength(1)
  expect(started[0]!.posted.filter((m) => (m as { type: string }).type === 'init')).toHaveLength(1)
  unmount()
})

test("the package's worker barred (a CSP), the app's own holder in use: the page's start makes no key on this thread and says nothing", async () => {
  const tried: string[] = []
  vi.stubGlobal(
    'Worker',
    class {
      constructor(url: URL | string) {
        tried.push(String(url))
        throw new DOMException(`Refused to create a worker from '${String(url)}'`, 'SecurityError')
      }
    },
  )
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const { createLocalKeyHolder, useE2EESession, E2EE_MODEL, setup } = await freshPage()
  const h = setup({ config: { defaultModel: E2EE_MODEL } })
  const own = createLocalKeyHolder()
  const { result, rerender, unmount } = renderHook(({ model }: { model?: string }) => useE2EESession(model, { keyHolder: () => own }), {
    wrapper: h.wrapper,
    initialProps: {},
  })
  // The config tried the package's worker once its model was verified.
  await waitFor(() => expect(tried.some((url) => url.includes('decrypt-worker'))).toBe(true))
  rerender({ model: E2EE_MODEL })
  await waitFor(() => expect(result.current.status).toBe('ready'))
  await new Promise((resolve) => setTimeout(resolve, 50))
  // The session's key is the app's; nothing said the key is on this thread because of a worker this session never used.
  expect(result.current.keyHolder).toMatchObject({ kind: 'main-thread' })
  expect(warn.mock.calls.filter(([m]) => /decryption worker/.test(String(m)))).toEqual([])
  unmount()
  warn.mockRestore()
})

test("the package's worker barred, no holder of the app's: the session's default holder falls back and says so, once", async () => {
  vi.stubGlobal(
    'Worker',
    class {
      constructor(url: URL | string) {
        throw new DOMException(`Refused to create a worker from '${String(url)}'`, 'SecurityError')
      }
    },
  )
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const { useE2EESession, E2EE_MODEL, setup } = await freshPage()
  const h = setup({ config: { defaultModel: E2EE_MODEL } })
  const { result, unmount } = renderHook(() => useE2EESession(E2EE_MODEL), { wrapper: h.wrapper })
  await waitFor(() => expect(result.current.status).toBe('ready'))
  expect(result.current.keyHolder?.kind).toBe('main-thread')
  expect(result.current.keyHolder?.reason).toMatch(/the decryption worker could not start/)
  expect(warn.mock.calls.filter(([m]) => /decryption worker could not start/.test(String(m)))).toHaveLength(1)
  unmount()
  warn.mockRestore()
})

test("two configs on a page: a session takes the holder started with the page only if its own config's keyHolder made it", async () => {
  vi.stubGlobal('Worker', DecryptWorker)
  const { createDefaultKeyHolder, useE2EESession, E2EE_MODEL, setup } = await freshPage()
  const SERVED = '/workers/decrypt-worker.js'
  // A widget elsewhere on the page: its config names the same default model and no key holder, and starts the package's worker.
  const widget = setup({ config: { defaultModel: E2EE_MODEL } })
  const other = renderHook(() => null, { wrapper: widget.wrapper })
  await waitFor(() => expect(started).toHaveLength(1))
  expect(String(started[0]!.url)).not.toBe(SERVED)
  // The app's chat, whose config names the worker it serves: that one, never the widget's.
  const app = setup({ config: { defaultModel: E2EE_MODEL, keyHolder: () => createDefaultKeyHolder({ worker: SERVED }) } })
  const { result, unmount } = renderHook(() => useE2EESession(E2EE_MODEL), { wrapper: app.wrapper })
  await waitFor(() => expect(result.current.status).toBe('ready'))
  expect(started.map((w) => String(w.url))).toContain(SERVED)
  // The widget's start, which no session of its config took, is released: its key zeroed.
  await waitFor(() => expect(started.filter((w) => !w.handler.destroyed).map((w) => String(w.url))).toEqual([SERVED]))
  unmount()
  other.unmount()
})
