/**
 * What users feel, in headless Chromium: a production build of a consumer's app (the drop-in
 * `<PrivateChat>` with sealkit's stylesheet, bench/apps/sealkit) against a plaintext baseline
 * built the same way (bench/apps/plaintext: fetch + one setState per chunk, plain text, a TEE
 * model, no attestation), both over the same simulator running in another process
 * (bench/lib/simulator-process.ts), so its evidence generation and encryption are not the page's.
 * Every page is fresh (its own browser context: nothing cached between runs), but `revisit`'s.
 *
 * Scenarios (each app, interleaved; `session` 5 rounds, `large_chunks` and `history` 3; figures are medians):
 * - `session`: page load -> attestation verified -> ready to send; a 20 KB markdown reply at
 *   100 chunks/s (send -> first token on screen, commits/s while streaming); long tasks and
 *   total blocking time from navigation to the end of the reply. A third page per round: the
 *   sealkit app built with sealkit/vite's `earlyVerifyWorker()` (`app.sealkit_early.*`). And the
 *   CPU time of every Chromium process from navigation to verified (the plaintext app's: ready), read
 *   from /proc when the page says so (bench/lib/process-cpu.ts), logged per page by thread;
 * - `revisit`: the `session` scenario's three pages as a returning user loads them: each loaded
 *   twice before in the same context, so that its scripts come from the HTTP cache (the static server caches
 *   the hashed `assets/` for good) and V8's code cache, and the app finds what it stored (`app.revisit.*`);
 * - `network`: the same three pages with a short reply, over a shaped network (bench/lib/network-link.ts:
 *   a round trip per response, one shared downlink, gzip; `BENCH_APP_NETWORK=<rtt ms>,<kbit/s>`,
 *   default 40,10240), 3 rounds (`app.network.*`), with the bytes each page received to verified / ready;
 * - `network_revisit`: the `network` pages as a returning user loads them, as `revisit` does (`app.network.revisit.*`):
 *   scripts from the cache, so what crosses the link is the HTML, the attestation and the models list;
 * - `provider_latency`: the `session` pages on loopback with every attestation answered as late as the real provider
 *   answers it (`BENCH_APP_ATTESTATION_DELAY`, default 580 ms: Venice's origin took 549 and 609 ms in the captured
 *   responses), 3 rounds (`app.provider_latency.*`): how much sealkit adds once the evidence is in;
 * - `next`: the page-load pages in a Next.js app (bench/apps/next: sealkit from the packed tarball, `next build`, `next start`),
 *   with the plaintext baseline a page of the same app, and a fourth page with both workers served from public/workers/,
 *   3 rounds (`app.next.*`);
 * - `large_chunks`: a 60 KB reply in 24 chunks: long tasks while it streams;
 * - `large_code`: the same with a reply that is nearly all one TypeScript code block (1,100 lines): long tasks while it
 *   streams and until 300 ms after its end, its highlighting included;
 * - `history`: the 20 KB reply while 300 earlier messages are on screen, against 3: mean time
 *   per React commit while streaming (sealkit app only: the ratio is sealkit against itself);
 * - `open`: each app loaded with no conversation, left to settle (its markdown renderer loaded and warm), then another
 *   conversation of 300 messages opened in it (a new chat id with its messages, as an app opens a stored one; the plaintext
 *   app sets its messages): long tasks from the opening to the end (all rows in, the live region live again), 3 rounds;
 * - `open_long`: the same with a conversation of a question and its answer, the 60 KB markdown reply of `large_chunks`:
 *   long tasks from the opening until the reply is rendered, nothing of it left shown as typed, 3 rounds;
 * - `memory`: a 20,000-chunk stream (a 120 KB markdown reply): JS heap plus array buffers (after
 *   a forced GC) at the end over the same after 2,000 chunks, median of 3 (1 with --quick); sent
 *   once the page's network is idle (lazy parts loaded: a fixed cost, not growth). Also the V8 heap alone (the array buffers held at 2,000 chunks, in flight
 *   while the reply streams, vary by a few MB between runs), and the DOM (Blink) heap, which grows
 *   with the text and its layout. The floor is the reply's own text: the chat's message string plus the
 *   finished markdown blocks' detached copies, ~0.4 MB at the end (the message string is two-byte once it
 *   holds a CJK character).
 * Every scenario runs React's production build (what apps ship), but `history`, which compares time
 * per commit and so runs the profiling build (its `<Profiler>` times each commit);
 * `BENCH_APP_HISTORY_PROD=1` runs it on the production build (its long tasks as users get them, no time per commit).
 * Times come from the page (`performance.now()`, navigation start = 0): long tasks from a
 * buffered `longtask` observer registered before any module, commits from React's DevTools hook
 * (or the `<Profiler>`), "on screen" is the DOM mutation that shows the text (before paint). Until the
 * page is ready the harness evaluates nothing in it (the probe says "ready" on the console).
 * `BENCH_APP_CHUNKS=1` also logs when each script of the sealkit app, the attestation and the models list were
 * fetched (name@start..end), to tell which chunk a long task follows. `BENCH_APP_TRACE=<file>` traces the first
 * sealkit page, from navigation to the end of the reply, into that file (the plaintext app's into `<name>.plaintext.<ext>`
 * beside it) and logs each page's longest tasks per thread with the functions that ran in them, and every thread's work
 * up to verified (bench/lib/trace-summary.ts); `BENCH_APP_TRACE_SCENARIO=large_chunks` (or `open_300`, `memory`) traces that scenario's pages instead, `session.sealkit_early` that page alone.
 * `BENCH_APP_REACT_CHUNK=1` builds both apps with React in a chunk of its own (docs/performance.md); `BENCH_APP_INLINE_COMMON=1`
 * with rolldown's experimental inlining of small common chunks (see INLINE_COMMON). Every app is built with sealkit/vite's
 * `eagerCommonJs()` (React DOM compiled while the script streams in, as the README advises any Vite 8 app);
 * `BENCH_APP_EAGER_CJS=0` builds them without it. `BENCH_APP_AB=react|inline|lazy` adds the sealkit app built with React's
 * chunk, the inlining, or rolldown's own lazy CommonJS wrappers beside the default one in each `session` and `revisit` round (see AB). `BENCH_APP_MODULE_TIMES=1` logs, per page, how long the page-load module script spent in each module's top-level code
 * (bench/lib/module-times.ts: stamps in the build, so a diagnostic run, not one for the figures). `BENCH_APP_SEND_SETTLED=<ms>`
 * sends the message once the page's network has been idle and `ms` more have passed (a user who takes time to type),
 * not the moment it is ready: the first token without the idle loads and warm-ups still running (diagnostic, not the figures).
 * Every page starts on a quiet machine (bench/lib/quiet.ts); `BENCH_APP_NO_QUIET=1` starts each at once, as before.
 * Skipped when no Chromium is found (CHROMIUM_PATH).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import react from '@vitejs/plugin-react'
import { build } from 'vite'
import type { EarlyAttestationTarget } from '../../src/core/api/early-attestation.ts'
import { eagerCommonJs, earlyVerifyWorker } from '../../src/integrations/vite.ts'
import type { SimulatorServerOptions } from '../../src/simulator/node.ts'
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'
import { CHROMIUM_ARGS, findChromium } from '../../test/chromium.ts'
import { BENCH_MODEL, PROBE_SCRIPT, type BenchConfig, type BenchState } from '../apps/probe.ts'
import { ROOT } from '../lib/bundle.ts'
import { quietMachine } from '../lib/quiet.ts'
import { formatBreakdown, loadBreakdown, replyBreakdown, stepDurations, type Timeline } from '../lib/load-breakdown.ts'
import { formatModuleTimes, moduleTimes, readModuleStamps } from '../lib/module-times.ts'
import { median } from '../lib/measure.ts'
import { createLink, describeProfile, profileFromEnv, shapedProxy, type Link, type NetworkProfile } from '../lib/network-link.ts'
import { startNextApp, type NextApp } from '../lib/next-app.ts'
import { startSimulatorProcess, type SimulatorProcess } from '../lib/simulator-process.ts'
import { cpuDelta, cpuSnapshot, type BrowserSession } from '../lib/process-cpu.ts'
import { rendererParents, splitTask, watchRenderers, type SchedSample } from '../lib/thread-sched.ts'
import { plainStreamLongTasks } from '../lib/plain-stream.ts'
import { fontLookups, summarizeTrace, threadTime, TRACE_CATEGORIES } from '../lib/trace-summary.ts'
import { serveStatic, type StaticServer } from '../lib/static-server.ts'
import { HTTP2 } from '../lib/tls.ts'
import type { Figure, Suite } from '../lib/types.ts'
import { sampleCodeReply, sampleReply } from './markdown.ts'

const WORK = join(ROOT, 'node_modules/.cache/sealkit-browser-app')
const APPS = ['sealkit', 'plaintext'] as const
type App = (typeof APPS)[number]
const LONG_TASK_MS = 50
/** How long the harness waits after the reply's end before it reads the page; long tasks in it count as the stream's. */
const SETTLE_MS = 300
/** BENCH_APP_SEND_TIMELINE=1: every page-load scenario page's timeline from the send on, sealkit's and the plaintext app's. */
const SEND_TIMELINE = process.env.BENCH_APP_SEND_TIMELINE === '1'
/**
 * BENCH_APP_COMMITS=1: the gaps between React commits while each page-load page's reply streams, and for sealkit's the
 * kinds of commit (the components each rendered: readable names with BENCH_APP_MINIFY=0), to tell apart what commits.
 */
const COMMIT_GAPS = process.env.BENCH_APP_COMMITS === '1'
/** A send -> chat request above this has its page's timeline from the send on logged (typical on loopback: 40-65 ms, 2026-12-04). */
const SLOW_SEND_MS = 150
/** BENCH_APP_MODULE_TIMES=1: every build stamps its modules, and each page's module script is logged by module (bench/lib/module-times.ts). */
const MODULE_TIMES = process.env.BENCH_APP_MODULE_TIMES === '1'
/** BENCH_APP_REACT_CHUNK=1: both apps built with React in a chunk of its own, as docs/performance.md describes (not the figures' default). */
const REACT_CHUNK = { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] }
/**
 * BENCH_APP_INLINE_COMMON=1: rolldown's experimental inlining of small common chunks (their code copied into the
 * chunks that use them, one module state through a shared runtime). The sealkit app's initial scripts go from 11
 * files to 4; it requires no entry signatures and strict execution order.
 */
const INLINE_COMMON = { maxSize: 64 * 1024 }
/** Which of the two chunking choices a build makes. */
interface Chunking {
  react: boolean
  inline: boolean
  /** Built with sealkit/vite's eagerCommonJs() (a plugin, not a rolldown option). */
  eager: boolean
}
/** Every app's chunking: BENCH_APP_REACT_CHUNK and BENCH_APP_INLINE_COMMON (either, both or neither). */
const CHUNKING: Chunking = { react: process.env.BENCH_APP_REACT_CHUNK === '1', inline: process.env.BENCH_APP_INLINE_COMMON === '1', eager: process.env.BENCH_APP_EAGER_CJS !== '0' }
/**
 * BENCH_APP_AB=react|inline|lazy (or several, comma-separated; lazy: without eagerCommonJs): a fourth page in each round of `session` and `revisit`, the sealkit app
 * built with those choices on top (`*.sealkit_ab`), and its time and CPU to verified over the sealkit app's in the
 * same round (`app.ab.*`): an A/B of a build setting for docs/performance.md, not a figure of the full run.
 * `same` builds it the same: the pair's own bias, to read the others against (the A/B page loads right after the
 * sealkit app's; in two 5-round runs its identical build was verified 6-8% sooner).
 */
const AB: Chunking | undefined = process.env.BENCH_APP_AB ? abChunking(process.env.BENCH_APP_AB.split(',')) : undefined
function abChunking(names: string[]): Chunking {
  const unknown = names.filter((n) => n !== 'react' && n !== 'inline' && n !== 'lazy' && !(n === 'same' && names.length === 1))
  // A misspelt name would build the default app twice and report a difference of nothing.
  if (unknown.length) throw new Error(`BENCH_APP_AB: unknown ${unknown.join(', ')}; expected react, inline, lazy (comma-separated) or same`)
  return { react: CHUNKING.react || names.includes('react'), inline: CHUNKING.inline || names.includes('inline'), eager: CHUNKING.eager && !names.includes('lazy') }
}
/** The rolldown options of a chunking. */
function chunkOptions({ react, inline }: Chunking) {
  if (!react && !inline) return {}
  const codeSplitting = { ...(react ? REACT_CHUNK : {}), ...(inline ? { experimentalInlineCommonChunks: INLINE_COMMON } : {}) }
  return { rolldownOptions: { ...(inline ? { preserveEntrySignatures: false as const } : {}), output: { codeSplitting, ...(inline ? { strictExecutionOrder: true } : {}) } } }
}

