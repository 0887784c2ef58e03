import { sha256 } from '@noble/hashes/sha2.js'
import { describe, expect, it } from 'vitest'
import type { SignatureResponse } from '../../src/core/api/types.ts'
import { bytesToHex, recoverPersonalSignAddress, utf8Encode } from '../../src/core/crypto/index.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { BASE, E2EE_MODEL, TEE_MODEL, attest, chunksOf, e2eeChat, errorOf, parseSse } from './helpers.ts'

const hex = (bytes: Uint8Array): string => bytesToHex(sha256(bytes))

async function readAllBytes(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer())
}

describe('GET /tee/signature', () => {
  it('signs "<model>:<sha256 request body>:<sha256 response bytes>" with the attested key (E2EE)', async () => {
    const sim = createSimulator()
    const att = await attest(sim)
    const { response, body } = await e2eeChat(sim, att.signing_key, 'sign me')
    const responseBytes = await readAllBytes(response)
    const requestId = chunksOf(parseSse(new TextDecoder().decode(responseBytes)))[0]!.id!
    const res = await sim.fetch(`${BASE}/tee/signature?model=${E2EE_MODEL}&request_id=${requestId}`)
    expect(res.status).toBe(200)
    const sig = (await res.json()) as SignatureResponse
    expect(sig.text).toBe(`${E2EE_MODEL}:${hex(utf8Encode(body))}:${hex(responseBytes)}`)
    expect(sig.signature).toMatch(/^0x[0-9a-f]{128}(1b|1c)$/)
    expect(sig.signing_algo).toBe('ecdsa')
    expect(sig.signing_address).toBe(att.signing_address)
    expect(recoverPersonalSignAddress(sig.text, sig.signature as string)).toBe(att.signing_address)
  })

  it('covers non-streaming TEE answers too', async () => {
    const sim = createSimulator()
    const att = await attest(sim, TEE_MODEL)
    const body = JSON.stringify({ model: TEE_MODEL, messages: [{ role: 'user', content: 'hello' }] })
    const res = await sim.fetch(`${BASE}/chat/completions`, { method: 'POST', body })
    const bytes = await readAllBytes(res)
    const { id } = JSON.parse(new TextDecoder().decode(bytes)) as { id: string }
    const sig = (await (await sim.fetch(`${BASE}/tee/signature?model=${TEE_MODEL}&request_id=${id}`)).json()) as SignatureResponse
    expect(sig.text).toBe(`${TEE_MODEL}:${hex(utf8Encode(body))}:${hex(bytes)}`)
    expect(recoverPersonalSignAddress(sig.text, sig.signature as string)).toBe(att.signing_address)
  })

  it('is available as soon as the client has read [DONE]', async () => {
    const sim = createSimulator({ chunkDelayMs: 5 })
    const att = await attest(sim)
    const { response } = await e2eeChat(sim, att.signing_key, 'x')
    const reader = response.body!.getReader()
    let text = ''
    let id: string | undefined
    for (;;) {
      const { value } = await reader.read()
      text += new TextDecoder().decode(value)
      id ??= /"id":"(chatcmpl-[0-9a-f]+)"/.exec(text)?.[1]
      if (text.endsWith('data: [DONE]\n\n')) break
    }
    expect((await sim.fetch(`${BASE}/tee/signature?model=${E2EE_MODEL}&request_id=${id}`)).status).toBe(200)
  })

  it('answers 404 for an unknown request id, another model\'s request and an unknown model; 400 without request_id', async () => {
    const sim = createSimulator()
    const att = await attest(sim)
    const { response } = await e2eeChat(sim, att.signing_key, 'x')
    const id = chunksOf(parseSse(await response.text()))[0]!.id!
    expect((await errorOf(await sim.fetch(`${BASE}/tee/signature?model=${E2EE_MODEL}&request_id=chatcmpl-unknown`))).status).toBe(404)
    expect((await sim.fetch(`${BASE}/tee/signature?model=${TEE_MODEL}&request_id=${id}`)).status).toBe(404)
    expect(await errorOf(await sim.fetch(`${BASE}/tee/signature?model=nope&request_id=${id}`))).toEqual({ status: 404, message: 'model not found' })
    expect((await sim.fetch(`${BASE}/tee/signature?model=${E2EE_MODEL}`)).status).toBe(400)
  })
})
