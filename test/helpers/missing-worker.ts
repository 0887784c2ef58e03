/**
 * A `Worker` constructor for a URL where no worker script is (a file the app did not copy, a typo): as a
 * browser does with such a module worker, an error event and never a message. For `vi.stubGlobal('Worker', MissingWorker)`.
 */
export class MissingWorker extends EventTarget {
  constructor(readonly url: URL | string) {
    super()
    queueMicrotask(() => this.dispatchEvent(new Event('error')))
  }
  postMessage(): void {}
  terminate(): void {}
}
