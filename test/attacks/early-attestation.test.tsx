// @vitest-environment jsdom
/**
 * Attacks on the early attestation (`createSealkitConfig({ defaultModel })` -> `startAttestation`):
 * it may answer only the first fetch of a query asking for exactly the same thing. A refetch (the
 * user's "verify again", a re-verify after a failure or a key rotation) always sends a fresh nonce,
 * even when an unclaimed early attestation for that model is lying around (a config created again,
 * a cache that already held the model's attestation); and a query with other verification options,
 * another API root or another key algorithm never takes it.
 */
import { QueryClientProvider } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { attestationQueryOptions } from '../../src/core/query/attestation.ts'
import { resetEarlyStarts } from '../../src/core/query/early-start.ts'
import { createClient } from '../../src/core/api/client.ts'
import { createSealkitConfig, SealkitProvider, useAttestation, type SealkitConfig } from '../../src/hooks/index.ts'
import { BASE, E2EE_MODEL, POLICY, setup, TEE_MODEL, type Harness } from '../hooks/helpers.tsx'
import { InProcessVerifyWorker } from '../helpers/in-process-verify-worker.ts'

const attestations = (h: Harness) => h.requests.filter((r) => r.url.includes('/tee/attestation'))
const nonceOf = (request: { url: string } | undefined) => (request ? new URL(request.url).searchParams.get('nonce') : undefined)
const configFor = (h: Harness) =>
  createSealkitConfig({ baseURL: BASE, fetch: h.fetch, policy: POLICY, verify: { trustedRoots: h.sim.trustedRoots() }, defaultModel: E2EE_MODEL })
const wrapperFor =
  (h: Harness, config: SealkitConfig) =>
  ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={h.queryClient}>
      <SealkitProvider config={config}>{children}</SealkitProvider>
    </QueryClientProvider>
  )

afterEach(() => {
  resetEarlyStarts()
  vi.unstubAllGlobals()
})

describe('early attestation: only a query’s first fetch takes it', () => {
  test('a config created again starts another early attestation: "verify again" still sends a fresh nonce', async () => {
    const h = setup()
    const config = configFor(h)
    const { result } = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: wrapperFor(h, config) })
    await waitFor(() => expect(result.current.status).toBe('success'))
    expect(attestations(h)).toHaveLength(1)
    configFor(h) // e.g. a module evaluated again: the first early attestation was claimed, so this one starts
    await waitFor(() => expect(attestations(h)).toHaveLength(2))
    await new Promise((r) => setTimeout(r, 50)) // the early one settles, unclaimed
    const again = await result.current.refetch()
    expect(attestations(h)).toHaveLength(3)
    expect(again.data?.nonce).toBe(nonceOf(attestations(h)[2]))
  })

  test('a cache that already holds the attestation: re-verifying after a key rotation (staleTime 0) is a fresh request', async () => {
    const h = setup()
    const client = createClient({ baseURL: BASE, fetch: h.fetch })
    const options = attestationQueryOptions(client, { model: E2EE_MODEL, policy: POLICY, verify: { trustedRoots: h.sim.trustedRoots() } })
    const first = await h.queryClient.fetchQuery(options)
    createSealkitConfig({ client, policy: POLICY, verify: { trustedRoots: h.sim.trustedRoots() }, defaultModel: E2EE_MODEL })
    await waitFor(() => expect(attestations(h)).toHaveLength(2))
    await new Promise((r) => setTimeout(r, 50))
    const again = await h.queryClient.fetchQuery({ ...options, staleTime: 0 })
    expect(attestations(h)).toHaveLength(3)
    expect(again.nonce).toBe(nonceOf(attestations(h)[2]))
    expect(again.nonce).not.toBe(first.nonce)
  })

  test('other verification options or another API root: never the early one; the same ask takes it', async () => {
    const h = setup()
    const roots = h.sim.trustedRoots()
    createSealkitConfig({ baseURL: BASE, fetch: h.fetch, policy: POLICY, verify: { trustedRoots: roots }, defaultModel: E2EE_MODEL })
    await waitFor(() => expect(attestations(h)).toHaveLength(1))
    const early = nonceOf(attestations(h)[0])
    const ask = async (client: ReturnType<typeof createClient>, verify: object) => {
      const before = attestations(h).length
      const data = await h.queryClient.fetchQuery(attestationQueryOptions(client, { model: E2EE_MODEL, policy: POLICY, verify }))
      expect(attestations(h)).toHaveLength(before + 1)
      expect(data.nonce).not.toBe(early)
    }
    const base = createClient({ baseURL: BASE, fetch: h.fetch })
    await ask(base, { trustedRoots: roots, cache: null }) // verified without the parse caches: another question
    const alias = `${BASE}/alias`
    await ask(createClient({ baseURL: alias, fetch: (url, init) => h.fetch(url.replace(alias, BASE), init) }), { trustedRoots: roots })
    const data = await h.queryClient.fetchQuery(attestationQueryOptions(base, { model: E2EE_MODEL, policy: POLICY, verify: { trustedRoots: roots } }))
    expect(data.nonce).toBe(early)
    expect(attestations(h)).toHaveLength(3)
  })
})

describe('the prestarted key holder: only where a session would take it', () => {
  const startedWorkers = async (parameters: Parameters<typeof createSealkitConfig>[0]) => {
    const started: string[] = []
    let verdict: (value: unknown) => void
    const verified = new Promise((resolve) => (verdict = resolve))
    vi.stubGlobal('Worker', function Worker(url: URL | string) {
      started.push(String(url))
      if (/decrypt-worker/.test(String(url))) return Object.assign(new EventTarget(), { postMessage() {}, terminate() {} })
      // The verification worker, in-process: the key pair waits for the early attestation's verdict.
      const verifier = new InProcessVerifyWorker()
      verifier.addEventListener('message', (e) => (e as MessageEvent).data?.type === 'report' && verdict(undefined))
      return verifier
    })
    vi.resetModules() // a fresh page: nothing prestarted yet
    const hooks = await import('../../src/hooks/index.ts')
    hooks.createSealkitConfig(parameters)
    await verified
    await new Promise((r) => setTimeout(r, 20)) // the verdict's promise chain settles
    return started.filter((url) => /decrypt-worker/.test(url))
  }

  test('a TEE default model makes no E2EE key pair (no session would take it, or ever zero it)', async () => {
    const h = setup()
    expect(await startedWorkers({ baseURL: BASE, fetch: h.fetch, defaultModel: TEE_MODEL, verify: { trustedRoots: h.sim.trustedRoots() } })).toHaveLength(0)
  })

  test('an E2EE default model does, once its attestation verified (the control)', async () => {
    const h = setup()
    expect(await startedWorkers({ baseURL: BASE, fetch: h.fetch, defaultModel: E2EE_MODEL, verify: { trustedRoots: h.sim.trustedRoots() } })).toHaveLength(1)
  })
})
