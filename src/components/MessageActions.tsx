'use client'
import { useContext, useEffect, useId, useRef, useState, type ComponentPropsWithoutRef, type KeyboardEvent } from 'react'
import { copyText } from './CopyButton.tsx'
import { useSealkitLocale } from './i18n/locale.tsx'
import { useAnnounce } from './internal/announcer.tsx'
import { cx } from './internal/cx.ts'
import { messageText } from './internal/message-text.ts'
import { isSendKey } from './internal/send-key.ts'
import { shownActions, type ActionKey } from './internal/shown-actions.ts'
import { TextWithheld } from './internal/text-withheld.ts'
import { CheckIcon, CopyIcon, PencilIcon, RefreshIcon } from './internal/icons.tsx'
import type { MessageLike } from './StreamingMessage.tsx'

export interface MessageActionsProps extends ComponentPropsWithoutRef<'div'> {
  message: MessageLike
  /** Regenerate this reply (the last assistant message). */
  onRegenerate?: () => void
  /** Start editing this (user) message. */
  onEdit?: () => void
}

/**
 * The actions under a message, as chat UIs have them: copy as markdown, copy as text (what the
 * reader sees, without markdown syntax), regenerate, edit. A toolbar (WAI-ARIA): one tab stop,
 * the arrow keys, Home and End move between its buttons, so a long conversation is not hundreds
 * of tab stops. A copy says "Copied" on the button and, in the chat's one status region
 * (`AnnouncerRegion`), to screen readers.
 */
export function MessageActions({ message, onRegenerate, onEdit, className, onKeyDown, onBlur, ...props }: MessageActionsProps) {
  const { t } = useSealkitLocale()
  const announce = useAnnounce()
  const [copied, setCopied] = useState<'copyMarkdown' | 'copyText' | 'failed' | undefined>()
  // The button that holds the toolbar's tab stop: the one last focused, the first once focus leaves.
  const [stop, setStop] = useState(0)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  const copy = async (kind: 'copyMarkdown' | 'copyText', button: HTMLElement) => {
    const article = button.closest('article')
    const rendered = article?.querySelector<HTMLElement>('.sealkit-message__content .sealkit-message__text')
    const value = kind === 'copyMarkdown' ? messageText(message) : rendered ? renderedText(rendered) : messageText(message)
    const ok = await copyText(value, button.parentElement)
    setCopied(ok ? kind : 'failed')
    announce(ok ? t.actions.copied : t.actions.copyFailed)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      setCopied(undefined)
      announce('')
    }, 2000)
  }
  const isAssistant = message.role === 'assistant'
  // A reply held back behind its failed check: no copy of the text the reader was not shown.
  const withheld = useContext(TextWithheld)
  const shown = shownActions(isAssistant, withheld, Boolean(onRegenerate), Boolean(onEdit))
  // A button that is gone (Regenerate, once a newer reply came) cannot hold the stop: the first takes it.
  const stopKey = shown[stop] ?? shown[0]
  const roving = (key: ActionKey) => ({ tabIndex: key === stopKey ? 0 : -1, onFocus: () => setStop(shown.indexOf(key)) })
  // No button, no toolbar (a withheld reply that is no longer the last): an empty one is a stop that says nothing.
  if (shown.length === 0) return null
  return (
    <div
      role="toolbar"
      aria-label={t.actions.label}
      className={cx('sealkit-actions', className)}
      {...props}
      onKeyDown={(event) => {
        onKeyDown?.(event)
        if (!event.defaultPrevented) moveFocus(event)
      }}
      onBlur={(event) => {
        onBlur?.(event)
        // Focus leaving the toolbar gives its stop back to the first button: Edit, hidden by CSS while a reply
        // streams, must not keep the toolbar's only stop.
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setStop(0)
      }}
    >
      {shown.includes('copyMarkdown') && (
        <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" data-state={copied === 'copyMarkdown' ? 'copied' : undefined} onClick={(e) => void copy('copyMarkdown', e.currentTarget)} {...roving('copyMarkdown')}>
          {copied === 'copyMarkdown' ? <CheckIcon /> : <CopyIcon />}
          {copied === 'copyMarkdown' ? t.actions.copied : isAssistant ? t.actions.copyMarkdown : t.actions.copy}
        </button>
      )}
      {shown.includes('copyText') && (
        <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" data-state={copied === 'copyText' ? 'copied' : undefined} onClick={(e) => void copy('copyText', e.currentTarget)} {...roving('copyText')}>
          {copied === 'copyText' ? <CheckIcon /> : <CopyIcon />}
          {copied === 'copyText' ? t.actions.copied : t.actions.copyText}
        </button>
      )}
      {shown.includes('regenerate') && (
        <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" onClick={() => onRegenerate?.()} {...roving('regenerate')}>
          <RefreshIcon />
          {t.actions.regenerate}
        </button>
      )}
      {shown.includes('edit') && (
        <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" data-action="edit" onClick={() => onEdit?.()} {...roving('edit')}>
          <PencilIcon />
          {t.actions.edit}
        </button>
      )}
    </div>
  )
}

