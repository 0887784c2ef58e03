import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encrypt, generateClientKeyPair, generateNonce, recoverPersonalSignAddress } from '../../src/core/crypto/index.ts'
import type { SignatureResponse } from '../../src/core/api/types.ts'
import { startSimulatorServer, type SimulatorServer } from '../../src/simulator/node.ts'
import { E2EE_MODEL, chunksOf, contentsOf, decryptAll, parseSse } from './helpers.ts'

describe('startSimulatorServer over real loopback HTTP', () => {
  let server: SimulatorServer
  beforeAll(async () => {
    // 100 ms between chunks: wide enough that a loaded machine still sees them arrive apart.
    server = await startSimulatorServer({ port: 0, chunkDelayMs: 100, chunks: 4 })
  })
  afterAll(async () => {
    await server.close()
  })

  it('listens on a free port and reports its URL', () => {
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    expect(server.baseURL).toBe(`${server.url}/api/v1`)
  })

  it('runs attestation, an E2EE streamed chat and the signature check end to end', async () => {
    const nonce = generateNonce()
    const att = (await (await fetch(`${server.baseURL}/tee/attestation?model=${E2EE_MODEL}&nonce=${nonce}`)).json()) as Record<string, string>
    expect(att.nonce).toBe(nonce)
    const keys = generateClientKeyPair()
    const body = JSON.stringify({ model: E2EE_MODEL, stream: true, messages: [{ role: 'user', content: encrypt('over the wire', att.signing_key!) }] })
    const res = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Venice-TEE-Client-Pub-Key': keys.publicKeyHex,
        'X-Venice-TEE-Model-Pub-Key': att.signing_key!,
        'X-Venice-TEE-Signing-Algo': 'ecdsa',
      },
      body,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    // Chunks arrive one by one, not all at the end.
    const reader = res.body!.getReader()
    let reads = 0
    let text = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      reads++
      text += new TextDecoder().decode(value)
    }
    // A buffered body arrives in one read; a streamed one in several (how many depends on the
    // load on this machine, which may coalesce neighbours, so only "more than one" is asserted).
    expect(reads).toBeGreaterThan(1)
    const events = parseSse(text)
    expect(decryptAll(contentsOf(events), keys)).toContain('You said: "over the wire".')
    const id = chunksOf(events)[0]!.id!
    const sig = (await (await fetch(`${server.baseURL}/tee/signature?model=${E2EE_MODEL}&request_id=${id}`)).json()) as SignatureResponse
    expect(recoverPersonalSignAddress(sig.text, sig.signature as string)).toBe(att.signing_address)
  })

  it('answers errors and CORS preflight with the right statuses', async () => {
    const bad = await fetch(`${server.baseURL}/tee/attestation?model=${E2EE_MODEL}&nonce=abcd`)
    expect(bad.status).toBe(502)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe('Nonce must be exactly 32 bytes')
    const pre = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-venice-tee-client-pub-key' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-headers')).toContain('X-Venice-TEE-Client-Pub-Key')
  })

  it('selects faults by path prefix, so a base-URL-only client can use them', async () => {
    const att = (await (await fetch(`${server.url}/fault/unverified/api/v1/tee/attestation?model=${E2EE_MODEL}&nonce=${generateNonce()}`)).json()) as Record<string, unknown>
    expect(att.verified).toBe(false)
  })

  it('stops generating when the client disconnects mid-stream', async () => {
    const slow = await startSimulatorServer({ port: 0, chunkDelayMs: 200, chunks: 20 })
    try {
      const done = new Promise<string>((resolve) => {
        const req = request(`${slow.baseURL}/chat/completions`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
          res.once('data', () => {
            req.destroy()
            resolve('disconnected after first chunk')
          })
        })
        req.end(JSON.stringify({ model: 'tee-qwen3-5-122b-a10b', stream: true, messages: [{ role: 'user', content: 'x' }] }))
      })
      expect(await done).toBe('disconnected after first chunk')
      // The server is still healthy afterwards.
      expect((await fetch(`${slow.baseURL}/models`)).status).toBe(200)
    } finally {
      await slow.close()
    }
  })

  it('rejects when the port is taken', async () => {
    await expect(startSimulatorServer({ port: server.port })).rejects.toThrow(/EADDRINUSE/)
  })
})
