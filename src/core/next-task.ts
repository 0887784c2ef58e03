/**
 * Resolves in a later task: whatever is waiting (a message, input, a render) runs first. For
 * work split into steps that must not add up to one long task.
 * @example await nextTask()
 */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))
