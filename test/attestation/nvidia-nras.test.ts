// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { describe, expect, it } from 'vitest'
import { isSealkitError } from '../../src/core/errors.ts'
import {
  checkNras,
  decodeJwt,
  jwkToP384,
  parseJwks,
  parseNrasResponse,
  verifyGpuEvidence,
  verifyJwt,
  type GpuEvidenceResult,
} from '../../src/core/attestation/nvidia/index.ts'
import { readRealJson } from '../fixtures.ts'
import { NEAR_CLOUD, NEAR_DIRECT, OTHER_NONCE, VENICE_0424, VENICE_0610, jwksOf, nrasOf, payloadOf } from './nvidia-helpers.ts'

type NrasJson = [[string, string], Record<string, string>]

const statusOf = (r: { checks: GpuEvidenceResult['checks'] }, id: string) => r.checks.find((c) => c.id === id)?.status
const detailOf = (r: { checks: GpuEvidenceResult['checks'] }, id: string) => r.checks.find((c) => c.id === id)?.detail ?? ''
const failedIds = (r: GpuEvidenceResult) => r.checks.filter((c) => c.status === 'failed').map((c) => c.id)
const NRAS_IDS = ['gpu.nras.jwt', 'gpu.nras.nonce', 'gpu.nras.claims']

