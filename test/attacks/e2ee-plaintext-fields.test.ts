/**
 * What an E2EE request may carry in plaintext: nothing of the conversation. An app (or the `openai` client, or the
 * AI SDK's `body`) can put text where sealkit does not encrypt: a role it does not list, a field of a message beside
 * its content (`tool_calls`), a body field (`prediction`, `user`, `tools`), another endpoint (`/responses`). Each
 * must be encrypted or refused before anything leaves; the simulator would have accepted all of them.
 */
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import type { ChatMessage } from '../../src/core/api/types.ts'
import { isEncryptedHex } from '../../src/core/crypto/index.ts'
import { createChatSession } from '../../src/core/session/chat-session.ts'
import { createEncryptedChatTransport } from '../../src/integrations/ai-sdk.ts'
import { createEncryptedFetch } from '../../src/integrations/openai.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { startSimulatorServer, type SimulatorServer } from '../../src/simulator/node.ts'
import { collect, readChunks } from '../helpers/collect-stream.ts'
import { codeOf } from '../helpers/error-code.ts'
import { editedStreamClient } from '../helpers/edited-stream.ts'

const E2EE = 'e2ee-qwen3-5-122b-a10b'
const TEE = 'tee-qwen3-5-122b-a10b'
const SECRET = 'SECRET-7f3a'

/** A session over the simulator that records the body of every chat request that left. */
function session() {
  const sim = createSimulator({ seed: 'plaintext-fields' })
  const sent: string[] = []
  const client = createClient({
    baseURL: 'http://sim.test/api/v1',
    fetch: (url, init) => {
      if (String(url).endsWith('/chat/completions')) sent.push(String(init.body))
      return sim.fetch(url, init)
    },
  })
  return { chat: createChatSession(client, { model: E2EE, mode: 'e2ee', policy: 'basic', trustedRoots: sim.trustedRoots() }), sent }
}

