// @vitest-environment jsdom
/**
 * A config that names its model (`defaultModel`) starts that model's attestation when it is
 * created, before React renders, in parallel with the models list, and the decryption worker once
 * that attestation verified (not before: its load would take CPU time from the verification).
 * Starting early weakens nothing: one fresh nonce per attestation, the verdict bound to the model
 * actually chosen (another model's query never sees it), failures reach the hooks typed, and a
 * StrictMode double mount asks once.
 */
import { QueryClientProvider } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createSealkitConfig, SealkitProvider, useAttestation, useE2EESession, useModels, type SealkitConfig } from '../../src/hooks/index.ts'
import { resetEarlyStarts } from '../../src/core/query/early-start.ts'
import { createDecryptWorkerHandler } from '../../src/core/worker/decrypt-worker.ts'
import { InProcessVerifyWorker } from '../helpers/in-process-verify-worker.ts'
import { BASE, E2EE_MODEL, E2EE_REASONING_MODEL, POLICY, setup, type Harness } from './helpers.tsx'

const attestations = (h: Harness) => h.requests.filter((r) => r.url.includes('/tee/attestation'))
const nonceOf = (url: string) => new URL(url).searchParams.get('nonce')
const configFor = (h: Harness, extra: { defaultModel?: string; policy?: 'strict' } = {}) =>
  createSealkitConfig({ baseURL: BASE, fetch: h.fetch, policy: POLICY, verify: { trustedRoots: h.sim.trustedRoots() }, ...extra })
const wrapperFor =
  (h: Harness, config: SealkitConfig | Parameters<typeof createSealkitConfig>[0], strict = false) =>
  ({ children }: { children: ReactNode }) => {
    const app = (
      <QueryClientProvider client={h.queryClient}>
        <SealkitProvider config={config!}>{children}</SealkitProvider>
      </QueryClientProvider>
    )
    return strict ? <StrictMode>{app}</StrictMode> : app
  }
/** The chat's way: the models list, then the session for the model picked from it. */
const useChatSession = () => {
  const models = useModels({ privacy: 'e2ee' })
  return useE2EESession(models.data?.[0]?.id)
}

afterEach(() => {
  resetEarlyStarts()
  vi.unstubAllGlobals()
})

