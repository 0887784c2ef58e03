/**
 * Verification off the main thread: the worker's protocol over a structured-clone boundary
 * (in-process; test/components/verify-worker.test.ts runs the real worker in Chromium), the
 * choice between worker and main thread, and failing closed when the worker misbehaves.
 */
import { QueryClient } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetchAttestation } from '../../src/core/api/attestation.ts'
import { createClient } from '../../src/core/api/client.ts'
import { memoryMeasurementStore } from '../../src/core/attestation/identity/store.ts'
import { pccsCollateralLoader } from '../../src/core/attestation/tdx/pccs.ts'
import { verifyAttestation } from '../../src/core/attestation/verify.ts'
import { isSealkitError } from '../../src/core/errors.ts'
import { queryClientCollateralLoader } from '../../src/core/query/collateral.ts'
import { attestModel } from '../../src/core/session/attest.ts'
import { NO_WORKERS_VERIFY_REASON } from '../../src/core/session/verifier.ts'
import { createWorkerVerifier, workerIncompatibility } from '../../src/core/worker/worker-verifier.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { InProcessVerifyWorker } from '../helpers/in-process-verify-worker.ts'
import { SIMULATED_MODEL as MODEL, expectMainThreadParity, simulatedEvidence } from '../helpers/verifier-parity.ts'
import { rejectedCode } from '../helpers/error-code.ts'

const evidence = (seed = 'verifier-test') => simulatedEvidence(seed)

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('the verification worker gives the main thread’s report', () => {
  it('passing and failing evidence: deep-equal reports, every check and assurance', async () => {
    const { response, options } = await evidence()
    const verifier = await createWorkerVerifier(new InProcessVerifyWorker())
    expect(verifier.kind).toBe('worker')
    await expectMainThreadParity(verifier, response, options)
  })

  it('remembers code identity in the main thread’s measurement store (the worker calls back)', async () => {
    const { response, options, client } = await evidence()
    const inWorker = memoryMeasurementStore()
    const onMain = memoryMeasurementStore()
    const worker = new InProcessVerifyWorker()
    const verifier = await createWorkerVerifier(worker)
    for (let i = 0; i < 2; i++) {
      const { nonce, response: again } = i === 0 ? { nonce: options.nonce, response } : await fetchAttestation(client, { model: MODEL })
      const a = await verifier.verify(again, { ...options, nonce, measurementStore: inWorker })
      const b = await verifyAttestation(again, { ...options, nonce, measurementStore: onMain })
      expect(a).toEqual(b)
    }
    expect(inWorker.entries()).toEqual(onMain.entries())
    expect(Object.values(inWorker.entries())[0]!.count).toBe(2)
    expect(worker.fromWorker).toContainEqual(expect.objectContaining({ type: 'call', fn: 'store.set' }))
  })

  it('fetches collateral through the app’s QueryClient by PCCS key, cached once per FMSPC', async () => {
    const { sim, response, options } = await evidence()
    const queryClient = new QueryClient()
    const fetches: string[] = []
    const source = { pccsUrl: 'http://sim.test', fetch: ((url: string) => (fetches.push(url), sim.fetch(url))) as typeof fetch }
    const collateral = queryClientCollateralLoader(queryClient, source)
    expect(workerIncompatibility({ ...options, collateral })).toBeUndefined()
    const worker = new InProcessVerifyWorker()
    const verifier = await createWorkerVerifier(worker)
    const report = await verifier.verify(response, { ...options, collateral })
    expect(worker.fromWorker).toContainEqual(expect.objectContaining({ type: 'call', fn: 'collateral', key: expect.objectContaining({ pccsUrl: 'http://sim.test' }) }))
    expect(report.checks.find((c) => c.id === 'tdx.tcb.status')).toMatchObject({ status: 'passed', required: true })
    expect(report).toEqual(await verifyAttestation(response, { ...options, collateral: pccsCollateralLoader({ pccsUrl: 'http://sim.test', fetch: sim.fetch as typeof fetch }, { cache: new Map() }) }))
    const cached = queryClient.getQueryCache().findAll({ queryKey: ['sealkit', 'collateral'] })
    expect(cached).toHaveLength(1)
    expect(cached[0]!.queryKey[2]).toMatchObject({ pccsUrl: 'http://sim.test', ca: 'platform' })
    const before = fetches.length
    await verifier.verify(response, { ...options, collateral })
    expect(fetches.length).toBe(before)
  })
})