/**
 * `profiling`: alias react-dom/client to React's profiling build, whose `<Profiler>` reports every commit's duration.
 * `early`: the production build with the verification worker started, and the attestation of `attest` (and the models
 * list) requested, by the HTML (sealkit/vite's `earlyVerifyWorker({ attest })`); `early-network` and `early-provider` the
 * same, built apart (their `attest` names the shaped network's address, the late simulator's).
 */
async function buildApp(app: App, variant: 'production' | 'profiling' | 'early' | 'early-network' | 'early-provider' | 'ab' = 'production', attest?: EarlyAttestationTarget): Promise<string> {
  const profiling = variant === 'profiling'
  const early = variant.startsWith('early')
  const chunking = variant === 'ab' ? AB! : CHUNKING
  const root = join(WORK, profiling ? app : `${app}-${variant}`)
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  const entry = join(ROOT, 'bench/apps', app, 'main.tsx')
  writeFileSync(
    join(root, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>bench ${app}</title>` +
      `<script>${PROBE_SCRIPT}</script></head><body style="margin:0"><div id="root"></div><script type="module" src="/@fs${entry}"></script></body></html>\n`,
  )
  await build({
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: [react(), ...(early ? [earlyVerifyWorker(attest ? { attest } : {})] : []), ...(chunking.eager ? [eagerCommonJs()] : []), ...(MODULE_TIMES ? [moduleTimes()] : [])],
    define: { 'process.env.NODE_ENV': '"production"' },
    // Each worker one self-contained file, as the package ships them (vite.worker.config.ts): no chunk fetched mid-verification.
    worker: { format: 'es', rolldownOptions: { output: { codeSplitting: false } } },
    // Profiler's onRender only runs in React's profiling build.
    resolve: { alias: profiling ? [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] : [] },
    // BENCH_APP_MINIFY=0: readable function names in a trace's call stacks (slightly larger, slower scripts).
    build: { outDir: join(root, 'dist'), emptyOutDir: true, minify: process.env.BENCH_APP_MINIFY !== '0', ...chunkOptions(chunking) },
  })
  return join(root, 'dist')
}

interface PageRun {
  marks: Record<string, number>
  longTasks: Array<[number, number]>
  frames: BenchState['frames']
  commits: Array<[number, number]>
  /** With BENCH_APP_COMMITS=1: the components each commit rendered. */
  rendered: BenchState['rendered']
  heapAt?: Heap
  heapEnd?: Heap
  timeline: Timeline
  /** The page's `performance.timeOrigin` (navigation start, ms since the epoch): the page's clock on the harness's. */
  timeOrigin: number
  /** With BENCH_APP_MODULE_TIMES=1: the page-load module script by module, one line. */
  moduleTimes?: string
  /** CPU time of every Chromium thread from just before navigation to the page's `verified` (lib/process-cpu.ts). */
  cpuToVerified: ReturnType<typeof cpuDelta>
  /** The renderer's main thread, read every 2 ms from before navigation to the end (lib/thread-sched.ts). */
  sched: SchedSample[]
  /** The `open` scenario's conversation opened once the page had settled (no message sent). */
  opened?: Opened
}

/** When a conversation was opened, its newest row was in the DOM and all of its rows were, on the page's clock. */
interface Opened {
  at: number
  newest: number
  all: number
}

/**
 * How long the `open` scenario waits after the page is ready and its network idle before it opens another
 * conversation: the markdown renderer loaded and its lexer warmed up, as when a user opens one from a list.
 */
const OPEN_AFTER_MS = 2000

/**
 * Opens another conversation of `count` messages in the page (`benchApp.open`), once it has settled, and
 * waits until all of its rows are in the DOM and rendered, and the page has settled again (the live region live
 * again). With `newest`, the conversation's newest message is that text (the `open_long` scenario).
 */
async function openConversation(page: Page, count: number, timeoutMs: number, newest?: string): Promise<Opened> {
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(OPEN_AFTER_MS)
  await page.evaluate(
    ([n, text]) => {
      const marks = window.bench.marks
      const app = window.benchApp
      // The newest message of the conversation opened is an answer (an even count): `Answer <n / 2>: ...`, or `text`, in its row.
      // (No named function in here: tsx's __name helper is not defined in the page.)
      const start = `Answer ${n / 2}:`
      const observer = new MutationObserver(() => {
        if (marks.open_newest === undefined && (text === undefined ? app.newestRow!().startsWith(start) : app.rows!() >= n)) marks.open_newest = performance.now()
        if (app.rows!() >= n && app.rendered!()) {
          marks.open_all = performance.now()
          observer.disconnect()
        }
      })
      observer.observe(document.body, { childList: true, subtree: true, characterData: true })
      marks.open = performance.now()
      app.open!(n, text)
    },
    [count, newest] as const,
  )
  await watchFor(page, 'open_seen', () => window.bench.marks.open_all !== undefined, null, timeoutMs)
  // The quiet live region (~500 ms after the last change) and any late turn.
  await watchFor(page, 'open_quiet', () => !document.querySelector('[role="log"][aria-live="off"]'), null, timeoutMs)
  await page.waitForTimeout(OPEN_AFTER_MS / 2)
  const marks = await page.evaluate(() => window.bench.marks)
  return { at: marks.open!, newest: marks.open_newest ?? NaN, all: marks.open_all! }
}

/** Writes the page's V8 heap snapshot (open it in DevTools' Memory panel; compare two with `bench/lib/heap-diff.ts`). */
async function writeHeapSnapshot(cdp: CDPSession, path: string): Promise<void> {
  const parts: string[] = []
  const onChunk = ({ chunk }: { chunk: string }) => void parts.push(chunk)
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
  }
  writeFileSync(path, parts.join(''))
}

/**
 * The page's main-thread counters from Chromium (CDP `Performance.getMetrics`, in thread time: time on a core, not on
 * the clock), at almost no cost to the page, unlike a trace.
 */
async function mainThreadMeter(context: BrowserContext, page: Page): Promise<{ read: () => Promise<Record<string, number>> }> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
  return {
    read: async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }).metrics.map((m) => [m.name, m.value])),
  }
}

/** Tasks between two readings, split into script, style, layout and the rest (paint, pre-paint, compositing, IPC). */
function mainThreadTime(a: Record<string, number>, b: Record<string, number>): string {
  const ms = (name: string) => ((b[name] ?? 0) - (a[name] ?? 0)) * 1000
  const rest = ms('TaskDuration') - ms('ScriptDuration') - ms('RecalcStyleDuration') - ms('LayoutDuration')
  return `tasks ${ms('TaskDuration').toFixed(0)} ms: script ${ms('ScriptDuration').toFixed(0)}, style ${ms('RecalcStyleDuration').toFixed(0)}, layout ${ms('LayoutDuration').toFixed(0)} (${(b.LayoutCount ?? 0) - (a.LayoutCount ?? 0)} layouts), the rest ${rest.toFixed(0)}`
}

/** After a forced GC: `js` the V8 heap plus array buffer backing stores, `v8` the heap alone, `dom` Blink's; the DOM's size and the text on screen. */
interface Heap {
  js: number
  v8: number
  dom: number
  elements: number
  chars: number
}

interface Scenario {
  sim: SimulatorProcess
  history: number
  /** Reply length in characters, for the memory probe. */
  replyChars: number
}

const PROMPT = 'Explain how the enclave is verified, with an example.'

async function runPage(browser: Browser, url: string, scenario: Scenario, opts: { cpu: BrowserSession; memory?: boolean; heapSnapshot?: string; open?: number; openNewest?: string; revisit?: boolean; timeoutMs: number; trace?: string; log?: (message: string) => void }): Promise<PageRun> {
  // The HTTP/2 servers' certificate is the bench's own (bench/lib/tls.ts).
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: HTTP2 })
  const page: Page = await context.newPage()
  if (opts.trace) await browser.startTracing(page, { path: opts.trace, categories: TRACE_CATEGORIES })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  let watch: ReturnType<typeof watchRenderers> | undefined
  const config: BenchConfig = { baseURL: scenario.sim.baseURL, trustedRoots: scenario.sim.trustedRoots, history: scenario.history, prompt: PROMPT, ...(COMMIT_GAPS ? { namesPerCommit: true } : {}) }
  await page.addInitScript((c) => {
    ;(window as unknown as { bench: object }).bench = { config: c }
  }, config)
  try {
    if (opts.revisit) await visitBefore(page, url, opts.timeoutMs)
    // Nothing evaluated in the page until it is ready (see PROBE_SCRIPT): the probe's console message says when.
    const ready = probeSays(page, 'ready', opts.timeoutMs)
    // Every page starts on a quiet machine, not on the last one's leftovers (lib/quiet.ts).
    if (!process.env.BENCH_APP_NO_QUIET) await quietMachine()
    // The machine's work to verified: read the moment the page says so (the harness's own reading lands after).
    const cpuBefore = await cpuSnapshot(opts.cpu)
    const cpuToVerified = probeSays(page, 'verified', opts.timeoutMs).then(async () => cpuDelta(cpuBefore, await cpuSnapshot(opts.cpu)))
    cpuToVerified.catch(() => {})
    watch = watchRenderers(await rendererParents(opts.cpu))
    await page.goto(url)
    await ready.catch((error: Error) => {
      throw errors.length ? new Error(`page errors: ${errors.join('; ')}`) : error
    })
    // Memory: what the app loads once anyway (lazy parts at idle) belongs in the baseline, not in the growth.
    // BENCH_APP_SEND_SETTLED: a user who takes time to type sends after that, and later still.
    const settleMs = process.env.BENCH_APP_SEND_SETTLED
    if (opts.memory || settleMs) await page.waitForLoadState('networkidle')
    if (settleMs) await page.waitForTimeout(Number(settleMs))
    const opened = opts.open ? await openConversation(page, opts.open, opts.timeoutMs, opts.openNewest) : undefined
    // The reply's end, heard before the send (the probe watches from the submit on): polling the page instead would
    // inject Playwright's script into it (~330 KB, 25-45 ms on its main thread) between the send and the first token.
    const done = opened ? undefined : probeSays(page, 'done', opts.timeoutMs)
    done?.catch(() => {})
    // BENCH_APP_MAIN_THREAD=1: the main thread's time on a core from the send to the reply's end, by kind (below).
    const mainThread = process.env.BENCH_APP_MAIN_THREAD && !opened ? await mainThreadMeter(context, page) : undefined
    if (!opened) {
      await page.fill('textarea', PROMPT)
      await page.click('button[type="submit"]')
    }
    const mainThreadAtSend = await mainThread?.read()
    let heapAt: PageRun['heapAt']
    let heapEnd: PageRun['heapEnd']
    const cdp = opts.memory ? await context.newCDPSession(page) : undefined
    // What the page's JavaScript holds after a full GC: the JS heap plus array buffer backing stores
    // (kept apart from V8's heap, and where a recorder of raw bytes would grow); the DOM's own heap separately.
    const heap = async () => {
      await cdp!.send('HeapProfiler.collectGarbage')
      const h = await cdp!.send('Runtime.getHeapUsage')
      const onPage = await page.evaluate(() => ({ elements: document.getElementsByTagName('*').length, chars: window.benchApp.replyText().length }))
      return { js: h.usedSize + (h.backingStorageSize ?? 0), v8: h.usedSize, dom: h.embedderHeapUsedSize ?? 0, ...onPage }
    }
    if (opts.memory) {
      // After 2,000 of 20,000 chunks: a tenth of the reply on screen (markdown drops a few characters, so slightly later).
      await watchFor(page, 'tenth', (n) => window.benchApp.replyText().length >= n, scenario.replyChars / 10, opts.timeoutMs)
      heapAt = await heap()
      if (opts.heapSnapshot) await writeHeapSnapshot(cdp!, opts.heapSnapshot.replace(/\.heapsnapshot$/, '-at-tenth.heapsnapshot'))
    }
    await done
    if (mainThread && mainThreadAtSend) opts.log?.(`main thread from the send to the end: ${mainThreadTime(mainThreadAtSend, await mainThread.read())}`)
    await page.waitForTimeout(SETTLE_MS)
    if (opts.trace) {
      await browser.stopTracing()
      const trace = JSON.parse(readFileSync(opts.trace, 'utf8')) as Parameters<typeof summarizeTrace>[0]
      const marks = await page.evaluate(() => window.bench.marks)
      const fonts = [fontLookups(trace, marks.first), fontLookups(trace)].map(({ count, ms }) => `${count} (${ms.toFixed(0)} ms)`)
      const lines = [
        ...summarizeTrace(trace, 6, marks),
        `synchronous font lookups on the main thread, to the first token / in all: ${fonts.join(' / ')}`,
        'work per thread to verified:',
        ...threadTime(trace, marks.verified!).map((l) => `  ${l}`),
      ]
      opts.log?.(`trace of page load -> end of the reply in ${opts.trace}:\n${lines.map((l) => `     ${l}`).join('\n')}`)
    }
    if (opts.memory) heapEnd = await heap()
    if (opts.memory && opts.heapSnapshot) await writeHeapSnapshot(cdp!, opts.heapSnapshot)
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`)
    const state = await page.evaluate(() => ({
      marks: window.bench.marks,
      longTasks: window.bench.longTasks,
      frames: window.bench.frames,
      timeOrigin: performance.timeOrigin,
      // <Profiler>'s, with durations, in the profiling build; else the DevTools hook's.
      commits: window.bench.commits.length ? window.bench.commits : window.bench.hookCommits,
      rendered: window.bench.rendered,
      timeline: {
        marks: performance.getEntriesByType('mark').map((m): [string, number] => [m.name, m.startTime]),
        resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({ name: r.name, start: r.startTime, end: r.responseEnd, request: r.requestStart, response: r.responseStart, bytes: r.decodedBodySize })),
        htmlEnd: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseEnd ?? NaN,
      },
    }))
    const moduleTimes = MODULE_TIMES ? formatModuleTimes(await page.evaluate(readModuleStamps)) : undefined
    return { ...state, heapAt, heapEnd, opened, cpuToVerified: await cpuToVerified, sched: watch!.stop(), ...(moduleTimes ? { moduleTimes } : {}) }
  } finally {
    watch?.stop()
    await context.close()
  }
}

