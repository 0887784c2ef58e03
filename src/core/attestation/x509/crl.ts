import { bytesToHex, hexToBytes } from '../../crypto/hex.ts'
import { CertificateList, RevokedCertificate } from '@peculiar/asn1-x509'
import {
  DerError,
  UNIVERSAL,
  bytesOf,
  childBlocks,
  decodeDer,
  distinguishedName,
  expectUniversal,
  fromAsn,
  isUniversal,
  onlyTbsContextTags,
  schemaInteger,
  timeOf,
  unsignedIntegerBytes,
} from './asn1.ts'
import { signatureHashOf, type Certificate, type DistinguishedName, type HashName } from './certificate.ts'
import { pemBlocks } from './pem.ts'

/**
 * X.509 certificate revocation lists (RFC 5280 section 5), decoded with
 * @peculiar/asn1-x509's CertificateList: parse, then ask which
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

/** A parsed X.509 certificate revocation list. */
export interface Crl {
  /** The whole CRL, DER. */
  der: Uint8Array
  /** The exact signed bytes (`tbsCertList`). */
  tbs: Uint8Array
  /** Who issued it (must be the CA whose certificates it revokes). */
  issuer: DistinguishedName
  /** When it was issued. */
  thisUpdate: Date
  /** When the next one is due; past it the CRL is stale. */
  nextUpdate?: Date
  /** Revoked serial numbers, lowercase hex without sign padding. */
  revokedSerials: Set<string>
  /** The signature algorithm OID. */
  signatureAlgorithmOid: string
  /** Hash of the ECDSA signature algorithm; `undefined` when not ECDSA. */
  signatureHash?: HashName
  /** The signatureValue bits (a DER `ECDSA-Sig-Value`). */
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
  const root = expectUniversal(decodeDer(der), UNIVERSAL.SEQUENCE, 'CertificateList')
  onlyTbsContextTags(root, expectUniversal(childBlocks(root)[0], UNIVERSAL.SEQUENCE, 'tbsCertList'), [0])
  const asn = fromAsn(root, CertificateList, 'CertificateList')
  const tbs = asn.tbsCertList
  if (!asn.tbsCertListRaw) throw new DerError('Missing tbsCertList')
  if (tbs.version !== undefined) schemaInteger(tbs.version, 'CRL version')

  // The decoded TBSCertList's elements: version?, signature, issuer, thisUpdate, nextUpdate?, revokedCertificates?, [0] extensions?
  const fields = childBlocks(childBlocks(root)[0])
  let i = isUniversal(fields[0], UNIVERSAL.INTEGER) ? 1 : 0
  const issuerBlock = expectUniversal(fields[i + 1], UNIVERSAL.SEQUENCE, 'CRL issuer')
  const thisUpdate = timeOf(fields[i + 2], 'thisUpdate')
  i += 3
  let nextUpdate: Date | undefined
  if (isUniversal(fields[i], UNIVERSAL.UTC_TIME) || isUniversal(fields[i], UNIVERSAL.GENERALIZED_TIME)) nextUpdate = timeOf(fields[i++], 'nextUpdate')

  // asn1-schema passes over an optional field it cannot match instead of failing (it
  // drops the revoked list of a CRL without nextUpdate): when the decoded list does not
  // account for every encoded entry, decode the entries one by one.
  let revoked = tbs.revokedCertificates ?? []
  if (isUniversal(fields[i], UNIVERSAL.SEQUENCE)) {
    const entries = childBlocks(fields[i])
    if (entries.length !== revoked.length) revoked = entries.map((entry) => fromAsn(entry, RevokedCertificate, 'revoked certificate entry'))
  } else if (revoked.length) throw new DerError('revokedCertificates out of place')
  const revokedSerials = new Set<string>()
  for (const entry of revoked) revokedSerials.add(bytesToHex(unsignedIntegerBytes(entry.userCertificate)))

  const inner = tbs.signature.algorithm
  const outer = asn.signatureAlgorithm.algorithm
  if (outer !== inner) throw new DerError('signatureAlgorithm differs from tbsCertList.signature')
  const crl: Crl = {
    der,
    tbs: bytesOf(asn.tbsCertListRaw),
    issuer: distinguishedName(issuerBlock, 'CRL issuer'),
    thisUpdate,
    revokedSerials,
    signatureAlgorithmOid: outer,
    signature: bytesOf(asn.signature),
  }
  if (nextUpdate) crl.nextUpdate = nextUpdate
  const hash = signatureHashOf(outer)
  if (hash) crl.signatureHash = hash
  return crl
}
