// @vitest-environment jsdom
import { sha256 } from '@noble/hashes/sha2.js'
import { act, renderHook, waitFor } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { streamChatCompletion } from '../../src/core/api/chat.ts'
import { createClient } from '../../src/core/api/client.ts'
import { bytesToHex } from '../../src/core/crypto/hex.ts'
import { attestModel } from '../../src/core/session/attest.ts'
import { attestationQueryKey, getModelsQueryKey } from '../../src/core/query/index.ts'
import { useAttestation, useModels, useResponseSignature, useSealkitClient } from '../../src/hooks/index.ts'
import { BASE, E2EE_MODEL, PLAIN_MODEL, TEE_MODEL, POLICY, renderChat, setup } from './helpers.tsx'

const nonceOf = (url: string) => new URL(url).searchParams.get('nonce')

describe('useModels', () => {
  test.each([
    ['any', ['e2ee-qwen3-5-122b-a10b', 'e2ee-glm-5', 'tee-qwen3-5-122b-a10b', 'tee-gpt-oss-120b', 'llama-3.3-70b', 'venice-uncensored']],
    ['e2ee', ['e2ee-qwen3-5-122b-a10b', 'e2ee-glm-5']],
    ['tee', ['e2ee-qwen3-5-122b-a10b', 'e2ee-glm-5', 'tee-qwen3-5-122b-a10b', 'tee-gpt-oss-120b']],
    ['none', ['llama-3.3-70b', 'venice-uncensored']],
  ] as const)('privacy %s', async (privacy, ids) => {
    const h = setup()
    const { result } = renderHook(() => useModels({ privacy }), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data!.map((m) => m.id)).toEqual(ids)
    expect(h.queryClient.getQueryData(getModelsQueryKey(clientOf(h), { privacy }))).toBe(result.current.data)
  })

  test('TanStack options pass through (select, enabled)', async () => {
    const h = setup()
    const { result, rerender } = renderHook(({ enabled }) => useModels({ query: { enabled, select: (models) => models.slice(0, 1) } }), {
      wrapper: h.wrapper,
      initialProps: { enabled: false },
    })
    expect(result.current.fetchStatus).toBe('idle')
    expect(h.requests).toHaveLength(0)
    rerender({ enabled: true })
    await waitFor(() => expect(result.current.data).toHaveLength(1))
  })
})

function clientOf(h: ReturnType<typeof setup>) {
  return renderHook(() => useSealkitClient(), { wrapper: h.wrapper }).result.current
}