/** The probe's console message that mark `name` was set (PROBE_SCRIPT's `bench.watch`), on the page's next load or this one. */
const probeSays = (page: Page, name: string, timeout: number) => page.waitForEvent('console', { predicate: (m) => m.text() === `bench:${name}`, timeout })

/**
 * Until `predicate(arg)` holds in the page, heard from the probe (mark `name`): what Playwright's `waitForFunction` does,
 * without injecting its script (~330 KB, 25-45 ms on the page's main thread, Chromium 156) into a page being measured.
 */
async function watchFor<A>(page: Page, name: string, predicate: (arg: A) => boolean, arg: A, timeout: number): Promise<void> {
  const said = probeSays(page, name, timeout)
  said.catch(() => {})
  await page.evaluate(
    ([n, source, a]) => {
      const holds = (0, eval)(`(${source})`) as (arg: unknown) => boolean
      window.bench.watch(n, () => holds(a))
    },
    [name, predicate.toString(), arg] as const,
  )
  await said
}

/** Visits before the measured one (`revisit`): Chromium produces a script's code cache on its second load from the HTTP cache and uses it from the third. */
const VISITS_BEFORE = 2

/**
 * A returning user's page load: the page is loaded {@link VISITS_BEFORE} times in the same context, each time to verified
 * and then until the network is idle (the lazy parts it loads at idle), so that the measured load finds every script in
 * the HTTP cache (the static server caches `assets/` for good) and in V8's code cache, and the app its own stored state.
 */
async function visitBefore(page: Page, url: string, timeoutMs: number): Promise<void> {
  for (let i = 0; i < VISITS_BEFORE; i++) {
    const verified = probeSays(page, 'verified', timeoutMs)
    await page.goto(url)
    await verified
    await page.waitForLoadState('networkidle')
  }
  await page.goto('about:blank')
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN)
const medianOf = (xs: number[]) => (xs.length ? median(xs) : NaN)
const longOnes = (r: PageRun, from = 0, to = Infinity) => r.longTasks.filter(([s, d]) => d > LONG_TASK_MS && s + d >= from && s <= to).map(([, d]) => d)
/** A task's time (`start`, `duration` on the page's clock) on a core and waiting for one, from the main thread's readings. */
const splitOf = (r: PageRun, start: number, duration: number) => splitTask(r.sched, r.timeOrigin + start, r.timeOrigin + start + duration)
/** Long tasks to the first token whose main thread was on a core for more than 50 ms of them: work, not waiting for a core. NaN without readings. */
const longOnCoreToFirstToken = (r: PageRun) => {
  const splits = r.longTasks.filter(([s, d]) => d > LONG_TASK_MS && s <= r.marks.first!).map(([s, d]) => splitOf(r, s, d).onCoreMs)
  return splits.some(Number.isNaN) ? NaN : splits.filter((ms) => ms > LONG_TASK_MS).length
}
const streaming = (r: PageRun) => r.commits.filter(([t]) => t >= r.marks.first! && t <= r.marks.done!)
/** How many gaps between streaming commits fall in each bucket: `<2 ms: n, 2-10: n, 10-30: n, 30-45: n, >45: n`. */
const commitGaps = (r: PageRun) => {
  const times = streaming(r).map(([t]) => t)
  const gaps = times.slice(1).map((t, i) => t - times[i]!)
  const buckets: Array<[string, (g: number) => boolean]> = [['<2', (g) => g < 2], ['2-10', (g) => g >= 2 && g < 10], ['10-30', (g) => g >= 10 && g < 30], ['30-45', (g) => g >= 30 && g < 45], ['>45', (g) => g >= 45]]
  return buckets.map(([name, inIt]) => `${name}: ${gaps.filter(inIt).length}`).join(', ') + ` (${times.length} commits)`
}

/** The streaming commits grouped by the first components each rendered, most frequent first: `n x A B C D (k-l components, median m)`. */
const commitKinds = (r: PageRun) => {
  const kinds = new Map<string, { n: number; sizes: number[] }>()
  for (const [t, names] of r.rendered) {
    if (t < r.marks.first! || t > r.marks.done!) continue
    const kind = names.slice(0, 4).join(' ') || '(nothing rendered)'
    const entry = kinds.get(kind) ?? { n: 0, sizes: [] }
    entry.n++
    entry.sizes.push(names.length)
    kinds.set(kind, entry)
  }
  return [...kinds]
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, 6)
    .map(([kind, { n, sizes }]) => `\n${''.padEnd(30)}${n} x ${kind} (${Math.min(...sizes)}-${Math.max(...sizes)} components, median ${median(sizes)})`)
    .join('')
}

/**
 * Bytes `link` carried from the page's navigation to `at` (ms on the page's clock): every response the page and its
 * workers received by then, as sent (scripts gzip-compressed). The page's clock and the harness's `performance.now()`
 * meet through their time origins, both on the machine's wall clock.
 */
const bytesBy = (r: PageRun, link: Link, at: number) => {
  const onLink = (t: number) => r.timeOrigin + t - performance.timeOrigin
  return link.schedule.carried(onLink(0), onLink(at))
}

/** Figures of one page run; with the `link` it loaded over, also the bytes it received to verified and to ready. */
function summarize(r: PageRun, link?: Link) {
  const long = longOnes(r)
  // To 300 ms after the reply's end (the harness waits that long): a render catching up after the last chunk counts.
  const during = longOnes(r, r.marks.send, r.marks.done! + SETTLE_MS)
  const commits = streaming(r)
  const seconds = (r.marks.done! - r.marks.first!) / 1000
  const firstToken = r.marks.first! - r.marks.send!
  // Long tasks from navigation to the first token on screen (goal 0).
  const toFirstToken = longOnes(r, 0, r.marks.first)
  // From navigation to the send: the page loading (with `history`: the conversation restored).
  const toSend = longOnes(r, 0, r.marks.send)
  return {
    ...stepDurations(loadBreakdown(r.timeline, r.commits[0]?.[0]), r.marks.verified!),
    ...replyBreakdown(r.timeline, r.marks.send!, r.marks.first!),
    longTasksToFirstToken: toFirstToken.length,
    longTasksOnCoreToFirstToken: longOnCoreToFirstToken(r),
    longTasksToSend: toSend.length,
    longTaskMaxToSend: Math.max(0, ...toSend),
    verified: r.marks.verified!,
    ready: r.marks.ready!,
    typeable: r.marks.typeable!,
    typeableToVerified: r.marks.verified! - r.marks.typeable!,
    bytesToVerified: link ? bytesBy(r, link, r.marks.verified!) : NaN,
    bytesToReady: link ? bytesBy(r, link, r.marks.ready!) : NaN,
    cpuToVerified: r.cpuToVerified.totalMs,
    firstToken,
    longTasks: long.length,
    longTaskMax: Math.max(0, ...long),
    tbt: long.reduce((s, d) => s + d - LONG_TASK_MS, 0),
    streamLongTasks: during.length,
    streamLongTaskMax: Math.max(0, ...during),
    commitsPerS: commits.length / seconds,
    msPerCommit: mean(commits.map(([, d]) => d)),
  }
}

/** Marks and scripts/requests of a page's timeline from `from` on, in order: `name@ms`, resources as `name@start..end`. */
/** When a conversation was encrypted ahead (`ahead start..end `; the first from `from` on), or nothing. */
const aheadOf = (t: Timeline, from = 0): string => {
  const at = (name: string) => t.marks.find(([n, a]) => n === `sealkit:${name}` && a >= from)?.[1]
  const [start, end] = [at('chat-ahead'), at('chat-ahead-end')]
  return start === undefined ? '' : `ahead ${start.toFixed(0)}..${end?.toFixed(0) ?? '-'} `
}

function timelineFrom(t: Timeline, from: number): string {
  const marks = t.marks.filter(([, at]) => at >= from).map(([name, at]) => ({ at, text: `${name.replace(/^sealkit:/, '')}@${at.toFixed(0)}` }))
  // `name@start..end`, with `(sent S, first byte B)` where the browser says.
  const steps = (r: Timeline['resources'][number]) => (r.request && r.response ? ` (sent ${r.request.toFixed(0)}, first byte ${r.response.toFixed(0)})` : '')
  const loads = t.resources.filter((r) => r.end >= from).map((r) => ({ at: r.start, text: `${r.name.split('/').pop()}@${r.start.toFixed(0)}..${r.end.toFixed(0)}${steps(r)}` }))
  return [...marks, ...loads].sort((a, b) => a.at - b.at).map((e) => e.text).join(' ')
}

/**
 * Where the long tasks fell, for the log: `start+duration` in ms from navigation, then how much of it the main thread
 * was on a core and how much it waited for one (`(core 30, queue 25)`), and with BENCH_APP_FRAMES=1 the scripts of
 * the long animation frame around each (`[invoker file ms]`): what the task was, without tracing.
 */
const longTaskList = (r: PageRun, from = 0) =>
  r.longTasks
    .filter(([t, d]) => d > LONG_TASK_MS && t + d >= from)
    .map(([t, d]) => {
      const frame = process.env.BENCH_APP_FRAMES ? r.frames.find(([s, fd]) => s <= t + 1 && t + d <= s + fd + 1) : undefined
      const scripts = frame?.[2].filter(([, , ms]) => ms >= 5).map((x) => x.join(' '))
      const { onCoreMs, waitingMs } = splitOf(r, t, d)
      const split = Number.isNaN(onCoreMs) ? '' : ` (core ${onCoreMs.toFixed(0)}, queue ${waitingMs.toFixed(0)})`
      return `${t.toFixed(0)}+${d.toFixed(0)}${split}${scripts?.length ? ` [${scripts.join('; ')}]` : ''}`
    })
    .join(' ')
type Summary = ReturnType<typeof summarize>
/** The CPU time by thread, for the log: those over 5 ms, most first (`renderer/main 217, renderer/DedicatedWorker 152`). */
const formatCpu = (byThread: Array<[string, number]>) =>
  byThread
    .filter(([, ms]) => ms >= 5)
    .map(([thread, ms]) => `${thread} ${ms.toFixed(0)}`)
    .join(', ')
