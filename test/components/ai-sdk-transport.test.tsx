/**
 * `createEncryptedChatTransport` under the real chat stacks, in Chromium: `useChat` from
 * `@ai-sdk/react`, and assistant-ui's `useChatRuntime({ transport })`, each streaming a
 * decrypted reply from the simulator, with the privacy facts on the message and a fault
 * surfacing as the SDK's own error state.
 */
import { useChat } from '@ai-sdk/react'
import { AssistantRuntimeProvider, type AssistantRuntime } from '@assistant-ui/react'
import { useChatRuntime } from '@assistant-ui/react-ai-sdk'
import { act, render, screen } from '@testing-library/react'
import { useEffect, useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { FetchLike } from '../../src/core/api/client.ts'
import { isEncryptedHex } from '../../src/core/crypto/e2ee.ts'
import { StreamingMessage } from '../../src/components/index.ts'
import { createEncryptedChatTransport, restoredMessages, stoppedReply, type EncryptedChatMetadata, type EncryptedUIMessage } from '../../src/integrations/ai-sdk.ts'
import { FAULT_HEADER, createSimulator, simulatedReasoning, simulatedReply, type FaultName } from '../../src/simulator/index.ts'

const BASE = 'http://simulator.test/api/v1'
const E2EE_MODEL = 'e2ee-qwen3-5-122b-a10b'

/** A transport on an in-page simulator; `faults` apply to chat requests only. Records what crossed the wire. */
function setup(faults: FaultName[] = [], model = E2EE_MODEL, chunkDelayMs?: number) {
  const sim = createSimulator({ seed: 'ai-sdk-transport', ...(chunkDelayMs ? { chunkDelayMs, chunks: 40 } : {}) })
  const sent: string[] = []
  const fetch: FetchLike = (url, init) => {
    const chat = url.endsWith('/chat/completions')
    if (chat && typeof init.body === 'string') sent.push(init.body)
    const headers = { ...(init.headers as Record<string, string>), ...(chat && faults.length ? { [FAULT_HEADER]: faults.join(',') } : {}) }
    return sim.fetch(url, { ...init, headers })
  }
  const transport = createEncryptedChatTransport({ model, baseURL: BASE, fetch, trustedRoots: sim.trustedRoots() })
  return { sim, transport, sent }
}

const textOf = (m: EncryptedUIMessage | undefined) => (m?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('')

describe('useChat (@ai-sdk/react) with createEncryptedChatTransport', () => {
  function Chat({ transport, prompt, onState }: { transport: ReturnType<typeof setup>['transport']; prompt: string; onState: (s: ReturnType<typeof useChat<EncryptedUIMessage>>) => void }) {
    const chat = useChat<EncryptedUIMessage>({ transport })
    onState(chat)
    useEffect(() => {
      void chat.sendMessage({ text: prompt })
      // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [])
    const last = chat.messages.at(-1)
    return (
      <div>
        <p data-testid="status">{chat.status}</p>
        <p data-testid="reply">{last?.role === 'assistant' ? textOf(last) : ''}</p>
        <p data-testid="authenticity">{last?.metadata?.authenticity ?? ''}</p>
        {chat.error ? <p role="alert">{chat.error.message}</p> : null}
      </div>
    )
  }

  it('streams a decrypted E2EE reply; the message carries mode, attestation verdict and a verified signature', async () => {
    const { transport, sent } = setup()
    const states: string[] = []
    let latest: ReturnType<typeof useChat<EncryptedUIMessage>> | undefined
    render(<Chat transport={transport} prompt="Hello from useChat" onState={(s) => ((latest = s), states.push(`${s.status}:${s.messages.at(-1)?.metadata?.authenticity ?? '-'}`))} />)

    await expect.poll(() => `${latest?.status}:${latest?.messages.length}`, { timeout: 15_000 }).toBe('ready:2')
    expect(screen.getByTestId('reply').textContent).toBe(simulatedReply('Hello from useChat', 'e2ee'))
    expect(screen.getByTestId('authenticity').textContent).toBe('verified')
    const meta = latest!.messages.at(-1)!.metadata as EncryptedChatMetadata
    expect(meta).toMatchObject({ model: E2EE_MODEL, privacy: 'e2ee', signature: 'verified', authenticity: 'verified', attestation: { verdict: 'passed', policy: 'standard', simulated: true } })
    expect(meta.requestId).toMatch(/^chatcmpl-/)
    expect(meta.verifiedIn).toEqual({ kind: 'worker', reason: expect.any(String) })
    // While text streamed the reply was `pending`, never shown as verified before the signature was checked.
    expect(states.some((s) => s === 'streaming:pending')).toBe(true)
    // Only ciphertext went out.
    const body = JSON.parse(sent[0]!) as { messages: Array<{ content: string }> }
    expect(body.messages.every((m) => isEncryptedHex(m.content))).toBe(true)
    expect(sent[0]).not.toContain('Hello from useChat')
    transport.close()
  })

  // A new user's pass: the transport kept the E2EE key on the main thread, where the README says it is in a worker.
  it('keeps the session key in the decryption worker, as the hooks do', async () => {
    const started: string[] = []
    const Original = globalThis.Worker
    globalThis.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options)
        started.push(String(url))
      }
    }
    try {
      const { transport } = setup()
      let latest: ReturnType<typeof useChat<EncryptedUIMessage>> | undefined
      render(<Chat transport={transport} prompt="Where is my key?" onState={(s) => (latest = s)} />)
      await expect.poll(() => `${latest?.status}:${latest?.messages.length}`, { timeout: 15_000 }).toBe('ready:2')
      expect(latest!.messages.at(-1)!.metadata).toMatchObject({ authenticity: 'verified', keyHolder: { kind: 'worker' } })
      expect(started.filter((url) => /decrypt-worker/.test(url))).toHaveLength(1)
      transport.close()
    } finally {
      globalThis.Worker = Original
    }
  })

  // The attacker's re-check: where the worker could not start, the fallback was said only in the dev console.
  it('a decryption worker that cannot start: the key on this thread, said on the reply and once in the console', async () => {
    const Original = globalThis.Worker
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    globalThis.Worker = class {
      constructor() {
        throw new DOMException("Refused to create a worker: worker-src 'none'", 'SecurityError')
      }
    } as unknown as typeof Worker
    try {
      const { transport } = setup()
      let latest: ReturnType<typeof useChat<EncryptedUIMessage>> | undefined
      render(<Chat transport={transport} prompt="And now?" onState={(s) => (latest = s)} />)
      await expect.poll(() => `${latest?.status}:${latest?.messages.length}`, { timeout: 15_000 }).toBe('ready:2')
      const meta = latest!.messages.at(-1)!.metadata!
      expect(meta).toMatchObject({ authenticity: 'verified', keyHolder: { kind: 'main-thread', reason: expect.stringContaining('the decryption worker could not start') } })
      expect(warn.mock.calls.filter(([m]) => /decryption worker could not start/.test(String(m))).length).toBeLessThanOrEqual(1)
      transport.close()
    } finally {
      globalThis.Worker = Original
      warn.mockRestore()
    }
  })

  it('streams reasoning as reasoning parts, ahead of the text', async () => {
    const { transport } = setup([], 'e2ee-glm-5')
    let latest: ReturnType<typeof useChat<EncryptedUIMessage>> | undefined
    render(<Chat transport={transport} prompt="Think" onState={(s) => (latest = s)} />)
    await expect.poll(() => `${latest?.status}:${latest?.messages.length}`, { timeout: 15_000 }).toBe('ready:2')
    const parts = latest!.messages.at(-1)!.parts.filter((p) => p.type === 'reasoning' || p.type === 'text')
    const reasoning = parts.filter((p) => p.type === 'reasoning').map((p) => (p as { text: string }).text).join('')
    expect(reasoning).toBe(simulatedReasoning('Think'))
    expect(parts.map((p) => p.type)).toEqual(['reasoning', 'text'])
    expect(textOf(latest!.messages.at(-1))).toBe(simulatedReply('Think', 'e2ee'))
    expect(latest!.messages.at(-1)!.metadata).toMatchObject({ authenticity: 'verified' })
  })

  it('a tampered chunk is useChat\'s error state with our code; no green fact on the message', async () => {
    const { transport } = setup(['tampered-chunk'])
    let latest: ReturnType<typeof useChat<EncryptedUIMessage>> | undefined
    render(<Chat transport={transport} prompt="Hi" onState={(s) => (latest = s)} />)
    await expect.poll(() => screen.getByTestId('status').textContent, { timeout: 15_000 }).toBe('error')
    expect(screen.getByRole('alert').textContent).toMatch(/^DECRYPT_FAILED: /)
    const meta = latest!.messages.at(-1)!.metadata as EncryptedChatMetadata
    // A chunk that was not authentic ciphertext: nothing proves the text is the model's.
    expect(meta).toMatchObject({ errorCode: 'DECRYPT_FAILED', incomplete: true, authenticity: 'failed' })
    expect(meta.signature).not.toBe('verified')
  })

  it('a forged response signature fails the reply: authenticity failed, error state', async () => {
    const { transport } = setup(['bad-signature'])
    let latest: ReturnType<typeof useChat<EncryptedUIMessage>> | undefined
    render(<Chat transport={transport} prompt="Hi" onState={(s) => (latest = s)} />)
    await expect.poll(() => screen.getByTestId('status').textContent, { timeout: 15_000 }).toBe('error')
    expect(screen.getByRole('alert').textContent).toMatch(/^SIGNATURE_/)
    expect(latest!.messages.at(-1)!.metadata).toMatchObject({ authenticity: 'failed', signature: 'failed' })
  })

  it('a conversation the app saved itself and restores with restoredMessages: a reply\'s signed claim is data, its text is kept', async () => {
    const { transport } = setup()
    let latest: ReturnType<typeof useChat<EncryptedUIMessage>> | undefined
    const { unmount } = render(<Chat transport={transport} prompt="Save me" onState={(s) => (latest = s)} />)
    await expect.poll(() => `${latest?.status}:${latest?.messages.length}`, { timeout: 15_000 }).toBe('ready:2')
    expect(latest!.messages.at(-1)!.metadata).toMatchObject({ authenticity: 'verified' })
    // The app's own storage: JSON out and back, and a forger's edit on the way.
    const saved = JSON.parse(JSON.stringify(latest!.messages)) as EncryptedUIMessage[]
    unmount()
    transport.close()
    const forged: EncryptedUIMessage = { ...saved[1]!, id: 'forged', parts: [{ type: 'text', text: 'Send your seed phrase to this address.' }] }
    const failed: EncryptedUIMessage = { ...saved[1]!, id: 'failed', metadata: { ...saved[1]!.metadata!, signature: 'failed', authenticity: 'failed' } }
    // A record whose failed signature sits beside a verified authenticity: the failure is what is kept.
    const mixed: EncryptedUIMessage = { ...saved[1]!, id: 'mixed', metadata: { ...saved[1]!.metadata!, signature: 'failed', authenticity: 'verified' } }
    const meek: EncryptedUIMessage = { ...saved[1]!, id: 'meek', metadata: { ...saved[1]!.metadata!, signature: 'failed', authenticity: 'unavailable' } }
    const restored = restoredMessages([...saved, forged, failed, mixed, meek])
    expect(restored[4]!.metadata).toMatchObject({ signature: 'failed', authenticity: 'failed' })
    expect(restored[5]!.metadata).toMatchObject({ signature: 'failed', authenticity: 'failed' })

    expect(restored[0]).toBe(saved[0]) // the user's message as it was
    for (const reply of [restored[1]!, restored[2]!]) {
      expect(reply.metadata).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable', restored: { signatureUnproven: true } })
      expect(reply.metadata).not.toHaveProperty('signatureDetails')
    }
    expect(textOf(restored[1])).toBe(simulatedReply('Save me', 'e2ee'))
    expect(restored[3]!.metadata).toMatchObject({ signature: 'failed', authenticity: 'failed' })
    // What a reader sees: not signed.
    render(<StreamingMessage message={restored[2]!} />)
    expect(screen.getByRole('article').textContent).toContain('Signature not provable')
    expect(screen.getByRole('article').textContent).not.toMatch(/\bSigned\b/) // 'Signed', 'Signed by the (simulated) enclave', 'Signed (recorded)'
  })

  it('a stopped reply: AI SDK drops the transport\'s closing word, so it stays pending; stoppedReply in onFinish settles it', async () => {
    function Stopping({ settle, onState }: { settle: boolean; onState: (s: ReturnType<typeof useChat<EncryptedUIMessage>>) => void }) {
      const { transport } = useState(() => setup([], E2EE_MODEL, 60))[0]
      const chat = useChat<EncryptedUIMessage>({
        transport,
        onFinish: ({ message, isAbort }) => {
          if (settle && isAbort) chat.setMessages((all) => all.map((m) => (m.id === message.id ? stoppedReply(m) : m)))
        },
      })
      onState(chat)
      useEffect(() => {
        void chat.sendMessage({ text: 'Tell me a long story' })
        // eslint-disable-next-line react-hooks/exhaustive-deps
      }, [])
      return null
    }
    for (const settle of [false, true]) {
      let latest: ReturnType<typeof useChat<EncryptedUIMessage>> | undefined
      const { unmount } = render(<Stopping settle={settle} onState={(s) => (latest = s)} />)
      await expect.poll(() => textOf(latest?.messages.at(-1)).length, { timeout: 15_000 }).toBeGreaterThan(0)
      await act(() => latest!.stop())
      await expect.poll(() => latest?.status, { timeout: 5_000 }).toBe('ready')
      // Time for a closing chunk to arrive, were it to.
      await new Promise((resolve) => setTimeout(resolve, 300))
      const meta = latest!.messages.at(-1)!.metadata!
      if (!settle) expect(meta).toMatchObject({ signature: 'pending', authenticity: 'pending' })
      else expect(meta).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable', errorCode: 'ABORTED', incomplete: true })
      unmount()
    }
    // A reply whose facts are settled already is left as it is.
    const verified = { id: 'a', role: 'assistant' as const, parts: [], metadata: { model: E2EE_MODEL, privacy: 'e2ee' as const, signature: 'verified' as const, authenticity: 'verified' as const } }
    expect(stoppedReply(verified)).toBe(verified)
    // Shapes only an app's or a store's data has: a failure is kept, and no signature left unchecked stays verified.
    const stopped = (signature: EncryptedChatMetadata['signature'], authenticity: EncryptedChatMetadata['authenticity']) =>
      stoppedReply({ ...verified, metadata: { ...verified.metadata, signature, authenticity } }).metadata
    expect(stopped('failed', 'pending')).toMatchObject({ signature: 'failed', authenticity: 'failed' })
    expect(stopped('pending', 'verified')).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable' })
    expect(stopped('pending', 'failed')).toMatchObject({ signature: 'unavailable', authenticity: 'failed' })
  })

  it('reconnectToStream answers null (an E2EE stream cannot be resumed)', async () => {
    const { transport } = setup()
    expect(await transport.reconnectToStream({ chatId: 'x' })).toBeNull()
  })
})

describe('assistant-ui useChatRuntime({ transport })', () => {
  function Thread({ transport, onRuntime }: { transport: ReturnType<typeof setup>['transport']; onRuntime: (r: AssistantRuntime) => void }) {
    const runtime = useChatRuntime<EncryptedUIMessage>({ transport })
    onRuntime(runtime)
    return <AssistantRuntimeProvider runtime={runtime}>{null}</AssistantRuntimeProvider>
  }
  type Message = ReturnType<AssistantRuntime['thread']['getState']>['messages'][number]
  const lastAssistant = (runtime: AssistantRuntime): Message | undefined => runtime.thread.getState().messages.filter((m) => m.role === 'assistant').at(-1)
  const textOfMessage = (m: Message | undefined) => (m?.content ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('')

  it('streams a decrypted reply into the thread, with the privacy facts in message.metadata.custom', async () => {
    const { transport } = setup()
    let runtime: AssistantRuntime | undefined
    render(<Thread transport={transport} onRuntime={(r) => (runtime = r)} />)
    await act(async () => runtime!.thread.append('Hello from assistant-ui'))
    await vi.waitFor(() => expect(lastAssistant(runtime!)?.status?.type).toBe('complete'), { timeout: 15_000 })
    const message = lastAssistant(runtime!)!
    expect(textOfMessage(message)).toBe(simulatedReply('Hello from assistant-ui', 'e2ee'))
    await vi.waitFor(() => expect(lastAssistant(runtime!)!.metadata.custom).toMatchObject({ privacy: 'e2ee', authenticity: 'verified', attestation: { verdict: 'passed' } }))
  })

  it('a tampered chunk ends the message as incomplete with error reason and our code', async () => {
    const { transport } = setup(['tampered-chunk'])
    let runtime: AssistantRuntime | undefined
    render(<Thread transport={transport} onRuntime={(r) => (runtime = r)} />)
    await act(async () => runtime!.thread.append('Hi'))
    await vi.waitFor(() => expect(lastAssistant(runtime!)?.status).toMatchObject({ type: 'incomplete', reason: 'error' }), { timeout: 15_000 })
    const status = lastAssistant(runtime!)!.status as { error?: unknown }
    expect(JSON.stringify(status.error)).toMatch(/DECRYPT_FAILED/)
    expect(lastAssistant(runtime!)!.metadata.custom).toMatchObject({ errorCode: 'DECRYPT_FAILED' })
  })
})
