// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { createLocalKeyHolder } from '../../src/core/crypto/local-key-holder.ts'
import { createDecryptWorkerHandler } from '../../src/core/worker/decrypt-worker.ts'
import { useE2EESession } from '../../src/hooks/index.ts'
import { E2EE_MODEL, setup } from './helpers.tsx'

/** Every decryption worker the page starts, run in-process: what it was asked, and whether it still holds a key. */
const started: DecryptWorker[] = []
class DecryptWorker extends EventTarget {
  readonly handler = createDecryptWorkerHandler({ installEcdh: async () => {} })
  readonly posted: unknown[] = []
  constructor(readonly url: URL | string) {
    super()
    // Only the decryption worker: the verification worker cannot start here, so the attestation is verified on this thread.
    if (!String(url).includes('decrypt-worker')) throw new Error(`no worker at ${String(url)} in this test`)
    started.push(this)
  }
  postMessage(message: unknown) {
    this.posted.push(message)
    void this.handler.handleMessage(structuredClone(message)).then((r) => r && this.dispatchEvent(new MessageEvent('message', { data: structuredClone(r) })))
  }
  terminate() {}
}

afterEach(() => {
  vi.unstubAllGlobals()
})

test("a config's defaultModel with the app's own key holder: no worker is left holding a key no session takes", async () => {
  vi.stubGlobal('Worker', DecryptWorker)
  // The config starts the default holder (the decryption worker) once the default model is verified.
  const h = setup({ config: { defaultModel: E2EE_MODEL } })
  const own = createLocalKeyHolder()
  const { result, unmount } = renderHook(() => useE2EESession(E2EE_MODEL, { keyHolder: () => own }), { wrapper: h.wrapper })
  await waitFor(() => expect(result.current.status).toBe('ready'))
  expect(result.current.keyHolder?.kind).toBe('main-thread')
  // Past the verdict the page's start waits for, and the worker's answer to it.
  await new Promise((resolve) => setTimeout(resolve, 100))
  for (const worker of started) {
    expect(worker.posted).toContainEqual({ type: 'destroy' })
    expect(worker.handler.destroyed).toBe(true)
  }
  unmount()
})