/** Changes one claim of a JWT and re-encodes it, keeping the original signature. */
function tamperClaims(jwt: string, claim = 'jti'): string {
  const [h, p, s] = jwt.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>
  claims[claim] = `${String(claims[claim])}x`
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`
}

describe('NRAS: real Venice 2026-06-10 answer', () => {
  const nras = nrasOf(VENICE_0610) as NrasJson
  const jwks = jwksOf(VENICE_0610)
  const opts = { nonce: VENICE_0610.nonce, at: VENICE_0610.at, nras, jwks }

  it('decodes the overall token and 8 GPU tokens', async () => {
    const parsed = parseNrasResponse(nras)
    expect(parsed.overall.header).toMatchObject({ alg: 'ES384', kid: 'nv-eat-kid-prod-20260609194420841-76f21b92-77b7-4512-ac4d-88351a62faf3' })
    expect(parsed.overall.claims['x-nvidia-overall-att-result']).toBe(true)
    expect(parsed.gpus.map((g) => g.name)).toEqual(Array.from({ length: 8 }, (_, i) => `GPU-${i}`))
    expect(parseNrasResponse(JSON.stringify(nras)).gpus).toHaveLength(8)
  })

  it('verifies with the JWKS at the capture time, bound to the evidence GPUs', async () => {
    const r = await verifyGpuEvidence(payloadOf(VENICE_0610), opts)
    expect(failedIds(r)).toEqual([])
    for (const id of NRAS_IDS) expect(statusOf(r, id)).toBe('passed')
    expect(r.verified).toBe(true)
    // Every NRAS token is bound to exactly one evidence GPU through ueid = device serial.
    const names = r.gpus.map((g) => g.nras?.name)
    expect(new Set(names).size).toBe(8)
    expect(r.gpus.every((g) => g.nras?.measres === 'success')).toBe(true)
    expect(r.checks.find((c) => c.id === 'gpu.nras.jwt')?.evidence?.kid).toMatch(/^nv-eat-kid-prod-20260609194420841/)
  })

  it('a wrong nonce fails gpu.nras.nonce (and every GPU nonce)', async () => {
    const r = await verifyGpuEvidence(payloadOf(VENICE_0610), { ...opts, nonce: OTHER_NONCE })
    expect(statusOf(r, 'gpu.nras.jwt')).toBe('passed')
    expect(statusOf(r, 'gpu.nras.nonce')).toBe('failed')
    expect(detailOf(r, 'gpu.nras.nonce')).toMatch(/overall, GPU-0, .*GPU-7/)
    expect(failedIds(r)).toContain('gpu.7.nonce')
  })

  it('a tampered GPU token fails gpu.nras.jwt; its claims are then not trusted', async () => {
    const tampered: NrasJson = [nras[0], { ...nras[1], 'GPU-3': tamperClaims(nras[1]['GPU-3']!) }]
    const r = await verifyGpuEvidence(payloadOf(VENICE_0610), { ...opts, nras: tampered })
    expect(statusOf(r, 'gpu.nras.jwt')).toBe('failed')
    expect(detailOf(r, 'gpu.nras.jwt')).toMatch(/GPU-3 token: signature does not verify/)
    expect(statusOf(r, 'gpu.nras.nonce')).toBe('skipped')
    expect(statusOf(r, 'gpu.nras.claims')).toBe('skipped')
    expect(r.verified).toBe(false)
  })

  it('a tampered overall token fails gpu.nras.jwt', async () => {
    const tampered: NrasJson = [['JWT', tamperClaims(nras[0][1])], nras[1]]
    const r = await verifyGpuEvidence(payloadOf(VENICE_0610), { ...opts, nras: tampered })
    expect(detailOf(r, 'gpu.nras.jwt')).toMatch(/^overall token:/)
  })

  it('a validly signed GPU token from another response fails the overall digest binding', async () => {
    const other = nrasOf(NEAR_DIRECT) as NrasJson
    const swapped: NrasJson = [nras[0], { ...nras[1], 'GPU-0': other[1]['GPU-0']! }]
    // At a time both are unexpired (NEAR direct's tokens were issued 7 minutes later).
    const r = await checkNras(swapped, { nonce: VENICE_0610.nonce, at: new Date('2026-06-10T02:00:00Z'), jwks })
    expect(r.checks[0]).toMatchObject({ id: 'gpu.nras.jwt', status: 'failed' })
    expect(r.checks[0]!.detail).toMatch(/GPU-0 token does not match the digest in the overall token/)
  })

  it('dropping a GPU token fails the binding', async () => {
    const { 'GPU-7': _dropped, ...rest } = nras[1]
    const r = await checkNras([nras[0], rest], { nonce: VENICE_0610.nonce, at: VENICE_0610.at, jwks })
    expect(r.checks[0]!.detail).toMatch(/overall token names GPU-7 but the response has no token for it/)
  })

  it('checks the token lifetime against the given time, not now', async () => {
    const afterExp = await verifyGpuEvidence(payloadOf(VENICE_0610), { ...opts, at: new Date('2026-06-10T03:00:00Z') })
    expect(statusOf(afterExp, 'gpu.nras.jwt')).toBe('failed')
    expect(detailOf(afterExp, 'gpu.nras.jwt')).toMatch(/expired at 2026-06-10T02:46:32.000Z/)
    // The device chain itself is still valid then: only NRAS fails.
    expect(failedIds(afterExp)).toEqual(['gpu.nras.jwt'])
    const beforeIat = await verifyGpuEvidence(payloadOf(VENICE_0610), { ...opts, at: new Date('2026-06-10T01:40:00Z') })
    expect(detailOf(beforeIat, 'gpu.nras.jwt')).toMatch(/not valid before|issued in the future/)
  })

  it('fails with a JWKS that lacks the kid, skips without one', async () => {
    const wrongJwks = await verifyGpuEvidence(payloadOf(VENICE_0610), { ...opts, jwks: jwksOf(VENICE_0424) })
    expect(detailOf(wrongJwks, 'gpu.nras.jwt')).toMatch(/kid nv-eat-kid-prod-20260609194420841.* is not in the JWKS/)
    const { jwks: _jwks, ...noJwks } = opts
    const r = await verifyGpuEvidence(payloadOf(VENICE_0610), noJwks)
    expect(NRAS_IDS.map((id) => statusOf(r, id))).toEqual(['skipped', 'skipped', 'skipped'])
    expect(r.verified).toBe(true)
  })

  it('an NRAS answer about other GPUs fails the claims binding', async () => {
    // Venice and NEAR AI share one 8-GPU host in these captures, so take the devices of the gpt-oss report.
    const otherReport = readRealJson('attestation-reports', 'nearai-cloud__openai-gpt-oss-120b__nonce-deadbeef__ecdsa.json')
    const otherGpus = (await verifyGpuEvidence(otherReport.model_attestations[0].nvidia_payload, { nonce: `deadbeef${'0'.repeat(55)}1`, at: VENICE_0610.at })).gpus
    const r = await checkNras(nras, { nonce: VENICE_0610.nonce, at: VENICE_0610.at, jwks, evidence: otherGpus.map((g) => ({ index: g.index, ueid: g.ueid! })) })
    expect(r.checks.map((c) => c.status)).toEqual(['passed', 'passed', 'failed'])
    expect(r.checks[2]!.detail).toMatch(/GPU-0: ueid \d+ is not the serial of any GPU in the evidence/)

    const oneGpu = await checkNras(nras, { nonce: VENICE_0610.nonce, at: VENICE_0610.at, jwks, evidence: [{ index: 0, ueid: '1' }] })
    expect(oneGpu.checks[2]!.detail).toMatch(/NRAS judged 8 GPU\(s\), the evidence lists 1/)
  })

  it('a driver version that differs from the evidence fails the claims', async () => {
    const gpus = (await verifyGpuEvidence(payloadOf(VENICE_0610), { nonce: VENICE_0610.nonce, at: VENICE_0610.at })).gpus
    const evidence = gpus.map((g) => ({ index: g.index, ueid: g.ueid!, driverVersion: g.index === 2 ? '999.0' : g.driverVersion! }))
    const r = await checkNras(nras, { nonce: VENICE_0610.nonce, at: VENICE_0610.at, jwks, evidence })
    expect(r.checks[2]!.detail).toMatch(/driver 570.172.08 differs from the evidence's 999.0/)
  })

  it('a garbage NRAS answer fails gpu.nras.jwt with the reason', async () => {
    for (const [input, message] of [
      ['nope', /not valid JSON/],
      [{}, /expected \[\["JWT"/],
      [[['JWT', 'a.b']], /expected 3 parts, found 2/],
      [[['JWT', 7]], /holds no overall JWT/],
    ] as const) {
      const r = await checkNras(input, { nonce: VENICE_0610.nonce, at: VENICE_0610.at, jwks })
      expect(r.checks[0]).toMatchObject({ id: 'gpu.nras.jwt', status: 'failed' })
      expect(r.checks[0]!.detail).toMatch(message)
    }
  })
})

describe('NRAS: the other real answers', () => {
  for (const capture of [VENICE_0424, NEAR_DIRECT, NEAR_CLOUD]) {
    it(`${capture.dir}: tokens, nonce and claims verify with ${capture.jwks}`, async () => {
      const r = await verifyGpuEvidence(payloadOf(capture), { nonce: capture.nonce, at: capture.at, nras: nrasOf(capture), jwks: jwksOf(capture) })
      expect(failedIds(r)).toEqual([])
      for (const id of NRAS_IDS) expect(statusOf(r, id)).toBe('passed')
    })
  }

  it('nearai vllm-proxy sample answers decode but their keys are not in the stored JWKS', async () => {
    for (const file of ['nearai-vllm-proxy__nras_response_1gpu.json', 'nearai-vllm-proxy__nras_response_ppcie_8gpu.json']) {
      const nras = readRealJson('nvidia', file)
      const parsed = parseNrasResponse(nras)
      expect(parsed.overall.claims['x-nvidia-overall-att-result']).toBe(true)
      const r = await checkNras(nras, { nonce: String(parsed.overall.claims.eat_nonce), at: new Date(Number(parsed.overall.claims.iat) * 1000), jwks: jwksOf(VENICE_0610) })
      expect(r.checks[0]!.status).toBe('failed')
      expect(r.checks[0]!.detail).toMatch(/is not in the JWKS/)
    }
  })
})

describe('JWT and JWKS helpers', () => {
  const jwks = parseJwks(jwksOf(VENICE_0610))
  const overall = decodeJwt((nrasOf(VENICE_0610) as NrasJson)[0][1])

  it('the JWKS keys are P-384 points whose x5c leaf certifies the same key', async () => {
    expect(jwks.keys).toHaveLength(36)
    for (const k of jwks.keys) expect(jwkToP384(k)).toBeInstanceOf(Uint8Array)
    expect(await verifyJwt(overall, jwks, { at: VENICE_0610.at })).toBeUndefined()
  })

  it('rejects other algorithms, unknown kids, and an x5c that certifies another key', async () => {
    expect(await verifyJwt({ ...overall, header: { ...overall.header, alg: 'none' } }, jwks, { at: VENICE_0610.at })).toMatch(/"none" is not ES384/)
    expect(await verifyJwt({ ...overall, header: { ...overall.header, kid: 'nope' } }, jwks, { at: VENICE_0610.at })).toMatch(/kid nope is not in the JWKS/)
    const kid = overall.header.kid
    const other = jwks.keys.find((k) => k.kid !== kid)!
    const mixed = { keys: jwks.keys.map((k) => (k.kid === kid ? { ...k, x5c: other.x5c! } : k)) }
    expect(await verifyJwt(overall, mixed, { at: VENICE_0610.at })).toMatch(/x5c\[0\] certifies a different key/)
    expect(jwkToP384({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' })).toMatch(/not an EC P-384 key/)
  })

  it('malformed tokens and key sets throw ATTESTATION_MALFORMED', async () => {
    for (const fn of [() => decodeJwt('a.b.c'), () => decodeJwt('!!.e30.AA'), () => parseJwks('{"no":1}'), () => parseJwks('{')]) {
      let code: string | undefined
      try {
        fn()
      } catch (e) {
        code = isSealkitError(e) ? e.code : String(e)
      }
      expect(code).toBe('ATTESTATION_MALFORMED')
    }
  })
})
