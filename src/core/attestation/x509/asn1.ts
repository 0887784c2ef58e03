import * as asn1js from 'asn1js'
import type { DistinguishedName, Extension } from './certificate.ts'

/**
 * The thin layer between our X.509 code and asn1js: asn1js decodes the bytes once
 * (zero-copy: every block keeps a view into the input, so the exact signed
 * `tbsCertificate` / `tbsCertList` bytes come for free, no re-encoding), and the
 * readers below take each field from that one tree (an OID, a Name, a Time, a BIT
 * STRING...) with a typed error when it does not have its shape. (Matching the tree
 * against @peculiar/asn1-schema classes walked it again for every nested type and
 * cost most of a cold first verification.) On top of asn1js' BER decoding we enforce
 * what DER adds: the value spans the whole input, lengths are definite and exact
 * (elements tile their container), tags fit in one octet; and, for certificates and
 * CRLs, `[n]` tags only where the TBS structure has them.
 *
 * @example
 * ```ts
 * const block = decodeDer(der)                       // asn1js block, DER-checked
 * const [tbs, algorithm] = childBlocks(block)        // a certificate's elements
 * rawBytes(tbs)                                      // the exact signed bytes (a view into `der`)
 * algorithmOf(algorithm).oid                         // '1.2.840.10045.4.3.2'
 * readDer(der).children()[0].raw                     // the same bytes, generic node API
 * ```
 */

/** Thrown for malformed DER; callers turn it into their own typed error. */
export class DerError extends Error {
  override readonly name = 'DerError'
}

/** A decoded asn1js value (any universal, application, context or private type). */
export type AsnBlock = asn1js.AsnType

/**
 * `copyInput: false` keeps views into the caller's bytes (no copy);
 * `parseEmbedded: false` stops asn1js from speculatively decoding the content of
 * every OCTET STRING and BIT STRING (keys, signatures, extension values) as BER.
 */
const BER_OPTIONS: asn1js.FromBerOptions = { copyInput: false, parseEmbedded: false }

/** Universal tag numbers we look at directly. */
export const UNIVERSAL = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  OID: 6,
  ENUMERATED: 10,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  SEQUENCE: 16,
  SET: 17,
} as const

/**
 * Decodes one DER value at `offset` of `bytes` with asn1js. With `requireWhole`
 * (the default at offset 0) trailing bytes after the value are an error. With
 * `minimalLengths`, lengths must also use the shortest form (as noble's DER
 * signature parser requires; our certificate reader never did).
 * @throws DerError for truncated or malformed input, indefinite lengths, multi-octet tags.
 */
export function decodeDer(bytes: Uint8Array, offset = 0, requireWhole = offset === 0, minimalLengths = false): AsnBlock {
  const input = offset === 0 ? bytes : bytes.subarray(offset)
  if (input.length === 0) throw new DerError(`DER value truncated at offset ${offset}`)
  let decoded: asn1js.FromBerResult
  try {
    decoded = asn1js.fromBER(input, BER_OPTIONS)
  } catch (e) {
    // Some value decoders (times, strings) throw instead of reporting.
    throw new DerError(`${(e as Error).message} (at offset ${offset})`, { cause: e })
  }
  if (decoded.offset === -1) throw new DerError(`${decoded.result.error || 'cannot decode'} (at offset ${offset})`)
  if (requireWhole && decoded.offset !== input.length) throw new DerError(`${input.length - decoded.offset} trailing bytes after the DER value`)
  checkDer(decoded.result, bytes, minimalLengths)
  return decoded.result
}

/**
 * The DER restrictions asn1js (a BER decoder) does not apply by itself: one-octet
 * tags, definite lengths, and every value exactly the size its length says, its
 * elements tiling its content (asn1js lets an element run past the end of the value
 * that contains it, and stretches the container's view to match).
 */
