/**
 * The demo page's layout, languages and accessibility, in the system Chromium on its static build
 * (what `vite build` gives to publish; demo.e2e.test.ts drives the dev server `npm start` runs):
 * the composer above the fold at 1280x800, the chat filling a phone's first screen (explanations
 * below it), the Chinese demo with no English string left in the components, and axe over the
 * states people see (loaded, streaming, privacy details, open badge popover, open picker, error).
 * Screenshots of each (desktop and phone, light and dark, English and Chinese) go to
 * docs/screenshots/demo-*.png with SEALKIT_SCREENSHOTS=1; without it the layout checks run in light
 * mode and in Chinese on the desktop only.
 *
 *   npx vitest run test/e2e/demo-states.e2e.test.ts
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { build, preview, type PreviewServer } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { demoEn, demoZhCN } from '../../demo/words.ts'
import { en } from '../../src/components/i18n/en.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts'

const SKIP = !existsSync(CHROMIUM_PATH) && !process.env.CI
const CONFIG = fileURLToPath(new URL('../../demo/vite.config.ts', import.meta.url))
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
// Light only, unless screenshots are wanted: the dark variants are the same layout in other colours
// (dark mode's own test is in demo.e2e.test.ts), and each costs a page load and a reply.
const SCHEMES = process.env.SEALKIT_SCREENSHOTS ? (['light', 'dark'] as const) : (['light'] as const)
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } }
const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

/** Every English word or sentence of the components' catalog (3+ letters; E2EE and TEE are names in every language). */
function catalogEnglish(): string[] {
  const out: string[] = []
  const walk = (value: unknown) => {
    if (typeof value === 'string') out.push(value)
    else if (typeof value === 'function') out.push(...String((value as (...a: unknown[]) => unknown)('\u0000', 1)).split('\u0000').map((s) => s.trim()))
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk)
  }
  walk({ ...en, locale: '', dir: '' })
  return [...new Set(out)].filter((s) => /[A-Za-z]{3}/.test(s) && !['E2EE', 'TEE'].includes(s))
}

/** The demo's own English words (./demo/words.ts) that its Chinese words do not share (names like "Venice API key" keep a name in both). */
function demoEnglish(): string[] {
  const strings = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : typeof value === 'function'
        ? String((value as (...a: unknown[]) => unknown)('\u0000', 1)).split('\u0000').map((s) => s.trim())
        : typeof value === 'object' && value !== null
          ? Object.values(value).flatMap(strings)
          : []
  const chinese = new Set(strings(demoZhCN))
  return [...new Set(strings(demoEn))].filter((s) => /[A-Za-z]{3}/.test(s) && !chinese.has(s))
}

