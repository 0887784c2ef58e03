import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { afterEach, expect, it, vi } from 'vitest'
import { useQuietLiveRegion } from '../../src/components/internal/use-quiet-live-region.ts'

function Log({ changing, changes }: { changing: boolean; changes?: number }) {
  const quiet = useQuietLiveRegion(changing, changes)
  return <div role="log" aria-live={quiet ? 'off' : undefined} />
}

const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
afterEach(() => {
  document.body.replaceChildren()
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = true
})

function mount(changing: boolean) {
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false
  const host = document.body.appendChild(document.createElement('div'))
  const root = createRoot(host)
  const render = (next: boolean) => flushSync(() => root.render(<Log changing={next} />))
  render(changing)
  const live = () => host.firstElementChild!.getAttribute('aria-live')
  return { root, render, live }
}

it('stays quiet while changing and ~500 ms after, then for a frame, and starts over if a change comes meanwhile', async () => {
  const { root, render, live } = mount(true)
  expect(live()).toBe('off')
  render(false)
  const ended = performance.now()
  await new Promise((r) => setTimeout(r, 300))
  expect(live()).toBe('off')
  // Another change within the tail: the tail counts from its end.
  render(true)
  render(false)
  const endedAgain = performance.now()
  await vi.waitFor(() => expect(live()).toBeNull(), { timeout: 3_000, interval: 10 })
  expect(performance.now() - endedAgain).toBeGreaterThanOrEqual(500)
  expect(performance.now() - ended).toBeGreaterThanOrEqual(800)
  root.unmount()
})

it('is live from the first render when nothing changes, and quiet again as soon as something does', () => {
  const { root, render, live } = mount(false)
  expect(live()).toBeNull()
  render(true)
  expect(live()).toBe('off')
  root.unmount()
})

it('stays quiet while the page renders no frame: the accessibility tree is taken in with a frame', async () => {
  const frames: FrameRequestCallback[] = []
  vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => frames.push(callback))
  const { root, render, live } = mount(true)
  render(false)
  await vi.waitFor(() => expect(frames).toHaveLength(1), { timeout: 3_000 })
  await new Promise((r) => setTimeout(r, 50))
  expect(live()).toBe('off')
  frames[0]!(performance.now())
  await vi.waitFor(() => expect(live()).toBeNull())
  root.unmount()
  vi.restoreAllMocks()
})

it('is quiet from the render that brings a new count of changes made at once, and ~500 ms after', async () => {
  const { root, live } = mount(false)
  const host = document.body.lastElementChild!
  const attributes: Array<string | null> = []
  const observer = new MutationObserver(() => attributes.push(live()))
  observer.observe(host, { childList: true, subtree: true, attributes: true })
  flushSync(() => root.render(<Log changing={false} changes={1} />))
  // Quiet in the commit that brings the change.
  expect(live()).toBe('off')
  const at = performance.now()
  await vi.waitFor(() => expect(live()).toBeNull(), { timeout: 3_000, interval: 10 })
  expect(performance.now() - at).toBeGreaterThanOrEqual(500)
  observer.disconnect()
  expect(attributes.filter((a) => a === null)).toHaveLength(1) // live again once, at the end
  root.unmount()
})
