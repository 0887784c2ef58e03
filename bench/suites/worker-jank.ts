/**
 * Main-thread jank while an E2EE answer streams in, in headless Chromium with
 * React 19: 2,000 encrypted chunks at 200 chunks/s from a Node simulator in its own process over
 * loopback (`startSimulatorProcess`, chunkDelayMs 5: the encryption runs in Node,
 * not on the measured main thread), rendered with `StreamingMessage` under a
 * `<Profiler>`.
 *
 * - `naive`: `createChatSession` with the local key holder; decrypt and one
 *   `setState` per chunk on the main thread (the baseline);
 * - `hook`: `useEncryptedChat` with its defaults (the decryption worker, the
 *   40 ms render throttle), the last assistant message in `StreamingMessage`;
 * - `hook_local`: `useEncryptedChat` with `keyHolder: createLocalKeyHolder`
 *   (throttle only: separates what the worker buys from what the throttle buys);
 * - `*_noble`: `naive` and `hook` again under a CSP without 'wasm-unsafe-eval',
 *   so both threads fall back to @noble/curves (no WASM), where decrypting costs most.
 * Attestation runs (and is cached) before the measurement; signatures are skipped
 * (`signature: 'skip'`) so only the stream is measured. Main-thread busy share is
 * CDP `Performance.getMetrics` TaskDuration / wall time over the stream; long tasks
 * come from a `longtask` PerformanceObserver; commits from React Profiler `onRender`.
 * Skipped when no Chromium is found (CHROMIUM_PATH).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'vite'
import { ROOT } from '../lib/bundle.ts'
import { startSimulatorProcess } from '../lib/simulator-process.ts'
import { serveStatic } from '../lib/static-server.ts'
import type { Figure, Suite } from '../lib/types.ts'
import { CHROMIUM_ARGS, findChromium } from '../../test/chromium.ts'

const WORK = join(ROOT, 'node_modules/.cache/sealkit-worker-jank')
const MODEL = 'e2ee-qwen3-5-122b-a10b'
const PROMPT_CHARS = 2400

const PAGE = (src: string) => {
  const at = (p: string) => JSON.stringify(resolve(src, p))
  return `
import { createElement as h, Profiler, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createClient } from ${at('core/api/client.ts')}
import { createLocalKeyHolder } from ${at('core/crypto/local-key-holder.ts')}
import { installFastEcdh } from ${at('core/crypto/backends/index.ts')}
import { createChatSession } from ${at('core/session/chat-session.ts')}
import { SealkitProvider } from ${at('hooks/context.tsx')}
import { useEncryptedChat } from ${at('hooks/useEncryptedChat.ts')}
import { StreamingMessage } from ${at('components/StreamingMessage.tsx')}

let commits = 0
const onRender = () => { commits++ }
const PROMPT = 'x'.repeat(${PROMPT_CHARS})
const textOf = (m) => (m?.parts ?? []).filter((p) => p.type === 'text').map((p) => p.text).join('')

// Naive: one setState per decrypted chunk, all on the main thread.
let naive
function Naive() {
  const [text, setText] = useState('')
  naive = { setText }
  return h(StreamingMessage, { message: { role: 'assistant', content: text }, status: 'streaming', hidePrivacy: true })
}

let hook
function Hook({ local }) {
  const chat = useEncryptedChat({ model: ${JSON.stringify(MODEL)}, privacy: 'e2ee', signature: 'skip', ...(local ? { keyHolder: createLocalKeyHolder } : {}) })
  hook = chat
  const last = chat.messages.at(-1)
  return last?.role === 'assistant' ? h(StreamingMessage, { message: last, hidePrivacy: true }) : null
}

globalThis.jankPrepare = async ({ variant, baseURL, trustedRoots }) => {
  const fast = await installFastEcdh()
  const client = createClient({ baseURL })
  const root = createRoot(document.getElementById('root'))
  if (variant.startsWith('naive')) {
    const session = createChatSession(client, { model: ${JSON.stringify(MODEL)}, mode: 'e2ee', policy: 'basic', trustedRoots, signature: 'skip', keyHolder: createLocalKeyHolder })
    await session.attest()
    root.render(h(Profiler, { id: 'chat', onRender }, h(Naive)))
    await new Promise((r) => setTimeout(r, 50))
    globalThis.jankSend = async () => {
      let first
      let chunks = 0
      for await (const e of session.stream([{ role: 'user', content: PROMPT }])) {
        if (e.type !== 'delta' || !e.content) continue
        first ??= performance.now()
        chunks++
        const c = e.content
        naive.setText((t) => t + c)
      }
      session.destroy()
      return { first, chunks }
    }
  } else {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    const config = { client, policy: 'basic', verify: { trustedRoots } }
    root.render(h(QueryClientProvider, { client: queryClient }, h(SealkitProvider, { config }, h(Profiler, { id: 'chat', onRender }, h(Hook, { local: variant.startsWith('hook_local') })))))
    for (let i = 0; i < 600 && !(hook?.session.status === 'ready' && hook.session.clientPublicKey); i++) await new Promise((r) => setTimeout(r, 50))
    if (hook?.session.status !== 'ready') throw new Error('session not ready: ' + hook?.session.status + ' ' + hook?.session.error?.code)
    globalThis.jankSend = async () => {
      let first
      const seen = new MutationObserver(() => { first ??= performance.now() })
      seen.observe(document.getElementById('root'), { childList: true, subtree: true, characterData: true })
      await hook.sendMessage({ text: PROMPT })
      seen.disconnect()
      if (hook.error) throw new Error('chat failed: ' + hook.error.code)
      const text = textOf(hook.messages.at(-1))
      return { first, chunks: -1, chars: text.length }
    }
  }
  return fast.name
}

globalThis.jankRun = async () => {
  const longTasks = []
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration) })
  observer.observe({ type: 'longtask' })
  commits = 0
  const t0 = performance.now()
  const r = await globalThis.jankSend()
  const end = performance.now()
  await new Promise((res) => setTimeout(res, 100))
  observer.takeRecords().forEach((e) => longTasks.push(e.duration))
  observer.disconnect()
  return { wall: end - t0, streaming: end - (r.first ?? t0), chunks: r.chunks, commits, longTasks }
}
globalThis.jankReady = true
`
}

/** Under /noble/ every response carries a CSP without 'wasm-unsafe-eval': WASM is barred on the page and in the worker. */
const NOBLE_CSP = "script-src 'self'; worker-src 'self'"

