/**
 * The real `openai` npm client over `createEncryptedFetch`, against the simulator
 * served on loopback: what the seed's TEE examples become by changing one line.
 */
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decrypt, isEncryptedHex } from '../../src/core/crypto/index.ts'
import type { KeyHolder } from '../../src/core/crypto/key-holder.ts'
import { createLocalKeyHolder } from '../../src/core/crypto/local-key-holder.ts'
import { simulatedReply } from '../../src/simulator/reply.ts'
import { startSimulatorServer, type SimulatorServer } from '../../src/simulator/node.ts'
import { createEncryptedFetch, type EncryptedFetchFacts } from '../../src/integrations/openai.ts'

const E2EE_MODEL = 'e2ee-qwen3-5-122b-a10b'
const TEE_MODEL = 'tee-qwen3-5-122b-a10b'

let server: SimulatorServer
/** Every request that reached the simulator, as sent on the wire. */
const wire: Array<{ url: string; headers: Headers; body: string }> = []

beforeAll(async () => {
  server = await startSimulatorServer({ port: 0, seed: 'openai-fetch' }) // a free port: parallel runs never collide
})
afterAll(async () => {
  await server?.close()
})

function client(options: Parameters<typeof createEncryptedFetch>[0] = {}) {
  const recording: typeof fetch = async (input, init) => {
    wire.push({ url: String(input), headers: new Headers(init?.headers), body: typeof init?.body === 'string' ? init.body : '' })
    return fetch(input, init)
  }
  const encryptedFetch = createEncryptedFetch({ fetch: recording, trustedRoots: server.simulator.trustedRoots(), ...options })
  return { openai: new OpenAI({ baseURL: server.baseURL, apiKey: 'test-key', fetch: encryptedFetch, maxRetries: 0 }), encryptedFetch }
}

/** The streamed text and reasoning, and the sealkit facts the last chunk carries. */
async function readAll(stream: AsyncIterable<{ choices: Array<{ delta?: { content?: string | null } }> }>) {
  let text = ''
  let reasoning = ''
  let last: unknown
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? ''
    reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? ''
    last = chunk
  }
  return { text, reasoning, facts: (last as { sealkit: EncryptedFetchFacts }).sealkit }
}

