import { sha256 } from '@noble/hashes/sha2.js'
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
 * A short name for verification options, for query keys: a report verified under some options
 * (pinned measurements, trusted roots, collateral) is never reused for a caller with others.
 * Data counts by value; functions and objects with behaviour (a measurement store, a collateral
 * loader, a `fetch`) by identity, so keep those stable, as `verify` already must be.
 *
 * @example verifyOptionsKey({ measurements: { composeHashes: ['ab…'] } }) // '3f9c…' (32 hex)
 */
export function verifyOptionsKey(verify: object | undefined): string {
  if (verify === undefined) return ''
  const json = JSON.stringify(verify, (_key, value: unknown) => {
    if (typeof value === 'function') return `#${idOf(value)}`
    if (typeof value !== 'object' || value === null) return value
    if (ArrayBuffer.isView(value)) return bytesToHex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
    return isPlain(value) ? value : `#${idOf(value)}`
  })
  let key = recent.get(json)
  if (key === undefined) {
    key = bytesToHex(sha256(new TextEncoder().encode(json)).subarray(0, 16))
    recent.set(json, key)
    if (recent.size > RECENT) recent.delete(recent.keys().next().value!)
  }
  return key
}

/**
 * The last few names, by the options' JSON text: a session's setup names the same options several
 * times (query keys, the early attestation, the key holder), and hashing kilobytes of trusted roots
 * each time showed in page-load profiles. By text, not by object, so options changed in place get a new name.
 */
const RECENT = 8
const recent = new Map<string, string>()
