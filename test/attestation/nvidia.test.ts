// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { describe, expect, it } from 'vitest'
import { bytesToHex, hexToBytes } from '../../src/core/crypto/hex.ts'
import {
  NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT,
  formatVbiosVersion,
  parseNvidiaPayload,
  parseOpaqueData,
  parseSpdmMeasurements,
  verifyGpuEvidence,
  type GpuEvidenceResult,
} from '../../src/core/attestation/nvidia/index.ts'
import { CertificateCache, derToPem, fingerprintOf, pemBlocks } from '../../src/core/attestation/x509/index.ts'
import { readReal, readRealJson } from '../fixtures.ts'
import { NEAR_CLOUD, NEAR_DIRECT, OTHER_NONCE, VENICE_0424, VENICE_0610, b64, mapEntry, payloadOf, reportOf } from './nvidia-helpers.ts'
import { rejectedCode, thrownCode } from '../helpers/error-code.ts'

const statusOf = (r: GpuEvidenceResult, id: string) => r.checks.find((c) => c.id === id)?.status
const failedIds = (r: GpuEvidenceResult) => r.checks.filter((c) => c.status === 'failed').map((c) => c.id)

function messageOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    return (e as Error).message
  }
  return ''
}

const venicePayload = payloadOf(VENICE_0610)

describe('parseNvidiaPayload', () => {
  it('decodes the real Venice payload (a JSON string, base64 SPDM + base64 PEM chains)', async () => {
    const p = parseNvidiaPayload(venicePayload)
    expect(p.nonce).toBe(VENICE_0610.nonce)
    expect(p.arch).toBe('HOPPER')
    expect(p.gpus).toHaveLength(8)
    for (const [i, gpu] of p.gpus.entries()) {
      expect(gpu.index).toBe(i)
      expect(gpu.arch).toBe('HOPPER')
      expect(gpu.encoding).toBe('binary')
      expect(gpu.evidence.length).toBe(4266)
      expect(gpu.certificates).toHaveLength(5)
      expect(gpu.nonce).toBe(VENICE_0610.nonce)
    }
  })

  it('accepts the parsed object as well as the JSON text', async () => {
    const fromText = parseNvidiaPayload(venicePayload)
    const fromObject = parseNvidiaPayload(JSON.parse(venicePayload))
    expect(bytesToHex(fromObject.gpus[3]!.evidence)).toBe(bytesToHex(fromText.gpus[3]!.evidence))
  })

  it('decodes the legacy format (evidence = base64 of hex text)', async () => {
    const legacy = readRealJson('attestation-reports', 'nearai-private-ml-sdk__e2e-readme-quote-output.json').nvidia_payload
    const p = parseNvidiaPayload(legacy)
    expect(p.gpus.length).toBeGreaterThan(0)
    for (const gpu of p.gpus) {
      expect(gpu.encoding).toBe('hex')
      expect(gpu.evidence[0]).toBe(0x11)
      expect(gpu.evidence[1]).toBe(0xe0)
      expect(gpu.certificates).toHaveLength(5)
      expect(bytesToHex(gpu.evidence.subarray(4, 36))).toBe(p.nonce)
    }
  })

  it('accepts evidence given as bare hex and a chain given as raw PEM', async () => {
    const evidenceHex = readReal('nvidia', 'nvtrust__hopperAttestationReport.hex.txt').trim()
    const pem = readReal('nvidia', 'nvtrust__hopperCertChain.pem')
    const p = parseNvidiaPayload({ evidence_list: [{ evidence: evidenceHex, certificate: pem }] })
    expect(p.gpus[0]!.encoding).toBe('hex')
    expect(p.gpus[0]!.certificates).toHaveLength(5)
    expect(p.nonce).toBeUndefined()
  })

  const cases: Array<[string, unknown, RegExp]> = [
    ['not JSON', '{nope', /not valid JSON/],
    ['not an object', '[1,2]', /expected an object, got an array/],
    ['null', null, /expected an object, got null/],
    ['no evidence_list', { nonce: 'aa' }, /evidence_list must be an array/],
    ['empty evidence_list', { evidence_list: [] }, /evidence_list is empty/],
    ['entry not an object', { evidence_list: ['x'] }, /evidence_list\[0\] must be an object/],
    ['missing evidence', { evidence_list: [{ certificate: 'AA==' }] }, /evidence_list\[0\]\.evidence must be a non-empty string/],
    ['missing certificate', { evidence_list: [{ evidence: 'EeAB' }] }, /evidence_list\[0\]\.certificate must be a non-empty string/],
    ['evidence not base64', { evidence_list: [{ evidence: '!!!', certificate: 'AA==' }] }, /evidence is neither base64 nor hex/],
    ['certificate without PEM', { evidence_list: [{ evidence: 'EeAB', certificate: btoa('hello') }] }, /holds no PEM CERTIFICATE block/],
    ['nonce not hex', { nonce: 'xyz', evidence_list: [{ evidence: 'EeAB', certificate: 'AA==' }] }, /nonce is not hex/],
    ['arch not a string', { arch: 7, evidence_list: [{ evidence: 'EeAB', certificate: 'AA==' }] }, /arch must be a string/],
  ]
  for (const [name, input, message] of cases) {
    it(`rejects ${name} with ATTESTATION_MALFORMED`, async () => {
      expect(thrownCode(() => parseNvidiaPayload(input))).toBe('ATTESTATION_MALFORMED')
      expect(messageOf(() => parseNvidiaPayload(input))).toMatch(message)
    })
  }
})

