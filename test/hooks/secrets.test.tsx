// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react'
import { beforeEach, expect, test, vi } from 'vitest'
import { bytesToHex } from '../../src/core/crypto/hex.ts'
import { useAttestation, useModels, useResponseSignature } from '../../src/hooks/index.ts'
import { E2EE_MODEL, E2EE_REASONING_MODEL, TEE_MODEL, renderChat, setup, type Harness } from './helpers.tsx'
import { generatedKeys } from './key-capture.ts'

vi.mock('../../src/core/crypto/keys.ts', async (importOriginal) => (await import('./key-capture.ts')).capturingKeysModule(importOriginal))

beforeEach(() => {
  generatedKeys.length = 0
})

const API_KEY = 'sk-sealkit-test-4f1c9a77d2e04b51'

/** Everything the QueryClient holds, as text: keys, data, errors (with their causes, details and reports), options. */
function dumpCache(h: Harness): string {
  const seen = new WeakSet<object>()
  const replacer = (_key: string, value: unknown): unknown => {
    if (value instanceof Uint8Array) return bytesToHex(value)
    if (typeof value === 'function') return undefined
    if (value instanceof Error) {
      const e = value as Error & Record<string, unknown>
      return { name: e.name, message: e.message, stack: e.stack, code: e.code, details: e.details, report: e.report, status: e.status, cause: e.cause }
    }
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[seen]'
      seen.add(value)
    }
    return value
  }
  const queries = h.queryClient.getQueryCache().getAll().map((q) => ({ key: q.queryKey, hash: q.queryHash, state: q.state, options: q.options, meta: q.meta }))
  const mutations = h.queryClient.getMutationCache().getAll().map((m) => ({ state: m.state, options: m.options }))
  return JSON.stringify({ queries, mutations }, replacer)
}

test('the QueryClient cache holds no private key, no API key, no plaintext', async () => {
  const h = setup({ config: { apiKey: API_KEY } })
  const e2ee = renderChat(h, { model: E2EE_MODEL })
  await e2ee.send('the launch code is 0451')
  const reasoning = renderChat(h, { model: E2EE_REASONING_MODEL })
  await reasoning.send('my diary entry for today')
  const tee = renderChat(h, { model: TEE_MODEL })
  await tee.send('tee plaintext stays out of the cache')
  h.faults.names = ['tampered-chunk']
  await e2ee.send('a question that fails to decrypt')
  h.faults.names = []
  const sig = renderHook(() => useResponseSignature({ message: e2ee.result.current.messages[1] }), { wrapper: h.wrapper })
  renderHook(() => useModels({ privacy: 'e2ee' }), { wrapper: h.wrapper })
  renderHook(() => useAttestation(TEE_MODEL), { wrapper: h.wrapper })
  await waitFor(() => expect(sig.result.current.isSuccess).toBe(true))

  expect(generatedKeys.length).toBe(2)
  // Capture the keys before unmounting zeroes them.
  const privateKeys = generatedKeys.map((k) => bytesToHex(k.privateKey))
  const dump = dumpCache(h)

  // Sanity: we are looking at the real cache.
  expect(dump).toContain(h.sim.signingKey(E2EE_MODEL))
  expect(dump).toContain('"attestation"')
  expect(dump).toContain('"responseSignature"')

  for (const priv of privateKeys) expect(dump).not.toContain(priv)
  expect(dump).not.toContain(API_KEY)
  const plaintexts = [
    'the launch code is 0451',
    'my diary entry for today',
    'tee plaintext stays out of the cache',
    'a question that fails to decrypt',
    'You said',
    'The user wrote',
  ]
  for (const text of plaintexts) expect(dump).not.toContain(text)
})

test('errors carry no plaintext and no key material', async () => {
  const h = setup({ config: { apiKey: API_KEY } })
  const chat = renderChat(h, { model: E2EE_MODEL })
  const errors: unknown[] = []
  // wrong-nonce first: later requests reuse the cached (fresh) attestation.
  for (const fault of ['wrong-nonce', 'tampered-chunk', 'plaintext-chunk', 'stream-error', 'drop-connection', 'bad-signature'] as const) {
    h.faults.names = [fault]
    await chat.send(`secret prompt under ${fault}`)
    expect(chat.result.current.status).toBe('error')
    errors.push(chat.result.current.error)
  }
  h.faults.names = []
  const privateKeys = generatedKeys.map((k) => bytesToHex(k.privateKey))
  const text = JSON.stringify(
    errors.map((e) => {
      const err = e as Error & Record<string, unknown>
      return { message: err.message, details: err.details, cause: String(err.cause), stack: err.stack }
    }),
  )
  for (const priv of privateKeys) expect(text).not.toContain(priv)
  expect(text).not.toContain(API_KEY)
  expect(text).not.toContain('secret prompt')
  expect(text).not.toContain('You said')
})

test('the keys are zeroed once the chats unmount', async () => {
  const h = setup()
  const chat = renderChat(h, { model: E2EE_MODEL })
  await chat.send('hello')
  const keys = generatedKeys[0]!
  expect(keys.privateKey.some((b) => b !== 0)).toBe(true)
  chat.unmount()
  expect(keys.privateKey.every((b) => b === 0)).toBe(true)
})
