/**
 * A minimal, strict DER reader: just enough ASN.1 for X.509 certificates and CRLs.
 *
 * Why our own instead of a full ASN.1 library: signature checks need the exact
 * bytes of `tbsCertificate` / `tbsCertList` as they were signed, and a reader that
 * only records offsets into the original buffer gives those for free (re-encoding a
 * decoded structure is not guaranteed to reproduce them). Every node keeps a view
 * into the input, nothing is copied.
 *
 * @example
 * ```ts
 * const cert = readDer(der)            // the outer SEQUENCE
 * const [tbs, alg, sig] = cert.children()
 * tbs.raw                               // the exact signed bytes
 * ```
 */

/** Thrown for malformed DER; callers turn it into their own typed error. */
export class DerError extends Error {
  override readonly name = 'DerError'
}

/** Universal tags we care about. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const

export interface DerNode {
  /** The identifier octet (class, constructed bit and tag number). */
  readonly tag: number
  /** Header + content, as it appears in the input. */
  readonly raw: Uint8Array
  /** Content octets only. */
  readonly value: Uint8Array
  /** Offset of the node in the buffer it was read from. */
  readonly offset: number
  /** Parses the content as a sequence of nodes (constructed types). */
  children(): DerNode[]
}

/**
 * Reads one DER node at `offset` of `bytes`. With `requireWhole` (the default at
 * offset 0) trailing bytes after the node are an error.
 */
export function readDer(bytes: Uint8Array, offset = 0, requireWhole = offset === 0): DerNode {
  const node = readNode(bytes, offset)
  if (requireWhole && node.offset + node.raw.length !== bytes.length) {
    throw new DerError(`${bytes.length - node.raw.length - offset} trailing bytes after the DER value`)
  }
  return node
}

function readNode(bytes: Uint8Array, offset: number): DerNode {
  if (offset + 2 > bytes.length) throw new DerError(`DER value truncated at offset ${offset}`)
  const tag = bytes[offset]!
  // High-tag-number form never occurs in X.509 structures.
  if ((tag & 0x1f) === 0x1f) throw new DerError(`Unsupported multi-byte tag at offset ${offset}`)
  let length = bytes[offset + 1]!
  let header = 2
  if (length & 0x80) {
    const n = length & 0x7f
    // 0x80 is the BER indefinite form, which DER forbids; 4 length octets cover 4 GiB.
    if (n === 0 || n > 4) throw new DerError(`Invalid DER length form at offset ${offset}`)
    if (offset + 2 + n > bytes.length) throw new DerError(`DER length truncated at offset ${offset}`)
    length = 0
    for (let i = 0; i < n; i++) length = length * 256 + bytes[offset + 2 + i]!
    header += n
  }
  const end = offset + header + length
  if (end > bytes.length) throw new DerError(`DER value at offset ${offset} claims ${length} bytes, only ${bytes.length - offset - header} left`)
  const raw = bytes.subarray(offset, end)
  const value = bytes.subarray(offset + header, end)
  let kids: DerNode[] | undefined
  return {
    tag,
    raw,
    value,
    offset,
    children() {
      if (!(tag & 0x20)) throw new DerError(`Tag 0x${tag.toString(16)} at offset ${offset} is not constructed`)
      if (!kids) {
        kids = []
        let at = 0
        while (at < value.length) {
          const child = readNode(value, at)
          kids.push(child)
          at += child.raw.length
        }
      }
      return kids
    },
  }
}

/** Asserts a node's tag, with a message naming what was expected. */
export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node) throw new DerError(`Missing ${what}`)
  if (node.tag !== tag) throw new DerError(`Expected ${what} (tag 0x${tag.toString(16)}), found tag 0x${node.tag.toString(16)}`)
  return node
}

/** Dotted-decimal form of an OBJECT IDENTIFIER node. */
export function readOid(node: DerNode | undefined, what = 'object identifier'): string {
  const v = expectTag(node, TAG.OID, what).value
  if (v.length === 0) throw new DerError(`Empty ${what}`)
  const parts: number[] = []
  let acc = 0
  for (let i = 0; i < v.length; i++) {
    acc = acc * 128 + (v[i]! & 0x7f)
    if (!(v[i]! & 0x80)) {
      if (parts.length === 0) {
        const first = acc < 40 ? 0 : acc < 80 ? 1 : 2
        parts.push(first, acc - first * 40)
      } else parts.push(acc)
      acc = 0
    }
  }
  return parts.join('.')
}

/** Unsigned INTEGER content as bytes without the sign-padding zero (serial numbers, ECDSA r/s). */
export function readUnsignedInteger(node: DerNode | undefined, what = 'integer'): Uint8Array {
  let v = expectTag(node, TAG.INTEGER, what).value
  while (v.length > 1 && v[0] === 0) v = v.subarray(1)
  return v
}

/** A small non-negative INTEGER as a number (versions, path lengths). */
export function readSmallInteger(node: DerNode | undefined, what = 'integer'): number {
  const v = expectTag(node, TAG.INTEGER, what).value
  if (v.length === 0 || v.length > 6 || v[0]! & 0x80) throw new DerError(`${what} is not a small non-negative integer`)
  let n = 0
  for (const b of v) n = n * 256 + b
  return n
}

export function readBoolean(node: DerNode | undefined, what = 'boolean'): boolean {
  const v = expectTag(node, TAG.BOOLEAN, what).value
  if (v.length !== 1) throw new DerError(`Invalid ${what}`)
  return v[0] !== 0
}

/** BIT STRING content, with the count of unused bits in the last byte. */
export function readBitString(node: DerNode | undefined, what = 'bit string'): { bytes: Uint8Array; unusedBits: number } {
  const v = expectTag(node, TAG.BIT_STRING, what).value
  if (v.length === 0 || v[0]! > 7) throw new DerError(`Invalid ${what}`)
  return { bytes: v.subarray(1), unusedBits: v[0]! }
}

/** UTCTime (two-digit years: 50-99 -> 19xx) or GeneralizedTime, both in `Z` form as DER requires. */
export function readTime(node: DerNode | undefined, what = 'time'): Date {
  if (!node) throw new DerError(`Missing ${what}`)
  const s = String.fromCharCode(...node.value)
  let m: RegExpMatchArray | null
  let year: number
  if (node.tag === TAG.UTC_TIME && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s))) {
    const yy = Number(m[1])
    year = yy >= 50 ? 1900 + yy : 2000 + yy
  } else if (node.tag === TAG.GENERALIZED_TIME && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s))) {
    year = Number(m[1])
  } else {
    throw new DerError(`Invalid ${what}: ${JSON.stringify(s)}`)
  }
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])))
}

/** Text of a string-typed node (UTF8String, PrintableString, IA5String, ...). */
export function readString(node: DerNode): string {
  if (node.tag === 0x1e) {
    // BMPString: UTF-16BE
    let s = ''
    for (let i = 0; i + 1 < node.value.length; i += 2) s += String.fromCharCode((node.value[i]! << 8) | node.value[i + 1]!)
    return s
  }
  return new TextDecoder('utf-8').decode(node.value)
}