describe('parseSpdmMeasurements', () => {
  const evidence = parseNvidiaPayload(venicePayload).gpus[0]!.evidence

  it('reads request, 64 measurement blocks, opaque data and the 96-byte signature', async () => {
    const r = parseSpdmMeasurements(evidence)
    expect(r.version).toBe(0x11)
    expect(bytesToHex(r.request.nonce)).toBe(VENICE_0610.nonce)
    expect(r.request.bytes.length).toBe(37)
    expect(r.request.param2).toBe(0xff)
    expect(r.measurements).toHaveLength(64)
    expect(r.measurements.map((m) => m.index)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1))
    for (const m of r.measurements) {
      expect(m.value.length).toBe(48)
      expect(m.rawBitStream).toBe(false)
    }
    expect(r.opaqueData.length).toBe(571)
    expect(r.signature.length).toBe(96)
    expect(r.signedBytes.length).toBe(evidence.length - 96)
  })

  it('reads the nvtrust Hopper sample', async () => {
    const r = parseSpdmMeasurements(hexToBytes(readReal('nvidia', 'nvtrust__hopperAttestationReport.hex.txt').trim()))
    expect(bytesToHex(r.request.nonce)).toBe('931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb')
    expect(r.signature.length).toBe(96)
  })

  it('rejects truncated, extended and foreign bytes with a clear reason', async () => {
    expect(messageOf(() => parseSpdmMeasurements(evidence.subarray(0, 20)))).toMatch(/truncated at request nonce/)
    expect(messageOf(() => parseSpdmMeasurements(evidence.subarray(0, evidence.length - 1)))).toMatch(/expected a 96-byte signature/)
    const longer = new Uint8Array(evidence.length + 1)
    longer.set(evidence)
    expect(messageOf(() => parseSpdmMeasurements(longer))).toMatch(/found 97 bytes/)
    const wrongCode = evidence.slice()
    wrongCode[1] = 0x81
    expect(messageOf(() => parseSpdmMeasurements(wrongCode))).toMatch(/expected GET_MEASUREMENTS/)
    const wrongVersion = evidence.slice()
    wrongVersion[0] = 0x20
    expect(messageOf(() => parseSpdmMeasurements(wrongVersion))).toMatch(/unsupported SPDM version 0x20/)
    const unsigned = evidence.slice()
    unsigned[2] = 0
    expect(messageOf(() => parseSpdmMeasurements(unsigned))).toMatch(/did not ask for a signed response/)
    expect(thrownCode(() => parseSpdmMeasurements(new Uint8Array(3)))).toBe('ATTESTATION_MALFORMED')
  })
})