describe('fails closed: a broken worker never passes a report', () => {
  it('a crash fails the verification in flight and every later one', async () => {
    const { response, options } = await evidence()
    const worker = new InProcessVerifyWorker({ tamper: (m) => ((m as { type?: string }).type === 'report' ? undefined : m) })
    const verifier = await createWorkerVerifier(worker)
    const inFlight = verifier.verify(response, options)
    worker.crash()
    expect(await rejectedCode(inFlight)).toBe('ATTESTATION_VERIFIER_FAILED')
    expect(await rejectedCode(verifier.verify(response, options))).toBe('ATTESTATION_VERIFIER_FAILED')
    expect(worker.terminated).toBe(false) // adopted: the app owns it
  })

  it.each([
    // Verified against another nonce (a replay): a failing report, relabelled.
    ['a failing report relabelled passed', 'ee'.repeat(32), (r: Record<string, unknown>) => ({ ...r, verdict: 'passed' })],
    ['a passing report for another nonce', undefined, (r: Record<string, unknown>) => ({ ...r, nonce: 'ab'.repeat(32) })],
    ['a report under a weaker policy than asked', undefined, (r: Record<string, unknown>) => ({ ...r, policy: 'basic' })],
    ['a report with no checks', undefined, (r: Record<string, unknown>) => ({ ...r, checks: [], verdict: 'passed' })],
    ['a check with an unknown status', undefined, (r: Record<string, unknown>) => ({ ...r, checks: [{ id: 'x', status: 'ok' }] })],
    ['no report at all', undefined, () => undefined],
  ])('%s: ATTESTATION_VERIFIER_FAILED', async (_, nonce, edit) => {
    const { response, options } = await evidence()
    const tamper = (m: unknown) => {
      const msg = m as { type?: string; report?: Record<string, unknown> }
      return msg.type === 'report' && msg.report ? { ...msg, report: edit(msg.report) } : m
    }
    const verifier = await createWorkerVerifier(new InProcessVerifyWorker({ tamper }))
    expect(await rejectedCode(verifier.verify(response, { ...options, ...(nonce ? { nonce } : {}) }))).toBe('ATTESTATION_VERIFIER_FAILED')
  })

  it('a message outside the protocol, or an answer of the wrong shape, fails closed', async () => {
    const { response, options } = await evidence()
    const junk = await createWorkerVerifier(new InProcessVerifyWorker({ tamper: (m) => ((m as { type?: string }).type === 'report' ? 42 : m) }))
    expect(await rejectedCode(junk.verify(response, options))).toBe('ATTESTATION_VERIFIER_FAILED')
    const wrongShape = await createWorkerVerifier(new InProcessVerifyWorker({ tamper: (m) => ((m as { type?: string }).type === 'report' ? { ...(m as object), type: 'nonsense' } : m) }))
    expect(await rejectedCode(wrongShape.verify(response, options))).toBe('ATTESTATION_VERIFIER_FAILED')
  })

  it('errors thrown while verifying cross as the same typed error', async () => {
    const { response, options } = await evidence()
    const verifier = await createWorkerVerifier(new InProcessVerifyWorker())
    const bad = { ...options, nonce: 'not hex' }
    const main = await verifyAttestation(response, bad).then(
      () => 'no error',
      (e: unknown) => (isSealkitError(e) ? `${e.name} ${e.code}` : 'other'),
    )
    const worker = await verifier.verify(response, bad).then(
      () => 'no error',
      (e: unknown) => (isSealkitError(e) ? `${e.name} ${e.code}` : 'other'),
    )
    expect(main).not.toBe('no error')
    expect(worker).toBe(main)
  })

  it('a worker that goes quiet mid-verification fails closed after verifyTimeoutMs, not "verifying" forever', async () => {
    const { response, options } = await evidence()
    const onFailure = vi.fn()
    // The report never comes: the worker sends something harmless instead.
    const hung = new InProcessVerifyWorker({ tamper: (m) => ((m as { type?: string }).type === 'report' ? { type: 'ready' } : m) })
    const verifier = await createWorkerVerifier(hung, { verifyTimeoutMs: 40, onFailure })
    expect(await rejectedCode(verifier.verify(response, options))).toBe('ATTESTATION_VERIFIER_FAILED')
    expect(onFailure).toHaveBeenCalledOnce()
    expect(await rejectedCode(verifier.verify(response, options))).toBe('ATTESTATION_VERIFIER_FAILED') // stopped: the next verification needs a new worker
  })

  it('time the main thread spends on a call-back is not the worker being quiet', async () => {
    const { response, options } = await evidence()
    const store = memoryMeasurementStore()
    const slowStore = { get: async (key: string) => (await new Promise((r) => setTimeout(r, 2500)), store.get(key)), set: (key: string, value: Parameters<typeof store.set>[1]) => store.set(key, value) }
    const worker = new InProcessVerifyWorker()
    const verifier = await createWorkerVerifier(worker, { verifyTimeoutMs: 1000 })
    const report = await verifier.verify(response, { ...options, measurementStore: slowStore })
    expect(report.nonce).toBe(options.nonce)
    expect(worker.fromWorker.some((m) => (m as { type?: string }).type === 'call')).toBe(true) // the slow call-back really ran
  })

  it('a worker that never loads, or fails to load, rejects with ATTESTATION_VERIFIER_FAILED', async () => {
    expect(await rejectedCode(createWorkerVerifier(new InProcessVerifyWorker({ silent: true }), { startTimeoutMs: 30 }))).toBe('ATTESTATION_VERIFIER_FAILED')
    const broken = new InProcessVerifyWorker({ silent: true })
    const starting = createWorkerVerifier(broken)
    broken.crash()
    expect(await rejectedCode(starting)).toBe('ATTESTATION_VERIFIER_FAILED')
  })
})

