/**
 * The verification worker started by the page's HTML, before the app's main chunk is fetched,
 * compiled and evaluated, and adopted by the first verification.
 *
 * Why: a worker started from the main chunk (the config, `SealkitProvider`) starts in the middle of
 * that chunk's evaluation, and Chromium only brings the worker's thread up and hands it its script
 * once the main thread is free again: after the evaluation and React's first render. On a small
 * machine that put ~100 ms between `new Worker()` and the worker running its code. Started by a
 * classic script in the HTML's head, the worker loads while the main chunk downloads and compiles.
 *
 * The script (`earlyVerifyWorkerScript(url)`) starts the worker and leaves it under a registered
 * symbol (not a name: no element id can clobber it), with whether it has loaded or failed (it
 * listens until sealkit takes it, so neither a `ready` nor a crash before then is lost). The first shared
 * verification worker sealkit needs takes it from there (`takeEarlyVerifyWorker`); without one,
 * sealkit starts its own as before. The Vite plugin (`sealkit/vite`) writes the script into the built
 * `index.html` with the emitted worker's URL.
 *
 * Trust: only code that runs in the page can put a worker there, and such code can already replace
 * `Worker` itself; what the worker answers is checked as from any worker (`reportFromWorker`).
 *
 * @example
 * // a server-rendered page's head, where the app serves verify-worker.js at /sealkit/verify-worker.js
 * `<script>${earlyVerifyWorkerScript('/sealkit/verify-worker.js')}</script>`
 */
import { inlineScript, scriptLiteral } from '../inline-script.ts'
import type { VerifyWorkerLike } from './worker-verifier.ts'

/** Where the HTML's script leaves the worker: `Symbol.for` so the script needs no import. */
export const EARLY_VERIFY_WORKER = Symbol.for('sealkit.earlyVerifyWorker')

/** What the HTML's script leaves: the worker, and how far it got before sealkit's code ran. */
export interface EarlyVerifyWorker {
  worker: VerifyWorkerLike
  /** The URL the script started it from, as written (absent in an entry that is not the script's). */
  url?: string
  /** `ready`: its code loaded (it said so); `failed`: it could not load, or crashed before adoption; `loading`: neither yet. */
  state: 'loading' | 'ready' | 'failed'
  /** Stops listening: from now on the adopter hears the worker itself. */
  stop(): void
}

/**
 * The classic script (no `<script>` tags) that starts the verification worker served at `url` and
 * leaves it for sealkit. Safe inside an HTML `<script>` element whatever the URL holds.
 * @example html.replace('<head>', `<head><script>${earlyVerifyWorkerScript('/assets/verify-worker-3f2a.js')}</script>`)
 */
export function earlyVerifyWorkerScript(url: string): string {
  const literal = scriptLiteral(url)
  return inlineScript(
    `var w=new Worker(${literal},{type:"module"}),e={worker:w,url:${literal},state:"loading",stop:function(){w.removeEventListener("message",m);w.removeEventListener("error",f);w.removeEventListener("messageerror",f)}};` +
    // After `ready` it still listens for `error` until adopted: a crash in between is not lost.
    'function m(v){if(v.data&&v.data.type==="ready"){e.state="ready";w.removeEventListener("message",m)}}' +
    'function f(){e.state="failed";e.stop()}' +
    // A message that cannot be deserialised fails it as it fails sealkit's own verifier (worker-verifier.ts).
    'w.addEventListener("message",m);w.addEventListener("error",f);w.addEventListener("messageerror",f);' +
    `globalThis[Symbol.for("sealkit.earlyVerifyWorker")]=e`,
  )
}

const STATES = new Set(['loading', 'ready', 'failed'])
const isFunction = (value: unknown) => typeof value === 'function'

/**
 * The worker the HTML's script started, once: later calls get undefined. Undefined too when there
 * is none, or when what is there is not what the script leaves (then sealkit starts its own worker).
 * `accepts` is asked first, when there is one, with the URL it was started from: when it says no, the worker is left for another taker.
 */
export function takeEarlyVerifyWorker(accepts: (url: string | undefined) => boolean = () => true): EarlyVerifyWorker | undefined {
  // Never throws: a slot made odd (a throwing getter or stop, one that cannot be deleted) must not
  // make verification throw (SealkitProvider preloads while rendering); sealkit starts its own worker.
  try {
    const scope = globalThis as unknown as Record<symbol, unknown>
    const early = scope[EARLY_VERIFY_WORKER] as Partial<EarlyVerifyWorker> | undefined
    if (early === undefined) return undefined
    const url = typeof early?.url === 'string' ? early.url : undefined
    if (!accepts(url)) return undefined
    delete scope[EARLY_VERIFY_WORKER]
    const w = early?.worker as Partial<VerifyWorkerLike> | undefined
    const valid = typeof early === 'object' && early !== null && STATES.has(early.state as string) && isFunction(early.stop) && [w?.postMessage, w?.addEventListener, w?.removeEventListener, w?.terminate].every(isFunction)
    if (!valid) return undefined
    early.stop!()
    return early as EarlyVerifyWorker
  } catch {
    return undefined
  }
}
