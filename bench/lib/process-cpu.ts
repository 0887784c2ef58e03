/**
 * CPU time spent by every Chromium process (browser, renderers, GPU, network, utilities) over a
 * window of a page's life: what the page made the machine do, wherever it ran. On a machine with
 * few cores the page's steps queue for the same cores, so this work, not the order of the steps,
 * bounds how soon a page can be ready.
 *
 * The process list comes from Chromium (CDP `SystemInfo.getProcessInfo`). Each thread's time is
 * read from Linux's `/proc/<pid>/task/<tid>/schedstat` (nanoseconds); elsewhere each process's from
 * CDP's own `cpuTime`, which counts 10 ms clock ticks. Reading costs no tracing: the figures are the
 * page's as it runs untraced.
 *
 * @example
 * const before = await cpuSnapshot(browserSession)
 * // ... the page loads ...
 * const { totalMs, byThread } = cpuDelta(before, await cpuSnapshot(browserSession))
 */
import { readdirSync, readFileSync } from 'node:fs'

/** CPU time so far, in milliseconds, by thread (`pid/tid`; `pid` alone where only the process's total is known), with what each is. */
export type CpuSnapshot = Map<string, { ms: number; thread: string }>

/** What `SystemInfo.getProcessInfo` needs: a browser-level CDP session. */
export interface BrowserSession {
  send(method: 'SystemInfo.getProcessInfo'): Promise<{ processInfo: Array<{ id: number; type: string; cpuTime: number }> }>
}

/**
 * A thread's totals from Linux's `/proc/<pid>/task/<tid>/schedstat`, in ms: `run` on a core, `wait` runnable
 * on a run queue while other threads had the cores. Throws where it cannot be read (no /proc, a thread gone).
 */
export function readSchedstat(pid: number, tid: number | string): { run: number; wait: number } {
  const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number)
  return { run: run! / 1e6, wait: wait! / 1e6 }
}

/** A process's threads from /proc, each `[tid, name, ms]`; undefined where /proc cannot say. */
function procThreads(pid: number): Array<[tid: string, name: string, ms: number]> | undefined {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid): Array<[string, string, number]> => {
      try {
        const { run } = readSchedstat(pid, tid)
        // A process's first thread keeps the program's name ("chromium"): it is the process's main thread.
        return [[tid, tid === String(pid) ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(), run]]
      } catch {
        return [] // a thread that ended between the listing and the read
      }
    })
  } catch {
    return undefined
  }
}

/**
 * Every Chromium thread's CPU time now, each named `<process type>/<thread name>`: `renderer/main`,
 * `renderer/DedicatedWorker` (Linux keeps a thread name's first 15 bytes), `NetworkService/Chrome_ChildIOT`.
 */
export async function cpuSnapshot(session: BrowserSession): Promise<CpuSnapshot> {
  const { processInfo } = await session.send('SystemInfo.getProcessInfo')
  const snapshot: CpuSnapshot = new Map()
  for (const { id, type, cpuTime } of processInfo) {
    const kind = type.replace(/^.*\.mojom\./, '') // network.mojom.NetworkService -> NetworkService
    const threads = procThreads(id)
    if (!threads) snapshot.set(String(id), { ms: cpuTime * 1000, thread: kind })
    else for (const [tid, name, ms] of threads) snapshot.set(`${id}/${tid}`, { ms, thread: `${kind}/${name}` })
  }
  return snapshot
}

/**
 * CPU milliseconds spent between two snapshots by thread name, most first, with the total: each
 * thread's growth, a thread started in between counted from zero. A thread that ended in between
 * is left out (its last work is lost).
 */
export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): { totalMs: number; byThread: Array<[thread: string, ms: number]> } {
  const by = new Map<string, number>()
  for (const [key, { ms, thread }] of after) by.set(thread, (by.get(thread) ?? 0) + Math.max(0, ms - (before.get(key)?.ms ?? 0)))
  const byThread = [...by].sort((a, b) => b[1] - a[1])
  return { totalMs: byThread.reduce((sum, [, ms]) => sum + ms, 0), byThread }
}
