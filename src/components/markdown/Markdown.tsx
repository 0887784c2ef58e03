'use client'
import { Component, cloneElement, isValidElement, memo, useCallback, useContext, useDeferredValue, useEffect, useRef, useState, useSyncExternalStore, type CSSProperties, type ReactNode, type Ref } from 'react'
import type { Token, Tokens } from 'marked'
import type { SealkitMessages } from '../i18n/en.ts'
import { useSealkitLocale } from '../i18n/locale.tsx'
import { detachString, useAppendOnlySplit } from '../internal/append-only-split.ts'
import { Cursor } from '../internal/Cursor.tsx'
import { cx } from '../internal/cx.ts'
import { safeHref } from '../internal/safe-href.ts'
import { SlicedReplies } from '../internal/sliced-replies.ts'
import { buildStatic, isStaticMarkup } from '../internal/static-dom.ts'
import { splitMarkdownBlocks, stabilizeTail } from './blocks.ts'
import { LEX_LATER, MAX_NESTING, lexBlock } from './lex-guard.ts'
import { sameBlocks, sliceEnd, tailRun, useBlocksInSlices } from './slices.ts'
import { CodeBlock } from './CodeBlock.tsx'
import { warnOnceInDevelopment } from '../../core/worker/dev-warning.ts'

export { markdownWarmUpSteps } from './warm-up.ts'

/** Props of {@link Markdown}. */
export interface MarkdownProps {
  /** The markdown source (a model's reply). */
  text: string
  /** True while text is still arriving: the unfinished tail is stabilized (open emphasis closed, half tables held back). */
  streaming?: boolean
  /** Class for the wrapper element. */
  className?: string
  /**
   * While `streaming`, a blinking cursor at the end of the last line of text: inside the last paragraph, list
   * item, heading or table cell, after the last character of a code block. `StreamingMessage` sets it.
   */
  cursor?: boolean
}

/** @internal What the on-demand wrapper (lazy.tsx) passes besides the public props. */
export interface MarkdownImplProps extends MarkdownProps {
  /** The text was already on screen as typed (the renderer arrived mid-reply): show it rendered at once, never empty first. */
  typed?: boolean
}

/**
 * Renders a model's markdown reply as React elements, safely: raw HTML is shown as text, never
 * parsed; links work only for `http:`, `https:` and `mailto:` (opened in a new tab with
 * `rel="noopener noreferrer"`), any other link keeps its text and loses its address; images
 * are not loaded until the reader asks. GFM tables, task lists, strikethrough and autolinks;
 * code blocks with a language label, a copy button and syntax highlighting loaded on demand.
 * While streaming, finished blocks are parsed once and never re-rendered; only the tail is. A
 * finished block's DOM is built once outside React (`buildStatic`): a long reply keeps its text
 * and its DOM, not a React fiber, props object and token per element; only blocks with a code
 * block or an image (copy button, load-on-click) stay React components.
 *
 * While text streams in, the reply renders at transition priority, a render after the text it is
 * given: React renders it block by block and yields to the page between slices, so a large chunk
 * is never one long task. What it shows is always a prefix of `text` (a text replaced rather than
 * extended renders at once), and it is never more than ~200 ms behind. When `streaming` turns false
 * the whole text renders at once, in that commit. A reply that mounts while streaming with its
 * first words (up to 512 characters) shows them at once; one that mounts with more starts empty (React
 * 19); a finished one, or one rendered on the server, mounts whole. A reply shown whole at once with more finished
 * blocks than one slice holds (~4 KB: a long reply mounting finished, as a restored or opened conversation's does)
 * renders its last slice at once, where a chat's reader is, and the others in the next tasks, a slice at a time from
 * the top, shown as typed until then: its whole text is on the page from the first commit, and no task renders more
 * than a slice of it.
 *
 * @example
 * ```tsx
 * <Markdown text={reply} streaming={status === 'streaming'} />
 * ```
 */
export function Markdown(props: MarkdownImplProps) {
  return (
    <ShownAsTextOnError text={props.text}>
      <MarkdownContent {...props} />
    </ShownAsTextOnError>
  )
}