function checkDer(block: AsnBlock, base: Uint8Array, minimalLengths: boolean): void {
  if (block.idBlock.blockLength !== 1) throw new DerError(`Unsupported multi-byte tag at offset ${offsetIn(block, base)}`)
  // 0x80 is the BER indefinite form, which DER forbids.
  if (block.lenBlock.isIndefiniteForm) throw new DerError(`Invalid DER length form at offset ${offsetIn(block, base)}`)
  const length = block.lenBlock.length
  if (minimalLengths && block.lenBlock.blockLength !== (length < 0x80 ? 1 : 2 + Math.floor(Math.log2(length) / 8))) {
    throw new DerError(`Non-minimal DER length at offset ${offsetIn(block, base)}`)
  }
  if (block.valueBeforeDecodeView.length !== block.idBlock.blockLength + block.lenBlock.blockLength + length) {
    throw new DerError(`DER value at offset ${offsetIn(block, base)} does not match its length (${length} bytes)`)
  }
  if (block.idBlock.isConstructed) {
    let inner = 0
    for (const child of childBlocks(block)) {
      checkDer(child, base, minimalLengths)
      inner += child.valueBeforeDecodeView.length
    }
    if (inner !== length) throw new DerError(`DER value at offset ${offsetIn(block, base)} claims ${length} bytes, its elements take ${inner}`)
  }
}

/**
 * asn1-schema reads a constructed context-specific value (`[n] { ... }`) wherever a
 * SEQUENCE is expected. In certificates and CRLs such tags only occur as direct
 * elements of the TBS structure (`[0]` version / crlExtensions, `[3]` extensions):
 * anything else is malformed, as our own reader used to say.
 */
export function onlyTbsContextTags(root: AsnBlock, tbs: AsnBlock, allowed: readonly number[]): void {
  const walk = (block: AsnBlock, parent: AsnBlock | undefined): void => {
    const id = block.idBlock
    if (id.isConstructed && id.tagClass !== 1 && !(parent === tbs && id.tagClass === 3 && allowed.includes(id.tagNumber))) {
      throw new DerError(`Unexpected tag 0x${tagOctet(block).toString(16)} at offset ${offsetIn(block, root.valueBeforeDecodeView)}`)
    }
    for (const child of childBlocks(block)) walk(child, block)
  }
  walk(root, undefined)
}

const offsetIn = (block: AsnBlock, base: Uint8Array): number => block.valueBeforeDecodeView.byteOffset - base.byteOffset

/** The elements of a constructed value (SEQUENCE, SET, [n] EXPLICIT); empty for primitives. */
export function childBlocks(block: AsnBlock | undefined): AsnBlock[] {
  if (!block?.idBlock.isConstructed) return []
  const value = (block.valueBlock as { value?: unknown }).value
  return Array.isArray(value) ? (value as AsnBlock[]) : []
}

/** The exact encoding (header + content) of a decoded value, a view into the decoded input. */
export const rawBytes = (block: AsnBlock): Uint8Array => block.valueBeforeDecodeView

/** The content octets of a decoded value (definite length only, which {@link decodeDer} guarantees). */
export function contentBytes(block: AsnBlock): Uint8Array {
  const raw = block.valueBeforeDecodeView
  return raw.subarray(raw.length - block.lenBlock.length)
}

export const isUniversal = (block: AsnBlock | undefined, tagNumber: number): boolean => block?.idBlock.tagClass === 1 && block.idBlock.tagNumber === tagNumber
export const isContext = (block: AsnBlock | undefined, tagNumber: number): boolean => block?.idBlock.tagClass === 3 && block.idBlock.tagNumber === tagNumber

/** Identifier octet of a (single-octet-tag) value, for messages and {@link DerNode.tag}. */
const tagOctet = (block: AsnBlock): number => block.valueBeforeDecodeView[0]!

/** Asserts a value's universal tag, with a message naming what was expected. */
export function expectUniversal(block: AsnBlock | undefined, tagNumber: number, what: string): AsnBlock {
  if (!block) throw new DerError(`Missing ${what}`)
  const constructed = tagNumber === UNIVERSAL.SEQUENCE || tagNumber === UNIVERSAL.SET
  if (!isUniversal(block, tagNumber) || block.idBlock.isConstructed !== constructed) {
    const expected = tagNumber | (constructed ? 0x20 : 0)
    throw new DerError(`Expected ${what} (tag 0x${expected.toString(16)}), found tag 0x${tagOctet(block).toString(16)}`)
  }
  return block
}

/** Unsigned INTEGER content without the sign-padding zero (serial numbers). */
export function unsignedIntegerBytes(content: Uint8Array): Uint8Array {
  let v = content
  while (v.length > 1 && v[0] === 0) v = v.subarray(1)
  return v
}

