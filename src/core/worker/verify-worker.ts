/**
 * The verification worker: parses and verifies attestation evidence (X.509, the TDX quote and
 * its collateral, NVIDIA GPU evidence) off the main thread. The package ships it as its own
 * file, `dist/src/core/worker/verify-worker.js`, bundled with the verifier (asn1js, @peculiar,
 * @noble, js-yaml), beside `worker-verifier.js` which starts it; the main thread's initial
 * chunk carries none of it.
 *
 * The protocol is a pure function (`createVerifyWorkerHandler`) so it can be tested in-process;
 * the binding at the bottom is the only part that needs a real worker.
 */
import type { MeasurementStore, StoredIdentity } from '../attestation/identity/store.ts'
import { collateralTargetOf } from '../attestation/tdx/collateral-http.ts'
import { pccsCollateralKey } from '../attestation/tdx/pccs.ts'
import type { QuoteCollateral } from '../attestation/tdx/collateral.ts'
import { verifyAttestation, type VerifyAttestationOptions } from '../attestation/verify.ts'
import { absoluteNow } from '../timing.ts'
import { warmUpVerifier } from './warm-up.ts'
import { errorFromWire, wireErrorOf, type VerifyTiming, type VerifyWorkerCall, type VerifyWorkerMessage, type VerifyWorkerRequest, type WorkerVerifyOptions } from './verify-protocol.ts'

export interface VerifyWorkerHandler {
  /** Handles one message from the main thread; resolves once a verification it started has been answered. */
  handleMessage(message: unknown): Promise<void>
}

/** The worker's side: verifies each `verify` request, calling back to the main thread for the store and keyed collateral. */
export function createVerifyWorkerHandler(post: (message: VerifyWorkerMessage) => void, verify: typeof verifyAttestation = verifyAttestation): VerifyWorkerHandler {
  let nextCall = 1
  const calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>()

  const call = <T>(id: number, request: VerifyWorkerCall): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const n = nextCall++
      calls.set(n, { resolve: resolve as (value: unknown) => void, reject })
      post({ type: 'call', id, call: n, ...request })
    })

  const optionsOf = (id: number, options: WorkerVerifyOptions): VerifyAttestationOptions => {
    const { collateral, measurementStore, ...rest } = options
    const store: MeasurementStore = {
      get: (key) => call<StoredIdentity | undefined>(id, { fn: 'store.get', key }),
      set: (key, value) => call<void>(id, { fn: 'store.set', key, value }),
    }
    return {
      ...rest,
      ...(collateral === undefined
        ? {}
        : {
            collateral:
              typeof collateral === 'object' && collateral !== null && 'mainThreadPccs' in collateral
                ? async (quote) => {
                    collateralTargetOf(quote) // no readable PCK certificate: fails here, as on the main thread
                    return call<QuoteCollateral>(id, { fn: 'collateral', key: pccsCollateralKey(collateral.mainThreadPccs, quote) })
                  }
                : collateral,
          }),
      ...(measurementStore === 'main-thread' ? { measurementStore: store } : {}),
    }
  }

  const send = (message: VerifyWorkerMessage) => {
    try {
      post(message)
    } catch (error) {
      // A report that cannot be cloned is a failure, never silence.
      if (message.type === 'report') post({ type: 'report', id: message.id, ok: false, error: wireErrorOf(error), ...(message.timing ? { timing: message.timing } : {}) })
    }
  }

  async function handleMessage(message: unknown): Promise<void> {
    const m = message as Partial<VerifyWorkerRequest> | null
    if (typeof m !== 'object' || m === null || typeof m.id !== 'number') return
    if (m.type === 'answer') {
      const pending = typeof m.call === 'number' ? calls.get(m.call) : undefined
      if (!pending) return
      calls.delete(m.call!)
      if (m.ok === true) pending.resolve(m.value)
      else pending.reject(errorFromWire(m.ok === false && m.error ? m.error : { name: 'Error', message: 'malformed answer' }))
      return
    }
    if (m.type !== 'verify') return
    const { id } = m
    const start = absoluteNow()
    const timing = (): VerifyTiming => ({ start, end: absoluteNow() })
    try {
      if (typeof m.response !== 'object' || m.response === null || typeof m.options !== 'object' || m.options === null) throw new TypeError('malformed verify request')
      const report = await verify(m.response, optionsOf(id, m.options))
      send({ type: 'report', id, ok: true, report, timing: timing() })
    } catch (error) {
      send({ type: 'report', id, ok: false, error: wireErrorOf(error), timing: timing() })
    }
  }

  return { handleMessage }
}

// The binding, only inside a dedicated worker (importing this module elsewhere does nothing).
interface WorkerScope {
  postMessage(message: unknown): void
  onmessage: ((event: MessageEvent) => void) | null
}
const WorkerGlobalScopeCtor = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope
if (WorkerGlobalScopeCtor !== undefined && globalThis instanceof WorkerGlobalScopeCtor) {
  const scope = globalThis as unknown as WorkerScope
  const handler = createVerifyWorkerHandler((message) => scope.postMessage(message))
  let verificationArrived = false
  // Verifications run concurrently (a NEAR gateway and its model); answers to calls arrive in between.
  scope.onmessage = (event: MessageEvent) => {
    if ((event.data as { type?: unknown } | null)?.type === 'verify') verificationArrived = true
    void handler.handleMessage(event.data)
  }
  scope.postMessage({ type: 'ready' } satisfies VerifyWorkerMessage)
  // While the first report is still on its way: run the verifier's code on inputs of our own, in
  // steps that stop once a report is here (a report the page posted while this loaded arrives when
  // the page's main thread is next free: see warm-up.ts).
  void warmUpVerifier({ shouldStop: () => verificationArrived })
}
