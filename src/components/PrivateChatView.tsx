'use client'
import { forwardRef, memo, startTransition, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ComponentPropsWithoutRef, type ReactNode, type RefObject } from 'react'
import { flushSync } from 'react-dom'
import type { ApiModel } from '../core/api/types.ts'
import { AttestationBadge, type AttestationBadgeProps } from './AttestationBadge.tsx'
import { resolveAttestationState } from './attestation/state.tsx'
import { ChatComposer, type ChatComposerProps, type ChatStatus } from './ChatComposer.tsx'
import { useSealkitLocale } from './i18n/locale.tsx'
import { ConfirmAction } from './internal/ConfirmAction.tsx'
import { cx } from './internal/cx.ts'
import { ErrorText } from './internal/ErrorText.tsx'
import { pauseIdleWork, useIdleLoad } from './internal/idle-loads.ts'
import { subscribeTurns, turnsWaitWithin } from './internal/render-in-turns.ts'
import { useContentInTransition } from './internal/use-content-in-transition.ts'
import { ReplyLiveRegion } from './internal/reply-live-region.ts'
import { SlicedReplies } from './internal/sliced-replies.ts'
import { useQuietLiveRegion } from './internal/use-quiet-live-region.ts'
import { useLatestCallback, useShallowStable } from './internal/stable-props.ts'
import { ArrowDownIcon, LockIcon, TrashIcon } from './internal/icons.tsx'
import { loadMarkdown } from './markdown/lazy.tsx'
import { lazyPart } from './internal/lazy-part.ts'
import { LoadFailed } from './internal/LoadFailed.tsx'
import { TextWithheld } from './internal/text-withheld.ts'
import { messageText } from './internal/message-text.ts'
import { shownActions } from './internal/shown-actions.ts'
import { AnnouncerRegion } from './internal/announcer.tsx'
import { ModelPicker, type ModelPickerProps } from './ModelPicker.tsx'
import { messageFacts, StreamingMessage, type MessageLike, type MessagePrivacy, type MessageStatus, type RenderText } from './StreamingMessage.tsx'

/**
 * The actions under each message (copy, regenerate, edit) and the editor: a chunk of their own, as an empty chat's
 * first paint has no message to act on. Loaded at idle, or at once when there is a message and no request in flight;
 * until then a row keeps their place (`ActionsPlace`). A chunk that cannot load is said once for the chat
 * (`LoadFailed`).
 */
const messageParts = lazyPart(() => import('./MessageActions.tsx'))
type MessageParts = typeof import('./MessageActions.tsx')

/**
 * Props of {@link PrivateChatView}: the chat's layout (header, messages, composer) driven entirely by props;
 * {@link PrivateChat} wires it to the hooks.
 */