/** Each figure's median over the pages (a page without it, NaN, left out; a figure no page has stays NaN). */
const middle = <T extends Record<keyof T, number>>(rs: T[]): T =>
  Object.fromEntries(Object.keys(rs[0]!).map((k) => [k, medianOf(rs.map((r) => r[k as keyof T]).filter((x) => !Number.isNaN(x)))])) as T

/** `BENCH_APP_SCENARIOS=session,history` runs only those (for working on one figure); the full suite runs all. */
/** `BENCH_APP_HISTORY_PROD=1`: the `history` scenario on the production build (see the header). */
const HISTORY_PROD = Boolean(process.env.BENCH_APP_HISTORY_PROD)
const SCENARIOS = new Set((process.env.BENCH_APP_SCENARIOS ?? 'session,revisit,network,network_revisit,provider_latency,next,large_chunks,large_code,history,open,open_long,memory').split(','))
const OPEN_SCENARIOS = (['open', 'open_long'] as const).filter((scenario) => SCENARIOS.has(scenario))
/** The two scenarios over the shaped network: their pages' keys start with the name. */
const NETWORK_SCENARIOS = ['network', 'network_revisit'] as const

const ratio = (x: number, y: number) => (y === 0 ? (x === 0 ? 1 : Infinity) : x / y)
// Long-task ratios floor the baseline at one task (or 50 ms) so that 0 / 0 is 1 and x / 0 stays finite.
const floored = (x: number, y: number, floor: number) => (x === 0 && y === 0 ? 1 : x / Math.max(y, floor))

/** `over` of each of `key`'s pages and `baseline`'s page in the same round, median over the rounds. */
const paired = (runs: Map<string, Summary[]>, key: string, baseline: string, over: (r: Summary, b: Summary) => number) =>
  medianOf(runs.get(key)!.map((r, i) => over(r, runs.get(baseline)![i]!)))
/** Page load -> verified of `key`'s pages over page load -> ready of `baseline`'s in the same round, median over the rounds. */
const pairedVerifiedOverReady = (runs: Map<string, Summary[]>, key: string, baseline: string) => paired(runs, key, baseline, (r, b) => r.verified / b.ready)
/** Page load -> the composer takes text, over the baseline's page load -> ready, in the same round, median over the rounds. */
const pairedTypeableOverReady = (runs: Map<string, Summary[]>, key: string, baseline: string) => paired(runs, key, baseline, (r, b) => r.typeable / b.ready)
/** The same for the CPU time of every Chromium process over those windows (the plaintext app's verified is its ready). */
const pairedCpuOverCpu = (runs: Map<string, Summary[]>, key: string, baseline: string) => paired(runs, key, baseline, (r, b) => r.cpuToVerified / b.cpuToVerified)
/** Cores busy on average over a window: CPU time over wall time. */
const cores = (x: Summary) => (x.cpuToVerified / x.verified).toFixed(2)

/** Page load, first token, long tasks and the page-load breakdown: medians over `n` rounds; the headline ratio paired per round. */
function sessionFigures(a: Record<string, Summary>, runs: Map<string, Summary[]>, n: number): Figure[] {
  const s = a['session.sealkit']!
  const p = a['session.plaintext']!
  const of = `median of ${n}`
  return [
    { name: 'app.ratio_verified_vs_plaintext_ready', value: pairedVerifiedOverReady(runs, 'session.sealkit', 'session.plaintext'), unit: 'ratio', note: `page load -> attestation verified, over the plaintext app's page load -> ready in the same round, ${of} (goal <= 1.3)` },
    { name: 'app.ratio_ready_vs_plaintext', value: s.ready / p.ready, unit: 'ratio', note: 'page load -> ready to send (verified, E2EE session keyed, composer on)' },
    { name: 'app.ratio_first_token_vs_plaintext', value: s.firstToken / p.firstToken, unit: 'ratio', note: 'send -> first decrypted token on screen, over send -> first plaintext token' },
    { name: 'app.ratio_long_tasks_vs_plaintext', value: floored(s.longTasks, p.longTasks, 1), unit: 'ratio', note: 'long tasks > 50 ms, navigation to the end of the reply (denominator at least 1)' },
    { name: 'app.ratio_tbt_vs_plaintext', value: floored(s.tbt, p.tbt, LONG_TASK_MS), unit: 'ratio', note: 'total blocking time, same window (denominator at least 50 ms)' },
    { name: 'app.ratio_commits_per_s_vs_plaintext', value: ratio(s.commitsPerS, p.commitsPerS), unit: 'ratio', note: 'React commits per second while streaming' },
    { name: 'app.sealkit.verified_ms', value: s.verified, unit: 'ms', note: `navigation -> badge verified, ${of}` },
    { name: 'app.sealkit.ready_ms', value: s.ready, unit: 'ms', note: 'navigation -> ready to send' },
    { name: 'app.plaintext.ready_ms', value: p.ready, unit: 'ms', note: 'navigation -> models listed, composer on' },
    // When a user can start typing: a message sent before verified waits for the verdict (the title's "verified before the user finishes typing").
    { name: 'app.ratio_typeable_vs_plaintext_ready', value: pairedTypeableOverReady(runs, 'session.sealkit', 'session.plaintext'), unit: 'ratio', note: `page load -> the composer takes text, over the plaintext app's page load -> ready (its composer on), same round, ${of}` },
    { name: 'app.sealkit.typeable_ms', value: s.typeable, unit: 'ms', note: `navigation -> the composer takes text (the models list still loading; Send waits for a model, a message sent waits for the verdict); plaintext app's first commit at ${p.first_commit_ms.toFixed(0)} ms` },
    { name: 'app.sealkit.typeable_to_verified_ms', value: s.typeableToVerified, unit: 'ms', note: 'the composer takes text -> badge verified: how long a user who starts typing at once has typed when the verdict is in, per page, median' },
    // What bounds those on a small machine: the work every Chromium process does in that window, wherever it runs.
    { name: 'app.ratio_cpu_to_verified_vs_plaintext_ready', value: pairedCpuOverCpu(runs, 'session.sealkit', 'session.plaintext'), unit: 'ratio', note: `CPU time of every Chromium process (browser, renderer and its workers, GPU, network) from navigation to verified, over the plaintext app's to ready, same round, ${of}` },
    { name: 'app.sealkit.cpu_to_verified_ms', value: s.cpuToVerified, unit: 'ms', note: `that CPU time: ${cores(s)} cores busy on average to verified` },
    { name: 'app.plaintext.cpu_to_ready_ms', value: p.cpuToVerified, unit: 'ms', note: `the same, plaintext app, to ready: ${cores(p)} cores busy on average` },
    ...earlyFigures(a, runs, of),
    { name: 'app.sealkit.first_token_ms', value: s.firstToken, unit: 'ms', note: 'submit -> first decrypted text in the DOM' },
    { name: 'app.plaintext.first_token_ms', value: p.firstToken, unit: 'ms', note: 'submit -> first plaintext text in the DOM' },
    // Where send -> first token goes (bench/lib/load-breakdown.ts, from sealkit's chat marks), medians of each step.
    { name: 'app.sealkit.send_to_request_ms', value: s.send_to_request_ms, unit: 'ms', note: 'submit -> the chat request sent: the store, the session, encrypting the messages in the key holder' },
    { name: 'app.sealkit.request_to_first_chunk_ms', value: s.request_to_first_chunk_ms, unit: 'ms', note: "the request sent -> the reply's first chunk in: the simulator (decrypting the prompt, encrypting the chunk) and the loopback" },
    { name: 'app.sealkit.first_chunk_to_words_ms', value: s.first_chunk_to_words_ms, unit: 'ms', note: 'that chunk in -> its words decrypted and handed to the chat store (the key holder worker)' },
    { name: 'app.sealkit.words_to_screen_ms', value: s.words_to_screen_ms, unit: 'ms', note: 'the first words in the chat store -> on screen (React, the markdown renderer)' },
    { name: 'app.sealkit.long_tasks_to_first_token', value: s.longTasksToFirstToken, unit: 'count', note: `long tasks > 50 ms from navigation to the first decrypted token on screen (goal 0); plaintext app: ${p.longTasksToFirstToken}` },
    {
      name: 'app.sealkit.long_tasks_to_first_token_on_core',
      value: s.longTasksOnCoreToFirstToken,
      unit: 'count',
      note: `of those, the ones whose main thread was on a core for more than 50 ms (the rest waited for a core; /proc schedstat, read every 2 ms); plaintext app: ${p.longTasksOnCoreToFirstToken}`,
    },
    { name: 'app.sealkit.long_tasks', value: s.longTasks, unit: 'count', note: `long tasks > 50 ms, navigation to end of a 20 KB reply (goal 0); longest ${s.longTaskMax.toFixed(0)} ms` },
    { name: 'app.plaintext.long_tasks', value: p.longTasks, unit: 'count', note: `same, plaintext app; longest ${p.longTaskMax.toFixed(0)} ms` },
    { name: 'app.sealkit.tbt_ms', value: s.tbt, unit: 'ms', note: 'total blocking time (sum of long task time over 50 ms), same window' },
    { name: 'app.plaintext.tbt_ms', value: p.tbt, unit: 'ms', note: 'same, plaintext app' },
    // Where page load -> verified goes (bench/lib/load-breakdown.ts; sealkit's marks are src/core/timing.ts).
    { name: 'app.sealkit.main_chunk_eval_ms', value: s.main_chunk_eval_ms, unit: 'ms', note: `main chunk downloaded -> evaluated (the app's module body runs); plaintext app: ${p.main_chunk_eval_ms.toFixed(0)} ms` },
    { name: 'app.sealkit.mount_ms', value: s.mount_ms, unit: 'ms', note: `main chunk evaluated -> React's first commit; plaintext app: ${p.mount_ms.toFixed(0)} ms` },
    { name: 'app.sealkit.models_fetch_ms', value: s.models_fetch_ms, unit: 'ms', note: `the models list request; plaintext app: ${p.models_fetch_ms.toFixed(0)} ms` },
    { name: 'app.sealkit.verify_worker_start_ms', value: s.verify_worker_start_ms, unit: 'ms', note: 'verification worker started -> its code loaded (chunk fetched and evaluated in the worker)' },
    { name: 'app.sealkit.report_fetch_ms', value: s.report_fetch_ms, unit: 'ms', note: `attestation request sent -> body read on the main thread; its last byte in at ${s.report_network_ms.toFixed(0)} ms (resource timing: the simulator's fresh evidence and the loopback)` },
    { name: 'app.sealkit.verify_worker_ms', value: s.verify_worker_ms, unit: 'ms', note: 'verification inside the worker (X.509, collateral, quote, GPU evidence), its own clock' },
    { name: 'app.sealkit.report_fetch_start_ms', value: s.report_fetch_start_ms, unit: 'ms', note: `navigation -> attestation request sent (the config names its model: sent at module evaluation); models list requested at ${s.models_start_ms.toFixed(0)} ms, plaintext app's at ${p.models_start_ms.toFixed(0)} ms` },
    { name: 'app.sealkit.verifier_start_ms', value: s.verifier_start_ms, unit: 'ms', note: 'navigation -> verification worker started' },
    { name: 'app.sealkit.session_keyed_ms', value: s.session_keyed_ms, unit: 'ms', note: "navigation -> the E2EE session's key pair made (the decryption worker starts once the early attestation verified)" },
    { name: 'app.sealkit.verified_to_badge_ms', value: s.verified_to_badge_ms, unit: 'ms', note: 'verdict back on the main thread -> badge says verified' },
    { name: 'app.sealkit.after_report_ms', value: s.after_report_ms, unit: 'ms', note: "the attestation's last byte in (resource timing) -> badge verified: what the client adds once the evidence is in (verification, and the worker's loading still left)" },
    { name: 'render.markdown_20k.long_tasks', value: s.streamLongTasks, unit: 'count', note: 'long tasks while a 20 KB markdown reply streams at 100 chunks/s (goal 0)' },
    { name: 'render.markdown_20k.commits_per_s', value: s.commitsPerS, unit: '/s', note: 'React commits per second while it streams (goal <= 60)' },
    { name: 'render.plaintext_20k.commits_per_s', value: p.commitsPerS, unit: '/s', note: 'same stream, plaintext app (one commit per chunk)' },
  ]
}

