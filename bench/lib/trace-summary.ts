/**
 * What a Chromium trace of one page load says, thread by thread: the longest tasks and what ran
 * inside each (script evaluation, compilation, React's render, layout, a worker's message handler).
 * `BENCH_APP_TRACE=<file>` makes the browser-app suite trace the first sealkit page of the session
 * scenario into that file (open it in DevTools' Performance panel or Perfetto) and log this summary.
 */

/**
 * The trace categories the summary reads (the timeline, V8's compile and evaluate, user timing, the main
 * thread's font lookups), and V8's sampling profiler for the functions behind each task in DevTools.
 */
export const TRACE_CATEGORIES = ['fonts', 'mojom', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing', 'loading', 'disabled-by-default-v8.cpu_profiler']

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  /** Thread (CPU) time of a complete event. */
  tdur?: number
  pid: number
  tid: number
  id?: string
  args?: { name?: string; data?: ProfileData }
}
/** V8's sampling profiler in a trace: a `Profile` event (its start) and `ProfileChunk`s (nodes, samples, time deltas), joined by `id`. */
interface ProfileData {
  startTime?: number
  cpuProfile?: { nodes?: Array<{ id: number; parent?: number; callFrame: { functionName?: string; url?: string; lineNumber?: number } }>; samples?: number[] }
  timeDeltas?: number[]
}
type Trace = { traceEvents: TraceEvent[] } | TraceEvent[]

const eventsOf = (trace: Trace) => (Array.isArray(trace) ? trace : trace.traceEvents)
/** Navigation start, or the trace's first event for a trace started after the page loaded (microseconds). */
function startOf(events: TraceEvent[]): number {
  const navigation = events.filter((e) => e.name === 'navigationStart')
  return (navigation.length ? navigation : events.filter((e) => e.ts > 0)).reduce((min, e) => Math.min(min, e.ts), Infinity)
}
/** A thread's key, `pid:tid`, as thread names are keyed. */
const threadOf = (e: TraceEvent) => `${e.pid}:${e.tid}`
/** The complete events (`X`, with a duration) that `keep` accepts, grouped by thread, in trace order. */
function completeEventsByThread(events: TraceEvent[], keep: (e: TraceEvent) => boolean): Map<string, TraceEvent[]> {
  const byThread = new Map<string, TraceEvent[]>()
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || !keep(e)) continue
    const list = byThread.get(threadOf(e))
    if (list) list.push(e)
    else byThread.set(threadOf(e), [e])
  }
  return byThread
}
const threadNames = (events: TraceEvent[]) => {
  const names = new Map<string, string>()
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(threadOf(e), e.args?.name ?? '')
  return names
}

const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask'])
const THREADS = /CrRendererMain|DedicatedWorker/

/**
 * Lines for the log: per page thread, its busy time and its `top` longest tasks as
 * `start..end (ms): what ran inside (ms)`, times from navigation start (or from the trace's start).
 * @example console.log(summarizeTrace(JSON.parse(readFileSync(file, 'utf8'))).join('\n'))
 */
export function summarizeTrace(trace: Trace, top = 4, marks: Record<string, number> = {}): string[] {
  const events = eventsOf(trace)
  const names = threadNames(events)
  const start = startOf(events)
  const byThread = completeEventsByThread(events, (e) => THREADS.test(names.get(threadOf(e)) ?? ''))
  const samples = profileSamples(events)
  const ms = (us: number) => (us / 1000).toFixed(0)
  const lines: string[] = []
  const at = Object.entries(marks).sort((a, b) => a[1] - b[1]).map(([k, t]) => `${k} ${t.toFixed(0)}`)
  if (at.length) lines.push(`marks (ms): ${at.join(', ')}`)
  for (const [key, all] of byThread) {
    const tasks = all.filter((e) => TASKS.has(e.name)).sort((a, b) => b.dur! - a.dur!)
    lines.push(`${names.get(key)}: busy ${ms(tasks.reduce((sum, t) => sum + t.dur!, 0))} ms in ${tasks.length} tasks`)
    for (const t of tasks.slice(0, top)) {
      const inner = new Map<string, number>()
      for (const e of all) if (!TASKS.has(e.name) && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!) inner.set(e.name, (inner.get(e.name) ?? 0) + e.dur!)
      const what = [...inner].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([n, d]) => `${n} ${ms(d)}`)
      const cpu = t.tdur === undefined ? '' : `, ${ms(t.tdur)} on a core`
      lines.push(`  ${ms(t.ts - start)}..${ms(t.ts + t.dur! - start)} (${ms(t.dur!)} ms${cpu}): ${what.join(', ')}`)
      const hot = hottest(samples.get(key) ?? [], t.ts, t.ts + t.dur!)
      if (hot.length) lines.push(`    self time by function: ${hot.join(', ')}`)
    }
  }
  return lines
}

interface Sample {
  ts: number
  /** The function on top of the stack, and its caller chain up to the first named one's file. */
  fn: string
}