export interface PrivateChatViewProps extends Omit<ComponentPropsWithoutRef<'section'>, 'title'> {
  /** `useEncryptedChat().messages` as they are, or plain messages. */
  messages: readonly MessageLike[]
  /**
   * Which conversation `messages` are (`useEncryptedChat().id`), stable across renders: another id is another
   * conversation, history rather than news (a long one mounts in steps, and the log's live region is quiet
   * meanwhile). Without it, conversations are told apart by their first message (its id, else its role and
   * text). Messages that come into an empty chat while no request is in flight (`status` ready) are history
   * too (restored); set `status` to `submitted` when the user sends, as `useChat` does, so that their first
   * exchange is news.
   */
  conversationId?: string
  /** `useChat`-style status; `streaming` marks the last assistant message as streaming. */
  status?: ChatStatus
  /** The chat's error, shown on the last assistant message (or above the composer). */
  error?: unknown
  /** Called with the trimmed draft when the user sends it. */
  onSend?: (text: string) => void
  /** Called by the stop button while a reply streams. */
  onStop?: () => void
  /** Regenerate the last reply (the composer's button, and the reply's own action). */
  onRegenerate?: () => void
  /**
   * Retry a stopped or failed reply in place.
   * @default onRegenerate, for the last reply
   */
  onRetry?: (messageId: string) => void
  /** Resend an edited user message: the conversation after it is replaced. Without it messages cannot be edited. */
  onEdit?: (messageId: string, text: string) => void
  /**
   * Clear the conversation (e.g. `useEncryptedChat().storage.forget`): a "Clear conversation" button in
   * the header while there are messages. It asks first, inline ("Clear this conversation?", Clear / Cancel).
   */
  onClear?: () => void
  /** Show copy / regenerate / edit under messages. @default true */
  messageActions?: boolean
  /** Models for the picker; without them no picker is shown. */
  models?: ApiModel[]
  /** The selected model (controlled). */
  model?: string
  /** The model selected at first (uncontrolled). */
  defaultModel?: string
  /** Called with the model the user picks (with `model`, to control it). */
  onModelChange?: (modelId: string) => void
  /** Extra props for the model picker. */
  modelPickerProps?: Partial<ModelPickerProps>
  /** Props for the attestation badge in the header; without them no badge is shown. */
  badge?: AttestationBadgeProps
  /** Privacy facts for messages that carry none of their own. */
  privacy?: MessagePrivacy
  /**
   * The header's title.
   * @default the locale's chat.title ("Private chat")
   */
  title?: ReactNode
  /** Shown when there are no messages. */
  emptyState?: ReactNode
  /** Shown above the composer, e.g. why sending is disabled. */
  notice?: ReactNode
  /** Disables the composer, and editing, retrying or regenerating a message (their buttons are hidden). */
  disabled?: boolean
  /** Extra props for the composer. */
  composerProps?: Partial<ChatComposerProps>
  /**
   * How message text is rendered; see `StreamingMessage`.
   * @default assistant replies as markdown
   */
  renderText?: RenderText
}

/**
 * The private chat's look without its wiring: header with model picker and attestation badge,
 * the message log, and the composer. Presentational: every piece of state comes in as props,
 * so a hook (`useEncryptedChat`) or any other store can drive it. `<PrivateChat />` is this
 * view connected to the sealkit hooks.
 *
 * Mounted in the browser alone (not hydrated), the first commit is the empty `<section>` (the
 * ref points at it from then on) and its content follows in a transition, which React renders in
 * slices instead of one long task at page start. From the server, the content is in the HTML.
 *
 * A conversation of more than 29 messages mounts its last 15-29 rows, then one earlier group of 15 per
 * frame, prepended: at a client-only mount, and when another conversation comes (another `conversationId`,
 * else another first message), never when messages are added. Another conversation of more than 15
 * messages renders its first rows in a transition, in slices: the log is empty for the frames that takes.
 * The log is `aria-live="off"` meanwhile, while replies shown before the markdown renderer loaded are
 * rendered with it, and when a shorter conversation arrives whole, until ~500 ms after the last of these
 * changes, so that a screen reader does not announce history as new messages. A reply that streams meanwhile
 * is news all the same: its words are a live region of their own while it streams.
 *
 * @example
 * ```tsx
 * <PrivateChatView messages={messages} status={status} onSend={(text) => sendMessage({ text })}
 *   onStop={stop} onRegenerate={() => regenerate()} models={models} model={model} onModelChange={setModel}
 *   badge={{ report, error: attestationError }} />
 * ```
 */
