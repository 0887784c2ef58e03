#!/usr/bin/env node
// Runs the CLI: from source in a checkout (bin/sealkit.ts beside this file, run with tsx), from the
// built dist/ in the installed package (which ships no sources). A checkout never runs dist/: a
// dist/ left by an earlier build can be older than the source, and would run stale code silently.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const source = fileURLToPath(new URL('./sealkit.ts', import.meta.url))
const built = fileURLToPath(new URL('../dist/bin/sealkit.js', import.meta.url))
if (existsSync(source)) {
  let register
  try {
    ;({ register } = await import('tsx/esm/api'))
  } catch {
    process.stderr.write('sealkit: this is a checkout, and the CLI runs from source with tsx: run `npm ci` first.\n')
    process.exit(2)
  }
  register()
  await import(source)
} else if (existsSync(built)) {
  await import(built)
} else {
  process.stderr.write(`sealkit: neither the source (${source}) nor the build (${built}) is here.\n`)
  process.exit(2)
}
