'use client'
import { forwardRef, memo, useContext, useEffect, useId, useRef, useState, type ComponentPropsWithoutRef, type ReactNode } from 'react'
import { authenticityOfSignature, isChunkTampering, isRefusedReply, type MessageAuthenticity, type MessageSignatureStatus, type SealkitMessageMetadata } from '../core/chat/messages.ts'
import { ERROR_CODES } from '../core/errors.ts'
import type { SealkitMessages } from './i18n/en.ts'
import { useSealkitLocale } from './i18n/locale.tsx'
import { useAppendOnlySplit } from './internal/append-only-split.ts'
import { Cursor } from './internal/Cursor.tsx'
import { cx } from './internal/cx.ts'
import { TextWithheld } from './internal/text-withheld.ts'
import { pointerMoved, watchPointer } from './internal/pointer-moved.ts'
import { ReplyLiveRegion } from './internal/reply-live-region.ts'
import { useQuietLiveRegion } from './internal/use-quiet-live-region.ts'
import { Markdown } from './markdown/lazy.tsx'
import { ErrorText } from './internal/ErrorText.tsx'
import {
  ClockIcon,
  CrossIcon,
  FlaskIcon,
  LockIcon,
  RefreshIcon,
  ShieldAlertIcon,
  ShieldCheckIcon,
  SignatureIcon,
  StopIcon,
  UnlockIcon,
} from './internal/icons.tsx'

/**
 * Where a message stands: `streaming`, `done`, `stopped` (by the user), `incomplete` (the stream ended early) or
 * `error`.
 */
export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'incomplete' | 'error'
/** The response signature: `verified`, `failed`, `pending`, `unavailable`, or `skipped` (unattested chat). */
export type SignatureStatus = MessageSignatureStatus
/** The verdict of the attestation a message ran under; `simulated` is never shown as verified. */
export type AttestationVerdict = 'passed' | 'failed' | 'simulated'

/** What is known about how private a message was. */
export interface MessagePrivacy {
  /** True when the message travelled end-to-end encrypted (the request's content or the response's chunks). */
  e2ee: boolean
  /** The response signature: made by the attested key (`verified`), not (`failed`), not checked yet, or not offered. */
  signature?: SignatureStatus
  /**
   * Whether the text is proven to be the enclave's (default: from `signature`). `pending` and
   * `unavailable` never show as green; `failed` text is collapsed behind a warning.
   */
  authenticity?: MessageAuthenticity
  /** The verdict of the attestation the session's key came from. */
  attestation?: AttestationVerdict
  /** A message restored from storage: its facts were checked when it arrived, at this ISO time, not since. */
  receivedAt?: string
  /** A restored reply whose record claimed a signature the storage cannot prove (`restored.signatureUnproven`). */
  signatureUnproven?: boolean
  /** An E2EE reply whose reasoning the server sent in plaintext (allowed by `plaintextReasoning: 'allow'`): its reasoning says so. */
  plaintextReasoning?: boolean
  /**
   * The authenticity failed because a chunk failed its check on the way (decryption, or plaintext
   * where ciphertext was due), not a signature: the row says so instead of "Signature failed".
   * `StreamingMessage` sets it from the message's error.
   */
  tampered?: boolean
}

/** One part of a message: text, reasoning, or another part type (rendered only if it has text). */
export type MessagePart =
  | {
      /** The answer's text. */
      type: 'text'
      /** The text so far. */
      text: string
      /** `streaming` while chunks still arrive. */
      state?: 'streaming' | 'done'
    }
  | {
      /** The model's reasoning, shown apart from the answer. */
      type: 'reasoning'
      /** The reasoning so far. */
      text: string
      /** `streaming` while chunks still arrive. */
      state?: 'streaming' | 'done'
    }
  | {
      /** Another part type (a tool call, a file, ...). */
      type: string
      /** Its text, if any. */
      text?: string
      /** Its state, if any. */
      state?: string
      [key: string]: unknown
    }

/**
 * A message as `useEncryptedChat` hands it out (`SealkitUIMessage`: AI SDK style `parts` plus
 * privacy facts in `metadata`), or a plain one with `content` and explicit `status` / `privacy`.
 */
