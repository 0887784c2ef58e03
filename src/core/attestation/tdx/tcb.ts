import { hexToBytes } from '../../crypto/hex.ts'
import type { QeIdentity, TcbInfo, TcbLevel } from './collateral.ts'
import type { PckInfo } from './pck.ts'
import type { QeReport, TdReport } from './quote.ts'

/**
 * TCB status of a TDX platform from Intel's TCB info and QE identity, following
 * Intel's quote verification library (TDX TCB evaluation):
 *
 * 1. FMSPC and PCE-ID of the PCK certificate select the TCB info.
 * 2. The platform level is the first (newest) TCB level whose SGX components and
 *    PCESVN are <= the PCK certificate's, and whose TDX components are <= the TD
 *    report's TEE_TCB_SVN (from index 2 when the TDX module major version, byte 1, is
 *    non-zero: those two bytes are judged by the TDX module identity instead).
 * 3. The TDX module identity `TDX_<byte 1>` must match MRSIGNERSEAM and the SEAM
 *    attributes; its level is the first with isvsvn <= TEE_TCB_SVN byte 0.
 * 4. The QE identity's level is the first with isvsvn <= the QE report's ISVSVN.
 * 5. Statuses converge: any OutOfDate component makes UpToDate / SWHardeningNeeded
 *    OutOfDate (and Configuration* OutOfDateConfigurationNeeded); any Revoked wins.
 *    Advisory IDs are the union of the platform, QE and module levels'.
 * 6. TDX 1.5 bodies: an OutOfDate launch TCB with a good TEE_TCB_SVN_2 becomes
 *    TDRelaunchAdvised (the module was updated under a running TD).
 *
 * @example
 * ```ts
 * const r = evaluateTdxTcb({ pck: quote.pck, body: quote.body, qeReport: quote.signature.qeReport, tcbInfo, qeIdentity })
 * r.status        // 'UpToDate' | 'OutOfDate' | ... | 'NotSupported'
 * r.advisoryIds   // ['INTEL-SA-01036', ...]
 * ```
 */

export type TcbStatus =
  | 'UpToDate'
  | 'SWHardeningNeeded'
  | 'ConfigurationNeeded'
  | 'ConfigurationAndSWHardeningNeeded'
  | 'OutOfDate'
  | 'OutOfDateConfigurationNeeded'
  | 'Revoked'
  | 'TDRelaunchAdvised'
  | 'TDRelaunchAdvisedConfigurationNeeded'
  /** No TCB level matches: the platform is unknown to this collateral (or older than every level). */
  | 'NotSupported'

const PLATFORM_STATUSES = new Set(['UpToDate', 'OutOfDate', 'ConfigurationNeeded', 'Revoked', 'OutOfDateConfigurationNeeded', 'SWHardeningNeeded', 'ConfigurationAndSWHardeningNeeded'])

/** Where a platform stands against Intel's TCB info and QE identity. */
export interface TcbEvaluation {
  /** The overall status: the worst of platform, TDX module and QE. */
  status: TcbStatus
  /** Intel advisories that apply, e.g. `'INTEL-SA-00837'`. */
  advisoryIds: string[]
  /** Why the status is NotSupported (no level matched, identity mismatch...). */
  reason?: string
  /** The earliest tcbDate of the matched levels. */
  tcbDate?: string
  /** The platform's own TCB level (SGX components and PCE SVN); `undefined` when none matched. */
  platform?: {
    /** Its status, e.g. `'UpToDate'`. */
    status: string
    /** The level's date (ISO). */
    tcbDate: string
    /** Advisories that apply at it. */
    advisoryIds: string[]
  }
  /** The TDX module's level, when TCB info lists module identities. */
  tdxModule?: {
    /** The module identity's id, e.g. `'TDX_03'`. */
    id: string
    /** Its status. */
    status: string
    /** Advisories that apply at it. */
    advisoryIds: string[]
  }
  /** The quoting enclave's level, when a QE identity was given. */
  qe?: {
    /** Its status. */
    status: string
    /** The QE's ISV SVN the level was matched by. */
    isvSvn: number
    /** Advisories that apply at it. */
    advisoryIds: string[]
  }
}

/** What {@link evaluateTdxTcb} compares with Intel's TCB levels. */
export interface TcbInput {
  /** The PCK certificate's SGX extensions (FMSPC, SVNs). */
  pck: PckInfo
  /** The quote body's TDX module fields. */
  body: Pick<TdReport, 'teeTcbSvn' | 'teeTcbSvn2' | 'mrSignerSeam' | 'seamAttributes'>
  /** The QE report's security version. */
  qeReport: Pick<QeReport, 'isvSvn'>
  /** Intel's verified TCB info for the platform's FMSPC. */
  tcbInfo: TcbInfo
  /** Without it the QE's own TCB level is not taken into account. */
  qeIdentity?: QeIdentity
}

