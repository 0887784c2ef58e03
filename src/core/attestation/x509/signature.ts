import { p256, p384 } from '@noble/curves/nist.js'
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js'
import { UNIVERSAL, childBlocks, contentBytes, decodeDer, expectUniversal } from './asn1.ts'
import type { Certificate, CurveName, EcPublicKey, HashName } from './certificate.ts'

/**
 * ECDSA verification over P-256 / P-384 with an explicit hash, for certificates,
 * CRLs, TDX quotes, Intel collateral JSON and NVIDIA SPDM evidence alike.
 *
 * Why explicit: the hash comes from the signature algorithm, not the curve
 * (a P-384 CA may sign with SHA-256). High-S signatures are accepted: X.509 and
 * Intel's signers do not normalise S.
 *
 * {@link verifyEcdsa} is async and uses the platform's WebCrypto (`crypto.subtle`,
 * native and several times faster than BigInt arithmetic) when it exists: Node 18+
 * and browsers in secure contexts. It falls back to @noble/curves
 * ({@link verifyEcdsaSync}) when WebCrypto is missing or refuses the key or curve.
 * Both give the same answer for every input: r and s must lie in [1, n-1], the key
 * must be a point on the curve, and WebCrypto only ever sees an uncompressed
 * `04 || X || Y` key (anything else goes to noble).
 *
 * @example
 * ```ts
 * await verifyEcdsa({ curve: 'P-256', hash: 'SHA-256', publicKey: attestationKey65, message: headerAndBody, signature: rs64 })
 * await verifyCertificateSignature(pck, platformCa) // true / false
 * ```
 */

