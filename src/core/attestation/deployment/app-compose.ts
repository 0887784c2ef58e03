/**
 * Where a dstack attestation carries its app compose: `info.tcb_info.app_compose`
 * (`tcb_info` is an object, or JSON text), sometimes `info.app_compose`. The text is
 * what MRCONFIGID binds (sha256 of these exact bytes), so it is returned untouched.
 *
 * @example
 * appComposeOf(response.info)   // '{\n    "manifest_version": 2, …'
 * osImageHashOf(response.info)  // '9b69bb16…f677' (a claim until the RTMR3 event log binds it)
 */

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** An object field of dstack's `info` (`tcb_info`, `vm_config`): an object, or JSON text of one; else undefined. */
function infoObject(info: Record<string, unknown> | undefined, name: string): Record<string, unknown> | undefined {
  let value = info?.[name]
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return undefined
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

const tcbInfoOf = (info: Record<string, unknown> | undefined) => infoObject(info, 'tcb_info')

/** The app_compose text of a dstack `info` object, or undefined. */
export function appComposeOf(info: Record<string, unknown> | undefined): string | undefined {
  return str(tcbInfoOf(info)?.app_compose) ?? str(info?.app_compose)
}

/** The OS image hash the `info` object claims (`tcb_info.os_image_hash` or `os_image_hash`). */
export function osImageHashOf(info: Record<string, unknown> | undefined): string | undefined {
  const value = str(tcbInfoOf(info)?.os_image_hash) ?? str(info?.os_image_hash)
  return value?.toLowerCase().replace(/^0x/, '')
}

/**
 * How many GPUs the VM's configuration (`vm_config`, dstack's) says it was given, or undefined. The server's word,
 * not bound by the quote: compared with the GPU evidence, it shows evidence left out of a report that still says it.
 */
export function vmGpuCountOf(info: Record<string, unknown> | undefined): number | undefined {
  const count = infoObject(info, 'vm_config')?.num_gpus
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined
}
