/**
 * Whether a `pointermove` is the pointer moving. When a layout shift (a new message, streaming text) brings an
 * element under a pointer that stayed still, browsers send it enter and over events, and WebKit a made-up
 * move at the same place too: none of them is the user pointing at it. A move counts when its screen
 * position differs from the pointer's last one; `movementX` would say so directly, but browsers have left it
 * 0 on pointer events (Safari before 17, any first event). Touch is not tracked: it has no hover.
 */
let last: { x: number; y: number } | undefined
let previous: { x: number; y: number } | undefined
let watching = false

/** Starts following the pointer (once per page; a capture listener that sees each move before anyone else). */
export function watchPointer(): void {
  if (watching || typeof window === 'undefined') return
  watching = true
  window.addEventListener(
    'pointermove',
    (event) => {
      if (event.pointerType === 'touch') return
      previous = last
      last = { x: event.screenX, y: event.screenY }
    },
    { capture: true, passive: true },
  )
}

/** True when `event` (a non-touch pointermove, seen by the listener first) left the pointer's last position. */
export function pointerMoved(event: { screenX: number; screenY: number; pointerType: string }): boolean {
  if (event.pointerType === 'touch') return false
  return previous === undefined || previous.x !== event.screenX || previous.y !== event.screenY
}
