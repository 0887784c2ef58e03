import { describe, expect, it } from 'vitest'
import type { ApiModel } from '../../src/core/api/types.ts'
import { bytesToHex, generateNonce, hexToBytes, publicKeyToAddress } from '../../src/core/crypto/index.ts'
import { createSimulator, QUOTE_REPORT_DATA_OFFSET, SIMULATOR_TEE_PROVIDER } from '../../src/simulator/index.ts'
import { REAL_CORPUS_TAG, readRealJson } from '../fixtures.ts'
import { BASE, E2EE_MODEL, PLAIN_MODEL, TEE_MODEL, attest, errorOf } from './helpers.ts'

describe('GET /models', () => {
  it('lists e2ee, tee and plain models with Venice capability flags', async () => {
    const sim = createSimulator()
    const res = await sim.fetch(`${BASE}/models`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const { data } = (await res.json()) as { data: ApiModel[] }
    const caps = (id: string) => data.find((m) => m.id === id)?.model_spec?.capabilities
    expect(caps(E2EE_MODEL)).toMatchObject({ supportsE2EE: true, supportsTeeAttestation: true })
    expect(caps(TEE_MODEL)).toMatchObject({ supportsE2EE: false, supportsTeeAttestation: true })
    expect(caps(PLAIN_MODEL)).toMatchObject({ supportsE2EE: false, supportsTeeAttestation: false })
    expect(data.filter((m) => m.model_spec?.capabilities?.supportsE2EE).length).toBeGreaterThanOrEqual(2)
    for (const m of data) {
      expect(m.model_spec?.name).toBeTruthy()
      expect(m.model_spec?.availableContextTokens).toBeGreaterThan(0)
      expect(m.model_spec?.pricing?.input?.usd).toBeGreaterThan(0)
    }
  })
})

describe('GET /tee/attestation', () => {
  it('answers with the real Venice field set', { tags: [REAL_CORPUS_TAG] }, async () => {
    const real = readRealJson('attestation-reports', 'venice__e2ee-qwen3-5-122b-a10b__2026-06-10', 'attestation.json')
    const sim = createSimulator()
    const nonce = generateNonce()
    const res = await sim.fetch(`${BASE}/tee/attestation?model=${E2EE_MODEL}&nonce=${nonce}`)
    expect(res.status).toBe(200)
    const att = (await res.json()) as Record<string, unknown>
    for (const field of [
      'verified', 'nonce', 'nonce_source', 'model', 'tee_provider', 'tee_hardware', 'upstream_model', 'signing_key',
      'signing_public_key', 'signing_address', 'signing_algo', 'request_nonce', 'intel_quote', 'nvidia_payload', 'event_log', 'info',
    ]) {
      expect(att, field).toHaveProperty(field)
      expect(typeof att[field], field).toBe(typeof real[field])
    }
    expect(att).toMatchObject({
      verified: true,
      nonce,
      request_nonce: nonce,
      nonce_source: 'client',
      model: E2EE_MODEL,
      tee_provider: SIMULATOR_TEE_PROVIDER,
      tee_hardware: 'intel-tdx',
      signing_algo: 'ecdsa',
    })
    expect(att.signing_key).toMatch(/^04[0-9a-f]{128}$/)
    expect(att.signing_public_key).toBe(att.signing_key)
    expect(att.signing_address).toBe(publicKeyToAddress(att.signing_key as string))
    expect(att.signing_address).toBe(sim.signingAddress(E2EE_MODEL))
    expect(att.intel_quote).toMatch(/^[0-9a-f]+$/)
    const nvidia = JSON.parse(att.nvidia_payload as string) as { nonce: string; evidence_list: unknown[] }
    expect(nvidia.nonce).toBe(nonce)
    expect(nvidia.evidence_list.length).toBeGreaterThan(0)
  })

  it('binds REPORTDATA = signing address || 12 zero bytes || nonce in the TDX quote', async () => {
    const sim = createSimulator()
    const nonce = generateNonce()
    const att = (await (await sim.fetch(`${BASE}/tee/attestation?model=${TEE_MODEL}&nonce=${nonce}`)).json()) as Record<string, string>
    const quote = hexToBytes(att.intel_quote!)
    const reportData = quote.subarray(QUOTE_REPORT_DATA_OFFSET, QUOTE_REPORT_DATA_OFFSET + 64)
    expect(bytesToHex(reportData)).toBe(att.signing_address!.slice(2) + '00'.repeat(12) + nonce)
  })

  it('picks a nonce itself when none is given (nonce_source "server")', async () => {
    const att = (await (await createSimulator().fetch(`${BASE}/tee/attestation?model=${E2EE_MODEL}`)).json()) as Record<string, string>
    expect(att.nonce).toMatch(/^[0-9a-f]{64}$/)
    expect(att.nonce_source).toBe('server')
  })

  it.each([
    ['a 16-byte nonce', generateNonce().slice(0, 32)],
    ['a 33-byte nonce', generateNonce() + 'ab'],
    ['a non-hex nonce', 'z'.repeat(64)],
  ])('answers 502 "Nonce must be exactly 32 bytes" for %s', async (_, nonce) => {
    const res = await createSimulator().fetch(`${BASE}/tee/attestation?model=${E2EE_MODEL}&nonce=${nonce}`)
    expect(await errorOf(res)).toEqual({ status: 502, message: 'Nonce must be exactly 32 bytes' })
  })

  it('answers 404 "model not found" for an unknown or missing model, 400 for a model without TEE', async () => {
    const sim = createSimulator()
    expect(await errorOf(await sim.fetch(`${BASE}/tee/attestation?model=nope&nonce=${generateNonce()}`))).toEqual({ status: 404, message: 'model not found' })
    expect((await sim.fetch(`${BASE}/tee/attestation?nonce=${generateNonce()}`)).status).toBe(404)
    expect((await sim.fetch(`${BASE}/tee/attestation?model=${PLAIN_MODEL}&nonce=${generateNonce()}`)).status).toBe(400)
  })

  it('has one key per model, reproducible from a seed', async () => {
    const a = createSimulator({ seed: 'repro' })
    const b = createSimulator({ seed: 'repro' })
    const c = createSimulator()
    expect(a.signingKey(E2EE_MODEL)).toBe(b.signingKey(E2EE_MODEL))
    expect(a.signingKey(E2EE_MODEL)).not.toBe(c.signingKey(E2EE_MODEL))
    expect(a.signingKey(E2EE_MODEL)).not.toBe(a.signingKey(TEE_MODEL))
    expect((await attest(a)).signing_key).toBe(a.signingKey())
    expect(() => a.signingKey(PLAIN_MODEL)).toThrow()
  })
})

describe('attestationDelayMs', () => {
  it('answers each attestation that late, the models list at once, and stops waiting when the request is aborted', async () => {
    const sim = createSimulator({ attestationDelayMs: 300 })
    const url = (nonce: string) => `${BASE}/tee/attestation?model=${E2EE_MODEL}&nonce=${nonce}`
    let t0 = performance.now()
    const res = await sim.fetch(url(generateNonce()))
    expect(res.status).toBe(200)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(295)
    t0 = performance.now()
    expect((await sim.fetch(`${BASE}/models`)).status).toBe(200)
    expect(performance.now() - t0).toBeLessThan(200)
    // A bad request is answered without the wait: the delay is the evidence's making.
    t0 = performance.now()
    expect((await sim.fetch(url('00'))).status).toBe(502)
    expect(performance.now() - t0).toBeLessThan(200)
    const abort = new AbortController()
    t0 = performance.now()
    const pending = sim.fetch(url(generateNonce()), { signal: abort.signal })
    setTimeout(() => abort.abort(), 20)
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    expect(performance.now() - t0).toBeLessThan(250)
  })
})

describe('routing, CORS and auth', () => {
  it('answers CORS preflight allowing the E2EE and fault headers', async () => {
    const res = await createSimulator().fetch(`${BASE}/chat/completions`, { method: 'OPTIONS' })
    expect(res.status).toBe(204)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const allowed = res.headers.get('Access-Control-Allow-Headers')!.toLowerCase()
    for (const h of ['authorization', 'content-type', 'x-venice-tee-client-pub-key', 'x-venice-tee-model-pub-key', 'x-venice-tee-signing-algo', 'x-sealkit-fault']) {
      expect(allowed).toContain(h)
    }
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('POST')
    // The openai client in a browser sends headers of its own: a page may send what it asks for (names only).
    const asked = await createSimulator().fetch(`${BASE}/chat/completions`, {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Headers': 'x-stainless-os, x-stainless-lang,bad name,x-evil\u0001' },
    })
    const names = asked.headers.get('Access-Control-Allow-Headers')!.split(', ')
    expect(names).toEqual(expect.arrayContaining(['x-stainless-os', 'x-stainless-lang', 'Authorization']))
    expect(names).not.toContain('bad name')
    expect(names.some((n) => n.startsWith('x-evil'))).toBe(false)
  })

  it('accepts any bearer token by default and requires the configured one with apiKey', async () => {
    expect((await createSimulator().fetch(`${BASE}/models`, { headers: { Authorization: 'Bearer whatever' } })).status).toBe(200)
    const sim = createSimulator({ apiKey: 'secret' })
    expect(await errorOf(await sim.fetch(`${BASE}/models`))).toMatchObject({ status: 401 })
    const wrong = await sim.fetch(`${BASE}/models`, { headers: { Authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect((await sim.fetch(`${BASE}/models`, { headers: { Authorization: 'Bearer secret' } })).status).toBe(200)
    // Preflight never carries credentials.
    expect((await sim.fetch(`${BASE}/models`, { method: 'OPTIONS' })).status).toBe(204)
  })

  it('serves under a configurable base path and 404s elsewhere', async () => {
    const sim = createSimulator({ basePath: '/v2/' })
    expect((await sim.fetch('http://s/v2/models')).status).toBe(200)
    expect((await sim.fetch('http://s/api/v1/models')).status).toBe(404)
    expect((await sim.fetch('http://s/v2/unknown')).status).toBe(404)
  })

  it('describes itself at the root and answers 405 for a wrong method', async () => {
    const sim = createSimulator()
    const info = (await (await sim.fetch('http://s/')).json()) as { faults: string[]; warning: string }
    expect(info.faults).toContain('tampered-chunk')
    expect(info.warning).toMatch(/simulated/i)
    expect((await sim.fetch(`${BASE}/models`, { method: 'POST', body: '{}' })).status).toBe(405)
    expect((await sim.fetch(`${BASE}/chat/completions`)).status).toBe(405)
  })

  it('accepts a Request object as well as (url, init), and rejects an aborted signal like fetch', async () => {
    const sim = createSimulator()
    expect((await sim.fetch(new Request(`${BASE}/models`))).status).toBe(200)
    expect((await sim.fetch(new URL(`${BASE}/models`))).status).toBe(200)
    expect((await sim.fetch('/api/v1/models')).status).toBe(200)
    await expect(sim.fetch(`${BASE}/models`, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' })
  })
})