/**
 * A reply whose markdown throws while it renders is shown as typed, and said once in development: one reply must
 * never unmount the chat, and the app around it, on each load of a stored conversation.
 */
class ShownAsTextOnError extends Component<{ text: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }
  static getDerivedStateFromError() {
    return { failed: true }
  }
  override componentDidCatch(error: unknown) {
    warnOnceInDevelopment('markdown-render', `sealkit: a reply's markdown could not be rendered (${error instanceof Error ? error.message : String(error)}); it is shown as text.`)
  }
  override render() {
    return this.state.failed ? <p className="sealkit-md__raw">{this.props.text}</p> : this.props.children
  }
}

function MarkdownContent({ text, streaming = false, className, cursor = false, typed = false }: MarkdownImplProps) {
  // A chat store's updates render synchronously (useSyncExternalStore), in the task that received the
  // chunk; the reply's own rendering (splitting, lexing, elements) is deferred to a transition.
  const client = useClientRendered()
  const deferred = useDeferredValue(text, client && streaming && !typed && text.length > FIRST_WORDS_MAX ? '' : undefined)
  // Behind only while streaming, and only by what arrived since: anything else (a message's text
  // replaced) renders at once, and so does the end (data-status "done", the signature chip after it):
  // an end never shows a prefix, to a reader or to a test reading the DOM.
  const behind = streaming && deferred !== text && text.startsWith(deferred)
  const late = useLate(behind, deferred)
  const shown = behind && !late ? deferred : text
  return <MarkdownBody text={shown} streaming={streaming || shown !== text} cursor={cursor && streaming} build={client} className={className} />
}

/**
 * The most text a reply that mounts while streaming renders at once: its first words, the same commit as the
 * chunk that brought them. Rendered in a transition instead, the first words waited for it: every later chunk (a
 * store update, 25 per second) restarted that render while it was still cold, and the text showed only when the
 * catch-up below fired, up to 200 ms late (the bench's 20 KB reply, Chromium on 2 cores: 110-320 ms from the
 * first words in the chat's store to the screen, 40-95 after). A larger first text still starts empty.
 */
const FIRST_WORDS_MAX = 512

/** How long the reply may stay behind its text before it renders urgently. */
const CATCH_UP_MS = 200

/**
 * True once the deferred text has stayed the same for `CATCH_UP_MS` while behind: every update
 * restarted its render (a tail too costly to finish between two updates, e.g. a long table), and
 * React would hold it back for seconds. The reply then renders urgently, in one task, and the
 * deferred render resumes after it.
 */
function useLate(behind: boolean, deferred: string): boolean {
  const [lateAt, setLateAt] = useState<string>()
  useEffect(() => {
    if (!behind) return
    const timer = setTimeout(() => setLateAt(deferred), CATCH_UP_MS)
    return () => clearTimeout(timer)
  }, [behind, deferred])
  return behind && lateAt === deferred
}

const MarkdownBody = memo(function MarkdownBody({
  text,
  streaming,
  cursor,
  build,
  className,
}: {
  text: string
  streaming: boolean
  cursor: boolean
  build: boolean
  className: string | undefined
}) {
  const { committed, tail } = useAppendOnlySplit(text, splitMarkdownBlocks)
  const nextRef = useRef<HTMLParagraphElement>(null)
  // Not while it streams, nor in a chat's live log: a reply arriving there whole is news, and the log is quiet while
  // turns wait in it.
  const slicedHere = useContext(SlicedReplies)
  const runs = useBlocksInSlices(committed, build && slicedHere && !streaming, useCallback(() => nextRef.current, []))
  const lastWaiting = runs.findLastIndex((run) => run.waiting)
  // Detached (a copy, not a view into the whole reply as it stands), as committed blocks are: a long tail keeps its
  // component when it finishes, and a memoised child whose props are equal keeps the ones it had (React reuses them),
  // so a finished code block's copy button held the reply as it stood when the block was last the tail, one copy per
  // code block (the bench's 20,000-chunk reply, with every tail kept: +10 MB).
  const shownTail = detachString(streaming ? stabilizeTail(tail) : tail)
  // The tail renders in the run it joins when it finishes (a new one after the others, in the same array: keys match
  // only among siblings), as that run's next block: a long code block that finishes keeps its DOM (`KEEPS_ITS_DOM`).
  // A 60 KB one (1,100 lines) was mounted anew and laid out whole in the frame after the reply's end: 43 ms of
  // layout, 22 of paint.
  const withTail = shownTail ? tailRun(runs, committed.length) : undefined
  const shownRuns = withTail && !runs.includes(withTail) ? [...runs, withTail] : runs
  const tailProps = { tail: shownTail, live: streaming, cursor }
  return (
    <div className={cx('sealkit-md', className)}>
      {shownRuns.map((run, i) =>
        run.waiting ? (
          <TypedRun key={`typed-${run.to}`} blocks={committed} from={run.from} to={run.to} nextRef={i === lastWaiting ? nextRef : undefined} />
        ) : (
          <FinishedGroup key={run.from} blocks={committed} from={run.from} to={run.to} build={build} {...(run === withTail ? tailProps : undefined)} />
        ),
      )}
      {/* The cursor goes in the tail's last block (the tail is never empty while text streams, unless a table's
          first row is held back: then after the blocks). */}
      {!shownTail && cursor && text !== '' && <Cursor />}
    </div>
  )
})

