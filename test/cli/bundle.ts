/**
 * Global setup for the node tests: the CLI bundled once into a temporary folder, so the CLI tests
 * start `node <bundle>` (~0.2 s) rather than the checkout's launcher, which compiles the sources
 * through tsx on every start (~1 s). The tests spawn the CLI about ninety times. Its dependencies are
 * bundled in too: Node resolving and reading noble's and the ASN.1 libraries' modules on each start
 * was ~0.15 s of CPU of it. The launcher itself is tested in launcher.test.ts, and the built package's
 * CLI, its dependencies from node_modules, in test/consumers/node.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleForNode } from '../../scripts/bundle-for-node.ts'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundled CLI: `node <cliBundle> <command> ...`. */
    cliBundle: string
  }
}

export default async function setup(project: TestProject) {
  // In node_modules/.cache, beside the other tools' caches (and ignored as they are).
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const cache = join(root, 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  const outDir = mkdtempSync(join(cache, 'sealkit-cli-'))
  const cli = await bundleForNode('bin/sealkit.ts', outDir)
  // Watch mode: a rerun gets the sources as they are now, never a bundle of what they were.
  project.onTestsRerun(async () => {
    await bundleForNode('bin/sealkit.ts', outDir)
  })
  project.provide('cliBundle', cli)
  return () => rmSync(outDir, { recursive: true, force: true })
}
