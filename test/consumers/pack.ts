/**
 * Global setup of the consumer-app tests: packs the package exactly as `npm publish` would (its
 * `prepack` script builds it: a fresh clone's `npm pack` gives a working tarball), into
 * test/consumers/.pack/sealkit.tgz, which every fixture's lockfile names.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { packInto } from '../helpers/processes.ts'
import { TARBALL } from './harness.ts'

export default async function pack(): Promise<void> {
  const out = dirname(TARBALL)
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out)
  await packInto(out)
}