const notSupported = (reason: string): TcbEvaluation => ({ status: 'NotSupported', advisoryIds: [], reason })

/** Judges the platform's TCB: the PCK's SVNs and the TD's TEE TCB SVN against Intel's TCB levels, to a status and its advisories. */
export function evaluateTdxTcb(input: TcbInput): TcbEvaluation {
  const { pck, tcbInfo } = input
  if (!Array.isArray(tcbInfo.tcbLevels)) return notSupported('TCB info has no tcbLevels')
  if (tcbInfo.fmspc.toLowerCase() !== pck.fmspc.toLowerCase()) return notSupported(`TCB info is for FMSPC ${tcbInfo.fmspc.toLowerCase()}, the PCK certificate has ${pck.fmspc}`)
  if (tcbInfo.pceId.toLowerCase() !== pck.pceId.toLowerCase()) return notSupported(`TCB info is for PCE-ID ${tcbInfo.pceId}, the PCK certificate has ${pck.pceId}`)

  const launch = evaluateWith(input, hexToBytes(input.body.teeTcbSvn))
  if (launch.status !== 'OutOfDate' && launch.status !== 'OutOfDateConfigurationNeeded') return launch
  if (!input.body.teeTcbSvn2) return launch
  // TDX 1.5: the module may have been updated while the TD ran (TD-preserving update).
  const current = evaluateWith(input, hexToBytes(input.body.teeTcbSvn2))
  if (['UpToDate', 'SWHardeningNeeded', 'ConfigurationNeeded', 'ConfigurationAndSWHardeningNeeded'].includes(current.status)) {
    const configuration = launch.status === 'OutOfDateConfigurationNeeded' || current.status.startsWith('Configuration')
    return { ...launch, status: configuration ? 'TDRelaunchAdvisedConfigurationNeeded' : 'TDRelaunchAdvised' }
  }
  return launch
}

function evaluateWith(input: TcbInput, teeTcbSvn: Uint8Array): TcbEvaluation {
  const { pck, tcbInfo, qeIdentity } = input
  const moduleMajor = teeTcbSvn[1] ?? 0
  const tdxStart = moduleMajor > 0 ? 2 : 0

  const level = tcbInfo.tcbLevels.find((l) => sgxAtLeast(pck, l) && tdxAtLeast(teeTcbSvn, l, tdxStart))
  if (!level) return notSupported('No TCB level matches the platform (SGX components, PCESVN and TEE_TCB_SVN)')
  if (!PLATFORM_STATUSES.has(level.tcbStatus)) return notSupported(`Unrecognised TCB status ${JSON.stringify(level.tcbStatus)}`)

  const result: TcbEvaluation = {
    status: level.tcbStatus as TcbStatus,
    advisoryIds: [],
    platform: { status: level.tcbStatus, tcbDate: level.tcbDate, advisoryIds: level.advisoryIDs ?? [] },
  }
  const componentStatuses: string[] = []
  const dates = [level.tcbDate]
  const advisories = [...(level.advisoryIDs ?? [])]

  if (moduleMajor > 0) {
    const id = `TDX_${moduleMajor.toString(16).padStart(2, '0').toUpperCase()}`
    const identity = tcbInfo.tdxModuleIdentities?.find((m) => m.id.toUpperCase() === id)
    if (!identity) return notSupported(`TCB info has no TDX module identity ${id}`)
    const mismatch = moduleMismatch(identity, input.body)
    if (mismatch) return notSupported(`TDX module ${id}: ${mismatch}`)
    const moduleLevel = identity.tcbLevels.find((l) => (teeTcbSvn[0] ?? 0) >= l.tcb.isvsvn)
    if (!moduleLevel) return notSupported(`No TCB level of TDX module ${id} matches module SVN ${teeTcbSvn[0]}`)
    componentStatuses.push(moduleLevel.tcbStatus)
    dates.push(moduleLevel.tcbDate)
    advisories.push(...(moduleLevel.advisoryIDs ?? []))
    result.tdxModule = { id, status: moduleLevel.tcbStatus, advisoryIds: moduleLevel.advisoryIDs ?? [] }
  } else if (tcbInfo.tdxModule) {
    const mismatch = moduleMismatch(tcbInfo.tdxModule, input.body)
    if (mismatch) return notSupported(`TDX module: ${mismatch}`)
  }

  if (qeIdentity) {
    const qeLevel = qeIdentity.tcbLevels.find((l) => input.qeReport.isvSvn >= l.tcb.isvsvn)
    if (!qeLevel) return notSupported(`No QE identity TCB level matches QE ISVSVN ${input.qeReport.isvSvn}`)
    componentStatuses.push(qeLevel.tcbStatus)
    dates.push(qeLevel.tcbDate)
    advisories.push(...(qeLevel.advisoryIDs ?? []))
    result.qe = { status: qeLevel.tcbStatus, isvSvn: input.qeReport.isvSvn, advisoryIds: qeLevel.advisoryIDs ?? [] }
  }

  result.status = converge(result.status, componentStatuses)
  result.advisoryIds = [...new Set(advisories)]
  result.tcbDate = dates.reduce((a, b) => (new Date(b) < new Date(a) ? b : a))
  return result
}

