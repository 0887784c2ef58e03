/**
 * An attacker's pass over the verification worker the page's HTML starts (`earlyVerifyWorkerScript`,
 * `takeEarlyVerifyWorker`, sealkit/vite's `earlyVerifyWorker()`): what is not page script (a crafted
 * URL or base, an element id, a broken build) must not get a worker adopted that is not the verifier,
 * and every way the early worker goes wrong must end in a worker verdict or a reported fallback.
 */
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import { EARLY_VERIFY_WORKER, earlyVerifyWorkerScript, takeEarlyVerifyWorker } from '../../src/core/worker/early-verify-worker.ts'
import { earlyVerifyWorker } from '../../src/integrations/vite.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { InProcessVerifyWorker, stubRecordingVerifyWorkers } from '../helpers/in-process-verify-worker.ts'
import { SIMULATED_MODEL as MODEL } from '../helpers/verifier-parity.ts'
import { driveEarlyVerifyWorker } from '../helpers/vite-plugin.ts'

const scope = globalThis as unknown as Record<PropertyKey, unknown>
const runScript = (url: string) => new Function(earlyVerifyWorkerScript(url))() as void
const verifyRequests = (w: InProcessVerifyWorker) => w.toWorker.filter((m) => (m as { type?: string }).type === 'verify')
// By its code: each page's fresh modules have their own error classes.
const codeOf = (e: unknown) => (e as { code?: string } | undefined)?.code ?? `no code: ${String(e)}`
/** Settles the worker's queued 'ready' (a microtask) and any event the test queued. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

afterEach(() => {
  Reflect.deleteProperty(scope, EARLY_VERIFY_WORKER) // false, not a throw, for the non-configurable slot (the last of its tests)
  delete scope['sealkit.earlyVerifyWorker']
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  vi.useRealTimers()
})

/**
 * A page whose HTML ran the script: `Worker` makes `early(url)` first (the HTML's worker), then
 * in-process verification workers (sealkit's own). Fresh sealkit modules each time: the shared
 * worker and the once-only warnings are per page.
 */
async function page(early: (url: string) => InProcessVerifyWorker) {
  vi.resetModules()
  const made: Array<{ url: string; worker: InProcessVerifyWorker }> = []
  vi.stubGlobal(
    'Worker',
    function (url: unknown) {
      const worker = made.length === 0 ? early(String(url)) : new InProcessVerifyWorker()
      made.push({ url: String(url), worker })
      return worker
    } as unknown as typeof Worker,
  )
  runScript('/assets/verify-worker-abc.js')
  await tick()
  return { made, ...(await sealkit()) }
}

/** This page's sealkit modules (a fresh copy after `vi.resetModules()`), and a simulated enclave to attest. */
async function sealkit(verifyWorker?: string) {
  const { attestModel } = await import('../../src/core/session/attest.ts')
  const { loadVerifier } = await import('../../src/core/session/verifier.ts')
  const sim = createSimulator({ seed: 'attack-early-verify-worker' })
  const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
  const attest = () => attestModel(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots(), ...(verifyWorker ? { verifyWorker } : {}) })
  return { attest, loadVerifier }
}

describe('what is not page script cannot plant or break out of the early worker', () => {
  it('a property named like the slot (what an element id or name creates) is not adopted, and sealkit starts its own', async () => {
    vi.resetModules()
    const made = stubRecordingVerifyWorkers(vi.stubGlobal)
    // Window's named properties are string-keyed: `<img name="sealkit.earlyVerifyWorker">` is at best this.
    scope['sealkit.earlyVerifyWorker'] = { worker: new InProcessVerifyWorker(), state: 'ready', stop() {} }
    const { attest } = await sealkit()
    const { report } = await attest()
    expect(report.verdict).toBe('passed')
    expect(made).toEqual([expect.stringMatching(/\/verify-worker\.js$/)])
  })

  it.each([
    ['an end tag', '/a</script><script>alert(1)</script>.js'],
    ['an HTML comment opener (the parser’s double-escaped state)', '/a<!--<script>x.js'],
    ['quotes, backslashes and line separators', `/a"'\\\u2028\u2029\n.js`],
  ])('a URL with %s: no `<` in the script, and the worker gets the URL unchanged', (_, url) => {
    const urls: string[] = []
    vi.stubGlobal(
      'Worker',
      class extends EventTarget {
        constructor(u: unknown) {
          super()
          urls.push(String(u))
        }
      },
    )
    expect(earlyVerifyWorkerScript(url)).not.toContain('<')
    runScript(url)
    expect(urls).toEqual([url])
  })

  it('a base that tries to end the element cannot, through the Vite plugin either', () => {
    const out = driveEarlyVerifyWorker('/x</script><img src=x onerror=alert(1)><!--/', '/index.html', bundle).run()
    const children = (out as Array<{ children: string }>)[0]!.children
    expect(children).not.toContain('<')
  })
})

