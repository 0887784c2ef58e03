import { bytesToHex, hexToBytes } from '../../crypto/hex.ts'
import { DerError, TAG, expectTag, readBitString, readDer, readSmallInteger, readTime, readUnsignedInteger } from './der.ts'
import { readAlgorithm, readName, signatureHashOf, type Certificate, type DistinguishedName, type HashName } from './certificate.ts'
import { pemBlocks } from './pem.ts'

/**
 * X.509 certificate revocation lists (RFC 5280 section 5): parse, then ask which
 * serial numbers are revoked. Signature and issuer checks go through
 * `checkSignedBy(crl, issuerCert)` from `signature.ts` like certificates do.
 *
 * @example
 * ```ts
 * const crl = parseCrl(pckCrlHexOrDerOrPem)
 * crl.issuer.commonName           // 'Intel SGX PCK Platform CA'
 * isRevoked(crl, pckCert)         // false
 * ```
 */

export interface Crl {
  der: Uint8Array
  /** The exact signed bytes (`tbsCertList`). */
  tbs: Uint8Array
  issuer: DistinguishedName
  thisUpdate: Date
  nextUpdate?: Date
  /** Revoked serial numbers, lowercase hex without sign padding. */
  revokedSerials: Set<string>
  signatureAlgorithmOid: string
  signatureHash?: HashName
  signature: Uint8Array
}

export class CrlParseError extends Error {
  override readonly name = 'CrlParseError'
}

/** Accepts DER bytes, hex of the DER (Intel's PCS `encoding=der` answers often travel as hex), or PEM `X509 CRL`. */
export function parseCrl(input: Uint8Array | string): Crl {
  let der: Uint8Array
  if (typeof input === 'string') {
    const text = input.trim()
    if (text.includes('-----BEGIN')) {
      const block = pemBlocks(text, 'X509 CRL')[0]
      if (!block) throw new CrlParseError('No PEM X509 CRL block found')
      der = block
    } else {
      try {
        der = hexToBytes(text)
      } catch {
        throw new CrlParseError('CRL is neither PEM nor hex')
      }
    }
  } else der = input
  try {
    return decode(der)
  } catch (e) {
    if (e instanceof DerError) throw new CrlParseError(`Malformed CRL: ${e.message}`, { cause: e })
    throw e
  }
}

/** True when the CRL lists `cert`'s serial number. The caller checks that the CRL's issuer is `cert`'s issuer. */
export function isRevoked(crl: Crl, cert: Pick<Certificate, 'serialNumber'>): boolean {
  return crl.revokedSerials.has(cert.serialNumber)
}

function decode(der: Uint8Array): Crl {
  const root = expectTag(readDer(der), TAG.SEQUENCE, 'CertificateList')
  const [tbsNode, algNode, sigNode] = root.children()
  const tbs = expectTag(tbsNode, TAG.SEQUENCE, 'tbsCertList').children()
  let i = 0
  if (tbs[0]?.tag === TAG.INTEGER) {
    readSmallInteger(tbs[0], 'CRL version')
    i++
  }
  const inner = readAlgorithm(tbs[i++])
  const issuer = readName(tbs[i++], 'CRL issuer')
  const thisUpdate = readTime(tbs[i++], 'thisUpdate')
  let nextUpdate: Date | undefined
  if (tbs[i] && (tbs[i]!.tag === TAG.UTC_TIME || tbs[i]!.tag === TAG.GENERALIZED_TIME)) nextUpdate = readTime(tbs[i++], 'nextUpdate')
  const revokedSerials = new Set<string>()
  if (tbs[i]?.tag === TAG.SEQUENCE) {
    for (const entry of tbs[i++]!.children()) {
      const [serial] = expectTag(entry, TAG.SEQUENCE, 'revoked certificate entry').children()
      revokedSerials.add(bytesToHex(readUnsignedInteger(serial, 'revoked serial number')))
    }
  }
  const outer = readAlgorithm(algNode)
  if (outer !== inner) throw new DerError('signatureAlgorithm differs from tbsCertList.signature')
  const crl: Crl = {
    der,
    tbs: tbsNode!.raw,
    issuer,
    thisUpdate,
    revokedSerials,
    signatureAlgorithmOid: outer,
    signature: readBitString(sigNode, 'CRL signatureValue').bytes,
  }
  if (nextUpdate) crl.nextUpdate = nextUpdate
  const hash = signatureHashOf(outer)
  if (hash) crl.signatureHash = hash
  return crl
}