export const PrivateChatView = forwardRef<HTMLElement, PrivateChatViewProps>(function PrivateChatView(
  {
    messages,
    conversationId,
    status = 'ready',
    error,
    onSend,
    onStop,
    onRegenerate,
    onRetry,
    onEdit,
    onClear,
    messageActions = true,
    models,
    model,
    defaultModel,
    onModelChange,
    modelPickerProps,
    badge,
    privacy,
    title: titleProp,
    emptyState,
    notice,
    disabled,
    composerProps,
    renderText,
    className,
    ...props
  },
  ref,
) {
  const { t, dir } = useSealkitLocale()
  // The first commit is the frame (the section, its ref and props); its content follows in a
  // transition: rendered in one go, the whole view's first render was a long task at page start.
  const contentReady = useContentInTransition()
  // The markdown renderer is a chunk of its own: have it ready before the first reply, loaded at
  // idle (inside <PrivateChat>: once verified), not while the page starts; at once when a reply is on
  // its way, so it never arrives mid-reply and renders all the text so far in one go. Before the
  // popups' parts: a reply needs it sooner than a click does, and it warms its lexer up after it loads.
  useIdleLoad(loadMarkdown, { needed: status === 'submitted' || status === 'streaming', first: true })
  // From a send to its first words, the parts that can wait wait: not evaluated while the page waits for the reply.
  const sending = status === 'submitted'
  useEffect(() => (sending ? pauseIdleWork() : undefined), [sending])
  const title = titleProp ?? t.chat.title
  const logRef = useRef<HTMLDivElement>(null)
  const composerRef = useRef<HTMLTextAreaElement>(null)
  const stickToBottom = useRef(true)
  // The log's scrollTop at its last scroll event: only a move up is the reader leaving the end.
  const lastScrollTop = useRef(0)
  const [awayFromLatest, setAwayFromLatest] = useState(false)
  const [editing, setEditing] = useState<string | undefined>()
  // Loaded at idle, or at once when the chat has a message and no request is in flight: never evaluated between a
  // send and its reply (their place is kept meanwhile, and a streaming reply shows none).
  const { value: parts, error: loadError } = messageParts.useState(messages.length > 0 && status !== 'submitted' && status !== 'streaming')
  useIdleLoad(messageParts.preload, { loaded: parts !== undefined })
  // Said once there is a message to act on.
  const partsFailed = messages.length > 0 ? loadError : undefined
  // A long conversation mounts its last rows, then the earlier groups one per task, prepended: at the first
  // render, and whenever another conversation comes (conversationChange: opened, or restored into an empty
  // chat), never when messages are added to this one. From the server and while hydrating (content from the
  // first render), all of it: the HTML has every message.
  const first = conversationKey(messages[0])
  const busy = status === 'submitted' || status === 'streaming'
  const [shown, setShown] = useState(() => ({ conversationId, first, busy, arrivals: 0, opened: 0, from: firstShownRow(contentReady ? 0 : messages.length), rendering: false }))
  if (conversationId !== shown.conversationId || first !== shown.first || busy !== shown.busy) {
    const change = conversationChange(shown, conversationId, first)
    // History, not news, however short: another conversation opened, or one restored into an empty chat, while no
    // request is in flight. Not a user's first exchange (a request in flight, now or just before, as when a
    // non-streaming app adds the message and its reply at once), nor a first message edited or a chat cleared.
    const arrived = messages.length > 0 && !busy && (change === 'another' || (change === 'filled' && !shown.busy))
    setShown({
      conversationId,
      first,
      busy,
      arrivals: shown.arrivals + (arrived ? 1 : 0),
      opened: shown.opened + (change === 'same' ? 0 : 1),
      from: change === 'same' ? shown.from : firstShownRow(messages.length),
      // Another conversation's first rows render in a transition: React renders them in slices, yielding to the
      // page, where the render that brought the conversation was one task of their render and their DOM.
      rendering: change === 'same' ? shown.rendering : (change === 'another' || change === 'filled') && messages.length > GROUP_SIZE,
    })
  }
  useEffect(() => {
    if (!shown.rendering) return
    const rendered = () => setShown((s) => ({ ...s, rendering: false }))
    startTransition(rendered)
    // Every urgent render restarts a transition's: with a reply streaming into the conversation the rows came
    // only after ~600 ms (Chromium). At most RENDER_ROWS_LATE_MS in a transition, then at once.
    const late = setTimeout(rendered, RENDER_ROWS_LATE_MS)
    return () => clearTimeout(late)
  }, [shown.rendering])
  // A conversation cut short (cleared, or shorter than where the earlier rows start): all of it. None while another
  // conversation's first rows render.
  const from = shown.rendering ? messages.length : Math.min(shown.from, firstShownRow(messages.length))
  const prepended = useRef<{ height: number; top: number } | undefined>(undefined)
  useEffect(() => {
    if (!contentReady || from === 0 || shown.rendering) return
    // The next group once the browser has laid out and painted this one, in a task of its own: a group's render
    // and its layout, each its own task. Two groups laid out in one frame (tasks run back to back) made a frame
    // of 40-60 ms of layout, a long task on a busy 2-core machine (bench: render.open_300). In a hidden tab, where
    // frames stop, the earlier rows wait until it is shown.
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        const log = logRef.current
        // The reader's place and the group's commit in one task: a reader who reached the top between the two found
        // the group added above them with nothing to make up its height (a busy page's render came a task later).
        flushSync(() => {
          if (log && !stickToBottom.current) prepended.current = { height: log.scrollHeight, top: log.scrollTop }
          setShown((s) => ({ ...s, from: Math.max(0, from - GROUP_SIZE) }))
        })
      }, 0)
    })
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [contentReady, from, shown.rendering])
  // Replies shown as typed before the markdown renderer was there, re-rendered with it in turns.
  const upgrading = useSyncExternalStore(subscribeTurns, () => turnsWaitWithin(logRef.current), () => false)
  // Neither the earlier rows going in nor the replies re-rendered are news: the log's live region is off
  // meanwhile, and until the browser's accessibility tree has taken in the last of them.
  const quiet = useQuietLiveRegion(from > 0 || upgrading, shown.arrivals)
  useLayoutEffect(() => {
    const log = logRef.current
    const before = prepended.current
    prepended.current = undefined
    // Rows added above a reader who scrolled up: scroll anchoring keeps their place, but not at the very top
    // (Chromium) nor in Safari (none): kept here, once the group is in.
    if (log && before && log.scrollTop === before.top) log.scrollTop = before.top + log.scrollHeight - before.height
  }, [from])
  /** After Stop, Send, Regenerate, Retry or an edit the button pressed goes away: focus goes to the composer, never to <body>. */
  const focusComposer = useCallback(() => requestAnimationFrame(() => composerRef.current?.focus()), [])
  const last = messages[messages.length - 1]
  const lastAssistantIndex = last?.role === 'assistant' ? messages.length - 1 : -1
  const showPending = status === 'submitted' && last?.role !== 'assistant'
  const errorOnLast = status === 'error' && lastAssistantIndex !== -1
  const showError = status === 'error' && !errorOnLast && error !== undefined && error !== null

  // Follow new text while the reader is at the bottom; leave them alone once they scroll up.
  // A message of the user's own always brings the log down to it.
  const lastText = last ? textLength(last) : 0
  const lastIsUser = last?.role === 'user'
  const scrollFrame = useRef(0)
  // Set by the user's own message: the next frame scrolls down whatever a scroll event said meanwhile.
  const bringDown = useRef(false)
  // Another conversation (opened, or restored into an emptied chat) opens at its end, wherever the reader was in
  // the one before; a reader who scrolls up in it before the next frame stays there.
  const opened = shown.opened
  const followed = useRef(opened)
  useLayoutEffect(() => {
    const log = logRef.current
    // An empty log has nothing to scroll to: reading its height would force the page's first
    // layout inside the mount's task instead of in the frame that follows.
    if (!log || messages.length === 0) return
    if (lastIsUser) bringDown.current = true
    if (followed.current !== opened) {
      followed.current = opened
      stickToBottom.current = true
    }
    // In the next frame, before it paints. Reading the height here would lay out the whole page inside
    // React's commit: a reply's new text (tens of ms for a large chunk of markdown), or everything a send
    // changes at once (the composer, the status, the message), and then again in the frame.
    if ((bringDown.current || stickToBottom.current) && !scrollFrame.current) {
      scrollFrame.current = requestAnimationFrame(() => {
        scrollFrame.current = 0
        if (!bringDown.current && !stickToBottom.current) return
        bringDown.current = false
        stickToBottom.current = true
        log.scrollTop = log.scrollHeight
        // Where the log put itself: a reader's move up from here leaves the end even before this scroll's event.
        lastScrollTop.current = log.scrollTop
      })
    }
  }, [messages.length, lastText, status, lastIsUser, contentReady, from, opened])
  useLayoutEffect(() => () => cancelAnimationFrame(scrollFrame.current), [])
  // Rows are memoized: their event handlers reach the latest callbacks through this one stable ref.
  const rowActions = useRef<RowActions | undefined>(undefined)
  useLayoutEffect(() => {
    rowActions.current = { onRetry, onRegenerate, onEdit, setEditing, focusComposer, busy }
  }, [onRetry, onRegenerate, onEdit, focusComposer, busy])
  // The header's picker and badge stay as they are while a reply streams: the view renders once per chunk, and
  // they were most of what it rendered (~90 components, the Select's options among them).
  const pickerProps = useShallowStable(modelPickerProps)
  const changeModel = useLatestCallback(onModelChange)
  const picker = useMemo(
    () =>
      models && (
        <ModelPicker
          models={models}
          value={model}
          defaultValue={defaultModel}
          onValueChange={changeModel}
          hideLabel
          showPrivacyFilter={false}
          disabled={busy}
          {...pickerProps}
        />
      ),
    [models, model, defaultModel, changeModel, busy, pickerProps],
  )
  const badgeProps = useShallowStable(badge)
  const badgeElement = useMemo(() => badgeProps && <AttestationBadge align="end" {...badgeProps} />, [badgeProps])
  // The badge's state, for the locks beside the title and in the empty chat: green only once verified (styles.css).
  const attestationState = useMemo(() => (badgeProps ? resolveAttestationState(badgeProps) : 'none'), [badgeProps])
  const jumpToLatest = () => {
    const log = logRef.current
    stickToBottom.current = true
    setAwayFromLatest(false)
    log?.scrollTo({ top: log.scrollHeight })
    focusComposer()
  }

  return (
    <section
      ref={ref}
      dir={dir}
      aria-label={typeof title === 'string' ? title : t.chat.title}
      data-status={status}
      data-attestation={attestationState}
      className={cx('sealkit-chat', className)}
      {...props}
    >
      {contentReady && (
        <AnnouncerRegion>
        <header className="sealkit-chat__header">
          <h2 className="sealkit-chat__title">
            <LockIcon />
            {title}
          </h2>
          <div className="sealkit-chat__controls">
            {picker}
            {badgeElement}
            {onClear && messages.length > 0 && (
              <ConfirmAction
                question={t.chat.clearQuestion}
                confirm={t.chat.clearConfirm}
                onConfirm={() => {
                  onClear()
                  focusComposer()
                }}
                trigger={(trigger) => (
                  <button
                    {...trigger}
                    type="button"
                    className="sealkit-button sealkit-chat__clear"
                    data-size="sm"
                    data-variant="ghost"
                    aria-label={t.chat.clear}
                    title={t.chat.clear}
                    disabled={busy}
                  >
                    <TrashIcon />
                  </button>
                )}
              />
            )}
          </div>
        </header>
        <div
          ref={logRef}
          role="log"
          // While history goes in (earlier rows, replies re-rendered, a conversation that arrived), changes are
          // not announced: they are not new messages.
          aria-live={quiet ? 'off' : undefined}
          aria-label={t.chat.log}
          tabIndex={0}
          // While a reply streams, styles.css hides the Edit buttons: one attribute, not a re-render of every user row.
          data-busy={busy ? '' : undefined}
          className="sealkit-chat__log"
          onScroll={(event) => {
            const el = event.currentTarget
            // Only the reader moving up leaves the end. The log's own scroll to the end fires its event a moment
            // later, when more of a streaming reply may be in: short of the new end, but it moved down.
            if (el.scrollHeight - el.scrollTop - el.clientHeight < 48) stickToBottom.current = true
            else if (el.scrollTop < lastScrollTop.current) stickToBottom.current = false
            lastScrollTop.current = el.scrollTop
            // Only a change: React renders a same-value update once a fiber has been updated (its bailout comes
            // after the render), and the view scrolls itself on every chunk it follows: one empty commit each.
            if (awayFromLatest === stickToBottom.current) setAwayFromLatest(!stickToBottom.current)
          }}
        >
          {/* A reply streaming while the log is quiet is still news: its words are a live region of their own. */}
          <ReplyLiveRegion.Provider value>
            {/* A reply arriving whole while the log is live is news: rendered at once, never in quiet turns. */}
            <SlicedReplies.Provider value={quiet}>
              {messages.length === 0 && !showPending ? (
                <div className="sealkit-chat__empty">{emptyState ?? <DefaultEmptyState />}</div>
              ) : (
                groupStarts(messages.length, from).map((start) => (
                  <MessageGroup
                    key={start}
                    from={start}
                    messages={messages.slice(start, start + GROUP_SIZE)}
                    lastAssistantIndex={lastAssistantIndex}
                    busy={busy}
                    errorOnLast={errorOnLast}
                    error={error}
                    privacy={privacy}
                    renderText={renderText}
                    editing={editing}
                    retryable={Boolean(onRetry || onRegenerate) && !disabled}
                    regenerable={Boolean(onRegenerate) && !disabled}
                    editable={Boolean(onEdit) && !disabled}
                    messageActions={messageActions}
                    parts={partsFailed !== undefined ? null : parts}
                    actions={rowActions}
                  />
                ))
              )}
            </SlicedReplies.Provider>
          </ReplyLiveRegion.Provider>
          {showPending && (
            // A message held for the enclave's verdict is not being answered yet: the indicator says what it waits for.
            <StreamingMessage message={{ id: 'pending', role: 'assistant', parts: [] }} status="streaming" {...(attestationState === 'verifying' ? { waiting: t.message.verifying } : {})} />
          )}
        </div>
        {awayFromLatest && (
          // A zero-height anchor: the button floats over the log and never changes its size.
          <div className="sealkit-chat__jump-anchor">
            <button type="button" className="sealkit-button sealkit-chat__jump" data-size="sm" onClick={jumpToLatest}>
              <ArrowDownIcon />
              {t.chat.jumpToLatest}
            </button>
          </div>
        )}
        {showError && (
          <div className="sealkit-alert" data-tone="danger" role="alert">
            <ErrorText error={error} />
          </div>
        )}
        {/* The message actions could not load: said once for the chat, not under each message (the next mount tries again). */}
        {(notice || partsFailed !== undefined) && (
          <div className="sealkit-chat__notice">
            {notice}
            {partsFailed !== undefined && <LoadFailed />}
          </div>
        )}
        <ChatComposer
          ref={composerRef}
          status={status}
          onSend={onSend}
          onStop={
            onStop &&
            (() => {
              onStop()
              focusComposer()
            })
          }
          onRegenerate={
            onRegenerate &&
            (() => {
              onRegenerate()
              focusComposer()
            })
          }
          // The last reply carries its own Regenerate action; the composer offers it when there is none.
          canRegenerate={messages.length > 0 && !(messageActions && lastAssistantIndex !== -1)}
          disabled={disabled}
          {...composerProps}
        />
        </AnnouncerRegion>
      )}
    </section>
  )
})

