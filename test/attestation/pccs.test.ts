// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AttestationResponse } from '../../src/core/api/types.ts'
import type { QuoteCollateral } from '../../src/core/attestation/tdx/collateral.ts'
import { pccsCollateralLoader } from '../../src/core/attestation/tdx/pccs.ts'
import type { VerificationReport } from '../../src/core/attestation/report.ts'
import { verifyAttestation } from '../../src/core/attestation/verify.ts'
import { startCollateralServer, type CollateralServer } from '../../bin/commands/collateral-server.ts'
import { readRealJson } from '../fixtures.ts'
import { startFakePcs, type FakePcs } from '../helpers/fake-pcs.ts'

// Ports of this suite: 42110-42119.
const CLOUD = 'attestation-reports/nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls'
const VENICE = 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10'
const cloud = readRealJson<{ gateway_attestation: AttestationResponse; model_attestations: AttestationResponse[] }>(CLOUD, 'attestation.json')
const venice = readRealJson<AttestationResponse>(VENICE, 'attestation.json')
const gatewayCollateral = readRealJson<QuoteCollateral>(CLOUD, 'intel-collateral.gateway-fmspc-b0c06f000000.json')
const modelCollateral = readRealJson<QuoteCollateral>(CLOUD, 'intel-collateral.model-fmspc-90c06f000000.json')
const CLOUD_NONCE = 'c8f32651d8b42f2e06411a1cde89fc2311dae0490c0a61483a757517a31030b2'
const CLOUD_AT = new Date('2026-06-10T01:48:55Z')
const VENICE_NONCE = 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732'
const VENICE_AT = new Date('2026-06-10T01:47:07Z')

const check = (r: VerificationReport, id: string) => r.checks.find((c) => c.id === id)
const assurance = (r: VerificationReport, id: string) => r.assurances!.find((a) => a.id === id)!

let pcs: FakePcs
let proxy: CollateralServer
beforeAll(async () => {
  pcs = await startFakePcs([modelCollateral, gatewayCollateral])
  proxy = await startCollateralServer({ port: 0, upstream: pcs.url })
})
afterAll(async () => {
  await proxy?.close()
  await pcs?.close()
})

describe('Intel collateral from a PCCS (a local fake PCS serving the captured collateral)', () => {
  it("the NEAR gateway's OutOfDate platform and its five advisories come out through the PCCS path", async () => {
    const r = await verifyAttestation(cloud.gateway_attestation, { nonce: CLOUD_NONCE, at: CLOUD_AT, policy: 'basic', gpu: 'none', collateral: { pccsUrl: proxy.url } })
    expect(r.tdx?.tcbStatus).toBe('OutOfDate')
    expect(r.tdx?.advisoryIds).toEqual(['INTEL-SA-01036', 'INTEL-SA-01079', 'INTEL-SA-01099', 'INTEL-SA-01103', 'INTEL-SA-01111'])
    expect(check(r, 'tdx.tcb.status')).toMatchObject({ status: 'failed', required: true })
    for (const id of ['tdx.collateral.tcbinfo', 'tdx.collateral.qeidentity', 'tdx.collateral.crl', 'tdx.collateral.freshness']) expect(check(r, id)?.status, id).toBe('passed')
    // A check that ran and failed fails every policy, basic included.
    expect(r.verdict).toBe('failed')
    expect(assurance(r, 'platform')).toMatchObject({ status: 'no', value: 'out of date' })
    expect(assurance(r, 'platform').text).toBe(
      'Out of date: Intel lists 5 security advisories this machine is not patched against (INTEL-SA-01036, INTEL-SA-01079, INTEL-SA-01099, INTEL-SA-01103, INTEL-SA-01111).',
    )
  })

  it('the Venice model platform is up to date through the same PCCS; the assurance says patched', async () => {
    const r = await verifyAttestation(venice, { nonce: VENICE_NONCE, at: VENICE_AT, collateral: { pccsUrl: proxy.url } })
    expect(r.tdx?.tcbStatus).toBe('UpToDate')
    expect(check(r, 'tdx.tcb.status')).toMatchObject({ status: 'passed', required: true })
    expect(assurance(r, 'platform')).toMatchObject({ status: 'yes', value: 'up to date' })
    expect(r.verdict).toBe('passed')
  })

  it('fetches each FMSPC once and reuses it; the caching server answers a repeat from its cache', async () => {
    const cache = new Map()
    const before = pcs.requests.length
    const load = pccsCollateralLoader({ pccsUrl: pcs.url }, { cache })
    const one = await verifyAttestation(venice, { nonce: VENICE_NONCE, at: VENICE_AT, collateral: load })
    const two = await verifyAttestation(cloud.model_attestations[0]!, { nonce: CLOUD_NONCE, at: CLOUD_AT, collateral: load })
    expect([one.tdx?.tcbStatus, two.tdx?.tcbStatus]).toEqual(['UpToDate', 'UpToDate'])
    // Both quotes have FMSPC 90c06f000000: four documents fetched once, not twice.
    expect(pcs.requests.slice(before).sort()).toEqual([
      '/sgx/certification/v4/pckcrl?ca=platform&encoding=der',
      '/sgx/certification/v4/rootcacrl',
      '/tdx/certification/v4/qe/identity',
      '/tdx/certification/v4/tcb?fmspc=90c06f000000',
    ])

    const first = await fetch(`${proxy.url}/tdx/certification/v4/tcb?fmspc=b0c06f000000`)
    const upstream = proxy.upstreamRequests
    const again = await fetch(`${proxy.url}/tdx/certification/v4/tcb?fmspc=b0c06f000000`)
    expect(again.headers.get('x-sealkit-cache')).toBe('hit')
    expect(proxy.upstreamRequests).toBe(upstream)
    expect(await again.text()).toBe(await first.text())
    // A browser can read the answer and the issuer chain header.
    expect(again.headers.get('access-control-allow-origin')).toBe('*')
    expect(again.headers.get('access-control-expose-headers')).toContain('TCB-Info-Issuer-Chain')
    expect(again.headers.get('tcb-info-issuer-chain')).toContain('BEGIN%20CERTIFICATE')
    const preflight = await fetch(`${proxy.url}/tdx/certification/v4/qe/identity`, { method: 'OPTIONS' })
    expect(preflight.status).toBe(204)
    expect((await fetch(`${proxy.url}/etc/passwd`)).status).toBe(404)
  })

  it('a PCCS that cannot be reached fails the collateral checks: configured collateral is never silently skipped', async () => {
    const r = await verifyAttestation(venice, { nonce: VENICE_NONCE, at: VENICE_AT, policy: 'basic', collateral: { pccsUrl: 'http://127.0.0.1:42119' } })
    expect(check(r, 'tdx.tcb.status')?.status).toBe('failed')
    expect(check(r, 'tdx.collateral.tcbinfo')!.detail).toMatch(/could not be fetched from http:\/\/127\.0\.0\.1:42119 \(NETWORK_ERROR/)
    expect(r.verdict).toBe('failed')
    expect(assurance(r, 'platform').status).toBe('no')
  })

  it('collateral for another platform (the gateway FMSPC only) fails the model quote', async () => {
    const only = await startFakePcs([gatewayCollateral])
    try {
      const r = await verifyAttestation(venice, { nonce: VENICE_NONCE, at: VENICE_AT, collateral: { pccsUrl: only.url } })
      expect(check(r, 'tdx.tcb.status')?.status).toBe('failed')
      expect(r.verdict).toBe('failed')
    } finally {
      await only.close()
    }
  })
})
