import { p256, p384 } from '@noble/curves/nist.js'
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js'
import { ECDSASigValue } from '@peculiar/asn1-ecc'
import { UNIVERSAL, bytesOf, childBlocks, decodeDer, expectUniversal, fromAsn } from './asn1.ts'
import type { Certificate, CurveName, EcPublicKey, HashName } from './certificate.ts'

/**
 * ECDSA verification over P-256 / P-384 with an explicit hash, for certificates,
 * CRLs, TDX quotes, Intel collateral JSON and NVIDIA SPDM evidence alike.
 *
 * Why explicit: the hash comes from the signature algorithm, not the curve
 * (a P-384 CA may sign with SHA-256), so we hash ourselves and hand noble the digest.
 * High-S signatures are accepted: X.509 and Intel's signers do not normalise S.
 *
 * @example
 * ```ts
 * verifyEcdsa({ curve: 'P-256', hash: 'SHA-256', publicKey: attestationKey65, message: headerAndBody, signature: rs64 })
 * verifyCertificateSignature(pck, platformCa) // true / false
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

/** True when the signature verifies; false for a bad signature or malformed key/signature, never throws. */
export function verifyEcdsa(input: EcdsaVerifyInput): boolean {
  const curve = CURVE_IMPL[input.curve]
  const size = input.curve === 'P-256' ? 32 : 48
  let key = input.publicKey
  if (key.length === size * 2) {
    // Intel's attestation key and some SPDM keys are raw X || Y.
    const k = new Uint8Array(size * 2 + 1)
    k[0] = 4
    k.set(key, 1)
    key = k
  }
  const signature = input.format === 'der' ? derSignatureToCompact(input.signature, size) : input.signature
  if (!signature) return false
  try {
    return curve.verify(signature, hashBytes(input.hash, input.message), key, { prehash: false, lowS: false, format: 'compact' })
  } catch {
    return false
  }
}

/**
 * `r || s` (fixed size) from a DER `ECDSA-Sig-Value` (decoded with @peculiar/asn1-ecc),
 * or undefined when it is malformed. As strict as noble's own DER parser: minimal
 * lengths, exactly two INTEGERs, positive and minimally encoded, nothing after the SEQUENCE.
 */
function derSignatureToCompact(der: Uint8Array, size: number): Uint8Array | undefined {
  try {
    const block = expectUniversal(decodeDer(der, 0, true, true), UNIVERSAL.SEQUENCE, 'ECDSA-Sig-Value')
    if (childBlocks(block).length !== 2) return undefined
    const sig = fromAsn(block, ECDSASigValue, 'ECDSA-Sig-Value')
    const out = new Uint8Array(size * 2)
    for (const [i, value] of [sig.r, sig.s].entries()) {
      const n = bytesOf(value)
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
export function checkSignedBy(signed: { tbs: Uint8Array; signature: Uint8Array; signatureHash?: HashName; signatureAlgorithmOid: string }, issuer: Certificate): string | undefined {
  const curve = issuer.publicKey.curve
  if (!curve) return curveOf(issuer.publicKey)
  if (!signed.signatureHash) return `unsupported signature algorithm ${signed.signatureAlgorithmOid}`
  const ok = verifyEcdsa({ curve, hash: signed.signatureHash, publicKey: issuer.publicKey.bytes, message: signed.tbs, signature: signed.signature, format: 'der' })
  return ok ? undefined : 'signature does not verify'
}

/** True when `cert` was signed by `issuer`'s key (names are not compared here). */
export function verifyCertificateSignature(cert: Certificate, issuer: Certificate): boolean {
  return checkSignedBy(cert, issuer) === undefined
}