export interface MessageLike {
  /** Id, used as the React key by lists. */
  id?: string
  /** `user`, `assistant`, `system` (other roles render as given). */
  role: 'user' | 'assistant' | 'system' | (string & {})
  /** The text and reasoning parts, AI SDK style. */
  parts?: readonly MessagePart[]
  /** Plain text, for messages without `parts`. */
  content?: string
  /** The chat hook's per-message facts: privacy mode, attestation, signature, `incomplete`, `errorCode`. */
  metadata?: Partial<SealkitMessageMetadata>
  /** Plain-props alternatives to `metadata` (they win over it). */
  status?: MessageStatus
  /** Privacy facts, instead of reading them from `metadata`. */
  privacy?: MessagePrivacy
  /** The error that ended the message, shown with plain words. */
  error?: unknown
}

/** The authenticity a message's privacy facts imply: explicit, else what its signature says. */
export function authenticityOf(privacy: MessagePrivacy): MessageAuthenticity {
  return privacy.authenticity ?? authenticityOfSignature(privacy.signature ?? 'skipped')
}

/** Status, privacy and error of a message: explicit fields first, then what its metadata and parts say. */
export function messageFacts(message: MessageLike): {
  /** Where the message stands. */
  status: MessageStatus
  /** Its privacy facts; `undefined` when nothing is known. */
  privacy?: MessagePrivacy
  /** The error that ended it, if any. */
  error?: unknown
} {
  const meta = message.metadata
  // Any message's data (a plain one's, an app's): a code of another type is no code of ours, never a throw.
  const code = typeof meta?.errorCode === 'string' ? meta.errorCode : undefined
  let status: MessageStatus = 'done'
  if (message.parts?.some((p) => p.state === 'streaming')) status = 'streaming'
  else if (code === 'ABORTED') status = 'stopped'
  else if (code && code !== 'STREAM_INCOMPLETE') status = 'error'
  else if (meta?.incomplete || code === 'STREAM_INCOMPLETE') status = 'incomplete'
  const privacy: MessagePrivacy | undefined =
    meta?.privacy === undefined
      ? undefined
      : {
          e2ee: meta.privacy === 'e2ee',
          ...(meta.signature ? { signature: meta.signature } : {}),
          ...(meta.authenticity ? { authenticity: meta.authenticity } : {}),
          ...(meta.attestation ? { attestation: meta.attestation.simulated ? 'simulated' : meta.attestation.verdict } : {}),
          ...(meta.restored ? { receivedAt: typeof meta.restored.receivedAt === 'string' ? meta.restored.receivedAt : '' } : {}),
          ...(meta.restored?.signatureUnproven ? { signatureUnproven: true } : {}),
          ...(meta.plaintextReasoning ? { plaintextReasoning: true } : {}),
        }
  const error = code && status === 'error' ? { code, message: Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code] : code, ...(typeof meta?.serverMessage === 'string' && meta.serverMessage ? { serverMessage: meta.serverMessage } : {}) } : undefined
  return {
    status: message.status ?? status,
    privacy: message.privacy ?? privacy,
    error: message.error ?? error,
  }
}

/** Props of {@link StreamingMessage}. */
export interface StreamingMessageProps extends Omit<ComponentPropsWithoutRef<'article'>, 'role' | 'content'> {
  /** The message to render: a `useEncryptedChat` message or a plain one. */
  message: MessageLike
  /**
   * Overrides the message's own status.
   * @default the message's own: its status, else what metadata and parts say, else done
   */
  status?: MessageStatus
  /** Overrides `message.privacy`. Without it no privacy indicator is shown. */
  privacy?: MessagePrivacy
  /** Overrides `message.error`; shown when the status is `error`. */
  error?: unknown
  /** Shows a "Retry" button on stopped, incomplete and failed messages. */
  onRetry?: () => void
  /** Hide the per-message privacy indicator. */
  hidePrivacy?: boolean
  /** Rendered under the text, above the status line (e.g. actions). */
  footer?: ReactNode
  /**
   * Renders a text part. Default: assistant replies as markdown (`<Markdown>`: safe, streaming-stable),
   * user and system text as typed. Replace it to use another markdown renderer, or none. While the text streams,
   * the default draws the cursor at the end of its last line; another renderer gets it after what it returns.
   */
  renderText?: RenderText
  /**
   * What the waiting indicator says before the first word.
   * @default the locale's message.generating ("Generating a response")
   */
  waiting?: ReactNode
}

