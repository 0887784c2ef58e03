/**
 * What the benchmark reads from a page, shared by the bench apps. `PROBE_SCRIPT` goes inline at
 * the top of <head>, so the long-task observer runs before any module: every long task from
 * navigation on is counted. React commits: in React's production build (what apps ship, and what the
 * page-load scenarios measure) through a DevTools hook the probe installs before React loads, as React
 * DevTools reads a production site (commit times, no durations); in the profiling build (the
 * long-conversation scenario, which compares time per commit) through `onRender` of a `<Profiler>`
 * around the whole app, with durations.
 */
export interface BenchConfig {
  baseURL: string
  trustedRoots: { intel: string[]; nvidia: string[] }
  /** Earlier messages to start the conversation with (the long-conversation scenario). */
  history: number
  /** The message the harness sends: the reply is the row after it. */
  prompt: string
  /** Name the components each React commit rendered (`BenchState.rendered`): costs a walk of the tree per commit. */
  namesPerCommit?: boolean
}

/** How the harness asks an app where it is: each app sets `window.benchApp`. */
export interface BenchApp {
  /** The enclave's attestation verified (the plaintext app has none: same as `ready`). */
  verified(): boolean
  /** A message typed now would be sent. */
  ready(): boolean
  /** The composer takes text: a user can start typing (a message sent before `ready` waits for it). */
  typeable(): boolean
  /** The text of the reply on screen: the assistant message after the harness's own (`config.prompt`). */
  replyText(): string
  /** The reply finished streaming (checked on every DOM change while it streams: keep it cheap). */
  done(): boolean
  /**
   * Opens another conversation of `count` earlier messages (`historyText`, an even count), as a user who picks one
   * from a list (the `open` scenario); with `newest`, its newest message (an answer) is that text instead (`open_long`).
   */
  open?(count: number, newest?: string): void
  /** Every message of the conversation is rendered: nothing is left shown as typed until its turn (the plaintext app's always are). */
  rendered?(): boolean
  /** How many of the conversation's messages are in the DOM. */
  rows?(): number
  /** The text of the newest message in the DOM. */
  newestRow?(): string
}

export interface BenchState {
  config: BenchConfig
  longTasks: Array<[start: number, duration: number]>
  /** Long animation frames (over 50 ms): start, duration, and per script [invoker, file, ms]. */
  frames: Array<[start: number, duration: number, scripts: Array<[invoker: string, file: string, ms: number]>]>
  /** [commit time, actualDuration] per React commit, from `<Profiler>` (profiling build only). */
  commits: Array<[number, number]>
  /** [commit time, NaN] per React commit, from the DevTools hook (every build). */
  hookCommits: Array<[number, number]>
  /** [commit time, names] per React commit: the components it rendered (`config.namesPerCommit`; readable with BENCH_APP_MINIFY=0). */
  rendered: Array<[number, string[]]>
  marks: Record<string, number>
  /** Sets mark `name` the first time `predicate()` holds (checked after every DOM change) and says `bench:<name>` on the console. */
  watch(name: string, predicate: () => boolean): void
}

declare global {
  interface Window {
    bench: BenchState
    benchApp: BenchApp
  }
}

export const bench = (): BenchState => window.bench

/** The model the sealkit app's config attests first (and its early variant's HTML requests). */
export const BENCH_MODEL = 'e2ee-qwen3-5-122b-a10b'

export const onRender = (_id: string, _phase: string, actualDuration: number, _base: number, _start: number, commitTime: number): void => {
  window.bench.commits.push([commitTime, actualDuration])
}

/** Inline, classic script: runs before the app's module; `window.bench.config` is set by the harness's init script. */
/**
 * The reply to the harness's message among an app's message rows (`row` elements with `data-role`, in order): the
 * last row, an assistant's, right after a user row whose text (`textOf`) is `config.prompt`. Not the assistant rows
 * counted: a long conversation's earlier rows go in above while the reply streams, and a count waited for them all.
 */
export function replyRow(rows: ArrayLike<Element>, textOf: (row: Element) => string): Element | undefined {
  const [sent, last] = [rows[rows.length - 2], rows[rows.length - 1]]
  return sent?.getAttribute('data-role') === 'user' && last?.getAttribute('data-role') === 'assistant' && textOf(sent) === bench().config.prompt ? last : undefined
}

export const PROBE_SCRIPT = `
window.bench = Object.assign(window.bench || {}, { longTasks: [], frames: [], commits: [], hookCommits: [], rendered: [], marks: {} })
// The function components a commit rendered: React sets PerformedWork (flag 1) on those that rendered and did
// not bail out; a subtree whose child list is its alternate's was not visited in that render.
function renderedIn(fiber, names) {
  for (; fiber; fiber = fiber.sibling) {
    const type = fiber.type
    if ((fiber.flags & 1) && [0, 1, 11, 14, 15].indexOf(fiber.tag) !== -1) {
      names.push((type && (type.displayName || type.name || (type.render && type.render.name) || (type.type && type.type.name))) || 'anonymous')
    }
    if (fiber.child && (!fiber.alternate || fiber.alternate.child !== fiber.child)) renderedIn(fiber.child, names)
  }
  return names
}
// React (any build) tells a DevTools hook about every commit; durations only come from <Profiler>.
window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
  supportsFiber: true, renderers: new Map(), checkDCE: function () {}, inject: function () { return 1 },
  onCommitFiberRoot: function (id, root) {
    window.bench.hookCommits.push([performance.now(), NaN])
    if (window.bench.config && window.bench.config.namesPerCommit) window.bench.rendered.push([performance.now(), renderedIn(root.current.child, [])])
  },
  onCommitFiberUnmount: function () {}, onPostCommitFiberRoot: function () {}, setStrictMode: function () {},
}
new PerformanceObserver(function (list) {
  for (const e of list.getEntries()) window.bench.longTasks.push([e.startTime, e.duration])
}).observe({ type: 'longtask', buffered: true })
// Long animation frames name the scripts that ran in them (what a long task was, without a trace's overhead).
try {
  new PerformanceObserver(function (list) {
    for (const e of list.getEntries()) {
      window.bench.frames.push([e.startTime, e.duration, e.scripts.map(function (s) {
        return [s.invokerType, s.sourceURL.split('/').pop(), Math.round(s.duration)]
      })])
    }
  }).observe({ type: 'long-animation-frame', buffered: true })
} catch (e) {}
// Marks the first time predicate() holds, checked after every DOM change (so before paint), and says so
// on the console: the harness waits for that message rather than evaluating anything in the page while
// it loads (Playwright's waitForFunction injects its own script, tens of milliseconds on the main thread).
window.bench.watch = function (name, predicate) {
  const check = function () {
    if (window.bench.marks[name] !== undefined) return true
    if (window.benchApp && predicate()) { window.bench.marks[name] = performance.now(); console.debug('bench:' + name); return true }
    return false
  }
  if (check()) return
  const observer = new MutationObserver(function () { if (check()) observer.disconnect() })
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
}
window.bench.watch('verified', function () { return window.benchApp.verified() })
window.bench.watch('ready', function () { return window.benchApp.ready() })
window.bench.watch('typeable', function () { return window.benchApp.typeable() })
// The moment a message is sent: the composer's submit (button or Enter), in the capture phase.
document.addEventListener('submit', function () {
  if (window.bench.marks.send !== undefined) return
  window.bench.marks.send = performance.now()
  window.bench.watch('first', function () { return window.benchApp.replyText() !== '' })
  window.bench.watch('done', function () { return window.benchApp.done() })
}, true)
`
