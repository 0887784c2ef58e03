'use client'
import { useEffect, useState } from 'react'

/**
 * How long a live region stays quiet after its last change that is not news. Chromium takes DOM
 * changes into its accessibility tree in batches, 350 ms apart until the page has loaded and 150 ms
 * after (Blink's `kDelayForDeferredUpdatesBeforePageLoad` / `AfterPageLoad`), and announces what a
 * batch added to a region that is live once the batch is in: a region made live again within the
 * batch of its last change announces that change. Then a frame, in which the batch is committed.
 */
const QUIET_AFTER_MS = 500

/**
 * True while `changing` (rows of history going in, replies re-rendered), and until the browser's
 * accessibility tree has surely taken in the last of those changes: ~500 ms after, then a frame.
 * `changes` counts changes made in one render (a short conversation mounted whole): each new count
 * is quiet from the render that brings it. For `aria-live="off"` on a log, so that a screen reader
 * does not announce history as new messages. A hidden page renders no frame: it stays quiet until
 * it is shown, when the accessibility tree catches up.
 * @example
 * const quiet = useQuietLiveRegion(steppingIn || upgrading, conversationsArrived)
 * return <div role="log" aria-live={quiet ? 'off' : undefined}>{rows}</div>
 */
export function useQuietLiveRegion(changing: boolean, changes = 0): boolean {
  const [settling, setSettling] = useState({ quiet: changing, changes })
  // Adjusted while rendering: the commit that makes the change is already quiet.
  if ((changing && !settling.quiet) || changes !== settling.changes) setSettling({ quiet: true, changes })
  useEffect(() => {
    if (changing || !settling.quiet) return
    let frame: number | undefined
    let task: ReturnType<typeof setTimeout> | undefined
    const settled = () => setSettling((s) => ({ ...s, quiet: false }))
    const timer = setTimeout(() => {
      // After the frame: a state update in the frame's own callbacks would land in the batch it commits.
      if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(() => (task = setTimeout(settled, 0)))
      else settled()
    }, QUIET_AFTER_MS)
    return () => {
      clearTimeout(timer)
      clearTimeout(task)
      if (frame !== undefined) cancelAnimationFrame(frame)
    }
  }, [changing, settling])
  return changing || settling.quiet
}