describe('the session: every role encrypted, everything else refused', () => {
  it("a developer (the openai client's system) or tool message's content is encrypted, like every role's", async () => {
    const { chat, sent } = session()
    const { error } = await collect(chat.stream([{ role: 'developer', content: `${SECRET} instructions` }, { role: 'user', content: 'hello' }]))
    expect(error).toBeUndefined()
    const body = JSON.parse(sent[0]!) as { messages: ChatMessage[] }
    expect(sent[0]).not.toContain(SECRET)
    expect(body.messages.every((m) => isEncryptedHex(m.content))).toBe(true)
  })

  it.each([
    ['tool_calls on an assistant message', [{ role: 'user', content: 'hi' }, { role: 'assistant', content: '', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: `{"q":"${SECRET}"}` } }] }], 'tool_calls'],
    ['tool_call_id on a tool message', [{ role: 'user', content: 'hi' }, { role: 'tool', tool_call_id: 'c', content: SECRET }], 'tool_call_id'],
    ['a name on a user message', [{ role: 'user', content: 'hi', name: SECRET }], 'name'],
  ] as const)('%s: E2EE_UNENCRYPTABLE_FIELD, nothing sent', async (_, messages, field) => {
    const { chat, sent } = session()
    const { error } = await collect(chat.stream(messages as unknown as ChatMessage[]))
    expect(codeOf(error)).toBe('E2EE_UNENCRYPTABLE_FIELD')
    expect((error as { details?: { field?: string } }).details?.field).toBe(field)
    expect(sent).toEqual([])
  })

  it.each([
    ['prediction', { prediction: { type: 'content', content: SECRET } }],
    ['user', { user: SECRET }],
    ['tools', { tools: [{ type: 'function', function: { name: SECRET } }] }],
    ['response_format', { response_format: { type: 'json_schema', json_schema: { name: SECRET } } }],
    ['metadata', { metadata: { note: SECRET } }],
    // The open server answers log probabilities beside the ciphertext, in plaintext: every token of the reply.
    ['logprobs', { logprobs: true }],
    ['top_logprobs', { top_logprobs: 20 }],
    // An allowed parameter of the wrong type is text all the same.
    ['temperature', { temperature: SECRET }],
    ['venice_parameters', { venice_parameters: { note: SECRET } }],
    ['stream_options', { stream_options: { include_usage: true, note: SECRET } }],
    ['logit_bias', { logit_bias: { [SECRET]: 1 } }],
    ['reasoning_effort', { reasoning_effort: SECRET }],
  ])('a body field %s: E2EE_UNENCRYPTABLE_FIELD, nothing sent', async (field, body) => {
    const { chat, sent } = session()
    const { error } = await collect(chat.stream([{ role: 'user', content: 'hi' }], { body }))
    expect(codeOf(error)).toBe('E2EE_UNENCRYPTABLE_FIELD')
    expect((error as { details?: { field?: string } }).details?.field).toBe(field)
    expect(sent).toEqual([])
  })

  it.each([
    ['a role of text', [{ role: `user ${SECRET}`, content: 'hi' }], undefined],
    ['a role that is an object', [{ role: { note: SECRET }, content: 'hi' }], undefined],
    ['a toJSON that writes text into stream_options', [{ role: 'user', content: 'hi' }], { stream_options: Object.defineProperty({ include_usage: true }, 'toJSON', { value: () => ({ include_usage: true, note: SECRET }) }) }],
    ['a getter that answers a number when checked and text when sent', [{ role: 'user', content: 'hi' }], (() => {
      let reads = 0
      return Object.defineProperty({}, 'temperature', { enumerable: true, get: () => (reads++ === 0 ? 0.5 : SECRET) })
    })()],
    ['an empty message whose toJSON is text', [{ role: 'user', content: 'hi' }, Object.defineProperty({ role: 'user', content: '' }, 'toJSON', { value: () => ({ role: 'user', content: SECRET }) })], undefined],
  ] as const)('%s: what is checked is what is sent, and nothing of it in plaintext', async (_, messages, body) => {
    const { chat, sent } = session()
    const { error } = await collect(chat.stream(messages as unknown as ChatMessage[], body ? { body: body as Record<string, unknown> } : {}))
    // Refused before anything leaves, or sent as checked: never the secret on the wire.
    if (error) expect(['E2EE_UNENCRYPTABLE_FIELD', 'E2EE_UNSUPPORTED_CONTENT']).toContain(codeOf(error))
    expect(sent.join('\n')).not.toContain(SECRET)
  })

  it.each(['logprobs', 'refusal', 'tool_calls'])('a chunk that carries %s beside its ciphertext ends the reply (E2EE_PLAINTEXT_CHUNK)', async (field) => {
    const sim = createSimulator({ seed: 'plaintext-fields' })
    const upstream = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    // The open server's answer to logprobs: the token in plaintext beside the encrypted delta (in the first chunk).
    const proxy = editedStreamClient(upstream, (events) => {
      const first = events.findIndex((e) => e.startsWith('data: {'))
      const chunk = JSON.parse(events[first]!.slice(6)) as { choices: Array<Record<string, unknown>> }
      chunk.choices[0]![field] = field === 'refusal' ? SECRET : [{ token: SECRET }]
      return events.with(first, `data: ${JSON.stringify(chunk)}`)
    })
    const chat = createChatSession(proxy, { model: E2EE, mode: 'e2ee', policy: 'basic', trustedRoots: sim.trustedRoots() })
    const { error, text } = await collect(chat.stream([{ role: 'user', content: 'hi' }]))
    expect(codeOf(error)).toBe('E2EE_PLAINTEXT_CHUNK')
    expect(text).not.toContain(SECRET)
  })

  it('sampling parameters go as they are', async () => {
    const { chat, sent } = session()
    const { error } = await collect(chat.stream([{ role: 'user', content: 'hi' }], { body: { temperature: 0.2, max_tokens: 50, top_p: 0.9, stop: ['\n\n'] } }))
    expect(error).toBeUndefined()
    expect(JSON.parse(sent[0]!)).toMatchObject({ temperature: 0.2, max_tokens: 50, top_p: 0.9, stop: ['\n\n'] })
  })
})

