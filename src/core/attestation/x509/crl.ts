import { bytesToHex, hexToBytes } from '../../crypto/hex.ts'
import {
  DerError,
  UNIVERSAL,
  algorithmOf,
  bitStringOf,
  childBlocks,
  contentBytes,
  decodeDer,
  distinguishedName,
  expectUniversal,
  extensionOf,
  isContext,
  isUniversal,
  onlyTbsContextTags,
  rawBytes,
  smallInteger,
  timeOf,
  unsignedIntegerBytes,
} from './asn1.ts'
import { signatureHashOf, type Certificate, type DistinguishedName, type HashName } from './certificate.ts'
import { pemBlocks } from './pem.ts'

/**
 * X.509 certificate revocation lists (RFC 5280 section 5), decoded once with asn1js
 * and read from that tree (see `asn1.ts`): parse, then ask which
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

/**
 * CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signature BIT STRING }
 * TBSCertList ::= SEQUENCE { version INTEGER OPTIONAL, signature, issuer Name, thisUpdate Time, nextUpdate Time OPTIONAL,
 *   revokedCertificates SEQUENCE OF SEQUENCE { userCertificate INTEGER, revocationDate Time, crlEntryExtensions OPTIONAL } OPTIONAL,
 *   [0] EXPLICIT crlExtensions OPTIONAL }
 */
function decode(der: Uint8Array): Crl {
  const root = expectUniversal(decodeDer(der), UNIVERSAL.SEQUENCE, 'CertificateList')
  const parts = childBlocks(root)
  if (parts.length !== 3) throw new DerError('CertificateList must have 3 elements')
  const tbsBlock = expectUniversal(parts[0], UNIVERSAL.SEQUENCE, 'tbsCertList')
  onlyTbsContextTags(root, tbsBlock, [0])

  const fields = childBlocks(tbsBlock)
  let i = 0
  if (isUniversal(fields[0], UNIVERSAL.INTEGER)) smallInteger(fields[i++], 'CRL version')
  const inner = algorithmOf(fields[i++], 'tbsCertList.signature').oid
  const issuer = distinguishedName(fields[i++], 'CRL issuer')
  const thisUpdate = timeOf(fields[i++], 'thisUpdate')
  let nextUpdate: Date | undefined
  if (isUniversal(fields[i], UNIVERSAL.UTC_TIME) || isUniversal(fields[i], UNIVERSAL.GENERALIZED_TIME)) nextUpdate = timeOf(fields[i++], 'nextUpdate')
  const revokedSerials = new Set<string>()
  if (isUniversal(fields[i], UNIVERSAL.SEQUENCE)) {
    for (const entry of childBlocks(expectUniversal(fields[i++], UNIVERSAL.SEQUENCE, 'revokedCertificates'))) {
      const e = childBlocks(expectUniversal(entry, UNIVERSAL.SEQUENCE, 'revoked certificate entry'))
      if (e.length < 2 || e.length > 3) throw new DerError(`Invalid revoked certificate entry: ${e.length} elements`)
      const serial = contentBytes(expectUniversal(e[0], UNIVERSAL.INTEGER, 'revoked serial number'))
      if (serial.length === 0) throw new DerError('Invalid revoked serial number')
      timeOf(e[1], 'revocationDate')
      if (e[2]) childBlocks(expectUniversal(e[2], UNIVERSAL.SEQUENCE, 'crlEntryExtensions')).forEach(extensionOf)
      revokedSerials.add(bytesToHex(unsignedIntegerBytes(serial)))
    }
  }
  if (isContext(fields[i], 0)) {
    const explicit = childBlocks(fields[i++])
    if (explicit.length !== 1) throw new DerError('Invalid crlExtensions')
    childBlocks(expectUniversal(explicit[0], UNIVERSAL.SEQUENCE, 'crlExtensions')).forEach(extensionOf)
  }
  if (i !== fields.length) throw new DerError(`Unexpected element ${i + 1} of tbsCertList`)

  const outer = algorithmOf(parts[1], 'signatureAlgorithm').oid
  if (outer !== inner) throw new DerError('signatureAlgorithm differs from tbsCertList.signature')
  const crl: Crl = {
    der,
    tbs: rawBytes(tbsBlock),
    issuer,
    thisUpdate,
    revokedSerials,
    signatureAlgorithmOid: outer,
    signature: bitStringOf(parts[2], 'signature').bytes,
  }
  if (nextUpdate) crl.nextUpdate = nextUpdate
  const hash = signatureHashOf(outer)
  if (hash) crl.signatureHash = hash
  return crl
}