interface RowActions {
  onRetry?: (messageId: string) => void
  onRegenerate?: () => void
  onEdit?: (messageId: string, text: string) => void
  setEditing: (id: string | undefined) => void
  focusComposer: () => void
  /** A reply is on its way: editing waits (the button is hidden then; this guards a click that races it). */
  busy: boolean
}

/**
 * Rows come in groups of GROUP_SIZE by position, each memoized on its own messages: while a reply
 * streams only the last group renders, so a commit costs the same under 300 earlier messages as
 * under 3 (bench: render.history_300). Appending never moves a message to another group. 15, not 25:
 * a long conversation mounts a group per step, and 25 rows' render, or their layout, took 50-70 ms on a
 * core in some rounds of render.open_300 (15: none over 50).
 */
const GROUP_SIZE = 15
/** The groups' first messages, from the group at `from` (a multiple of GROUP_SIZE) on. */
const groupStarts = (count: number, from = 0) => Array.from({ length: Math.ceil((count - from) / GROUP_SIZE) }, (_, g) => from + g * GROUP_SIZE)

/**
 * A long conversation mounts in steps: its last FIRST_ROWS to MOUNT_AT_ONCE rows (whole groups), then one
 * earlier group per frame. Mounted at once, 300 restored messages were one layout of all of them, a long
 * task of 150-180 ms on a 2-core machine (bench: render.history_300, production build). 15, not 40: with
 * another conversation's rows rendered in a transition, the first rows' layout was the longest task left
 * (bench, interleaved quick runs: the first task of a restored page 28-41 ms on a core against 36-49; an
 * opened conversation 1 long task in 5 pages against 7). 15 rows of a chat fill most windows, and the next
 * group comes a frame later. Meanwhile the log is `aria-live="off"`: rows added above are earlier messages,
 * not new ones.
 */