describe('sealkit/openai and sealkit/ai-sdk over the simulator on loopback', () => {
  let server: SimulatorServer
  const wire: string[] = []
  beforeAll(async () => {
    server = await startSimulatorServer({ port: 0, seed: 'plaintext-fields' })
  })
  afterAll(async () => {
    await server?.close()
  })
  const recording: typeof fetch = (input, init) => {
    wire.push(`${String(input)} ${typeof init?.body === 'string' ? init.body : ''}`)
    return fetch(input, init)
  }
  const openai = () => {
    const encryptedFetch = createEncryptedFetch({ fetch: recording, trustedRoots: server.simulator.trustedRoots() })
    return { openai: new OpenAI({ baseURL: server.baseURL, apiKey: 'k', fetch: encryptedFetch, maxRetries: 0 }), encryptedFetch }
  }
  const codeOfRejection = async (p: Promise<unknown>) => {
    try {
      const stream = await p
      for await (const _ of stream as AsyncIterable<unknown>) void _
      return 'no error'
    } catch (error) {
      return (error as { code?: string }).code ?? String(error)
    }
  }

  it('openai: tool calls and a prediction are refused before anything leaves; a developer message goes encrypted', async () => {
    const { openai: client, encryptedFetch } = openai()
    wire.length = 0
    const withTools = client.chat.completions.create({
      model: E2EE,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: SECRET } }] }],
    })
    expect(await codeOfRejection(withTools)).toBe('E2EE_UNENCRYPTABLE_FIELD')
    const withPrediction = client.chat.completions.create({ model: E2EE, stream: true, messages: [{ role: 'user', content: 'hi' }], prediction: { type: 'content', content: SECRET } })
    expect(await codeOfRejection(withPrediction)).toBe('E2EE_UNENCRYPTABLE_FIELD')
    expect(wire.filter((w) => w.includes('/chat/completions'))).toEqual([])
    const developer = client.chat.completions.create({ model: E2EE, stream: true, messages: [{ role: 'developer', content: SECRET }, { role: 'user', content: 'hi' }] })
    expect(await codeOfRejection(developer)).toBe('no error')
    expect(wire.join('\n')).not.toContain(SECRET)
    encryptedFetch.destroy()
  })

  it('openai: the Responses API and legacy completions for an e2ee- or tee- model are refused, and never leave', async () => {
    const { openai: client, encryptedFetch } = openai()
    wire.length = 0
    expect(await codeOfRejection(client.responses.create({ model: E2EE, input: SECRET }))).toBe('E2EE_UNENCRYPTABLE_FIELD')
    expect(await codeOfRejection(client.completions.create({ model: E2EE, prompt: SECRET }))).toBe('E2EE_UNENCRYPTABLE_FIELD')
    expect(await codeOfRejection(client.responses.create({ model: TEE, input: SECRET }))).toBe('ATTESTATION_REQUIRED')
    // Another method with a body, even to chat completions, is not the chat sealkit encrypts.
    for (const method of ['PUT', 'patch', 'DELETE']) {
      const res = await encryptedFetch(`${server.baseURL}/chat/completions`, { method, body: JSON.stringify({ model: E2EE, messages: [{ role: 'user', content: SECRET }] }) })
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('E2EE_UNENCRYPTABLE_FIELD')
    }
    expect(wire).toEqual([])
    encryptedFetch.destroy()
  })

  it("ai-sdk: the body an app adds to a send (useChat's sendMessage(_, { body })) is held to the same rule", async () => {
    const transport = createEncryptedChatTransport({ model: E2EE, baseURL: server.baseURL, fetch: recording, trustedRoots: server.simulator.trustedRoots() })
    wire.length = 0
    const send = (body: Record<string, unknown>) =>
      transport.sendMessages({ trigger: 'submit-message', chatId: 'c', messageId: undefined, abortSignal: undefined, messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'hello' }] }], body })
    const chunks = (stream: ReadableStream<{ type: string; errorText?: string }>) => readChunks(stream)
    const refused = await chunks((await send({ user: 'someone@example.com', prediction: { type: 'content', content: SECRET } })) as never)
    expect(refused.find((c) => c.type === 'error')?.errorText).toMatch(/cannot encrypt/)
    expect(wire.filter((w) => w.includes('/chat/completions'))).toEqual([])
    const allowed = await chunks((await send({ temperature: 0.3 })) as never)
    expect(allowed.some((c) => c.type === 'error')).toBe(false)
    expect(wire.join('\n')).not.toContain(SECRET)
    transport.close()
  })
})
