'use client'
import { createContext, useContext, useEffect } from 'react'
import { whenIdle } from '../../core/next-task.ts'

/**
 * Parts of the components that can wait (the markdown renderer, Radix popups) load one at a time
 * when the page is idle, and not while `<PrivateChat>` is on its way to a verified enclave: a
 * chunk that evaluates then is a long task between the user and a chat they can use.
 */

/** `true` while the page's critical path runs (PrivateChat: until the first verdict): loads wait. */
const HoldContext = createContext(false)

/** @internal Holds the idle loads of the components inside it while `value` is true. */
export const HoldIdleLoads = HoldContext.Provider

/**
 * Idle work waits while a message is on its way to its first words: the page is idle then, waiting for the
 * network and the key holder, and a part's chunk evaluated and rendered in that gap held the first token back
 * (bench, Chromium 156: the model list's and its popup's chunks evaluated and rendered between a send and its
 * reply's first chunk, 40-60 ms of the main thread). Counted: several chats may be waiting at once.
 */
let pauses = 0
const onResume: Array<() => void> = []

/**
 * @internal Holds back every idle load and idle step not yet started until the returned function is called
 * (more than one call is harmless). What is already loading goes on; a part a user opens loads at once, as ever.
 * @example useEffect(() => (sending ? pauseIdleWork() : undefined), [sending])
 */
export function pauseIdleWork(): () => void {
  pauses++
  let resumed = false
  return () => {
    if (resumed) return
    resumed = true
    if (--pauses > 0) return
    for (const run of onResume.splice(0)) run()
  }
}

interface Queued {
  load: () => Promise<unknown>
  cancelled: boolean
}
const queue: Queued[] = []
let running = false

/**
 * One load per idle period, the next only once the previous chunk has arrived and evaluated. The
 * load is taken off the queue when its period comes, so one queued `first` meanwhile goes before.
 */
function drain(): void {
  if (running || queue.length === 0) return
  running = true
  const period = () => {
    // Paused: the load waits, then for an idle period of its own, never the resume itself (the commit of a
    // reply's first words, where a chunk's evaluation is what the pause keeps away).
    if (pauses > 0) return void onResume.push(() => whenIdle(period))
    const done = () => {
      running = false
      drain()
    }
    let next = queue.shift()
    while (next?.cancelled) next = queue.shift()
    if (next) next.load().then(done, done)
    else running = false
  }
  whenIdle(period)
}

/**
 * Queues `load` for an idle period, after the loads queued before it (`first`: before those that
 * have not started). Returns a function that takes it off the queue if it has not started.
 * @example const cancel = loadWhenIdle(() => import('./Popover.tsx'))
 */
export function loadWhenIdle(load: () => Promise<unknown>, { first = false }: { first?: boolean } = {}): () => void {
  const entry: Queued = { load, cancelled: false }
  if (first) queue.unshift(entry)
  else queue.push(entry)
  drain()
  return () => {
    entry.cancelled = true
  }
}

/**
 * What a period of {@link runStepsWhenIdle} leaves free of an idle period. Most steps take well under a
 * millisecond (the markdown warm-up: 358 of its 372 in Node); at 12 ms spare, a busy page's short idle
 * periods ran one step each and the warm-up took 2 s after the renderer loaded (bench, Chromium 150).
 */
const SPARE_MS = 2

/**
 * The most a period of {@link runStepsWhenIdle} starts steps for, by the clock. An idle period may be
 * 50 ms long: filled to 12 ms before its end, one slower step made the period a long task, and on a
 * busy 2-core machine (the bench's, Chromium 150) the markdown warm-up's periods took 61-72 ms between
 * the user's send and the first token, waiting for a core part of that time.
 */
const PERIOD_BUDGET_MS = 10

interface Scheduler {
  postTask(run: () => void, options: { priority: 'background' }): Promise<unknown>
}

/**
 * A task at the lowest priority (`scheduler.postTask`: Chromium, Firefox): it runs whenever nothing the
 * page or its user waits for is queued, not only in the idle period after a frame, of which a busy page
 * has few (the markdown warm-up's idle periods came ~100 ms apart after a chat's first verdict, bench,
 * Chromium 150: it ended 1.2 s after it began). Elsewhere the next idle period; with neither (Safari,
 * jsdom, Node) the next message task, not a timer: an app's tests that fake timers (Vitest's, Jest's)
 * would otherwise never see the warm-up end, and `preloadMarkdown()` waits for it.
 */
function nextBackgroundTask(run: (deadline?: IdleDeadline) => void): void {
  const scheduler = (globalThis as { scheduler?: Partial<Scheduler> }).scheduler
  if (typeof scheduler?.postTask === 'function') void scheduler.postTask(() => run(), { priority: 'background' }).catch(() => {})
  else if (typeof requestIdleCallback === 'function' || typeof MessageChannel !== 'function') whenIdle(run)
  else nextMessageTask(run)
}

/** The next task, by a message to a channel of its own (closed once it has run, so Node's process is not held open). */
function nextMessageTask(run: () => void): void {
  const { port1, port2 } = new MessageChannel()
  port1.onmessage = () => {
    port1.close()
    run()
  }
  port2.postMessage(undefined)
}

/**
 * Runs `steps` in background tasks (or idle periods), in order: at least one per task, more while it has
 * run for less than 10 ms (in an idle period: and while more than 2 ms of it are left). For warm-up work
 * that would be a long task done at once. Each step is taken off `steps` as it runs: a more urgent runner
 * may share the array and take the rest sooner (`prepareTurns`). A step that throws ends the run, and
 * empties the array (warm-up is never needed for correctness). Resolves once the array is empty,
 * whoever ran the last step. Held back by {@link pauseIdleWork} unless `evenPaused` (work a caller asked for and
 * awaits, `preloadMarkdown()`: a pause that lasts, a view held at `submitted`, would hold it for ever).
 * @example await runStepsWhenIdle(markdownWarmUpSteps())
 */
export function runStepsWhenIdle(steps: Array<() => void>, { evenPaused = false }: { evenPaused?: boolean } = {}): Promise<void> {
  return new Promise((done) => {
    const period = (deadline?: IdleDeadline) => {
      if (pauses > 0 && !evenPaused) return void onResume.push(() => nextBackgroundTask(period))
      const start = performance.now()
      const more = () => steps.length > 0 && performance.now() - start < PERIOD_BUDGET_MS && (deadline === undefined || deadline.timeRemaining() > SPARE_MS)
      try {
        while (steps.length > 0) {
          steps.shift()!()
          if (!more()) break
        }
      } catch {
        steps.length = 0
      }
      if (steps.length > 0) nextBackgroundTask(period)
      else done()
    }
    if (steps.length > 0) nextBackgroundTask(period)
    else done()
  })
}

/**
 * Loads a part for a component: now when it is `needed` (the user opened it), else at idle once
 * no `HoldIdleLoads` above holds it, before other waiting parts when `first`. Nothing when
 * `loaded`. Load failures are the part's state, not thrown here.
 * @example useIdleLoad(loadMarkdown, { needed: replyOnItsWay })
 */
export function useIdleLoad(load: () => Promise<unknown>, { loaded = false, needed = false, first = false }: { loaded?: boolean; needed?: boolean; first?: boolean } = {}): void {
  const held = useContext(HoldContext)
  useEffect(() => {
    if (loaded) return
    const quiet = () => load().catch(() => undefined)
    if (needed) return void quiet()
    if (held) return
    return loadWhenIdle(quiet, { first })
  }, [loaded, needed, held, load, first])
}