const CURVE_IMPL = { 'P-256': p256, 'P-384': p384 } as const
const HASH_IMPL = { 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const

export function hashBytes(hash: HashName, message: Uint8Array): Uint8Array {
  return HASH_IMPL[hash](message)
}

export interface EcdsaVerifyInput {
  curve: CurveName
  hash: HashName
  /** SEC1 point: `04 || X || Y` (65 / 97 bytes) or compressed. A bare `X || Y` is accepted too. */
  publicKey: Uint8Array
  message: Uint8Array
  /** `r || s` (fixed size, 'raw') or an ASN.1 `ECDSA-Sig-Value` ('der'). */
  signature: Uint8Array
  format?: 'raw' | 'der'
}

/**
 * Synchronous verification with @noble/curves only (no WebCrypto). True when the
 * signature verifies; false for a bad signature or malformed key/signature, never throws.
 */
export function verifyEcdsaSync(input: EcdsaVerifyInput): boolean {
  const prepared = prepare(input)
  if (!prepared) return false
  return nobleVerify(input, prepared.key, prepared.signature)
}

/**
 * True when the signature verifies; false for a bad signature or malformed
 * key/signature, never rejects. Native WebCrypto when available, noble otherwise.
 */
export async function verifyEcdsa(input: EcdsaVerifyInput): Promise<boolean> {
  const prepared = prepare(input)
  if (!prepared) return false
  const { key, signature } = prepared
  const subtle = webCrypto()
  if (!subtle || !nativeEligible(input.curve, key, signature)) return nobleVerify(input, key, signature)
  let cryptoKey: CryptoKey
  try {
    cryptoKey = await subtle.importKey('raw', key as BufferSource, { name: 'ECDSA', namedCurve: input.curve }, false, ['verify'])
  } catch {
    // Unsupported curve, or a key WebCrypto will not take (e.g. not on the curve): noble decides.
    return nobleVerify(input, key, signature)
  }
  try {
    return await subtle.verify({ name: 'ECDSA', hash: input.hash }, cryptoKey, signature as BufferSource, input.message as BufferSource)
  } catch {
    return nobleVerify(input, key, signature)
  }
}

const CURVE_PARAMS = {
  'P-256': { size: 32, n: p256.Point.CURVE().n, p: p256.Point.CURVE().p },
  'P-384': { size: 48, n: p384.Point.CURVE().n, p: p384.Point.CURVE().p },
} as const

/** The SEC1 key (a bare `X || Y` gets its 04 prefix) and the compact `r || s`, or undefined for an unreadable DER signature. */
function prepare(input: EcdsaVerifyInput): { key: Uint8Array; signature: Uint8Array } | undefined {
  const size = CURVE_PARAMS[input.curve].size
  let key = input.publicKey
  if (key.length === size * 2) {
    // Intel's attestation key and some SPDM keys are raw X || Y.
    const k = new Uint8Array(size * 2 + 1)
    k[0] = 4
    k.set(key, 1)
    key = k
  }
  const signature = input.format === 'der' ? derSignatureToCompact(input.signature, size) : input.signature
  return signature ? { key, signature } : undefined
}

function nobleVerify(input: EcdsaVerifyInput, key: Uint8Array, signature: Uint8Array): boolean {
  try {
    return CURVE_IMPL[input.curve].verify(signature, hashBytes(input.hash, input.message), key, { prehash: false, lowS: false, format: 'compact' })
  } catch {
    return false
  }
}

function webCrypto(): SubtleCrypto | undefined {
  // Absent in insecure browser contexts (plain http) and very old runtimes.
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle
  return subtle && typeof subtle.verify === 'function' && typeof subtle.importKey === 'function' ? subtle : undefined
}

/**
 * Whether WebCrypto may decide this input: exactly the cases where its answer is
 * noble's. Compressed or hybrid keys, coordinates >= p, signatures of the wrong
 * length and r or s outside [1, n-1] stay with noble (which rejects the malformed
 * ones), so no implementation leniency can turn a noble `false` into `true`.
 */
function nativeEligible(curve: CurveName, key: Uint8Array, signature: Uint8Array): boolean {
  const { size, n, p } = CURVE_PARAMS[curve]
  if (key.length !== size * 2 + 1 || key[0] !== 4 || signature.length !== size * 2) return false
  const x = toBigInt(key.subarray(1, 1 + size))
  const y = toBigInt(key.subarray(1 + size))
  if (x >= p || y >= p) return false
  const r = toBigInt(signature.subarray(0, size))
  const s = toBigInt(signature.subarray(size))
  return r > 0n && r < n && s > 0n && s < n
}

function toBigInt(bytes: Uint8Array): bigint {
  let hex = ''
  for (const b of bytes) hex += b.toString(16).padStart(2, '0')
  return BigInt(`0x${hex || '0'}`)
}

/**
 * `r || s` (fixed size) from a DER `ECDSA-Sig-Value` (`SEQUENCE { r INTEGER, s INTEGER }`, read from asn1js' tree),
 * or undefined when it is malformed. As strict as noble's own DER parser: minimal
 * lengths, exactly two INTEGERs, positive and minimally encoded, nothing after the SEQUENCE.
 */
function derSignatureToCompact(der: Uint8Array, size: number): Uint8Array | undefined {
  try {
    const block = expectUniversal(decodeDer(der, 0, true, true), UNIVERSAL.SEQUENCE, 'ECDSA-Sig-Value')
    const integers = childBlocks(block)
    if (integers.length !== 2) return undefined
    const out = new Uint8Array(size * 2)
    for (const [i, value] of integers.entries()) {
      const n = contentBytes(expectUniversal(value, UNIVERSAL.INTEGER, i === 0 ? 'r' : 's'))
      if (n.length === 0 || n[0]! & 0x80 || (n[0] === 0 && !((n[1] ?? 0) & 0x80))) return undefined
      const digits = n[0] === 0 ? n.subarray(1) : n
      if (digits.length > size) return undefined
      out.set(digits, (i + 1) * size - digits.length)
    }
    return out
  } catch {
    return undefined
  }
}

/** Curve of an EC public key we can verify with, or a reason why not. */
export function curveOf(key: EcPublicKey): CurveName | string {
  return key.curve ?? `unsupported public key (algorithm ${key.algorithmOid}${key.curveOid ? `, curve ${key.curveOid}` : ''})`
}

/**
 * Checks `signed`'s signature (any structure with a `tbs`, e.g. a certificate or CRL)
 * with `issuer`'s public key. Returns an error string, or undefined when it verifies.
 */
export async function checkSignedBy(
  signed: { tbs: Uint8Array; signature: Uint8Array; signatureHash?: HashName; signatureAlgorithmOid: string },
  issuer: Certificate,
): Promise<string | undefined> {
  const curve = issuer.publicKey.curve
  if (!curve) return curveOf(issuer.publicKey)
  if (!signed.signatureHash) return `unsupported signature algorithm ${signed.signatureAlgorithmOid}`
  const ok = await verifyEcdsa({ curve, hash: signed.signatureHash, publicKey: issuer.publicKey.bytes, message: signed.tbs, signature: signed.signature, format: 'der' })
  return ok ? undefined : 'signature does not verify'
}

/** True when `cert` was signed by `issuer`'s key (names are not compared here). */
export async function verifyCertificateSignature(cert: Certificate, issuer: Certificate): Promise<boolean> {
  return (await checkSignedBy(cert, issuer)) === undefined
}
