#!/usr/bin/env node
// Runs the CLI from the built package, or from source in a checkout (tsx).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const built = fileURLToPath(new URL('../dist/bin/sealkit.js', import.meta.url))
if (existsSync(built)) {
  await import(built)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('./sealkit.ts')
}