interface BlockRange {
  blocks: readonly string[]
  from: number
  to: number
}
/** A memoised range of blocks renders again only when its blocks are not the same. */
const sameRange = (a: BlockRange, b: BlockRange) => a.from === b.from && a.to === b.to && sameBlocks(a.blocks, b.blocks, a.from, a.to)

/**
 * The text's tail, in the group it joins when it finishes (`tailRun`): rendered after the group's blocks, under the
 * key it will have among them when it is long (`KEEPS_ITS_DOM`).
 */
interface GroupTail {
  tail?: string
  live?: boolean
  cursor?: boolean
}

/**
 * How long a tail is for it to keep its component, and its DOM, when it finishes (`FinishedGroup`): a shorter one is
 * mounted anew, which costs little to lay out. A component React updates keeps a second fiber for each of its own
 * (React's double buffering): ~15 more per code block, for as long as the reply is shown (+190 KB in the bench's
 * 20,000-chunk reply, with 127 short code blocks).
 */
const KEEPS_ITS_DOM = 4096

const FinishedGroup = memo(
  function FinishedGroup({ blocks, from, to, build, tail, live, cursor }: BlockRange & GroupTail & { build: boolean }) {
    const nodes: ReactNode[] = []
    for (let i = from; i < to; i++) nodes.push(<MarkdownBlock key={i} source={blocks[i]!} build={build} />)
    if (tail) nodes.push(<MarkdownBlock key={tail.length > KEEPS_ITS_DOM ? to : `tail-${to}`} source={tail} live={live} cursor={cursor} />)
    return nodes
  },
  (a, b) => a.build === b.build && a.tail === b.tail && a.live === b.live && a.cursor === b.cursor && sameRange(a, b),
)

/** About how many lines `text` takes as typed: its line breaks, and a line per 70 characters (a message's measure). */
function linesOf(text: string): number {
  let breaks = 0
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) breaks++
  return breaks + Math.ceil(text.length / 70)
}

/**
 * Blocks waiting for their turn to render (`useBlocksInSlices`), as typed: the whole text is on the page at once,
 * never a part. One paragraph per slice, keyed by where it starts and memoised, so that a turn takes the first away
 * and the others keep their render, their DOM and their layout; each is laid out only near the screen
 * (`.sealkit-md__waiting`, styles.css). `nextRef` goes on the first: the next to render.
 */
function TypedRun({ blocks, from, to, nextRef }: BlockRange & { nextRef: Ref<HTMLParagraphElement> | undefined }) {
  const slices: ReactNode[] = []
  for (let start = from; start < to; ) {
    const end = Math.min(to, sliceEnd(blocks, start))
    slices.push(<WaitingSlice key={start} blocks={blocks} from={start} to={end} nextRef={start === from ? nextRef : undefined} />)
    start = end
  }
  return slices
}