describe('what can cross to the worker', () => {
  it('data, a measurement store and QueryClient collateral can; functions and objects with behaviour cannot, and it says which', () => {
    expect(workerIncompatibility({ nonce: 'aa', at: new Date(), trustedRoots: { intel: ['pem', new Uint8Array(2)] }, measurementStore: memoryMeasurementStore(), cache: null })).toBeUndefined()
    expect(workerIncompatibility({ collateral: async () => ({}) as never })).toMatch(/^`collateral` is a function/)
    expect(workerIncompatibility({ collateral: { pccsUrl: 'https://pccs.test', fetch } })).toMatch(/^`collateral` is an object with behaviour/)
    expect(workerIncompatibility({ trustedRoots: { intel: [new (class Certificate {})() as never] } })).toMatch(/^`trustedRoots`/)
    expect(workerIncompatibility({ cache: {} as never })).toMatch(/^`cache`/)
  })
})

describe('where attestModel verifies', () => {
  it('in Node, on this thread, saying why, with no warning', async () => {
    const warn = vi.spyOn(console, 'warn')
    const sim = createSimulator({ seed: 'verifier-node' })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    const attested = await attestModel(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots() })
    expect(attested.report.verifiedIn).toEqual({ kind: 'main-thread', reason: NO_WORKERS_VERIFY_REASON })
    expect(warn).not.toHaveBeenCalled()
  })

  it('where Web Workers exist: in the worker, the report identical to the main thread’s but for verifiedIn', async () => {
    vi.resetModules()
    const started: unknown[] = []
    vi.stubGlobal(
      'Worker',
      class extends InProcessVerifyWorker {
        constructor(url: unknown, options: unknown) {
          super()
          started.push({ url: String(url), options })
        }
      },
    )
    const { attestModel: attest } = await import('../../src/core/session/attest.ts')
    const sim = createSimulator({ seed: 'verifier-worker' })
    const answers: unknown[] = []
    const client = createClient({
      baseURL: 'http://sim.test/api/v1',
      fetch: async (url, init) => {
        const res = await sim.fetch(url, init)
        if (String(url).includes('/tee/attestation')) answers.push(await res.clone().json())
        return res
      },
    })
    const at = new Date()
    const attested = await attest(client, { model: MODEL, policy: 'standard', at, trustedRoots: sim.trustedRoots() })
    expect(attested.report.verifiedIn?.kind).toBe('worker')
    expect(started).toEqual([{ url: expect.stringMatching(/\/verify-worker\.js$/), options: { type: 'module' } }])
    const { verifiedIn: _, ...report } = attested.report
    expect(report).toEqual(await verifyAttestation(answers[0] as never, { nonce: attested.nonce, model: MODEL, policy: 'standard', at, trustedRoots: sim.trustedRoots() }))
    // One worker for the page.
    await attest(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots() })
    expect(started).toHaveLength(1)
  })

  it('a worker that cannot start: the main thread, saying why, with one warning', async () => {
    vi.resetModules()
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new DOMException('blocked by worker-src', 'SecurityError')
        }
      },
    )
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { attestModel: attest } = await import('../../src/core/session/attest.ts')
    const sim = createSimulator({ seed: 'verifier-fallback' })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    for (let i = 0; i < 2; i++) {
      const attested = await attest(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots() })
      expect(attested.report.verdict).toBe('passed')
      expect(attested.report.verifiedIn).toEqual({ kind: 'main-thread', reason: expect.stringMatching(/^the verification worker could not start \(Could not start the verification worker\)/) })
    }
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/^sealkit: attestation is verified on the main thread: .*verify-worker\.js/)
  })

  it('a worker still loading gets the evidence at once: verified by the worker before this thread hears it loaded', async () => {
    vi.resetModules()
    const workers: InProcessVerifyWorker[] = []
    // A worker that never says 'ready' here (a page too busy to hear it): it still takes the message.
    vi.stubGlobal(
      'Worker',
      class extends InProcessVerifyWorker {
        constructor() {
          super({ silent: true })
          workers.push(this)
        }
      },
    )
    const { attestModel: attest } = await import('../../src/core/session/attest.ts')
    const sim = createSimulator({ seed: 'verifier-early-post' })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    const attested = await attest(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots() })
    expect(attested.report.verdict).toBe('passed')
    expect(attested.report.verifiedIn?.kind).toBe('worker')
    expect(workers).toHaveLength(1)
    expect(workers[0]!.toWorker).toEqual([expect.objectContaining({ type: 'verify' })])
  })

  it('a worker that fails to load with the evidence already posted: verified on the main thread, saying why, with one warning', async () => {
    vi.resetModules()
    const workers: InProcessVerifyWorker[] = []
    // Loads nothing: the evidence posted to it goes unanswered, then it reports a load error.
    vi.stubGlobal(
      'Worker',
      class extends EventTarget {
        readonly toWorker: unknown[] = []
        constructor() {
          super()
          workers.push(this as never)
        }
        postMessage(message: unknown) {
          this.toWorker.push(message)
          setTimeout(() => this.dispatchEvent(new Event('error')), 5)
        }
        terminate() {}
      },
    )
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { attestModel: attest } = await import('../../src/core/session/attest.ts')
    const sim = createSimulator({ seed: 'verifier-early-post-fallback' })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    const attested = await attest(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots() })
    expect(attested.report.verdict).toBe('passed')
    expect(attested.report.verifiedIn).toEqual({ kind: 'main-thread', reason: expect.stringMatching(/^the verification worker could not start \(The verification worker could not load its code\)/) })
    expect((workers[0] as unknown as { toWorker: unknown[] }).toWorker).toEqual([expect.objectContaining({ type: 'verify' })])
    expect(warn).toHaveBeenCalledTimes(1)
    // The next attestation goes straight to the main thread.
    const again = await attest(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots() })
    expect(again.report.verifiedIn?.kind).toBe('main-thread')
    expect(workers).toHaveLength(1)
  })

  it('options that cannot cross (a custom collateral loader): the main thread, saying which option', async () => {
    vi.resetModules()
    vi.stubGlobal('Worker', InProcessVerifyWorker)
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { attestModel: attest } = await import('../../src/core/session/attest.ts')
    const sim = createSimulator({ seed: 'verifier-incompatible' })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    const collateral = pccsCollateralLoader({ pccsUrl: 'http://sim.test', fetch: sim.fetch as typeof fetch }, { cache: new Map() })
    const attested = await attest(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots(), collateral })
    expect(attested.report.verdict).toBe('passed')
    expect(attested.report.verifiedIn).toEqual({ kind: 'main-thread', reason: expect.stringMatching(/^`collateral` is a function/) })
  })
})
