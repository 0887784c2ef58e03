import { bytesToHex } from '../crypto/hex.ts'
import { SealkitError } from '../errors.ts'

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
 * identity, so keep those stable, as `verify` already must be (one changed in place keeps its name).
 *
 * The name is a JSON text of the options, not a digest of it: no hash function has to load and run on
 * the main thread while the page starts (SHA-256 here put @noble/hashes, 4.4 KB gzip, in
 * `<PrivateChat>`'s initial chunk, and ~4 ms in its first task). Every data string in it starts with `=`,
 * so nothing in the data can spell another value's name: an object's identity (`#n`), bytes
 * (`Uint8Array:hex`, never the same as a hex string of those bytes), or a number JSON has no word for
 * (`NaN`, `Infinity`, a bigint). Plain data changed in place gets a new name, since the text is taken
 * afresh each time. Options that cannot be named (a cycle) are an `INVALID_ARGUMENT` error.
 *
 * @example verifyOptionsKey({ measurements: { allowedComposeHashes: ['ab12'] } }) // '{"measurements":{"allowedComposeHashes":["=ab12"]}}'
 */
export function verifyOptionsKey(verify: object | undefined): string {
  if (verify === undefined) return ''
  try {
    return JSON.stringify(verify, function (this: Record<string, unknown>, key: string, value: unknown) {
      // The value before any toJSON: an object with behaviour is named by identity whatever it serializes to.
      const raw = this[key]
      if (typeof raw === 'function' || (typeof raw === 'object' && raw !== null && !ArrayBuffer.isView(raw) && !isPlain(raw))) return `#${idOf(raw)}`
      if (ArrayBuffer.isView(raw)) return `${raw.constructor.name}:${bytesToHex(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength))}`
      // What remains is data, as JSON would write it (a plain object's toJSON included): its strings marked.
      if (typeof value === 'string') return `=${value}`
      if (typeof value === 'bigint') return `%${value}n`
      if (typeof value === 'number' && !Number.isFinite(value)) return `%${value}`
      return value
    })
  } catch (error) {
    throw new SealkitError('INVALID_ARGUMENT', { message: `The verification options cannot be named for the query cache: ${(error as Error).message}` })
  }
}
