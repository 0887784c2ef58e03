'use client'
import { useCallback, useLayoutEffect, useRef, useState } from 'react'

/** Same keys, each value the same (`Object.is`). */
export function shallowEqual(a: object | undefined, b: object | undefined): boolean {
  if (a === b) return true
  if (!a || !b) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}

/**
 * `value`, or the object this hook returned before when that one has the same keys and values: props built
 * inline on every render (`{ ...a, ...b }`) as a memo's dependency that changes only when a value does.
 * A changed value is kept with a state update during render (React renders the component again at once,
 * before any child), not a ref written while rendering.
 * @example
 * const pickerProps = useShallowStable(modelPickerProps)
 * const picker = useMemo(() => <ModelPicker {...pickerProps} />, [pickerProps])
 */
export function useShallowStable<T extends object | undefined>(value: T): T {
  const [kept, setKept] = useState(value)
  if (shallowEqual(kept, value)) return kept
  setKept(value)
  return value
}

/**
 * A function that stays the same across renders and calls the latest `fn` (`undefined` stays `undefined`):
 * a handler that a memoized child takes without re-rendering for every new closure of its parent.
 * Not for calls during render (it calls the `fn` of the last commit).
 * @example
 * const changeModel = useLatestCallback(onModelChange)
 */
export function useLatestCallback<A extends unknown[], R>(fn: ((...args: A) => R) | undefined): ((...args: A) => R) | undefined {
  const latest = useRef(fn)
  useLayoutEffect(() => {
    latest.current = fn
  })
  const stable = useCallback((...args: A) => latest.current!(...args), [])
  return fn ? stable : undefined
}