async function buildPage(): Promise<string> {
  rmSync(WORK, { recursive: true, force: true })
  mkdirSync(WORK, { recursive: true })
  writeFileSync(join(WORK, 'index.html'), '<!doctype html><meta charset="utf-8"><title>sealkit jank</title><div id="root"></div><script type="module" src="./main.js"></script>\n')
  writeFileSync(join(WORK, 'main.js'), PAGE(resolve(ROOT, 'src')))
  await build({
    configFile: false,
    root: WORK,
    base: './',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
    worker: { format: 'es' },
    // Profiler's onRender only runs in React's profiling build.
    resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
    build: { outDir: join(WORK, 'dist'), emptyOutDir: true, minify: true },
  })
  return join(WORK, 'dist')
}

/** Under /noble/ the same files, with the CSP. */
const serve = (dir: string) =>
  serveStatic(dir, { route: (path) => (path.startsWith('/noble/') ? { path: path.slice('/noble'.length), headers: { 'content-security-policy': NOBLE_CSP } } : { path }) })

interface RunResult {
  wall: number
  streaming: number
  chunks: number
  commits: number
  longTasks: number[]
}

const VARIANTS = ['naive', 'hook', 'hook_local', 'naive_noble', 'hook_noble'] as const
type Variant = (typeof VARIANTS)[number]

