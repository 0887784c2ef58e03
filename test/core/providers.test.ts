// @module-tag real-corpus
/**
 * The provider seam: Venice and NEAR AI paths and headers, and the real NEAR AI
 * captures (gateway + model_attestations, ecdsa and ed25519, TLS-bound) verified
 * through the `nearai` preset exactly as `attestModel` verifies them.
 */
import { describe, expect, it } from 'vitest'
import { fetchAttestation } from '../../src/core/api/attestation.ts'
import { createClient } from '../../src/core/api/client.ts'
import { fetchResponseSignature } from '../../src/core/api/signature.ts'
import { nearai, nearaiDirect, venice } from '../../src/core/providers/index.ts'
import { verifyProviderAttestation } from '../../src/core/session/attest.ts'
import { readRealJson } from '../fixtures.ts'

/** A client whose fetch replays `body` and records every URL asked for. */
function replaying(provider: 'venice' | 'nearai' | 'nearai-direct', body: unknown, signingAlgo?: 'ecdsa' | 'ed25519') {
  const urls: string[] = []
  const client = createClient({
    provider,
    ...(provider === 'nearai-direct' ? { baseURL: 'https://qwen35-122b.completions.near.ai/v1' } : {}),
    ...(signingAlgo ? { signingAlgo } : {}),
    fetch: async (url) => {
      urls.push(url)
      return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } })
    },
  })
  return { client, urls }
}

const NEAR_CAPTURES = [
  {
    name: 'NEAR AI Cloud, ed25519, TLS-bound, gateway + model',
    json: () => readRealJson('attestation-reports', 'nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls', 'attestation.json'),
    model: 'Qwen/Qwen3.5-122B-A10B',
    nonce: 'c8f32651d8b42f2e06411a1cde89fc2311dae0490c0a61483a757517a31030b2',
    at: new Date('2026-06-10T01:48:55Z'),
    algo: 'ed25519' as const,
    related: 1,
    provider: nearai,
  },
  {
    name: 'NEAR AI direct, ed25519, TLS-bound, model only',
    json: () => readRealJson('attestation-reports', 'nearai-direct__qwen3.5-122b__2026-06-10__ed25519-tls', 'attestation.json'),
    model: 'Qwen/Qwen3.5-122B-A10B',
    nonce: 'e1acc835c324635d087549f55702d334ba5e8dd7ef64e9c52a312eded2709223',
    at: new Date('2026-06-10T01:53:59Z'),
    algo: 'ed25519' as const,
    related: 0,
    provider: nearaiDirect,
  },
  {
    name: 'NEAR AI Cloud, ecdsa (128-hex key without 04), gateway + model',
    json: () => readRealJson('attestation-reports', 'nearai-cloud__openai-gpt-oss-120b__nonce-deadbeef__ecdsa.json'),
    model: 'openai/gpt-oss-120b',
    nonce: `deadbeef${'0'.repeat(55)}1`,
    at: new Date('2026-04-21T00:00:00Z'),
    algo: 'ecdsa' as const,
    related: 1,
    provider: nearai,
  },
]

