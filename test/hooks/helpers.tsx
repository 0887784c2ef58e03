import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { expect } from 'vitest'
import type { FetchLike } from '../../src/core/api/client.ts'
import { SealkitProvider, useEncryptedChat, type UseEncryptedChatOptions, type UseEncryptedChatReturnType } from '../../src/hooks/index.ts'
import type { CreateSealkitConfigParameters } from '../../src/core/query/config.ts'
import { createSimulator, FAULT_HEADER, type FaultName, type Simulator, type SimulatorOptions } from '../../src/simulator/index.ts'

export const BASE = 'http://simulator.test/api/v1'
export const E2EE_MODEL = 'e2ee-qwen3-5-122b-a10b'
export const E2EE_REASONING_MODEL = 'e2ee-glm-5'
export const TEE_MODEL = 'tee-qwen3-5-122b-a10b'
export const PLAIN_MODEL = 'llama-3.3-70b'

/**
 * The hooks verify the simulator's evidence under the default `standard` policy,
 * trusting its test roots (`sim.trustedRoots()`); such reports are marked `simulated`.
 */
export const POLICY = 'standard' as const

export interface Harness {
  sim: Simulator
  queryClient: QueryClient
  /** Faults added to matching requests (header `X-Sealkit-Fault`) until cleared. */
  faults: { names: FaultName[]; only?: RegExp }
  /** Every request the client sent: method and URL. */
  requests: Array<{ method: string; url: string; headers: Record<string, string>; body?: string }>
  fetch: FetchLike
  wrapper: (props: { children: ReactNode }) => ReactNode
}

export function setup(options: { sim?: SimulatorOptions; config?: Partial<Omit<CreateSealkitConfigParameters, 'fetch'>> } = {}): Harness {
  const sim = createSimulator({ seed: 'hooks', ...options.sim })
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } })
  const faults: Harness['faults'] = { names: [] }
  const requests: Harness['requests'] = []
  const fetch: FetchLike = (url, init) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) }
    if (faults.names.length > 0 && (!faults.only || faults.only.test(url))) headers[FAULT_HEADER] = faults.names.join(',')
    requests.push({ method: init.method ?? 'GET', url, headers, ...(typeof init.body === 'string' ? { body: init.body } : {}) })
    return sim.fetch(url, { ...init, headers })
  }
  const config = { baseURL: BASE, fetch, policy: POLICY, verify: { trustedRoots: sim.trustedRoots() }, ...options.config }
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={config}>{children}</SealkitProvider>
    </QueryClientProvider>
  )
  return { sim, queryClient, faults, requests, fetch, wrapper }
}

export const textOfMessage = (m: { parts: ReadonlyArray<{ type: string; text?: string }> } | undefined): string =>
  (m?.parts ?? []).filter((p) => p.type === 'text').map((p) => p.text ?? '').join('')

/** Status values in render order, consecutive repeats collapsed. */
export function collapse<T>(values: readonly T[]): T[] {
  return values.filter((v, i) => i === 0 || v !== values[i - 1])
}

export interface ChatHarness {
  result: { current: UseEncryptedChatReturnType }
  /** Every status the component rendered, consecutive repeats collapsed. */
  statuses(): string[]
  /** Sends and waits until the request ended (status ready or error). */
  send(text: string): Promise<void>
  rerender(options: Partial<UseEncryptedChatOptions>): void
  unmount(): void
  renders(): number
}

/** Renders useEncryptedChat, recording the status of every render. */
export function renderChat(h: Harness, options: UseEncryptedChatOptions, render: { strict?: boolean } = {}): ChatHarness {
  const statuses: string[] = []
  let renders = 0
  const view = renderHook(
    (props: UseEncryptedChatOptions) => {
      const chat = useEncryptedChat(props)
      statuses.push(chat.status)
      renders++
      return chat
    },
    {
      wrapper: render.strict ? ({ children }: { children: ReactNode }) => <StrictMode>{h.wrapper({ children })}</StrictMode> : h.wrapper,
      initialProps: options,
    },
  )
  let current = options
  return {
    result: view.result,
    statuses: () => collapse(statuses),
    async send(text) {
      let done: Promise<void> | undefined
      act(() => {
        done = view.result.current.sendMessage({ text })
      })
      await waitFor(() => expect(['ready', 'error']).toContain(view.result.current.status), { timeout: 15_000 })
      await act(() => done)
    },
    rerender(next) {
      current = { ...current, ...next }
      view.rerender(current)
    },
    unmount: () => view.unmount(),
    renders: () => renders,
  }
}
