// Regenerates the fixtures' lockfiles after a dependency change (sealkit's own or a fixture's):
//   npm run build && npm pack --pack-destination test/consumers/.pack && mv test/consumers/.pack/sealkit-*.tgz test/consumers/.pack/sealkit.tgz
//   node test/consumers/relock.mjs
// The tarball's integrity is dropped from each lock: it changes with every build, and `npm ci`
// must install the tarball of the run (pack.ts) while every other package stays locked.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
for (const name of readdirSync(here)) {
  const dir = join(here, name)
  if (!existsSync(join(dir, 'package.json'))) continue
  const file = join(dir, 'package-lock.json')
  // Forget the old tarball so npm reads the new one's dependencies.
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true })
  if (existsSync(file)) {
    const old = JSON.parse(readFileSync(file, 'utf8'))
    delete old.packages['node_modules/sealkit']
    writeFileSync(file, JSON.stringify(old))
  }
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, stdio: 'inherit' })
  const lock = JSON.parse(readFileSync(file, 'utf8'))
  delete lock.packages['node_modules/sealkit'].integrity
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
  console.log(`relocked ${name}`)
}
