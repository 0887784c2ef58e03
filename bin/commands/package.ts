import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The sealkit package this CLI belongs to: the nearest package.json named sealkit above this file, the
 * same in a checkout, the installed package, or a bundle of either.
 */
export function sealkitPackage(): { dir: string; version?: string } | undefined {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'sealkit') return { dir, ...(pkg.version ? { version: pkg.version } : {}) }
    }
    if (dirname(dir) === dir) return undefined
  }
}
