/**
 * Global setup of the consumer-app tests: packs the package exactly as `npm publish` would (its
 * `prepack` script builds it: a fresh clone's `npm pack` gives a working tarball), into
 * test/consumers/.pack/sealkit.tgz, which every fixture's lockfile names.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONSUMERS, TARBALL, sh } from './harness.ts'

export default async function pack(): Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const out = join(CONSUMERS, '.pack')
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out)
  const name = (await sh(root, 'npm', ['pack', '--silent', '--pack-destination', out])).trim().split('\n').at(-1)!
  renameSync(join(out, name), TARBALL)
}
