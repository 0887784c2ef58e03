'use client'
import { useEffect, useReducer, useRef } from 'react'
import { loadOnce } from '../../core/load-once.ts'
import { runStepsWhenIdle } from '../internal/idle-loads.ts'
import { prepareTurns, renderInTurn } from '../internal/render-in-turns.ts'
import { Cursor } from '../internal/Cursor.tsx'
import { LoadFailed } from '../internal/LoadFailed.tsx'
import type { MarkdownImplProps, MarkdownProps } from './Markdown.tsx'

type MarkdownComponent = (props: MarkdownProps) => React.ReactNode

let loaded: ((props: MarkdownImplProps) => React.ReactNode) | undefined
/** What is left of the lexer's warm-up, taken off as it runs (at idle, or in the turns). */
let warmUp: Array<() => void> = []
const warm = () => warmUp.length === 0
/** Settles once the warm-up is done: until then a finished reply mounts as typed first. */
let warmed: Promise<void> = Promise.resolve()
/** Set while the last load failed: the text shows as typed, and says so (never a silent fallback). */
let failed = false
/**
 * @internal The renderer's chunk, loaded once; a later mount tries again after a failure. Settles
 * before the warm-up is done: enough for a streaming reply, and for the chat's one-at-a-time loads.
 */
export const loadMarkdown = loadOnce(() =>
  import('./Markdown.tsx').then(
    (m) => {
      failed = false
      // The lexer's first use compiles its grammar: done now, at idle, not in the first reply's render.
      // Or sooner, in the turns of replies waiting for it (a restored conversation's), before their first render.
      if (typeof window !== 'undefined') {
        warmUp = m.markdownWarmUpSteps()
        warmed = runStepsWhenIdle(warmUp)
        prepareTurns(warmUp)
      }
      return (loaded = m.Markdown)
    },
    (error: unknown) => {
      failed = true
      throw error
    },
  ),
)

/**
 * Loads the markdown renderer (its own chunk, about 20 KB gzip: marked and remend). The chat
 * loads it when it mounts, so the renderer is there before the first reply arrives; call this
 * yourself to load it even earlier. It settles once the renderer's warm-up (compiling its
 * grammar, at idle) is done too, so that a reply mounted after it renders at once, with no
 * frame of text as typed (tests, screenshots).
 * @example
 * await preloadMarkdown()
 * render(<Markdown text="**bold**" />) // a <strong> at once
 */
export async function preloadMarkdown(): Promise<MarkdownComponent> {
  await loadMarkdown()
  // Asked for and awaited: the warm-up goes on even while idle work is paused (a send on its way to its first
  // words; a view held at `submitted` would hold it for ever), in background tasks all the same, sharing the steps
  // with the idle runner. `warmed` too: it settles with the runner that took the last step, or after a step threw.
  await Promise.race([warmed, runStepsWhenIdle(warmUp, { evenPaused: true })])
  return Markdown
}

/**
 * A model's markdown reply, rendered safely and stably while it streams (see `MarkdownProps`).
 * The renderer is loaded on demand: until it is there (the first few milliseconds after the
 * chat first mounts) the text shows as typed; if it cannot load, the text stays as typed and
 * says so (`LoadFailed`), and the next mount tries again. When it arrives, a streaming reply
 * renders with it at once, finished ones a few per task, the lowest on the page first.
 *
 * While text streams in, the reply renders at transition priority, a render after the `text` it
 * is given, so a large chunk is never one long task: it shows a prefix of `text`, at most ~200 ms
 * behind, and a text replaced rather than extended at once. A reply that mounts while streaming
 * shows its first words at once (more than 512 characters start empty for a frame, React 19); a
 * finished one mounts whole, or, when long, a slice of blocks at once and the others in the next tasks, shown as
 * typed until then.
 *
 * @example
 * ```tsx
 * <Markdown text={reply} streaming={status === 'streaming'} />
 * ```
 */
export function Markdown(props: MarkdownProps) {
  const { streaming = false } = props
  // Above 0 when mounted before the renderer (or, finished, before its warm-up is done: a cold lexer makes
  // one reply a long task): the text shows as typed until then, then rendered, never empty in between.
  const [typedFirst, rerender] = useReducer((n: number) => n + 1, loaded && (streaming || warm()) ? 0 : 1)
  const Impl = typedFirst === 1 && !(streaming && loaded) ? undefined : loaded
  const typedRef = useRef<HTMLSpanElement>(null)
  useEffect(() => {
    // This render showed the text as typed: render it again once the renderer is here. A streaming reply
    // at once; finished ones (a restored conversation's) in turns, the lowest on the page first, a few per task.
    if (Impl) return
    let live = true
    let cancel: (() => void) | undefined
    void loadMarkdown().then(
      () => {
        if (!live) return
        if (streaming) rerender()
        else cancel = renderInTurn(rerender, () => typedRef.current)
      },
      () => live && rerender(),
    )
    return () => {
      live = false
      cancel?.()
    }
  }, [Impl, streaming])
  if (Impl) return <Impl {...props} typed={typedFirst > 0} />
  return (
    <>
      <span ref={typedRef} className="sealkit-md-loading">
        {props.text}
      </span>
      {props.cursor && streaming && props.text !== '' && <Cursor />}
      {failed && <LoadFailed />}
    </>
  )
}
