import { CryptoError } from '../errors.ts'

/** Digit value by char code, -1 for anything that is not a hex digit. */
const HEX_VALUE = Int8Array.from({ length: 128 }, (_, c) => {
  const d = String.fromCharCode(c)
  return /[0-9a-fA-F]/.test(d) ? parseInt(d, 16) : -1
})

/** True when `s` is an even-length string of hex digits (no `0x`). */
export function isHex(s: string): boolean {
  if (s.length % 2 !== 0) return false
  // The table, not a regex: every streamed chunk's shape is checked, and /^[0-9a-fA-F]*$/ cost more than decoding it.
  for (let i = 0; i < s.length; i++) if ((HEX_VALUE[s.charCodeAt(i)] ?? -1) < 0) return false
  return true
}

/**
 * Hex to bytes, strict: even length, hex digits only, an optional `0x` prefix.
 * @example hexToBytes('0x0aff') // Uint8Array [10, 255]
 */
export function hexToBytes(hex: string): Uint8Array {
  const start = hex.startsWith('0x') || hex.startsWith('0X') ? 2 : 0
  if ((hex.length - start) % 2 !== 0) throw invalidHex(hex)
  const out = new Uint8Array((hex.length - start) / 2)
  decodeHexInto(hex, start, out, 0)
  return out
}

/**
 * Decodes the even-length hex string `hex` from index `start` into `out` at `at`, with the checks of
 * `hexToBytes` (no prefix handling); saves the copy when the bytes are wanted in a buffer that exists
 * already, such as WASM linear memory. Throws `INVALID_HEX` at the first non-digit.
 */
export function decodeHexInto(hex: string, start: number, out: Uint8Array, at: number): void {
  // A table lookup per digit: every E2EE chunk is ~200 hex digits, and parseInt per byte cost more than HKDF.
  for (let i = at, j = start, end = at + (hex.length - start) / 2; i < end; i++, j += 2) {
    const hi = HEX_VALUE[hex.charCodeAt(j)] ?? -1
    const lo = HEX_VALUE[hex.charCodeAt(j + 1)] ?? -1
    if ((hi | lo) < 0) throw invalidHex(hex)
    out[i] = (hi << 4) | lo
  }
}

const invalidHex = (hex: string) => new CryptoError('INVALID_HEX', { message: 'Value is not valid hex', details: { length: hex.length } })

const HEX_TABLE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Bytes to lowercase hex, no prefix. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i++) s += HEX_TABLE[bytes[i]!]
  return s
}

/** The parts, one after another, in a new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Constant-time equality for equal-length byte arrays. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

/** Overwrites key material in place. Call when a private key is no longer needed. */
export function zeroize(bytes: Uint8Array | undefined): void {
  bytes?.fill(0)
}

/** UTF-8 bytes of a string. */
export const utf8Encode = (s: string): Uint8Array => new TextEncoder().encode(s)
// One decoder for every call: decode() without { stream: true } keeps no state between calls.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true })
/** Strict UTF-8 decoding: invalid sequences throw rather than becoming U+FFFD. */
export const utf8Decode = (b: Uint8Array): string => STRICT_UTF8.decode(b)