describe('a hostile proxy between the client and the enclave, with the HTML’s worker adopted', () => {
  type Report = Record<string, unknown>
  const gpu = (r: Report) => JSON.parse(r.nvidia_payload as string) as { evidence_list: unknown[] }
  it.each<[string, (report: Report, replay: () => Promise<Report>) => Promise<Report> | Report, string]>([
    ['nothing changed (the control)', (r) => r, 'passed in the worker'],
    ['the GPU evidence stripped', ({ nvidia_payload: _, ...r }) => r, 'ATTESTATION_EVIDENCE_MISSING'],
    ['one GPU’s evidence duplicated', (r) => ({ ...r, nvidia_payload: JSON.stringify({ ...gpu(r), evidence_list: [gpu(r).evidence_list[0], gpu(r).evidence_list[0]] }) }), 'ATTESTATION_GPU_DUPLICATE'],
    ['the TDX quote stripped', ({ intel_quote: _, ...r }) => r, 'ATTESTATION_EVIDENCE_MISSING'],
    ['a report made for another nonce, replayed', (_, replay) => replay(), 'ATTESTATION_NONCE_MISMATCH'],
  ])('%s', async (_what, tamper, expected) => {
    vi.resetModules()
    const made = stubRecordingVerifyWorkers(vi.stubGlobal)
    runScript('/assets/verify-worker-abc.js')
    await tick()
    const { attestModel } = await import('../../src/core/session/attest.ts')
    const sim = createSimulator({ seed: 'attack-early-verify-worker-proxy' })
    const attestation = (nonce: string) => sim.fetch(new Request(`http://sim.test/api/v1/tee/attestation?model=${MODEL}&nonce=${nonce}`)).then((r) => r.json() as Promise<Report>)
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input)
      if (!url.includes('/tee/attestation')) return sim.fetch(input, init)
      const nonce = new URL(url).searchParams.get('nonce')!
      const body = await tamper(await attestation(nonce), () => attestation(nonce.replace(/^./, (c) => (c === '0' ? '1' : '0'))))
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
    }
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch })
    const outcome = await attestModel(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots() }).then(
      ({ report }) => `${report.verdict} in the ${report.verifiedIn?.kind}`,
      (error: unknown) => codeOf(error),
    )
    expect(made).toEqual(['/assets/verify-worker-abc.js']) // verified (or refused) in the adopted worker alone
    expect(outcome).toBe(expected)
  })
})

