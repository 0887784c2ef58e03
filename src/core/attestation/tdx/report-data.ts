import { sha256 } from '@noble/hashes/sha2.js'
import { bytesEqual, bytesToHex, concatBytes, hexToBytes } from '../../crypto/hex.ts'
import type { Check } from '../report.ts'

/**
 * REPORTDATA binding (PROTOCOL.md check 3): the 64 bytes the TD put into its quote
 * must be exactly what we expect, all 64 of them, or the quote could belong to
 * another key or an old request.
 *
 * Layouts the NEAR AI inference proxy (behind Venice) produces:
 * - address:  signing address (20 bytes) || 12 zero bytes || nonce (32)
 * - key:      a 32-byte signing key (ed25519) || nonce (32); generally, the signer
 *             bytes right-padded with zeros to 32 bytes
 * - TLS:      sha256(signer bytes || TLS certificate fingerprint bytes) || nonce (32)
 *
 * @example
 * ```ts
 * expectedReportData({ signer: '0x6525e128…e934', nonce })                       // address variant
 * expectedReportData({ signer: ed25519KeyHex, nonce, tlsFingerprint: fprHex })   // TLS variant
 * checkReportData(quote.body.reportData, { signer, nonce })
 * ```
 */

export interface ReportDataExpectation {
  /** Signing address (20 bytes) or public key (up to 32 bytes), hex with or without 0x. */
  signer: string | Uint8Array
  /** Our 32-byte nonce, hex. */
  nonce: string | Uint8Array
  /** NEAR's TLS-bound variant: the TLS certificate fingerprint (hex, colons allowed). */
  tlsFingerprint?: string | Uint8Array
}

/** What REPORTDATA must equal: the 64 bytes (hex or bytes), or the signer and nonce to compute them from. */
export type ExpectedReportData = string | Uint8Array | ReportDataExpectation

const toBytes = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? hexToBytes(v.trim().replace(/:/g, '')) : v)

/** The 64 REPORTDATA bytes a report should carry. Throws (CryptoError / Error) on malformed inputs. */
export function expectedReportData(expectation: ReportDataExpectation): Uint8Array {
  const signer = toBytes(expectation.signer)
  const nonce = toBytes(expectation.nonce)
  if (nonce.length !== 32) throw new Error(`The nonce must be 32 bytes, got ${nonce.length}`)
  let first: Uint8Array
  if (expectation.tlsFingerprint !== undefined) {
    first = sha256(concatBytes(signer, toBytes(expectation.tlsFingerprint)))
  } else {
    if (signer.length > 32) throw new Error(`The signer must be at most 32 bytes (an address or a 32-byte key), got ${signer.length}`)
    first = new Uint8Array(32)
    first.set(signer)
  }
  return concatBytes(first, nonce)
}

function describe(expectation: ExpectedReportData): string {
  if (typeof expectation === 'string' || expectation instanceof Uint8Array) return 'the expected 64 bytes'
  if (expectation.tlsFingerprint !== undefined) return 'sha256(signer || TLS fingerprint) || nonce'
  const n = toBytes(expectation.signer).length
  return n === 20 ? 'signing address || 12 zero bytes || nonce' : `signer (${n} bytes, zero-padded to 32) || nonce`
}

/** Compares all 64 bytes; the detail says which half differs. */
export function checkReportData(reportDataHex: string, expectation: ExpectedReportData | undefined): Check {
  const base = { id: 'tdx.reportdata', label: 'Report data binds key and nonce' }
  if (expectation === undefined) return { ...base, status: 'skipped', detail: 'No expected report data was given (signing key and nonce unknown).' }
  let expected: Uint8Array
  try {
    expected = typeof expectation === 'string' || expectation instanceof Uint8Array ? toBytes(expectation) : expectedReportData(expectation)
  } catch (e) {
    return { ...base, status: 'failed', detail: `Cannot compute the expected report data: ${(e as Error).message}.` }
  }
  const actual = hexToBytes(reportDataHex)
  const evidence = { expected: bytesToHex(expected), actual: reportDataHex }
  if (expected.length !== 64) return { ...base, status: 'failed', detail: `Expected report data must be 64 bytes, got ${expected.length}.`, evidence }
  if (bytesEqual(expected, actual)) return { ...base, status: 'passed', detail: `REPORTDATA = ${describe(expectation)}: all 64 bytes match.`, evidence }
  const firstOk = bytesEqual(expected.subarray(0, 32), actual.subarray(0, 32))
  const secondOk = bytesEqual(expected.subarray(32), actual.subarray(32))
  const which = !firstOk && !secondOk ? 'both halves differ' : !firstOk ? 'bytes 0..31 (the key binding) differ' : 'bytes 32..63 (the nonce) differ: possible replay'
  return { ...base, status: 'failed', detail: `REPORTDATA does not match ${describe(expectation)}: ${which}.`, evidence }
}
