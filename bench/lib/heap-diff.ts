/**
 * What one V8 heap snapshot holds that another does not: self size and count by node type and
 * constructor (strings by their kind), largest differences first.
 * `tsx bench/lib/heap-diff.ts before.heapsnapshot after.heapsnapshot [--top N] [--js]` (`--js`: V8's own
 * objects only, not Blink's native ones); the memory scenario
 * writes one per page with `BENCH_APP_HEAP_SNAPSHOT=<dir>`.
 */
import { readFileSync } from 'node:fs'

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } }
  nodes: number[]
  strings: string[]
}

type Totals = Map<string, { size: number; count: number }>

const STRING_KINDS = new Set(['string', 'concatenated string', 'sliced string'])

/** Self size and count per `type name` (strings per kind, so that their contents do not split them). */
export function heapTotals(snapshot: Snapshot, jsOnly = false): Totals {
  const fields = snapshot.snapshot.meta.node_fields
  const types = snapshot.snapshot.meta.node_types[0]
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number]
  const totals: Totals = new Map()
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]!]!
    if (jsOnly && type === 'native') continue
    const key = STRING_KINDS.has(type) ? `(${type})` : `${type} ${snapshot.strings[snapshot.nodes[i + nameAt]!]!.slice(0, 60)}`
    const t = totals.get(key) ?? { size: 0, count: 0 }
    t.size += snapshot.nodes[i + sizeAt]!
    t.count++
    totals.set(key, t)
  }
  return totals
}

/** Rows of `after` minus `before`, by absolute size difference. */
export function heapDiff(before: Totals, after: Totals): Array<{ key: string; size: number; count: number }> {
  const keys = new Set([...before.keys(), ...after.keys()])
  return [...keys]
    .map((key) => ({ key, size: (after.get(key)?.size ?? 0) - (before.get(key)?.size ?? 0), count: (after.get(key)?.count ?? 0) - (before.get(key)?.count ?? 0) }))
    .sort((a, b) => Math.abs(b.size) - Math.abs(a.size))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [a, b] = process.argv.slice(2).filter((x) => !x.startsWith('--') && !/^\d+$/.test(x))
  if (!a || !b) throw new Error('usage: heap-diff.ts before.heapsnapshot after.heapsnapshot [--top N]')
  const topAt = process.argv.indexOf('--top')
  const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 30
  const load = (path: string) => heapTotals(JSON.parse(readFileSync(path, 'utf8')) as Snapshot, process.argv.includes('--js'))
  const [before, after] = [load(a), load(b)]
  const sum = (t: Totals) => [...t.values()].reduce((s, x) => s + x.size, 0)
  console.log(`total self size: ${sum(before).toLocaleString()} -> ${sum(after).toLocaleString()} bytes (${(sum(after) - sum(before)).toLocaleString()})`)
  for (const r of heapDiff(before, after).slice(0, top)) console.log(`${r.size.toLocaleString().padStart(12)} B ${String(r.count).padStart(8)}  ${r.key}`)
}
