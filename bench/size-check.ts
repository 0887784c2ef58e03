/**
 * Fails (exit 1) when a bundle is over its budget in bench/size-budget.json.
 * `tsx bench/size-check.ts` — a few seconds; meant to run inside `npm test`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ENTRIES, ROOT, measureEntry } from './lib/bundle.ts'

interface Budget {
  gzip?: number
  lazyGzip?: number
  workerGzip?: number
}

const budgets = JSON.parse(readFileSync(join(ROOT, 'bench', 'size-budget.json'), 'utf8')) as Record<string, Budget | string>
let over = 0
const rows: string[] = []
for (const [id, budget] of Object.entries(budgets)) {
  if (typeof budget !== 'object') continue
  const entry = ENTRIES.find((e) => e.id === id)
  if (!entry) {
    console.error(`size-budget.json names an unknown entry: ${id}`)
    over++
    continue
  }
  const size = await measureEntry(entry)
  if (!size) {
    rows.push(`${id.padEnd(12)} skipped: not there yet`)
    continue
  }
  const check = (what: string, actual: number, max: number | undefined) => {
    if (max === undefined) return
    const ok = actual <= max
    if (!ok) over++
    rows.push(`${id.padEnd(12)} ${what.padEnd(10)} ${actual.toLocaleString('en-US').padStart(9)} / ${max.toLocaleString('en-US').padStart(9)} bytes gz  ${ok ? 'ok' : 'OVER BUDGET'}`)
  }
  check('gzip', size.gzipBytes, budget.gzip)
  check('lazyGzip', size.lazyGzipBytes, budget.lazyGzip)
  check('workerGzip', size.workerGzipBytes, budget.workerGzip)
}
console.log(rows.join('\n'))
if (over > 0) {
  console.error(`\n${over} bundle(s) over budget (bench/size-budget.json)`)
  process.exit(1)
}
console.log('\nall bundles within budget')