/** What `renderText` is told about the text it renders. */
export interface RenderTextContext {
  /** The message's role. */
  role: MessageLike['role']
  /** True while the text is still arriving. */
  streaming: boolean
  /** The whole message. */
  message: MessageLike
}

/** Renders a message's text (markdown for the assistant by default): replace it to render text your way. */
export type RenderText = (text: string, context: RenderTextContext) => ReactNode

/**
 * The default `renderText`: markdown for the assistant, the text as typed for everyone else. While the text
 * streams it draws the cursor itself, at the end of the last line (inside the last paragraph or list item).
 */
export const defaultRenderText: RenderText = (text, { role, streaming }) =>
  role === 'assistant' ? (
    <Markdown text={text} streaming={streaming} cursor />
  ) : (
    <>
      <SegmentedText text={text} />
      {streaming && text !== '' && <Cursor />}
    </>
  )

/**
 * One chat message. While `streaming`, new text appends without re-rendering what is already
 * there: the text is cut into committed segments (at paragraph breaks, or every ~512 characters
 * at a space) rendered by memoized children; only the growing tail re-renders. A blinking cursor
 * follows the tail; `stopped`, `incomplete` and `error` add a status line. An assistant reply
 * whose authenticity `failed` (its signature did not verify, or its stream was tampered with)
 * is collapsed behind a warning with "Show anyway". `data-role`, `data-status`, `data-e2ee`,
 * `data-signature`, `data-authenticity` and `data-attestation` are set for styling.
 *
 * @example
 * ```tsx
 * {messages.map((m) => <StreamingMessage key={m.id} message={m} privacy={{ e2ee: true, signature: 'verified' }} />)}
 * ```
 */
