// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { useE2EESession, useModels } from '../../src/hooks/index.ts'
import { BASE, E2EE_MODEL, setup } from './helpers.tsx'

/**
 * The way from page load to a verified model, as the drop-in chat walks it: the models list, then
 * the attestation of the model picked from it. Nothing is asked twice, and nothing waits for an
 * effect that render could have started.
 */
describe('page load -> verified', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  test('one models request and one attestation: the session reads the mode from the filtered list already fetched', async () => {
    // Files share a process (isolate: false), and with it the page's timeline: only this test's marks count.
    performance.clearMarks()
    const h = setup()
    const { result } = renderHook(
      () => {
        const models = useModels({ privacy: 'e2ee' })
        return useE2EESession(models.data?.[0]?.id)
      },
      // Not StrictMode: React 18 mounts effects twice there, and TanStack cancels and resends a request whose
      // only observer unsubscribed. The single attestation under StrictMode is the test below.
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(result.current.attestation?.report.verdict).toBe('passed')
    expect(h.requests.filter((r) => /\/models(\?|$)/.test(r.url))).toHaveLength(1)
    expect(h.requests.filter((r) => r.url.includes('/tee/attestation'))).toHaveLength(1)
    // The steps on the page's timeline (src/core/timing.ts), in order: what the browser-app bench breaks page load down by.
    const marks = performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.startsWith('sealkit:'))
    expect(marks.filter((n) => n.startsWith('sealkit:attestation-'))).toEqual(['sealkit:attestation-fetch', 'sealkit:attestation-fetched', 'sealkit:attestation-verified'])
  })

  // Inside render, a query useQuery alone would start is still idle: its fetch waits for the subscription after the commit.
  const MODELS_KEY = ['sealkit', 'models', { baseURL: BASE, privacy: 'any', type: null }] as const

  test('the models list is requested from the first render, not after the commit', () => {
    const h = setup()
    let atFirstRender: string | undefined
    renderHook(
      () => {
        const models = useModels()
        atFirstRender ??= h.queryClient.getQueryState(MODELS_KEY)?.fetchStatus
        return models
      },
      { wrapper: h.wrapper },
    )
    expect(atFirstRender).toBe('fetching')
  })

  test('the attestation is requested in the render that first knows the model and its mode, once', async () => {
    const h = setup()
    const fetching = () => h.queryClient.getQueryCache().findAll({ queryKey: ['sealkit', 'attestation'] }).filter((q) => q.state.fetchStatus === 'fetching').length
    let atFirstRender: number | undefined
    const { result } = renderHook(
      () => {
        const session = useE2EESession(E2EE_MODEL, { privacy: 'e2ee' })
        atFirstRender ??= fetching()
        return session
      },
      { wrapper: ({ children }: { children: ReactNode }) => <StrictMode>{h.wrapper({ children })}</StrictMode> },
    )
    expect(atFirstRender).toBe(1)
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(result.current.attestation?.report.verdict).toBe('passed')
    expect(h.requests.filter((r) => r.url.includes('/tee/attestation'))).toHaveLength(1)
  })

  test('the provider starts the verification worker when it first renders, once per page', () => {
    const started: string[] = []
    vi.stubGlobal(
      'Worker',
      class {
        constructor(url: URL | string) {
          started.push(String(url))
        }
        addEventListener() {}
        removeEventListener() {}
        postMessage() {}
        terminate() {}
      },
    )
    const h = setup()
    const a = renderHook(() => null, { wrapper: ({ children }: { children: ReactNode }) => <StrictMode>{h.wrapper({ children })}</StrictMode> })
    const b = renderHook(() => null, { wrapper: h.wrapper })
    expect(started).toHaveLength(1)
    expect(started[0]).toMatch(/verify-worker/)
    a.unmount()
    b.unmount()
  })

  test('preloadVerifier never rejects: a worker that cannot start is reported by the verification that needs it', async () => {
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new Error('blocked by worker-src')
        }
      },
    )
    vi.resetModules() // a fresh page: no shared worker from the test above
    const { preloadVerifier } = await import('../../src/core/session/verifier.ts')
    await expect(preloadVerifier()).resolves.toBeUndefined()
  })
})