describe('races between the HTML’s script and adoption', () => {
  it('a worker that said ready, then crashed before sealkit took it: not adopted, sealkit’s own verifies at once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    let early: InProcessVerifyWorker | undefined
    const { made, attest } = await page(() => (early = new InProcessVerifyWorker()))
    // Dead after its ready: it answers nothing more (without the fix, the first verification waits out the 60 s verify timeout).
    early!.terminated = true
    early!.crash()
    const { report } = await attest()
    expect(report.verdict).toBe('passed')
    expect(report.verifiedIn?.kind).toBe('worker')
    expect(made).toHaveLength(2)
    expect(verifyRequests(made[1]!.worker)).toHaveLength(1)
    expect(warn).toHaveBeenCalledTimes(1)
  }, 2_000)

  it('a worker that crashes after adoption: the verification in flight fails (never a pass), the next runs in a new worker', async () => {
    let early: InProcessVerifyWorker | undefined
    const { made, attest, loadVerifier } = await page(() => (early = new InProcessVerifyWorker({ silent: true })))
    const loaded = loadVerifier() // adopts it, still loading
    early!.dispatchEvent(new MessageEvent('message', { data: { type: 'ready' } }))
    await loaded
    const original = early!.postMessage.bind(early)
    early!.postMessage = (m: unknown) => {
      if ((m as { type?: string }).type === 'verify') queueMicrotask(() => early!.crash())
      else original(m)
    }
    await expect(attest()).rejects.toSatisfy((e) => codeOf(e) === 'ATTESTATION_VERIFIER_FAILED')
    expect(early!.terminated).toBe(true)
    const { report } = await attest()
    expect(report.verdict).toBe('passed')
    expect(made).toHaveLength(2)
    expect(verifyRequests(made[1]!.worker)).toHaveLength(1)
  })

  it('a worker still loading when adopted that then fails to load: this thread verifies, reported with its reason and one warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    let early: InProcessVerifyWorker | undefined
    const { attest } = await page(() => (early = new InProcessVerifyWorker({ silent: true })))
    early!.terminated = true // its code never runs
    const attesting = attest()
    await tick()
    early!.crash()
    const { report } = await attesting
    expect(report.verdict).toBe('passed')
    expect(report.verifiedIn).toEqual({ kind: 'main-thread', reason: expect.stringMatching(/could not load its code/) })
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/verified on the main thread/)
  })

  it('messages before its ready that are not `ready` leave it loading; its late ready still reaches the adopter', async () => {
    let early: InProcessVerifyWorker | undefined
    const { made, loadVerifier } = await page(() => (early = new InProcessVerifyWorker({ silent: true })))
    for (const data of [null, 'ready', { type: 'READY' }, { type: 'report', id: 1, ok: true }]) early!.dispatchEvent(new MessageEvent('message', { data }))
    expect((scope[EARLY_VERIFY_WORKER] as { state: string }).state).toBe('loading')
    const loaded = loadVerifier()
    early!.dispatchEvent(new MessageEvent('message', { data: { type: 'ready' } }))
    expect((await loaded).kind).toBe('worker')
    expect(made).toHaveLength(1)
  })

  it('a worker terminated before adoption (by page code): the verification fails at the verify timeout, never passes', async () => {
    let early: InProcessVerifyWorker | undefined
    const { attest } = await page(() => (early = new InProcessVerifyWorker()))
    early!.terminate()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const outcome = attest().then(
      (r) => `passed: ${r.report.verdict}`,
      (e: unknown) => codeOf(e),
    )
    await vi.advanceTimersByTimeAsync(60_000)
    expect(await outcome).toBe('ATTESTATION_VERIFIER_FAILED')
  })

  it('an early worker that failed and sealkit’s own failing too (CSP worker-src): this thread verifies, reported, one warning each', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.resetModules()
    const made: InProcessVerifyWorker[] = []
    vi.stubGlobal(
      'Worker',
      class extends InProcessVerifyWorker {
        constructor() {
          super({ silent: true })
          this.terminated = true
          made.push(this)
          setTimeout(() => this.crash(), 0) // blocked: it never loads
        }
      },
    )
    runScript('/assets/verify-worker-abc.js')
    await tick()
    expect((scope[EARLY_VERIFY_WORKER] as { state: string }).state).toBe('failed')
    const { attest } = await sealkit()
    for (let i = 0; i < 2; i++) {
      const { report } = await attest()
      expect(report.verdict).toBe('passed')
      expect(report.verifiedIn).toEqual({ kind: 'main-thread', reason: expect.stringMatching(/could not load its code/) })
    }
    expect(made).toHaveLength(2)
    expect(warn.mock.calls.map(([m]) => String(m).slice(0, 60))).toEqual([
      expect.stringMatching(/^sealkit: the verification worker started by the page's HTML/),
      expect.stringMatching(/^sealkit: attestation is verified on the main thread/),
    ])
  })

  it('a worker that never loads nor fails: at the 15 s start timeout this thread verifies, reported', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    let early: InProcessVerifyWorker | undefined
    const { attest } = await page(() => (early = new InProcessVerifyWorker({ silent: true })))
    early!.terminated = true // hung: it never runs what is posted to it
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const attesting = attest()
    await vi.advanceTimersByTimeAsync(15_000)
    vi.useRealTimers()
    const { report } = await attesting
    expect(report.verdict).toBe('passed')
    expect(report.verifiedIn).toEqual({ kind: 'main-thread', reason: expect.stringMatching(/did not load in time/) })
    expect(warn).toHaveBeenCalledTimes(1)
  })

  it.each([
    ['for another nonce', (r: Record<string, unknown>) => ({ ...r, nonce: '00'.repeat(32) })],
    ['passed with a failed check', (r: Record<string, unknown>) => ({ ...r, checks: [...(r.checks as object[]), { id: 'forged', status: 'failed' }] })],
  ])('an adopted worker’s report %s fails closed, as from any worker', async (_, forge) => {
    const tamper = (m: unknown) => {
      const msg = m as { type?: string; report?: Record<string, unknown> }
      return msg.type === 'report' && msg.report ? { ...msg, report: forge(msg.report) } : m
    }
    const { made, attest } = await page(() => new InProcessVerifyWorker({ tamper }))
    await expect(attest()).rejects.toSatisfy((e) => codeOf(e) === 'ATTESTATION_VERIFIER_FAILED')
    expect(made).toHaveLength(1)
  })

  it('two verifications at once adopt the one worker, not two', async () => {
    let early: InProcessVerifyWorker | undefined
    const { made, attest } = await page(() => (early = new InProcessVerifyWorker()))
    const reports = await Promise.all([attest(), attest()])
    expect(reports.map((r) => r.report.verifiedIn?.kind)).toEqual(['worker', 'worker'])
    expect(made).toHaveLength(1)
    expect(verifyRequests(early!)).toHaveLength(2)
  })

  it('two sealkit copies on one page: the first takes the worker, the second starts its own; no worker serves both', async () => {
    let early: InProcessVerifyWorker | undefined
    const first = await page(() => (early = new InProcessVerifyWorker()))
    await first.attest()
    vi.resetModules() // a second bundle's sealkit: its own module state, the same globalThis
    const second = await sealkit()
    const { report } = await second.attest()
    expect(report.verifiedIn?.kind).toBe('worker')
    expect(first.made).toHaveLength(2)
    expect(verifyRequests(early!)).toHaveLength(1)
    expect(verifyRequests(first.made[1]!.worker)).toHaveLength(1)
  })

  it('the app’s own `verifyWorker` from another URL wins: its worker verifies, the HTML’s is left for the default, and that is said once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    let early: InProcessVerifyWorker | undefined
    const { made } = await page(() => (early = new InProcessVerifyWorker()))
    const { attest } = await sealkit('/my/verify-worker.js')
    for (let i = 0; i < 2; i++) expect((await attest()).report.verifiedIn?.kind).toBe('worker')
    expect(made.map((m) => m.url)).toEqual(['/assets/verify-worker-abc.js', '/my/verify-worker.js'])
    expect(verifyRequests(early!)).toHaveLength(0)
    expect(verifyRequests(made[1]!.worker)).toHaveLength(2)
    expect(EARLY_VERIFY_WORKER in scope).toBe(true)
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/^sealkit: verify\.verifyWorker is not the worker the page's HTML started, which goes unused/)])
  })

  it.each([
    ['the same path', '/assets/verify-worker-abc.js'],
    ['the same URL, absolute', 'https://app.example/assets/verify-worker-abc.js'],
    ['the same URL, relative to the page', 'assets/verify-worker-abc.js'],
  ])('the app’s own `verifyWorker` names the HTML’s worker (%s): that one is adopted, no second one starts, nothing is said', async (_, url) => {
    vi.stubGlobal('location', { href: 'https://app.example/' })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    let early: InProcessVerifyWorker | undefined
    const { made } = await page(() => (early = new InProcessVerifyWorker()))
    const { attest } = await sealkit(url)
    for (let i = 0; i < 2; i++) expect((await attest()).report.verifiedIn?.kind).toBe('worker')
    expect(made.map((m) => m.url)).toEqual(['/assets/verify-worker-abc.js'])
    expect(verifyRequests(early!)).toHaveLength(2)
    expect(EARLY_VERIFY_WORKER in scope).toBe(false)
    expect(warn).not.toHaveBeenCalled()
  })

  it('the app’s `verifyWorker` at the same path on another origin is another worker: not adopted', async () => {
    vi.stubGlobal('location', { href: 'https://app.example/' })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    let early: InProcessVerifyWorker | undefined
    const { made } = await page(() => (early = new InProcessVerifyWorker()))
    const { attest } = await sealkit('https://cdn.example/assets/verify-worker-abc.js')
    expect((await attest()).report.verifiedIn?.kind).toBe('worker')
    expect(made).toHaveLength(2)
    expect(verifyRequests(early!)).toHaveLength(0)
  })
})

