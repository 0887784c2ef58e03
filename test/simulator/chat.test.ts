import { describe, expect, it } from 'vitest'
import { encrypt, generateClientKeyPair, isEncryptedHex } from '../../src/core/crypto/index.ts'
import { createSimulator, KEY_ROTATED_MESSAGE } from '../../src/simulator/index.ts'
import { BASE, E2EE_MODEL, PLAIN_MODEL, TEE_MODEL, attest, chunksOf, contentsOf, decryptAll, e2eeChat, errorOf, parseSse } from './helpers.ts'

const PROMPT = 'What is 2+2? Answer briefly. Ünïcödé 👋 "quoted"'

describe('POST /chat/completions (E2EE)', () => {
  it('round-trips: decrypts the request, streams every chunk encrypted with a fresh ephemeral key', async () => {
    const sim = createSimulator({ chunks: 6 })
    const att = await attest(sim)
    const { response, keys } = await e2eeChat(sim, att.signing_key, PROMPT)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toMatch(/^text\/event-stream/)
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const raw = await response.text()
    expect(raw).toMatch(/^data: \{/)
    expect(raw.endsWith('data: [DONE]\n\n')).toBe(true)
    const events = parseSse(raw)
    const chunks = chunksOf(events)
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1)
    expect(chunks[0]!.id).toMatch(/^chatcmpl-[0-9a-f]+$/)
    expect(chunks[0]).toMatchObject({ object: 'chat.completion.chunk', model: E2EE_MODEL })
    // The role chunk's empty content stays empty (empty strings are not encrypted).
    expect(chunks[0]!.choices![0]!.delta).toEqual({ role: 'assistant', content: '' })
    expect(chunks.at(-1)!.choices![0]!.finish_reason).toBe('stop')
    const contents = contentsOf(events)
    expect(contents).toHaveLength(6)
    for (const c of contents) expect(isEncryptedHex(c)).toBe(true)
    // A fresh server ephemeral key per chunk: the first 65 bytes all differ.
    expect(new Set(contents.map((c) => c.slice(0, 130))).size).toBe(contents.length)
    const text = decryptAll(contents, keys)
    expect(text).toContain(`You said: "${PROMPT}".`)
  })

  it('streams a scripted reply (the `reply` option) exactly, in `chunks` encrypted pieces', async () => {
    const reply = '# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n日本語 👋 '.repeat(40)
    const sim = createSimulator({ chunks: 24, reply })
    const att = await attest(sim)
    const { response, keys } = await e2eeChat(sim, att.signing_key, PROMPT)
    const contents = contentsOf(parseSse(await response.text()))
    expect(contents).toHaveLength(24)
    expect(decryptAll(contents, keys)).toBe(reply)
  })

  it('encrypts reasoning_content too for a reasoning model', async () => {
    const sim = createSimulator()
    const att = await attest(sim, 'e2ee-glm-5')
    const { response, keys } = await e2eeChat(sim, att.signing_key, 'hi', { model: 'e2ee-glm-5' })
    const reasoning = chunksOf(parseSse(await response.text()))
      .map((c) => c.choices?.[0]?.delta?.reasoning_content)
      .filter((r): r is string => typeof r === 'string')
    expect(reasoning.length).toBeGreaterThan(0)
    expect(decryptAll(reasoning, keys)).toMatch(/The user wrote 2 characters/)
  })

  it('decrypts system messages and passes plaintext assistant history through', async () => {
    const sim = createSimulator()
    const att = await attest(sim)
    const { response, keys } = await e2eeChat(sim, att.signing_key, 'unused', {
      extra: {
        messages: [
          { role: 'system', content: encrypt('Be brief.', att.signing_key) },
          { role: 'user', content: encrypt('first', att.signing_key) },
          { role: 'assistant', content: 'an earlier plaintext answer' },
          { role: 'user', content: encrypt('second', att.signing_key) },
        ],
      },
    })
    expect(response.status).toBe(200)
    expect(decryptAll(contentsOf(parseSse(await response.text())), keys)).toContain('You said: "second".')
  })

  it('honours chunk count and pacing options', async () => {
    const sim = createSimulator({ chunks: 3, chunkDelayMs: 40 })
    const att = await attest(sim)
    const started = performance.now()
    const { response } = await e2eeChat(sim, att.signing_key, 'x')
    const contents = contentsOf(parseSse(await response.text()))
    expect(contents).toHaveLength(3)
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 40 - 5)
  })

  it('emits a usage chunk when stream_options.include_usage is set', async () => {
    const sim = createSimulator()
    const att = await attest(sim)
    const { response } = await e2eeChat(sim, att.signing_key, 'x', { extra: { stream_options: { include_usage: true } } })
    const chunks = chunksOf(parseSse(await response.text()))
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } })
  })

  describe('errors, with the seed messages', () => {
    it('400 "Encrypted field is not valid hex" for a plaintext user message', async () => {
      const sim = createSimulator()
      const att = await attest(sim)
      const { response } = await e2eeChat(sim, att.signing_key, 'x', { extra: { messages: [{ role: 'user', content: 'plain text' }] } })
      expect(await errorOf(response)).toEqual({ status: 400, message: 'Encrypted field is not valid hex' })
    })

    it('400 "Encrypted field is not valid hex" for a plaintext system message', async () => {
      const sim = createSimulator()
      const att = await attest(sim)
      const { response } = await e2eeChat(sim, att.signing_key, 'x', {
        extra: { messages: [{ role: 'system', content: 'be nice' }, { role: 'user', content: encrypt('x', att.signing_key) }] },
      })
      expect(await errorOf(response)).toEqual({ status: 400, message: 'Encrypted field is not valid hex' })
    })

    it('400 "Failed to decrypt field" for ciphertext made for another key', async () => {
      const sim = createSimulator()
      const att = await attest(sim)
      const other = generateClientKeyPair()
      const { response } = await e2eeChat(sim, att.signing_key, 'x', {
        extra: { messages: [{ role: 'user', content: encrypt('x', other.publicKeyHex) }] },
      })
      expect(await errorOf(response)).toEqual({ status: 400, message: 'Failed to decrypt field' })
    })

    it.each([
      ['too short', '04abcd'],
      ['no 04 prefix', '05' + 'ab'.repeat(64)],
      ['not on the curve', '04' + '00'.repeat(64)],
    ])('400 "Invalid public key" for a client key %s', async (_, key) => {
      const sim = createSimulator()
      const att = await attest(sim)
      const { response } = await e2eeChat(sim, att.signing_key, 'x', { headers: { 'X-Venice-TEE-Client-Pub-Key': key } })
      expect(await errorOf(response)).toEqual({ status: 400, message: 'Invalid public key' })
    })

    it('400 "Invalid public key" when E2EE is enabled in the body without the client key header', async () => {
      const sim = createSimulator()
      const att = await attest(sim)
      const res = await sim.fetch(`${BASE}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: E2EE_MODEL, stream: true, messages: [{ role: 'user', content: encrypt('x', att.signing_key) }], venice_parameters: { enable_e2ee: true } }),
      })
      expect(await errorOf(res)).toEqual({ status: 400, message: 'Invalid public key' })
    })

    it('400 "E2EE requires streaming" without stream: true', async () => {
      const sim = createSimulator()
      const att = await attest(sim)
      const { response } = await e2eeChat(sim, att.signing_key, 'x', { extra: { stream: false } })
      expect(await errorOf(response)).toEqual({ status: 400, message: 'E2EE requires streaming' })
    })

    it('421 when the model key header is not the current key', async () => {
      const sim = createSimulator()
      const att = await attest(sim)
      sim.rotateKey()
      const { response } = await e2eeChat(sim, att.signing_key, 'x')
      expect(await errorOf(response)).toEqual({ status: 421, message: KEY_ROTATED_MESSAGE })
      expect(KEY_ROTATED_MESSAGE).toBe('The encryption key is no longer valid. Please refresh your attestation report and retry.')
      const fresh = await attest(sim)
      expect(fresh.signing_key).not.toBe(att.signing_key)
      expect((await e2eeChat(sim, fresh.signing_key, 'x')).response.status).toBe(200)
    })

    it('400 for a non-ecdsa signing algorithm and for E2EE on a TEE-only model', async () => {
      const sim = createSimulator()
      const att = await attest(sim)
      expect((await e2eeChat(sim, att.signing_key, 'x', { headers: { 'X-Venice-TEE-Signing-Algo': 'ed25519' } })).response.status).toBe(400)
      const tee = await attest(sim, TEE_MODEL)
      const { response } = await e2eeChat(sim, tee.signing_key, 'x', { model: TEE_MODEL })
      expect(response.status).toBe(400)
    })

    it('404 "model not found" and 400 for a malformed body', async () => {
      const sim = createSimulator()
      const res = await sim.fetch(`${BASE}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }) })
      expect(await errorOf(res)).toEqual({ status: 404, message: 'model not found' })
      expect((await sim.fetch(`${BASE}/chat/completions`, { method: 'POST', body: 'not json' })).status).toBe(400)
      expect((await sim.fetch(`${BASE}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: TEE_MODEL, messages: [] }) })).status).toBe(400)
    })
  })
})

describe('POST /chat/completions (TEE and plain)', () => {
  const plainChat = (sim: ReturnType<typeof createSimulator>, model: string, stream: boolean) =>
    sim.fetch(`${BASE}/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }] }),
    })

  it('streams plaintext chunks for a TEE model', async () => {
    const events = parseSse(await (await plainChat(createSimulator(), TEE_MODEL, true)).text())
    expect(events.at(-1)).toBe('[DONE]')
    expect(contentsOf(events).join('')).toContain(`You said: "${PROMPT}".`)
  })

  it('answers a non-streaming request with a chat.completion', async () => {
    const res = await plainChat(createSimulator(), PLAIN_MODEL, false)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { id: string; object: string; choices: Array<{ message: { content: string } }> }
    expect(body.object).toBe('chat.completion')
    expect(body.id).toMatch(/^chatcmpl-/)
    expect(body.choices[0]!.message.content).toContain(`You said: "${PROMPT}".`)
  })

  it('stops the stream with an AbortError when the request is aborted', async () => {
    const sim = createSimulator({ chunkDelayMs: 50 })
    const controller = new AbortController()
    const res = await sim.fetch(`${BASE}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: TEE_MODEL, stream: true, messages: [{ role: 'user', content: 'x' }] }),
      signal: controller.signal,
    })
    const reader = res.body!.getReader()
    await reader.read()
    controller.abort()
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' })
  })
})
