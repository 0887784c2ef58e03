import { createVerifyWorkerHandler } from '../../src/core/worker/verify-worker.ts'
import type { VerifyWorkerLike } from '../../src/core/worker/worker-verifier.ts'

/**
 * A Worker stand-in that runs the verification worker's handler in-process, with structured clone
 * at the boundary both ways as postMessage has: what crosses must be data. `tamper` rewrites what
 * the worker sends (a broken or hostile worker); `crash()` fires the error event a crashed worker fires.
 */
export class InProcessVerifyWorker extends EventTarget implements VerifyWorkerLike {
  readonly toWorker: unknown[] = []
  readonly fromWorker: unknown[] = []
  terminated = false
  private readonly handler = createVerifyWorkerHandler((message) => this.deliver(message))

  constructor(private readonly options: { tamper?: (message: unknown) => unknown; silent?: boolean } = {}) {
    super()
    if (!options.silent) queueMicrotask(() => this.deliver({ type: 'ready' }))
  }

  private deliver(message: unknown) {
    const cloned = structuredClone(message)
    this.fromWorker.push(cloned)
    const data = this.options.tamper ? this.options.tamper(cloned) : cloned
    queueMicrotask(() => {
      if (!this.terminated) this.dispatchEvent(new MessageEvent('message', { data }))
    })
  }

  postMessage(message: unknown) {
    const m = structuredClone(message)
    this.toWorker.push(m)
    if (!this.terminated) void this.handler.handleMessage(m)
  }

  crash() {
    this.dispatchEvent(new Event('error'))
  }

  terminate() {
    this.terminated = true
  }
}

/**
 * Makes `Worker` an {@link InProcessVerifyWorker} that records the URL each was started with (in the
 * returned list): the page's workers, as sealkit would start them. Undo with `vi.unstubAllGlobals()`.
 */
export function stubRecordingVerifyWorkers(stubGlobal: (name: string, value: unknown) => unknown): string[] {
  const made: string[] = []
  stubGlobal(
    'Worker',
    class extends InProcessVerifyWorker {
      constructor(url: unknown) {
        super()
        made.push(String(url))
      }
    },
  )
  return made
}
