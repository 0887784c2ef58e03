/**
 * Per-module breakdown of one bundle entry of bench/lib/bundle.ts: which modules
 * the chunks loaded up front carry, and how much each weighs (minified, and gzip
 * of the module's code alone, which over-counts a little against the whole chunk).
 * `tsx bench/size-breakdown.ts [entry] [--top N]` (default private_chat, top 40).
 */
import { ENTRIES, breakdownEntry } from './lib/bundle.ts'

const args = process.argv.slice(2)
const id = args.find((a) => !a.startsWith('--')) ?? 'private_chat'
const topAt = args.indexOf('--top')
const top = topAt >= 0 ? Number(args[topAt + 1]) : 40
const entry = ENTRIES.find((e) => e.id === id)
if (!entry) {
  console.error(`unknown entry ${id}; have: ${ENTRIES.map((e) => e.id).join(', ')}`)
  process.exit(1)
}
const rows = await breakdownEntry(entry)
if (!rows) {
  console.error(`${id}: not there yet`)
  process.exit(1)
}
const kb = (n: number) => (n / 1024).toFixed(1).padStart(7)
for (const where of ['initial', 'lazy'] as const) {
  const mine = rows.filter((r) => r.where === where)
  const groups = new Map<string, { min: number; gzip: number }>()
  for (const r of mine) {
    const g = groups.get(r.group) ?? { min: 0, gzip: 0 }
    g.min += r.minBytes
    g.gzip += r.gzipBytes
    groups.set(r.group, g)
  }
  console.log(`\n== ${id} ${where}: by package / folder (KB min, KB gzip of each module alone)`)
  for (const [g, s] of [...groups].sort((a, b) => b[1].gzip - a[1].gzip)) console.log(`${kb(s.min)} ${kb(s.gzip)}  ${g}`)
  console.log(`\n== ${id} ${where}: top ${top} modules`)
  for (const r of mine.slice(0, top)) console.log(`${kb(r.minBytes)} ${kb(r.gzipBytes)}  ${r.module}`)
}
