import { atAddress, warnOnceInDevelopment } from '../../core/worker/dev-warning.ts'
import { grammarName } from './grammars.ts'
import { loadHighlighter, type HastNode, type Highlight } from './highlight-loader.ts'
import { decodeHast, type WireTree } from './highlight-wire.ts'
import { highlightWorkerSource, type HighlightWorkerSource } from './highlight-worker-source.ts'
import type { HighlightRequest } from './highlight-worker.ts'

/**
 * A long code block's highlighting: the tree the worker made (undefined: nothing to colour), or, where no worker
 * runs, the main thread's highlighter for the caller to run in a turn of its own.
 */
export type LongHighlight = { where: 'worker'; tree: HastNode[] | undefined } | { where: 'main-thread'; highlight: Highlight | undefined }

/**
 * How long the worker's code may take to load before blocks are highlighted on the main thread instead; how long it
 * may go without answering while blocks wait (a block it is stuck on stays plain; the others go to a new worker); and
 * how long it stays with no block to highlight before it is stopped (its thread and heap are a few MB; the next long
 * block starts a new one, which loads in 50-90 ms). Tests shorten them.
 */
export const highlightWorkerTimeouts = { startMs: 10_000, quietMs: 10_000, idleMs: 60_000 }

/**
 * The classes highlight.js gives: `hljs-…`, a scope's modifiers (`function_`, `inherited__`) and a sub-language's
 * grammar name (`css` in HTML). Nothing else: not sealkit's own classes (`sealkit-md__break` hides text).
 */
export function isHighlightClass(name: string): boolean {
  return name.split(' ').every((c) => /^hljs-[a-z_-]+$|^[a-z]+_+$/.test(c) || grammarName(c) === c)
}

/**
 * The worker. Keep this expression exactly as written: bundlers recognise
 * `new Worker(new URL('./x.js', import.meta.url), { type: 'module' })` and emit the file beside the app's chunks.
 * In the package `./highlight-worker.js` is a self-contained module beside this one; in the repository Vite maps
 * it to `highlight-worker.ts`.
 */
function spawnHighlightWorker(): Worker {
  return new Worker(new URL('./highlight-worker.js', import.meta.url), { type: 'module' })
}

/** The worker from the source the app set (`setHighlightWorker`), else the package's own. */
function spawnFrom(source: HighlightWorkerSource | undefined): Worker {
  if (source === undefined) return spawnHighlightWorker()
  const worker: unknown = typeof source === 'function' ? source() : new Worker(source, { type: 'module' })
  const usable = worker as Partial<Worker> | null
  if (typeof usable?.postMessage !== 'function' || typeof usable.addEventListener !== 'function' || typeof usable.terminate !== 'function') {
    throw new TypeError('the function given to setHighlightWorker returned no Worker')
  }
  // A worker handed back after it was stopped (a function that caches one) would take requests it never answers.
  if (stopped.has(worker as Worker)) throw new TypeError('the function given to setHighlightWorker returned a worker sealkit had stopped: return a new one each time')
  return worker as Worker
}

/** Workers stopped here: never taken again. */
const stopped = new WeakSet<Worker>()

interface Pending {
  code: string
  lang: string
  resolve: (result: LongHighlight) => void
}
interface Running {
  worker: Worker
  loaded: boolean
  timer?: ReturnType<typeof setTimeout>
  /** Since the last answer: a worker that goes quiet while blocks wait is stopped. */
  quiet?: ReturnType<typeof setTimeout>
  /** Since it last had a block to highlight: a worker with none for `idleMs` is stopped. */
  idle?: ReturnType<typeof setTimeout>
  pending: Map<number, Pending>
}
let running: Running | undefined
/** Why no worker highlights on this page, once one failed: every later block is highlighted on the main thread. */
let unavailable: string | undefined
/** The `setHighlightWorker` change the running worker (or the failure) is from. */
let sourceChanges = 0
let nextId = 1

const onMainThread = (lang: string): Promise<LongHighlight> =>
  loadHighlighter(lang).then((highlight) => ({ where: 'main-thread' as const, highlight }))

/** Stops a worker: its timers, its thread, and its place as the page's worker. */
function halt(r: Running): void {
  if (running === r) running = undefined
  clearTimeout(r.timer)
  clearTimeout(r.quiet)
  clearTimeout(r.idle)
  r.worker.terminate()
  stopped.add(r.worker)
}

function giveUp(reason: string): void {
  unavailable = reason
  const r = running
  if (r) {
    halt(r)
    for (const { lang, resolve } of r.pending.values()) void onMainThread(lang).then(resolve, () => resolve({ where: 'main-thread', highlight: undefined }))
  }
  // Once per source the app sets: a second URL that fails too is named as well.
  warnOnceInDevelopment(
    `highlight-worker:${highlightWorkerSource().changes}`,
    `sealkit: long code blocks are highlighted on the main thread, not in a Web Worker (${reason}), each in one long task. ` +
      "A Content-Security-Policy needs worker-src 'self'; a bundler must emit highlight-worker.js beside the package's highlight-off-thread.js, " +
      'or the app serves it (sealkit workers DIR) and says where (setHighlightWorker). ' +
      'A block says where it was highlighted in its data-highlighted-in attribute.',
  )
}