describe('a slot page code made odd does not break verification', () => {
  it.each([
    [
      'throws when read',
      () =>
        Object.defineProperty(scope, EARLY_VERIFY_WORKER, {
          get() {
            throw new Error('hostile getter')
          },
          configurable: true,
        }),
    ],
    [
      'holds an entry whose stop() throws',
      () => {
        scope[EARLY_VERIFY_WORKER] = {
          worker: new InProcessVerifyWorker(),
          state: 'ready',
          stop() {
            throw new Error('hostile stop')
          },
        }
      },
    ],
    // Last: a non-configurable slot stays for the rest of this file.
    ['cannot be deleted', () => Object.defineProperty(scope, EARLY_VERIFY_WORKER, { value: { worker: new InProcessVerifyWorker(), state: 'ready', stop() {} }, configurable: false })],
  ])('a slot that %s: takeEarlyVerifyWorker gives nothing and preloading never throws', async (_, plant) => {
    vi.resetModules()
    vi.stubGlobal('Worker', InProcessVerifyWorker)
    vi.stubGlobal('document', {})
    plant()
    const { preloadVerifier } = await import('../../src/core/session/verifier.ts')
    // SealkitProvider preloads while rendering: a throw here would take the app down with it.
    await expect(preloadVerifier()).resolves.toBeUndefined()
    expect(takeEarlyVerifyWorker()).toBeUndefined()
  })
})