describe('createEncryptedFetch with the openai client', () => {
  it('streams a decrypted E2EE reply; only ciphertext crossed the wire; the last chunk carries the privacy facts', async () => {
    const { openai, encryptedFetch } = client()
    wire.length = 0
    const stream = await openai.chat.completions.create({
      model: E2EE_MODEL,
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello' }, { type: 'text', text: 'enclave' }] },
      ],
    })
    const { text, facts } = await readAll(stream)
    expect(text).toBe(simulatedReply('Hello\n\nenclave', 'e2ee'))
    expect(facts).toMatchObject({ model: E2EE_MODEL, privacy: 'e2ee', signature: 'verified', attestation: { verdict: 'passed', simulated: true } })
    // Where the key and the verification ran, as the hooks say on session.keyHolder and report.verifiedIn: in Node, here.
    expect(facts.keyHolder).toMatchObject({ kind: 'main-thread', reason: expect.any(String) })
    expect(facts.verifiedIn).toEqual({ kind: 'main-thread', reason: expect.any(String) })

    const chat = wire.find((r) => r.url.endsWith('/chat/completions'))!
    expect(chat.headers.get('authorization')).toBe('Bearer test-key')
    expect(chat.headers.get('x-venice-tee-client-pub-key')).toMatch(/^04[0-9a-f]{128}$/)
    const sent = JSON.parse(chat.body) as { messages: Array<{ content: unknown }> }
    // Array content was joined into one string and encrypted: nothing went in plaintext.
    for (const m of sent.messages) expect(typeof m.content === 'string' && isEncryptedHex(m.content)).toBe(true)
    expect(chat.body).not.toContain('Hello')
    encryptedFetch.destroy()
  })

  it("the openai client's stream helper (chat.completions.stream) assembles the reply: the first delta names its role", async () => {
    const { openai, encryptedFetch } = client()
    for (const model of [E2EE_MODEL, TEE_MODEL]) {
      const runner = openai.chat.completions.stream({ model, messages: [{ role: 'user', content: 'Hi' }] })
      const done = await runner.finalChatCompletion()
      expect(done.choices[0]!.message).toMatchObject({ role: 'assistant', content: simulatedReply('Hi', model === E2EE_MODEL ? 'e2ee' : 'tee') })
    }
    encryptedFetch.destroy()
  })

  it("a signature check that falls back to this thread says so on that very reply's keyHolder", async () => {
    // A holder that says it is a worker whose signature check fails (its worker died): the session checks here instead.
    const holder = (): KeyHolder => {
      const inner = createLocalKeyHolder()
      return Object.assign(Object.create(inner) as KeyHolder, {
        kind: 'worker' as const,
        reason: 'a worker',
        publicKeyHex: inner.publicKeyHex,
        decrypt: (field: string) => inner.decrypt(field),
        destroy: () => inner.destroy(),
        verifyResponseSignature: () => Promise.reject(new Error('the worker is gone')),
      })
    }
    const { openai, encryptedFetch } = client({ keyHolder: holder })
    const { facts } = await readAll(await openai.chat.completions.create({ model: E2EE_MODEL, stream: true, messages: [{ role: 'user', content: 'Hi' }] }))
    expect(facts.signature).toBe('verified')
    expect(facts.keyHolder?.signatureCheck).toMatchObject({ where: 'main-thread' })
    encryptedFetch.destroy()
  })

  it('a tampered chunk makes the iteration throw DECRYPT_FAILED', async () => {
    const { openai } = client()
    const stream = await openai.chat.completions.create(
      { model: E2EE_MODEL, stream: true, messages: [{ role: 'user', content: 'Hi' }] },
      { headers: { 'X-Sealkit-Fault': 'tampered-chunk' } },
    )
    let text = ''
    const iterate = async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? ''
    }
    await expect(iterate()).rejects.toMatchObject({ code: 'DECRYPT_FAILED' })
    // What arrived before the bad chunk was authentic ciphertext; nothing after it was delivered.
    expect(simulatedReply('Hi', 'e2ee').startsWith(text)).toBe(true)
    expect(text.length).toBeLessThan(simulatedReply('Hi', 'e2ee').length)
  })

  it('a plaintext chunk where ciphertext is due throws E2EE_PLAINTEXT_CHUNK', async () => {
    const { openai } = client()
    const stream = await openai.chat.completions.create(
      { model: E2EE_MODEL, stream: true, messages: [{ role: 'user', content: 'Hi' }] },
      { headers: { 'X-Sealkit-Fault': 'plaintext-chunk' } },
    )
    await expect((async () => { for await (const _ of stream) void _ })()).rejects.toMatchObject({ code: 'E2EE_PLAINTEXT_CHUNK' })
  })

  it("reasoning the server sends in plaintext throws by default; with plaintextReasoning: 'allow' the facts say so", async () => {
    const fault = { headers: { 'X-Sealkit-Fault': 'plaintext-reasoning' } }
    const ask = { model: 'e2ee-glm-5', stream: true as const, messages: [{ role: 'user' as const, content: 'think' }] }
    const refused = await client().openai.chat.completions.create(ask, fault)
    await expect((async () => { for await (const _ of refused) void _ })()).rejects.toMatchObject({ code: 'E2EE_PLAINTEXT_CHUNK' })

    const read = async (options: Parameters<typeof createEncryptedFetch>[0], init?: typeof fault) => readAll(await client(options).openai.chat.completions.create(ask, init))
    const allowed = await read({ plaintextReasoning: 'allow' }, fault)
    expect(allowed.reasoning).toContain('The user wrote 5 characters')
    expect(allowed.facts).toMatchObject({ privacy: 'e2ee', plaintextReasoning: true, signature: 'verified' })
    // Encrypted reasoning, allowed or not, claims nothing of the kind.
    const encrypted = await read({ plaintextReasoning: 'allow' })
    expect(encrypted.reasoning).toContain('The user wrote 5 characters')
    expect(encrypted.facts.plaintextReasoning).toBeUndefined()
  })

  it('allowed plaintext reasoning is said on the chunk that first carries it, so a stream that then fails has said it', async () => {
    const { openai } = client({ plaintextReasoning: 'allow' })
    const stream = await openai.chat.completions.create(
      { model: 'e2ee-glm-5', stream: true, messages: [{ role: 'user', content: 'think' }] },
      { headers: { 'X-Sealkit-Fault': 'plaintext-reasoning, tampered-chunk' } },
    )
    const seen: Array<{ reasoning?: string; sealkit?: EncryptedFetchFacts }> = []
    await expect(
      (async () => {
        for await (const chunk of stream) {
          const reasoning = (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content
          seen.push({ ...(reasoning ? { reasoning } : {}), ...((chunk as { sealkit?: EncryptedFetchFacts }).sealkit ? { sealkit: (chunk as { sealkit?: EncryptedFetchFacts }).sealkit } : {}) })
        }
      })(),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' })
    const firstReasoning = seen.findIndex((c) => c.reasoning)
    expect(firstReasoning).toBeGreaterThanOrEqual(0)
    // Said once, on that very chunk, with what was known then: nothing is signed yet.
    expect(seen.flatMap((c, i) => (c.sealkit ? [i] : []))).toEqual([firstReasoning])
    expect(seen[firstReasoning]!.sealkit).toMatchObject({ privacy: 'e2ee', plaintextReasoning: true, signature: 'pending', authenticity: 'pending' })
  })

  it('a non-streaming request to an E2EE model gets "E2EE requires streaming" and sends nothing', async () => {
    const { openai } = client()
    wire.length = 0
    await expect(openai.chat.completions.create({ model: E2EE_MODEL, messages: [{ role: 'user', content: 'secret' }] })).rejects.toMatchObject({
      status: 400,
      code: 'E2EE_REQUIRES_STREAMING',
      message: expect.stringContaining('E2EE requires streaming'),
    })
    expect(wire).toEqual([])
  })

  it('the app cannot lower an e2ee- model below E2EE with the privacy option: still refused unstreamed, never sent', async () => {
    const { openai } = client({ privacy: 'none' })
    wire.length = 0
    await expect(openai.chat.completions.create({ model: E2EE_MODEL, messages: [{ role: 'user', content: 'secret' }] })).rejects.toMatchObject({ code: 'E2EE_REQUIRES_STREAMING' })
    expect(wire).toEqual([])
  })

  it('an attestation that fails is the client error with our code, and no chat is sent', async () => {
    const { openai } = client()
    wire.length = 0
    await expect(
      openai.chat.completions.create({ model: E2EE_MODEL, stream: true, messages: [{ role: 'user', content: 'secret' }] }, { headers: { 'X-Sealkit-Fault': 'wrong-nonce' } }),
    ).rejects.toMatchObject({ status: 400, code: 'ATTESTATION_NONCE_MISMATCH' })
    expect(wire.some((r) => r.url.endsWith('/chat/completions'))).toBe(false)
  })

  it('a forged response signature fails the stream with a SIGNATURE_ code', async () => {
    const { openai } = client()
    const stream = await openai.chat.completions.create({ model: E2EE_MODEL, stream: true, messages: [{ role: 'user', content: 'Hi' }] }, { headers: { 'X-Sealkit-Fault': 'bad-signature' } })
    await expect((async () => { for await (const _ of stream) void _ })()).rejects.toMatchObject({ code: expect.stringMatching(/^SIGNATURE_/) })
  })

  it("an E2EE reply the enclave did not sign ends normally, marked unavailable; signature: 'require' makes it throw", async () => {
    const unsigned: typeof fetch = (input, init) => (String(input).includes('/tee/signature') ? Promise.resolve(new Response('{}', { status: 404 })) : fetch(input, init))
    const ask = (openai: OpenAI) => openai.chat.completions.create({ model: E2EE_MODEL, stream: true, messages: [{ role: 'user', content: 'Hi' }] })
    const { facts } = await readAll(await ask(client({ fetch: unsigned }).openai))
    expect(facts).toMatchObject({ privacy: 'e2ee', signature: 'unavailable', authenticity: 'unavailable' })
    const strict = await ask(client({ fetch: unsigned, signature: 'require' }).openai)
    await expect(readAll(strict)).rejects.toMatchObject({ code: 'SIGNATURE_UNAVAILABLE' })
  })

  it('a TEE model streams plaintext with a verified signature; other requests pass through untouched', async () => {
    const { openai } = client()
    const stream = await openai.chat.completions.create({ model: TEE_MODEL, stream: true, messages: [{ role: 'user', content: 'Hi' }] })
    const { text, facts } = await readAll(stream)
    expect(text).toBe(simulatedReply('Hi', 'tee'))
    expect(facts).toMatchObject({ privacy: 'tee', signature: 'verified' })
    const models = await openai.models.list()
    expect(models.data.map((m) => m.id)).toContain(E2EE_MODEL)
  })

  it('the client keys never reach the wire or the chunks: the reply is not decryptable by anyone without the session key', async () => {
    const { openai } = client()
    wire.length = 0
    const stream = await openai.chat.completions.create({ model: E2EE_MODEL, stream: true, messages: [{ role: 'user', content: 'Hi' }] })
    for await (const _ of stream) void _
    const chat = wire.find((r) => r.url.endsWith('/chat/completions'))!
    const sent = JSON.parse(chat.body) as { messages: Array<{ content: string }> }
    // The request was encrypted to the enclave's key, not to ours: our own random key cannot open it.
    expect(() => decrypt(sent.messages[0]!.content, new Uint8Array(32).fill(1))).toThrow()
  })
})
