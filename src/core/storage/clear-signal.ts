/** The `onClear` of sealkit's own storages: listeners told once `clear()` has forgotten everything. */
export function createClearSignal(): { subscribe: (listener: () => void) => () => void; emit: () => void } {
  const listeners = new Set<() => void>()
  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    emit() {
      for (const listener of [...listeners]) listener()
    },
  }
}