const WaitingSlice = memo(
  function WaitingSlice({ blocks, from, to, nextRef }: BlockRange & { nextRef: Ref<HTMLParagraphElement> | undefined }) {
    const text = blocks.slice(from, to).join('')
    return (
      <p ref={nextRef} className="sealkit-md__raw sealkit-md__waiting" style={{ '--sealkit-md-lines': linesOf(text) } as CSSProperties}>
        {text}
      </p>
    )
  },
  (a, b) => a.nextRef === b.nextRef && sameRange(a, b),
)

/**
 * The block's tokens, or undefined when it nests too deep to render or costs too much to lex, or `LEX_LATER` when
 * this task has lexed enough (`lexBlock`).
 */
function lex(source: string): Token[] | undefined | typeof LEX_LATER {
  const tokens = lexBlock(source)
  if (!tokens) warnShownAsText()
  return tokens
}

/** Said once in development: a reply shown as typed is not rendered, and an app's developer should know why. */
const warnShownAsText = () =>
  warnOnceInDevelopment('markdown-nesting', `sealkit: a reply's markdown nests deeper than ${MAX_NESTING} levels or would take too long to lex; that block is shown as text, not rendered.`)

/** A block too deep to render, as it was typed (white space kept). */
const asTyped = (source: string) => <p className="sealkit-md__raw">{source}</p>

/**
 * A block the task it rendered in had no room left to lex (`LEX_LATER`: a finished reply of many costly blocks,
 * mounting at once): shown as typed, then lexed in a task of its own, or a later one if that one is full too. So a
 * reply that costs more than one task may spend is rendered whole over several, none of them long.
 */
function LexedLater({ source, render }: { source: string; render: (tokens: Token[] | undefined) => ReactNode }) {
  const [round, setRound] = useState(0)
  const tokens = round === 0 ? LEX_LATER : round > MAX_LATER_ROUNDS ? undefined : lex(source)
  const later = tokens === LEX_LATER
  useEffect(() => {
    if (!later) return
    const timer = setTimeout(() => setRound((n) => n + 1), 0)
    return () => clearTimeout(timer)
  }, [later, round])
  if (round > MAX_LATER_ROUNDS) warnShownAsText()
  return tokens === LEX_LATER ? asTyped(source) : render(tokens)
}

/**
 * How many tasks a block waits for one with room to lex it before it stays shown as typed. A task lexes at least
 * the first block it meets (a block's estimates together fit a task of its own twice over), so a block waits for
 * those before it only; the bound is for what no estimate foresaw, so that nothing renders again forever.
 */
const MAX_LATER_ROUNDS = 100

const neverChanges = () => () => {}
/** False while rendering on the server and hydrating (building DOM needs a document), true after. */
const useClientRendered = () => useSyncExternalStore(neverChanges, () => true, () => false)

/** The elements a finished block's render made, until its ref builds them (a render React drops takes its entry with it). */
const unbuilt = new WeakMap<object, ReactNode[]>()
function takeUnbuilt(ref: object): ReactNode[] | undefined {
  const markup = unbuilt.get(ref)
  unbuilt.delete(ref)
  return markup
}

/**
 * A block of the reply: a finished one, or the text's tail (React elements, re-rendered as it grows; `live` while it
 * streams, with the `cursor` in it). One component for both, under the same key (`FinishedGroup`), so that a block
 * that finishes keeps the DOM it can: a code block all of it, its lines laid out already.
 *
 * With `build` (a finished block, on the client), plain markup (text, headings, lists, tables, links: no code block
 * or image) is built into the DOM (`buildStatic`) when React attaches its `display: contents` wrapper
 * (before paint), and again only when the block renders again (a new catalog); a block with a
 * component in it renders as React elements, as do all blocks on the server and while hydrating.
 * A callback ref rather than a ref and an effect: fewer objects kept per block. The ref builds the
 * elements this render made and lets go of them; called again (React's strict mode attaches twice),
 * it keeps what it built rather than hold the elements for as long as the block is shown. A block
 * the task had no room left to lex is shown as typed until a later task lexes it (`LexedLater`).
 */
