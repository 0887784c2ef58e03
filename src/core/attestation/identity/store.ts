import type { CodeIdentity } from './identity.ts'

/**
 * Where continuity (trust on first use, like SSH's known_hosts) remembers each model's
 * code identity after a verified attestation. Adapters: `memoryMeasurementStore()`
 * (tests, one page load), `localStorageMeasurementStore()` (browsers), and the CLI's
 * JSON file under the user's config directory. Bring your own by implementing the two
 * methods (a server-side table, IndexedDB…).
 *
 * @example
 * ```ts
 * await verifyAttestation(response, { nonce, measurementStore: localStorageMeasurementStore() })
 * report.identity?.continuity   // { count: 3, since: '2026-06-01T…' } or { changes: [...] }
 * ```
 */
export interface MeasurementStore {
  /** The identity stored under `key`, if any. */
  get(key: string): Promise<StoredIdentity | undefined> | StoredIdentity | undefined
  /** Stores (or replaces) the identity under `key`. */
  set(key: string, value: StoredIdentity): Promise<void> | void
}

/** One model's identity as remembered after a verified attestation. */
export interface StoredIdentity {
  /** The identity. */
  identity: CodeIdentity
  /** When this identity was first verified (ISO). */
  since: string
  /** When it was last verified (ISO). */
  lastSeen: string
  /** How many verified attestations carried it. */
  count: number
}

/** Keeps identities in a Map: for tests and one page load. */
export function memoryMeasurementStore(initial?: Record<string, StoredIdentity>): MeasurementStore & {
  /** Everything stored, by key. */
  entries(): Record<string, StoredIdentity>
} {
  const map = new Map(Object.entries(initial ?? {}))
  return {
    get: (key) => map.get(key),
    set: (key, value) => void map.set(key, value),
    entries: () => Object.fromEntries(map),
  }
}

/** Parses a stored record, or undefined when it is not one (a corrupt or foreign entry is ignored, never trusted). */
export function parseStoredIdentity(value: unknown): StoredIdentity | undefined {
  if (!value || typeof value !== 'object') return undefined
  const v = value as Partial<StoredIdentity>
  const id = v.identity as Partial<CodeIdentity> | undefined
  if (typeof v.since !== 'string' || typeof v.lastSeen !== 'string' || typeof v.count !== 'number' || !id) return undefined
  if (typeof id.mrtd !== 'string' || typeof id.rtmr1 !== 'string' || typeof id.rtmr2 !== 'string' || typeof id.images !== 'object' || id.images === null) return undefined
  return v as StoredIdentity
}

/**
 * Keeps identities in `localStorage` under `prefix + key` (default prefix `sealkit.identity.`).
 * Without localStorage (SSR, a worker) it behaves as an empty store that forgets, and says
 * so once in the console.
 */
export function localStorageMeasurementStore(options: { prefix?: string; storage?: Storage } = {}): MeasurementStore {
  const prefix = options.prefix ?? 'sealkit.identity.'
  let warned = false
  const storage = (): Storage | undefined => {
    const s = options.storage ?? (typeof localStorage !== 'undefined' ? localStorage : undefined)
    if (!s && !warned) {
      warned = true
      console.warn('sealkit: localStorage is not available; code identity continuity is not remembered.')
    }
    return s
  }
  return {
    get(key) {
      const raw = storage()?.getItem(prefix + key)
      if (!raw) return undefined
      try {
        return parseStoredIdentity(JSON.parse(raw))
      } catch {
        return undefined
      }
    },
    set(key, value) {
      storage()?.setItem(prefix + key, JSON.stringify(value))
    },
  }
}
