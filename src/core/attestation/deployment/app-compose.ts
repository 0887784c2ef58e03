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

function tcbInfoOf(info: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  let tcb = info?.tcb_info
  if (typeof tcb === 'string') {
    try {
      tcb = JSON.parse(tcb)
    } catch {
      return undefined
    }
  }
  return tcb && typeof tcb === 'object' && !Array.isArray(tcb) ? (tcb as Record<string, unknown>) : undefined
}

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
  let config = info?.vm_config
  if (typeof config === 'string') {
    try {
      config = JSON.parse(config)
    } catch {
      return undefined
    }
  }
  const count = config && typeof config === 'object' ? (config as Record<string, unknown>).num_gpus : undefined
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined
}