/** The toolbar's keys: the arrows (in reading direction, wrapping), Home and End move focus between its displayed buttons. */
function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
  const { key } = event
  if (key !== 'ArrowLeft' && key !== 'ArrowRight' && key !== 'Home' && key !== 'End') return
  const toolbar = event.currentTarget
  // Edit is hidden by CSS while a reply streams: skip what is not displayed.
  const items = [...toolbar.querySelectorAll<HTMLButtonElement>(':scope > button')].filter((b) => getComputedStyle(b).display !== 'none')
  const at = items.indexOf(document.activeElement as HTMLButtonElement)
  if (at < 0) return
  const forward = (key === 'ArrowRight') !== (getComputedStyle(toolbar).direction === 'rtl')
  const next = key === 'Home' ? 0 : key === 'End' ? items.length - 1 : (at + (forward ? 1 : -1) + items.length) % items.length
  event.preventDefault()
  items[next]?.focus()
}

export interface MessageEditorProps {
  defaultValue: string
  onSubmit: (text: string) => void
  onCancel: () => void
}

/** Edit a sent message in place: Enter (or Send) resends it, Escape (or Cancel) leaves it as it was. */
export function MessageEditor({ defaultValue, onSubmit, onCancel }: MessageEditorProps) {
  const { t } = useSealkitLocale()
  const id = useId()
  const [value, setValue] = useState(defaultValue)
  const ref = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    const el = ref.current
    el?.focus()
    el?.setSelectionRange(el.value.length, el.value.length)
  }, [])
  const submit = () => {
    const text = value.trim()
    if (text) onSubmit(text)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      onCancel()
    } else if (isSendKey(event)) {
      event.preventDefault()
      submit()
    }
  }
  return (
    <form
      className="sealkit-editor"
      onSubmit={(event) => {
        event.preventDefault()
        submit()
      }}
    >
      <label htmlFor={id} className="sealkit-sr-only">
        {t.actions.editLabel}
      </label>
      <textarea id={id} ref={ref} className="sealkit-composer__input" dir="auto" value={value} rows={Math.min(8, value.split('\n').length + 1)} onChange={(e) => setValue(e.target.value)} onKeyDown={onKeyDown} />
      <div className="sealkit-editor__actions">
        <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" onClick={() => onCancel()}>
          {t.actions.cancel}
        </button>
        <button type="submit" className="sealkit-button" data-size="sm" data-variant="primary" disabled={!value.trim()}>
          {t.actions.saveAndSend}
        </button>
      </div>
    </form>
  )
}

/**
 * What the reader sees, as text (`innerText`). A long reply's blocks waiting for their turn are laid out only near the
 * screen (`content-visibility: auto`), and `innerText` leaves them out while off screen, so they are laid out for the
 * copy (`data-sealkit-copying`, styles.css): once, on a click.
 */
function renderedText(element: HTMLElement): string {
  element.setAttribute('data-sealkit-copying', '')
  try {
    return element.innerText
  } finally {
    element.removeAttribute('data-sealkit-copying')
  }
}
