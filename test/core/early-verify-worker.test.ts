/**
 * The verification worker started by the page's HTML (`earlyVerifyWorkerScript`, written by
 * sealkit/vite's `earlyVerifyWorker()`): what the script leaves behind, and how the first
 * verification adopts it, or starts its own when it cannot. test/consumers/vite.test.ts runs the
 * plugin's page in Chromium, from the packed tarball.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import { EARLY_ATTESTATION, earlyAttestationScript } from '../../src/core/api/early-attestation.ts'
import { EARLY_VERIFY_WORKER, earlyVerifyWorkerScript, takeEarlyVerifyWorker, type EarlyVerifyWorker } from '../../src/core/worker/early-verify-worker.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { InProcessVerifyWorker, stubRecordingVerifyWorkers } from '../helpers/in-process-verify-worker.ts'
import { SIMULATED_MODEL as MODEL } from '../helpers/verifier-parity.ts'
import { driveEarlyVerifyWorker } from '../helpers/vite-plugin.ts'

/** A Worker that does nothing by itself: the test says when it has loaded or failed. */
class StubWorker extends EventTarget {
  static made: Array<{ url: string; options: unknown; worker: StubWorker }> = []
  terminated = false
  constructor(url: unknown, options: unknown) {
    super()
    StubWorker.made.push({ url: String(url), options, worker: this })
  }
  postMessage() {}
  terminate() {
    this.terminated = true
  }
}

type Early = Omit<EarlyVerifyWorker, 'worker'> & { worker: StubWorker }
const slot = () => (globalThis as unknown as Record<symbol, Early | undefined>)[EARLY_VERIFY_WORKER]
/** Runs the script as a classic script in this realm, with `Worker` as the page has it. */
const runScript = (url: string) => new Function(earlyVerifyWorkerScript(url))() as void

afterEach(() => {
  delete (globalThis as unknown as Record<symbol, unknown>)[EARLY_VERIFY_WORKER]
  StubWorker.made = []
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('the HTML’s script', () => {
  it('starts a module worker at the URL and records when it has loaded', () => {
    vi.stubGlobal('Worker', StubWorker)
    runScript('/assets/verify-worker-abc.js')
    expect(StubWorker.made.map(({ url, options }) => ({ url, options }))).toEqual([{ url: '/assets/verify-worker-abc.js', options: { type: 'module' } }])
    const early = slot()!
    expect(early.worker).toBe(StubWorker.made[0]!.worker)
    expect(early.state).toBe('loading')
    early.worker.dispatchEvent(new MessageEvent('message', { data: { type: 'report', id: 1 } }))
    expect(early.state).toBe('loading')
    early.worker.dispatchEvent(new MessageEvent('message', { data: { type: 'ready' } }))
    expect(early.state).toBe('ready')
    // It stopped listening for messages, but a crash before adoption is still recorded.
    early.worker.dispatchEvent(new MessageEvent('message', { data: null }))
    expect(early.state).toBe('ready')
    early.worker.dispatchEvent(new Event('error'))
    expect(early.state).toBe('failed')
  })

  it('runs beside the attestation script in one <script> element, either one first: both leave their entry', () => {
    vi.stubGlobal('Worker', StubWorker)
    vi.stubGlobal('fetch', vi.fn(() => new Promise(() => {})))
    const attest = earlyAttestationScript({ baseURL: 'https://api.example/api/v1', model: MODEL })
    for (const both of [attest + earlyVerifyWorkerScript('/w.js'), earlyVerifyWorkerScript('/w.js') + attest]) {
      delete (globalThis as unknown as Record<symbol, unknown>)[EARLY_VERIFY_WORKER]
      delete (globalThis as unknown as Record<symbol, unknown>)[EARLY_ATTESTATION]
      expect(() => new Function(both)()).not.toThrow()
      expect(slot()?.url).toBe('/w.js')
      expect((globalThis as unknown as Record<symbol, { url: string } | undefined>)[EARLY_ATTESTATION]?.url).toMatch(/^https:\/\/api\.example\/api\/v1\//)
    }
    delete (globalThis as unknown as Record<symbol, unknown>)[EARLY_ATTESTATION]
  })

  it('runs after an app’s own line with no semicolon in the same element', () => {
    vi.stubGlobal('Worker', StubWorker)
    const app = 'globalThis.__appRan = (function () { return 1 })()'
    expect(() => new Function(`${app}\n${earlyVerifyWorkerScript('/w.js')}`)()).not.toThrow()
    expect((globalThis as { __appRan?: number }).__appRan).toBe(1)
    expect(slot()?.url).toBe('/w.js')
    delete (globalThis as { __appRan?: number }).__appRan
  })

  it.each(['error', 'messageerror'])('records a worker that could not load, or sent what cannot be read (%s)', (type) => {
    vi.stubGlobal('Worker', StubWorker)
    runScript('/assets/verify-worker-abc.js')
    slot()!.worker.dispatchEvent(new Event(type))
    expect(slot()!.state).toBe('failed')
  })

  it('cannot be broken out of, whatever the URL holds', () => {
    vi.stubGlobal('Worker', StubWorker)
    const url = `/a</script><script>alert(1)</script>"'\\\u2028.js`
    const script = earlyVerifyWorkerScript(url)
    expect(script.toLowerCase()).not.toContain('</script')
    runScript(url)
    expect(StubWorker.made[0]!.url).toBe(url)
  })

  it('leaves nothing and throws nothing where a worker cannot start (CSP worker-src)', () => {
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new DOMException('blocked by worker-src', 'SecurityError')
        }
      },
    )
    expect(() => runScript('/assets/verify-worker-abc.js')).not.toThrow()
    expect(slot()).toBeUndefined()
  })
})

