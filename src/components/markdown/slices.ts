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

/** Whether `a` and `b` hold the same blocks from `from` to `to` (the split's strings are the same objects while a text grows: a pointer check each). */
export function sameBlocks(a: readonly string[], b: readonly string[], from: number, to: number): boolean {
  if (a === b) return true
  if (to > a.length || to > b.length) return false
  for (let i = from; i < to; i++) if (a[i] !== b[i]) return false
  return true
}

interface Rendered {
  blocks: readonly string[]
  /** How many of `blocks` render as blocks. */
  count: number
}

/**
 * How many of a reply's finished `blocks` to render now. A reply that gains more than a slice of them at once (a
 * long reply mounting finished, a restored or opened conversation's, or a text replaced) renders the first
 * slice in this render and the others a slice per turn, lowest on the page first among the page's other turns
 * (`renderInTurn`, `anchor` the element the waiting blocks are in): 60 KB of markdown was one task of 90-160 ms
 * to mount, and its layout another of 70-90. Blocks that streamed in a few at a time render as they come. The
 * count never falls while every block before it stays the same, so a block on screen never goes back to waiting;
 * a text whose blocks before it differ (one replaced, not extended) starts again from its first slice.
 * With `sliced` false (on the server, while hydrating) every block renders at once.
 */
export function useBlocksInSlices(blocks: readonly string[], sliced: boolean, anchor: () => Node | null | undefined): number {
  const [rendered, setRendered] = useState<Rendered>(() => ({ blocks, count: sliced ? sliceEnd(blocks, 0) : blocks.length }))
  let count = rendered.count
  if (rendered.blocks !== blocks) {
    // New blocks (the split's array changes only when blocks are added, or the text is replaced): those already
    // rendered stay while they are the same, and one slice more joins them.
    const kept = sameBlocks(blocks, rendered.blocks, 0, count) ? count : 0
    count = sliced ? sliceEnd(blocks, kept) : blocks.length
    // React's "information from previous renders" pattern, as useAppendOnlySplit: this renders again at once with it.
    setRendered({ blocks, count })
  }
  const waiting = count < blocks.length
  useEffect(() => {
    if (!waiting) return
    return renderInTurn(() => setRendered((now) => (now.blocks === blocks ? { blocks, count: sliceEnd(blocks, now.count) } : now)), anchor)
  }, [waiting, blocks, count, anchor])
  return count
}
