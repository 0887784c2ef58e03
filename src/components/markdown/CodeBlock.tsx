'use client'
import { useLayoutEffect, useMemo, useRef, type ReactNode } from 'react'
import { CopyButton } from '../CopyButton.tsx'
import { useSealkitLocale } from '../i18n/locale.tsx'
import { renderInTurn } from '../internal/render-in-turns.ts'
import { buildStatic } from '../internal/static-dom.ts'
import { codeLineGroups, hastLineGroups } from './code-lines.ts'
import { grammarName } from './grammars.ts'
import { highlightLoaded, loadHighlighter, type HastNode } from './highlight-loader.ts'
import { highlightLong, prepareHighlightWorker } from './highlight-off-thread.ts'

/**
 * The longest code highlighted on the main thread, in the commit that shows it when the highlighter is there (a few
 * ms). Longer code shows plain in that commit, is highlighted in a Web Worker (highlight-off-thread.ts) and built in
 * turns after it: 35 KB of TypeScript finishing a reply was one task of 60-80 ms (highlighting 12-56 ms, building
 * its 3,300 spans) and a frame of 50-60 ms laying them out.
 */
const HIGHLIGHT_AT_ONCE = 4096

/**
 * Code left plain: longer than this, or with a line longer than `LINE_MAX` (minified code, data on one line).
 * Highlighting is one call, one task: 60-90 ms for 60 KB of TypeScript on a 2-core machine, and on some lines
 * highlight.js's time grows faster than their length (a 20,000-character word: 1 s in TypeScript; 100,000: 38 s).
 */
const HIGHLIGHT_MAX = 65_536
const LINE_MAX = 1_000

/** Whether `code` is highlighted at all (`HIGHLIGHT_MAX`, `LINE_MAX`). */
function highlightable(code: string): boolean {
  if (code.length > HIGHLIGHT_MAX) return false
  let start = 0
  for (let at = code.indexOf('\n'); at !== -1; start = at + 1, at = code.indexOf('\n', start)) if (at - start > LINE_MAX) return false
  return code.length - start <= LINE_MAX
}

/** Where a block's highlighting ran, on its `<code>` (`data-highlighted-in`): a worker that could not run is never silent. */
const WHERE = 'highlightedIn'

/** Line groups whose text the highlighter replaced with its spans. */
const highlighted = new WeakSet<Element>()

/**
 * A code block: its language label, a copy button, and its lines in groups (`codeLineGroups`), highlighted once
 * the block is finished (`highlightable`). Highlighting loads on demand; its spans are built as DOM (no fiber per
 * token) and its tree is not kept. Code up to `HIGHLIGHT_AT_ONCE` is highlighted before the commit's paint; longer
 * code in the highlighting worker (on the main thread in a turn of its own where no worker runs), then its groups
 * are built one per frame from the last up (a reader at a reply's end sees it first), so that no task highlights,
 * builds and lays out all of it. `<code data-highlighted-in="worker | main-thread">` says where it ran.
 */
