import { act } from 'react'
import { flushSync } from 'react-dom'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach } from 'vitest'
import { turnsWaitWithin } from '../../src/components/internal/render-in-turns.ts'

/**
 * Runs the turns of the markdown in `container` inside `act`, until none waits: a long reply renders its blocks a
 * slice per turn (`useBlocksInSlices`), each turn a task after the one before.
 */
export async function settleMarkdownTurns(container: Node): Promise<void> {
  await act(async () => {
    while (turnsWaitWithin(container)) await new Promise((resolve) => setTimeout(resolve, 1))
  })
}

/**
 * A React root in a host of its own for each test of the file, rendered outside `act` (whose flushing would run the
 * turns at once): `page.host` and `page.root` are the current test's.
 */
export function rootsOutsideAct(): { host: HTMLDivElement; root: Root } {
  const page = {} as { host: HTMLDivElement; root: Root }
  beforeEach(() => {
    ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false
    page.host = document.body.appendChild(document.createElement('div'))
    page.root = createRoot(page.host)
  })
  afterEach(() => {
    flushSync(() => page.root.unmount())
    page.host.remove()
  })
  return page
}