/**
 * What the HTML-start app's page requests, for the simulator at `baseURL`: its config's model and the models list.
 * To compare: BENCH_APP_EARLY_ATTEST=0 the worker only, =report without the models list.
 */
function earlyAttest(baseURL: string): EarlyAttestationTarget | undefined {
  const only = process.env.BENCH_APP_EARLY_ATTEST
  return only === '0' ? undefined : { baseURL, model: BENCH_MODEL, models: only !== 'report' }
}

/** The short-reply scenarios' simulator (only page load matters there) and their rounds (3; `--quick` 1). */
const SHORT_REPLY = sampleReply(2_000)
const startShortReplySimulator = (seed: string, extra: Partial<SimulatorServerOptions> = {}) => startSimulatorProcess({ seed, reply: SHORT_REPLY, chunks: 20, chunkDelayMs: 10, ...extra })
const shortScenarioRounds = (quick: boolean) => Number(process.env.BENCH_APP_ROUNDS ?? (quick ? 1 : 3))

/** The page-load scenario's servers behind one shaped network (bench/lib/network-link.ts). */
interface NetworkSetup {
  profile: NetworkProfile
  /** The link every server answers through (what the pages received, by when). */
  link: Link
  rounds: number
  sim: SimulatorProcess
  servers: Record<App | 'early', StaticServer>
  close(): Promise<void>
}

/**
 * `BENCH_APP_NETWORK=<rtt ms>,<kbit/s>` sets the profile (default: Lighthouse's desktop, 40 ms, 10 Mbit/s).
 * Every server the page talks to answers through the same link: the three apps' files (gzip) and a proxy
 * in front of a simulator of its own, whose address the early app's HTML names.
 */
async function networkSetup(seed: string, dists: Record<App, string>, quick: boolean): Promise<NetworkSetup> {
  const profile = profileFromEnv(process.env.BENCH_APP_NETWORK)
  const simulator = await startShortReplySimulator(seed)
  const link = createLink(profile)
  const proxy = await shapedProxy(simulator.baseURL, link, { http2: HTTP2 })
  const sim = { ...simulator, baseURL: proxy.baseURL }
  const earlyDist = await buildApp('sealkit', 'early-network', earlyAttest(sim.baseURL))
  const shaped = { link, http2: HTTP2 }
  const servers = { sealkit: await serveStatic(dists.sealkit, shaped), plaintext: await serveStatic(dists.plaintext, shaped), early: await serveStatic(earlyDist, shaped) }
  return {
    profile,
    link,
    rounds: shortScenarioRounds(quick),
    sim,
    servers,
    close: async () => {
      await Promise.all([...Object.values(servers).map((x) => x.close()), proxy.close()])
      await simulator.close()
    },
  }
}

/**
 * A short-reply scenario's medians for its three pages (the sealkit app `s`, its HTML-start build `e`, the plaintext
 * app `p`), and a page's verified over the plaintext app's ready, paired per round.
 */
function shortScenarioPages(a: Record<string, Summary>, runs: Map<string, Summary[]>, scenario: string) {
  const [s, e, p] = ['sealkit', 'sealkit_early', 'plaintext'].map((page) => a[`${scenario}.${page}`]!) as [Summary, Summary, Summary]
  return { s, e, p, pairedWith: (page: string) => pairedVerifiedOverReady(runs, `${scenario}.${page}`, `${scenario}.plaintext`) }
}

/**
 * Page load over the shaped network (`network`: `app.network.*`; `network_revisit`: `app.network.revisit.*`): the
 * headline ratio for both sealkit variants, paired per round like the loopback one, and the bytes each page received.
 */
function networkFigures(a: Record<string, Summary>, runs: Map<string, Summary[]>, net: NetworkSetup, scenario: (typeof NETWORK_SCENARIOS)[number]): Figure[] {
  const name = (figure: string) => `app.network.${scenario === 'network' ? '' : 'revisit.'}${figure}`
  const { s, e, p, pairedWith } = shortScenarioPages(a, runs, scenario)
  const bytesOverBytes = (page: string) => paired(runs, `${scenario}.${page}`, `${scenario}.plaintext`, (r, b) => r.bytesToVerified / b.bytesToReady)
  const linkMs = (bytes: number) => `${((bytes * 8) / net.profile.kbps).toFixed(0)} ms`
  const visit = scenario === 'network' ? '' : 'returning visits (third load in one context: scripts from the HTTP cache), '
  const of = `${visit}median of ${net.rounds}, ${describeProfile(net.profile)}, one shared downlink, ${HTTP2 ? 'HTTP/2 over TLS' : 'HTTP/1.1'}, scripts gzip-compressed`
  return [
    { name: name('ratio_verified_vs_plaintext_ready'), value: pairedWith('sealkit'), unit: 'ratio', note: `app.ratio_verified_vs_plaintext_ready over a network: ${of}` },
    { name: name('ratio_verified_early_vs_plaintext_ready'), value: pairedWith('sealkit_early'), unit: 'ratio', note: 'the same, worker, first attestation and models list started by the HTML (sealkit/vite)' },
    { name: name('sealkit.verified_ms'), value: s.verified, unit: 'ms', note: `navigation -> badge verified; worker from the HTML: ${e.verified.toFixed(0)} ms` },
    { name: name('plaintext.ready_ms'), value: p.ready, unit: 'ms', note: 'navigation -> models listed, composer on' },
    { name: name('ratio_typeable_vs_plaintext_ready'), value: pairedTypeableOverReady(runs, `${scenario}.sealkit`, `${scenario}.plaintext`), unit: 'ratio', note: `app.ratio_typeable_vs_plaintext_ready over a network: ${of}` },
    { name: name('sealkit.typeable_to_verified_ms'), value: s.typeableToVerified, unit: 'ms', note: `the composer takes text -> badge verified; worker from the HTML: ${e.typeableToVerified.toFixed(0)} ms` },
    { name: name('sealkit.long_tasks_to_first_token'), value: s.longTasksToFirstToken, unit: 'count', note: `worker from the HTML: ${e.longTasksToFirstToken}; plaintext app: ${p.longTasksToFirstToken}` },
    // Where the link, not the machine, bounds page load: what each page had to receive, whatever the order.
    { name: name('ratio_bytes_to_verified_vs_plaintext_ready'), value: bytesOverBytes('sealkit'), unit: 'ratio', note: `bytes the link carried from navigation to verified, over the plaintext app's to ready, same round, ${of}` },
    { name: name('ratio_bytes_to_verified_early_vs_plaintext_ready'), value: bytesOverBytes('sealkit_early'), unit: 'ratio', note: 'the same, worker, first attestation and models list started by the HTML' },
    { name: name('sealkit.bytes_to_verified'), value: s.bytesToVerified, unit: 'bytes', note: `received from navigation to verified (${linkMs(s.bytesToVerified)} of the link at this rate); worker from the HTML: ${e.bytesToVerified.toFixed(0)}` },
    { name: name('plaintext.bytes_to_ready'), value: p.bytesToReady, unit: 'bytes', note: `received from navigation to ready (${linkMs(p.bytesToReady)} of the link)` },
  ]
}

/** `provider_latency`: a simulator that takes the real provider's time to attest, and the HTML-start app built for its address. */
interface ProviderSetup {
  delayMs: number
  rounds: number
  sim: SimulatorProcess
  early: StaticServer
  close(): Promise<void>
}

/** BENCH_APP_ATTESTATION_DELAY=<ms>: the `provider_latency` simulator's time to make fresh evidence (default 580). */
async function providerSetup(seed: string, quick: boolean): Promise<ProviderSetup> {
  const delayMs = Number(process.env.BENCH_APP_ATTESTATION_DELAY ?? 580)
  if (!(delayMs >= 0)) throw new Error(`BENCH_APP_ATTESTATION_DELAY=${process.env.BENCH_APP_ATTESTATION_DELAY}: expected milliseconds`)
  const sim = await startShortReplySimulator(seed, { attestationDelayMs: delayMs })
  const early = await serveStatic(await buildApp('sealkit', 'early-provider', earlyAttest(sim.baseURL)))
  return {
    delayMs,
    rounds: shortScenarioRounds(quick),
    sim,
    early,
    close: async () => {
      await early.close()
      await sim.close()
    },
  }
}

/**
 * Page load against a provider that takes its real time to attest: the ratio (the server's time now dominates it),
 * and what the client adds once the evidence is in, which is the part sealkit controls.
 */
function providerFigures(a: Record<string, Summary>, runs: Map<string, Summary[]>, provider: ProviderSetup): Figure[] {
  const { s, e, p, pairedWith } = shortScenarioPages(a, runs, 'provider_latency')
  const of = `every attestation answered ${provider.delayMs} ms late, loopback, median of ${provider.rounds}`
  return [
    { name: 'app.provider_latency.ratio_verified_vs_plaintext_ready', value: pairedWith('sealkit'), unit: 'ratio', note: `app.ratio_verified_vs_plaintext_ready with ${of}` },
    { name: 'app.provider_latency.ratio_verified_early_vs_plaintext_ready', value: pairedWith('sealkit_early'), unit: 'ratio', note: 'the same, worker, first attestation and models list started by the HTML (sealkit/vite)' },
    { name: 'app.provider_latency.sealkit.verified_ms', value: s.verified, unit: 'ms', note: `navigation -> badge verified; worker from the HTML: ${e.verified.toFixed(0)} ms; plaintext app ready: ${p.ready.toFixed(0)} ms` },
    { name: 'app.provider_latency.sealkit.typeable_to_verified_ms', value: s.typeableToVerified, unit: 'ms', note: `the composer takes text (at ${s.typeable.toFixed(0)} ms) -> badge verified; worker from the HTML: ${e.typeableToVerified.toFixed(0)} ms` },
    { name: 'app.provider_latency.sealkit.after_report_ms', value: s.after_report_ms, unit: 'ms', note: `the attestation's last byte in -> badge verified: what the client adds once the evidence is in (report sent at ${s.report_fetch_start_ms.toFixed(0)} ms, in after ${s.report_network_ms.toFixed(0)} ms)` },
    { name: 'app.provider_latency.sealkit_early.after_report_ms', value: e.after_report_ms, unit: 'ms', note: `the same, worker and attestation started by the HTML (report sent at ${e.report_fetch_start_ms.toFixed(0)} ms): the worker has loaded and warmed while the server worked` },
    { name: 'app.provider_latency.sealkit.long_tasks_to_first_token', value: s.longTasksToFirstToken, unit: 'count', note: `worker from the HTML: ${e.longTasksToFirstToken}; plaintext app: ${p.longTasksToFirstToken}` },
  ]
}

/** `next`: the Next.js bench app (bench/apps/next, lib/next-app.ts) over a short-reply simulator of its own. */
interface NextSetup {
  rounds: number
  sim: SimulatorProcess
  app: NextApp
  close(): Promise<void>
}

async function nextSetup(seed: string, quick: boolean): Promise<NextSetup> {
  const sim = await startShortReplySimulator(seed)
  const app = await startNextApp(join(WORK, 'next'), sim)
  return {
    rounds: shortScenarioRounds(quick),
    sim,
    app,
    close: async () => {
      await app.close()
      await sim.close()
    },
  }
}

/**
 * The same page load in a Next.js app (App Router, `next build` with Turbopack, `next start`): `<PrivateChat>`
 * server-rendered and hydrated, the same under a layout whose HTML starts the worker and the first requests,
 * and the plaintext baseline as a page of the same app, so Next's own runtime is in both.
 */
