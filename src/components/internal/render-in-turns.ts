import { flushSync } from 'react-dom'

/**
 * The most a turn starts updates for, by the clock: one update more may run past it, and a turn of
 * 10 ms plus one row's render stays far from a long task (50 ms) on a busy 2-core machine.
 */
const TURN_BUDGET_MS = 10

interface Waiting {
  update: () => void
  /** Where the update renders: the lowest on the page goes first. */
  anchor?: () => Node | null | undefined
  /** Whether a chat's log keeps its live region quiet while this waits (`turnsWaitWithin`). */
  quiet: boolean
}
const waiting: Waiting[] = []
let scheduled = false
let preparation: Array<() => void> = []
const listeners = new Set<() => void>()
const changed = () => listeners.forEach((listener) => listener())

function takeTurn(): void {
  scheduled = false
  const start = performance.now()
  const before = waiting.length
  try {
    while (waiting.length > 0) {
      const step = preparation.shift()
      if (step) runPreparation(step)
      else flushSync(waiting.splice(nextIndex(), 1)[0]!.update)
      if (performance.now() - start >= TURN_BUDGET_MS) break
    }
  } finally {
    // An update that throws (a render error no boundary caught) reaches the page; the others still get their turn.
    schedule()
    if (waiting.length !== before) changed()
  }
}

/**
 * The waiting update whose anchor is lowest on the page (a chat's newest row: it shows its end), else the last
 * queued. A conversation mounted in steps queues its last rows first, so the order of queueing is not enough.
 */
function nextIndex(): number {
  let best = waiting.length - 1
  let bestNode = waiting[best]!.anchor?.()
  for (let i = waiting.length - 2; i >= 0; i--) {
    const node = waiting[i]!.anchor?.()
    if (node && (!bestNode || bestNode.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) {
      best = i
      bestNode = node
    }
  }
  return best
}

/** A preparation step that throws ends the preparation (it only ever makes the updates faster). */
function runPreparation(step: () => void): void {
  try {
    step()
  } catch {
    preparation.length = 0
  }
}

function schedule(): void {
  if (scheduled || waiting.length === 0) return
  scheduled = true
  // A timer, not a promise: an update that throws is the page's uncaught error, not an unhandled rejection.
  setTimeout(takeTurn, 0)
}

/**
 * Runs a React state update in a later task, committed there (`flushSync`), taking turns with the
 * other updates queued here: the one whose `anchor` is lowest on the page first (else the newest), as
 * many per task as fit in ~10 ms. For updates that would all land in one render at once: the markdown
 * renderer arriving under a restored conversation re-rendered its 150 replies in one task of 170-230 ms
 * (bench: render.history_300, Chromium on 2 cores). Lowest first: a chat shows its end. A chat's log is
 * quiet while an update anchored in it waits (replies re-rendered are not new messages); `quiet: false`
 * for one that should not silence it (words that stream on meanwhile are news). Returns a function that
 * takes the update off the queue if its turn has not come.
 * @example
 * useEffect(() => renderInTurn(rerender, () => ref.current), [])
 */
export function renderInTurn(update: () => void, anchor?: () => Node | null | undefined, { quiet = true }: { quiet?: boolean } = {}): () => void {
  const entry: Waiting = { update, anchor, quiet }
  waiting.push(entry)
  schedule()
  changed()
  return () => {
    const at = waiting.indexOf(entry)
    if (at === -1) return
    waiting.splice(at, 1)
    changed()
  }
}

/**
 * Whether an update anchored inside `container` waits for its turn: a chat's log keeps its live region
 * quiet meanwhile (replies re-rendered are not new messages). For `useSyncExternalStore`, with
 * {@link subscribeTurns}.
 */
export function turnsWaitWithin(container: Node | null | undefined): boolean {
  if (!container) return false
  return waiting.some((entry) => {
    if (!entry.quiet) return false
    const node = entry.anchor?.()
    return Boolean(node && container.contains(node))
  })
}

/** How many updates wait for a turn (for tests: an update cancelled leaves the queue). */
export const waitingTurns = (): number => waiting.length

/** Calls `listener` whenever updates are queued or leave the queue. Returns the unsubscribe. */
export function subscribeTurns(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/**
 * Work the queued updates should find done, in steps (the markdown lexer's warm-up: cold, the first
 * reply's render was a long task of its own). Turns run what is left of `steps` before any update,
 * taking each off the array as it runs, so another runner sharing the array (`runStepsWhenIdle`) never
 * runs it again.
 * @example const steps = markdownWarmUpSteps(); runStepsWhenIdle(steps); prepareTurns(steps)
 */
export function prepareTurns(steps: Array<() => void>): void {
  preparation = steps
}
