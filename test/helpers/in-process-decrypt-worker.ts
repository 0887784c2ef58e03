import { createDecryptWorkerHandler } from '../../src/core/worker/decrypt-worker.ts'
import type { DecryptWorkerResponse } from '../../src/core/worker/decrypt-protocol.ts'
import type { DecryptWorkerLike } from '../../src/core/worker/worker-key-holder.ts'

/** A decryption Worker stand-in that runs the worker's handler in-process, with structured clone at the boundary like postMessage. */
export class InProcessDecryptWorker extends EventTarget implements DecryptWorkerLike {
  constructor(readonly handler = createDecryptWorkerHandler({ installEcdh: async () => {} })) {
    super()
  }
  /** What the page sent it, and what it answered. */
  readonly posted: unknown[] = []
  readonly answers: DecryptWorkerResponse[] = []
  terminated = false
  postMessage(message: unknown) {
    const m = structuredClone(message)
    this.posted.push(m)
    void this.handler.handleMessage(m).then((r) => {
      if (!r || this.terminated) return
      this.answers.push(r)
      this.dispatchEvent(new MessageEvent('message', { data: structuredClone(r) }))
    })
  }
  terminate() {
    this.terminated = true
  }
}
