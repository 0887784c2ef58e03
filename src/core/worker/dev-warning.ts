const warned = new Set<string>()

/**
 * Warns once per page and topic, outside production builds: a fallback (decryption or
 * verification on the main thread) is never silent, and never noisy.
 */
export function warnOnceInDevelopment(topic: string, message: string): void {
  if (warned.has(topic)) return
  warned.add(topic)
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  if (env?.NODE_ENV === 'production') return
  console.warn(message)
}
