/**
 * Browser-mode tests (real Chromium through Playwright):
 *   - `storybook`: every story in stories/ runs as a test (render + play function), and
 *     addon-a11y runs axe afterwards; any violation fails the test (a11y.test = 'error').
 *   - `components`: the tests in test/components/.
 *   - `screenshots` (only with SEALKIT_SCREENSHOTS=1): PNGs of every story in docs/screenshots/.
 *
 *   npx vitest run --config vitest.browser.config.ts
 *   SEALKIT_SCREENSHOTS=1 npx vitest run --config vitest.browser.config.ts --project screenshots
 *
 * Chromium: Debian's /usr/bin/chromium by default (apt-get install chromium), or CHROMIUM_PATH.
 * No browser is downloaded: `playwright install` is never needed.
 */
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import { common } from 'lowlight'
import { defineBrowserCommand, playwright } from '@vitest/browser-playwright'
import type { BrowserCommandContext } from 'vitest/node'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/chromium.ts'

process.env.STORYBOOK_DISABLE_TELEMETRY ??= '1'

/** `commands.setColorScheme('dark')` in a test: emulates prefers-color-scheme (test/components/commands.d.ts). */
const setColorScheme = defineBrowserCommand<['light' | 'dark']>(async (ctx, scheme) => {
  await ctx.page.emulateMedia({ colorScheme: scheme })
})

/**
 * `commands.failRequests(part)`: every later request whose URL contains `part` fails as a network error would (a
 * chunk a deploy removed, a blocked URL), until `commands.allowRequests(part)`. The page is every test file's: a
 * file that fails requests allows them again before it ends.
 */
const failing = new Map<string, (url: URL) => boolean>()
const failRequests = defineBrowserCommand<[string]>(async (ctx, part) => {
  const matches = (url: URL) => url.href.includes(part)
  failing.set(part, matches)
  await ctx.page.route(matches, (route) => route.abort('failed'))
})
const allowRequests = defineBrowserCommand<[string]>(async (ctx, part) => {
  const matches = failing.get(part)
  failing.delete(part)
  if (matches) await ctx.page.unroute(matches)
})

/** `commands.resetMouse()`: park the pointer off the page so it cannot hover what opens under it. */
const resetMouse = defineBrowserCommand<[]>(async (ctx) => {
  await ctx.page.mouse.move(-1000, -1000)
})

/**
 * `commands.screenshotRegion(path, rect)`: a PNG of part of the test iframe (CSS px), written to
 * `path` relative to the project root. Unlike page.screenshot it can take in popovers that are
 * portalled outside the story's own box, and crop away the empty rest of the viewport.
 */
const screenshotRegion = defineBrowserCommand<[string, { x: number; y: number; width: number; height: number }]>(
  async (ctx, path, rect) => {
    const frameElement = await (await ctx.frame()).frameElement()
    const box = await frameElement.boundingBox()
    if (!box) throw new Error('the test iframe has no box')
    const scale = box.width / (await frameElement.evaluate((el) => (el as HTMLIFrameElement).contentWindow!.innerWidth))
    await ctx.page.screenshot({
      path: resolve(ctx.project.config.root, path),
      clip: { x: box.x + rect.x * scale, y: box.y + rect.y * scale, width: rect.width * scale, height: rect.height * scale },
      animations: 'disabled',
      caret: 'hide',
    })
  },
)

type AXNode = { nodeId: string; parentId?: string; ignored: boolean; role?: { value: string }; name?: { value: string }; properties?: Array<{ name: string; value: { value?: unknown } }> }

/** Chromium's own accessibility tree of the test frame (CDP `Accessibility.getFullAXTree`). */
async function frameAXTree(ctx: BrowserCommandContext): Promise<AXNode[]> {
  const frame = await ctx.frame()
  const cdp = await ctx.page.context().newCDPSession(ctx.page)
  try {
    type FrameTree = { frame: { id: string; url: string }; childFrames?: FrameTree[] }
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: FrameTree }
    const find = (tree: FrameTree): string | undefined => (tree.frame.url === frame.url() ? tree.frame.id : tree.childFrames?.map(find).find(Boolean))
    const frameId = find(frameTree)
    if (!frameId) throw new Error('the test frame is not in the page frame tree')
    return ((await cdp.send('Accessibility.getFullAXTree', { frameId })) as { nodes: AXNode[] }).nodes
  } finally {
    await cdp.detach()
  }
}

/**
 * `commands.accessibleNames(role)`: the names Chromium's own accessibility tree gives every
 * element of `role` in the test frame (what a screen reader hears, CSS included), not a JS
 * re-computation of the accessible-name algorithm.
 */
const accessibleNames = defineBrowserCommand<[string]>(async (ctx, role) =>
  (await frameAXTree(ctx)).filter((n) => !n.ignored && n.role?.value === role).map((n) => n.name?.value ?? ''),
)