const FIRST_ROWS = 15
/** How long another conversation's first rows may take to render in a transition before they render at once. */
const RENDER_ROWS_LATE_MS = 200
const MOUNT_AT_ONCE = FIRST_ROWS + GROUP_SIZE - 1
const firstShownRow = (count: number) => (count > MOUNT_AT_ONCE ? Math.floor((count - FIRST_ROWS) / GROUP_SIZE) * GROUP_SIZE : 0)
/**
 * What changed between two renders' conversations: `another` (the app's ids differ, or without them the first
 * messages), `filled` (an empty chat got messages), `cleared`, or the `same` (messages added, the first one
 * edited, an id given or taken away).
 */
function conversationChange(before: { conversationId?: string; first?: string }, conversationId: string | undefined, first: string | undefined) {
  const sameId = conversationId !== undefined && before.conversationId !== undefined ? conversationId === before.conversationId : undefined
  if (sameId === false) return 'another'
  if (first === before.first) return 'same'
  if (before.first === undefined) return 'filled'
  if (first === undefined) return 'cleared'
  return sameId ? 'same' : 'another'
}
/**
 * What a conversation is known by: its first message's id, else that message's role and text (messages
 * without ids may be new objects at every render: by identity, each render was another conversation).
 */
const conversationKey = (first: MessageLike | undefined) => (first === undefined ? undefined : (first.id ?? `${first.role}\u0000${messageText(first)}`))

