'use client'
import { startTransition, useEffect, useReducer, useSyncExternalStore } from 'react'
import { loadOnce } from '../../core/load-once.ts'
import { useIdleLoad } from './idle-loads.ts'

/** Where a lazily loaded part stands: `value` once loaded, `error` when the load failed. */
export interface LazyPartState<T> {
  readonly value: T | undefined
  readonly error: unknown
}

/** A part of a component loaded as a chunk of its own (see `lazyPart`). */
export interface LazyPart<T> {
  /** Starts loading (once; again after a failure) and resolves with the part. */
  preload(): Promise<T>
  /**
   * The part's state in a component, which renders again when it loads or fails. Loads it at idle
   * after the component mounts (and after the critical path, inside `<PrivateChat>`), or at once
   * when `needed` (the user opened its stand-in). Server rendering and hydration always see "not
   * loaded", so the first client render matches the server's placeholder.
   */
  useState(needed?: boolean): LazyPartState<T>
}

const NOT_LOADED: LazyPartState<never> = Object.freeze({ value: undefined, error: undefined })
const subscribeNever = () => () => {}
const increment = (n: number) => n + 1

/**
 * A chunk the initial bundle does not carry: Radix popups and the attestation details load on
 * demand, at idle once the chat is verified (`useIdleLoad`), or as soon as the user opens one. Unlike
 * `React.lazy` a part that is already loaded renders at once, without a Suspense round, and a
 * failed load is a state the caller shows (never a blank).
 * @example
 * const select = lazyPart(() => import('./ModelSelect.tsx').then((m) => m.ModelSelect))
 * const { value: Select, error } = select.useState(openedEarly)
 */
export function lazyPart<T>(load: () => Promise<T>): LazyPart<T> {
  let state: LazyPartState<T> = NOT_LOADED
  const listeners = new Set<() => void>()
  const set = (next: LazyPartState<T>) => {
    state = next
    for (const l of [...listeners]) l()
  }
  // Once; a later mount may try again after a failure.
  const preload = loadOnce(() =>
    load().then(
      (value) => {
        set({ value, error: undefined })
        return value
      },
      (error: unknown) => {
        set({ value: undefined, error: error ?? new Error('load failed') })
        throw error
      },
    ),
  )
  const subscribe = (listener: () => void) => {
    listeners.add(listener)
    return () => void listeners.delete(listener)
  }
  const getSnapshot = () => state
  const getServerSnapshot = () => NOT_LOADED as LazyPartState<T>
  return {
    preload,
    useState(needed = false) {
      // Read when the component renders (the server's "not loaded" while hydrating), but not subscribed
      // through React's store hook: a store update always renders at once, in one task, and a part's
      // first render (a Radix Select, tens of ms of cold code) was a long task. It arrives in a
      // transition instead, which React renders in slices between other work.
      const current = useSyncExternalStore(subscribeNever, getSnapshot, getServerSnapshot)
      const [, rerender] = useReducer(increment, 0)
      useEffect(() => {
        const update = () => startTransition(rerender)
        const unsubscribe = subscribe(update)
        if (getSnapshot() !== current) update() // it loaded between this render and the subscription
        return unsubscribe
      }, [current])
      useIdleLoad(preload, { loaded: current.value !== undefined, needed })
      return current
    },
  }
}
