import type { ApiModel, PrivacyLevel } from '../../core/api/types.ts'

export const PRIVACY_LABELS: Record<PrivacyLevel, string> = { e2ee: 'E2EE', tee: 'TEE', none: 'Standard' }
export const PRIVACY_DESCRIPTIONS: Record<PrivacyLevel, string> = {
  e2ee: 'End-to-end encrypted to an attested enclave',
  tee: 'Runs in an attested enclave (TLS to the provider)',
  none: 'No enclave, no end-to-end encryption',
}

/** `0x6525e1…dae934`: keeps both ends of a long hex value readable. */
export function middleTruncate(value: string, head = 10, tail = 8): string {
  return value.length <= head + tail + 1 ? value : `${value.slice(0, head)}…${value.slice(-tail)}`
}

/** `2026-06-10 01:47:07 UTC`; the raw string when it is not a date. */
export function formatUtc(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** `128K`, `1M`, `32,768` → compact token counts. */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${trimZero(n / 1_000_000)}M`
  if (n >= 1_000) return `${Math.round(n / 1_000)}K`
  return String(n)
}

function trimZero(n: number): string {
  return n.toFixed(1).replace(/\.0$/, '')
}

/** `$0.70` style prices; sub-cent prices keep their significant digits. */
export function formatUsd(n: number): string {
  if (n === 0) return '$0'
  if (n < 0.01) return `$${Number(n.toPrecision(2))}`
  return `$${n.toFixed(2)}`
}

/** Pricing per million tokens as one line, or undefined when the model gives none. */
export function formatPricing(model: ApiModel): string | undefined {
  const p = model.model_spec?.pricing
  const input = typeof p?.input?.usd === 'number' ? p.input.usd : undefined
  const output = typeof p?.output?.usd === 'number' ? p.output.usd : undefined
  if (input === undefined && output === undefined) return undefined
  const parts: string[] = []
  if (input !== undefined) parts.push(`${formatUsd(input)} in`)
  if (output !== undefined) parts.push(`${formatUsd(output)} out`)
  return `${parts.join(' / ')} per 1M tokens`
}

/** The code and message of anything thrown: SealkitError, Error, string. */
export function describeError(error: unknown): { code?: string; message: string } | undefined {
  if (error === undefined || error === null || error === false) return undefined
  if (typeof error === 'string') return { message: error }
  if (typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown }
    const message = typeof e.message === 'string' && e.message ? e.message : 'Something went wrong'
    return typeof e.code === 'string' ? { code: e.code, message } : { message }
  }
  return { message: String(error) }
}
