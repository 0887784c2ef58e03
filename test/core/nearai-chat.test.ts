/**
 * NEAR AI Cloud end to end against the simulator speaking the `nearai` dialect: both key
 * algorithms (ecdsa, ed25519) attest, encrypt, decrypt and verify the response signature
 * through `createClient({ provider: 'nearai' })`, with NEAR's headers on the wire; the cloud's gateway
 * attestation is required, a model's own endpoint is `nearai-direct`.
 */
import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { createClient, type FetchLike } from '../../src/core/api/client.ts'
import { decryptEd25519, encryptEd25519, generateEd25519ClientKeyPair, isEd25519EncryptedHex } from '../../src/core/crypto/ed25519-e2ee.ts'
import { isEncryptedHex } from '../../src/core/crypto/e2ee.ts'
import { generateClientKeyPair } from '../../src/core/crypto/keys.ts'
import { attestationQueryKey, attestationQueryOptions } from '../../src/core/query/attestation.ts'
import { createChatSession, type ChatStreamEvent } from '../../src/core/session/chat-session.ts'
import { createSimulator, FAULT_HEADER, simulatedReply, type FaultName } from '../../src/simulator/index.ts'

const BASE = 'http://near.test/v1'
const MODEL = 'e2ee-qwen3-5-122b-a10b'

function setup(signingAlgo: 'ecdsa' | 'ed25519', faults: FaultName[] = []) {
  const sim = createSimulator({ dialect: 'nearai', seed: 'nearai-chat' })
  const wire: Array<{ url: string; headers: Record<string, string>; body?: string }> = []
  const fetch: FetchLike = (url, init) => {
    const headers = { ...(init.headers as Record<string, string>), ...(faults.length && url.includes('/chat/') ? { [FAULT_HEADER]: faults.join(',') } : {}) }
    wire.push({ url, headers, ...(typeof init.body === 'string' ? { body: init.body } : {}) })
    return sim.fetch(url, { ...init, headers })
  }
  const client = createClient({ provider: 'nearai', signingAlgo, baseURL: BASE, fetch })
  const session = createChatSession(client, { model: MODEL, mode: 'e2ee', trustedRoots: sim.trustedRoots() })
  return { sim, session, wire }
}

async function collect(events: AsyncIterable<ChatStreamEvent>) {
  let text = ''
  let signature: unknown
  for await (const e of events) {
    if (e.type === 'delta') text += e.content
    if (e.type === 'signature') signature = e.signature
  }
  return { text, signature }
}