/**
 * `commands.liveStatus(role, name)`: for every `role` node whose name contains `name`, the politeness of the live
 * region a screen reader is told of its changes through (`polite`, `assertive`), or null where none would be. As
 * Chromium decides it: the nearest of the node and its ancestors that is a live region and not `aria-live="off"`
 * (only such a region has a `live` property in the tree CDP gives), and none if that one is `aria-busy`.
 */
const liveStatus = defineBrowserCommand<[string, string]>(async (ctx, role, name) => {
  const nodes = await frameAXTree(ctx)
  const byId = new Map(nodes.map((n) => [n.nodeId, n]))
  const property = (n: AXNode, key: string) => n.properties?.find((p) => p.name === key)?.value.value
  const live = (node: AXNode): string | null => {
    for (let n: AXNode | undefined = node; n; n = n.parentId === undefined ? undefined : byId.get(n.parentId)) {
      const politeness = property(n, 'live')
      if (typeof politeness === 'string' && politeness !== 'off') return property(n, 'busy') ? null : politeness
    }
    return null
  }
  return nodes.filter((n) => !n.ignored && n.role?.value === role && (n.name?.value ?? '').includes(name)).map(live)
})

// A fresh object per project: Vitest names the instances it is given in place.
const browser = (viewport = { width: 1000, height: 800 }, deviceScaleFactor = 1) => ({
  enabled: true,
  headless: true,
  provider: playwright({
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    // Animations off (styles.css honours prefers-reduced-motion): stable assertions and screenshots.
    contextOptions: { reducedMotion: 'reduce', deviceScaleFactor },
  }),
  instances: [{ browser: 'chromium' as const }],
  viewport,
  commands: { setColorScheme, resetMouse, failRequests, allowRequests, screenshotRegion, accessibleNames, liveStatus },
  screenshotFailures: false,
})

// Pre-bundled up front so Vite never re-optimizes mid-run (a reload there means two Reacts).
const optimizeDeps = {
  include: [
    'react',
    'react/jsx-dev-runtime',
    'react-dom',
    'react-dom/client',
    'react-dom/server',
    '@radix-ui/primitive',
    '@radix-ui/react-compose-refs',
    '@radix-ui/react-popover',
    '@radix-ui/react-select',
    '@radix-ui/react-slot',
    '@radix-ui/react-toggle-group',
    '@radix-ui/react-use-controllable-state',
    '@testing-library/react',
    '@testing-library/dom',
    '@testing-library/user-event',
    '@testing-library/jest-dom/vitest',
    'fast-check',
    // The hooks, core and simulator, as the connected PrivateChat (stories and tests) loads them.
    '@tanstack/react-query',
    '@noble/ciphers/aes.js',
    '@noble/curves/nist.js',
    '@noble/curves/secp256k1.js',
    '@noble/hashes/hkdf.js',
    '@noble/hashes/hmac.js',
    '@noble/hashes/sha2.js',
    '@noble/hashes/sha3.js',
    '@noble/hashes/utils.js',
    '@peculiar/asn1-ecc',
    '@peculiar/asn1-schema',
    '@peculiar/asn1-x509',
    // sealkit/ai-sdk's browser tests (test/components/ai-sdk-transport.test.tsx) with the real chat stacks.
    '@ai-sdk/react',
    '@assistant-ui/react',
    '@assistant-ui/react-ai-sdk',
    '@noble/curves/ed25519.js',
    '@noble/ciphers/chacha.js',
    '@noble/ciphers/salsa.js',
    '@noble/ciphers/_poly1305.js',
    // Markdown replies (the highlighter is a lazy chunk of its own).
    'marked',
    'remend',
    'lowlight',
    // Each of its grammars is a chunk of its own (src/components/markdown/grammars.ts).
    ...Object.keys(common).map((name) => `highlight.js/lib/languages/${name}`),
  ],
}

const projects: TestProjectInlineConfiguration[] = [
  {
    plugins: [storybookTest({ configDir: fileURLToPath(new URL('.storybook', import.meta.url)) })],
    optimizeDeps: { include: optimizeDeps.include.filter((dep) => !dep.startsWith('@testing-library/') && dep !== 'fast-check') },
    test: { name: 'storybook', browser: browser() },
  },
  {
    plugins: [react()],
    optimizeDeps,
    test: {
      name: 'components',
      include: ['test/components/**/*.test.tsx'],
      setupFiles: ['test/components/setup.ts'],
      exclude: ['test/components/screenshots.test.tsx'],
      browser: browser(),
    },
  },
]

if (process.env.SEALKIT_SCREENSHOTS) {
  projects.push({
    plugins: [react()],
    optimizeDeps: { include: [...optimizeDeps.include, '@storybook/react-vite', 'storybook/test', 'storybook/preview-api'] },
    test: {
      name: 'screenshots',
      include: ['test/components/screenshots.test.tsx'],
      setupFiles: ['test/components/setup.ts'],
      // 2x pixels: the PNGs are for docs and READMEs.
      browser: browser({ width: 1000, height: 800 }, 2),
      testTimeout: 60_000,
    },
  })
}

export default defineConfig({
  test: { projects },
})