function started(): Running | undefined {
  const { source, changes } = highlightWorkerSource()
  // The app set another source: a worker from the last one stops, and its waiting blocks go to the new one (a turn
  // later: not from inside this start); a failure is forgotten.
  if (changes !== sourceChanges) {
    sourceChanges = changes
    const waiting = running ? [...running.pending.values()] : []
    if (running) halt(running)
    unavailable = undefined
    if (waiting.length) queueMicrotask(() => sendAgain(waiting))
  }
  if (running || unavailable !== undefined) return running
  let worker: Worker
  try {
    if (typeof Worker === 'undefined') throw new Error('this environment has no Web Workers')
    worker = spawnFrom(source)
  } catch (error) {
    giveUp(`the worker${atAddress(source)} could not start: ${error instanceof Error ? error.message : String(error)}`)
    return undefined
  }
  const r: Running = { worker, loaded: false, pending: new Map() }
  r.timer = setTimeout(() => giveUp(`its code did not load within ${highlightWorkerTimeouts.startMs / 1000} s`), highlightWorkerTimeouts.startMs)
  worker.addEventListener('message', (event: MessageEvent) => {
    const answer: unknown = event.data
    if (typeof answer !== 'object' || answer === null) return
    if ((answer as { type?: unknown }).type === 'ready') {
      r.loaded = true
      return clearTimeout(r.timer)
    }
    const { id, tree, error } = answer as { id?: unknown; tree?: WireTree; error?: unknown }
    const p = typeof id === 'number' ? r.pending.get(id) : undefined
    if (!p) return
    r.pending.delete(id as number)
    quietFor(r)
    idleFor(r)
    if (error !== undefined) warnOnceInDevelopment('highlight-error', `sealkit: a code block could not be highlighted (${String(error)}); it is shown plain.`)
    // An answer that is no tree of this code (or an error) leaves the block plain: nothing is coloured wrongly.
    p.resolve({ where: 'worker', tree: tree ? decodeHast(tree, p.code, isHighlightClass) : undefined })
  })
  const failed = (event: Event) => {
    event.preventDefault()
    if (running === r) giveUp(r.loaded ? `the worker${atAddress(source)} stopped` : `the worker${atAddress(source)} could not load its code`)
  }
  worker.addEventListener('error', failed)
  worker.addEventListener('messageerror', failed)
  running = r
  return r
}

/** (Re)starts the quiet-worker timer while blocks wait for it. */
function quietFor(r: Running): void {
  clearTimeout(r.quiet)
  if (r.pending.size > 0) r.quiet = setTimeout(() => stuck(r), highlightWorkerTimeouts.quietMs)
}

/** (Re)starts the idle timer while no block waits for the worker; a block that waits stops it. */
function idleFor(r: Running): void {
  clearTimeout(r.idle)
  if (r.pending.size === 0) r.idle = setTimeout(() => halt(r), highlightWorkerTimeouts.idleMs)
}

/**
 * The worker said nothing for `quietMs` while blocks waited: it is stuck on the first of them (it answers in order),
 * which stays plain. It is stopped, and the other blocks go to a new one.
 */
function stuck(r: Running): void {
  if (running !== r) return
  halt(r)
  warnOnceInDevelopment('highlight-stuck', `sealkit: highlighting a code block took over ${highlightWorkerTimeouts.quietMs / 1000} s; it is shown plain, and the highlighting worker was restarted.`)
  const [first, ...rest] = r.pending.values()
  first?.resolve({ where: 'worker', tree: undefined })
  sendAgain(rest)
}

/** Blocks that waited for a worker now stopped, sent to the page's worker as it is now (a new one, or the main thread). */
function sendAgain(blocks: Pending[]): void {
  for (const p of blocks) void highlightLong(p.code, p.lang).then(p.resolve)
}

/**
 * Starts the highlighting worker ahead of a long block's end (a block still streaming that is already long), so that
 * its ~200 KB of code has loaded when the block is done; each call keeps it from being stopped as idle meanwhile.
 */
export function prepareHighlightWorker(): void {
  const r = started()
  if (r) idleFor(r)
}

/**
 * Highlights a long code block in the highlighting worker, started on first use. Where it cannot start or load (no
 * Worker, a Content-Security-Policy, a bundler that did not emit it) or stops, the blocks are highlighted on the
 * main thread: said once in the dev console, and by each block's `data-highlighted-in`.
 * @example const result = await highlightLong(code, 'ts') // { where: 'worker', tree }
 */
export function highlightLong(code: string, lang: string): Promise<LongHighlight> {
  const name = grammarName(lang)
  if (!name) return Promise.resolve({ where: 'worker', tree: undefined })
  const r = started()
  if (!r) return onMainThread(name)
  return new Promise<LongHighlight>((resolve) => {
    const id = nextId++
    r.pending.set(id, { code, lang: name, resolve })
    r.worker.postMessage({ id, code, lang: name } satisfies HighlightRequest)
    idleFor(r)
    if (r.pending.size === 1) quietFor(r)
  })
}

/** Stops the worker and forgets a failure: the next long block starts a new one (tests). */
export function stopHighlightWorker(): void {
  const r = running
  if (r) {
    halt(r)
    r.pending.forEach(({ resolve }) => resolve({ where: 'worker', tree: undefined }))
  }
  unavailable = undefined
}