function nextFigures(a: Record<string, Summary>, runs: Map<string, Summary[]>, next: NextSetup): Figure[] {
  const { s, e, p, pairedWith } = shortScenarioPages(a, runs, 'next')
  const w = a['next.sealkit_served']!
  const of = `Next.js ${next.app.nextVersion} (Turbopack, next start), the plaintext baseline a page of the same app, loopback, median of ${next.rounds}`
  return [
    { name: 'app.next.ratio_verified_vs_plaintext_ready', value: pairedWith('sealkit'), unit: 'ratio', note: `app.ratio_verified_vs_plaintext_ready in ${of}` },
    { name: 'app.next.ratio_verified_served_vs_plaintext_ready', value: pairedWith('sealkit_served'), unit: 'ratio', note: "the same with both workers served from public/workers/ (verify.verifyWorker and chatOptions.keyHolder; docs/nextjs.md, \"Serving the workers yourself\"), nothing in the HTML: Turbopack starts its own workers through a loader that fetches their chunks with importScripts" },
    { name: 'app.next.ratio_verified_early_vs_plaintext_ready', value: pairedWith('sealkit_early'), unit: 'ratio', note: "the same under a root layout whose <head> requests the first attestation and the models list and starts the verification worker (earlyAttestationScript, earlyVerifyWorkerScript; docs/nextjs.md)" },
    { name: 'app.next.sealkit.verified_ms', value: s.verified, unit: 'ms', note: `navigation -> badge verified; workers served: ${w.verified.toFixed(0)} ms; from the HTML: ${e.verified.toFixed(0)} ms; plaintext page ready: ${p.ready.toFixed(0)} ms` },
    { name: 'app.next.sealkit_served.verified_ms', value: w.verified, unit: 'ms', note: 'navigation -> badge verified, both workers served from public/workers/' },
    { name: 'app.next.sealkit_early.verified_ms', value: e.verified, unit: 'ms', note: 'navigation -> badge verified, worker and first requests started by the HTML' },
    { name: 'app.next.plaintext.ready_ms', value: p.ready, unit: 'ms', note: 'navigation -> models listed, composer on (the plaintext page)' },
    { name: 'app.next.ratio_typeable_vs_plaintext_ready', value: pairedTypeableOverReady(runs, 'next.sealkit', 'next.plaintext'), unit: 'ratio', note: `navigation -> the composer takes text (hydrated), over the plaintext page's ready: ${of}` },
    { name: 'app.next.sealkit.typeable_to_verified_ms', value: s.typeableToVerified, unit: 'ms', note: `the composer takes text -> badge verified; from the HTML: ${e.typeableToVerified.toFixed(0)} ms` },
    { name: 'app.next.ratio_cpu_to_verified_vs_plaintext_ready', value: pairedCpuOverCpu(runs, 'next.sealkit', 'next.plaintext'), unit: 'ratio', note: `CPU time of every Chromium process to verified over the plaintext page's to ready, same round (${s.cpuToVerified.toFixed(0)} ms vs ${p.cpuToVerified.toFixed(0)} ms; from the HTML ${e.cpuToVerified.toFixed(0)} ms)` },
    { name: 'app.next.plaintext.long_tasks_to_first_token', value: p.longTasksToFirstToken, unit: 'count', note: `the plaintext page's, the same window: Next's own start (longest ${p.longTaskMaxToSend.toFixed(0)} ms)` },
    { name: 'app.next.sealkit.long_tasks_to_first_token', value: s.longTasksToFirstToken, unit: 'count', note: `long tasks > 50 ms from navigation to the first token (longest to the send ${s.longTaskMaxToSend.toFixed(0)} ms; ${s.longTasksOnCoreToFirstToken} over 50 ms on a core); workers served: ${w.longTasksToFirstToken}; from the HTML: ${e.longTasksToFirstToken}; plaintext page: ${p.longTasksToFirstToken} (longest ${p.longTaskMaxToSend.toFixed(0)} ms)` },
  ]
}

/** The sealkit app whose HTML starts its verification worker and requests its first attestation and the models list (sealkit/vite), measured in the same rounds. */
function earlyFigures(a: Record<string, Summary>, runs: Map<string, Summary[]>, of: string): Figure[] {
  const e = a['session.sealkit_early']
  if (!e) return []
  const s = a['session.sealkit']!
  return [
    { name: 'app.ratio_verified_early_vs_plaintext_ready', value: pairedVerifiedOverReady(runs, 'session.sealkit_early', 'session.plaintext'), unit: 'ratio', note: `the same with the verification worker started, and the first attestation and the models list requested, by the page's HTML (sealkit/vite's earlyVerifyWorker({ attest })), same rounds, ${of}` },
    { name: 'app.sealkit_early.verified_ms', value: e.verified, unit: 'ms', note: `navigation -> badge verified, worker started by the HTML; without: ${s.verified.toFixed(0)} ms` },
    { name: 'app.sealkit_early.typeable_to_verified_ms', value: e.typeableToVerified, unit: 'ms', note: `the composer takes text -> badge verified, worker started by the HTML (composer at ${e.typeable.toFixed(0)} ms); without: ${s.typeableToVerified.toFixed(0)} ms` },
    { name: 'app.sealkit_early.cpu_to_verified_ms', value: e.cpuToVerified, unit: 'ms', note: `CPU time of every Chromium process to verified, worker started by the HTML (${cores(e)} cores busy on average); without: ${s.cpuToVerified.toFixed(0)} ms` },
    { name: 'app.sealkit_early.long_tasks_to_first_token', value: e.longTasksToFirstToken, unit: 'count', note: `long tasks > 50 ms from navigation to the first token, worker started by the HTML; without: ${s.longTasksToFirstToken}` },
    { name: 'app.sealkit_early.after_report_ms', value: e.after_report_ms, unit: 'ms', note: `the attestation's last byte in -> badge verified, worker and attestation started by the HTML; without: ${s.after_report_ms.toFixed(0)} ms` },
    { name: 'app.sealkit_early.verify_worker_ms', value: e.verify_worker_ms, unit: 'ms', note: `verification inside the worker started by the HTML (warmed while the main chunk loads); without: ${s.verify_worker_ms.toFixed(0)} ms` },
  ]
}

/** The returning user's page load (`revisit`): scripts from the HTTP cache and the code cache, same rounds as `session`. */
function revisitFigures(a: Record<string, Summary>, runs: Map<string, Summary[]>, n: number): Figure[] {
  const s = a['revisit.sealkit']!
  const p = a['revisit.plaintext']!
  const fresh = a['session.sealkit']
  const first = (x: number | undefined) => (x === undefined ? '' : `; first visit: ${x.toFixed(0)} ms`)
  return [
    { name: 'app.revisit.ratio_verified_vs_plaintext_ready', value: pairedVerifiedOverReady(runs, 'revisit.sealkit', 'revisit.plaintext'), unit: 'ratio', note: `page load -> verified on a returning visit (third load in the same browser context: scripts from the HTTP cache and V8's code cache), over the plaintext app's returning page load -> ready, same round, median of ${n}` },
    { name: 'app.revisit.sealkit.verified_ms', value: s.verified, unit: 'ms', note: `navigation -> badge verified, returning visit${first(fresh?.verified)}` },
    { name: 'app.revisit.plaintext.ready_ms', value: p.ready, unit: 'ms', note: `navigation -> ready, returning visit${first(a['session.plaintext']?.ready)}` },
    { name: 'app.revisit.ratio_cpu_to_verified_vs_plaintext_ready', value: pairedCpuOverCpu(runs, 'revisit.sealkit', 'revisit.plaintext'), unit: 'ratio', note: `CPU time of every Chromium process to verified over the plaintext app's to ready, returning visits, same round, median of ${n}` },
    { name: 'app.revisit.sealkit.cpu_to_verified_ms', value: s.cpuToVerified, unit: 'ms', note: `that CPU time (${cores(s)} cores busy on average); plaintext app to ready: ${p.cpuToVerified.toFixed(0)} ms${first(fresh?.cpuToVerified)}` },
    { name: 'app.revisit.sealkit.long_tasks_to_first_token', value: s.longTasksToFirstToken, unit: 'count', note: `long tasks > 50 ms from navigation to the first decrypted token, returning visit (goal 0); plaintext app: ${p.longTasksToFirstToken}` },
    ...(a['revisit.sealkit_early'] ? revisitEarlyFigures(a['revisit.sealkit_early'], runs, n) : []),
  ]
}

/** The HTML-start app (sealkit/vite) on a returning visit, when the `session` scenario built it. */
function revisitEarlyFigures(e: Summary, runs: Map<string, Summary[]>, n: number): Figure[] {
  return [
    { name: 'app.revisit.ratio_verified_early_vs_plaintext_ready', value: pairedVerifiedOverReady(runs, 'revisit.sealkit_early', 'revisit.plaintext'), unit: 'ratio', note: `the same with the verification worker, the first attestation and the models list started by the HTML (sealkit/vite), returning visits, same round, median of ${n}` },
    { name: 'app.revisit.sealkit_early.verified_ms', value: e.verified, unit: 'ms', note: `navigation -> badge verified, returning visit, worker started by the HTML (CPU to verified ${e.cpuToVerified.toFixed(0)} ms)` },
  ]
}

/** BENCH_APP_AB's page over the sealkit app's, paired per round, for each scenario that ran it. */
function abFigures(a: Record<string, Summary>, runs: Map<string, Summary[]>, n: number): Figure[] {
  const choices = [AB!.react && 'React in a chunk of its own', AB!.inline && "rolldown's inlining of small common chunks", !AB!.eager && CHUNKING.eager && "rolldown's lazy CommonJS wrappers (no eagerCommonJs())"].filter(Boolean)
  const what = choices.length ? `built with ${choices.join(' and ')}` : 'built the same (BENCH_APP_AB=same: what the pair differs by for being measured second)'
  return (['session', 'revisit'] as const).flatMap((scenario) => {
    const key = `${scenario}.sealkit_ab`
    const base = `${scenario}.sealkit`
    const [x, b] = [a[key], a[base]]
    if (!x || !b) return []
    const prefix = scenario === 'session' ? 'app.ab' : 'app.ab.revisit'
    return [
      { name: `${prefix}.ratio_verified_vs_sealkit`, value: paired(runs, key, base, (r, d) => r.verified / d.verified), unit: 'ratio', note: `page load -> verified, the sealkit app ${what}, over the same app as the figures build it, same round, median of ${n} (${scenario})` },
      { name: `${prefix}.ratio_cpu_to_verified_vs_sealkit`, value: pairedCpuOverCpu(runs, key, base), unit: 'ratio', note: `CPU time of every Chromium process to verified, the same pair` },
      { name: `${prefix}.sealkit.verified_ms`, value: x.verified, unit: 'ms', note: `navigation -> verified (CPU ${x.cpuToVerified.toFixed(0)} ms); as the figures build it: ${b.verified.toFixed(0)} ms (CPU ${b.cpuToVerified.toFixed(0)} ms)` },
      { name: `${prefix}.sealkit.long_tasks_to_first_token`, value: x.longTasksToFirstToken, unit: 'count', note: `as the figures build it: ${b.longTasksToFirstToken}` },
    ]
  })
}

/** The long replies arriving in 24 chunks: what each is. */
const LARGE = {
  large_chunks: 'a 60 KB reply',
  large_code: 'a 60 KB reply, nearly all of it one TypeScript code block of 1,100 lines,',
} as const
type LargeScenario = keyof typeof LARGE
const LARGE_SCENARIOS = Object.keys(LARGE) as LargeScenario[]

function largeReplyFigures(a: Record<string, Summary>, scenario: LargeScenario): Figure[] {
  const L = a[`${scenario}.sealkit`]!
  const Lp = a[`${scenario}.plaintext`]!
  return [
    { name: `render.${scenario}.long_tasks`, value: L.streamLongTasks, unit: 'count', note: `long tasks while ${LARGE[scenario]} arrives in 24 chunks, to 300 ms after its end (goal 0); longest ${L.streamLongTaskMax.toFixed(0)} ms` },
    { name: `render.${scenario}.ratio_long_tasks_vs_plaintext`, value: floored(L.streamLongTasks, Lp.streamLongTasks, 1), unit: 'ratio', note: `plaintext app: ${Lp.streamLongTasks} (longest ${Lp.streamLongTaskMax.toFixed(0)} ms)` },
  ]
}

/** The `open` scenario: another conversation of this many messages opened once the page has settled. */
const OPEN_COUNT = 300

/**
 * The conversations the `open` scenarios open (`open_long`: a question and its answer, the 60 KB markdown reply of
 * `large_chunks`, as a user opens a conversation with a long reply in it).
 */
const OPENED = {
  open: { figure: `open_${OPEN_COUNT}`, count: OPEN_COUNT, long: false, what: `another conversation of ${OPEN_COUNT} messages` },
  open_long: { figure: 'open_long', count: 2, long: true, what: 'another conversation of 2 messages, its answer a 60 KB markdown reply' },
} as const
type OpenScenario = keyof typeof OPENED

