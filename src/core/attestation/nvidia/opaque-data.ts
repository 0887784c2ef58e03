import { bytesToHex } from '../../crypto/hex.ts'

/**
 * NVIDIA's vendor opaque data inside the signed SPDM MEASUREMENTS response: a list of
 * `type(u16 LE) size(u16 LE) value(size)` fields carrying the driver and VBIOS versions,
 * board/SKU ids and more. It is covered by the device signature, so once the signature
 * checks out these values are as trustworthy as the measurements.
 *
 * @example
 * ```ts
 * const info = parseOpaqueData(report.opaqueData)
 * info.driverVersion // '570.172.08'
 * info.vbiosVersion  // '96.00.CF.00.02' (the form NRAS reports)
 * ```
 */

/** Field type ids, as NVIDIA's verifiers name them (OPAQUE_FIELD_ID_*). */
export const OPAQUE_FIELD_NAMES: Readonly<Record<number, string>> = {
  1: 'CERT_ISSUER_NAME',
  2: 'CERT_AUTHORITY_KEY_IDENTIFIER',
  3: 'DRIVER_VERSION',
  4: 'GPU_INFO',
  5: 'SKU',
  6: 'VBIOS_VERSION',
  7: 'MANUFACTURER_ID',
  8: 'TAMPER_DETECTION',
  9: 'SMC',
  10: 'VPR',
  11: 'NVDEC0_STATUS',
  12: 'MSRSCNT',
  13: 'CPRINFO',
  14: 'BOARD_ID',
  15: 'CHIP_SKU',
  16: 'CHIP_SKU_MOD',
  17: 'PROJECT',
  18: 'PROJECT_SKU',
  19: 'PROJECT_SKU_MOD',
  20: 'FWID',
  21: 'PROTECTED_PCIE_STATUS',
  22: 'SWITCH_PDI',
  23: 'FLOORSWEPT_PORTS',
  24: 'POSITION_ID',
  25: 'LOCK_SWITCH_STATUS',
  32: 'GPU_LINK_CONN',
}

/** One field of the SPDM response's NVIDIA opaque data. */
export interface OpaqueField {
  /** NVIDIA's field id. */
  type: number
  /** NVIDIA's name without the OPAQUE_FIELD_ID_ prefix, when known. */
  name?: string
  /** The field's raw value. */
  value: Uint8Array
}

/** The NVIDIA opaque data of a GPU's SPDM response, parsed (signed with the measurements). */
export interface GpuOpaqueInfo {
  /** Every field, in order. */
  fields: OpaqueField[]
  /** The GPU driver version, e.g. `'570.133.20'`. */
  driverVersion?: string
  /** The VBIOS version. */
  vbiosVersion?: string
  /** e.g. 'G520' (the board project). */
  project?: string
  /** The board project SKU. */
  projectSku?: string
  /** The chip SKU. */
  chipSku?: string
  /** FWID (48 bytes), lowercase hex. */
  fwid?: string
  /** False when the bytes did not form a clean field list; the fields read before the break are kept. */
  wellFormed: boolean
}

/** Reads the opaque data; never throws (these are informational, the signature is what matters). */
export function parseOpaqueData(data: Uint8Array): GpuOpaqueInfo {
  const fields: OpaqueField[] = []
  let at = 0
  let wellFormed = true
  while (at < data.length) {
    if (at + 4 > data.length) {
      wellFormed = false
      break
    }
    const type = data[at]! | (data[at + 1]! << 8)
    const size = data[at + 2]! | (data[at + 3]! << 8)
    if (at + 4 + size > data.length) {
      wellFormed = false
      break
    }
    const field: OpaqueField = { type, value: data.subarray(at + 4, at + 4 + size) }
    const name = OPAQUE_FIELD_NAMES[type]
    if (name) field.name = name
    fields.push(field)
    at += 4 + size
  }

  const info: GpuOpaqueInfo = { fields, wellFormed }
  const get = (type: number) => fields.find((f) => f.type === type)?.value
  const text = (type: number) => {
    const v = get(type)
    return v ? cString(v) : undefined
  }
  const driver = text(3)
  if (driver) info.driverVersion = driver
  const vbios = get(6)
  if (vbios) info.vbiosVersion = formatVbiosVersion(vbios)
  const project = text(17)
  if (project) info.project = project
  const projectSku = text(18)
  if (projectSku) info.projectSku = projectSku
  const chipSku = text(15)
  if (chipSku) info.chipSku = chipSku
  const fwid = get(20)
  if (fwid) info.fwid = bytesToHex(fwid)
  return info
}

/**
 * VBIOS version as NVIDIA prints it: the first four bytes as a little-endian u32 in
 * dotted hex pairs, then the fifth byte. `00 cf 00 96 02 ..` -> '96.00.CF.00.02'.
 */
export function formatVbiosVersion(bytes: Uint8Array): string | undefined {
  if (bytes.length < 5) return undefined
  const word = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0
  const hex = word.toString(16).padStart(8, '0').toUpperCase()
  return `${hex.slice(0, 2)}.${hex.slice(2, 4)}.${hex.slice(4, 6)}.${hex.slice(6, 8)}.${bytes[4]!.toString(16).padStart(2, '0').toUpperCase()}`
}

/** Text up to the first NUL, printable ASCII only (anything else is not a version string). */
function cString(bytes: Uint8Array): string | undefined {
  let end = bytes.indexOf(0)
  if (end < 0) end = bytes.length
  let s = ''
  for (let i = 0; i < end; i++) {
    const c = bytes[i]!
    if (c < 0x20 || c > 0x7e) return undefined
    s += String.fromCharCode(c)
  }
  return s || undefined
}