/** A small non-negative INTEGER as a number (versions, path lengths, SVNs). */
export function smallInteger(block: AsnBlock | undefined, what = 'integer'): number {
  const v = contentBytes(expectUniversal(block, UNIVERSAL.INTEGER, what))
  if (v.length === 0 || v.length > 6 || v[0]! & 0x80) throw new DerError(`${what} is not a small non-negative integer`)
  // asn1js' valueDec stops at 4 bytes; its BigInt form does not.
  return Number((block as asn1js.Integer).toBigInt())
}

/** Dotted-decimal form of a decoded OBJECT IDENTIFIER. */
export function oidOf(block: AsnBlock | undefined, what = 'object identifier'): string {
  const b = expectUniversal(block, UNIVERSAL.OID, what)
  if (!(b instanceof asn1js.ObjectIdentifier)) throw new DerError(`Invalid ${what}`)
  return b.valueBlock.toString()
}

// ---------------------------------------------------------------------------
// The generic node API (kept for callers that walk DER themselves)

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

const BLOCKS = new WeakMap<DerNode, AsnBlock>()

function nodeOf(block: AsnBlock, base: Uint8Array): DerNode {
  let kids: DerNode[] | undefined
  const value = contentBytes(block)
  const offset = offsetIn(block, base)
  const node: DerNode = {
    tag: tagOctet(block),
    raw: rawBytes(block),
    value,
    offset,
    children() {
      if (!block.idBlock.isConstructed) throw new DerError(`Tag 0x${tagOctet(block).toString(16)} at offset ${offset} is not constructed`)
      kids ??= childBlocks(block).map((child) => nodeOf(child, value))
      return kids
    },
  }
  BLOCKS.set(node, block)
  return node
}

/** The decoded block behind a node (re-decoded when the node was built elsewhere). */
export function blockOf(node: DerNode | undefined, what: string): AsnBlock {
  if (!node) throw new DerError(`Missing ${what}`)
  return BLOCKS.get(node) ?? decodeDer(node.raw)
}

/**
 * Reads one DER value at `offset` of `bytes` (asn1js underneath). With
 * `requireWhole` (the default at offset 0) trailing bytes after the value are an error.
 * @example readDer(der).children()[0].raw // a certificate's exact tbsCertificate bytes
 */
export function readDer(bytes: Uint8Array, offset = 0, requireWhole = offset === 0): DerNode {
  return nodeOf(decodeDer(bytes, offset, requireWhole), bytes)
}

/** Dotted-decimal form of an OBJECT IDENTIFIER node. */
export function readOid(node: DerNode | undefined, what = 'object identifier'): string {
  return oidOf(blockOf(node, what), what)
}

// ---------------------------------------------------------------------------
// X.509 pieces shared by certificates and CRLs

/** Short names of the attribute types, as OpenSSL prints them. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
}

const latin1 = (b: Uint8Array): string => String.fromCharCode(...b)
const UTF8 = new TextDecoder('utf-8')

/**
 * A Time value as a Date, from asn1js' decoding, after checking the DER form
 * RFC 5280 requires (seconds present, `Z`): UTCTime `YYMMDDHHMMSSZ` (50-99 -> 19xx),
 * GeneralizedTime `YYYYMMDDHHMMSSZ`.
 */
export function timeOf(block: AsnBlock | undefined, what: string): Date {
  if (!block) throw new DerError(`Missing ${what}`)
  const text = latin1(contentBytes(block))
  const form = isUniversal(block, UNIVERSAL.UTC_TIME) ? /^\d{12}Z$/ : isUniversal(block, UNIVERSAL.GENERALIZED_TIME) ? /^\d{14}Z$/ : undefined
  if (!form?.test(text) || !(block instanceof asn1js.UTCTime || block instanceof asn1js.GeneralizedTime)) throw new DerError(`Invalid ${what}: ${JSON.stringify(text)}`)
  return block.toDate()
}

// ---------------------------------------------------------------------------
// Fields read straight from the one asn1js tree: certificates are decoded once and
// read in place, rather than matched against @peculiar schemas (which compares the
// whole tree again, level by level, and costs most of a cold first verification).

