/**
 * Resolves in a later task: whatever is waiting (a message, input, a render) runs first. For
 * work split into steps that must not add up to one long task.
 * @example await nextTask()
 */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/**
 * Calls `run` in the browser's next idle period (at the latest 2 s on); where there is no `requestIdleCallback`
 * (Safari, Node), in a later task. Returns what cancels it.
 * @example
 * const cancel = whenIdle(() => prepareSomething())
 */
export function whenIdle(run: (deadline?: IdleDeadline) => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: 2000 })
    return () => cancelIdleCallback(id)
  }
  const id = setTimeout(run, 1)
  return () => clearTimeout(id)
}