/** What the main thread did from the conversation's opening to the end of the page (nothing else happens then). */
function summarizeOpen(r: PageRun) {
  const o = r.opened!
  const long = r.longTasks.filter(([s, d]) => d > LONG_TASK_MS && s + d >= o.at)
  return {
    longTasks: long.length,
    longTaskMax: Math.max(0, ...long.map(([, d]) => d)),
    onCore: long.map(([s, d]) => splitOf(r, s, d).onCoreMs).filter((ms) => ms > LONG_TASK_MS).length,
    tbt: long.reduce((sum, [, d]) => sum + d - LONG_TASK_MS, 0),
    newestMs: o.newest - o.at,
    allMs: o.all - o.at,
  }
}
type OpenSummary = ReturnType<typeof summarizeOpen>

function openFigures(scenario: OpenScenario, runs: Map<string, OpenSummary[]>): Figure[] {
  const [o, p] = [middle(runs.get('sealkit')!), middle(runs.get('plaintext')!)]
  const { figure, what: opened } = OPENED[scenario]
  const what = `${opened} opened once the page has settled (its markdown renderer loaded and warm)`
  return [
    { name: `render.${figure}.long_tasks`, value: o.longTasks, unit: 'count', note: `long tasks from ${what} until all of it is in and rendered and the page has settled; longest ${o.longTaskMax.toFixed(0)} ms, ${o.onCore} with more than 50 ms on a core; TBT ${o.tbt.toFixed(0)} ms` },
    { name: `render.${figure}.ratio_long_tasks_vs_plaintext`, value: floored(o.longTasks, p.longTasks, 1), unit: 'ratio', note: `plaintext app (the messages as plain text): ${p.longTasks} (longest ${p.longTaskMax.toFixed(0)} ms; TBT ${p.tbt.toFixed(0)} ms); denominator at least 1` },
    { name: `render.${figure}.ratio_newest_vs_plaintext`, value: o.newestMs / p.newestMs, unit: 'ratio', note: `opened -> its newest message in the DOM: ${o.newestMs.toFixed(0)} ms vs ${p.newestMs.toFixed(0)} ms; all of it rendered ${o.allMs.toFixed(0)} vs ${p.allMs.toFixed(0)} ms` },
  ]
}

function historyFigures(a: Record<string, Summary>): Figure[] {
  const h3 = a['history_3.sealkit']!
  const h300 = a['history_300.sealkit']!
  return [
    { name: 'render.history_300.ratio_ms_per_commit_vs_3', value: h300.msPerCommit / h3.msPerCommit, unit: 'ratio', note: `mean React commit time while the 301st message streams, over the same with 3 earlier messages (goal <= 1.5)` },
    { name: 'render.history_300.ms_per_commit', value: h300.msPerCommit, unit: 'ms', note: `300 earlier messages; 3: ${h3.msPerCommit.toFixed(2)} ms` },
    { name: 'render.history_300.long_tasks', value: h300.streamLongTasks, unit: 'count', note: 'long tasks while streaming with 300 earlier messages' },
    {
      name: 'render.history_300.ratio_first_token_vs_3',
      value: h300.firstToken / h3.firstToken,
      unit: 'ratio',
      note:
        `send -> first decrypted token on screen, 300 earlier messages restored (the send 0.8 s after ready, before they are encrypted ahead), over the same with 3: ${h300.firstToken.toFixed(0)} vs ${h3.firstToken.toFixed(0)} ms; ` +
        `the request sent after ${h300.send_to_request_ms.toFixed(0)} ms (every message encrypted to the enclave: ${h300.session_to_encrypted_ms.toFixed(0)}; with 3: ${h3.session_to_encrypted_ms.toFixed(0)}), ` +
        `its first chunk ${h300.request_to_first_chunk_ms.toFixed(0)} ms later (the simulator decrypting them; with 3: ${h3.request_to_first_chunk_ms.toFixed(0)}), on screen ${h300.words_to_screen_ms.toFixed(0)} ms after its words`,
    },
    { name: 'render.history_300.first_token_ms', value: h300.firstToken, unit: 'ms', note: `send -> first decrypted token on screen, 300 earlier messages; 3: ${h3.firstToken.toFixed(0)} ms` },
    {
      name: 'render.history_300.long_tasks_to_send',
      value: h300.longTasksToSend,
      unit: 'count',
      note: `long tasks from navigation to the send, the 300 messages restored (React's profiling build); longest ${h300.longTaskMaxToSend.toFixed(0)} ms; with 3: ${h3.longTasksToSend} (longest ${h3.longTaskMaxToSend.toFixed(0)} ms)`,
    },
  ]
}

