import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { X509Certificate } from 'node:crypto'
import { bytesToHex } from '../../src/core/crypto/hex.ts'
import { INTEL_SGX_ROOT_CA_FINGERPRINT, parseTdxQuote, verifyTdxQuote, type TdxVerification } from '../../src/core/attestation/tdx/index.ts'
import { createSimulatedTdxCa, createSimulatedTdxCollateral, createSimulatedTdxQuote, getSimulatedTdxCa } from '../../src/simulator/tdx-quote.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const status = (r: TdxVerification, id: string) => r.checks.find((c) => c.id === id)?.status
const reportData = new Uint8Array(64).map((_, i) => i)

describe('simulated TDX quotes', () => {
  const ca = getSimulatedTdxCa()
  const { quote, root } = createSimulatedTdxQuote({ reportData, measurements: { mrTd: 'ab'.repeat(48), rtmr3: 'cd'.repeat(48) } })

  it('parse like a real v4 quote, with a PCK chain carrying the SGX extension', async () => {
    const q = parseTdxQuote(quote)
    expect(q.version).toBe(4)
    expect(q.body.reportData).toBe(bytesToHex(reportData))
    expect(q.body.mrTd).toBe('ab'.repeat(48))
    expect(q.body.rtmr3).toBe('cd'.repeat(48))
    expect(q.debug).toBe(false)
    expect(q.pckError).toBeUndefined()
    expect(q.pck).toMatchObject({ fmspc: ca.fmspc, pceId: '0000', pceSvn: ca.pceSvn, sgxTcbComponents: ca.sgxTcbComponents })
    expect(q.pckChain.map((c) => c.fingerprint)).toEqual([ca.pck.fingerprint, ca.platformCa.fingerprint, ca.root.fingerprint])
    expect(root.fingerprint).not.toBe(INTEL_SGX_ROOT_CA_FINGERPRINT)
  })

  it('fail the chain with the default (Intel) root', async () => {
    const r = await verifyTdxQuote(quote)
    expect(status(r, 'tdx.quote.signature')).toBe('passed')
    expect(status(r, 'tdx.qe.reportdata')).toBe('passed')
    expect(status(r, 'tdx.qe.signature')).toBe('passed')
    expect(status(r, 'tdx.pck.chain')).toBe('failed')
    expect(r.ok).toBe(false)
    expect(r.simulated).toBe(false)
  })

  it.each([
    ['PEM', root.pem],
    ['DER', root.der],
    ['fingerprint', root.fingerprint],
  ])('pass every cryptographic check with the simulator root (%s) and say simulated', async (_kind, trusted) => {
    const r = await verifyTdxQuote(quote, { trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT, trusted], expectedReportData: reportData })
    expect(r.checks.filter((c) => c.status === 'failed')).toEqual([])
    expect(r.ok).toBe(true)
    expect(r.simulated).toBe(true)
    expect(r.checks.find((c) => c.id === 'tdx.pck.chain')?.detail).toMatch(/simulated/)
    expect(status(r, 'tdx.reportdata')).toBe('passed')
  })

  it('builds certificates that independent X.509 code accepts (Node crypto, openssl)', async () => {
    const [pck, platform, rootCert] = [ca.pck, ca.platformCa, ca.root].map((c) => new X509Certificate(c.pem))
    expect(pck!.verify(platform!.publicKey)).toBe(true)
    expect(platform!.verify(rootCert!.publicKey)).toBe(true)
    expect(rootCert!.verify(rootCert!.publicKey)).toBe(true)
    expect(rootCert!.ca).toBe(true)
    expect(pck!.ca).toBe(false)
    expect(pck!.checkIssued(platform!)).toBe(true)
    let openssl = ''
    try {
      openssl = execFileSync('openssl', ['version'], { encoding: 'utf8' })
    } catch {
      return
    }
    if (!openssl) return
    const dir = tempDir('sealkit-sim-')
    writeFileSync(join(dir, 'root.pem'), ca.root.pem)
    writeFileSync(join(dir, 'chain.pem'), ca.platformCa.pem)
    writeFileSync(join(dir, 'pck.pem'), ca.pck.pem)
    const out = execFileSync('openssl', ['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'chain.pem'), join(dir, 'pck.pem')], { encoding: 'utf8' })
    expect(out).toMatch(/OK/)
  })

  it('a fresh CA is independent: its quotes fail under another simulator root', async () => {
    const other = createSimulatedTdxCa()
    const q = createSimulatedTdxQuote({ reportData, ca: other })
    expect(status(await verifyTdxQuote(q.quote, { trustedRoots: [root.pem] }), 'tdx.pck.chain')).toBe('failed')
    expect((await verifyTdxQuote(q.quote, { trustedRoots: [other.root.pem] })).ok).toBe(true)
  })

  it('a debug TD is still refused', async () => {
    const q = createSimulatedTdxQuote({ reportData, measurements: { tdAttributes: '0100001000000000' } })
    const r = await verifyTdxQuote(q.quote, { trustedRoots: [root.pem] })
    expect(r.error?.code).toBe('TDX_DEBUG_ENCLAVE')
  })
})

describe('simulated collateral', () => {
  const ca = getSimulatedTdxCa()
  const { quote, root } = createSimulatedTdxQuote({ reportData })

  it('gives UpToDate with all collateral checks passing', async () => {
    const r = await verifyTdxQuote(quote, { trustedRoots: [root.pem], collateral: createSimulatedTdxCollateral() })
    // Intel's pinned QE identity and certificate names do not apply to a simulated quote: not checked.
    expect(r.checks.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual(['tdx.pinned.qe', 'tdx.pinned.pck', 'tdx.pinned.oids', 'tdx.pinned.module', 'tdx.reportdata', 'tdx.mrconfigid', 'tdx.rtmr.replay', 'tdx.measurements'])
    expect(r.tcb?.status).toBe('UpToDate')
  })

  it('reports OutOfDate with advisories', async () => {
    const r = await verifyTdxQuote(quote, { trustedRoots: [root.pem], collateral: createSimulatedTdxCollateral({ tcbStatus: 'OutOfDate', advisoryIds: ['INTEL-SA-00000'] }) })
    expect(r.tcb).toMatchObject({ status: 'OutOfDate', advisoryIds: ['INTEL-SA-00000'] })
    expect(status(r, 'tdx.tcb.status')).toBe('failed')
  })

  it('detects a revoked PCK certificate', async () => {
    const r = await verifyTdxQuote(quote, { trustedRoots: [root.pem], collateral: createSimulatedTdxCollateral({ revokedPckSerials: ['01', ca.pck.serialNumber] }) })
    expect(r.checks.find((c) => c.id === 'tdx.collateral.crl')).toMatchObject({ status: 'failed', detail: expect.stringMatching(/PCK certificate \(serial [0-9a-f]+\) is revoked/) })
  })

  it('expired collateral fails freshness', async () => {
    const issuedAt = new Date(Date.now() - 40 * 86_400_000)
    const r = await verifyTdxQuote(quote, { trustedRoots: [root.pem], collateral: createSimulatedTdxCollateral({ issuedAt, nextUpdate: new Date(issuedAt.getTime() + 86_400_000) }) })
    expect(status(r, 'tdx.collateral.freshness')).toBe('failed')
  })

  it('Intel-rooted verification refuses the simulated collateral', async () => {
    const r = await verifyTdxQuote(quote, { collateral: createSimulatedTdxCollateral() })
    expect(status(r, 'tdx.collateral.tcbinfo')).toBe('failed')
    expect(status(r, 'tdx.collateral.crl')).toBe('failed')
  })
})
