/**
 * The consumer-app tests install the packed tarball (`npm pack`, see pack.ts) into fresh apps under
 * test/consumers/, build them, serve them on loopback and drive them in Chromium, as a user's app runs.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts'

export const CONSUMERS = fileURLToPath(new URL('.', import.meta.url))
export const TARBALL = join(CONSUMERS, '.pack', 'sealkit.tgz')
/** A free loopback port (the OS picks it), for servers that must be told a number: next start/dev, vite dev. */
export { freePort } from '../helpers/free-port.ts'
/** Commands as a user runs them (test/helpers/processes.ts, shared with the bench's Next.js app). */
export { sh, startProcess } from '../helpers/processes.ts'
import { sh } from '../helpers/processes.ts'

/**
 * `npm ci` from the fixture's committed lockfile; the lock names the tarball without an integrity
 * (it changes with every build), so this run's package is what gets installed. npm's cache is reused.
 */
export function installFixture(name: string): Promise<string> {
  // Once per run: a fixture's build and dev-server tests share one install.
  let install = installs.get(name)
  if (!install) {
    const dir = join(CONSUMERS, name)
    if (!existsSync(TARBALL)) throw new Error(`${TARBALL} is missing: pack.ts (the global setup) makes it`)
    install = sh(dir, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']).then(() => dir)
    installs.set(name, install)
  }
  return install
}
const installs = new Map<string, Promise<string>>()

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' }

/** A static file server for a built app on 127.0.0.1, on a free port. */
export async function serveStatic(root: string, headers: Record<string, string> = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))
    let file = resolve(root, `.${path}`)
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html')
    // `headers` on every response, as a static host's config adds them (a Content-Security-Policy: the workers' scripts get it too).
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(() => ok())) }
}

export interface ChatRun {
  reply: string
  /** `data-key-holder` of the badge: `session.keyHolder.kind`. */
  keyHolder: string | null
  /** `data-ecdh` of the badge: the ECDH the key holder runs (`session.keyHolder.ecdh.name`). */
  ecdh: string | null
  /** The badge's hover text. */
  badgeTitle: string | null
  /** `data-verified-in` of the badge: where the attestation was verified (`report.verifiedIn.kind`). */
  verifiedIn: string | null
  /** Scripts of the page's Web Workers. */
  workers: string[]
  /** console.error messages and uncaught page errors. */
  errors: string[]
  /** Every console message, for hydration warnings. */
  messages: string[]
  /** Every request's URL, in order. */
  requests: string[]
  /** The highlighter's token classes (`hljs-…`) in the reply's code blocks. */
  codeTokens: string[]
  /** Where each of the reply's code blocks was highlighted (`data-highlighted-in`), once all were. */
  highlightedIn: string[]
}

let browser: Browser | undefined

export async function closeBrowser(): Promise<void> {
  await browser?.close()
  browser = undefined
}

/** What a page said and asked for while `inChromium` drove it. */
export interface PageLog {
  /** console.error messages, uncaught page errors and HTTP errors. */
  errors: string[]
  /** Every console message. */
  messages: string[]
  /** Every request's URL, in order. */
  requests: string[]
}

/** Opens `url` in a new page of the shared Chromium and runs `drive` on it; the page's log beside its result. */
export async function inChromium<T>(url: string, drive: (page: Page) => Promise<T>): Promise<T & PageLog> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
  const page = await browser.newPage()
  const log: PageLog = { errors: [], messages: [], requests: [] }
  page.on('console', (m: ConsoleMessage) => {
    log.messages.push(`${m.type()}: ${m.text()}`)
    // With its location: "Failed to load resource" says which only there.
    if (m.type() === 'error') log.errors.push(m.location().url ? `${m.text()} (${m.location().url})` : m.text())
  })
  page.on('pageerror', (e) => log.errors.push(`uncaught: ${e.message}`))
  page.on('request', (r) => log.requests.push(r.url()))
  page.on('response', (r) => {
    if (r.status() >= 400) log.errors.push(`${r.status()} ${r.url()}`)
  })
  try {
    await page.goto(url)
    return { ...(await drive(page)), ...log }
  } finally {
    await page.close()
  }
}