describe('useAttestation', () => {
  test('data is the verified attestation; report, key and address are public values', async () => {
    const h = setup()
    const { result } = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: h.wrapper })
    expect(result.current.isPending).toBe(true)
    expect(result.current.report).toBeUndefined()
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    const data = result.current.data!
    expect(data.model).toBe(E2EE_MODEL)
    expect(data.signingAddress).toBe(h.sim.signingAddress(E2EE_MODEL))
    expect(data.signingKey).toBe(h.sim.signingKey(E2EE_MODEL))
    expect(result.current.report).toBe(data.report)
    expect(data.report.verdict).toBe('passed')
    expect(data.report.simulated).toBe(true)
    expect(data.report.policy).toBe(POLICY)
    expect(data.nonce).toBe(nonceOf(h.requests[0]!.url))
    expect(data.report.nonce).toBe(data.nonce)
  })

  test('a fresh nonce for every fetch; refetch re-verifies', async () => {
    const h = setup()
    const { result } = renderHook(() => useAttestation(TEE_MODEL), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    const first = result.current.data!
    await act(() => result.current.refetch())
    await act(() => result.current.refetch())
    const nonces = h.requests.filter((r) => r.url.includes('/tee/attestation')).map((r) => nonceOf(r.url))
    expect(nonces).toHaveLength(3)
    expect(new Set(nonces).size).toBe(3)
    nonces.forEach((n) => expect(n).toMatch(/^[0-9a-f]{64}$/))
    await waitFor(() => expect(result.current.data!.nonce).toBe(nonces[2]))
    expect(result.current.data!.nonce).not.toBe(first.nonce)
  })

  test('stays fresh: no refetch on remount, window focus or reconnect', async () => {
    const h = setup()
    const first = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: h.wrapper })
    await waitFor(() => expect(first.result.current.isSuccess).toBe(true))
    first.unmount()
    const second = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: h.wrapper })
    expect(second.result.current.isSuccess).toBe(true)
    act(() => {
      window.dispatchEvent(new Event('visibilitychange'))
      window.dispatchEvent(new Event('focus'))
      window.dispatchEvent(new Event('online'))
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(h.requests.filter((r) => r.url.includes('/tee/attestation'))).toHaveLength(1)
    const verify = { trustedRoots: h.sim.trustedRoots() } // the harness's verify options, by value
    const query = h.queryClient.getQueryCache().find({ queryKey: attestationQueryKey(clientOf(h), { model: E2EE_MODEL, policy: POLICY, verify }) })!
    expect((query.options as { staleTime?: number }).staleTime).toBe(5 * 60_000)
  })

  test('a report verified under other options is never reused: a caller that pins measurements verifies for itself', async () => {
    const h = setup()
    const plain = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: h.wrapper })
    await waitFor(() => expect(plain.result.current.isSuccess).toBe(true))
    const composeHash = plain.result.current.report!.identity!.current.composeHash!
    // Same API root, model and policy; one compose hash pinned, one character off.
    const wrong = composeHash.slice(0, -1) + (composeHash.endsWith('0') ? '1' : '0')
    const verify = { trustedRoots: h.sim.trustedRoots(), measurements: { allowedComposeHashes: [wrong] } }
    const pinned = renderHook(() => useAttestation(E2EE_MODEL, { verify }), { wrapper: h.wrapper })
    await waitFor(() => expect(pinned.result.current.isError).toBe(true))
    expect(pinned.result.current.report?.verdict ?? (pinned.result.current.error as { report?: { verdict: string } }).report?.verdict).toBe('failed')
    expect(plain.result.current.report!.verdict).toBe('passed') // the unpinned caller keeps its own report
    expect(h.requests.filter((r) => r.url.includes('/tee/attestation'))).toHaveLength(2)
  })

  test('a failed verification is the error, with its code and report; never retried', async () => {
    const h = setup()
    h.faults.names = ['wrong-nonce']
    const { result } = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error!.code).toBe('ATTESTATION_NONCE_MISMATCH')
    expect(result.current.data).toBeUndefined()
    expect(result.current.report?.verdict).toBe('failed')
    expect(result.current.report?.checks.find((c) => c.id === 'nonce.match')?.status).toBe('failed')
    expect(h.requests.filter((r) => r.url.includes('/tee/attestation'))).toHaveLength(1)
  })

  test('after a failed re-verify the report is the failing one, not the older success', async () => {
    const h = setup()
    const { result } = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    h.faults.names = ['unverified']
    await act(() => result.current.refetch())
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.data?.report.verdict).toBe('passed') // TanStack keeps the old data...
    expect(result.current.report?.verdict).toBe('failed') // ...the report is the latest
  })

  test('disabled while the model is undefined; policy from the options', async () => {
    const h = setup()
    const { result, rerender } = renderHook(({ model }: { model?: string }) => useAttestation(model, { policy: 'basic' }), {
      wrapper: h.wrapper,
      initialProps: {},
    })
    expect(result.current.fetchStatus).toBe('idle')
    rerender({ model: TEE_MODEL })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data!.report.policy).toBe('basic')
  })

  test('a model without TEE answers an error', async () => {
    const h = setup()
    const { result } = renderHook(() => useAttestation(PLAIN_MODEL), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error!.code).toBe('HTTP_ERROR')
  })
})