interface MessageGroupProps {
  /** Index of the group's first message in the conversation. */
  from: number
  messages: readonly MessageLike[]
  lastAssistantIndex: number
  busy: boolean
  errorOnLast: boolean
  error: unknown
  privacy?: MessagePrivacy
  renderText?: RenderText
  editing?: string
  /** onRetry or onRegenerate is given. */
  retryable: boolean
  regenerable: boolean
  /**
   * onEdit is given and the chat is enabled. Not tied to `busy`: hiding the Edit buttons while a
   * reply streams is the log's `data-busy`, so starting and ending a reply re-renders no earlier row
   * (with 300 messages that was 150 rows and their buttons, twice per reply).
   */
  editable: boolean
  messageActions: boolean
  /** The actions and the editor once their chunk is in; `null` when it could not load. */
  parts: MessageParts | null | undefined
  actions: RefObject<RowActions | undefined>
}

const MessageGroup = memo(
  function MessageGroup({ from, messages, lastAssistantIndex, busy, errorOnLast, error, privacy, renderText, editing, retryable, regenerable, editable, messageActions, parts, actions }: MessageGroupProps) {
    return messages.map((message, k) => {
      const i = from + k
      const isLast = i === lastAssistantIndex
      const id = message.id
      return (
        <MessageRow
          key={id ?? i}
          message={message}
          status={isLast && busy ? 'streaming' : isLast && errorOnLast ? 'error' : undefined}
          error={isLast && errorOnLast ? error : undefined}
          privacy={privacy}
          renderText={renderText}
          editing={editing !== undefined && id === editing}
          canRetry={isLast && !busy && retryable && Boolean(id || regenerable)}
          canRegenerate={isLast && !busy && regenerable}
          canEdit={message.role === 'user' && Boolean(id) && editable}
          showActions={messageActions && !(isLast && busy)}
          parts={parts}
          actions={actions}
        />
      )
    })
  },
  // The same messages (each the same object) and the same everything else.
  (a, b) =>
    (Object.keys(a) as Array<keyof MessageGroupProps>).every((key) => key === 'messages' || a[key] === b[key]) &&
    a.messages.length === b.messages.length &&
    a.messages.every((message, k) => message === b.messages[k]),
)