describe('takeEarlyVerifyWorker', () => {
  it('hands the worker out once, and from then on the script no longer listens', () => {
    vi.stubGlobal('Worker', StubWorker)
    runScript('/w.js')
    const early = takeEarlyVerifyWorker() as Early
    expect(early.worker).toBe(StubWorker.made[0]!.worker)
    expect(takeEarlyVerifyWorker()).toBeUndefined()
    early.worker.dispatchEvent(new MessageEvent('message', { data: { type: 'ready' } }))
    early.worker.dispatchEvent(new Event('error'))
    expect(early.state).toBe('loading')
  })

  it('ignores, and clears, anything else put there', () => {
    const scope = globalThis as unknown as Record<symbol, unknown>
    for (const forged of [null, 'worker', { state: 'ready' }, { worker: {}, state: 'ready', stop() {} }, { worker: new StubWorker('/w.js', {}), state: 'verified', stop() {} }]) {
      scope[EARLY_VERIFY_WORKER] = forged
      expect(takeEarlyVerifyWorker()).toBeUndefined()
      expect(EARLY_VERIFY_WORKER in scope).toBe(false)
    }
  })
})

describe('the first verification adopts the HTML’s worker', () => {
  /** A page whose HTML started the worker: `Worker` is an in-process verification worker; `early` makes the first one. */
  const page = async (early: (url: string, options: unknown) => InProcessVerifyWorker | StubWorker) => {
    vi.resetModules()
    const made: unknown[] = []
    vi.stubGlobal(
      'Worker',
      function (url: string, options: unknown) {
        made.push(url)
        return made.length === 1 ? early(url, options) : new InProcessVerifyWorker()
      } as unknown as typeof Worker,
    )
    runScript('/assets/verify-worker-abc.js')
    await new Promise((resolve) => setTimeout(resolve, 0)) // the worker's 'ready', if it sends one
    const { attestModel } = await import('../../src/core/session/attest.ts')
    const sim = createSimulator({ seed: 'early-verify-worker' })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    const attest = () => attestModel(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots() })
    return { made, attest }
  }
  const verifyRequests = (w: InProcessVerifyWorker) => w.toWorker.filter((m) => (m as { type?: string }).type === 'verify')

  it('a worker that has loaded: every verification of the page runs in it, and no second worker starts', async () => {
    let worker: InProcessVerifyWorker | undefined
    const { made, attest } = await page(() => (worker = new InProcessVerifyWorker()))
    expect(slot()?.state).toBe('ready')
    for (let i = 0; i < 2; i++) {
      const { report } = await attest()
      expect(report.verdict).toBe('passed')
      expect(report.verifiedIn?.kind).toBe('worker')
    }
    expect(made).toEqual(['/assets/verify-worker-abc.js'])
    expect(verifyRequests(worker!)).toHaveLength(2)
    expect(slot()).toBeUndefined()
    // Loaded as far as sealkit knows too, though its 'ready' went to the HTML's script (no 15 s start timeout ahead).
    const { loadVerifier } = await import('../../src/core/session/verifier.ts')
    const later = new Promise((resolve) => setTimeout(() => resolve('still loading'), 500))
    expect(await Promise.race([loadVerifier().then((v) => v.kind), later])).toBe('worker')
  })

  it('a worker still loading (its ready not heard): the evidence is posted to it and verified there', async () => {
    let worker: InProcessVerifyWorker | undefined
    const { made, attest } = await page(() => (worker = new InProcessVerifyWorker({ silent: true })))
    expect(slot()?.state).toBe('loading')
    const { report } = await attest()
    expect(report.verifiedIn?.kind).toBe('worker')
    expect(made).toHaveLength(1)
    expect(verifyRequests(worker!)).toHaveLength(1)
  })

  it('a worker that could not load: sealkit starts its own, says so once, and stops the broken one', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    let broken: StubWorker | undefined
    const { made, attest } = await page((url, options) => {
      broken = new StubWorker(url, options)
      setTimeout(() => broken!.dispatchEvent(new Event('error')), 0)
      return broken
    })
    expect(slot()?.state).toBe('failed')
    for (let i = 0; i < 2; i++) expect((await attest()).report.verifiedIn?.kind).toBe('worker')
    expect(made).toHaveLength(2)
    expect(broken!.terminated).toBe(true)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/^sealkit: the verification worker started by the page's HTML could not load/)
  })

  it('a forged entry is not adopted: sealkit starts its own worker', async () => {
    vi.resetModules()
    const made = stubRecordingVerifyWorkers(vi.stubGlobal)
    ;(globalThis as unknown as Record<symbol, unknown>)[EARLY_VERIFY_WORKER] = { worker: { postMessage() {} }, state: 'ready', stop() {} }
    const { attestModel } = await import('../../src/core/session/attest.ts')
    const sim = createSimulator({ seed: 'early-verify-worker-forged' })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    const { report } = await attestModel(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots() })
    expect(report.verdict).toBe('passed')
    expect(made).toEqual([expect.stringMatching(/\/verify-worker\.js$/)])
  })
})

