/**
 * PNG screenshots of every story (each state of each component, light and dark) into
 * docs/screenshots/. Runs only on request:
 *   SEALKIT_SCREENSHOTS=1 npx vitest run --config vitest.browser.config.ts --project screenshots
 * Stories with `parameters.screenshot === false` (live streams, pure interaction tests) are skipped.
 */
import { composeStories, setProjectAnnotations } from '@storybook/react-vite'
import { beforeAll, describe, expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import * as preview from '../../.storybook/preview.tsx'
import * as AttestationBadge from '../../stories/AttestationBadge.stories.tsx'
import * as ChatComposer from '../../stories/ChatComposer.stories.tsx'
import * as ModelPicker from '../../stories/ModelPicker.stories.tsx'
import * as PrivateChat from '../../stories/PrivateChat.stories.tsx'
import * as PrivateChatView from '../../stories/PrivateChatView.stories.tsx'
import * as StreamingMessage from '../../stories/StreamingMessage.stories.tsx'

const project = setProjectAnnotations([preview])
beforeAll(project.beforeAll)

type StoryModule = Parameters<typeof composeStories>[0]
const files: Record<string, StoryModule> = { AttestationBadge, ModelPicker, StreamingMessage, ChatComposer, PrivateChatView, PrivateChat }

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()

/** The box around everything sealkit drew (portalled popovers included), plus a margin. */
function contentRect(margin = 20) {
  const boxes = [...document.querySelectorAll('[class*="sealkit-"], [data-radix-popper-content-wrapper]')]
    .map((el) => el.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0)
  expect(boxes.length).toBeGreaterThan(0)
  const left = Math.max(0, Math.min(...boxes.map((r) => r.left)) - margin)
  const top = Math.max(0, Math.min(...boxes.map((r) => r.top)) - margin)
  const right = Math.min(innerWidth, Math.max(...boxes.map((r) => r.right)) + margin)
  const bottom = Math.min(innerHeight, Math.max(...boxes.map((r) => r.bottom)) + margin)
  return { x: Math.floor(left), y: Math.floor(top), width: Math.ceil(right - left), height: Math.ceil(bottom - top) }
}

for (const [component, mod] of Object.entries(files)) {
  describe(component, () => {
    const stories = composeStories(mod) as Record<string, { parameters?: { screenshot?: boolean }; run: () => Promise<void>; load: () => Promise<void> }>
    for (const [name, Story] of Object.entries(stories)) {
      const skip = Story.parameters?.screenshot === false
      test.skipIf(skip)(name, async () => {
        await Story.run()
        await document.fonts.ready
        // A play function's last click leaves a focus ring; drop it unless a popover is open (blur would close it).
        if (!document.querySelector('[data-radix-popper-content-wrapper]')) (document.activeElement as HTMLElement | null)?.blur?.()
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
        await commands.screenshotRegion(`docs/screenshots/${kebab(component)}--${kebab(name)}.png`, contentRect())
        // Unmount it (portalled popovers too): a story left mounted would sit under the next screenshot.
        // Portable stories run the previous story's cleanups only from the next run() or load().
        await Story.load()
      })
    }
  })
}

/** The chat's new states (markdown reply, message actions, Jump to latest) at desktop and phone width, light and dark, English and Chinese. */
describe('PrivateChatView states', () => {
  const sizes = { desktop: { width: 960, height: 720 }, phone: { width: 390, height: 760 } }
  for (const [size, box] of Object.entries(sizes)) {
    for (const theme of ['light', 'dark']) {
      for (const locale of ['en', 'zh-CN']) {
        test(`${size} ${theme} ${locale}`, async () => {
          const { render, cleanup } = await import('@testing-library/react')
          const { PrivateChatView, SealkitLocaleProvider, preloadMarkdown } = await import('../../src/components/index.ts')
          const { conversation, markdownAnswer, models } = await import('../../stories/fixtures.ts')
          await preloadMarkdown()
          // The page holds this chat alone: nothing from an earlier story (a popover, a panel in another language).
          expect([...document.body.querySelectorAll('[class*="sealkit-"], [data-radix-popper-content-wrapper]')].map((el) => el.className)).toEqual([])
          document.documentElement.dataset.theme = theme
          const question = locale === 'en' ? conversation[0]! : { ...conversation[0]!, parts: [{ type: 'text', text: '服务商怎么能在看不到我的提示词的情况下运行模型？' }] }
          render(
            <SealkitLocaleProvider locale={locale}>
              <div style={{ ...box, background: 'var(--sealkit-bg)' }}>
                <PrivateChatView
                  messages={[question, { id: 'md', role: 'assistant', parts: [{ type: 'text', text: markdownAnswer }], privacy: { e2ee: true, signature: 'verified', attestation: 'passed' } }]}
                  models={models}
                  model="e2ee-gpt-oss-120b"
                  onSend={() => {}}
                  onRegenerate={() => {}}
                  onEdit={() => {}}
                />
              </div>
            </SealkitLocaleProvider>,
          )
          await document.fonts.ready
          const log = document.querySelector('[role="log"]') as HTMLElement
          log.scrollTop = 0
          log.dispatchEvent(new Event('scroll'))
          await new Promise((resolve) => setTimeout(resolve, 300))
          await commands.screenshotRegion(`docs/screenshots/chat--${size}-${theme}-${locale}.png`, { x: 0, y: 0, ...box })
          cleanup()
          delete document.documentElement.dataset.theme
        })
      }
    }
  }
})
