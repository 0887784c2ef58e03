/**
 * Where a page's long tasks spent their time on the renderer's main thread: on a core, waiting for
 * one (runnable while other threads had the cores), or neither (blocked: a lock, a synchronous IPC).
 * A 50 ms task on a busy 2-core machine is often 20 ms of work and 30 of waiting: this tells the two
 * apart without tracing, so the page runs as it does untraced.
 *
 * Linux's `/proc/<pid>/task/<pid>/schedstat` (nanoseconds on a core, nanoseconds waiting on a run
 * queue) is read every 2 ms for the main thread of every renderer process. A page's renderer may be
 * started by its navigation, so the renderers' parent (Chromium's zygote) is asked for its children
 * every 20 ms. Elsewhere (no /proc) the watch reads nothing and every split is unknown (NaN).
 *
 * @example
 * const watch = watchRenderers(await rendererParents(browserSession))
 * // ... the page loads and runs ...
 * const samples = watch.stop() // the busiest renderer's: the page's
 * const { onCoreMs, waitingMs } = splitTask(samples, epochStart, epochEnd)
 */
import { readFileSync } from 'node:fs'
import { readSchedstat, type BrowserSession } from './process-cpu.ts'

/** One reading: the harness's wall clock (ms since the epoch), and the thread's totals so far (ms). */
export interface SchedSample {
  at: number
  run: number
  wait: number
}

/** The parents of Chromium's renderer processes (its zygote), from the browser's process list. */
export async function rendererParents(session: BrowserSession): Promise<number[]> {
  const { processInfo } = await session.send('SystemInfo.getProcessInfo')
  const parents = processInfo.filter((p) => p.type === 'renderer').map((p) => parentOf(p.id))
  return [...new Set(parents.filter((p): p is number => p !== undefined))]
}

/**
 * Reads every renderer's main thread every `everyMs` until `stop`, which returns the samples of
 * the renderer whose main thread ran longest meanwhile (the page's; spare renderers idle). Calling
 * `stop` again returns the same samples and reads nothing more.
 */
export function watchRenderers(parents: number[], everyMs = 2): { stop(): SchedSample[] } {
  const byPid = new Map<number, SchedSample[]>()
  const isRenderer = new Map<number, boolean>()
  let renderers: number[] = []
  const rescan = () => {
    renderers = parents.flatMap(childrenOf).filter((pid) => {
      if (!isRenderer.has(pid)) isRenderer.set(pid, commandLine(pid).includes('--type=renderer'))
      return isRenderer.get(pid)
    })
  }
  const now = () => performance.timeOrigin + performance.now()
  const read = () => {
    for (const pid of renderers) {
      // Stamped with the middle of its own read: one stamp for all, taken before them, could precede a reading by
      // the time this process waited for a core, so the counters would hold more time than the stamps apart.
      const before = now()
      const stat = mainThreadSchedstat(pid)
      const at = (before + now()) / 2
      if (!stat) continue
      const list = byPid.get(pid) ?? []
      list.push({ at, ...stat })
      byPid.set(pid, list)
    }
  }
  rescan()
  read()
  const reading = setInterval(read, everyMs)
  const scanning = setInterval(rescan, 20)
  let busiest: SchedSample[] | undefined
  return {
    stop() {
      if (busiest) return busiest
      clearInterval(reading)
      clearInterval(scanning)
      read()
      const ran = (s: SchedSample[]) => s[s.length - 1]!.run - s[0]!.run
      busiest = [...byPid.values()].reduce<SchedSample[]>((best, s) => (best.length && ran(best) >= ran(s) ? best : s), [])
      return busiest
    },
  }
}

/** A task's time from `from` to `to` (ms since the epoch): on a core, waiting for a core, and the rest. */
export function splitTask(samples: SchedSample[], from: number, to: number): { onCoreMs: number; waitingMs: number; otherMs: number } {
  const a = interpolate(samples, from)
  const b = interpolate(samples, to)
  const onCoreMs = b.run - a.run
  const waitingMs = b.wait - a.wait
  return { onCoreMs, waitingMs, otherMs: to - from - onCoreMs - waitingMs }
}

/** The totals at time `at`, read linearly between the samples around it (NaN outside them). */
function interpolate(samples: SchedSample[], at: number): { run: number; wait: number } {
  const i = samples.findIndex((s) => s.at >= at)
  if (i <= 0) return i === 0 && samples[0]!.at === at ? samples[0]! : { run: NaN, wait: NaN }
  const [p, q] = [samples[i - 1]!, samples[i]!]
  const f = (at - p.at) / (q.at - p.at)
  return { run: p.run + f * (q.run - p.run), wait: p.wait + f * (q.wait - p.wait) }
}

/** A process's main thread's totals, or undefined once it is gone (or with no /proc). */
function mainThreadSchedstat(pid: number): { run: number; wait: number } | undefined {
  try {
    return readSchedstat(pid, pid)
  } catch {
    return undefined
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // `pid (comm) state ppid ...`: the name may hold spaces and parentheses, so read after its last `)`.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
  } catch {
    return ''
  }
}
