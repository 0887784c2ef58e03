import { describe, expect, it } from 'vitest'
import { NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT, parseNvidiaPayload, parseSpdmMeasurements, verifyGpuEvidence, type GpuEvidenceResult } from '../../src/core/attestation/nvidia/index.ts'
import { bytesToHex } from '../../src/core/crypto/hex.ts'
import { createGpuTestAuthority, createSimulatedGpuEvidence, simulatorGpuAuthority } from '../../src/simulator/gpu-evidence.ts'
import { OTHER_NONCE, b64, mapEntry } from './nvidia-helpers.ts'

const nonce = '5a'.repeat(32)
const failedIds = (r: GpuEvidenceResult) => r.checks.filter((c) => c.status === 'failed').map((c) => c.id)
const all = (n: number, check: string) => Array.from({ length: n }, (_, i) => `gpu.${i}.${check}`)

describe('createSimulatedGpuEvidence', () => {
  const { payload, root } = createSimulatedGpuEvidence({ nonce, gpus: 8 })

  it('has the real payload shape: JSON string, base64 SPDM 1.1 evidence, 5-certificate PEM chains', async () => {
    const p = parseNvidiaPayload(payload)
    expect(p).toMatchObject({ nonce, arch: 'HOPPER' })
    expect(p.gpus).toHaveLength(8)
    for (const g of p.gpus) {
      expect(g.encoding).toBe('binary')
      expect(g.certificates).toHaveLength(5)
      const spdm = parseSpdmMeasurements(g.evidence)
      expect(spdm.version).toBe(0x11)
      expect(bytesToHex(spdm.request.nonce)).toBe(nonce)
      expect(spdm.measurements).toHaveLength(64)
    }
  })

  it("fails the chain check of every GPU under NVIDIA's pinned root", async () => {
    const r = await verifyGpuEvidence(payload, { nonce })
    expect(failedIds(r)).toEqual(all(8, 'chain'))
    expect(r.verified).toBe(false)
    expect(r.simulated).toBe(false)
    expect(r.checks.find((c) => c.id === 'gpu.0.chain')?.detail).toMatch(/sealkit simulator TEST .* is not a trusted root/)
  })

  it('verifies, marked simulated, when the caller trusts the test root (fingerprint or PEM)', async () => {
    for (const trusted of [root.fingerprint, root.pem, root.der]) {
      const r = await verifyGpuEvidence(payload, { nonce, trustedRoots: [NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT, trusted] })
      expect(failedIds(r)).toEqual([])
      expect(r.verified).toBe(true)
      expect(r.simulated).toBe(true)
      expect(r.gpus.every((g) => g.rootFingerprint === root.fingerprint && g.driverVersion === '570.172.08')).toBe(true)
    }
  })

  it('binds the nonce and the signature like real evidence', async () => {
    const opts = { trustedRoots: [root.fingerprint] }
    expect(failedIds(await verifyGpuEvidence(payload, { ...opts, nonce: OTHER_NONCE }))).toEqual(all(8, 'nonce'))
    const tampered = mapEntry(payload, 6, (e) => {
      const bytes = b64.decode(e.evidence)
      bytes[200]! ^= 0x40
      e.evidence = b64.encode(bytes)
    })
    expect(failedIds(await verifyGpuEvidence(tampered, { ...opts, nonce }))).toEqual(['gpu.6.signature'])
  })

  it('keeps one test chain per start-up and stable devices; fresh authorities are independent', async () => {
    const again = createSimulatedGpuEvidence({ nonce: OTHER_NONCE, gpus: 2 })
    expect(again.root.fingerprint).toBe(root.fingerprint)
    expect(simulatorGpuAuthority().root.fingerprint).toBe(root.fingerprint)
    const serials = async (p: string) => (await verifyGpuEvidence(p, { nonce: JSON.parse(p).nonce, trustedRoots: [root.fingerprint] })).gpus.map((g) => g.deviceSerial)
    expect(await serials(again.payload)).toEqual((await serials(payload)).slice(0, 2))

    const other = createSimulatedGpuEvidence({ nonce, gpus: 1, authority: createGpuTestAuthority() })
    expect(other.root.fingerprint).not.toBe(root.fingerprint)
    expect(failedIds(await verifyGpuEvidence(other.payload, { nonce, trustedRoots: [root.fingerprint] }))).toEqual(['gpu.0.chain'])
  })

  it('rejects bad input', async () => {
    expect(() => createSimulatedGpuEvidence({ nonce: 'abcd' })).toThrow(/32 bytes/)
    expect(() => createSimulatedGpuEvidence({ nonce, gpus: 0 })).toThrow(/1 to 64/)
    expect(parseNvidiaPayload(createSimulatedGpuEvidence({ nonce, arch: 'BLACKWELL' }).payload).gpus[0]!.arch).toBe('BLACKWELL')
  })
})