interface MessageRowProps {
  message: MessageLike
  status?: MessageStatus
  error?: unknown
  /** The chat's privacy facts, for a message without its own. */
  privacy?: MessagePrivacy
  renderText?: RenderText
  editing: boolean
  canRetry: boolean
  canRegenerate: boolean
  canEdit: boolean
  showActions: boolean
  /** The actions and the editor once their chunk is in; `null` when it could not load (said once for the chat). */
  parts: MessageParts | null | undefined
  /** Set after every commit of the view; read in event handlers only. */
  actions: RefObject<RowActions | undefined>
}

/**
 * One message of the log. Memoized, with plain props and one stable `actions` object, so that
 * while a reply streams only its own row re-renders, however long the conversation
 * (bench: render.history_300).
 */
const MessageRow = memo(function MessageRow({ message, status, error, privacy, renderText, editing, canRetry, canRegenerate, canEdit, showActions, parts, actions }: MessageRowProps) {
  const id = message.id
  if (editing && id !== undefined && parts) {
    const { MessageEditor } = parts
    return (
      <div className="sealkit-message" data-role="user" data-editing="">
        <MessageEditor
          defaultValue={messageText(message)}
          onCancel={() => {
            actions.current?.setEditing(undefined)
            actions.current?.focusComposer()
          }}
          onSubmit={(text) => {
            actions.current?.setEditing(undefined)
            actions.current?.onEdit?.(id, text)
            actions.current?.focusComposer()
          }}
        />
      </div>
    )
  }
  return (
    <StreamingMessage
      message={message}
      status={status}
      error={error}
      privacy={messageFacts(message).privacy ?? privacy}
      renderText={renderText}
      onRetry={
        canRetry
          ? () => {
              const a = actions.current
              if (a?.onRetry && id) a.onRetry(id)
              else a?.onRegenerate?.()
              a?.focusComposer()
            }
          : undefined
      }
      footer={
        showActions &&
        messageText(message) !== '' &&
        (parts ? (
          <parts.MessageActions
            message={message}
            onRegenerate={
              canRegenerate
                ? () => {
                    actions.current?.onRegenerate?.()
                    actions.current?.focusComposer()
                  }
                : undefined
            }
            onEdit={
              canEdit && id
                ? () => {
                    if (!actions.current?.busy) actions.current?.setEditing(id)
                  }
                : undefined
            }
          />
        ) : (
          parts === undefined && <ActionsPlace assistant={message.role === 'assistant'} regenerate={canRegenerate} edit={canEdit && Boolean(id)} />
        ))
      }
    />
  )
})

