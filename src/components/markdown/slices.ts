import { useEffect, useState } from 'react'
import { renderInTurn } from '../internal/render-in-turns.ts'

/**
 * The most work one slice of a reply's finished blocks may hold, in characters of source, each block counting
 * `BLOCK_WORK` more for what it costs whatever its length (a component, a wrapper, its lexing set up). Chromium on a
 * 2-core machine, production build: a block costs ~45 µs and a character ~1-2.4 µs to render and build, so a
 * slice is 4-10 ms of the main thread, and a turn (render-in-turns.ts: ~10 ms) takes one or two.
 */
export const SLICE_WORK = 4096
const BLOCK_WORK = 40

/**
 * Blocks per rendered run at the most, each run a memoised component of its own (no DOM of its own): a render of the
 * reply (each chunk's, each turn's) compares a run per this many blocks, not every block. A reply of 40,000 tiny
 * blocks compared them all in each of its ~400 turns: 18-25 s of renders, long tasks up to 430 ms.
 */
const GROUP_SIZE = 64

/** Where the slice of `blocks` starting at `from` ends: at least one block, then as many as fit `SLICE_WORK`. */
export function sliceEnd(blocks: readonly string[], from: number): number {
  let end = from
  let work = 0
  while (end < blocks.length) {
    work += blocks[end]!.length + BLOCK_WORK
    if (work > SLICE_WORK && end > from) break
    end++
  }
  return end
}

/** Where the slice of `blocks` that ends at `to` starts, no sooner than `from`: at least one block, then as many before it as fit. */
export function sliceStart(blocks: readonly string[], from: number, to: number): number {
  let start = to
  let work = 0
  while (start > from) {
    work += blocks[start - 1]!.length + BLOCK_WORK
    if (work > SLICE_WORK && start < to) break
    start--
  }
  return start
}

/** Whether `a` and `b` hold the same blocks from `from` to `to` (the split's strings are the same objects while a text grows: a pointer check each). */
export function sameBlocks(a: readonly string[], b: readonly string[], from: number, to: number): boolean {
  if (a === b) return true
  if (to > a.length || to > b.length) return false
  for (let i = from; i < to; i++) if (a[i] !== b[i]) return false
  return true
}

/** A run of a reply's finished blocks, `from` to `to`: rendered, or waiting for its turn (shown as typed until then). */
export interface BlockRun {
  from: number
  to: number
  waiting: boolean
}

/** `runs` with the blocks `from` to `to` after them, rendered: the last run grown to `GROUP_SIZE`, then new runs of it. */
function withRendered(runs: readonly BlockRun[], from: number, to: number): BlockRun[] {
  const out = [...runs]
  const last = out[out.length - 1]
  let at = from
  if (last && !last.waiting && last.to === from && last.to - last.from < GROUP_SIZE) {
    at = Math.min(to, last.from + GROUP_SIZE)
    out[out.length - 1] = { ...last, to: at }
  }
  for (; at < to; at += GROUP_SIZE) out.push({ from: at, to: Math.min(to, at + GROUP_SIZE), waiting: false })
  return out
}

/**
 * The rendered run a text's tail (the block at `at`, the first not finished) joins when it finishes (`withRendered`):
 * the last run while it has room, else a new one starting at `at`. The tail renders in it beforehand, so that a block
 * that finishes keeps its component, and its DOM.
 */
export function tailRun(runs: readonly BlockRun[], at: number): BlockRun {
  const last = runs[runs.length - 1]
  return last && !last.waiting && last.to === at && last.to - last.from < GROUP_SIZE ? last : { from: at, to: at, waiting: false }
}

/**
 * `runs` with `blocks` from `from` on after them: all rendered when they fit one slice (or `sliced` is false), else
 * their last slice (a chat's reader is at its end) and the others waiting. `shown`: the first of them was on screen
 * already (the text grew: it was the text's last block, its tail), and stays rendered.
 */
function withNew(runs: readonly BlockRun[], blocks: readonly string[], from: number, sliced: boolean, shown = false): BlockRun[] {
  const first = shown ? Math.min(blocks.length, from + 1) : from
  const start = sliced ? sliceStart(blocks, first, blocks.length) : first
  if (start === first) return withRendered(runs, from, blocks.length)
  return withRendered([...withRendered(runs, from, first), { from: first, to: start, waiting: true }], start, blocks.length)
}

/**
 * `runs` with the first slice of their last waiting run rendered: after the reader's slice, the rest goes top down, so
 * that what a turn adds is followed by little (the typed rest and that slice), not by all a reply has rendered: the
 * browser lays out again what follows a change.
 */
function withTurnTaken(runs: readonly BlockRun[], blocks: readonly string[]): BlockRun[] {
  const i = runs.findLastIndex((run) => run.waiting)
  if (i === -1) return [...runs]
  const { from, to } = runs[i]!
  const end = Math.min(to, sliceEnd(blocks, from))
  const rest = end < to ? [{ from: end, to, waiting: true }] : []
  return [...withRendered(runs.slice(0, i), from, end), ...rest, ...runs.slice(i + 1)]
}

interface Rendered {
  blocks: readonly string[]
  runs: readonly BlockRun[]
}

/**
 * Which of a reply's finished `blocks` render now, as runs. A reply that shows more than a slice of them at once (a
 * long reply mounting finished, as a restored or opened conversation's does, a text replaced, or one that gains
 * that much in one update) renders their last slice in this render, where a chat's reader is, and the others a slice
 * per turn from the top, the lowest waiting run on the page first among the page's other turns (`renderInTurn`,
 * `anchor` its first element): 60 KB of markdown was one task of 90-160 ms to mount, and its layout another of 70-90.
 * The block a text had as its tail stays rendered when the text grows. A rendered block never goes back to waiting
 * while the blocks before it stay the same; a text whose blocks differ (one replaced, not extended) starts again.
 * With `sliced` false every block renders as it comes: on the server and while hydrating; while the text streams (a
 * streaming reply renders in a transition, which yields to the page between blocks); and where it is news to a
 * chat's live log, which is quiet while turns wait in it and would not read it out (`SlicedReplies`).
 */
export function useBlocksInSlices(blocks: readonly string[], sliced: boolean, anchor: () => Node | null | undefined): readonly BlockRun[] {
  const [rendered, setRendered] = useState<Rendered>(() => ({ blocks, runs: withNew([], blocks, 0, sliced) }))
  let runs = rendered.runs
  if (rendered.blocks !== blocks) {
    // New blocks (the split's array changes only when blocks are added, or the text is replaced).
    const before = rendered.blocks.length
    runs = sameBlocks(blocks, rendered.blocks, 0, before) ? withNew(runs, blocks, before, sliced, true) : withNew([], blocks, 0, sliced)
    // React's "information from previous renders" pattern, as useAppendOnlySplit: this renders again at once with it.
    setRendered({ blocks, runs })
  }
  const waiting = runs.some((run) => run.waiting)
  useEffect(() => {
    if (!waiting) return
    return renderInTurn(() => setRendered((now) => (now.blocks === blocks ? { blocks, runs: withTurnTaken(now.runs, blocks) } : now)), anchor)
  }, [waiting, blocks, runs, anchor])
  return runs
}
