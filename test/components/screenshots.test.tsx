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
    const stories = composeStories(mod) as Record<string, { parameters?: { screenshot?: boolean }; run: () => Promise<void> }>
    for (const [name, Story] of Object.entries(stories)) {
      const skip = Story.parameters?.screenshot === false
      test.skipIf(skip)(name, async () => {
        await Story.run()
        await document.fonts.ready
        // A play function's last click leaves a focus ring; drop it unless a popover is open (blur would close it).
        if (!document.querySelector('[data-radix-popper-content-wrapper]')) (document.activeElement as HTMLElement | null)?.blur?.()
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
        await commands.screenshotRegion(`docs/screenshots/${kebab(component)}--${kebab(name)}.png`, contentRect())
      })
    }
  })
}