describe('useResponseSignature', () => {
  test('re-verifies a chat message from its recorded hashes', async () => {
    const h = setup()
    const chat = renderChat(h, { model: TEE_MODEL })
    await chat.send('sign this')
    const message = chat.result.current.messages.at(-1)!
    const { result } = renderHook(() => useResponseSignature({ message }), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data).toMatchObject({
      status: 'verified',
      signingAddress: h.sim.signingAddress(TEE_MODEL),
      requestHash: message.metadata!.signatureDetails!.requestHash,
      responseHash: message.metadata!.signatureDetails!.responseHash,
    })
  })

  test('a stored message whose address was edited is checked against the attestation trusted now, not its own', async () => {
    const h = setup()
    const chat = renderChat(h, { model: TEE_MODEL })
    await chat.send('sign this')
    const message = chat.result.current.messages.at(-1)!
    // An edited store: the message claims another enclave address (and its recorded signature by it).
    const edited = {
      ...message,
      metadata: { ...message.metadata!, attestation: { ...message.metadata!.attestation!, signingAddress: '0x' + '11'.repeat(20) } },
    }
    const { result } = renderHook(() => useResponseSignature({ message: edited }), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    // Verified against the address the app attested now, which is the simulator's real key.
    expect(result.current.data!.signingAddress).toBe(h.sim.signingAddress(TEE_MODEL))
    // And recorded hashes that no signature covers fail.
    const forged = { ...message, metadata: { ...message.metadata!, signatureDetails: { ...message.metadata!.signatureDetails!, responseHash: 'ab'.repeat(32) } } }
    const bad = renderHook(() => useResponseSignature({ message: forged }), { wrapper: h.wrapper })
    await waitFor(() => expect(bad.result.current.isError).toBe(true))
    expect(bad.result.current.error!.code).toBe('SIGNATURE_HASH_MISMATCH')
  })

  test('never shows data it was handed (initialData) or kept from another reply (placeholderData): only its own check', async () => {
    const h = setup()
    const chat = renderChat(h, { model: TEE_MODEL })
    await chat.send('sign this')
    const message = chat.result.current.messages.at(-1)!
    const forged = { ...message, metadata: { ...message.metadata!, signatureDetails: { ...message.metadata!.signatureDetails!, responseHash: 'ab'.repeat(32) } } }
    const madeUp = { status: 'verified', signingAddress: h.sim.signingAddress(TEE_MODEL) }
    const seen: Array<string | undefined> = []
    const { result } = renderHook(
      () => {
        // @ts-expect-error -- refused by the types (VerdictQueryParameter); a JavaScript app can still pass them
        const query = useResponseSignature({ message: forged, query: { initialData: madeUp, placeholderData: () => madeUp } })
        seen.push(query.data?.status)
        return query
      },
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error!.code).toBe('SIGNATURE_HASH_MISMATCH')
    expect(seen.filter((status) => status !== undefined)).toEqual([])
  })

  test('disabled for a message without a verified signature', () => {
    const h = setup()
    const { result } = renderHook(() => useResponseSignature({ message: undefined }), { wrapper: h.wrapper })
    expect(result.current.fetchStatus).toBe('idle')
    expect(h.requests).toHaveLength(0)
  })

  test('verifies a completion from its exact bytes; a signature by another key is SIGNATURE_ADDRESS_MISMATCH', async () => {
    const h = setup()
    // The stream hashes its bytes and keeps none: a copy of the body, taken beside it, is the bytes evidence.
    let copy: Response | undefined
    const client = createClient({
      baseURL: BASE,
      fetch: async (input, init) => {
        const response = await h.fetch(input, init)
        if (String(input).endsWith('/chat/completions')) copy = response.clone()
        return response
      },
    })
    const attested = await attestModel(client, { model: TEE_MODEL, policy: POLICY, trustedRoots: h.sim.trustedRoots() })
    const call = await streamChatCompletion(client, { body: { model: TEE_MODEL, messages: [{ role: 'user', content: 'bytes' }] } })
    let requestId: string | undefined
    for await (const chunk of call.chunks) requestId ??= chunk.id
    const responseBytes = new Uint8Array(await copy!.arrayBuffer())
    expect(call.responseHash()).toBe(bytesToHex(sha256(responseBytes)))
    const params = { model: TEE_MODEL, requestId, expectedAddress: attested.signingAddress, requestBody: call.requestBody, responseBytes }

    const ok = renderHook(() => useResponseSignature(params), { wrapper: h.wrapper })
    await waitFor(() => expect(ok.result.current.isSuccess).toBe(true))
    expect(ok.result.current.data!.signingAddress).toBe(attested.signingAddress)

    ok.unmount()

    // The evidence is not in the query key: a new check needs a clean cache.
    h.queryClient.clear()
    const tampered = renderHook(() => useResponseSignature({ ...params, responseBytes: new Uint8Array([1, 2, 3]) }), { wrapper: h.wrapper })
    await waitFor(() => expect(tampered.result.current.isError).toBe(true))
    expect(tampered.result.current.error!.code).toBe('SIGNATURE_HASH_MISMATCH')
    tampered.unmount()

    h.queryClient.clear()
    h.faults.names = ['bad-signature']
    const bad = renderHook(() => useResponseSignature(params), { wrapper: h.wrapper })
    await waitFor(() => expect(bad.result.current.isError).toBe(true))
    expect(bad.result.current.error!.code).toBe('SIGNATURE_ADDRESS_MISMATCH')
  })
})

describe('useResponseSignature with an Ed25519 enclave (NEAR AI `ed25519`)', () => {
  const nearai = () => setup({ sim: { dialect: 'nearai' }, config: { provider: 'nearai', signingAlgo: 'ed25519', baseURL: 'http://near.test/v1' } })

  test('re-verifies a reply signed with Ed25519 by the attested key', async () => {
    const h = nearai()
    const chat = renderChat(h, { model: E2EE_MODEL })
    await chat.send('sign this with ed25519')
    const message = chat.result.current.messages.at(-1)!
    expect(message.metadata?.signature).toBe('verified')
    expect(message.metadata!.attestation!.signingAddress).toMatch(/^[0-9a-f]{64}$/)
    const { result } = renderHook(() => useResponseSignature({ message }), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isSuccess || result.current.isError).toBe(true))
    expect(result.current.error).toBeNull()
    expect(result.current.data).toMatchObject({ status: 'verified', signingAddress: message.metadata!.attestation!.signingAddress })
  })

  test('an Ed25519 signature by another key fails: SIGNATURE_ADDRESS_MISMATCH', async () => {
    const h = nearai()
    const chat = renderChat(h, { model: E2EE_MODEL })
    await chat.send('sign this with ed25519')
    const message = chat.result.current.messages.at(-1)!
    h.faults.names = ['bad-signature']
    h.faults.only = /signature/
    const { result } = renderHook(() => useResponseSignature({ message }), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error!.code).toBe('SIGNATURE_ADDRESS_MISMATCH')
  })
})
