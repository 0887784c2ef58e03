import { bytesToHex } from '../../crypto/hex.ts'
import { DerError, UNIVERSAL, childBlocks, contentBytes, decodeDer, expectUniversal, isUniversal, oidOf, smallInteger, type AsnBlock } from '../x509/asn1.ts'
import { findExtension, type Certificate } from '../x509/certificate.ts'
import { SGX_OID } from './constants.ts'

/**
 * The platform identity Intel writes into every PCK certificate (the SGX extension,
 * OID 1.2.840.113741.1.13.1): FMSPC and PCE-ID select the TCB info, the component
 * SVNs and PCESVN select the TCB level. Decoded with asn1js (`x509/asn1.ts`): the
 * extension is a private SEQUENCE OF SEQUENCE { OID, value } with no published schema.
 *
 * @example
 * ```ts
 * const info = readPckExtensions(pckCert)
 * info.fmspc      // '90c06f000000'
 * info.pceSvn     // 13
 * ```
 */
export interface PckInfo {
  /** Family-Model-Stepping-Platform-CustomSKU, 6 bytes hex. */
  fmspc: string
  /** Provisioning Certification Enclave id, 2 bytes hex. */
  pceId: string
  /** The PCE security version number. */
  pceSvn: number
  /** CPUSVN as raw 16 bytes hex. */
  cpuSvn: string
  /** The 16 SGX TCB component SVNs (…2.1 to …2.16). */
  sgxTcbComponents: number[]
  /** The Platform Provisioning ID, hex; `undefined` when the certificate has none. */
  ppid?: string
  /** 0 standard, 1 scalable, 2 scalable with integrity. */
  sgxType?: number
  /** The platform instance id, hex (platform CA certificates only). */
  platformInstanceId?: string
  /** The platform's configuration flags (platform CA certificates only). */
  configuration?: {
    /** The platform can add or replace packages. */
    dynamicPlatform?: boolean
    /** Platform keys are cached by Intel's registration service. */
    cachedKeys?: boolean
    /** Simultaneous multithreading is enabled. */
    smtEnabled?: boolean
  }
}

/** Reads the SGX extension of a PCK certificate; throws DerError when it is missing or malformed. */
export function readPckExtensions(cert: Certificate): PckInfo {
  const ext = findExtension(cert, SGX_OID.extensions)
  if (!ext) throw new DerError('PCK certificate has no Intel SGX extension (1.2.840.113741.1.13.1)')
  const entries = pairs(decodeDer(ext.value))
  const octets = (oid: string, what: string, size?: number): string => {
    const v = contentBytes(expectUniversal(entries.get(oid), UNIVERSAL.OCTET_STRING, what))
    if (size !== undefined && v.length !== size) throw new DerError(`${what} must be ${size} bytes, found ${v.length}`)
    return bytesToHex(v)
  }

  const tcbNode = entries.get(SGX_OID.tcb)
  if (!tcbNode) throw new DerError('PCK SGX extension has no TCB entry')
  const tcb = pairs(tcbNode)
  const sgxTcbComponents: number[] = []
  for (let i = 1; i <= 16; i++) sgxTcbComponents.push(smallInteger(tcb.get(`${SGX_OID.tcb}.${i}`), `SGX TCB component ${i}`))
  const info: PckInfo = {
    fmspc: octets(SGX_OID.fmspc, 'FMSPC', 6),
    pceId: octets(SGX_OID.pceId, 'PCE-ID', 2),
    pceSvn: smallInteger(tcb.get(SGX_OID.pceSvn), 'PCESVN'),
    cpuSvn: bytesToHex(contentBytes(expectUniversal(tcb.get(SGX_OID.cpuSvn), UNIVERSAL.OCTET_STRING, 'CPUSVN'))),
    sgxTcbComponents,
  }
  if (entries.has(SGX_OID.ppid)) info.ppid = octets(SGX_OID.ppid, 'PPID')
  const sgxType = entries.get(SGX_OID.sgxType)
  // SGX Type is an ENUMERATED; read its content like an INTEGER.
  if (isUniversal(sgxType, UNIVERSAL.ENUMERATED) && contentBytes(sgxType!).length === 1) info.sgxType = contentBytes(sgxType!)[0]!
  if (entries.has(SGX_OID.platformInstanceId)) info.platformInstanceId = octets(SGX_OID.platformInstanceId, 'PlatformInstanceID')
  const config = entries.get(SGX_OID.configuration)
  if (isUniversal(config, UNIVERSAL.SEQUENCE)) {
    const flags = pairs(config!)
    const flag = (n: number) => {
      const node = flags.get(`${SGX_OID.configuration}.${n}`)
      return isUniversal(node, UNIVERSAL.BOOLEAN) ? contentBytes(node!)[0] !== 0 : undefined
    }
    info.configuration = {}
    const d = flag(1)
    const c = flag(2)
    const s = flag(3)
    if (d !== undefined) info.configuration.dynamicPlatform = d
    if (c !== undefined) info.configuration.cachedKeys = c
    if (s !== undefined) info.configuration.smtEnabled = s
  }
  return info
}

/**
 * The OIDs Intel's SGX extension carries, as Intel's quote verification library requires
 * them: PPID, TCB (16 component SVNs, PCESVN, CPUSVN), PCE-ID, FMSPC and SGX Type in every
 * PCK certificate, plus PlatformInstanceID and Configuration in one a Platform CA issued.
 * Throws DerError when the extension is missing or not a SEQUENCE OF { OID, value }.
 *
 * @example sgxExtensionOids(pckCert) // { top: ['1.2.840.113741.1.13.1.1', …], tcb: [… 18 OIDs] }
 */
export function sgxExtensionOids(cert: Certificate): { top: string[]; tcb: string[] } {
  const ext = findExtension(cert, SGX_OID.extensions)
  if (!ext) throw new DerError('PCK certificate has no Intel SGX extension (1.2.840.113741.1.13.1)')
  const root = decodeDer(ext.value)
  const tcb = pairs(root).get(SGX_OID.tcb)
  return { top: oidList(root), tcb: isUniversal(tcb, UNIVERSAL.SEQUENCE) ? oidList(tcb!) : [] }
}

/** The OIDs of a SEQUENCE OF SEQUENCE { OID, value }, duplicates kept (a Map would hide them). */
function oidList(node: AsnBlock): string[] {
  return childBlocks(expectUniversal(node, UNIVERSAL.SEQUENCE, 'SGX extension sequence')).map((entry) => oidOf(childBlocks(expectUniversal(entry, UNIVERSAL.SEQUENCE, 'SGX extension entry'))[0]))
}

/** SEQUENCE OF SEQUENCE { OID, value } (asn1js-decoded) -> Map(oid -> value). */
function pairs(node: AsnBlock): Map<string, AsnBlock> {
  const out = new Map<string, AsnBlock>()
  for (const entry of childBlocks(expectUniversal(node, UNIVERSAL.SEQUENCE, 'SGX extension sequence'))) {
    const [oid, value] = childBlocks(expectUniversal(entry, UNIVERSAL.SEQUENCE, 'SGX extension entry'))
    if (value) out.set(oidOf(oid), value)
  }
  return out
}
