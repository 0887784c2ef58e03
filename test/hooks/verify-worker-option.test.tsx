// @vitest-environment jsdom
/**
 * An app's own verification worker (`verify.verifyWorker`, a URL or a factory), as it can already hand
 * the key holder its own decryption worker: SealkitProvider's verifications and attestModel run in the
 * worker the app gave, the report says so, and the option stays out of the query key.
 */
import { renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import { attestationQueryKey } from '../../src/core/query/index.ts'
import { attestModel } from '../../src/core/session/attest.ts'
import { useAttestation } from '../../src/hooks/index.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { InProcessVerifyWorker } from '../helpers/in-process-verify-worker.ts'
import { MissingWorker } from '../helpers/missing-worker.ts'
import { BASE, E2EE_MODEL, setup } from './helpers.tsx'

const verifyRequests = (w: InProcessVerifyWorker) => w.toWorker.filter((m) => (m as { type?: string }).type === 'verify')

afterEach(() => vi.unstubAllGlobals())

describe('an app-served verification worker (verify.verifyWorker)', () => {
  test('SealkitProvider: useAttestation verifies in the worker the app made, once per page, and the report says "worker"', async () => {
    const workers: InProcessVerifyWorker[] = []
    const verifyWorker = () => {
      const w = new InProcessVerifyWorker()
      workers.push(w)
      return w
    }
    const roots = createSimulator({ seed: 'hooks' }).trustedRoots() // setup()'s simulator, same seed
    const app = setup({ config: { verify: { trustedRoots: roots, verifyWorker } } })
    const { result } = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: app.wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true), { timeout: 15_000 })
    // jsdom has no Worker: without the option this would verify on the main thread.
    expect(typeof Worker).toBe('undefined')
    expect(result.current.report?.verifiedIn?.kind).toBe('worker')
    expect(workers).toHaveLength(1)
    expect(verifyRequests(workers[0]!)).toHaveLength(1)
    // Where it verifies is not how: the query key is the one without the option.
    const client = createClient({ baseURL: BASE, fetch: app.fetch })
    expect(app.queryClient.getQueryData(attestationQueryKey(client, { model: E2EE_MODEL, verify: { trustedRoots: roots } }))).toBeDefined()
  })

  test('attestModel: a URL starts a module worker there; one that cannot start falls back to this thread, reported', async () => {
    const started: Array<{ url: string; options: unknown }> = []
    class FakeWorker extends InProcessVerifyWorker {
      constructor(url: URL | string, options: unknown) {
        super()
        started.push({ url: String(url), options })
      }
    }
    vi.stubGlobal('Worker', FakeWorker)
    const sim = createSimulator({ seed: 'verify-worker-option' })
    const client = createClient({ baseURL: BASE, fetch: sim.fetch })
    const url = new URL('https://app.test/workers/verify-worker.js')
    const attested = await attestModel(client, { model: E2EE_MODEL, trustedRoots: sim.trustedRoots(), verifyWorker: url })
    expect(started).toEqual([{ url: url.href, options: { type: 'module' } }])
    expect(attested.report.verifiedIn?.kind).toBe('worker')

    const broken = () => {
      throw new Error('blocked by worker-src')
    }
    const fallback = await attestModel(client, { model: E2EE_MODEL, trustedRoots: sim.trustedRoots(), verifyWorker: broken })
    expect(fallback.report.verifiedIn).toEqual({ kind: 'main-thread', reason: expect.stringContaining('blocked by worker-src') })
  })

  test('a URL where no worker loads: verified on this thread, the reason and the one warning naming the URL', async () => {
    vi.stubGlobal('Worker', MissingWorker)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const sim = createSimulator({ seed: 'verify-worker-option' })
      const client = createClient({ baseURL: BASE, fetch: sim.fetch })
      const attested = await attestModel(client, { model: E2EE_MODEL, trustedRoots: sim.trustedRoots(), verifyWorker: '/nope/verify-worker.js' })
      expect(attested.report.verdict).toBe('passed')
      expect(attested.report.verifiedIn).toEqual({ kind: 'main-thread', reason: expect.stringMatching(/^the app's verification worker at \/nope\/verify-worker\.js could not start \(/) })
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]![0])).toContain("Check that /nope/verify-worker.js serves sealkit's verify-worker.js")
    } finally {
      warn.mockRestore()
    }
  })
})
