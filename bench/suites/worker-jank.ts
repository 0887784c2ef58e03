/**
 * Main-thread jank while an E2EE answer streams in, in headless Chromium with
 * React 19: 2,000 chunks at 200 chunks/s (simulator in the page, chunkDelayMs 5),
 * one `setState` per chunk, rendered under a `<Profiler>`.
 *
 * - `naive`:  decrypt on the main thread (`createLocalKeyHolder`, the default);
 * - `worker`: decrypt in the decryption worker (`createWorkerKeyHolder`);
 * - `plain`:  the same stream from the TEE model, nothing to decrypt: the floor
 *   set by the in-page simulator, SSE parsing and React.
 * The session drives React directly through `createChatSession` (not the hooks:
 * they do not forward `keyHolder` yet). The in-page simulator encrypts every
 * chunk on the main thread in both E2EE variants, so neither gets to zero.
 * Main-thread busy share is CDP `Performance.getMetrics` TaskDuration / wall time.
 * Skipped when no Chromium is found (CHROMIUM_PATH).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve } from 'node:path'
import { build } from 'vite'
import { ROOT } from '../lib/bundle.ts'
import type { Figure, Suite } from '../lib/types.ts'

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => !!p)
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
const WORK = join(ROOT, 'node_modules/.cache/sealkit-worker-jank')

const PAGE = (src: string) => `
import { createElement, Profiler, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { flushSync } from 'react-dom'
import { createClient } from ${JSON.stringify(resolve(src, 'core/api/client.ts'))}
import { createLocalKeyHolder } from ${JSON.stringify(resolve(src, 'core/crypto/key-holder.ts'))}
import { installFastEcdh } from ${JSON.stringify(resolve(src, 'core/crypto/backends/index.ts'))}
import { createChatSession } from ${JSON.stringify(resolve(src, 'core/session/chat-session.ts'))}
import { createWorkerKeyHolder } from ${JSON.stringify(resolve(src, 'core/worker/worker-key-holder.ts'))}
import { createSimulator } from ${JSON.stringify(resolve(src, 'simulator/index.ts'))}

let setText = () => {}
let commits = 0
function Chat() {
  const [text, set] = useState('')
  setText = set
  return createElement('pre', { style: { whiteSpace: 'pre-wrap' } }, text)
}
const root = createRoot(document.getElementById('root'))
flushSync(() => root.render(createElement(Profiler, { id: 'chat', onRender: () => { commits++ } }, createElement(Chat))))

let prepared
globalThis.jankPrepare = async ({ variant, chunks, delayMs }) => {
  const fast = await installFastEcdh()
  const sim = createSimulator({ seed: 'worker-jank', chunks, chunkDelayMs: delayMs })
  const client = createClient({ baseURL: 'http://sim.local/api/v1', fetch: sim.fetch })
  const e2ee = variant !== 'plain'
  const session = createChatSession(client, {
    model: e2ee ? 'e2ee-qwen3-5-122b-a10b' : 'tee-qwen3-5-122b-a10b',
    mode: e2ee ? 'e2ee' : 'tee',
    policy: 'basic',
    signature: 'skip',
    ...(variant === 'worker' ? { keyHolder: () => createWorkerKeyHolder() } : { keyHolder: createLocalKeyHolder }),
  })
  await session.attest()
  flushSync(() => setText(''))
  prepared = { session, ecdh: fast.name }
  return fast.name
}

globalThis.jankRun = async () => {
  const { session } = prepared
  const longTasks = []
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration) })
  observer.observe({ type: 'longtask' })
  commits = 0
  let deltas = 0
  let chars = 0
  const t0 = performance.now()
  let first
  for await (const e of session.stream([{ role: 'user', content: 'x'.repeat(${2400}) }])) {
    if (e.type !== 'delta' || !e.content) continue
    first ??= performance.now() - t0
    deltas++
    chars += e.content.length
    const c = e.content
    setText((t) => t + c)
  }
  const wall = performance.now() - t0
  await new Promise((r) => setTimeout(r, 100))
  observer.takeRecords().forEach((e) => longTasks.push(e.duration))
  observer.disconnect()
  session.destroy()
  return { wall, first, deltas, chars, commits, longTasks }
}
globalThis.jankReady = true
`

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' }

async function buildPage(): Promise<string> {
  rmSync(WORK, { recursive: true, force: true })
  mkdirSync(WORK, { recursive: true })
  writeFileSync(join(WORK, 'index.html'), '<!doctype html><meta charset="utf-8"><title>sealkit jank</title><div id="root"></div><script type="module" src="./main.js"></script>\n')
  writeFileSync(join(WORK, 'main.js'), PAGE(resolve(ROOT, 'src')))
  await build({
    configFile: false,
    root: WORK,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    worker: { format: 'es' },
    // Profiler's onRender only runs in React's profiling build.
    resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
    build: { outDir: join(WORK, 'dist'), emptyOutDir: true, minify: true },
  })
  return join(WORK, 'dist')
}

function serve(dir: string) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
  })
  return new Promise<{ url: string; close: () => Promise<void> }>((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  )
}

interface RunResult {
  wall: number
  first: number
  deltas: number
  chars: number
  commits: number
  longTasks: number[]
}

const suite: Suite = {
  name: 'worker-jank',
  description: 'main-thread jank of a 200 chunks/s E2EE stream in Chromium + React: decrypt on the main thread vs in the worker',
  async run({ quick, log }) {
    const executablePath = CANDIDATES.find((p) => existsSync(p))
    if (!executablePath) {
      log('skipped: no Chromium found (set CHROMIUM_PATH)')
      return []
    }
    const dist = await buildPage()
    const server = await serve(dist)
    const { chromium } = await import('playwright-core')
    const browser = await chromium.launch({ executablePath, args: ARGS, headless: true })
    const chunks = quick ? 400 : 2000
    const delayMs = 5
    const rounds = quick ? 1 : 2
    try {
      const results = new Map<string, Array<RunResult & { busy: number }>>()
      for (let r = 0; r < rounds; r++) {
        for (const variant of ['naive', 'worker', 'plain'] as const) {
          const page = await browser.newPage()
          page.on('pageerror', (e) => log(`page error: ${e.message}`))
          await page.goto(server.url)
          await page.waitForFunction(() => 'jankReady' in globalThis)
          const ecdh = await page.evaluate((o) => (globalThis as unknown as { jankPrepare: (o: object) => Promise<string> }).jankPrepare(o), { variant, chunks, delayMs })
          const cdp = await page.context().newCDPSession(page)
          await cdp.send('Performance.enable')
          const metric = async () => {
            const { metrics } = await cdp.send('Performance.getMetrics')
            const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]))
            return { task: m.TaskDuration ?? NaN, ts: m.Timestamp ?? NaN }
          }
          const before = await metric()
          const run = (await page.evaluate(() => (globalThis as unknown as { jankRun: () => Promise<RunResult> }).jankRun())) as RunResult
          const after = await metric()
          const busy = (after.task - before.task) / (after.ts - before.ts)
          const long = run.longTasks.filter((d) => d > 50)
          log(
            `${variant.padEnd(6)} (ecdh ${ecdh}): ${run.deltas} deltas in ${(run.wall / 1000).toFixed(1)} s, ${run.commits} commits, ` +
              `${long.length} long tasks (max ${Math.max(0, ...long).toFixed(0)} ms), busy ${(busy * 100).toFixed(1)}%`,
          )
          if (!results.has(variant)) results.set(variant, [])
          results.get(variant)!.push({ ...run, busy })
          await page.close()
        }
      }
      const agg = (v: string) => {
        const rs = results.get(v)!
        const avg = (f: (r: RunResult & { busy: number }) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length
        const long = (r: RunResult) => r.longTasks.filter((d) => d > 50)
        return {
          longCount: avg((r) => long(r).length),
          longMs: avg((r) => long(r).reduce((s, d) => s + d, 0)),
          busy: avg((r) => r.busy),
          commitsPerS: avg((r) => r.commits / (r.wall / 1000)),
          chunksPerS: avg((r) => r.deltas / (r.wall / 1000)),
        }
      }
      const naive = agg('naive')
      const worker = agg('worker')
      const plain = agg('plain')
      const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? 1 : Infinity) : a / b)
      const figures: Figure[] = [
        { name: 'jank.naive.long_tasks', value: naive.longCount, unit: 'count', note: `long tasks > 50 ms per ${chunks}-chunk stream, main-thread decrypt, mean of ${rounds}` },
        { name: 'jank.worker.long_tasks', value: worker.longCount, unit: 'count', note: 'the same, decrypt in the worker' },
        { name: 'jank.plain.long_tasks', value: plain.longCount, unit: 'count', note: 'the same, TEE plaintext stream (floor)' },
        { name: 'jank.naive.busy_share', value: naive.busy, unit: 'share', note: 'main-thread TaskDuration / wall, main-thread decrypt' },
        { name: 'jank.worker.busy_share', value: worker.busy, unit: 'share', note: 'the same, decrypt in the worker' },
        { name: 'jank.plain.busy_share', value: plain.busy, unit: 'share', note: 'the same, plaintext (simulator + SSE + React floor)' },
        { name: 'jank.ratio_worker_vs_naive.busy_share', value: ratio(worker.busy, naive.busy), unit: 'ratio', note: 'worker / naive, same run' },
        { name: 'jank.ratio_worker_vs_naive.long_task_ms', value: ratio(worker.longMs, naive.longMs), unit: 'ratio', note: 'total long-task time, worker / naive' },
        { name: 'jank.naive.commits_per_s', value: naive.commitsPerS, unit: '/s', note: 'React Profiler commits per second' },
        { name: 'jank.worker.commits_per_s', value: worker.commitsPerS, unit: '/s', note: 'React Profiler commits per second' },
        { name: 'jank.ratio_worker_vs_naive.commits_per_s', value: ratio(worker.commitsPerS, naive.commitsPerS), unit: 'ratio', note: 'worker / naive (higher: more of the stream rendered)' },
        { name: 'jank.naive.chunks_per_s', value: naive.chunksPerS, unit: '/s', note: 'delivered rate (target 200)' },
        { name: 'jank.worker.chunks_per_s', value: worker.chunksPerS, unit: '/s', note: 'delivered rate (target 200)' },
      ]
      return figures
    } finally {
      await browser.close()
      await server.close()
    }
  },
}

export default suite
