import { bytesToHex } from '../crypto/hex.ts'

/** Functions and objects with behaviour are named by identity: the same object, the same name. */
const ids = new WeakMap<object, number>()
let nextId = 0
const idOf = (value: object): number => {
  let id = ids.get(value)
  if (id === undefined) ids.set(value, (id = ++nextId))
  return id
}

const isPlain = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as unknown
  return Array.isArray(value) || proto === Object.prototype || proto === null
}

/**
 * The name of verification options in query keys: a report verified under some options (pinned
 * measurements, trusted roots, collateral) is never reused for a caller with others. Data counts by
 * value; functions and objects with behaviour (a measurement store, a collateral loader, a `fetch`) by
 * identity, so keep those stable, as `verify` already must be.
 *
 * The name is the options' JSON text itself, not a digest of it: two different options can never share
 * a name, and no hash function has to load and run on the main thread while the page starts (SHA-256
 * here put @noble/hashes, 4.4 KB gzip, in `<PrivateChat>`'s initial chunk and ~4 ms in its first task).
 * Options changed in place get a new name, since the text is taken afresh each time.
 *
 * @example verifyOptionsKey({ measurements: { allowedComposeHashes: ['ab12'] } }) // '{"measurements":{"allowedComposeHashes":["ab12"]}}'
 */
export function verifyOptionsKey(verify: object | undefined): string {
  if (verify === undefined) return ''
  return JSON.stringify(verify, (_key, value: unknown) => {
    if (typeof value === 'function') return `#${idOf(value)}`
    if (typeof value !== 'object' || value === null) return value
    if (ArrayBuffer.isView(value)) return bytesToHex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
    return isPlain(value) ? value : `#${idOf(value)}`
  })
}
