const warned = new Set<string>()

/** In the app's production build: bundlers (Vite, webpack, Turbopack) write the value in for `process.env.NODE_ENV`. */
function inProduction(): boolean {
  try {
    // Spelled out, not through globalThis: a browser bundle has no `process` object, only the value written in.
    return process.env.NODE_ENV === 'production'
  } catch {
    return false // unbundled in a browser: no `process` at all
  }
}

/**
 * Warns once per page and topic, outside production builds: a fallback (decryption or
 * verification on the main thread) is never silent, and never noisy.
 */
export function warnOnceInDevelopment(topic: string, message: string): void {
  if (warned.has(topic)) return
  warned.add(topic)
  if (inProduction()) return
  console.warn(message)
}
