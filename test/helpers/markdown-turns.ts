import { act } from 'react'
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
