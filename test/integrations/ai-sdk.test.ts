import { describe, expect, it } from 'vitest'
import { createEncryptedChatTransport, restoredMessages, type EncryptedChatMetadata, type EncryptedUIMessage } from '../../src/integrations/ai-sdk.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { readChunks } from '../helpers/collect-stream.ts'

type Chunk = { type: string; delta?: string; errorText?: string; messageMetadata?: EncryptedChatMetadata }

/** Every chunk of one reply from the transport, over a simulator that injects `fault` into every request. */
async function reply(options: { model: string; fault?: string; plaintextReasoning?: 'allow' | 'reject' }): Promise<Chunk[]> {
  const sim = createSimulator({ seed: 'ai-sdk-transport' })
  const { model, fault, plaintextReasoning } = options
  const transport = createEncryptedChatTransport({
    model,
    baseURL: 'http://sim.test/api/v1',
    fetch: sim.fetch,
    trustedRoots: sim.trustedRoots(),
    ...(fault ? { headers: { 'X-Sealkit-Fault': fault } } : {}),
    ...(plaintextReasoning ? { plaintextReasoning } : {}),
  })
  const stream = await transport.sendMessages({
    trigger: 'submit-message',
    chatId: 'c',
    messageId: undefined,
    abortSignal: undefined,
    messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'think' }] }],
  })
  const chunks = await readChunks(stream as ReadableStream<Chunk>)
  transport.close()
  return chunks
}

const reasoningOf = (chunks: Chunk[]) => chunks.filter((c) => c.type === 'reasoning-delta').map((c) => c.delta).join('')
const lastMetadata = (chunks: Chunk[]) => chunks.filter((c) => c.messageMetadata).at(-1)!.messageMetadata!

describe('createEncryptedChatTransport: reasoning the server sends in plaintext', () => {
  it('ends the reply by default (E2EE_PLAINTEXT_CHUNK): none of it is shown', async () => {
    const chunks = await reply({ model: 'e2ee-glm-5', fault: 'plaintext-reasoning' })
    expect(reasoningOf(chunks)).toBe('')
    expect(lastMetadata(chunks)).toMatchObject({ errorCode: 'E2EE_PLAINTEXT_CHUNK', authenticity: 'failed' })
  })

  it("allowed (plaintextReasoning: 'allow'), the metadata says so before the first of it shows", async () => {
    const chunks = await reply({ model: 'e2ee-glm-5', fault: 'plaintext-reasoning', plaintextReasoning: 'allow' })
    expect(reasoningOf(chunks)).toContain('The user wrote 5 characters')
    const said = chunks.findIndex((c) => c.messageMetadata?.plaintextReasoning === true)
    expect(said).toBeGreaterThan(-1)
    expect(said).toBeLessThan(chunks.findIndex((c) => c.type === 'reasoning-delta'))
    expect(lastMetadata(chunks)).toMatchObject({ privacy: 'e2ee', plaintextReasoning: true, signature: 'verified', authenticity: 'verified' })
  })

  it('encrypted reasoning claims nothing of the kind, allowed or not', async () => {
    const chunks = await reply({ model: 'e2ee-glm-5', plaintextReasoning: 'allow' })
    expect(reasoningOf(chunks)).toContain('The user wrote 5 characters')
    expect(chunks.some((c) => c.messageMetadata?.plaintextReasoning !== undefined)).toBe(false)
  })
})

describe('restoredMessages: what an app saved itself claims no trust of its own', () => {
  const attestation = { model: 'e2ee-glm-5', nonce: 'ab'.repeat(32), signingAddress: `0x${'1'.repeat(40)}`, verdict: 'passed', policy: 'standard', verifiedAt: '2026-01-01T00:00:00.000Z' } as const
  const saved = (metadata: Partial<EncryptedChatMetadata>): EncryptedUIMessage => ({
    id: 'a',
    role: 'assistant',
    parts: [{ type: 'text', text: 'words' }],
    metadata: { model: 'e2ee-glm-5', privacy: 'e2ee', signature: 'unavailable', authenticity: 'unavailable', ...metadata },
  })

  it('no "Enclave verified": an attestation claim stays only where it asks for less trust', () => {
    const [passed, simulated, failed] = restoredMessages([
      saved({ attestation }),
      saved({ attestation: { ...attestation, simulated: true } }),
      saved({ attestation: { ...attestation, verdict: 'failed' } }),
    ])
    expect(passed!.metadata!.attestation).toBeUndefined()
    expect(simulated!.metadata!.attestation).toMatchObject({ simulated: true })
    expect(failed!.metadata!.attestation).toMatchObject({ verdict: 'failed' })
    expect(passed!.parts).toEqual([{ type: 'text', text: 'words' }])
  })

  it('"established" is never taken from the record: it would be vouched for the next time sealkit stores it', () => {
    const [reply] = restoredMessages([saved({ restored: { receivedAt: '2026-01-01T00:00:00.000Z', established: true } })])
    expect(reply!.metadata!.restored).toEqual({ receivedAt: '2026-01-01T00:00:00.000Z' })
  })
})
