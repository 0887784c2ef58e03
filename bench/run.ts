/**
 * The benchmark runner: `tsx bench/run.ts [suite ...] [--quick]`.
 * Runs every module in bench/suites/ (or the named ones), prints one table and
 * writes bench/results/latest.json. To add a benchmark, add a suite module whose
 * default export is a `Suite` (bench/lib/types.ts).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { arch, cpus, platform } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Figure, Suite } from './lib/types.ts'

const HERE = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const quick = args.includes('--quick')
const only = args.filter((a) => !a.startsWith('--'))

const files = readdirSync(join(HERE, 'suites'))
  .filter((f) => f.endsWith('.ts'))
  .sort()
const suites: Suite[] = []
for (const f of files) {
  const suite = ((await import(pathToFileURL(join(HERE, 'suites', f)).href)) as { default: Suite }).default
  if (only.length === 0 || only.includes(suite.name)) suites.push(suite)
}
if (suites.length === 0) {
  console.error(`no suite matches ${only.join(', ')}; have: ${files.join(', ')}`)
  process.exit(1)
}

const fmt = (f: Figure) => {
  if (f.unit === 'ratio') return f.value.toFixed(3)
  if (f.unit === 'bytes') return f.value.toLocaleString('en-US')
  return f.value < 10 ? f.value.toFixed(2) : f.value.toFixed(1)
}

const started = Date.now()
const results: Record<string, { description: string; seconds: number; figures: Figure[] }> = {}
for (const suite of suites) {
  console.log(`\n== ${suite.name}: ${suite.description}`)
  const t0 = performance.now()
  const figures = await suite.run({ quick, log: (m) => console.log(`   ${m}`) })
  const seconds = (performance.now() - t0) / 1000
  results[suite.name] = { description: suite.description, seconds, figures }
  const width = Math.max(...figures.map((f) => f.name.length))
  console.log('')
  for (const f of figures) console.log(`   ${f.name.padEnd(width)}  ${fmt(f).padStart(10)} ${f.unit.padEnd(5)}  ${f.note ?? ''}`)
  console.log(`   (${seconds.toFixed(1)} s)`)
}

const out = {
  date: new Date().toISOString(),
  quick,
  environment: { node: process.version, v8: process.versions.v8, openssl: process.versions.openssl, platform: platform(), arch: arch(), cpu: cpus()[0]?.model, cores: cpus().length },
  seconds: (Date.now() - started) / 1000,
  suites: results,
  /** Every figure by name, for quick lookups. */
  figures: Object.fromEntries(Object.values(results).flatMap((r) => r.figures.map((f) => [f.name, f.value]))),
}
mkdirSync(join(HERE, 'results'), { recursive: true })
const file = join(HERE, 'results', only.length || quick ? `latest-partial.json` : 'latest.json')
writeFileSync(file, JSON.stringify(out, null, 2) + '\n')
console.log(`\nwrote ${file} (${out.seconds.toFixed(1)} s)`)