/** Every sampled stack's top function per thread (`pid:tid`), in time order, from the trace's CPU profile. */
function profileSamples(events: TraceEvent[]): Map<string, Sample[]> {
  const byThread = new Map<string, Sample[]>()
  const profiles = new Map<string, { thread: string; time: number; frames: Map<number, string> }>()
  for (const e of events) {
    const data = e.args?.data
    if (e.name === 'Profile' && e.id) profiles.set(`${e.pid}:${e.id}`, { thread: threadOf(e), time: data?.startTime ?? e.ts, frames: new Map() })
    if (e.name !== 'ProfileChunk' || !e.id || !data) continue
    const profile = profiles.get(`${e.pid}:${e.id}`)
    if (!profile) continue
    for (const n of data.cpuProfile?.nodes ?? []) {
      const { functionName, url = '', lineNumber = 0 } = n.callFrame
      const file = url.split('/').pop()?.replace(/-[\w-]{8}\.js$/, '') ?? ''
      // A node of a later chunk can be a repeat: keep the first name.
      if (!profile.frames.has(n.id)) profile.frames.set(n.id, `${functionName || '(anonymous)'}${file ? `@${file}:${lineNumber + 1}` : ''}`)
    }
    const list = byThread.get(profile.thread) ?? []
    byThread.set(profile.thread, list)
    const deltas = data.timeDeltas ?? []
    ;(data.cpuProfile?.samples ?? []).forEach((id, i) => {
      profile.time += deltas[i] ?? 0
      list.push({ ts: profile.time, fn: profile.frames.get(id) ?? '?' })
    })
  }
  return byThread
}

/** The functions with the most samples between `from` and `to` (microseconds), as `name ~ms`. */
function hottest(samples: Sample[], from: number, to: number, top = 6): string[] {
  const counts = new Map<string, number>()
  let n = 0
  for (const s of samples) {
    if (s.ts < from || s.ts > to) continue
    counts.set(s.fn, (counts.get(s.fn) ?? 0) + 1)
    n++
  }
  if (!n) return []
  const perSample = (to - from) / 1000 / n
  return [...counts].filter(([fn]) => fn !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, c]) => `${fn} ~${(c * perSample).toFixed(0)}`)
}

/**
 * How much work every thread of the browser did from navigation to `untilMs` (ms from navigation):
 * per thread that was busy at least 1 ms, `busy ms process/thread`, busiest first, then the total. On a
 * machine with few cores this is the budget the page's steps compete for: two apps that reach the same
 * point with different totals cannot both get there equally soon.
 * Busy time is the union of the thread's complete events (nested ones counted once); a thread's
 * run loop nested in a task (a worker waiting for its script) counts as busy.
 * @example console.log(threadTime(JSON.parse(readFileSync(file, 'utf8')), 300).join('\n'))
 */
export function threadTime(trace: Trace, untilMs: number): string[] {
  const events = eventsOf(trace)
  const names = threadNames(events)
  const processes = new Map<number, string>()
  for (const e of events) if (e.ph === 'M' && e.name === 'process_name') processes.set(e.pid, e.args?.name ?? '')
  const start = startOf(events)
  const until = start + untilMs * 1000
  const byThread = completeEventsByThread(events, (e) => e.ts < until && e.ts + e.dur! > start)
  const busy: Array<[string, number]> = []
  for (const [key, all] of byThread) {
    all.sort((a, b) => a.ts - b.ts)
    let covered = start
    let us = 0
    for (const e of all) {
      const from = Math.max(e.ts, covered)
      const to = Math.min(e.ts + e.dur!, until)
      if (to > from) us += to - from
      covered = Math.max(covered, to)
    }
    busy.push([`${processes.get(Number(key.split(':')[0])) ?? '?'}/${names.get(key) ?? key}`, us / 1000])
  }
  busy.sort((a, b) => b[1] - a[1])
  const total = busy.reduce((sum, [, ms]) => sum + ms, 0)
  return [...busy.filter(([, ms]) => ms >= 1).map(([thread, ms]) => `${ms.toFixed(0).padStart(4)} ms ${thread}`), `${total.toFixed(0).padStart(4)} ms in all threads, navigation -> ${untilMs.toFixed(0)} ms`]
}

/**
 * The page's synchronous font lookups from navigation to `untilMs`: Chromium on Linux asks the browser
 * process (`FontDataService::MatchFamilyName`) for each font family and weight a renderer has not matched
 * before, and its main thread waits for the answer, which on a busy machine takes up to ~15 ms. A family a
 * stylesheet names before the one the system has is one more lookup for every weight the page uses.
 * @example const { count, ms } = fontLookups(trace, marks.first)
 */
export function fontLookups(trace: Trace, untilMs = Infinity): { count: number; ms: number } {
  const events = eventsOf(trace)
  const names = threadNames(events)
  const until = startOf(events) + untilMs * 1000
  const lookups = events.filter((e) => e.name === 'FontDataService::MatchFamilyName' && e.ph === 'X' && e.ts < until && names.get(threadOf(e)) === 'CrRendererMain')
  return { count: lookups.length, ms: lookups.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000 }
}
