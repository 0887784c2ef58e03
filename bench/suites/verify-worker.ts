/**
 * The verification worker on its own, in Chromium: the client side of page load -> verified, apart
 * from the server (no report fetch: the simulator's reports are made in this process beforehand) and
 * from the rest of the page (a blank page that only starts the worker).
 *
 * The worker is built as the package ships it (vite.worker.config.ts: one minified, self-contained ES
 * module), with two lines of timing around it (a banner and a footer: when its module starts and
 * ends evaluating, on the worker's clock). Each round is a fresh browser context that starts it,
 * posts a simulator report the moment it says ready (a report already waiting, as when the fetch
 * wins the race), then a second report for another nonce (a warm worker). The baseline, in the same
 * round: an empty module worker's start -> ready.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { build } from 'vite'
import { generateNonce } from '../../src/core/crypto/random.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { CHROMIUM_ARGS, findChromium } from '../../test/chromium.ts'
import { ROOT } from '../lib/bundle.ts'
import { median } from '../lib/measure.ts'
import { serveStatic } from '../lib/static-server.ts'
import type { Figure, Suite } from '../lib/types.ts'

const TIMING_BANNER = 'globalThis.__benchEvalStart = performance.now();'
const TIMING_FOOTER = 'globalThis.postMessage({ type: "bench-timing", origin: performance.timeOrigin, evalStart: globalThis.__benchEvalStart, evalEnd: performance.now() });'

/** One round, milliseconds from `new Worker()` on the page's clock. */
interface Round {
  emptyReady: number
  boot: number
  evalEnd: number
  ready: number
  firstVerified: number
  firstVerify: number
  secondVerify: number
  verdicts: string[]
}

const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
const now = () => performance.timeOrigin + performance.now()
const start = (url) => { const t0 = now(); return { t0, worker: new Worker(url, { type: 'module' }) } }
const next = (worker, type) => new Promise((resolve) => worker.addEventListener('message', function on(e) { if (e.data?.type === type) { worker.removeEventListener('message', on); resolve(e.data) } }))
window.round = async (reports) => {
  const empty = start('./empty-worker.js')
  await next(empty.worker, 'ready')
  const emptyReady = now() - empty.t0
  empty.worker.terminate()
  const { t0, worker } = start('./verify-worker.js')
  const timing = next(worker, 'bench-timing')
  await next(worker, 'ready')
  const ready = now() - t0
  const verify = async (id, r) => {
    const posted = now()
    const answer = next(worker, 'report')
    worker.postMessage({ type: 'verify', id, response: r.report, options: r.options })
    const m = await answer
    return { ms: now() - posted, at: now() - t0, verdict: m.ok ? m.report.verdict : 'error: ' + m.error.message }
  }
  const first = await verify(1, reports[0])
  const second = await verify(2, reports[1])
  const t = await timing
  worker.terminate()
  return { emptyReady, boot: t.origin + t.evalStart - t0, evalEnd: t.origin + t.evalEnd - t0, ready, firstVerified: first.at, firstVerify: first.ms, secondVerify: second.ms, verdicts: [first.verdict, second.verdict] }
}
</script>`

async function buildWorker(dir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: true,
      lib: { entry: resolve(ROOT, 'src/core/worker/verify-worker.ts'), formats: ['es'], fileName: () => 'verify-worker.js' },
      rolldownOptions: { output: { codeSplitting: false, banner: TIMING_BANNER, footer: TIMING_FOOTER } },
    },
  })
}

const suite: Suite = {
  name: 'verify-worker',
  description: 'the verification worker alone in Chromium: start -> ready (vs an empty worker) and the first and second verification of a simulator report',
  async run({ quick, log }) {
    const executablePath = findChromium()
    if (!executablePath) {
      log('skipped: no Chromium found (set CHROMIUM_PATH)')
      return []
    }
    const rounds = Number(process.env.BENCH_VERIFY_WORKER_ROUNDS ?? (quick ? 3 : 9))
    const dir = mkdtempSync(join(tmpdir(), 'sealkit-verify-worker-'))
    const sim = createSimulator({ seed: 'bench-verify-worker' })
    const reportFor = async () => {
      const nonce = generateNonce()
      const response = await sim.fetch(new Request(`http://simulator.invalid${sim.basePath}/tee/attestation?model=${sim.defaultModel}&nonce=${nonce}`))
      return { report: (await response.json()) as unknown, options: { nonce, model: sim.defaultModel, trustedRoots: sim.trustedRoots() } }
    }
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true })
    const server = await serveStatic(dir)
    try {
      log('building the verification worker (vite, minified, self-contained)...')
      await buildWorker(dir)
      writeFileSync(join(dir, 'empty-worker.js'), "postMessage({ type: 'ready' })\n")
      writeFileSync(join(dir, 'index.html'), PAGE)
      const results: Round[] = []
      for (let i = 0; i < rounds; i++) {
        const reports = [await reportFor(), await reportFor()]
        const context = await browser.newContext()
        const page = await context.newPage()
        await page.goto(server.url)
        await page.waitForFunction(() => typeof (window as { round?: unknown }).round === 'function')
        const r = await page.evaluate((rs) => (window as unknown as { round: (rs: unknown) => Promise<Round> }).round(rs), reports)
        await context.close()
        if (r.verdicts.some((v) => v !== 'passed')) throw new Error(`the worker did not pass a simulator report: ${r.verdicts.join(', ')}`)
        log(`round ${i + 1}: empty worker ready ${r.emptyReady.toFixed(0)}; verify worker boot ${r.boot.toFixed(0)}, evaluated ${r.evalEnd.toFixed(0)}, ready ${r.ready.toFixed(0)}, first verdict ${r.firstVerified.toFixed(0)} (verify ${r.firstVerify.toFixed(0)}), second verify ${r.secondVerify.toFixed(0)} ms`)
        results.push(r)
      }
      const m = (f: (r: Round) => number) => median(results.map(f))
      const ready = m((r) => r.ready)
      const empty = m((r) => r.emptyReady)
      const first = m((r) => r.firstVerify)
      const second = m((r) => r.secondVerify)
      return [
        { name: 'verify_worker.ready_ms', value: ready, unit: 'ms', note: `new Worker() -> 'ready' on the page, median of ${rounds} fresh contexts` },
        { name: 'verify_worker.ratio_ready_vs_empty_worker', value: ready / empty, unit: 'ratio', note: `over an empty module worker's new Worker() -> ready in the same round (${empty.toFixed(1)} ms)` },
        { name: 'verify_worker.boot_ms', value: m((r) => r.boot), unit: 'ms', note: 'new Worker() -> its module starts evaluating (thread, fetch, parse and compile)' },
        { name: 'verify_worker.eval_ms', value: m((r) => r.evalEnd - r.boot), unit: 'ms', note: "its module's evaluation (top-level code of the bundle)" },
        { name: 'verify_worker.verify_first_ms', value: first, unit: 'ms', note: "a simulator report posted on 'ready' -> the report back: the fresh worker's first verification" },
        { name: 'verify_worker.verify_second_ms', value: second, unit: 'ms', note: 'another report (new nonce) on the same worker' },
        { name: 'verify_worker.ratio_first_vs_second', value: first / second, unit: 'ratio', note: 'what being cold costs the first verification, same rounds' },
        { name: 'verify_worker.client_path_ms', value: m((r) => r.firstVerified), unit: 'ms', note: 'new Worker() -> first verdict with the report already in: the client side of page load -> verified (no network, no server, no page)' },
      ] satisfies Figure[]
    } finally {
      await browser.close()
      await server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

export default suite