describe('sealkit/vite: earlyVerifyWorker()', () => {
  const bundle = { 'assets/index-x1.js': {}, 'assets/verify-x2.js': {}, 'assets/verify-worker-Df5FcPnD.js': {}, 'assets/decrypt-worker-x3.js': {} }

  it('writes the script, first in the head, with the URL of the worker in this build', () => {
    const { plugin, hook, run } = driveEarlyVerifyWorker('/', '/index.html', bundle)
    expect(plugin.apply).toBe('build')
    expect(hook.order).toBe('post')
    expect(run()).toEqual([{ tag: 'script', children: earlyVerifyWorkerScript('/assets/verify-worker-Df5FcPnD.js'), injectTo: 'head-prepend' }])
  })

  it.each([
    ['/app/', '/index.html', '/app/assets/verify-worker-Df5FcPnD.js'],
    ['/app', '/index.html', '/app/assets/verify-worker-Df5FcPnD.js'],
    ['https://cdn.example/app/', '/index.html', 'https://cdn.example/app/assets/verify-worker-Df5FcPnD.js'],
    ['./', '/index.html', './assets/verify-worker-Df5FcPnD.js'],
    ['./', '/nested/deeper/page.html', '../../assets/verify-worker-Df5FcPnD.js'],
    // Odd ones: an empty base (relative, like './'), a base without its slash, a CDN without it.
    ['', '/index.html', './assets/verify-worker-Df5FcPnD.js'],
    ['', '/a/b.html', '../assets/verify-worker-Df5FcPnD.js'],
    ['/x', '/a/b.html', '/x/assets/verify-worker-Df5FcPnD.js'],
    ['https://cdn.example/x', '/index.html', 'https://cdn.example/x/assets/verify-worker-Df5FcPnD.js'],
  ])('base %j, page %s: %s', (base, path, url) => {
    expect(driveEarlyVerifyWorker(base, path, bundle).run()).toEqual([expect.objectContaining({ children: earlyVerifyWorkerScript(url) })])
  })

  it("worker: the app's own copy, as given, on every page, whatever the build emitted and with no warning", () => {
    const own = { worker: '/workers/verify-worker.js' }
    const script = [expect.objectContaining({ children: earlyVerifyWorkerScript('/workers/verify-worker.js') })]
    expect(driveEarlyVerifyWorker('/', '/index.html', bundle, own).run()).toEqual(script)
    const drive = driveEarlyVerifyWorker('./', '/nested/page.html', { 'assets/index-x1.js': {} }, own)
    expect(drive.run()).toEqual(script)
    expect(drive.warnings).toEqual([])
  })

  it('a build without the verification worker: the page as it was, and one warning', () => {
    const { run, warnings } = driveEarlyVerifyWorker('/', '/index.html', { 'assets/index-x1.js': {}, 'assets/verify-x2.js': {} })
    expect(run()).toBeUndefined()
    expect(run('/other.html')).toBeUndefined()
    expect(warnings).toEqual([expect.stringMatching(/^sealkit\/vite: no verify-worker-\*\.js in this build/)])
  })
})