/**
 * Where a message's actions go while their chunk loads: the same buttons, unseen and out of reach, so nothing moves
 * when they come (a row that wraps at a narrow width too); nothing where none will show (a withheld reply's copies).
 */
function ActionsPlace({ assistant, regenerate, edit }: { assistant: boolean; regenerate: boolean; edit: boolean }) {
  const words = useSealkitLocale().t.actions
  const shown = shownActions(assistant, useContext(TextWithheld), regenerate, edit)
  return shown.length === 0 ? null : (
    // Unseen by its own style: with or without the stylesheet, never a button that does nothing.
    <div className="sealkit-actions" data-pending="" style={{ visibility: 'hidden' }}>
      {shown.map((key) => (
        // The icon's box (1em) and the label: a button's width, in any language. data-action: Edit hides while busy.
        // type=button: never a form's default button (an app's form around the chat), even unseen.
        <button key={key} type="button" className="sealkit-button" data-size="sm" data-variant="ghost" data-action={key}>
          <svg width="1em" height="1em" />
          {words[key === 'copyMarkdown' && !assistant ? 'copy' : key]}
        </button>
      ))}
    </div>
  )
}

function DefaultEmptyState() {
  const { t } = useSealkitLocale()
  return (
    <>
      <LockIcon />
      <p>{t.chat.empty}</p>
    </>
  )
}

function textLength(message: MessageLike): number {
  return messageText(message).length
}