export const StreamingMessage = forwardRef<HTMLElement, StreamingMessageProps>(function StreamingMessage(
  { message, status: statusProp, privacy: privacyProp, error: errorProp, onRetry, hidePrivacy, footer, renderText = defaultRenderText, waiting, className, ...props },
  ref,
) {
  const facts = messageFacts(message)
  const status = statusProp ?? facts.status
  let privacy = privacyProp ?? facts.privacy
  const error = errorProp ?? facts.error
  const streaming = status === 'streaming'
  // Inside a chat view's log, which may be quiet while history goes in: the words that stream are news. Held past
  // the reply's end until the accessibility tree has taken its last words in: they come with the status that ends it.
  const inChatLog = useContext(ReplyLiveRegion)
  const ownLiveRegion = useQuietLiveRegion(inChatLog && streaming) && inChatLog
  const parts: readonly MessagePart[] = message.parts ?? (message.content !== undefined ? [{ type: 'text', text: message.content }] : [])
  const lastTextIndex = findLastIndex(parts, (p) => p.type === 'text')
  const hasText = parts.some((p) => p.type === 'text' && typeof p.text === 'string' && p.text.length > 0)
  const { t } = useSealkitLocale()
  const roleName = t.message.roles[message.role] ?? message.role
  // A signature covers the whole reply: while it still streams, nothing can have verified it yet, whatever the props say.
  if (streaming && privacy && message.role === 'assistant' && authenticityOf(privacy) === 'verified') privacy = { ...privacy, signature: 'pending', authenticity: 'pending' }
  const authenticity = privacy && message.role === 'assistant' ? authenticityOf(privacy) : undefined
  const [revealed, setRevealed] = useState(false)
  const unauthentic = authenticity === 'failed' && hasText
  const hidden = unauthentic && !revealed
  // One failure, one box: the error that ended a reply held behind the warning (a chunk or a signature that
  // failed its check) is said in the warning, which is then the alert; a second red box said it again below.
  const errorInWarning = unauthentic && status === 'error'
  // A chunk that failed decryption is not a signature that failed: the warning names what happened.
  const tampered = typeof error === 'object' && error !== null && isChunkTampering((error as { code?: unknown }).code)
  // sealkit's chats never send a refused reply back as the model's turn: said, so the next answer's context is no surprise.
  const leftOut = hasText && isRefusedReply(message)

  return (
    <article
      ref={ref}
      aria-label={t.message.label(roleName)}
      aria-busy={streaming || undefined}
      data-role={message.role}
      data-status={status}
      data-e2ee={privacy ? String(privacy.e2ee) : undefined}
      data-signature={privacy?.signature}
      data-authenticity={authenticity}
      data-attestation={privacy?.attestation}
      className={cx('sealkit-message', className)}
      {...props}
    >
      <div className="sealkit-message__role" aria-hidden="true">
        {roleName}
      </div>
      {unauthentic && (
        <div className="sealkit-message__unauthentic" data-tone="danger" role={errorInWarning ? 'alert' : undefined} data-error={errorInWarning || undefined}>
          <ShieldAlertIcon />
          <span className="sealkit-message__unauthentic-text">
            <span>{tampered ? t.message.tamperedChunk : t.message.unauthentic}</span>
            {errorInWarning && Boolean(error) && <ErrorText error={error} />}
            {leftOut && <span className="sealkit-message__left-out">{t.message.leftOut}</span>}
          </span>
          <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" aria-expanded={revealed} onClick={() => setRevealed((r) => !r)}>
            {revealed ? t.message.hideUnauthentic : t.message.showAnyway}
          </button>
          {errorInWarning && onRetry && <RetryButton onRetry={onRetry} />}
        </div>
      )}
      {/* A hidden reply is not rendered at all: no stylesheet can bring it back by accident. */}
      {!hidden && (
        <div className="sealkit-message__content" data-unauthentic={authenticity === 'failed' || undefined} aria-live={ownLiveRegion ? 'polite' : undefined}>
          {parts.map((part, i) => {
            if (part.type === 'reasoning' && typeof part.text === 'string') {
              return (
                <details key={i} className="sealkit-message__reasoning">
                  {/* Reasoning the server sent unencrypted, which the app allowed: the reply's "encrypted" is not about it. */}
                  <summary>{privacy?.plaintextReasoning ? t.message.reasoningUnencrypted : t.message.reasoning}</summary>
                  <SegmentedText text={part.text} />
                </details>
              )
            }
            if (part.type === 'text' && typeof part.text === 'string') {
              return (
                <div key={i} className="sealkit-message__text" dir="auto">
                  {renderText(part.text, { role: message.role, streaming: streaming && i === lastTextIndex, message })}
                  {/* Another renderer's text gets the cursor after it (the default draws it inside its last line). */}
                  {streaming && i === lastTextIndex && hasText && renderText !== defaultRenderText && <Cursor />}
                </div>
              )
            }
            return null
          })}
          {/* Before the first word: a waiting indicator that says what is happening, not a bare cursor. */}
          {streaming && !hasText && (
            <div className="sealkit-waiting" role="status">
              <span className="sealkit-waiting__dots" aria-hidden="true">
                <span />
                <span />
                <span />
              </span>
              <span>{waiting ?? t.message.generating}</span>
            </div>
          )}
        </div>
      )}
      <TextWithheld.Provider value={hidden}>{footer}</TextWithheld.Provider>
      {!errorInWarning && <MessageStatusLine status={status} error={error} onRetry={onRetry} hasText={hasText} />}
      {leftOut && !unauthentic && <p className="sealkit-message__left-out">{t.message.leftOut}</p>}
      {privacy && !hidePrivacy && <PrivacyIndicator privacy={tampered ? { ...privacy, tampered } : privacy} role={message.role} />}
    </article>
  )
})

