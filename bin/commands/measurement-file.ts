import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseStoredIdentity, type MeasurementStore, type StoredIdentity } from '../../src/core/attestation/identity/store.ts'

/** `$XDG_CONFIG_HOME/sealkit/measurements.json`, else `~/.config/sealkit/measurements.json` (`%APPDATA%` on Windows). */
export function defaultMeasurementsFile(): string {
  const base = process.env.XDG_CONFIG_HOME || (process.platform === 'win32' && process.env.APPDATA) || join(homedir(), '.config')
  return join(base, 'sealkit', 'measurements.json')
}

/**
 * The CLI's measurement store: one JSON object (key -> remembered identity) in a file,
 * written atomically (temp file + rename). A missing file is an empty store; a corrupt
 * one is an error, never silently replaced.
 */
export function fileMeasurementStore(path: string): MeasurementStore {
  const read = (): Record<string, unknown> => {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw e
    }
    const json: unknown = JSON.parse(text)
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${path} is not a JSON object`)
    return json as Record<string, unknown>
  }
  return {
    get: (key) => parseStoredIdentity(read()[key]),
    set(key: string, value: StoredIdentity) {
      const all = read()
      all[key] = value
      mkdirSync(dirname(path), { recursive: true })
      const tmp = `${path}.${process.pid}.tmp`
      writeFileSync(tmp, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 })
      renameSync(tmp, path)
    },
  }
}
