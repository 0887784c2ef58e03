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

/**
 * The code and message of anything thrown: SealkitError, Error, string. `serverMessage` is the
 * provider's own text (`details.serverMessage`): unauthenticated, to be quoted as theirs.
 */
export function describeError(error: unknown): { code?: string; message: string; serverMessage?: string } | undefined {
  if (error === undefined || error === null || error === false) return undefined
  if (typeof error === 'string') return { message: error }
  if (typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; serverMessage?: unknown; details?: { serverMessage?: unknown } }
    const message = typeof e.message === 'string' && e.message ? e.message : 'Something went wrong'
    const server = e.serverMessage ?? e.details?.serverMessage
    return {
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      message,
      ...(typeof server === 'string' && server !== '' ? { serverMessage: server } : {}),
    }
  }
  return { message: String(error) }
}
