/**
 * What a Chromium trace of one page load says, thread by thread: the longest tasks and what ran
 * inside each (script evaluation, compilation, React's render, layout, a worker's message handler).
 * `BENCH_APP_TRACE=<file>` makes the browser-app suite trace the first sealkit page of the session
 * scenario into that file (open it in DevTools' Performance panel or Perfetto) and log this summary.
 */

/** The trace categories the summary reads: the timeline, V8's compile and evaluate, user timing. */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing', 'loading']

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string }
}

const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask'])
const THREADS = /CrRendererMain|DedicatedWorker/

/**
 * Lines for the log: per page thread, its busy time and its `top` longest tasks as
 * `start..end (ms): what ran inside (ms)`, times from navigation start (or from the trace's start).
 * @example console.log(summarizeTrace(JSON.parse(readFileSync(file, 'utf8'))).join('\n'))
 */
export function summarizeTrace(trace: { traceEvents: TraceEvent[] } | TraceEvent[], top = 4): string[] {
  const events = Array.isArray(trace) ? trace : trace.traceEvents
  const names = new Map<string, string>()
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '')
  // Navigation start, or the trace's first event for a trace started after the page loaded.
  const navigation = events.filter((e) => e.name === 'navigationStart')
  const start = (navigation.length ? navigation : events.filter((e) => e.ts > 0)).reduce((min, e) => Math.min(min, e.ts), Infinity)
  const byThread = new Map<string, TraceEvent[]>()
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue
    const key = `${e.pid}:${e.tid}`
    if (!THREADS.test(names.get(key) ?? '')) continue
    byThread.set(key, [...(byThread.get(key) ?? []), e])
  }
  const ms = (us: number) => (us / 1000).toFixed(0)
  const lines: string[] = []
  for (const [key, all] of byThread) {
    const tasks = all.filter((e) => TASKS.has(e.name)).sort((a, b) => b.dur! - a.dur!)
    lines.push(`${names.get(key)}: busy ${ms(tasks.reduce((sum, t) => sum + t.dur!, 0))} ms in ${tasks.length} tasks`)
    for (const t of tasks.slice(0, top)) {
      const inner = new Map<string, number>()
      for (const e of all) if (!TASKS.has(e.name) && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!) inner.set(e.name, (inner.get(e.name) ?? 0) + e.dur!)
      const what = [...inner].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([n, d]) => `${n} ${ms(d)}`)
      lines.push(`  ${ms(t.ts - start)}..${ms(t.ts + t.dur! - start)} (${ms(t.dur!)} ms): ${what.join(', ')}`)
    }
  }
  return lines
}
