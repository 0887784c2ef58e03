'use client'
import { startTransition, useEffect, useState, useSyncExternalStore } from 'react'

const subscribeToNothing = () => () => {}

/**
 * `true` on the server and while hydrating (`getServerSnapshot`), `false` from the client's next render
 * on, and from the start on a client-only mount (no extra render there).
 */
export function useServerOrHydrating(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => false,
    () => true,
  )
}

/**
 * `false` for a component's first commit on a client-only mount, then `true` once its content has
 * rendered in a transition: React renders a transition in slices of a few milliseconds, yielding to
 * the page between them, where a first render (cold code, on a page busy starting up) is one task,
 * long enough to be a long task. Commit a frame with the hooks that start work, content after.
 *
 * `true` from the start on the server and while hydrating (`getServerSnapshot`): the server's HTML
 * has the content, and hydration already renders in slices.
 * @example
 * const contentReady = useContentInTransition()
 * return <section>{contentReady && <Heavy />}</section>
 */
export function useContentInTransition(): boolean {
  const serverOrHydrating = useServerOrHydrating()
  const [ready, setReady] = useState(serverOrHydrating)
  useEffect(() => {
    if (!ready) startTransition(() => setReady(true))
  }, [ready])
  return ready
}
