'use client'
/**
 * Where the highlighting worker comes from: the package's own (`undefined`, emitted by the app's bundler), a URL the
 * app serves it at, or a function that starts it. Kept apart from the highlighter, which is a lazy chunk: the app's
 * entry sets it without loading that chunk.
 */
export type HighlightWorkerSource = string | URL | (() => Worker)

let source: HighlightWorkerSource | undefined
let changes = 0

/**
 * Starts the highlighting worker (long code blocks, off the main thread) from the app's own static files, or with a
 * function, instead of the file the app's bundler emits beside the package: for a bundler that does not emit workers,
 * or an app that serves every worker itself. `sealkit workers public/workers` copies `highlight-worker.js` there,
 * with the other two. Workers started after the call use it; a worker that failed to start before is tried again.
 * A function is called each time a worker is needed (one for the page, stopped after a minute with no block): it
 * returns a new Worker each time. The same place again changes nothing; another one stops the worker of the last
 * and sends the blocks waiting for it to the new one.
 * Where it cannot start, long blocks are highlighted on the main thread, said once in the dev console for each
 * source (naming the URL) and by each block's `data-highlighted-in`. `undefined` goes back to the package's own.
 * @example
 * // The app's entry module, before anything renders:
 * setHighlightWorker('/workers/highlight-worker.js')
 * // or: setHighlightWorker(() => new Worker('/workers/highlight-worker.js', { type: 'module' }))
 */
export function setHighlightWorker(worker: HighlightWorkerSource | undefined): void {
  // The same place again (a call in a render, a URL object for the same string) keeps the worker and its blocks.
  if (worker === source || (isAddress(worker) && isAddress(source) && String(worker) === String(source))) return
  source = worker
  changes++
}

/** Whether a source is a place (a URL or its string), not a function: places are compared by what they say, and named. */
export const isAddress = (value: HighlightWorkerSource | undefined): value is string | URL => typeof value === 'string' || value instanceof URL

/** The source set last, and how many times it was set (the highlighter restarts its worker when that changes). */
export function highlightWorkerSource(): { source: HighlightWorkerSource | undefined; changes: number } {
  return { source, changes }
}