const MarkdownBlock = memo(function MarkdownBlock({ source, build = false, live = false, cursor = false }: { source: string; build?: boolean; live?: boolean; cursor?: boolean }) {
  const { t } = useSealkitLocale()
  const render = (tokens: Token[] | undefined): ReactNode => {
    if (!tokens) return asTyped(source)
    const markup = renderBlocks(tokens, live, t, cursor ? <Cursor key="cursor" /> : undefined)
    if (!build || !isStaticMarkup(markup)) return <>{markup}</>
    const buildInto = (host: HTMLDivElement | null) => {
      if (!host) return
      const made = takeUnbuilt(buildInto)
      // Attached again to the host it built (React's strict mode attaches twice on mount): nothing to do.
      if (!made && host.hasChildNodes()) return
      const fragment = document.createDocumentFragment()
      buildStatic(made ?? relexed(source, t), fragment)
      host.replaceChildren(fragment)
    }
    unbuilt.set(buildInto, markup)
    return <div ref={buildInto} className="sealkit-md__block" />
  }
  const tokens = lex(source)
  return tokens === LEX_LATER ? <LexedLater source={source} render={render} /> : render(tokens)
})

/**
 * A finished block's elements made again, for a ref attached a second time to an empty host: lexed in the task
 * that lexed it already, it may not fit what is left of the task's bounds, and is then built as typed.
 */
function relexed(source: string, t: SealkitMessages): ReactNode[] {
  const tokens = lex(source)
  return Array.isArray(tokens) ? renderBlocks(tokens, false, t) : [asTyped(source)]
}

/** The blocks; `cursor` goes at the end of the last one that shows anything (after them all if none does). */
function renderBlocks(tokens: readonly Token[], live: boolean, t: SealkitMessages, cursor?: ReactNode): ReactNode[] {
  let last = -1
  if (cursor) for (let i = tokens.length - 1; i >= 0 && last === -1; i--) if (tokens[i]!.type !== 'space' && tokens[i]!.type !== 'def') last = i
  const nodes = tokens.map((token, i) => keyed(renderBlock(token, live, t, i === last ? cursor : undefined), i))
  if (cursor && last === -1) nodes.push(cursor)
  return nodes
}

/**
 * The token's node with its position as key. Not a keyed <Fragment> around it: that is one more
 * React fiber per token, kept for as long as the reply is on screen (a long reply has tens of thousands).
 */
function keyed(node: ReactNode, key: number): ReactNode {
  return isValidElement(node) ? cloneElement(node, { key }) : node
}

/**
 * Inline nodes with the cursor after them, in the same array: a nested array would be one more React
 * fiber (a fragment) per block, for every block, cursor or not.
 */
function ending(nodes: ReactNode, cursor: ReactNode | undefined): ReactNode {
  if (!cursor) return nodes
  return Array.isArray(nodes) ? [...(nodes as ReactNode[]), cursor] : [nodes, cursor]
}

/** A block's node; `cursor` (a streaming reply's, in its last block) at the end of its last line of text. */
function renderBlock(token: Token, live: boolean, t: SealkitMessages, cursor?: ReactNode): ReactNode {
  switch (token.type) {
    case 'space':
    case 'def':
      return null
    case 'heading': {
      // Replies sit under the chat's own headings: `#` is the reply's top level, h3.
      const level = Math.min(6, (token as Tokens.Heading).depth + 2)
      const Tag = `h${level}` as 'h3'
      return <Tag className="sealkit-md__heading">{ending(renderInline((token as Tokens.Heading).tokens, t), cursor)}</Tag>
    }
    case 'paragraph':
      return <p>{ending(renderInline((token as Tokens.Paragraph).tokens, t), cursor)}</p>
    case 'text': {
      const text = token as Tokens.Text
      return ending(text.tokens ? renderInline(text.tokens, t) : text.text, cursor)
    }
    case 'code': {
      const code = token as Tokens.Code
      return <CodeBlock code={code.text} lang={languageOf(code.lang)} live={live} cursor={cursor} />
    }
    case 'blockquote':
      return <blockquote>{renderBlocks((token as Tokens.Blockquote).tokens, live, t, cursor)}</blockquote>
    case 'hr':
      return cursor ? [<hr key="hr" />, cursor] : <hr />
    case 'list': {
      const list = token as Tokens.List
      const items = list.items.map((item, i) => listItem(item, live, t, i, i === list.items.length - 1 ? cursor : undefined))
      if (list.ordered) return <ol start={typeof list.start === 'number' && list.start !== 1 ? list.start : undefined}>{items}</ol>
      return <ul>{items}</ul>
    }
    case 'table':
      return table(token as Tokens.Table, t, cursor)
    case 'html':
      // Raw HTML is the reply's text, never markup.
      return <p className="sealkit-md__raw">{ending((token as Tokens.HTML).text, cursor)}</p>
    default:
      return ending('tokens' in token && Array.isArray(token.tokens) ? renderInline(token.tokens as Token[], t) : (token.raw ?? null), cursor)
  }
}