export function CodeBlock({ code, lang, live, cursor }: { code: string; lang: string; live: boolean; cursor?: ReactNode }) {
  const { t } = useSealkitLocale()
  const label = lang || t.markdown.code
  const codeRef = useRef<HTMLElement>(null)
  const groups = useMemo(() => codeLineGroups(code), [code])
  useLayoutEffect(() => {
    const element = codeRef.current
    if (!element) return
    // Each group after the first follows the element of its line break.
    const groupAt = (i: number) => element.children[i * 2]
    // Each group shows its text: one highlighted before (an earlier language, code since replaced) gets it back.
    delete element.dataset[WHERE]
    groups.forEach((text, i) => {
      const group = groupAt(i)
      if (group && (highlighted.has(group) || group.textContent !== text)) {
        group.textContent = text
        highlighted.delete(group)
      }
    })
    const long = code.length > HIGHLIGHT_AT_ONCE
    // A long block still streaming: the worker loads while it streams, not after it is done; never for a block it
    // will not highlight (a language it has no grammar for, code past its bounds: code only grows while it streams).
    if (live && long && grammarName(lang) && highlightable(code)) prepareHighlightWorker()
    if (live || !lang || !highlightable(code)) return
    const paint = (nodes: HastNode[], i: number) => {
      const group = groupAt(i)
      // A group the highlighter found nothing in keeps its text.
      if (!group || nodes.every((node) => node.type === 'text')) return
      // Built aside, then swapped in: a group whose build throws keeps its text.
      const built = document.createDocumentFragment()
      buildStatic(renderHast(nodes), built)
      group.replaceChildren(built)
      highlighted.add(group)
    }
    const inGroups = (tree: HastNode[] | undefined, where: 'worker' | 'main-thread') => {
      const parts = tree ? hastLineGroups(tree, groups) : undefined
      if (parts) element.dataset[WHERE] = where
      return parts
    }
    if (!long) {
      const now = inGroups(highlightLoaded(code, lang), 'main-thread')
      if (now) return now.forEach(paint)
    }
    let cancelled = false
    // One turn waits at a time: the highlighting, then each group from the last up (a queue of one per group would
    // cost every turn a look at all of them: thousands for a block of empty lines). Not quiet: the colours change
    // no words, and a chat's log silenced meanwhile would not read out the words that stream on after the code
    // (as it did when the highlighting came with the commit that finished the block).
    let cancelPending = () => {}
    const inTurn = (update: () => void, anchor: () => Node | null | undefined) => (cancelPending = renderInTurn(update, anchor, { quiet: false }))
    // A frame between two groups: it lays out and paints what changed since the one before, and several turns may
    // run before a frame comes (60 KB of TypeScript: three turns' groups in one frame took 68 ms, 20 of style, 13 of
    // layout, 32 of paint). A hidden page has no frames: its groups wait for it to be shown.
    const afterFrame = (then: () => void) => {
      if (typeof requestAnimationFrame !== 'function') return then()
      const frame = requestAnimationFrame(then)
      cancelPending = () => cancelAnimationFrame(frame)
    }
    const paintUp = (parts: HastNode[][], i: number) => {
      paint(parts[i]!, i)
      if (i > 0) afterFrame(() => inTurn(() => paintUp(parts, i - 1), () => groupAt(i - 1)))
    }
    if (!long) {
      void loadHighlighter(lang).then((highlight) => {
        if (!cancelled && highlight) inGroups(highlight(code, lang), 'main-thread')?.forEach(paint)
      }, () => undefined)
    } else {
      void highlightLong(code, lang).then((result) => {
        if (cancelled) return
        inTurn(() => {
          const parts = inGroups(result.where === 'worker' ? result.tree : result.highlight?.(code, lang), result.where)
          if (parts) inTurn(() => paintUp(parts, parts.length - 1), () => groupAt(parts.length - 1))
        }, () => element)
      }, () => undefined)
    }
    return () => {
      cancelled = true
      cancelPending()
    }
  }, [code, lang, live, groups])
  return (
    <figure className="sealkit-md__code">
      <figcaption className="sealkit-md__code-bar">
        <span className="sealkit-md__code-lang">{label}</span>
        <CopyButton value={code} label={`${t.markdown.code} (${label})`} />
      </figcaption>
      {/* A focusable region (it scrolls sideways), named as its copy button names it: a bare <pre> may not carry a name. */}
      <pre tabIndex={0} role="region" aria-label={`${t.markdown.code} (${label})`}>
        <code ref={codeRef} className={lang ? `language-${lang}` : undefined}>
          {groups.map((text, i) => [
            i > 0 && (
              <span key={`break-${i}`} className="sealkit-md__break">
                {'\n'}
              </span>
            ),
            <span key={i} className="sealkit-md__lines">
              {text}
            </span>,
          ])}
        </code>
        {/* After the <code>, not in it: the highlighter replaces what its groups hold. The last group is inline
            (styles.css), so the cursor sits at the end of the last line. */}
        {cursor}
      </pre>
    </figure>
  )
}

/** The highlighter's tree as React elements: spans with classes and text, nothing else. */
function renderHast(nodes: readonly HastNode[]): ReactNode[] {
  return nodes.map((node, i) => {
    if (node.type === 'text') return node.value
    if (node.type === 'element') {
      const className = node.properties?.className
      return (
        <span key={i} className={Array.isArray(className) ? className.join(' ') : undefined}>
          {renderHast(node.children)}
        </span>
      )
    }
    return null
  })
}
