/**
 * The highlighting worker: highlights a long code block off the main thread, where highlight.js's one call (60-90 ms
 * for 60 KB of TypeScript on a 2-core machine) cannot be split without colouring wrongly after an unclosed string or
 * comment. The package ships it as its own file, `dist/src/components/markdown/highlight-worker.js`, with
 * highlight.js's common languages (~61 KB gzip), beside `highlight-off-thread.js`, which starts it on the first
 * long block. Short blocks are highlighted on the main thread with one grammar chunk each (highlight-loader.ts).
 *
 * The protocol is a pure function (`answerHighlight`) so it can be tested in-process; the binding at the bottom is
 * the only part that needs a real worker.
 */
import { common, createLowlight } from 'lowlight'
import type { HastNode } from './highlight-loader.ts'
import { encodeHast, type WireTree } from './highlight-wire.ts'

/** Main thread to worker: highlight `code` as the grammar `lang` (its name, as `grammarName` gives it). */
export interface HighlightRequest {
  id: number
  code: string
  lang: string
}

/** Worker to main thread: `ready` once loaded, then one answer per request (`tree` undefined for a grammar it does not have). */
export type HighlightAnswer = { type: 'ready' } | { id: number; tree?: WireTree } | { id: number; error: string }

const lowlight = createLowlight(common)

/** The answer to one request; anything that is not a request is answered with an error (or not at all without an id). */
export function answerHighlight(request: unknown): HighlightAnswer | undefined {
  const { id, code, lang } = (request ?? {}) as Partial<HighlightRequest>
  if (typeof id !== 'number') return undefined
  if (typeof code !== 'string' || typeof lang !== 'string') return { id, error: 'not a highlight request' }
  try {
    if (!Object.hasOwn(common, lang)) return { id }
    return { id, tree: encodeHast(lowlight.highlight(lang, code).children as HastNode[]) }
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) }
  }
}

// The binding, only inside a dedicated worker (importing this module elsewhere does nothing).
interface WorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void
  onmessage: ((event: MessageEvent) => void) | null
}
const WorkerGlobalScopeCtor = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope
if (WorkerGlobalScopeCtor !== undefined && globalThis instanceof WorkerGlobalScopeCtor) {
  const scope = globalThis as unknown as WorkerScope
  scope.onmessage = (event: MessageEvent) => {
    const answer = answerHighlight(event.data)
    if (answer) scope.postMessage(answer, 'tree' in answer && answer.tree ? [answer.tree.steps.buffer] : [])
  }
  scope.postMessage({ type: 'ready' } satisfies HighlightAnswer)
}