describe('defaultModel: the attestation starts with the config', () => {
  test('requested before React renders; the session for that model joins it: one attestation, verified, with that nonce', async () => {
    const h = setup()
    const config = configFor(h, { defaultModel: E2EE_MODEL })
    await waitFor(() => expect(attestations(h)).toHaveLength(1))
    expect(h.requests.filter((r) => /\/models(\?|$)/.test(r.url))).toHaveLength(0) // nothing rendered yet
    const { result } = renderHook(useChatSession, { wrapper: wrapperFor(h, config) })
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(result.current.attestation?.report.verdict).toBe('passed')
    expect(attestations(h)).toHaveLength(1)
    expect(result.current.attestation?.nonce).toBe(nonceOf(attestations(h)[0]!.url))
    // Used once: verifying again is a fresh request with a fresh nonce.
    await result.current.attestationQuery.refetch()
    expect(attestations(h)).toHaveLength(2)
    expect(nonceOf(attestations(h)[1]!.url)).not.toBe(nonceOf(attestations(h)[0]!.url))
    await waitFor(() => expect(result.current.attestationQuery.data?.nonce).toBe(nonceOf(attestations(h)[1]!.url)))
  })

  test('another model chosen: its own attestation, never the early one', async () => {
    const h = setup()
    const config = configFor(h, { defaultModel: E2EE_MODEL })
    const { result } = renderHook(() => useE2EESession(E2EE_REASONING_MODEL), { wrapper: wrapperFor(h, config) })
    await waitFor(() => expect(result.current.status).toBe('ready'))
    const own = attestations(h).find((r) => r.url.includes(E2EE_REASONING_MODEL))!
    expect(attestations(h).map((r) => new URL(r.url).searchParams.get('model')).sort()).toEqual([E2EE_MODEL, E2EE_REASONING_MODEL].sort())
    expect(result.current.attestation?.model).toBe(E2EE_REASONING_MODEL)
    expect(result.current.attestation?.nonce).toBe(nonceOf(own.url))
  })

  test('a query under another policy does not take it', async () => {
    const h = setup()
    const config = configFor(h, { defaultModel: E2EE_MODEL })
    await waitFor(() => expect(attestations(h)).toHaveLength(1))
    const { result } = renderHook(() => useAttestation(E2EE_MODEL, { policy: 'strict' }), { wrapper: wrapperFor(h, config) })
    await waitFor(() => expect(result.current.fetchStatus).toBe('idle'))
    expect(attestations(h)).toHaveLength(2)
    expect(result.current.report?.policy).toBe('strict')
    expect(result.current.report?.nonce).toBe(nonceOf(attestations(h)[1]!.url))
  })

  test('an early attestation that fails verification reaches the hook as its typed error, and is never shown as verified', async () => {
    const h = setup()
    h.faults.names = ['wrong-nonce']
    h.faults.only = /\/tee\/attestation/
    const config = configFor(h, { defaultModel: E2EE_MODEL })
    await waitFor(() => expect(attestations(h)).toHaveLength(1))
    h.faults.names = [] // a second request would pass: the error must be the early one's
    const { result } = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: wrapperFor(h, config) })
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error?.code).toBe('ATTESTATION_NONCE_MISMATCH')
    expect(result.current.report?.verdict).toBe('failed')
    expect(result.current.data).toBeUndefined()
    expect(attestations(h)).toHaveLength(1)
  })

  test('StrictMode, the config inline in the provider: the double render and double mount ask once', async () => {
    const h = setup()
    const inline = { baseURL: BASE, fetch: h.fetch, policy: POLICY, verify: { trustedRoots: h.sim.trustedRoots() }, defaultModel: E2EE_MODEL }
    const { result } = renderHook(useChatSession, { wrapper: wrapperFor(h, inline, true) })
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(result.current.attestation?.report.verdict).toBe('passed')
    expect(attestations(h)).toHaveLength(1)
    expect(result.current.attestation?.nonce).toBe(nonceOf(attestations(h)[0]!.url))
  })

  test('the config inline in the provider, created by the render that asks: the query attests, and the config\'s start (a task later) finds it and does not', async () => {
    const h = setup()
    const inline = { baseURL: BASE, fetch: h.fetch, policy: POLICY, verify: { trustedRoots: h.sim.trustedRoots() }, defaultModel: E2EE_MODEL }
    const { result } = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: wrapperFor(h, inline) })
    await waitFor(() => expect(result.current.status).toBe('success'))
    expect(result.current.report?.verdict).toBe('passed')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(attestations(h)).toHaveLength(1)
  })

  test('without a defaultModel nothing starts before a hook asks', async () => {
    const h = setup()
    configFor(h)
    await new Promise((r) => setTimeout(r, 20))
    expect(h.requests).toHaveLength(0)
  })

  test('the decryption worker starts once the early attestation verified, and the first E2EE session keys in it: one of each worker', async () => {
    const started: string[] = []
    const publicKeys: string[] = []
    /** What happened, in order: each worker started, and each verdict the verification worker sent. */
    const events: string[] = []
    // Module workers, run in-process: the verification worker's handler, and the decryption worker's (its key pair made on init).
    vi.stubGlobal('Worker', function Worker(url: URL | string) {
      started.push(String(url))
      events.push(/decrypt-worker/.test(String(url)) ? 'decrypt worker' : 'verify worker')
      if (!/decrypt-worker/.test(String(url))) {
        const verifier = new InProcessVerifyWorker()
        verifier.addEventListener('message', (e) => {
          const m = (e as MessageEvent).data as { type?: string; ok?: boolean; report?: { verdict?: string } }
          if (m.type === 'report') events.push(`verdict ${m.ok ? m.report?.verdict : 'error'}`)
        })
        return verifier
      }
      const worker = Object.assign(new EventTarget(), {
        handler: createDecryptWorkerHandler({ installEcdh: async () => {} }),
        postMessage(message: unknown) {
          void worker.handler.handleMessage(structuredClone(message)).then((answer) => {
            const key = (answer as { publicKeyHex?: string } | undefined)?.publicKeyHex
            if (key) publicKeys.push(key)
            if (answer) worker.dispatchEvent(new MessageEvent('message', { data: structuredClone(answer) }))
          })
        },
        terminate() {},
      })
      return worker
    })
    vi.resetModules() // a fresh page: no verification worker or key holder started by an earlier test
    const hooks = await import('../../src/hooks/index.ts')
    const query = await import('@tanstack/react-query') // the instance the fresh hooks read (inlined under React 18)
    const h = setup()
    const config = hooks.createSealkitConfig({ baseURL: BASE, fetch: h.fetch, policy: POLICY, verify: { trustedRoots: h.sim.trustedRoots() }, defaultModel: E2EE_MODEL })
    // In the task after the config's (createSealkitConfig starts it in a task of its own), before anything renders:
    // the verification worker, the verdict, then the decryption worker.
    expect(events).toEqual([])
    await waitFor(() => expect(events).toEqual(['verify worker', 'verdict passed', 'decrypt worker']))
    const { result } = renderHook(
      () => {
        const models = hooks.useModels({ privacy: 'e2ee' })
        return hooks.useE2EESession(models.data?.[0]?.id)
      },
      {
        wrapper: ({ children }: { children: ReactNode }) => (
          <query.QueryClientProvider client={h.queryClient}>
            <hooks.SealkitProvider config={config}>{children}</hooks.SealkitProvider>
          </query.QueryClientProvider>
        ),
      },
    )
    await waitFor(() => expect(result.current.clientPublicKey).toBeDefined())
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(result.current.keyHolder?.kind).toBe('worker')
    expect(result.current.attestation?.report.verifiedIn?.kind).toBe('worker')
    expect(started).toHaveLength(2)
    expect(publicKeys).toEqual([result.current.clientPublicKey])
    expect(attestations(h)).toHaveLength(1)
  })
  test('an early attestation that fails makes no key pair: the decryption worker is not started for it', async () => {
    const started: string[] = []
    const verdicts: string[] = []
    vi.stubGlobal('Worker', function Worker(url: URL | string) {
      started.push(String(url))
      const verifier = new InProcessVerifyWorker()
      verifier.addEventListener('message', (e) => {
        const m = (e as MessageEvent).data as { type?: string; ok?: boolean; report?: { verdict?: string } }
        if (m.type === 'report') verdicts.push(m.ok ? String(m.report?.verdict) : 'error')
      })
      return verifier
    })
    vi.resetModules()
    const hooks = await import('../../src/hooks/index.ts')
    const h = setup()
    // Roots that are not the simulator's: the evidence is fetched and verified, and fails.
    hooks.createSealkitConfig({ baseURL: BASE, fetch: h.fetch, policy: POLICY, verify: { trustedRoots: { intel: ['00'.repeat(32)], nvidia: ['00'.repeat(32)] } }, defaultModel: E2EE_MODEL })
    await waitFor(() => expect(verdicts).toEqual(['failed']))
    await new Promise((r) => setTimeout(r, 20)) // the verdict's promise chain settles
    expect(started.filter((u) => /decrypt-worker/.test(u))).toEqual([])
    expect(started).toHaveLength(1)
  })
  for (const verdict of ['failed', 'passed'] as const) {
    test(`an inline config whose query attests first keys the session only on that query's verdict (${verdict})`, async () => {
      const events: string[] = []
      vi.stubGlobal('Worker', function Worker(url: URL | string) {
        if (/decrypt-worker/.test(String(url))) {
          events.push('decrypt worker')
          return Object.assign(new EventTarget(), { postMessage() {}, terminate() {} })
        }
        events.push('verify worker')
        const verifier = new InProcessVerifyWorker()
        verifier.addEventListener('message', (e) => {
          const m = (e as MessageEvent).data as { type?: string; ok?: boolean; report?: { verdict?: string } }
          if (m.type === 'report') events.push(`verdict ${m.ok ? String(m.report?.verdict) : 'error'}`)
        })
        return verifier
      })
      vi.resetModules()
      const hooks = await import('../../src/hooks/index.ts')
      const query = await import('@tanstack/react-query')
      const h = setup()
      const trustedRoots = verdict === 'failed' ? { intel: ['00'.repeat(32)], nvidia: ['00'.repeat(32)] } : h.sim.trustedRoots()
      const inline = { baseURL: BASE, fetch: h.fetch, policy: POLICY, verify: { trustedRoots }, defaultModel: E2EE_MODEL }
      const { result } = renderHook(() => hooks.useAttestation(E2EE_MODEL), {
        wrapper: ({ children }: { children: ReactNode }) => (
          <query.QueryClientProvider client={h.queryClient}>
            <hooks.SealkitProvider config={hooks.createSealkitConfig(inline)}>{children}</hooks.SealkitProvider>
          </query.QueryClientProvider>
        ),
      })
      await waitFor(() => expect(result.current.fetchStatus).toBe('idle'))
      await new Promise((r) => setTimeout(r, 50)) // the verdict's promise chain settles
      // Never a key pair before the enclave verified, nor for one that did not.
      expect(events).toEqual(verdict === 'failed' ? ['verify worker', 'verdict failed'] : ['verify worker', 'verdict passed', 'decrypt worker'])
      expect(attestations(h)).toHaveLength(1)
    })
  }
  test('without a defaultModel, the session keys once its attestation has a verdict: no decryption worker starts while the report is verified', async () => {
    const events: string[] = []
    vi.stubGlobal('Worker', function Worker(url: URL | string) {
      if (/decrypt-worker/.test(String(url))) {
        events.push('decrypt worker')
        const worker = Object.assign(new EventTarget(), {
          handler: createDecryptWorkerHandler({ installEcdh: async () => {} }),
          postMessage(message: unknown) {
            void worker.handler.handleMessage(structuredClone(message)).then((answer) => {
              if (answer) worker.dispatchEvent(new MessageEvent('message', { data: structuredClone(answer) }))
            })
          },
          terminate() {},
        })
        return worker
      }
      events.push('verify worker')
      const verifier = new InProcessVerifyWorker()
      verifier.addEventListener('message', (e) => {
        const m = (e as MessageEvent).data as { type?: string; ok?: boolean; report?: { verdict?: string } }
        if (m.type === 'report') events.push(`verdict ${m.ok ? m.report?.verdict : 'error'}`)
      })
      return verifier
    })
    vi.resetModules()
    const hooks = await import('../../src/hooks/index.ts')
    const query = await import('@tanstack/react-query')
    const h = setup()
    const config = hooks.createSealkitConfig({ baseURL: BASE, fetch: h.fetch, policy: POLICY, verify: { trustedRoots: h.sim.trustedRoots() } })
    const { result } = renderHook(() => hooks.useE2EESession(E2EE_MODEL), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <query.QueryClientProvider client={h.queryClient}>
          <hooks.SealkitProvider config={config}>{children}</hooks.SealkitProvider>
        </query.QueryClientProvider>
      ),
    })
    await waitFor(() => expect(result.current.status).toBe('ready'))
    await waitFor(() => expect(result.current.clientPublicKey).toBeDefined())
    expect(result.current.keyHolder?.kind).toBe('worker')
    expect(events).toEqual(['verify worker', 'verdict passed', 'decrypt worker'])
    expect(attestations(h)).toHaveLength(1) // the key holder joined the session's attestation, never a second one
  })
})
