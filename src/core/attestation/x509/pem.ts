/**
 * PEM and base64 decoding without Node's Buffer, so it runs in browsers and workers.
 *
 * @example
 * ```ts
 * const ders = pemBlocks(chainPem)        // one Uint8Array per CERTIFICATE block, in order
 * const bytes = base64ToBytes('AAEC')     // Uint8Array [0, 1, 2]
 * ```
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64_INDEX = new Int16Array(128).fill(-1)
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i
// base64url letters too: some producers use them and the meaning is unambiguous.
B64_INDEX['-'.charCodeAt(0)] = 62
B64_INDEX['_'.charCodeAt(0)] = 63

/**
 * Decodes standard or URL-safe base64; whitespace is ignored, padding optional.
 * Returns undefined for anything that is not base64 (the caller names the field).
 */
export function tryBase64ToBytes(text: string): Uint8Array | undefined {
  const s = text.replace(/\s+/g, '').replace(/=+$/, '')
  if (s.length % 4 === 1) return undefined
  const out = new Uint8Array(Math.floor((s.length * 3) / 4))
  let acc = 0
  let bits = 0
  let at = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const v = c < 128 ? B64_INDEX[c]! : -1
    if (v < 0) return undefined
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[at++] = (acc >> bits) & 0xff
    }
  }
  return out
}

/** Like {@link tryBase64ToBytes} but throws a plain Error naming the problem. */
export function base64ToBytes(text: string): Uint8Array {
  const out = tryBase64ToBytes(text)
  if (!out) throw new Error('Value is not valid base64')
  return out
}

/** Standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    s += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=') + (i + 2 < bytes.length ? B64[n & 63]! : '=')
  }
  return s
}

/**
 * The DER payloads of every `-----BEGIN <label>-----` block in `pem`, in order.
 * Text between blocks is ignored (chains often carry comments or NUL padding).
 */
export function pemBlocks(pem: string, label = 'CERTIFICATE'): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g')
  const out: Uint8Array[] = []
  for (const m of pem.matchAll(re)) {
    const der = tryBase64ToBytes(m[1] ?? '')
    if (!der) throw new Error(`PEM block ${out.length + 1} (${label}) is not valid base64`)
    out.push(der)
  }
  return out
}

/** Wraps DER bytes as one PEM block with 64-character lines. */
export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = bytesToBase64(der)
  const lines = b64.match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}