describe('parseOpaqueData', () => {
  it('extracts the driver and VBIOS versions NRAS reports for the same GPU', async () => {
    const r = parseSpdmMeasurements(parseNvidiaPayload(venicePayload).gpus[0]!.evidence)
    const info = parseOpaqueData(r.opaqueData)
    expect(info.wellFormed).toBe(true)
    expect(info.driverVersion).toBe('570.172.08')
    expect(info.vbiosVersion).toBe('96.00.CF.00.02')
    expect(info.project).toBe('G520')
    expect(info.projectSku).toBe('0280')
    expect(info.chipSku).toBe('895')
    expect(info.fwid).toHaveLength(96)
    expect(info.fields.find((f) => f.type === 12)?.name).toBe('MSRSCNT')
  })

  it('survives garbage', async () => {
    expect(parseOpaqueData(new Uint8Array([3, 0, 99, 0, 1])).wellFormed).toBe(false)
    expect(parseOpaqueData(new Uint8Array(0))).toEqual({ fields: [], wellFormed: true })
    expect(formatVbiosVersion(new Uint8Array([1, 2]))).toBeUndefined()
  })
})

describe('verifyGpuEvidence: real Venice 2026-06-10 report (8 x H100)', () => {
  const opts = { nonce: VENICE_0610.nonce, at: VENICE_0610.at }

  it('verifies every GPU offline at the capture time', async () => {
    const r = await verifyGpuEvidence(venicePayload, opts)
    expect(failedIds(r)).toEqual([])
    expect(r.verified).toBe(true)
    expect(r.simulated).toBe(false)
    expect(r.gpus).toHaveLength(8)
    for (let i = 0; i < 8; i++) {
      expect(statusOf(r, `gpu.${i}.signature`)).toBe('passed')
      expect(statusOf(r, `gpu.${i}.chain`)).toBe('passed')
      expect(statusOf(r, `gpu.${i}.nonce`)).toBe('passed')
      const g = r.gpus[i]!
      expect(g).toMatchObject({ index: i, arch: 'HOPPER', verified: true, nonceMatches: true, spdmVersion: '1.1', driverVersion: '570.172.08', vbiosVersion: '96.00.CF.00.02' })
      expect(g.rootFingerprint).toBe(NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT)
      expect(g.measurements).toHaveLength(64)
    }
    expect(r.gpus[0]!.ueid).toBe('547205300148529744920006007875358027656874945040')
    expect(new Set(r.gpus.map((g) => g.deviceSerial)).size).toBe(8)
    expect(statusOf(r, 'gpu.payload')).toBe('passed')
    for (const id of ['gpu.nras.jwt', 'gpu.nras.nonce', 'gpu.nras.claims']) expect(statusOf(r, id)).toBe('skipped')
  })

  it('the pinned root is the real NVIDIA Device Identity CA at the end of the chain', async () => {
    const chain = parseNvidiaPayload(venicePayload).gpus[0]!.certificates
    expect(fingerprintOf(chain[chain.length - 1]!)).toBe(NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT)
  })

  it('a different nonce fails the nonce check of every GPU (and only that)', async () => {
    const r = await verifyGpuEvidence(venicePayload, { ...opts, nonce: OTHER_NONCE })
    expect(failedIds(r)).toEqual(Array.from({ length: 8 }, (_, i) => `gpu.${i}.nonce`))
    expect(r.verified).toBe(false)
    expect(r.gpus.every((g) => g.nonceMatches === false && !g.verified)).toBe(true)
    expect(r.checks.find((c) => c.id === 'gpu.3.nonce')?.evidence).toEqual({ nonce: OTHER_NONCE, evidenceNonce: VENICE_0610.nonce })
  })

  it('accepts the nonce as bytes and rejects a nonce that is not 32 bytes', async () => {
    expect((await verifyGpuEvidence(venicePayload, { ...opts, nonce: hexToBytes(VENICE_0610.nonce) })).verified).toBe(true)
    expect(await rejectedCode(() => verifyGpuEvidence(venicePayload, { ...opts, nonce: 'abcd' }))).toBe('NONCE_INVALID')
  })

  for (const [where, offset] of [
    ['a measurement', 37 + 8 + 4 + 3 + 10],
    ['the opaque data', 4266 - 96 - 20],
    ['the request nonce', 10],
    ['the signature', 4266 - 5],
  ] as const) {
    it(`flipping a byte in ${where} fails that GPU's signature check`, async () => {
      const tampered = mapEntry(venicePayload, 2, (e) => {
        const bytes = b64.decode(e.evidence)
        bytes[offset]! ^= 0x01
        e.evidence = b64.encode(bytes)
      })
      const r = await verifyGpuEvidence(tampered, opts)
      const expected = ['gpu.2.signature', ...(where === 'the request nonce' ? ['gpu.2.nonce'] : [])]
      expect(failedIds(r)).toEqual(expected)
      expect(r.gpus[2]!.verified).toBe(false)
      expect(r.gpus.filter((g) => g.verified)).toHaveLength(7)
    })
  }

  it('flipping a byte in a certificate fails the chain, even with warm caches', async () => {
    const cache = new CertificateCache()
    expect((await verifyGpuEvidence(venicePayload, { ...opts, cache })).verified).toBe(true)
    for (const certIndex of [0, 1, 2, 3]) {
      const tampered = mapEntry(venicePayload, 5, (e) => {
        const ders = pemBlocks(new TextDecoder().decode(b64.decode(e.certificate)))
        const der = ders[certIndex]!.slice()
        der[der.length - 3]! ^= 0x01 // inside the signature value of that certificate
        ders[certIndex] = der
        e.certificate = b64.encode(new TextEncoder().encode(ders.map((d) => derToPem(d)).join('')))
      })
      const r = await verifyGpuEvidence(tampered, { ...opts, cache })
      expect(failedIds(r)).toEqual(['gpu.5.chain'])
      expect(r.checks.find((c) => c.id === 'gpu.5.chain')?.detail).toMatch(/signature/)
    }
  })

  it('a tampered device key fails both the SPDM signature and the chain', async () => {
    const tampered = mapEntry(venicePayload, 1, (e) => {
      const ders = pemBlocks(new TextDecoder().decode(b64.decode(e.certificate)))
      const leaf = ders[0]!.slice()
      // Last byte of the P-384 public key Y coordinate: point no longer on the curve / different key.
      const spki = findSubarray(leaf, hexToBytes('06052b81040022'))
      leaf[spki + 7 + 3 + 96]! ^= 0x01
      ders[0] = leaf
      e.certificate = b64.encode(new TextEncoder().encode(ders.map((d) => derToPem(d)).join('')))
    })
    const r = await verifyGpuEvidence(tampered, opts)
    expect(failedIds(r)).toEqual(['gpu.1.signature', 'gpu.1.chain'])
  })

  it('fails the chain against any other pinned root, and when certificates are missing', async () => {
    const r = await verifyGpuEvidence(venicePayload, { ...opts, trustedRoots: ['00'.repeat(32)] })
    expect(failedIds(r)).toEqual(Array.from({ length: 8 }, (_, i) => `gpu.${i}.chain`))
    expect(r.checks.find((c) => c.id === 'gpu.0.chain')?.detail).toMatch(/not a trusted root/)

    const truncated = mapEntry(venicePayload, 0, (e) => {
      const ders = pemBlocks(new TextDecoder().decode(b64.decode(e.certificate)))
      e.certificate = b64.encode(new TextEncoder().encode(ders.slice(0, 3).map((d) => derToPem(d)).join('')))
    })
    expect(failedIds(await verifyGpuEvidence(truncated, opts))).toEqual(['gpu.0.chain'])
  })

  it('honours validity periods at the given time, including the 9999 GeneralizedTime notAfter', async () => {
    expect((await verifyGpuEvidence(venicePayload, { ...opts, at: new Date('9999-12-31T23:59:59Z') })).verified).toBe(true)
    const late = await verifyGpuEvidence(venicePayload, { ...opts, at: new Date('+010000-01-01T00:00:00Z') })
    expect(late.checks.find((c) => c.id === 'gpu.0.chain')?.detail).toMatch(/not valid at/)
    const early = await verifyGpuEvidence(venicePayload, { ...opts, at: new Date('2021-01-01T00:00:00Z') })
    expect(failedIds(early)).toEqual(Array.from({ length: 8 }, (_, i) => `gpu.${i}.chain`))
  })

  it('reports a malformed payload as a failed gpu.payload check instead of throwing', async () => {
    const r = await verifyGpuEvidence('{"evidence_list": 5}', opts)
    expect(r.verified).toBe(false)
    expect(r.payload).toBeUndefined()
    expect(r.checks[0]).toMatchObject({ id: 'gpu.payload', status: 'failed' })
    expect(r.checks[0]!.detail).toMatch(/evidence_list must be an array/)

    const badSpdm = mapEntry(venicePayload, 4, (e) => {
      e.evidence = b64.encode(b64.decode(e.evidence).subarray(0, 100))
    })
    const r2 = await verifyGpuEvidence(badSpdm, opts)
    expect(failedIds(r2)).toEqual(['gpu.4.signature', 'gpu.4.nonce'])
    expect(r2.checks.find((c) => c.id === 'gpu.4.signature')?.detail).toMatch(/SPDM evidence: truncated/)
  })

  it('caches certificate signatures: the 8 GPUs share their CA links', async () => {
    const cache = new CertificateCache()
    await verifyGpuEvidence(venicePayload, { ...opts, cache })
    // 8 x (leaf, BROM) + Provisioner ICA + GH100 Identity + the root's self-signature.
    const cold = cache.size
    expect(cold).toBe(8 * 2 + 3)
    await verifyGpuEvidence(venicePayload, { ...opts, cache })
    expect(cache.size).toBe(cold)
    expect((await verifyGpuEvidence(venicePayload, { ...opts, cache: null })).verified).toBe(true)
  })
})

