/**
 * The harness's own share of a long stream's long tasks: a blank page that fetches a server-sent
 * stream of the given size and reads it to the end, with no app and no JavaScript per event.
 *
 * Why: Chromium under Playwright (DevTools attached) spends 90-170 ms of native work on the page's
 * main thread as a response of several MB completes, with no script in it (the trace shows a task
 * around `ResourceFinish`). The same page in a Chromium started without DevTools has none (measured
 * 2026-12-04: three runs of an 8.6 MB stream, no long task). The memory scenario's 20,000-chunk reply
 * is such a response, so its long-task count is read against this one.
 */
import { createServer } from 'node:http'
import type { Browser } from 'playwright-core'
import { listenOnLoopback } from './loopback.ts'

/** Long tasks of a blank page reading `bytes` in `events` server-sent events, paced one per `delayMs` (`[start, duration]`, ms). */
export async function plainStreamLongTasks(browser: Browser, { bytes, events, delayMs }: { bytes: number; events: number; delayMs: number }): Promise<Array<[number, number]>> {
  const size = Math.max(1, Math.round(bytes / events) - 8)
  const event = `data: ${'x'.repeat(size)}\n\n`
  const server = createServer((req, res) => {
    if (req.url !== '/stream') {
      res.setHeader('content-type', 'text/html')
      res.end('<!doctype html><meta charset="utf-8"><title>plain stream</title>')
      return
    }
    res.setHeader('content-type', 'text/event-stream')
    void (async () => {
      const start = Date.now()
      for (let i = 0; i < events && !res.destroyed; i++) {
        if (!res.write(event)) await new Promise((drained) => res.once('drain', drained))
        // Paced on a schedule, as the simulator paces its chunks.
        const due = start + (i + 1) * delayMs - Date.now()
        if (due > 0) await new Promise((later) => setTimeout(later, due))
      }
      res.end()
    })()
  })
  const listening = await listenOnLoopback(server)
  const page = await browser.newPage()
  try {
    await page.goto(`http://127.0.0.1:${listening.port}/`)
    return await page.evaluate(async () => {
      const long: Array<[number, number]> = []
      new PerformanceObserver((list) => list.getEntries().forEach((e) => long.push([Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: 'longtask' })
      const reader = (await fetch('/stream')).body!.getReader()
      while (!(await reader.read()).done);
      // Long-task entries arrive after their task: let them.
      await new Promise((settled) => setTimeout(settled, 500))
      return long
    })
  } finally {
    await page.close()
    await listening.close()
  }
}