describe.skipIf(SKIP)('demo page: layout, Chinese, axe', () => {
  let server: PreviewServer
  let browser: Browser
  let origin: string
  let outDir: string | undefined

  beforeAll(async () => {
    delete process.env.VITE_VENICE_API_KEY
    // Built once (~3 s) and served statically: a page then loads in ~1.3 s, against ~3.5 s for the
    // dev server's 330 module requests, and this file opens a dozen pages.
    outDir = mkdtempSync(join(tmpdir(), 'sealkit-demo-'))
    await build({ configFile: CONFIG, logLevel: 'warn', build: { outDir, sourcemap: false } })
    server = await preview({ configFile: CONFIG, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } })
    origin = new URL(server.resolvedUrls!.local[0]!).origin
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS })
    mkdirSync(SHOTS, { recursive: true })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (outDir) rmSync(outDir, { recursive: true, force: true })
  })

  async function open(options: BrowserContextOptions, query = '', colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ ...options, colorScheme, reducedMotion: 'reduce' })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(`${origin}/${query}`)
    await page.locator('.sealkit-badge[data-state="simulated"]').waitFor({ timeout: 30_000 })
    expect(problems).toEqual([])
    return page
  }

  const shot = async (page: Page, name: string) => {
    await page.mouse.move(0, 0)
    const png = await page.screenshot({ animations: 'disabled', caret: 'hide', ...(process.env.SEALKIT_SCREENSHOTS ? { path: `${SHOTS}demo-${name}.png` } : {}) })
    expect(png.length).toBeGreaterThan(10_000)
  }

  async function send(page: Page, text: string, until: 'done' | 'streaming' = 'done') {
    const box = page.locator('.sealkit-composer textarea')
    await expect.poll(() => box.isEnabled(), { timeout: 15_000 }).toBe(true)
    await box.fill(text)
    await box.press('Enter')
    // Streaming means words on screen, not the waiting indicator before them.
    const selector = `article[data-role="assistant"][data-status="${until}"]${until === 'streaming' ? ' .sealkit-message__text' : ''}`
    await page.locator(selector).last().waitFor({ timeout: 15_000 })
  }

  /**
   * axe over the whole page: violations as "rule: target" lines. `modal`: a modal listbox is open, so
   * the page behind it is hidden from assistive technology on purpose (Radix Select); the rules about
   * the page's own structure (a main landmark, an h1, content in landmarks) do not apply then.
   */
  async function axe(page: Page, modal = false): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
    const off = modal ? ['landmark-one-main', 'page-has-heading-one', 'region'] : []
    return page.evaluate(async (off) => {
      const result = await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe.run(document, {
        resultTypes: ['violations'],
        rules: Object.fromEntries(off.map((id) => [id, { enabled: false }])),
      })
      return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary ?? ''}`))
    }, off)
  }

  test('1280x800: the chat and its composer are above the fold; the explanations follow', async () => {
    for (const scheme of SCHEMES) {
      const page = await open(DESKTOP, '', scheme)
      const composer = await page.locator('.sealkit-composer').boundingBox()
      expect(composer!.y + composer!.height).toBeLessThanOrEqual(800)
      expect((await page.getByRole('heading', { level: 1 }).boundingBox())!.y).toBeGreaterThan(800 - 1)
      await send(page, 'How private is this?')
      await shot(page, `desktop-${scheme}-en`)
      await page.context().close()
    }
  }, 60_000)

  test('phone: the chat fills the first screen, "Simulated" is whole, the explanations are below it', async () => {
    for (const scheme of SCHEMES) {
      const page = await open(PHONE, '', scheme)
      const chat = (await page.locator('.demo-chat').boundingBox())!
      expect(chat.y).toBeLessThan(60)
      expect(chat.y + chat.height).toBeGreaterThan(740 - 20)
      expect(chat.y + chat.height).toBeLessThanOrEqual(740)
      const composer = (await page.locator('.sealkit-composer').boundingBox())!
      expect(composer.y + composer.height).toBeLessThanOrEqual(740)
      expect((await page.getByRole('heading', { level: 1 }).boundingBox())!.y).toBeGreaterThan(740)
      // Nothing wider than the phone: no sideways scrolling, no control cut off.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
      for (const control of await page.locator('.demo-topbar button').all()) expect((await control.boundingBox())!.x + (await control.boundingBox())!.width).toBeLessThanOrEqual(375)
      const label = page.locator('.sealkit-badge__label')
      expect(await label.textContent()).toBe('Simulated')
      expect(await label.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= 375)).toBe(true)
      await send(page, 'How private is this?')
      expect(await page.locator('.sealkit-chip[data-fact="attestation"]').last().textContent()).toBe('Simulated')
      await shot(page, `phone-${scheme}-en`)
      await page.context().close()
    }
  }, 60_000)

  test('in Chinese: the chat, picker, privacy details and composer have no English string left', async () => {
    const english = catalogEnglish()
    const page = await open(DESKTOP, '?lang=zh-CN')
    await send(page, '这里的对话是私密的吗？')
    /** UI strings in the chat: text, labels, placeholders, titles; the conversation and the model names are data. */
    const uiText = () =>
      page.evaluate(() => {
        const roots = [document.querySelector('.demo-chat')!, ...document.querySelectorAll('.sealkit-select-content')]
        const parts: string[] = []
        for (const root of roots) {
          const clone = root.cloneNode(true) as Element
          // Data, not UI: the conversation and the model names.
          clone.querySelectorAll('.sealkit-message__content, .sealkit-select-trigger span:first-child, [role="option"] .sealkit-model-option__name').forEach((el) => el.remove())
          parts.push(clone.textContent ?? '')
          for (const el of clone.querySelectorAll('[aria-label],[placeholder],[title]')) parts.push(el.getAttribute('aria-label') ?? '', el.getAttribute('placeholder') ?? '', el.getAttribute('title') ?? '')
        }
        return parts.join('\n')
      })
    const left = (text: string) => english.filter((s) => text.includes(s))
    expect(await page.locator('.demo-chat').getAttribute('lang')).toBe('zh-CN')
    expect(left(await uiText())).toEqual([])
    // The demo's own words too, the whole page round the chat (the code example is code).
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
    const pageText = await page.evaluate(() => {
      const clone = document.body.cloneNode(true) as Element
      clone.querySelectorAll('.demo-chat, pre, code').forEach((el) => el.remove())
      const attributes = [...clone.querySelectorAll('[aria-label],[placeholder],[title],[label]')].flatMap((el) => ['aria-label', 'placeholder', 'title', 'label'].map((a) => el.getAttribute(a) ?? ''))
      return [clone.textContent ?? '', ...attributes].join('\n')
    })
    expect(demoEnglish().filter((s) => pageText.includes(s))).toEqual([])
    expect(pageText).toContain('可以亲自核验的私密聊天')
    // The privacy details, opened from the keyboard.
    await page.locator('.sealkit-privacy__row').last().focus()
    await page.locator('.sealkit-privacy__details:not([hidden])').last().waitFor()
    expect(await page.locator('.sealkit-privacy__details').last().textContent()).toMatch(/模拟/)
    expect(left(await uiText())).toEqual([])
    await shot(page, 'desktop-light-zh-CN')
    await page.keyboard.press('Escape')
    // The model picker, open.
    await page.locator('.sealkit-select-trigger').click()
    await page.getByRole('listbox').waitFor()
    expect(left(await uiText())).toEqual([])
    await page.keyboard.press('Escape')
    await page.context().close()

    // The other Chinese screenshots (the checks above hold for them as they are).
    if (!process.env.SEALKIT_SCREENSHOTS) return
    for (const scheme of ['light', 'dark'] as const) {
      const phone = await open(PHONE, '?lang=zh-CN', scheme)
      await send(phone, '这里的对话是私密的吗？')
      await shot(phone, `phone-${scheme}-zh-CN`)
      await phone.context().close()
    }
    const dark = await open(DESKTOP, '?lang=zh-CN', 'dark')
    await send(dark, '这里的对话是私密的吗？')
    await shot(dark, 'desktop-dark-zh-CN')
    await dark.context().close()
  }, 90_000)

  test('axe: no violations in the loaded, streaming, privacy-details, popover, picker and error states', async () => {
    const page = await open(DESKTOP, '?fault=slow-stream')
    expect(await axe(page), 'loaded').toEqual([])
    // Before the first word: the waiting indicator (the slow stream pauses before every chunk).
    const box = page.locator('.sealkit-composer textarea')
    await expect.poll(() => box.isEnabled(), { timeout: 15_000 }).toBe(true)
    await box.fill('Take your time')
    await box.press('Enter')
    await page.getByRole('status').filter({ hasText: 'Generating a response' }).waitFor({ timeout: 15_000 })
    expect(await axe(page), 'waiting').toEqual([])
    await shot(page, 'waiting')
    await page.locator('article[data-role="assistant"][data-status="streaming"] .sealkit-message__text').last().waitFor({ timeout: 15_000 })
    expect(await axe(page), 'streaming').toEqual([])
    await shot(page, 'streaming')
    await page.getByRole('button', { name: 'Stop' }).click()
    await page.locator('article[data-role="assistant"][data-status="stopped"]').waitFor()

    await page.locator('.sealkit-privacy__row').last().focus()
    await page.locator('.sealkit-privacy__details:not([hidden])').last().waitFor()
    expect(await axe(page), 'privacy details').toEqual([])
    await shot(page, 'privacy-details')
    await page.keyboard.press('Escape')

    await page.locator('.sealkit-badge').click()
    await page.locator('.sealkit-attestation[data-state="open"]').waitFor()
    expect(await axe(page), 'badge popover').toEqual([])
    await page.keyboard.press('Escape')
    await page.locator('.sealkit-attestation').waitFor({ state: 'detached' })

    await page.locator('.sealkit-select-trigger').click()
    await page.getByRole('listbox').waitFor()
    expect(await axe(page, true), 'model picker').toEqual([])
    await page.keyboard.press('Escape')
    await page.context().close()

    const failing = await browser.newContext({ ...DESKTOP, reducedMotion: 'reduce' })
    const errorPage = await failing.newPage()
    await errorPage.goto(`${origin}/?fault=stream-error`)
    await errorPage.locator('.sealkit-badge[data-state="simulated"]').waitFor({ timeout: 30_000 })
    await send(errorPage, 'This will fail', 'error' as 'done')
    expect(await axe(errorPage), 'error').toEqual([])
    await shot(errorPage, 'error')
    await failing.close()
  }, 90_000)

  test('what runs in the enclave: seen before, changed after a redeploy, pinned, and the platform checked or not', async () => {
    const page = await open(DESKTOP)
    const controls = page.getByTestId('identity-controls')
    /** Opens the badge, reads one assurance's value, closes it. */
    const assurance = async (id: string): Promise<string> => {
      await page.locator('.sealkit-badge').click()
      const value = page.locator(`.sealkit-attestation[data-state="open"] [data-assurance="${id}"] .sealkit-assurance__value`)
      await value.waitFor()
      const text = (await value.textContent()) ?? ''
      await page.keyboard.press('Escape')
      return text
    }
    /** Waits for the re-verification a control started to land in the badge. */
    const settle = async (id: string, expected: RegExp) => {
      await expect.poll(() => assurance(id), { timeout: 20_000 }).toMatch(expected)
    }

    await settle('platform', /not checked/i)
    await controls.getByRole('button', { name: 'Forget what was seen' }).click()
    await settle('code', /unknown|first/i)
    await page.reload() // the first sight was remembered in this browser
    await page.locator('.sealkit-badge[data-state="simulated"]').waitFor({ timeout: 30_000 })
    await settle('code', /seen before/i)

    await page.getByTestId('identity-controls').getByRole('button', { name: 'Redeploy the enclave' }).click()
    await settle('code', /changed/i)
    await page.locator('.sealkit-badge').click()
    await expect.poll(() => page.locator('.sealkit-attestation[data-state="open"]').textContent()).toMatch(/Changed since/)
    await shot(page, 'identity-changed')
    await page.keyboard.press('Escape')

    await page.getByTestId('identity-controls').getByRole('button', { name: 'Pin what runs now' }).click()
    await settle('code', /pinned/i)
    await page.getByTestId('identity-controls').getByRole('checkbox').check()
    await settle('platform', /up to date/i)
    await page.context().close()
  }, 120_000)
})