const suite: Suite = {
  name: 'worker-jank',
  description: 'main-thread jank of a 2,000-chunk, 200 chunks/s E2EE stream in Chromium: useEncryptedChat + StreamingMessage vs decrypt + setState per chunk',
  async run({ quick, log }) {
    const executablePath = findChromium()
    if (!executablePath) {
      log('skipped: no Chromium found (set CHROMIUM_PATH)')
      return []
    }
    const chunks = quick ? 400 : 2000
    const delayMs = 5
    const rounds = quick ? 1 : 2
    const dist = await buildPage()
    const server = await serve(dist)
    // In a process of its own, as in the browser-app suite: served from this process, the stream
    // reached the page only once it had ended (Chromium 150: 2,000 chunks in one 0.3-0.5 s burst).
    const sim = await startSimulatorProcess({ seed: 'worker-jank', chunks, chunkDelayMs: delayMs })
    const { chromium } = await import('playwright-core')
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true })
    try {
      const results = new Map<Variant, Array<RunResult & { busy: number; ecdh: string }>>()
      for (let r = 0; r < rounds; r++) {
        for (const variant of VARIANTS) {
          const page = await browser.newPage()
          page.on('pageerror', (e) => log(`page error: ${e.message}`))
          await page.goto(server.url + (variant.endsWith('_noble') ? 'noble/' : ''))
          await page.waitForFunction(() => 'jankReady' in globalThis)
          const ecdh = await page.evaluate((o) => (globalThis as unknown as { jankPrepare: (o: object) => Promise<string> }).jankPrepare(o), { variant, baseURL: sim.baseURL, trustedRoots: sim.trustedRoots })
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
          const workers = page.workers().length
          const long = run.longTasks.filter((d) => d > 50)
          log(
            `${variant.padEnd(11)} (ecdh ${ecdh}, ${workers} worker${workers === 1 ? '' : 's'}): ${(run.streaming / 1000).toFixed(1)} s streaming, ${run.commits} commits ` +
              `(${(run.commits / (run.streaming / 1000)).toFixed(0)}/s), ${long.length} long tasks (max ${Math.max(0, ...long).toFixed(0)} ms), busy ${(busy * 100).toFixed(1)}%`,
          )
          if (!results.has(variant)) results.set(variant, [])
          results.get(variant)!.push({ ...run, busy, ecdh })
          await page.close()
        }
      }
      const agg = (v: Variant) => {
        const rs = results.get(v)!
        const avg = (f: (r: RunResult & { busy: number }) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length
        const long = (r: RunResult) => r.longTasks.filter((d) => d > 50)
        return {
          ecdh: rs[0]!.ecdh,
          longCount: avg((r) => long(r).length),
          longMs: avg((r) => long(r).reduce((s, d) => s + d, 0)),
          busy: avg((r) => r.busy),
          commitsPerS: avg((r) => r.commits / (r.streaming / 1000)),
          // Chunks are all delivered (the hook fails the chat otherwise): the rate is chunks over the streaming time.
          chunksPerS: avg((r) => chunks / (r.streaming / 1000)),
        }
      }
      const a = Object.fromEntries(VARIANTS.map((v) => [v, agg(v)])) as Record<Variant, ReturnType<typeof agg>>
      const ratio = (x: number, y: number) => (y === 0 ? (x === 0 ? 1 : Infinity) : x / y)
      // A baseline without long tasks would give Infinity (null in JSON): floor the denominator at one long task (count) or 50 ms.
      const floored = (x: number, y: number, floor: number) => (x === 0 && y === 0 ? 1 : x / Math.max(y, floor))
      const figures: Figure[] = []
      const pairs: Array<[Variant, Variant, string]> = [
        ['hook', 'naive', 'useEncryptedChat (worker + throttle) / naive, WASM ECDH'],
        ['hook_local', 'naive', 'useEncryptedChat with the local key holder (throttle only) / naive, WASM ECDH'],
        ['hook_noble', 'naive_noble', 'useEncryptedChat / naive, @noble fallback (no WASM)'],
      ]
      for (const [x, y, note] of pairs) {
        figures.push(
          { name: `jank.ratio_${x}_vs_${y}.long_task_count`, value: floored(a[x].longCount, a[y].longCount, 1), unit: 'ratio', note: `long tasks > 50 ms (denominator at least 1), ${note}` },
          { name: `jank.ratio_${x}_vs_${y}.long_task_ms`, value: floored(a[x].longMs, a[y].longMs, 50), unit: 'ratio', note: `total long-task time (denominator at least 50 ms), ${note}` },
          { name: `jank.ratio_${x}_vs_${y}.commits_per_s`, value: ratio(a[x].commitsPerS, a[y].commitsPerS), unit: 'ratio', note: `React commits/s, ${note}` },
          { name: `jank.ratio_${x}_vs_${y}.busy_share`, value: ratio(a[x].busy, a[y].busy), unit: 'ratio', note: `main-thread busy share, ${note}` },
          { name: `jank.ratio_${x}_vs_${y}.chunks_per_s`, value: ratio(a[x].chunksPerS, a[y].chunksPerS), unit: 'ratio', note: `delivered chunks/s (throughput), ${note}` },
        )
      }
      for (const v of VARIANTS) {
        figures.push(
          { name: `jank.${v}.long_tasks`, value: a[v].longCount, unit: 'count', note: `long tasks > 50 ms per ${chunks}-chunk stream, mean of ${rounds} (goal 0); ecdh ${a[v].ecdh}` },
          { name: `jank.${v}.long_task_ms`, value: a[v].longMs, unit: 'ms', note: 'total long-task time per stream' },
          { name: `jank.${v}.commits_per_s`, value: a[v].commitsPerS, unit: '/s', note: 'React Profiler commits per second of streaming (goal <= 60)' },
          { name: `jank.${v}.busy_share`, value: a[v].busy, unit: 'share', note: 'main-thread TaskDuration / wall over the stream' },
          { name: `jank.${v}.chunks_per_s`, value: a[v].chunksPerS, unit: '/s', note: `delivered chunks per second (sent at ${1000 / delayMs})` },
        )
      }
      return figures
    } finally {
      await browser.close()
      await server.close()
      await sim.close()
    }
  },
}

export default suite