const bundle = { 'assets/index-x1.js': { type: 'chunk' }, 'assets/verify-x2.js': { type: 'chunk' }, 'assets/verify-worker-Df5FcPnD.js': { type: 'asset' } }

describe('sealkit/vite: odd bases, pages and builds', () => {
  it('several pages: each gets the script with its own relative URL, and nothing warns', () => {
    const { run, warnings } = driveEarlyVerifyWorker('./', '/index.html', bundle)
    expect(run('/index.html')).toEqual([expect.objectContaining({ children: earlyVerifyWorkerScript('./assets/verify-worker-Df5FcPnD.js') })])
    expect(run('/admin/index.html')).toEqual([expect.objectContaining({ children: earlyVerifyWorkerScript('../assets/verify-worker-Df5FcPnD.js') })])
    expect(warnings).toEqual([])
  })

  it('a worker renamed without its hash (worker.rollupOptions): the page is left alone, with one warning', () => {
    const { run, warnings } = driveEarlyVerifyWorker('/', '/index.html', { 'assets/index-x1.js': { type: 'chunk' }, 'assets/verify-worker.js': { type: 'asset' } })
    expect(run()).toBeUndefined()
    expect(warnings).toHaveLength(1)
  })

  it('an app chunk whose name starts like the worker’s is not started as the verification worker', () => {
    const { run, warnings } = driveEarlyVerifyWorker('/', '/index.html', { 'assets/index-x1.js': { type: 'chunk' }, 'assets/verify-worker-helpers-Ab12.js': { type: 'chunk' } })
    expect(run()).toBeUndefined()
    expect(warnings).toEqual([expect.stringMatching(/^sealkit\/vite: no verify-worker-\*\.js in this build/)])
  })

  it('two worker assets named verify-worker-* (two sealkit copies, or another library’s): no guess, the page is left alone, with one warning', () => {
    const { run, warnings } = driveEarlyVerifyWorker('/', '/index.html', { ...bundle, 'assets/verify-worker-Zz99.js': { type: 'asset' } })
    expect(run()).toBeUndefined()
    expect(run('/other.html')).toBeUndefined()
    expect(warnings).toEqual([expect.stringMatching(/^sealkit\/vite: more than one verify-worker-\*\.js/)])
  })

  it('onScript: each page\'s script as a CSP hash source of exactly the text in its <script> element; none for a page left alone', () => {
    const told: Array<{ page: string; text: string; hash: string }> = []
    const { run } = driveEarlyVerifyWorker('./', '/index.html', bundle, { onScript: (script) => told.push(script) })
    const html = '<!doctype html><html><head><meta charset="utf-8"><title>x</title></head><body></body></html>'
    const pages = ['/index.html', '/admin/index.html'].map((page) => run(page, html) as string)
    expect(told.map((t) => t.page)).toEqual(['/index.html', '/admin/index.html'])
    for (const [i, out] of pages.entries()) {
      const inScript = /<script>([\s\S]*?)<\/script>/.exec(out)![1]!
      expect(told[i]!.text).toBe(inScript)
      // What a browser computes over the element's text: SHA-256 of its UTF-8, base64, quoted.
      expect(told[i]!.hash).toBe(`'sha256-${createHash('sha256').update(Buffer.from(inScript, 'utf8')).digest('base64')}'`)
    }
    expect(told[0]!.hash).not.toBe(told[1]!.hash) // each page's own relative URL
    const renamed = driveEarlyVerifyWorker('/', '/index.html', { 'assets/verify-worker.js': { type: 'asset' } }, { onScript: (script) => told.push(script) })
    expect(renamed.run()).toBeUndefined()
    expect(told).toHaveLength(2)
  })

  it('dev mode is untouched: the plugin applies to builds only', () => {
    expect(earlyVerifyWorker().apply).toBe('build')
  })
})
