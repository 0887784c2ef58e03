// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { expect, test, vi } from 'vitest'
import { createSealkitConfig, SealkitProvider, useAttestation, useModels, useSealkitClient, useSealkitConfig } from '../../src/hooks/index.ts'
import type { CreateSealkitConfigParameters } from '../../src/hooks/index.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { BASE, TEE_MODEL } from './helpers.tsx'

function wrapperWith(queryClient: QueryClient) {
  return ({ children, config }: { children: ReactNode; config: CreateSealkitConfigParameters }) => (
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={config}>{children}</SealkitProvider>
    </QueryClientProvider>
  )
}

test('the hooks need the provider', () => {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
  const quiet = (e: ErrorEvent) => e.preventDefault() // React 18 rethrows render errors to window
  window.addEventListener('error', quiet)
  expect(() => renderHook(() => useSealkitConfig())).toThrow(/SealkitProvider/)
  window.removeEventListener('error', quiet)
  spy.mockRestore()
})

test('inline config: the client is rebuilt only when a value changes', () => {
  const sim = createSimulator()
  const Wrapper = wrapperWith(new QueryClient())
  const { result, rerender } = renderHook(() => useSealkitConfig(), {
    wrapper: ({ children }) => <Wrapper config={{ baseURL: BASE, fetch: sim.fetch, headers: { 'X-App': '1' }, policy: 'basic' }}>{children}</Wrapper>,
  })
  const first = result.current
  rerender()
  expect(result.current).toBe(first)
  expect(first.policy).toBe('basic')
  expect(first.client.baseURL).toBe(BASE)
  expect(first.client.headers).toEqual({ 'X-App': '1' })
})

test('a config from createSealkitConfig is used as is; policy defaults to standard', () => {
  const config = createSealkitConfig({ baseURL: BASE })
  const { result } = renderHook(() => useSealkitConfig(), {
    wrapper: ({ children }) => (
      <QueryClientProvider client={new QueryClient()}>
        <SealkitProvider config={config}>{children}</SealkitProvider>
      </QueryClientProvider>
    ),
  })
  expect(result.current).toBe(config)
  expect(result.current.policy).toBe('standard')
})

test('the API key is sent, kept out of the client enumeration and out of query keys; the policy reaches useAttestation', async () => {
  const sim = createSimulator({ apiKey: 'sk-provider-test' })
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const Wrapper = wrapperWith(queryClient)
  const config = { baseURL: BASE, apiKey: 'sk-provider-test', fetch: sim.fetch, policy: 'basic' as const, verify: { trustedRoots: sim.trustedRoots() } }
  const { result } = renderHook(() => ({ models: useModels(), attestation: useAttestation(TEE_MODEL), client: useSealkitClient() }), {
    wrapper: ({ children }) => <Wrapper config={config}>{children}</Wrapper>,
  })
  await waitFor(() => expect(result.current.models.isSuccess && result.current.attestation.isSuccess).toBe(true))
  expect(result.current.attestation.data!.report.policy).toBe('basic')
  expect(Object.keys(result.current.client)).not.toContain('apiKey')
  expect(JSON.stringify(result.current.client)).not.toContain('sk-provider-test')
  expect(JSON.stringify(queryClient.getQueryCache().getAll().map((q) => q.queryKey))).not.toContain('sk-provider-test')
})

test('no API key where one is required is API_KEY_MISSING, not a refused key; a key sent in a header of the app\'s is a key', async () => {
  const sim = createSimulator({ apiKey: 'right' })
  const run = async (config: Record<string, unknown>) => {
    const Wrapper = wrapperWith(new QueryClient({ defaultOptions: { queries: { retry: false } } }))
    const { result } = renderHook(() => useModels(), { wrapper: ({ children }) => <Wrapper config={{ baseURL: BASE, fetch: sim.fetch, ...config }}>{children}</Wrapper> })
    await waitFor(() => expect(result.current.isError).toBe(true))
    return result.current.error!
  }
  const missing = await run({})
  expect(missing.code).toBe('API_KEY_MISSING')
  expect(missing.message).toBe('No API key was sent, and the API requires one')
  expect((await run({ headers: { authorization: 'Bearer wrong' } })).code).toBe('UNAUTHORIZED')
})

test('a wrong API key is UNAUTHORIZED', async () => {
  const sim = createSimulator({ apiKey: 'right' })
  const Wrapper = wrapperWith(new QueryClient({ defaultOptions: { queries: { retry: false } } }))
  const { result } = renderHook(() => useModels(), {
    wrapper: ({ children }) => <Wrapper config={{ baseURL: BASE, apiKey: 'wrong', fetch: sim.fetch }}>{children}</Wrapper>,
  })
  await waitFor(() => expect(result.current.isError).toBe(true))
  expect(result.current.error!.code).toBe('UNAUTHORIZED')
})
