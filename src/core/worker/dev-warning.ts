import type { EcdhInfo } from '../crypto/key-holder.ts'

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
 * A worker's URL as errors and warnings name it: its origin and path, never its user name, password, query or
 * fragment (a token an app put there), and no more than a line of it (a `data:` URL can be the whole script).
 * @example addressName(new URL('https://u:p@app.test/w/decrypt-worker.js?sig=x')) // 'https://app.test/w/decrypt-worker.js'
 */
export function addressName(address: URL | string): string {
  const name = String(address)
    .replace(/^(data|blob):[\s\S]*/i, 'a $1: URL')
    .replace(/\/\/[^/@]*@/, '//')
    .replace(/[?#][\s\S]*/, '')
  return name.length > 200 ? `${name.slice(0, 200)}…` : name
}

/** The address of a worker given by URL (or its string), as `addressName` names it; undefined for any other source. */
const addressOf = (source: unknown): string | undefined => (typeof source === 'string' || source instanceof URL ? addressName(source) : undefined)

/** ` at <its address>` for a worker given by URL (or its string), else nothing: a worker's start failure, named. */
export const atAddress = (source: unknown): string => {
  const address = addressOf(source)
  return address === undefined ? '' : ` at ${address}`
}

/**
 * What to check when a worker could not start: that the app's URL serves sealkit's `file` (named), else that the
 * bundler emitted it; and the page's policy. For the fallback warnings of the decryption and verification workers.
 * @example workerChecks('verify-worker.js', '/workers/verify-worker.js')
 */
export function workerChecks(file: string, source: unknown): string {
  const address = addressOf(source)
  return `${address === undefined ? `Check that your bundler emitted ${file}` : `Check that ${address} serves sealkit's ${file}`} and that a Content-Security-Policy worker-src allows it`
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

/** Marks `topic` as said: for a caller that says the same in its own words (the CLI prints a verdict after each reply). */
export function saidElsewhere(topic: string): void {
  warned.add(topic)
}

/**
 * Once per page, outside production builds, when `ecdh` fell back (has a `reason`): secp256k1 ECDH runs in
 * JavaScript, not WebAssembly. The usual cause is a Content-Security-Policy on the page (or on the worker's
 * script) without 'wasm-unsafe-eval'.
 */
export function warnEcdhFallback(ecdh: EcdhInfo): void {
  if (ecdh.reason === undefined) return
  warnOnceInDevelopment(
    'ecdh-wasm',
    `sealkit: secp256k1 ECDH runs on ${ecdh.name}, not libsecp256k1 in WebAssembly (${ecdh.reason}). Still end-to-end encrypted, ` +
      "but slower. A Content-Security-Policy needs 'wasm-unsafe-eval' in script-src; session.keyHolder.ecdh says the same.",
  )
}