function MessageStatusLine({
  status,
  error,
  onRetry,
  hasText,
}: {
  status: MessageStatus
  error: unknown
  onRetry?: () => void
  hasText: boolean
}) {
  const { t } = useSealkitLocale()
  if (status === 'streaming' || status === 'done') return null
  const retry = onRetry && <RetryButton onRetry={onRetry} />
  if (status === 'stopped') {
    return (
      <div className="sealkit-message__status" data-tone="neutral">
        <StopIcon />
        <span>{hasText ? t.message.stoppedAfterText : t.message.stopped}</span>
        {retry}
      </div>
    )
  }
  if (status === 'incomplete') {
    return (
      <div className="sealkit-message__status" data-tone="warning">
        <ShieldAlertIcon />
        <span>{t.message.incomplete}</span>
        {retry}
      </div>
    )
  }
  return (
    <div className="sealkit-message__status" data-tone="danger" role="alert">
      <CrossIcon />
      {error ? <ErrorText error={error} /> : <span>{t.message.failed}</span>}
      {retry}
    </div>
  )
}

function RetryButton({ onRetry }: { onRetry: () => void }) {
  const { t } = useSealkitLocale()
  return (
    <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" onClick={() => onRetry()}>
      <RefreshIcon />
      {t.message.retry}
    </button>
  )
}

/** Props of {@link PrivacyIndicator}. */
export interface PrivacyIndicatorProps extends ComponentPropsWithoutRef<'div'> {
  /** The message's privacy facts. */
  privacy: MessagePrivacy
  /** User messages say how they were sent; assistant messages also show signature and attestation. */
  role?: string
}

/** One privacy fact of a message: its tone, icon, short label (the row), full label and one-line explanation (the details). */
interface PrivacyFact {
  fact: 'e2ee' | 'authenticity' | 'attestation'
  tone: 'success' | 'danger' | 'warning' | 'neutral' | 'simulated'
  icon: ReactNode
  short: string
  full: string
  explain: string
}

/**
 * The privacy facts of one message in one compact row (encrypted, signed, enclave), a single tab
 * stop; hovering or focusing it shows each fact in full with a one-line explanation, and a click
 * (or tap) pins the details open; Escape closes them. Hover means the pointer moving over the row: a row
 * that a layout shift brings under a still pointer stays closed. Screen readers hear the details as the row's
 * description. A simulated enclave is said in the one simulated colour, never in the verified green.
 */