describe('NEAR AI dialect end to end (simulator)', () => {
  for (const algo of ['ecdsa', 'ed25519'] as const) {
    it(`${algo}: attests, encrypts every message, decrypts the reply, verifies the ${algo} response signature`, async () => {
      const { sim, session, wire } = setup(algo)
      const { text, signature } = await collect(
        session.stream([
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Earlier question' },
          { role: 'assistant', content: 'Earlier answer' },
          { role: 'user', content: 'Hello NEAR' },
        ]),
      )
      expect(text).toBe(simulatedReply('Hello NEAR', 'e2ee'))
      expect(signature).toMatchObject({ status: 'verified' })
      expect(session.attestation?.signingAlgo).toBe(algo)
      // The simulated gateway's attestation was verified beside the model's.
      expect(session.attestation?.related).toEqual([expect.objectContaining({ label: 'gateway attestation', report: expect.objectContaining({ verdict: 'passed', role: 'gateway' }) })])

      const attestation = wire.find((r) => r.url.includes('/attestation/report'))!
      expect(attestation.url).toContain(`signing_algo=${algo}`)
      const chat = wire.find((r) => r.url.endsWith('/chat/completions'))!
      const key = algo === 'ecdsa' ? sim.signingKey(MODEL).slice(2) : undefined
      expect(chat.headers['X-Signing-Algo']).toBe(algo)
      expect(chat.headers['X-Encryption-Version']).toBe('2')
      expect(chat.headers['X-Encrypt-All-Fields']).toBe('true')
      // The model key exactly as attested: NEAR's ecdsa keys are 128 hex without 04.
      if (key) expect(chat.headers['X-Model-Pub-Key']).toBe(key)
      else expect(chat.headers['X-Model-Pub-Key']).toMatch(/^[0-9a-f]{64}$/)
      expect(chat.headers['X-Client-Pub-Key']).toMatch(algo === 'ecdsa' ? /^04[0-9a-f]{128}$/ : /^[0-9a-f]{64}$/)
      expect(Object.keys(chat.headers).some((h) => h.startsWith('X-Venice'))).toBe(false)
      const body = JSON.parse(chat.body!) as { messages: Array<{ content: string }>; venice_parameters?: unknown }
      expect(body.venice_parameters).toBeUndefined()
      // Every role is encrypted: the open proxy decrypts every message's content.
      for (const m of body.messages) expect(algo === 'ecdsa' ? isEncryptedHex(m.content) : isEd25519EncryptedHex(m.content)).toBe(true)
      expect(chat.body).not.toContain('Earlier answer')
      const sig = wire.find((r) => r.url.includes('/signature/'))!
      expect(sig.url).toMatch(new RegExp(`/v1/signature/chatcmpl-[0-9a-f]+\\?model=${MODEL}&signing_algo=${algo}$`))
      session.destroy()
    })

    it(`${algo}: a tampered chunk is DECRYPT_FAILED; a forged signature fails`, async () => {
      await expect(collect(setup(algo, ['tampered-chunk']).session.stream([{ role: 'user', content: 'Hi' }]))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' })
      await expect(collect(setup(algo, ['bad-signature']).session.stream([{ role: 'user', content: 'Hi' }]))).rejects.toMatchObject({ code: expect.stringMatching(/^SIGNATURE_/) })
    })
  }

  // A new user's pass through the CLI: a TEE chat with an Ed25519 signing key failed every honest signature
  // (SIGNATURE_INVALID: its verifier came only with the E2EE codec).
  for (const algo of ['ecdsa', 'ed25519'] as const) {
    it(`${algo}: a TEE chat verifies the ${algo} response signature; a forged one fails`, async () => {
      const tee = (faults: FaultName[] = []) => {
        const sim = createSimulator({ dialect: 'nearai', seed: 'nearai-chat' })
        const fetch: FetchLike = (url, init) => sim.fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...(faults.length && url.includes('/chat/') ? { [FAULT_HEADER]: faults.join(',') } : {}) } })
        const client = createClient({ provider: 'nearai', signingAlgo: algo, baseURL: BASE, fetch })
        return createChatSession(client, { model: 'tee-qwen3-5-122b-a10b', mode: 'tee', trustedRoots: sim.trustedRoots() })
      }
      const session = tee()
      const { text, signature } = await collect(session.stream([{ role: 'user', content: 'Hi' }]))
      expect(text).toBe(simulatedReply('Hi', 'tee'))
      expect(signature).toMatchObject({ status: 'verified' })
      session.destroy()
      await expect(collect(tee(['bad-signature']).stream([{ role: 'user', content: 'Hi' }]))).rejects.toMatchObject({ code: expect.stringMatching(/^SIGNATURE_/) })
    })
  }

  it('an ed25519 chat keeps its Ed25519 key on this thread even when the app gives a (secp256k1) key holder, and says so', async () => {
    const sim = createSimulator({ dialect: 'nearai', seed: 'nearai-chat' })
    const client = createClient({ provider: 'nearai', signingAlgo: 'ed25519', baseURL: BASE, fetch: (url, init) => sim.fetch(url, init) })
    let asked = 0
    const session = createChatSession(client, {
      model: MODEL,
      mode: 'e2ee',
      trustedRoots: sim.trustedRoots(),
      keyHolder: () => {
        asked++
        throw new Error('a secp256k1 holder must not be asked for an ed25519 chat')
      },
    })
    const { text } = await collect(session.stream([{ role: 'user', content: 'Hi' }]))
    expect(text).toBe(simulatedReply('Hi', 'e2ee'))
    expect(asked).toBe(0)
    expect(session.clientPublicKey).toMatch(/^[0-9a-f]{64}$/)
    expect(session.keyHolder).toMatchObject({ kind: 'main-thread', reason: expect.stringContaining('ed25519') })
    session.destroy()
  })

  it('the simulator refuses a 04-prefixed ecdsa model key with 421, as NEAR does, and decrypts v1 (ChaChaBox) requests', async () => {
    const sim = createSimulator({ dialect: 'nearai', seed: 'nearai-chat' })
    const client = generateEd25519ClientKeyPair()
    const post = (headers: Record<string, string>, content: string) =>
      sim.fetch(`${BASE}/chat/completions`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: 'user', content }] }) })
    const ecdsa = await post({ 'X-Signing-Algo': 'ecdsa', 'X-Client-Pub-Key': generateClientKeyPair().publicKeyHex, 'X-Model-Pub-Key': sim.signingKey(MODEL) }, 'x')
    expect(ecdsa.status).toBe(421)
    // Only one of algorithm and client key: 400.
    expect((await post({ 'X-Signing-Algo': 'ed25519' }, 'x')).status).toBe(400)

    const cloud = (await (await sim.fetch(`${BASE}/attestation/report?model=${MODEL}&nonce=${'11'.repeat(32)}&signing_algo=ed25519`)).json()) as {
      gateway_attestation: { request_nonce: string; nvidia_payload?: unknown }
      model_attestations: Array<{ signing_public_key: string; verified?: unknown }>
    }
    // NEAR AI Cloud's shape: a CPU-only gateway for the same nonce beside the model's attestation.
    expect(cloud.gateway_attestation).toMatchObject({ request_nonce: '11'.repeat(32) })
    expect(cloud.gateway_attestation.nvidia_payload).toBeUndefined()
    const report = cloud.model_attestations[0]!
    expect(report.verified).toBeUndefined()
    const res = await post({ 'X-Signing-Algo': 'ed25519', 'X-Client-Pub-Key': client.publicKeyHex, 'X-Model-Pub-Key': report.signing_public_key, 'X-Encryption-Version': '1' }, encryptEd25519('v1 hello', report.signing_public_key, { version: 1 }))
    expect(res.status).toBe(200)
    const contents = (await res.text())
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => (JSON.parse(e.slice(6)) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '')
      .filter(Boolean)
    expect(contents.map((c) => decryptEd25519(c, client.privateKey, 1)).join('')).toBe(simulatedReply('v1 hello', 'e2ee'))
  })

  it("a proxy that drops the gateway's attestation from NEAR AI Cloud's report is refused before anything is sent", async () => {
    const sim = createSimulator({ dialect: 'nearai', seed: 'nearai-chat' })
    const chats: string[] = []
    const strip = async (url: string, init: RequestInit) => {
      if (url.includes('/chat/completions')) chats.push(url)
      const res = await sim.fetch(url, init)
      if (!url.includes('/attestation/report')) return res
      const { gateway_attestation: _dropped, ...rest } = (await res.json()) as Record<string, unknown>
      return Response.json(rest)
    }
    const client = createClient({ provider: 'nearai', signingAlgo: 'ed25519', baseURL: BASE, fetch: strip })
    const session = createChatSession(client, { model: MODEL, mode: 'e2ee', trustedRoots: sim.trustedRoots() })
    await expect(collect(session.stream([{ role: 'user', content: 'Hi' }]))).rejects.toMatchObject({ code: 'ATTESTATION_EVIDENCE_MISSING' })
    expect(chats).toEqual([])
    session.destroy()
  })

  it("'nearai-direct': a model's own endpoint, its flat report the model's alone; a 'nearai' client refuses that report", async () => {
    const sim = createSimulator({ dialect: 'nearai-direct', seed: 'nearai-chat' })
    const fetch: FetchLike = (url, init) => sim.fetch(url, init)
    const direct = createChatSession(createClient({ provider: 'nearai-direct', signingAlgo: 'ed25519', baseURL: BASE, fetch }), { model: MODEL, mode: 'e2ee', trustedRoots: sim.trustedRoots() })
    expect((await collect(direct.stream([{ role: 'user', content: 'Hi' }]))).text).toBe(simulatedReply('Hi', 'e2ee'))
    expect(direct.attestation?.related).toBeUndefined()
    direct.destroy()
    const cloud = createChatSession(createClient({ provider: 'nearai', signingAlgo: 'ed25519', baseURL: BASE, fetch }), { model: MODEL, mode: 'e2ee', trustedRoots: sim.trustedRoots() })
    await expect(collect(cloud.stream([{ role: 'user', content: 'Hi' }]))).rejects.toMatchObject({ code: 'ATTESTATION_EVIDENCE_MISSING' })
    cloud.destroy()
    expect(() => createClient({ provider: 'nearai-direct' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})

describe('the attestation cache tells key algorithms and providers apart', () => {
  it('an ecdsa and an ed25519 NEAR client on one baseURL never share an attestation', async () => {
    const sim = createSimulator({ dialect: 'nearai', seed: 'nearai-cache' })
    const fetch: FetchLike = (url, init) => sim.fetch(url, init)
    const ecdsa = createClient({ provider: 'nearai', signingAlgo: 'ecdsa', baseURL: BASE, fetch })
    const ed25519 = createClient({ provider: 'nearai', signingAlgo: 'ed25519', baseURL: BASE, fetch })
    const venice = createClient({ provider: 'venice', baseURL: BASE, fetch })
    const keys = [ecdsa, ed25519, venice].map((c) => JSON.stringify(attestationQueryKey(c, { model: MODEL })))
    expect(new Set(keys).size).toBe(3)
    const queryClient = new QueryClient()
    const verify = { trustedRoots: sim.trustedRoots() }
    const first = await queryClient.fetchQuery(attestationQueryOptions(ecdsa, { model: MODEL, verify }))
    const second = await queryClient.fetchQuery(attestationQueryOptions(ed25519, { model: MODEL, verify }))
    expect(first.signingAlgo ?? 'ecdsa').toBe('ecdsa')
    expect(second.signingAlgo).toBe('ed25519')
    expect(second.signingKey).toMatch(/^[0-9a-f]{64}$/)
    queryClient.clear()
  })
})
