/**
 * Resolves in a later task: whatever is waiting (a message, input, a render) runs first. For
 * work split into steps that must not add up to one long task.
 * @example await nextTask()
 */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/** Options of {@link whenIdle}. */
export interface WhenIdleOptions {
  /**
   * Only an idle period with at least this many ms left: the browser grants up to 50 ms when nothing is due and
   * less when a frame is, so this passes over the gaps between the frames of a page still at work (rows mounting
   * one step per frame) and waits until it has settled. The 2 s limit still holds.
   */
  quietMs?: number
}

/** At the latest this long after `whenIdle`, its work runs, idle or not. */
const IDLE_TIMEOUT_MS = 2000

/**
 * Calls `run` in the browser's next idle period (at the latest 2 s on); where there is no `requestIdleCallback`
 * (Safari, Node), in a later task. Returns what cancels it.
 * @example
 * const cancel = whenIdle(() => prepareSomething())
 * whenIdle(() => encryptAhead(), { quietMs: 40 }) // once the page has nothing to do, not between two frames
 */
export function whenIdle(run: (deadline?: IdleDeadline) => void, { quietMs = 0 }: WhenIdleOptions = {}): () => void {
  if (typeof requestIdleCallback === 'function') {
    const due = performance.now() + IDLE_TIMEOUT_MS
    let id: number
    const period = (deadline: IdleDeadline) => {
      if (deadline.didTimeout || deadline.timeRemaining() >= quietMs) return run(deadline)
      id = requestIdleCallback(period, { timeout: Math.max(1, due - performance.now()) })
    }
    id = requestIdleCallback(period, { timeout: IDLE_TIMEOUT_MS })
    return () => cancelIdleCallback(id)
  }
  const id = setTimeout(run, 1)
  return () => clearTimeout(id)
}