/** Opens the app, waits for the simulated attestation, sends a message and reads the decrypted reply. */
export async function chatInChromium(url: string, text: string): Promise<ChatRun> {
  return inChromium(url, async (page) => {
    const badge = page.getByRole('button', { name: 'Attestation: Simulated' })
    await badge.waitFor({ timeout: 30_000 })
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.click()
    await box.fill(text)
    await page.waitForFunction(() => !(document.querySelector('textarea') as HTMLTextAreaElement | null)?.disabled)
    await box.press('Enter')
    const reply = page.getByRole('article', { name: 'Assistant message' }).last()
    await page.waitForFunction(() => [...document.querySelectorAll('article')].at(-1)?.getAttribute('data-status') === 'done', undefined, { timeout: 30_000 })
    // Highlighting follows the reply's end: a finished block, its grammar loaded (a long one, the highlighting
    // worker). Waited for when the message holds a code block: the markdown renderer is a lazy chunk too, compiled
    // on first request under a dev server. The workers are read after it: the highlighting worker may start only
    // when the reply has ended (a reply that never showed its long block while streaming).
    const highlighting = text.includes('```')
      ? await page
          .waitForFunction(
            () => {
              const blocks = [...([...document.querySelectorAll('article')].at(-1)?.querySelectorAll<HTMLElement>('pre code') ?? [])]
              if (!blocks.length || blocks.some((block) => !block.dataset.highlightedIn)) return null
              const tokens = blocks.flatMap((block) => [...block.querySelectorAll('[class^="hljs-"]')].map((e) => e.className))
              return { codeTokens: tokens, highlightedIn: blocks.map((block) => block.dataset.highlightedIn!) }
            },
            undefined,
            { timeout: 30_000 },
          )
          .then((h) => h.jsonValue())
          .catch(() => ({ codeTokens: [], highlightedIn: [] }))
      : { codeTokens: [], highlightedIn: [] }
    return {
      reply: (await reply.textContent()) ?? '',
      keyHolder: await badge.getAttribute('data-key-holder'),
      ecdh: await badge.getAttribute('data-ecdh'),
      badgeTitle: await badge.getAttribute('title'),
      verifiedIn: await badge.getAttribute('data-verified-in'),
      workers: page.workers().map((w) => w.url()),
      ...highlighting,
    }
  })
}

/** A code block long enough (over 4 KB) to be highlighted in the highlighting worker. */
const LONG_CODE = Array.from({ length: 100 }, (_, i) => `export const value${i}: string = compute(${i}, "text") // line ${i}`).join('\n')

/**
 * A message whose reply (the simulator echoes it) has two finished TypeScript code blocks: a short one, highlighted
 * on the main thread with the one grammar chunk it names, and a long one, highlighted in the highlighting worker.
 */
export const CODE_MESSAGE = `Hello from a consumer app\n\n\`\`\`ts\nconst answer: number = 42\n\`\`\`\n\n\`\`\`ts\n${LONG_CODE}\n\`\`\`\n`

/** React's hydration complaints (React 18 and 19 wordings). */
export const HYDRATION = /hydrat|did not match|server rendered HTML/i

/** What every consumer app must show: the reply decrypted in the worker, no console errors, no hydration warnings. */
export function expectPrivateChatInWorker(run: ChatRun): void {
  // The simulator echoes the message: these words first (CODE_MESSAGE adds a code block after them).
  expect(run.reply).toContain('You said: "Hello from a consumer app')
  expect(run.keyHolder).toBe('worker')
  // The attestation was verified in the verification worker, off the main thread.
  expect(run.verifiedIn).toBe('worker')
  expect(run.errors).toEqual([])
  expect(run.messages.filter((m) => HYDRATION.test(m) || /sealkit:/.test(m))).toEqual([])
  // CODE_MESSAGE's short block on the main thread, its long one in the highlighting worker the app's bundler emitted.
  expect(run.highlightedIn).toEqual(['main-thread', 'worker'])
}