describe('verifyGpuEvidence: the other real fixtures', () => {
  for (const capture of [VENICE_0424, NEAR_DIRECT, NEAR_CLOUD]) {
    it(`${capture.dir}: 8 GPUs verify at the capture time`, async () => {
      const r = await verifyGpuEvidence(payloadOf(capture), { nonce: capture.nonce, at: capture.at })
      expect(failedIds(r)).toEqual([])
      expect(r.gpus).toHaveLength(8)
      expect(r.verified).toBe(true)
    })
  }

  it('nearai-cloud gpt-oss-120b (nonce deadbeef…01): 8 GPUs verify', async () => {
    const report = readRealJson('attestation-reports', 'nearai-cloud__openai-gpt-oss-120b__nonce-deadbeef__ecdsa.json')
    const nonce = `deadbeef${'0'.repeat(55)}1`
    // Capture time unknown (~2026-03/04); the device chain is valid until 9999.
    const r = await verifyGpuEvidence(report.model_attestations[0].nvidia_payload, { nonce, at: new Date('2026-04-21T00:00:00Z') })
    expect(failedIds(r)).toEqual([])
    expect(r.gpus).toHaveLength(8)
  })

  it('phala private-ai-verifier 1-GPU payload verifies with its own nonce', async () => {
    const payload = readRealJson('nvidia', 'phala-private-ai-verifier__nvidia_payload_1gpu.json')
    const r = await verifyGpuEvidence(payload, { nonce: payload.nonce, at: new Date('2026-01-01T00:00:00Z') })
    expect(failedIds(r)).toEqual([])
    expect(r.gpus).toHaveLength(1)
    expect(r.gpus[0]!.driverVersion).toMatch(/^\d+\.\d+/)
  })

  it('private-ml-sdk legacy payload (hex-in-base64 evidence) verifies', async () => {
    const payload = readRealJson('attestation-reports', 'nearai-private-ml-sdk__e2e-readme-quote-output.json').nvidia_payload
    const nonce = JSON.parse(payload).nonce
    const r = await verifyGpuEvidence(payload, { nonce, at: new Date('2026-01-01T00:00:00Z') })
    expect(failedIds(r)).toEqual([])
    expect(r.verified).toBe(true)
  })

  it("nvtrust's canned Hopper report with its 5-certificate chain verifies", async () => {
    const evidence = readReal('nvidia', 'nvtrust__hopperAttestationReport.hex.txt').trim()
    const certificate = b64.encode(new TextEncoder().encode(readReal('nvidia', 'nvtrust__hopperCertChain.pem')))
    const payload = { arch: 'HOPPER', evidence_list: [{ evidence: b64.encode(hexToBytes(evidence)), certificate }] }
    const r = await verifyGpuEvidence(payload, { nonce: '931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb', at: new Date('2026-01-01T00:00:00Z') })
    expect(failedIds(r)).toEqual([])
    expect(r.gpus[0]!.rootFingerprint).toBe(NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT)
  })

  it('the Venice report object carries the payload the tests use', async () => {
    expect(typeof reportOf(VENICE_0610).nvidia_payload).toBe('string')
  })
})

function findSubarray(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  throw new Error('not found')
}
