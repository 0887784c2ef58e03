import { p256, p384 } from '@noble/curves/nist.js'
import { sha256, sha384 } from '@noble/hashes/sha2.js'
import { describe, expect, it } from 'vitest'
import { bytesToHex, concatBytes, generateNonce, hexToBytes, utf8Encode } from '../../src/core/crypto/index.ts'
import { createEvidence, QUOTE_REPORT_DATA_OFFSET, reportDataFor, type EventLogEntry } from '../../src/simulator/index.ts'

// The invariants the simulated evidence promises (see evidence.ts): structure and internal consistency only.
const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8)
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0

describe('createEvidence', () => {
  const nonce = generateNonce()
  const reportData = reportDataFor('0x' + 'ab'.repeat(20), nonce)
  const ev = createEvidence({ reportData, nonce })
  const quote = hexToBytes(ev.intel_quote)

  it('builds a TDX v4 quote header and puts REPORTDATA at its place', () => {
    expect(u16(quote, 0)).toBe(4)
    expect(u16(quote, 2)).toBe(2)
    expect(u32(quote, 4)).toBe(0x81)
    expect(bytesToHex(quote.subarray(QUOTE_REPORT_DATA_OFFSET, QUOTE_REPORT_DATA_OFFSET + 64))).toBe(bytesToHex(reportData))
    expect(u32(quote, 632)).toBe(quote.length - 636)
    // TDATTRIBUTES bit 0 (debug) clear
    expect(quote[48 + 120]! & 1).toBe(0)
  })

  it('signs the quote with the embedded attestation key, whose hash the QE report binds', () => {
    const sig = quote.subarray(636, 700)
    const attKey = quote.subarray(700, 764)
    expect(p256.verify(sig, quote.subarray(0, 632), concatBytes(Uint8Array.of(4), attKey))).toBe(true)
    expect(u16(quote, 764)).toBe(6)
    const qeReport = quote.subarray(770, 770 + 384)
    const authLen = u16(quote, 770 + 384 + 64)
    const auth = quote.subarray(770 + 384 + 64 + 2, 770 + 384 + 64 + 2 + authLen)
    expect(bytesToHex(qeReport.subarray(320, 352))).toBe(bytesToHex(sha256(concatBytes(attKey, auth))))
  })

  it('binds app_compose in MRCONFIGID and replays the event log to RTMR0-3', () => {
    const tcb = ev.info.tcb_info as Record<string, string> & { event_log: EventLogEntry[] }
    const mrconfigid = bytesToHex(quote.subarray(48 + 184, 48 + 232))
    expect(mrconfigid).toBe('01' + bytesToHex(sha256(utf8Encode(tcb.app_compose!))) + '00'.repeat(15))
    expect(tcb.compose_hash).toBe(ev.info.compose_hash)
    const rtmrs = [0, 1, 2, 3].map(() => new Uint8Array(48))
    for (const e of ev.event_log) {
      if (e.imr === 3) {
        const le = new Uint8Array(4)
        new DataView(le.buffer).setUint32(0, e.event_type, true)
        expect(bytesToHex(sha384(concatBytes(le, utf8Encode(`:${e.event}:`), hexToBytes(e.event_payload))))).toBe(e.digest)
      }
      rtmrs[e.imr] = sha384(concatBytes(rtmrs[e.imr]!, hexToBytes(e.digest)))
    }
    for (let i = 0; i < 4; i++) {
      expect(bytesToHex(rtmrs[i]!)).toBe(tcb[`rtmr${i}`])
      expect(bytesToHex(quote.subarray(48 + 328 + i * 48, 48 + 376 + i * 48))).toBe(tcb[`rtmr${i}`])
    }
  })

  it('puts the nonce in the GPU evidence at bytes 4..36 and signs it with P-384', () => {
    const payload = JSON.parse(ev.nvidia_payload!) as { nonce: string; arch: string; evidence_list: Array<{ evidence: string; arch: string }> }
    expect(payload.nonce).toBe(nonce)
    expect(payload.arch).toBe('HOPPER')
    const spdm = Uint8Array.from(atob(payload.evidence_list[0]!.evidence), (c) => c.charCodeAt(0))
    expect(bytesToHex(spdm.subarray(4, 36))).toBe(nonce)
    expect(spdm.length).toBeGreaterThan(96)
    expect(() => p384.Signature.fromBytes(spdm.subarray(spdm.length - 96))).not.toThrow()
  })

  it('rejects malformed input', () => {
    expect(() => createEvidence({ reportData: new Uint8Array(63), nonce })).toThrow()
    expect(() => createEvidence({ reportData, nonce: 'abcd' })).toThrow()
  })
})