/** Universal string types whose text asn1js decodes (UTF8String, PrintableString, TeletexString, IA5String, UniversalString, BMPString). */
const DIRECTORY_STRINGS = new Set([12, 19, 20, 22, 28, 30])

/** A BIT STRING's bits (without the unused-bits octet) and how many trailing bits are unused. */
export function bitStringOf(block: AsnBlock | undefined, what: string): { bytes: Uint8Array; unusedBits: number } {
  const b = expectUniversal(block, UNIVERSAL.BIT_STRING, what)
  if (!(b instanceof asn1js.BitString) || contentBytes(b).length === 0) throw new DerError(`Invalid ${what}`)
  return { bytes: b.valueBlock.valueHexView, unusedBits: b.valueBlock.unusedBits }
}

/** An OCTET STRING's content. */
export function octetStringOf(block: AsnBlock | undefined, what: string): Uint8Array {
  return contentBytes(expectUniversal(block, UNIVERSAL.OCTET_STRING, what))
}

/** A BOOLEAN (one content octet; any non-zero value is true, as asn1js reads it). */
export function booleanOf(block: AsnBlock | undefined, what: string): boolean {
  const v = contentBytes(expectUniversal(block, UNIVERSAL.BOOLEAN, what))
  if (v.length !== 1) throw new DerError(`Invalid ${what}`)
  return v[0] !== 0
}

/** An AlgorithmIdentifier: `SEQUENCE { algorithm OID, parameters ANY OPTIONAL }`. */
export function algorithmOf(block: AsnBlock | undefined, what = 'AlgorithmIdentifier'): { oid: string; parameters?: AsnBlock } {
  const parts = childBlocks(expectUniversal(block, UNIVERSAL.SEQUENCE, what))
  if (parts.length < 1 || parts.length > 2) throw new DerError(`Invalid ${what}: ${parts.length} elements`)
  const out: { oid: string; parameters?: AsnBlock } = { oid: oidOf(parts[0], `${what} algorithm`) }
  if (parts[1]) out.parameters = parts[1]
  return out
}

/**
 * A Name (`SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }`) plus its exact encoding.
 * Attribute values are the decoded text of the directory string types; a value of another
 * type (no CA we know writes one) is read as UTF-8.
 */
export function distinguishedName(block: AsnBlock | undefined, what: string): DistinguishedName {
  const name = expectUniversal(block, UNIVERSAL.SEQUENCE, what)
  const attributes: DistinguishedName['attributes'] = []
  for (const rdn of childBlocks(name)) {
    const atvs = childBlocks(expectUniversal(rdn, UNIVERSAL.SET, `${what} RelativeDistinguishedName`))
    if (atvs.length === 0) throw new DerError(`Empty RelativeDistinguishedName in ${what}`)
    for (const atv of atvs) {
      const parts = childBlocks(expectUniversal(atv, UNIVERSAL.SEQUENCE, `${what} attribute`))
      if (parts.length !== 2) throw new DerError(`Invalid ${what} attribute: ${parts.length} elements`)
      const oid = oidOf(parts[0], `${what} attribute type`)
      const valueBlock = parts[1]!
      const text = (valueBlock.valueBlock as { value?: unknown }).value
      const value = valueBlock.idBlock.tagClass === 1 && DIRECTORY_STRINGS.has(valueBlock.idBlock.tagNumber) && typeof text === 'string' ? text : UTF8.decode(contentBytes(valueBlock))
      attributes.push({ oid, name: ATTRIBUTE_NAMES[oid] ?? oid, value })
    }
  }
  const out: DistinguishedName = {
    der: rawBytes(name),
    text: attributes.map((a) => `${a.name}=${a.value}`).join(', '),
    attributes,
  }
  const cn = attributes.find((a) => a.name === 'CN')
  if (cn) out.commonName = cn.value
  return out
}

/** Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
export function extensionOf(block: AsnBlock): Extension {
  const parts = childBlocks(expectUniversal(block, UNIVERSAL.SEQUENCE, 'extension'))
  if (parts.length < 2 || parts.length > 3) throw new DerError(`Invalid extension: ${parts.length} elements`)
  const critical = parts.length === 3 ? booleanOf(parts[1], 'extension critical flag') : false
  return { oid: oidOf(parts[0], 'extension id'), critical, value: octetStringOf(parts[parts.length - 1], 'extension value') }
}
