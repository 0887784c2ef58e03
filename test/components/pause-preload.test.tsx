/**
 * preloadMarkdown() is an explicit request (tests, screenshots, a route's hover) that settles once the renderer's
 * warm-up is done: a chat view held at `submitted` (a story of the sending state, an app's own hook) must not hold
 * it back for ever.
 */
import { render } from '@testing-library/react'
import { expect, it } from 'vitest'
import { preloadMarkdown, PrivateChatView } from '../../src/components/index.ts'
import { models } from '../../stories/fixtures.ts'

it('preloadMarkdown() settles while a chat view waits at `submitted`', async () => {
  const view = render(<PrivateChatView messages={[]} status="submitted" models={models} model={models[0]!.id} />)
  const outcome = await Promise.race([
    preloadMarkdown().then(() => 'settled'),
    new Promise<string>((r) => setTimeout(() => r('still waiting after 5 s'), 5000)),
  ])
  expect(outcome).toBe('settled')
  view.unmount()
})
