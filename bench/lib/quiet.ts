/**
 * Waits until the machine is quiet: a page measured while the last one's work still runs (its context
 * closing, the simulator finishing a reply's signature, a GC) shares the cores with it. On the 2-core
 * bench host a sealkit page measured right after another was verified 6-8% later than an identical
 * build measured after it (BENCH_APP_AB=same). Linux only (`/proc/stat`); elsewhere it returns at once.
 *
 * @example await quietMachine() // then navigate
 */
import { readFileSync } from 'node:fs'

/** Busy and total jiffies of all CPUs so far; undefined without /proc/stat. */
function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/)
    const n = fields.map(Number)
    const total = n.reduce((s, x) => s + x, 0)
    const idle = n[3]! + (n[4] ?? 0) // idle + iowait
    return { busy: total - idle, total }
  } catch {
    return undefined
  }
}

/**
 * Resolves once the share of all cores busy over a `windowMs` window is under `maxBusy` (default 0.15),
 * or after `timeoutMs` (default 3 s): a machine that never quiets down is measured as it is.
 */
export async function quietMachine({ maxBusy = 0.15, windowMs = 100, timeoutMs = 3000 } = {}): Promise<void> {
  const start = performance.now()
  let last = cpuTimes()
  if (!last) return
  while (performance.now() - start < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, windowMs))
    const now = cpuTimes()!
    const busy = (now.busy - last.busy) / Math.max(1, now.total - last.total)
    last = now
    if (busy < maxBusy) return
  }
}