const suite: Suite = {
  name: 'browser-app',
  description: 'a production consumer app (<PrivateChat>) in Chromium vs a plaintext fetch + setState chat, simulator in its own process',
  async run({ quick, log }) {
    const executablePath = findChromium()
    if (!executablePath) {
      log('skipped: no Chromium found (set CHROMIUM_PATH)')
      return []
    }
    // Page load -> verified is the noisiest figure and the cheapest scenario: more rounds, medians.
    const sessionRounds = Number(process.env.BENCH_APP_ROUNDS ?? (quick ? 2 : 5))
    // The long-reply scenarios (large_chunks, history): three rounds, so that a median is one page's count, not the mean of two.
    const rounds = quick ? 1 : 3
    const memoryChunks = quick ? 5000 : 20_000
    const memoryRuns = quick ? 1 : 3
    log('building both apps (vite, production, React production build; the sealkit app also with the profiling build and with sealkit/vite)...')
    const dists = { sealkit: await buildApp('sealkit'), plaintext: await buildApp('plaintext') }
    const servers: Record<App, StaticServer> = { sealkit: await serveStatic(dists.sealkit), plaintext: await serveStatic(dists.plaintext) }
    // The long-conversation scenario compares time per commit: React's profiling build, whose <Profiler> times each commit.
    // BENCH_APP_HISTORY_PROD=1 runs `history` on the production build: no profiling build to make then.
    const profiling = SCENARIOS.has('history') && !HISTORY_PROD ? await serveStatic(await buildApp('sealkit', 'profiling')) : undefined
    const md20 = sampleReply(20_000)
    const md60 = sampleReply(60_000)
    const code60 = sampleCodeReply(60_000)
    const mdLong = sampleReply(memoryChunks * 6)
    const seed = 'bench-browser-app'
    const [simSession, simLarge, simCode, simMemory, simMemoryFew] = await Promise.all([
      startSimulatorProcess({ seed, reply: md20, chunks: 500, chunkDelayMs: 10 }),
      startSimulatorProcess({ seed, reply: md60, chunks: 24, chunkDelayMs: 100 }),
      SCENARIOS.has('large_code') ? startSimulatorProcess({ seed, reply: code60, chunks: 24, chunkDelayMs: 100 }) : undefined,
      startSimulatorProcess({ seed, reply: mdLong, chunks: memoryChunks, chunkDelayMs: 1 }),
      // The memory scenario's baseline: the same reply in a tenth of the chunks.
      SCENARIOS.has('memory') ? startSimulatorProcess({ seed, reply: mdLong, chunks: memoryChunks / 10, chunkDelayMs: 1 }) : undefined,
    ])
    // The same sealkit app with its verification worker started, and its first attestation and the models list requested, by the HTML
    // (its config's model on the session simulator, whose address the build needs), beside the other two.
    const early = SCENARIOS.has('session') ? await serveStatic(await buildApp('sealkit', 'early', earlyAttest(simSession.baseURL))) : undefined
    const ab = AB && (SCENARIOS.has('session') || SCENARIOS.has('revisit')) ? await serveStatic(await buildApp('sealkit', 'ab')) : undefined
    // The page-load scenario's pages, in the order each round loads them.
    const sessionPages: Array<[string, App, StaticServer]> = [
      ['sealkit', 'sealkit', servers.sealkit],
      ...(early ? [['sealkit_early', 'sealkit', early] as [string, App, StaticServer]] : []),
      ...(ab ? [['sealkit_ab', 'sealkit', ab] as [string, App, StaticServer]] : []),
      ['plaintext', 'plaintext', servers.plaintext],
    ]
    // The page-load scenario again over a shaped network: every server answers a round trip late through one
    // shared downlink, scripts gzip-compressed (bench/lib/network-link.ts); a short reply (only page load matters).
    const net = NETWORK_SCENARIOS.some((n) => SCENARIOS.has(n)) ? await networkSetup(seed, dists, quick) : undefined
    // The page-load scenario against a simulator as slow to attest as the real provider.
    const provider = SCENARIOS.has('provider_latency') ? await providerSetup(seed, quick) : undefined
    // The same three pages in a Next.js app, installed from the packed tarball and built with its own build script.
    if (SCENARIOS.has('next')) log('packing sealkit, installing and building the Next.js bench app (npm pack, npm ci, next build)...')
    const next = SCENARIOS.has('next') ? await nextSetup(seed, quick) : undefined
    const { chromium } = await import('playwright-core')
    // BENCH_APP_JS_FLAGS: V8 flags for every page (`--no-opt --no-maglev`: no optimised code, see the memory row in bench/README.md).
    const jsFlags = process.env.BENCH_APP_JS_FLAGS ? [`--js-flags=${process.env.BENCH_APP_JS_FLAGS}`] : []
    const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...jsFlags], headless: true })
    const cpu = await browser.newBrowserCDPSession()
    const timeoutMs = 120_000
    try {
      const results = new Map<string, Summary[]>()
      const opens = new Map<OpenScenario, Map<App, OpenSummary[]>>()
      // BENCH_APP_TRACE=<file>: the first page of each app in the scenario BENCH_APP_TRACE_SCENARIO (default session;
      // the plaintext app's trace beside it, `.plaintext` before the extension).
      const traced = new Set<string>()
      // A scenario, or one page of it (`session.sealkit_early`).
      const traceScenario = process.env.BENCH_APP_TRACE_SCENARIO ?? 'session'
      const traceFor = (key: string, app: App) => {
        const file = process.env.BENCH_APP_TRACE
        const chosen = key === traceScenario || key.startsWith(`${traceScenario}.`)
        const trace = file && chosen && !traced.has(app) ? (app === 'sealkit' ? file : file.replace(/(\.\w+)?$/, '.plaintext$1')) : undefined
        if (trace) traced.add(app)
        return trace
      }
      const record = async (key: string, app: App, scenario: Scenario, url = servers[app].url, revisit = false) => {
        const trace = traceFor(key, app)
        const run = await runPage(browser, url, scenario, { cpu, timeoutMs, log, revisit, ...(trace ? { trace } : {}) })
        const s = summarize(run, key.startsWith('network') ? net?.link : undefined)
        log(
          `${key.padEnd(26)} typeable ${s.typeable.toFixed(0)} ms, ready ${s.ready.toFixed(0)} ms (verified ${s.verified.toFixed(0)}, CPU ${s.cpuToVerified.toFixed(0)} ms), first token ${s.firstToken.toFixed(0)} ms, ` +
            `${s.longTasks} long tasks (max ${s.longTaskMax.toFixed(0)} ms, ${s.streamLongTasks} while streaming), TBT ${s.tbt.toFixed(0)} ms, ` +
            `${s.commitsPerS.toFixed(0)} commits/s, ${s.msPerCommit.toFixed(2)} ms/commit; send ${run.marks.send!.toFixed(0)}, done ${run.marks.done!.toFixed(0)}, long tasks at ${longTaskList(run) || '-'}`,
        )
        // The plaintext app's line too: where the baseline's own page load goes (html, main chunk, evaluated, models).
        if (/^(session|network|revisit|network_revisit|provider_latency)\.(sealkit|plaintext)/.test(key)) log(`${''.padEnd(26)} ${formatBreakdown(loadBreakdown(run.timeline, run.commits[0]?.[0]), s.verified)}`)
        if (/^(session|revisit|history_\d+)\.sealkit/.test(key)) log(`${''.padEnd(26)} first token ${s.firstToken.toFixed(0)} ms: request sent ${s.send_to_request_ms.toFixed(0)} (store ${s.send_to_store_ms.toFixed(0)}, session ${s.store_to_session_ms.toFixed(0)}, encrypted ${s.session_to_encrypted_ms.toFixed(0)}, chat code ${s.encrypted_to_request_ms.toFixed(0)}), first chunk ${s.request_to_first_chunk_ms.toFixed(0)}, decrypted ${s.first_chunk_to_words_ms.toFixed(0)}, on screen ${s.words_to_screen_ms.toFixed(0)}`)
        // A send that waited (one page in a full run waited 1.8 s; unexplained then): everything the page's timeline says from the send on.
        if (s.send_to_request_ms > SLOW_SEND_MS || (SEND_TIMELINE && key.startsWith('session.'))) log(`${''.padEnd(26)} ${s.send_to_request_ms > SLOW_SEND_MS ? 'slow send' : 'from the send'}: ${aheadOf(run.timeline)}${timelineFrom(run.timeline, run.marks.send!)}; long tasks ${longTaskList(run, run.marks.send!) || '-'}`)
        if (key.startsWith('network')) log(`${''.padEnd(26)} received ${(s.bytesToVerified / 1000).toFixed(1)} KB to verified, ${(s.bytesToReady / 1000).toFixed(1)} KB to ready`)
        if (/^(session|revisit|next)\./.test(key)) log(`${''.padEnd(26)} CPU to verified: ${formatCpu(run.cpuToVerified.byThread)}`)
        if (run.moduleTimes) log(`${''.padEnd(26)} ${run.moduleTimes}`)
        if (COMMIT_GAPS && key.startsWith('session.')) log(`${''.padEnd(26)} commit gaps: ${commitGaps(run)}${commitKinds(run)}`)
        if (key === 'session.sealkit' && process.env.BENCH_APP_CHUNKS) log(run.timeline.resources.filter((r) => /\.js$|\/attestation|\/models/.test(r.name)).map((r) => `${r.name.split('/').pop()!.replace(/-[\w-]{8}\.js$/, '')}@${r.start.toFixed(0)}..${r.end.toFixed(0)}`).join(' '))
        results.set(key, [...(results.get(key) ?? []), s])
      }
      for (let r = 0; r < Math.max(sessionRounds, rounds, net?.rounds ?? 0, provider?.rounds ?? 0, next?.rounds ?? 0); r++) {
        // `revisit` loads the page-load scenario's pages again, each as a returning user.
        for (const name of ['session', 'revisit'] as const) {
          if (!SCENARIOS.has(name) || r >= sessionRounds) continue
          const scenario = { sim: simSession, history: 0, replyChars: md20.length }
          for (const [page, app, server] of sessionPages) await record(`${name}.${page}`, app, scenario, server.url, name === 'revisit')
        }
        // The short-reply scenarios: each the sealkit app, its HTML-start build and the plaintext app.
        const short = [
          ...NETWORK_SCENARIOS.filter((name) => net && SCENARIOS.has(name) && r < net.rounds).map((name) => ({ name, sim: net!.sim, servers: net!.servers, revisit: name === 'network_revisit' })),
          ...(provider && r < provider.rounds ? [{ name: 'provider_latency', sim: provider.sim, servers: { ...servers, early: provider.early }, revisit: false }] : []),
        ]
        for (const { name, sim, servers: on, revisit } of short) {
          const scenario = { sim, history: 0, replyChars: SHORT_REPLY.length }
          for (const [page, app, server] of [['sealkit', 'sealkit', on.sealkit], ['sealkit_early', 'sealkit', on.early], ['plaintext', 'plaintext', on.plaintext]] as const) {
            await record(`${name}.${page}`, app, scenario, server.url, revisit)
          }
        }
        if (next && r < next.rounds) {
          const scenario = { sim: next.sim, history: 0, replyChars: SHORT_REPLY.length }
          const pages = [['sealkit', 'sealkit', '/'], ['sealkit_served', 'sealkit', '/served'], ['sealkit_early', 'sealkit', '/early'], ['plaintext', 'plaintext', '/plaintext']] as const
          for (const [page, app, path] of pages) {
            await record(`next.${page}`, app, scenario, `${next.app.origin}${path}`)
          }
        }
        if (r >= rounds) continue
        const large = { large_chunks: { sim: simLarge, reply: md60 }, large_code: { sim: simCode, reply: code60 } }
        for (const scenario of LARGE_SCENARIOS.filter((name) => SCENARIOS.has(name)))
          for (const app of APPS) await record(`${scenario}.${app}`, app, { sim: large[scenario].sim!, history: 0, replyChars: large[scenario].reply.length })
        for (const scenario of OPEN_SCENARIOS)
          for (const app of APPS) {
            const { figure, count, long } = OPENED[scenario]
            const trace = traceFor(`${figure}.${app}`, app)
            const run = await runPage(browser, servers[app].url, { sim: simSession, history: 0, replyChars: 0 }, { cpu, timeoutMs, log, open: count, ...(long ? { openNewest: md60 } : {}), ...(trace ? { trace } : {}) })
            const o = summarizeOpen(run)
            log(
              `${`${figure}.${app}`.padEnd(26)} newest row ${o.newestMs.toFixed(0)} ms, all ${o.allMs.toFixed(0)} ms after opening; ${o.longTasks} long tasks (max ${o.longTaskMax.toFixed(0)} ms, ` +
                `${o.onCore} over 50 ms on a core), TBT ${o.tbt.toFixed(0)} ms; opened at ${run.opened!.at.toFixed(0)}, ${aheadOf(run.timeline, run.opened!.at)}long tasks at ${longTaskList(run, run.opened!.at) || '-'}`,
            )
            const runs = opens.get(scenario) ?? opens.set(scenario, new Map()).get(scenario)!
            runs.set(app, [...(runs.get(app) ?? []), o])
          }
        if (SCENARIOS.has('history')) for (const history of [3, 300]) await record(`history_${history}.sealkit`, 'sealkit', { sim: simSession, history, replyChars: md20.length }, profiling?.url ?? servers.sealkit.url)
      }
      const a = Object.fromEntries([...results].map(([k, rs]) => [k, middle(rs)])) as Record<string, Summary>
      const figures: Figure[] = []
      if (SCENARIOS.has('session')) figures.push(...sessionFigures(a, results, sessionRounds))
      if (SCENARIOS.has('revisit')) figures.push(...revisitFigures(a, results, sessionRounds))
      if (ab) figures.push(...abFigures(a, results, sessionRounds))
      for (const name of NETWORK_SCENARIOS) if (net && SCENARIOS.has(name)) figures.push(...networkFigures(a, results, net, name))
      if (provider) figures.push(...providerFigures(a, results, provider))
      if (next) figures.push(...nextFigures(a, results, next))
      for (const scenario of LARGE_SCENARIOS) if (SCENARIOS.has(scenario)) figures.push(...largeReplyFigures(a, scenario))
      if (SCENARIOS.has('history')) figures.push(...historyFigures(a))
      for (const [scenario, runs] of opens) figures.push(...openFigures(scenario, runs))
      if (!SCENARIOS.has('memory')) return figures
      const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`
      const memRuns: Array<{ run: PageRun; few: PageRun; plain: Array<[number, number]> }> = []
      for (let i = 0; i < memoryRuns; i++) {
        const trace = traceFor('memory.sealkit', 'sealkit')
        // BENCH_APP_HEAP_SNAPSHOT=<dir>: each page's heap snapshots at a tenth of the reply and at its end,
        // memory-<chunks>-at-tenth.heapsnapshot and memory-<chunks>.heapsnapshot.
        const snapshotDir = process.env.BENCH_APP_HEAP_SNAPSHOT
        const memoryPage = (sim: SimulatorProcess, chunks: number, withTrace?: string) =>
          runPage(browser, servers.sealkit.url, { sim, history: 0, replyChars: mdLong.length }, {
            cpu,
            log,
            memory: true,
            timeoutMs: 300_000,
            ...(withTrace ? { trace: withTrace } : {}),
            ...(snapshotDir ? { heapSnapshot: join(snapshotDir, `memory-${chunks}.heapsnapshot`) } : {}),
          })
        const run = await memoryPage(simMemory, memoryChunks, trace)
        // Baselines: the same reply in a tenth of the chunks (what the reply itself holds), and a blank page reading as many bytes as
        // the reply's response had, in as many events (the long tasks the harness itself adds at the end of a large response).
        const few = await memoryPage(simMemoryFew!, memoryChunks / 10)
        const bytes = run.timeline.resources.find((r) => /\/chat\/completions/.test(r.name))?.bytes
        if (!bytes) throw new Error("memory: the reply's response has no size in the page's resource timing")
        const plain = await plainStreamLongTasks(browser, { bytes, events: memoryChunks, delayMs: 1 })
        const [at, end] = [run.heapAt!, run.heapEnd!]
        log(
          `memory: after ~${memoryChunks / 10} chunks (${at.chars} characters on screen, ${at.elements} elements) JS ${mb(at.js)} = V8 ${mb(at.v8)} + buffers ${mb(at.js - at.v8)}, DOM ${mb(at.dom)}; ` +
            `after ${memoryChunks} (${end.chars}, ${end.elements}) JS ${mb(end.js)} = V8 ${mb(end.v8)} + buffers ${mb(end.js - end.v8)}, DOM ${mb(end.dom)}: ratio ${(end.js / at.js).toFixed(3)} (V8 ${(end.v8 / at.v8).toFixed(3)}); ` +
            `${summarize(run).streamLongTasks} long tasks while streaming (send ${run.marks.send!.toFixed(0)}, done ${run.marks.done!.toFixed(0)}, long tasks at ${longTaskList(run) || '-'})`,
        )
        log(
          `        the same reply in ${memoryChunks / 10} chunks: JS ${mb(few.heapEnd!.js)} = V8 ${mb(few.heapEnd!.v8)} (${few.heapEnd!.chars}, ${few.heapEnd!.elements} elements): ratio ${(end.js / few.heapEnd!.js).toFixed(3)} (V8 ${(end.v8 / few.heapEnd!.v8).toFixed(3)}); ` +
            `a blank page reading ${(bytes / 1e6).toFixed(1)} MB in ${memoryChunks} events: ${plain.length} long tasks (${plain.map(([t, d]) => `${t}+${d}`).join(' ') || '-'})`,
        )
        memRuns.push({ run, few, plain })
      }
      const memOf = (f: (r: (typeof memRuns)[number]) => number) => medianOf(memRuns.map(f))
      const of = `median of ${memoryRuns}, React production build`
      figures.push(
        { name: 'render.memory.ratio_heap_end_vs_2000', value: memOf(({ run: r }) => r.heapEnd!.js / r.heapAt!.js), unit: 'ratio', note: `JS heap + array buffers after ${memoryChunks} chunks over after ~${memoryChunks / 10}, both after a forced GC, ${of} (goal <= 1.2; below 1 when buffers were in flight at ~${memoryChunks / 10}: read the V8 ratio with it)` },
        { name: 'render.memory.ratio_v8_heap_end_vs_2000', value: memOf(({ run: r }) => r.heapEnd!.v8 / r.heapAt!.v8), unit: 'ratio', note: 'the same for the V8 heap alone (without the array buffers in flight)' },
        {
          name: 'render.memory.ratio_heap_end_vs_same_reply_in_2000',
          value: memOf(({ run: r, few }) => r.heapEnd!.js / few.heapEnd!.js),
          unit: 'ratio',
          note: `JS heap + array buffers after the ${memoryChunks}-chunk reply over after the same reply in ${memoryChunks / 10} chunks, both at the end after a forced GC, ${of}: what the chunks themselves leave (1 when nothing is kept per chunk; the first ratio also counts ten times the text on screen)`,
        },
        { name: 'render.memory.heap_end_bytes', value: memOf(({ run: r }) => r.heapEnd!.js), unit: 'bytes', note: `a ${(mdLong.length / 1000).toFixed(0)} KB reply in ${memoryChunks} chunks` },
        { name: 'render.memory.ratio_dom_heap_end_vs_2000', value: memOf(({ run: r }) => r.heapEnd!.dom / r.heapAt!.dom), unit: 'ratio', note: 'the same for the DOM (Blink) heap, which grows with the text on screen and its layout' },
        { name: 'render.memory.long_tasks', value: memOf(({ run: r }) => summarize(r).streamLongTasks), unit: 'count', note: `long tasks while the ${memoryChunks}-chunk reply streams` },
        {
          name: 'render.memory.plain_stream_long_tasks',
          value: memOf(({ plain }) => plain.length),
          unit: 'count',
          note: `a blank page reading a response of the same size in ${memoryChunks} events, same harness: long tasks at the response's end are the harness's (DevTools attached), not the page's (bench/lib/plain-stream.ts)`,
        },
      )
      return figures
    } finally {
      await browser.close()
      await Promise.all([servers.sealkit.close(), servers.plaintext.close(), profiling?.close(), early?.close(), ab?.close(), net?.close(), provider?.close(), next?.close(), simSession.close(), simLarge.close(), simCode?.close(), simMemory.close(), simMemoryFew?.close()])
    }
  },
}

export default suite
