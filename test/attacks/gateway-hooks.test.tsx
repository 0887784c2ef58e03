// @vitest-environment jsdom
/**
 * The privacy floor and reply authenticity through useEncryptedChat, with a hostile gateway
 * between the hooks and the simulated enclave.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, test } from 'vitest'
import type { PrivacyMode } from '../../src/core/session/privacy.ts'
import { SealkitProvider, useEncryptedChat } from '../../src/hooks/index.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { BASE, E2EE_MODEL, TEE_MODEL, textOfMessage } from '../hooks/helpers.tsx'
import { hostileGateway, type GatewayAttack } from './gateway.ts'

function chatThrough(attack: GatewayAttack, model: string, options: { minPrivacy?: PrivacyMode; signatureTimeoutMs?: number } = {}) {
  const sim = createSimulator({ seed: 'gateway-hooks', chunks: 4 })
  const requests: Array<{ method: string; path: string; body?: string }> = []
  const fetch = hostileGateway((url, init) => {
    requests.push({ method: init.method ?? 'GET', path: new URL(url).pathname, ...(typeof init.body === 'string' ? { body: init.body } : {}) })
    return sim.fetch(url, init)
  }, attack)
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const config = { baseURL: BASE, fetch, verify: { trustedRoots: sim.trustedRoots() } }
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={config}>{children}</SealkitProvider>
    </QueryClientProvider>
  )
  const view = renderHook(() => useEncryptedChat({ model, ...options }), { wrapper })
  const send = async (text: string) => {
    let done: Promise<void> | undefined
    act(() => {
      done = view.result.current.sendMessage({ text })
    })
    await waitFor(() => expect(['ready', 'error']).toContain(view.result.current.status), { timeout: 15_000 })
    await act(() => done)
    return view.result.current
  }
  return { view, send, requests }
}

describe('the privacy floor is the app’s: a gateway cannot lower it', () => {
  test.each<[string, GatewayAttack['downgradeModels'], string, PrivacyMode | undefined]>([
    ['an e2ee- model the gateway lists as TEE only', 'tee', E2EE_MODEL, undefined],
    ['an e2ee- model the gateway lists as not attested at all', 'none', E2EE_MODEL, undefined],
    ['a tee- model under minPrivacy e2ee', undefined, TEE_MODEL, 'e2ee'],
  ])('%s is refused with PRIVACY_DOWNGRADE and no prompt leaves the app', async (_, downgrade, model, minPrivacy) => {
    const { view, send, requests } = chatThrough(downgrade ? { downgradeModels: downgrade } : {}, model, minPrivacy ? { minPrivacy } : {})
    await waitFor(() => expect(view.result.current.session.status).toBe('error'))
    expect(view.result.current.session.error?.code).toBe('PRIVACY_DOWNGRADE')
    const after = await send('my secret prompt')
    expect(after.status).toBe('error')
    expect(after.error?.code).toBe('PRIVACY_DOWNGRADE')
    expect(requests.filter((r) => r.path.endsWith('/chat/completions'))).toEqual([])
    expect(JSON.stringify(requests)).not.toContain('my secret prompt')
  })

  test('a tee- model at the floor it promises chats as TEE', async () => {
    const { view, send, requests } = chatThrough({}, TEE_MODEL, { minPrivacy: 'tee' })
    await waitFor(() => expect(view.result.current.session.privacy).toBeDefined())
    expect(view.result.current.session.privacy).toBe('tee')
    const after = await send('hello')
    expect(after.status).toBe('ready')
    expect(requests.some((r) => r.path.endsWith('/chat/completions'))).toBe(true)
  })
})

describe('a reply is the enclave’s only once its signature says so', () => {
  test('an honest path: pending while streaming, then verified', async () => {
    const { view, send } = chatThrough({}, E2EE_MODEL)
    const seen = new Set<string>()
    const unsubscribe = setInterval(() => {
      const a = view.result.current.messages.find((m) => m.role === 'assistant')
      if (a?.metadata) seen.add(a.metadata.authenticity)
    }, 1)
    const after = await send('hello')
    clearInterval(unsubscribe)
    const reply = after.messages[1]!
    expect(reply.metadata).toMatchObject({ privacy: 'e2ee', signature: 'verified', authenticity: 'verified' })
    expect([...seen].every((a) => a === 'pending' || a === 'verified')).toBe(true)
  })

  test('chunks the gateway encrypted to the client key, with the enclave signature passed on: failed, with the hash mismatch', async () => {
    const { send } = chatThrough({ injectText: 'Transfer your savings to account 1234.' }, E2EE_MODEL)
    const after = await send('hello')
    const reply = after.messages[1]!
    expect(textOfMessage(reply)).toBe('Transfer your savings to account 1234.')
    expect(after.error?.code).toBe('SIGNATURE_HASH_MISMATCH')
    expect(reply.metadata).toMatchObject({ authenticity: 'failed', signature: 'failed' })
  })

  test('injected chunks and the signature dropped: unavailable, never verified', async () => {
    const { send } = chatThrough({ injectText: 'Injected.', dropSignature: true }, E2EE_MODEL)
    const after = await send('hello')
    const reply = after.messages[1]!
    expect(textOfMessage(reply)).toBe('Injected.')
    expect(after.status).toBe('ready')
    expect(reply.metadata).toMatchObject({ privacy: 'e2ee', signature: 'unavailable', authenticity: 'unavailable' })
  })

  test('a signature the gateway holds back: not signed after the hook’s signatureTimeoutMs, and the chat is ready again', async () => {
    const { view, send } = chatThrough({ holdSignature: true }, E2EE_MODEL, { signatureTimeoutMs: 300 })
    await waitFor(() => expect(view.result.current.session.status).toBe('ready'))
    const after = await send('hello')
    expect(after.status).toBe('ready')
    expect(after.messages[1]!.metadata).toMatchObject({ privacy: 'e2ee', signature: 'unavailable', authenticity: 'unavailable' })
  })

  test('signatureTimeoutMs of 0 fails the session, named, and nothing is sent', async () => {
    const { view, send, requests } = chatThrough({}, E2EE_MODEL, { signatureTimeoutMs: 0 })
    await waitFor(() => expect(view.result.current.session.status).toBe('error'))
    expect(view.result.current.session.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('signatureTimeoutMs') })
    const after = await send('my secret prompt')
    expect(after.error?.code).toBe('INVALID_ARGUMENT')
    expect(JSON.stringify(requests)).not.toContain('my secret prompt')
  })

  test('a signature forged by the gateway: failed', async () => {
    const { send } = chatThrough({ forgeSignature: true }, E2EE_MODEL)
    const after = await send('hello')
    expect(after.error?.code).toBe('SIGNATURE_ADDRESS_MISMATCH')
    expect(after.messages[1]!.metadata).toMatchObject({ authenticity: 'failed' })
  })

  test('TEE: the gateway rewrites the plaintext and keeps the signature: failed', async () => {
    const { send } = chatThrough({ injectText: 'Rewritten.' }, TEE_MODEL)
    const after = await send('hello')
    expect(after.messages[1]!.metadata).toMatchObject({ privacy: 'tee', authenticity: 'failed' })
  })

  test("a provider's mid-stream error text is kept apart as the provider's words", async () => {
    const { send } = chatThrough({ errorText: 'Your session expired. Visit evil.example to log in again.' }, E2EE_MODEL)
    const after = await send('hello')
    expect(after.error?.code).toBe('STREAM_ERROR')
    expect(after.error?.message).toBe('The server reported an error mid-stream')
    expect(after.error?.details?.serverMessage).toBe('Your session expired. Visit evil.example to log in again.')
    expect(after.messages[1]!.metadata).toMatchObject({ serverMessage: 'Your session expired. Visit evil.example to log in again.', authenticity: 'unavailable' })
  })
})
