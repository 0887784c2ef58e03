'use client'
import { forwardRef, useId, useRef, useState, type ComponentPropsWithoutRef, type KeyboardEvent } from 'react'
import { composeEventHandlers } from '@radix-ui/primitive'
import { useComposedRefs } from '@radix-ui/react-compose-refs'
import { useControllableState } from '@radix-ui/react-use-controllable-state'
import type { ChatStatus } from '../core/chat/chat-store.ts'
import { useSealkitLocale } from './i18n/locale.tsx'
import { cx } from './internal/cx.ts'
import { isSendKey } from './internal/send-key.ts'
import { RefreshIcon, SendIcon, StopIcon } from './internal/icons.tsx'

export type { ChatStatus }

/** Props of {@link ChatComposer}: a textarea with Send and Stop, plus every textarea prop. */
export interface ChatComposerProps
  extends Omit<ComponentPropsWithoutRef<'textarea'>, 'value' | 'defaultValue' | 'onChange' | 'onSubmit'> {
  /** The draft (controlled). */
  value?: string
  /** The initial draft (uncontrolled). */
  defaultValue?: string
  /** Called with the draft as it changes (with `value`, to control it). */
  onValueChange?: (value: string) => void
  /** Called with the trimmed draft on Enter or the send button; the draft is then cleared. */
  onSend?: (text: string) => void
  /** Called by the stop button while a reply streams. */
  onStop?: () => void
  /** Called by the regenerate button; without it there is no such button. */
  onRegenerate?: () => void
  /** `submitted` / `streaming` swap the send button for a stop button. */
  status?: ChatStatus
  /** Show the regenerate button (e.g. when the last message is the assistant's). */
  canRegenerate?: boolean
  /**
   * Accessible label of the text box.
   * @default the locale's composer.label ("Message")
   */
  label?: string
  /** Class for the wrapping form. */
  formClassName?: string
  /** Text under the box, e.g. the privacy of what will be sent. */
  hint?: string
  /**
   * The box takes text but nothing is sent yet, e.g. while the models load: Enter and Send keep the draft and say
   * why (`sendDisabledHint`). Send is then `aria-disabled` rather than `disabled`, so it stays focusable and a tap on
   * it is heard.
   */
  sendDisabled?: boolean
  /**
   * What the box says, politely announced, when a send is tried (Enter, or Send) with text in the box while
   * `sendDisabled`: why it waits. Shown beside `hint`, never instead of it; gone once sending is on again or the box
   * is emptied. The draft is never sent by itself.
   * @default the locale's composer.notReady
   */
  sendDisabledHint?: string
}

/**
 * The message box: Enter sends, Shift+Enter adds a line (IME composition is respected),
 * a send button that becomes a stop button while a response is on its way, and an optional
 * regenerate button. The ref is the textarea's. `data-status` on the form.
 */
export const ChatComposer = forwardRef<HTMLTextAreaElement, ChatComposerProps>(function ChatComposer(
  {
    value: valueProp,
    defaultValue,
    onValueChange,
    onSend,
    onStop,
    onRegenerate,
    status = 'ready',
    canRegenerate,
    label,
    placeholder,
    disabled,
    formClassName,
    className,
    hint,
    sendDisabled,
    sendDisabledHint,
    onKeyDown,
    rows = 1,
    ...props
  },
  ref,
) {
  const { t } = useSealkitLocale()
  const inputId = useId()
  const hintId = useId()
  const heldId = useId()
  const localRef = useRef<HTMLTextAreaElement>(null)
  const refs = useComposedRefs(ref, localRef)
  const [value, setValue] = useControllableState({
    prop: valueProp,
    defaultProp: defaultValue ?? '',
    onChange: onValueChange,
    caller: 'ChatComposer',
  })
  const busy = status === 'submitted' || status === 'streaming'
  const hasText = value.trim().length > 0
  const canSend = !disabled && !sendDisabled && !busy && hasText
  // Held: there is something to send, only not yet. Send stays focusable and clickable (aria-disabled, not
  // disabled) so that a tap says why, as Enter does.
  const held = Boolean(sendDisabled) && !disabled && !busy && hasText
  // Sends tried while sending is off: said until sending is on again or nothing is left to send (then forgotten,
  // never sent by itself). Counted: each try changes the live region, so a screen reader says it again.
  const [tries, setTries] = useState(0)
  const tried = tries > 0
  if (tried && (!sendDisabled || !hasText)) setTries(0)
  const tryHeld = () => setTries((n) => n + 1)

  const send = () => {
    if (held) tryHeld()
    if (!canSend) return
    onSend?.(value.trim())
    setValue('')
    localRef.current?.focus()
  }

  const handleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!isSendKey(event)) return
    event.preventDefault()
    send()
  }

  return (
    <form
      className={cx('sealkit-composer', formClassName)}
      data-status={status}
      data-disabled={disabled ? '' : undefined}
      onSubmit={(event) => {
        event.preventDefault()
        send()
      }}
    >
      <label htmlFor={inputId} className="sealkit-sr-only">
        {label ?? t.composer.label}
      </label>
      <textarea
        ref={refs}
        id={inputId}
        rows={rows}
        value={value}
        placeholder={placeholder ?? t.composer.placeholder}
        disabled={disabled}
        aria-describedby={[hint && hintId, tried && heldId].filter(Boolean).join(' ') || undefined}
        className={cx('sealkit-composer__input', className)}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={composeEventHandlers(onKeyDown, handleKeyDown)}
        {...props}
      />
      <div className="sealkit-composer__actions">
        {hint && (
          <span id={hintId} className="sealkit-composer__hint">
            {hint}
          </span>
        )}
        {/* A live region of its own from the moment sending is off, so that what it says when a send is tried is
            announced, and nothing else in it is. */}
        {sendDisabled && (
          <span id={heldId} className="sealkit-composer__hint" role="status" data-send-disabled="">
            {/* The same words again are no change to announce: every other try ends in a no-break space. */}
            {tried ? (sendDisabledHint ?? t.composer.notReady) + (tries % 2 === 0 ? '\u00a0' : '') : null}
          </span>
        )}
        {canRegenerate && onRegenerate && !busy && (
          <button type="button" className="sealkit-button" data-variant="ghost" onClick={() => onRegenerate()} disabled={disabled || sendDisabled}>
            <RefreshIcon />
            {t.composer.regenerate}
          </button>
        )}
        {/* Keyed apart: Stop is a new button, not Send repainted through a colour transition (unreadable midway). */}
        {busy ? (
          <button key="stop" type="button" className="sealkit-button" data-variant="danger" onClick={() => onStop?.()} disabled={!onStop}>
            <StopIcon />
            {t.composer.stop}
          </button>
        ) : (
          <button
            key="send"
            type="submit"
            className="sealkit-button"
            data-variant="primary"
            disabled={!canSend && !held}
            aria-disabled={held || undefined}
            aria-describedby={tried ? heldId : undefined}
            // Held: the tap says why and is no form submission (a `submit` on the page means a message went out).
            onClick={
              held
                ? (event) => {
                    event.preventDefault()
                    tryHeld()
                  }
                : undefined
            }
          >
            <SendIcon />
            {t.composer.send}
          </button>
        )}
      </div>
    </form>
  )
})