export const PrivacyIndicator = forwardRef<HTMLDivElement, PrivacyIndicatorProps>(function PrivacyIndicator(
  { privacy, role = 'assistant', className, ...props },
  ref,
) {
  const { t, format } = useSealkitLocale()
  const facts = privacyFacts(privacy, role === 'user', t, format.dateTime)
  const detailsId = useId()
  const [pinned, setPinned] = useState(false)
  const [hovered, setHovered] = useState(false)
  const [focused, setFocused] = useState(false)
  const pointerDown = useRef(false)
  useEffect(watchPointer, [])
  // Closed with Escape while the pointer is on it: closed until the pointer leaves.
  const hoverDismissed = useRef(false)
  const open = pinned || hovered || focused
  // Opened on purpose (a click, a tap, the keyboard), the details come into view: the last reply's open below the
  // composer's edge otherwise. Not on hover, which must not move the page under the pointer.
  const detailsRef = useRef<HTMLUListElement>(null)
  const asked = pinned || focused
  useEffect(() => {
    if (asked) detailsRef.current?.scrollIntoView?.({ block: 'nearest' })
  }, [asked])
  const close = () => {
    setPinned(false)
    setHovered(false)
    setFocused(false)
    hoverDismissed.current = hovered
  }
  return (
    <div
      ref={ref}
      className={cx('sealkit-privacy', className)}
      data-tone={rowTone(facts)}
      data-state={open ? 'open' : 'closed'}
      // Hover opens on a move of the pointer itself, not on the enter events a layout shift sends when it brings
      // the row under a pointer that stayed still (the details opened by themselves). Touch has no hover: a tap pins them.
      onPointerMove={(event) => {
        if (!hovered && !hoverDismissed.current && pointerMoved(event)) setHovered(true)
      }}
      onPointerLeave={() => {
        hoverDismissed.current = false
        setHovered(false)
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation()
          close()
        }
      }}
      {...props}
    >
      <button
        type="button"
        className="sealkit-privacy__row"
        aria-expanded={open}
        aria-controls={detailsId}
        aria-describedby={detailsId}
        onClick={() => setPinned((p) => !p)}
        // Focus from the keyboard opens the details; a click toggles them instead (focus then would fight the toggle).
        onPointerDown={() => (pointerDown.current = true)}
        onFocus={() => {
          if (!pointerDown.current) setFocused(true)
          pointerDown.current = false
        }}
        onBlur={() => {
          setFocused(false)
          setPinned(false)
        }}
      >
        {facts.map((f, i) => (
          <span key={f.fact} className="sealkit-chip" data-fact={f.fact} data-tone={f.tone}>
            {f.icon}
            {/* The hidden words sit in the facts' own inline runs: as flex items of their own they would be blocks to
                the accessible-name algorithm, which puts spaces around them ("Encrypted , Signed", "隐私： 已加密").
                The label's trailing space is a text node of the run: testing-library trims a hidden element's text. */}
            <span>
              {i === 0 && <span className="sealkit-sr-only-inline">{`${t.chips.label}${t.chips.afterLabel.trimEnd()}`}</span>}
              {i === 0 && t.chips.afterLabel !== t.chips.afterLabel.trimEnd() && ' '}
              {f.short}
              {i < facts.length - 1 && <span className="sealkit-sr-only-inline">{t.chips.separator}</span>}
            </span>
          </span>
        ))}
      </button>
      <ul ref={detailsRef} id={detailsId} role="list" aria-label={t.chips.label} className="sealkit-privacy__details" hidden={!open}>
        {facts.map((f) => (
          <li key={f.fact} data-fact={f.fact} data-tone={f.tone}>
            {f.icon}
            <span>
              <strong>{f.full}</strong> {f.explain}
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
})

/** The row takes its facts' weakest tone: one red fact makes the row red; simulated is never green. */
function rowTone(facts: readonly PrivacyFact[]): PrivacyFact['tone'] {
  for (const tone of ['danger', 'warning', 'simulated', 'neutral'] as const) if (facts.some((f) => f.tone === tone)) return tone
  return 'success'
}

function privacyFacts(privacy: MessagePrivacy, isUser: boolean, t: SealkitMessages, dateTime: (value: string) => string): PrivacyFact[] {
  const c = t.chips
  const authenticity = authenticityOf(privacy)
  const simulated = privacy.attestation === 'simulated'
  // Green only for a reply the enclave signed, from a real (not simulated) enclave: a reply that is
  // pending, unsigned, tampered with or simulated never shows a green fact.
  const trusted = isUser || (authenticity === 'verified' && !simulated)
  const facts: PrivacyFact[] = []
  const receivedOn = privacy.receivedAt ? dateTime(privacy.receivedAt) : '?'
  const e2ee = privacy.e2ee ? (isUser ? 'encryptedToEnclave' : 'encrypted') : isUser ? 'sentWithoutE2ee' : 'notE2ee'
  // Its answer encrypted, its reasoning not (the app allowed it): never the green of a wholly encrypted reply.
  const plainReasoning = !isUser && privacy.e2ee && privacy.plaintextReasoning === true
  facts.push({
    fact: 'e2ee',
    tone: !privacy.e2ee || plainReasoning ? 'warning' : simulated ? 'simulated' : trusted ? 'success' : 'neutral',
    icon: privacy.e2ee ? <LockIcon /> : <UnlockIcon />,
    short: c.short[e2ee],
    // Simulated means simulated everywhere: never "encrypted to the enclave" for a test key.
    full: privacy.e2ee && simulated ? c.encryptedToSimulated : c[e2ee],
    // A reply's encryption proves who encrypted it (and that nobody re-encrypted it on the way) only once the enclave signed it.
    explain:
      (privacy.e2ee && simulated ? c.explain.encryptedToSimulated : e2ee === 'encrypted' && !trusted ? c.explain.encryptedUnsigned : c.explain[e2ee]) +
      (plainReasoning ? ` ${c.explain.reasoningUnencrypted}` : ''),
  })
  if (!isUser && (privacy.signature !== undefined || privacy.authenticity !== undefined)) {
    const simulatedSignature = simulated && authenticity === 'verified'
    // A restored reply is "signed" as recorded, never plainly: its attestation was checked on arrival, not now.
    const received = privacy.receivedAt !== undefined && authenticity === 'verified'
    // A chunk that failed its check is named as such: no signature ran on it.
    const tampered = privacy.tampered && authenticity === 'failed'
    const full = simulatedSignature ? c.signedBySimulated : tampered ? c.short.tampered : c.authenticity[authenticity]
    const explain = simulatedSignature ? c.explain.signedBySimulated : tampered ? t.message.tamperedChunk : c.explain.authenticity[authenticity]
    facts.push({
      fact: 'authenticity',
      tone: simulatedSignature ? 'simulated' : AUTHENTICITY_TONES[authenticity],
      icon: authenticity === 'verified' ? <SignatureIcon /> : authenticity === 'failed' ? <CrossIcon /> : authenticity === 'pending' ? <ClockIcon /> : <ShieldAlertIcon />,
      short: received ? c.short.signedAsRecorded : privacy.signatureUnproven ? c.short.signatureUnproven : tampered ? full : c.short.authenticity[authenticity],
      full: received ? c.whenReceived(full, receivedOn) : privacy.signatureUnproven ? c.signatureUnproven : full,
      explain: received ? c.explain.restored(explain, receivedOn) : privacy.signatureUnproven ? c.explain.signatureUnproven : explain,
    })
  }
  if (!isUser && privacy.attestation) {
    const verdict = privacy.attestation
    facts.push({
      fact: 'attestation',
      tone: verdict === 'simulated' ? 'simulated' : verdict === 'failed' ? 'danger' : trusted ? 'success' : 'neutral',
      icon: verdict === 'passed' ? <ShieldCheckIcon /> : verdict === 'simulated' ? <FlaskIcon /> : <ShieldAlertIcon />,
      short: c.short.attestation[verdict],
      full: privacy.receivedAt !== undefined ? c.whenReceived(c.attestation[verdict], receivedOn) : c.attestation[verdict],
      explain: c.explain.attestation[verdict],
    })
  }
  return facts
}

const AUTHENTICITY_TONES: Record<MessageAuthenticity, PrivacyFact['tone']> = {
  verified: 'success',
  failed: 'danger',
  pending: 'neutral',
  unavailable: 'warning',
}

// ---------------------------------------------------------------------------------------------
// Incremental text

/** Longest committed segment; a longer run without a paragraph break is cut at a space. */
export const SEGMENT_MAX = 512

/**
 * Splits text into committed segments plus the growing tail. Where a boundary falls depends only
 * on the text before it, so appending never moves an existing boundary: committed segments keep
 * their exact text and their memoized components skip re-rendering. `from` resumes at a boundary
 * an earlier call returned.
 */
export function splitSegments(
  text: string,
  max = SEGMENT_MAX,
  from = 0,
): {
  /** The finished segments from `from` on, in order; they never change as text is appended. */
  committed: string[]
  /** The rest, still growing. */
  tail: string
} {
  const committed: string[] = []
  let start = from
  for (;;) {
    const para = text.indexOf('\n\n', start)
    if (para !== -1 && para + 2 - start <= max) {
      committed.push(text.slice(start, para + 2))
      start = para + 2
      continue
    }
    if (text.length - start < max) break
    // No paragraph break within `max` characters: cut after the last whitespace in the window,
    // else hard at `max` (never between the two halves of a surrogate pair).
    const window = text.slice(start, start + max)
    const ws = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\n'))
    let end = ws > 0 ? start + ws + 1 : start + max
    if (ws <= 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--
    committed.push(text.slice(start, end))
    start = end
  }
  return { committed, tail: text.slice(start) }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

const Segment = memo(function Segment({ text }: { text: string }) {
  return <span data-segment="">{text}</span>
})

const resumeSegments = (text: string, from: number) => splitSegments(text, SEGMENT_MAX, from)

function SegmentedText({ text }: { text: string }) {
  const { committed, tail } = useAppendOnlySplit(text, resumeSegments)
  return (
    <>
      {committed.map((segment, i) => (
        <Segment key={i} text={segment} />
      ))}
      {tail && <span data-tail="">{tail}</span>}
    </>
  )
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T)) return i
  return -1
}