function sgxAtLeast(pck: PckInfo, level: TcbLevel): boolean {
  const comps = level.tcb.sgxtcbcomponents
  if (!Array.isArray(comps) || comps.length < 16) return false
  for (let i = 0; i < 16; i++) if ((pck.sgxTcbComponents[i] ?? 0) < comps[i]!.svn) return false
  return pck.pceSvn >= level.tcb.pcesvn
}

function tdxAtLeast(teeTcbSvn: Uint8Array, level: TcbLevel, start: number): boolean {
  const comps = level.tcb.tdxtcbcomponents
  if (!Array.isArray(comps) || comps.length < 16) return false
  for (let i = start; i < 16; i++) if ((teeTcbSvn[i] ?? 0) < comps[i]!.svn) return false
  return true
}

/** MRSIGNERSEAM must equal the identity's mrsigner, and the SEAM attributes must match under the mask. */
function moduleMismatch(identity: { mrsigner: string; attributes: string; attributesMask: string }, body: Pick<TdReport, 'mrSignerSeam' | 'seamAttributes'>): string | undefined {
  if (identity.mrsigner.toLowerCase() !== body.mrSignerSeam.toLowerCase()) return 'MRSIGNERSEAM differs from the identity'
  if (!maskedEqual(body.seamAttributes, identity.attributes, identity.attributesMask)) return 'SEAM attributes differ from the identity'
  return undefined
}

/** (value & mask) == (expected & mask), bytewise over hex strings of equal length. */
export function maskedEqual(valueHex: string, expectedHex: string, maskHex: string): boolean {
  const v = hexToBytes(valueHex)
  const e = hexToBytes(expectedHex)
  const m = hexToBytes(maskHex)
  if (v.length !== m.length || e.length !== m.length) return false
  for (let i = 0; i < m.length; i++) if ((v[i]! & m[i]!) !== (e[i]! & m[i]!)) return false
  return true
}

function converge(platform: TcbStatus, components: string[]): TcbStatus {
  let status = platform
  if (components.includes('OutOfDate')) {
    if (status === 'UpToDate' || status === 'SWHardeningNeeded') status = 'OutOfDate'
    else if (status === 'ConfigurationNeeded' || status === 'ConfigurationAndSWHardeningNeeded') status = 'OutOfDateConfigurationNeeded'
  }
  if (components.includes('Revoked')) status = 'Revoked'
  return status
}

/**
 * Whether the QE report is the quoting enclave Intel's QE identity describes:
 * MRSIGNER and ISVPRODID equal, MISCSELECT and ATTRIBUTES equal under their masks.
 * Returns the first difference, or undefined.
 */
export function qeIdentityMismatch(qe: Pick<QeReport, 'mrSigner' | 'isvProdId' | 'miscSelect' | 'attributes'>, identity: QeIdentity): string | undefined {
  if (qe.mrSigner.toLowerCase() !== identity.mrsigner.toLowerCase()) return `QE MRSIGNER ${qe.mrSigner} is not Intel's ${identity.mrsigner.toLowerCase()}`
  if (qe.isvProdId !== identity.isvprodid) return `QE ISVPRODID ${qe.isvProdId} is not ${identity.isvprodid}`
  const mask = parseInt(identity.miscselectMask, 16) >>> 0
  if (((qe.miscSelect & mask) >>> 0) !== ((parseInt(identity.miscselect, 16) & mask) >>> 0)) return 'QE MISCSELECT differs under the mask'
  if (!maskedEqual(qe.attributes, identity.attributes, identity.attributesMask)) return 'QE ATTRIBUTES differ under the mask'
  return undefined
}
