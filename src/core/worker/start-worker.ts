/**
 * The worker a holder talks to: the one shipped beside the calling module (`spawn`, which keeps the
 * literal `new Worker(new URL('./x.js', import.meta.url), …)` bundlers recognise in that module), a
 * module worker started from the URL an app serves it at, or a worker the caller started. `owned`:
 * started here, so stopping the holder terminates it.
 * @example const { worker, owned } = startWorker(url, spawnDecryptWorker)
 */
export function startWorker<W>(worker: W | URL | string | undefined, spawn: () => W): { worker: W; owned: boolean } {
  if (worker === undefined) return { worker: spawn(), owned: true }
  if (typeof worker === 'string' || worker instanceof URL) return { worker: new Worker(worker, { type: 'module' }) as W, owned: true }
  return { worker, owned: false }
}