// List items, tables and links are plain functions of the catalog, not components: a finished block builds them as DOM.
function listItem(item: Tokens.ListItem, live: boolean, t: SealkitMessages, key: number, cursor?: ReactNode): ReactNode {
  // Loose items hold paragraphs; tight ones inline text. The task checkbox is a token of its own.
  const content = item.tokens.filter((token) => token.type !== 'checkbox')
  return (
    <li key={key} data-task={item.task ? (item.checked ? 'done' : 'open') : undefined}>
      {item.task && (
        <span className="sealkit-md__task" role="img" aria-label={t.markdown.task(Boolean(item.checked))}>
          {item.checked ? '☑' : '☐'}
        </span>
      )}
      {renderBlocks(content, live, t, cursor)}
    </li>
  )
}

function table(token: Tokens.Table, t: SealkitMessages, cursor?: ReactNode): ReactNode {
  const align = (i: number) => token.align[i] ?? undefined
  // The cursor goes in the last cell there is: the last row's, or the header's before the first row.
  const last = token.rows.length - 1
  const end = (row: number, i: number, cells: number) => (row === last && i === cells - 1 ? cursor : undefined)
  const cell = (c: Tokens.TableCell, row: number, i: number, cells: number) => ending(renderInline(c.tokens, t), end(row, i, cells))
  return (
    // Wide tables scroll sideways in their own box, reachable by keyboard.
    <div className="sealkit-md__table" role="region" aria-label={t.markdown.table} tabIndex={0}>
      <table>
        <thead>
          <tr>
            {token.header.map((c, i) => (
              <th key={i} style={align(i) ? { textAlign: align(i)! } : undefined}>
                {cell(c, -1, i, token.header.length)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {token.rows.map((row, r) => (
            <tr key={r}>
              {row.map((c, i) => (
                <td key={i} style={align(i) ? { textAlign: align(i)! } : undefined}>
                  {cell(c, r, i, row.length)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function renderInline(tokens: readonly Token[] | undefined, t: SealkitMessages): ReactNode[] {
  return (tokens ?? []).map((token, i) => keyed(renderInlineToken(token, t), i))
}

function renderInlineToken(token: Token, t: SealkitMessages): ReactNode {
  switch (token.type) {
    case 'text':
    case 'escape': {
      const text = token as Tokens.Text
      return text.tokens ? renderInline(text.tokens, t) : decodeEntities(text.text)
    }
    case 'strong':
      return <strong>{renderInline((token as Tokens.Strong).tokens, t)}</strong>
    case 'em':
      return <em>{renderInline((token as Tokens.Em).tokens, t)}</em>
    case 'del':
      return <del>{renderInline((token as Tokens.Del).tokens, t)}</del>
    case 'codespan':
      return <code className="sealkit-md__code-inline">{decodeEntities((token as Tokens.Codespan).text)}</code>
    case 'br':
      return <br />
    case 'link':
      return safeLink((token as Tokens.Link).href, renderInline((token as Tokens.Link).tokens, t), t, (token as Tokens.Link).text)
    case 'image':
      return <DeferredImage href={(token as Tokens.Image).href} alt={(token as Tokens.Image).text} />
    case 'html':
      return (token as Tokens.HTML).text
    default:
      return token.raw ?? null
  }
}

/** Every address a mail link writes to (RFC 6068): its path's, then its `to`, `cc` and `bcc` fields', named. */
function mailRecipients(url: URL): string {
  const fields = [...url.searchParams].filter(([name]) => /^(to|cc|bcc)$/i.test(name)).map(([name, value]) => `${name.toLowerCase()}: ${encodeURI(value)}`)
  return [url.pathname, ...fields].filter(Boolean).join(', ') || '?'
}

/** remend's stand-ins for a link or image whose address is still arriving. */
const INCOMPLETE = /^streamdown:incomplete-/

/**
 * A link's text is the reply's to write: "https://bank.example" over a link to another host, a lookalike in another
 * script, an override that shows `fdp.exe` as `exe.pdf`. So where it goes (the host, as punycode where the address
 * bar shows it so; every address a mail link writes to) follows it, unless its text is that very address.
 */
function safeLink(href: string, children: ReactNode, t: SealkitMessages, text = ''): ReactNode {
  const safe = safeHref(href)
  if (safe) {
    const url = new URL(safe)
    const mail = url.protocol === 'mailto:'
    const to = mail ? mailRecipients(url) : url.host
    // The text's address: all of it for a mail link (one address, nothing filled in after a `?`), else its host, what
    // comes before the first `/` once a scheme is taken off. Text with white space in it is never an address.
    const named = text.trim().toLowerCase().replace(/^(https?:\/\/|mailto:)/, '')
    const says = !/\s/.test(named) && (mail ? url.search === '' && named === to.toLowerCase() : named.split('/')[0] === to.toLowerCase())
    const link = (
      <a href={safe} target="_blank" rel="noopener noreferrer" title={safe} dir={says ? undefined : 'auto'}>
        {children}
      </a>
    )
    if (says) return link
    // One left-to-right unit: in a right-to-left paragraph the host stays after its own link, never beside another.
    return (
      <span className="sealkit-md__link" dir="ltr">
        {link}
        <span className="sealkit-md__link-host">{` (${to})`}</span>
      </span>
    )
  }
  if (INCOMPLETE.test(href)) return <span className="sealkit-md__link-pending">{children}</span>
  return (
    // The reason: a title for a pointer, and read out from data-reason (styles.css), never copied with the text.
    <span className="sealkit-md__link-blocked" title={t.markdown.unsafeLink} data-reason={t.markdown.unsafeLink} data-href-blocked="">
      {children}
    </span>
  )
}

/**
 * Directional formatting characters (embeddings, overrides, isolates, marks): in an image's alt text, an override
 * reversed the rest of the button, so the host it names read as another (`moc.knab.ua` as `au.bank.com`).
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
/** An image's alt text on its load button: at most this many characters, so it cannot push the host out of view. */
const ALT_MAX = 60
/** A code block's language, as its label and its copy button's name say it: a grammar's name, never a sentence. */
const LANGUAGE_MAX = 24

/** Text of the reply in sealkit's own controls: no directional controls, white space (no-break too) as one space. */
const plainOf = (given: string) => given.replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim()
/** At most `max` characters, the last of them an ellipsis when cut. */
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)
const altOf = (given: string) => cut(plainOf(given), ALT_MAX)
/** A fence's first word: the language its label, its copy button and its region are named by. */
const languageOf = (info: string | undefined) => cut(plainOf(info ?? '').split(' ')[0]!, LANGUAGE_MAX)

/**
 * An image from the reply: a button naming the host first (what the reply writes comes after it, and short); the
 * image loads only when the reader asks.
 */
function DeferredImage({ href, alt: given }: { href: string; alt: string }) {
  const { t } = useSealkitLocale()
  const alt = altOf(given)
  const [shown, setShown] = useState(false)
  const safe = safeHref(href)
  const url = safe && !safe.startsWith('mailto:') ? new URL(safe) : undefined
  if (!url) return <span className="sealkit-md__image-alt">[{t.markdown.image(alt)}]</span>
  if (shown) return <img className="sealkit-md__image" src={url.href} alt={alt} referrerPolicy="no-referrer" loading="lazy" />
  return (
    <button type="button" className="sealkit-button sealkit-md__image-load" data-size="sm" data-variant="ghost" onClick={() => setShown(true)}>
      {t.markdown.loadImage(url.host)} · {t.markdown.image(alt)}
    </button>
  )
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' }

/** The few entities marked leaves in text (`&amp;`, `&lt;`...), as characters; React escapes on output. */
function decodeEntities(text: string): string {
  return text.includes('&') ? text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!) : text
}
