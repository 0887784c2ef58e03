/** A JSON object: not `null`, not an array. Every reader of network or file JSON asks this first. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