describe('provider presets', () => {
  it('venice is the default: /tee/attestation and /tee/signature under https://api.venice.ai/api/v1', async () => {
    const { client, urls } = replaying('venice', { text: 'm:a:b', signature: '0x' + 'ab'.repeat(65) })
    expect(createClient().baseURL).toBe('https://api.venice.ai/api/v1')
    await fetchAttestation(client, { model: 'e2ee-x', nonce: 'aa'.repeat(32) })
    await fetchResponseSignature(client, { model: 'e2ee-x', requestId: 'chatcmpl-1' })
    expect(urls).toEqual([`https://api.venice.ai/api/v1/tee/attestation?model=e2ee-x&nonce=${'aa'.repeat(32)}`, 'https://api.venice.ai/api/v1/tee/signature?model=e2ee-x&request_id=chatcmpl-1'])
    expect(venice.e2eeHeaders({ clientPublicKey: '04ab', attestedKey: 'cd'.repeat(64), signingAlgo: 'ecdsa' })).toEqual({
      'X-Venice-TEE-Client-Pub-Key': '04ab',
      'X-Venice-TEE-Model-Pub-Key': '04' + 'cd'.repeat(64),
      'X-Venice-TEE-Signing-Algo': 'ecdsa',
    })
    expect(() => createClient({ signingAlgo: 'ed25519' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })

  it('nearai: /v1/attestation/report with signing_algo, /v1/signature/{chat_id}, its own headers, the key exactly as attested', async () => {
    const { client, urls } = replaying('nearai', { text: 'm:a:b', signature: '0x' + 'ab'.repeat(64) }, 'ed25519')
    expect(client.baseURL).toBe('https://cloud-api.near.ai/v1')
    await fetchAttestation(client, { model: 'Qwen/Qwen3.5-122B-A10B', nonce: 'bb'.repeat(32) })
    await fetchResponseSignature(client, { model: 'Qwen/Qwen3.5-122B-A10B', requestId: 'chatcmpl-9' })
    expect(urls).toEqual([
      `https://cloud-api.near.ai/v1/attestation/report?model=Qwen%2FQwen3.5-122B-A10B&nonce=${'bb'.repeat(32)}&signing_algo=ed25519&include_tls_fingerprint=true`,
      'https://cloud-api.near.ai/v1/signature/chatcmpl-9?model=Qwen%2FQwen3.5-122B-A10B&signing_algo=ed25519',
    ])
    // NEAR gives ecdsa keys as 128 hex without 04, and answers 421 to any other spelling: sent as attested.
    const key128 = 'cd'.repeat(64)
    expect(nearai.e2eeHeaders({ clientPublicKey: '04' + 'ab'.repeat(64), attestedKey: key128, signingAlgo: 'ecdsa' })).toEqual({
      'X-Signing-Algo': 'ecdsa',
      'X-Client-Pub-Key': '04' + 'ab'.repeat(64),
      'X-Model-Pub-Key': key128,
      'X-Encryption-Version': '2',
      'X-Encrypt-All-Fields': 'true',
    })
    expect(nearai.scheme('ed25519')).toEqual({ algo: 'ed25519', version: 2 })
    expect(nearai.e2eeBody({})).toEqual({})
  })

  for (const capture of NEAR_CAPTURES) {
    it(`the real capture verifies through the ${capture.provider.name} preset: ${capture.name}`, { tags: ['real-corpus'] }, async () => {
      const json = capture.json()
      const { client, urls } = replaying(capture.provider.name as 'nearai' | 'nearai-direct', json, capture.algo)
      const { response } = await fetchAttestation(client, { model: capture.model, nonce: capture.nonce })
      expect(urls[0]).toContain(`signing_algo=${capture.algo}`)
      const { targets, report, related } = await verifyProviderAttestation(capture.provider, response, { model: capture.model, nonce: capture.nonce, at: capture.at, policy: 'standard' })
      expect(targets.model.response.signing_algo).toBe(capture.algo)
      // NEAR makes no `verified` claim: skipped, and not required (the failing rows would say which check).
      expect(report.checks.filter((c) => c.required && c.status !== 'passed').map((c) => c.id)).toEqual([])
      expect(report.checks.find((c) => c.id === 'server.verified')).toMatchObject({ status: 'skipped', required: false })
      expect(report.verdict).toBe('passed')
      expect(report.checks.find((c) => c.id === 'tdx.reportdata')).toMatchObject({ status: 'passed' })
      expect(related).toHaveLength(capture.related)
      for (const r of related) {
        expect(r.label).toBe('gateway attestation')
        expect(r.report.checks.filter((c) => c.required && c.status !== 'passed').map((c) => c.id)).toEqual([])
        expect(r.report.verdict).toBe('passed')
      }
      // `basic` does not require a `verified` claim from NEAR either.
      const basic = await verifyProviderAttestation(capture.provider, response, { model: capture.model, nonce: capture.nonce, at: capture.at, policy: 'basic' })
      expect(basic.report.verdict).toBe('passed')
    })
  }

  it('a NEAR report without an attestation for the model asked for is refused, and another nonce fails', { tags: ['real-corpus'] }, async () => {
    const capture = NEAR_CAPTURES[0]!
    const json = capture.json()
    await expect(verifyProviderAttestation(nearai, json, { model: 'openai/gpt-oss-120b', nonce: capture.nonce, at: capture.at })).rejects.toMatchObject({ code: 'ATTESTATION_MALFORMED' })
    await expect(verifyProviderAttestation(nearai, { ...json, model_attestations: [] }, { model: capture.model, nonce: capture.nonce, at: capture.at })).rejects.toMatchObject({ code: 'ATTESTATION_MALFORMED' })
    const replay = await verifyProviderAttestation(nearai, json, { model: capture.model, nonce: 'ee'.repeat(32), at: capture.at })
    expect(replay.report.verdict).toBe('failed')
    expect(replay.related[0]!.report.verdict).toBe('failed')
    // A verified: false claim still fails, whatever the provider.
    const models = (json as { model_attestations: object[] }).model_attestations
    const claimedFalse = await verifyProviderAttestation(nearai, { ...json, model_attestations: [{ ...models[0], verified: false }] }, { model: capture.model, nonce: capture.nonce, at: capture.at })
    expect(claimedFalse.report.verdict).toBe('failed')
  })
})
