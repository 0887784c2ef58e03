'use client'
import { useContext, useEffect, useId, useRef, useState, type ComponentPropsWithoutRef, type KeyboardEvent } from 'react'
import { copyText } from './CopyButton.tsx'
import { useSealkitLocale } from './i18n/locale.tsx'
import { cx } from './internal/cx.ts'
import { isSendKey } from './internal/send-key.ts'
import { TextWithheld } from './internal/text-withheld.ts'
import { CheckIcon, CopyIcon, PencilIcon, RefreshIcon } from './internal/icons.tsx'
import type { MessageLike } from './StreamingMessage.tsx'

/** The text of a message: its text parts joined (or `content`). */
export function messageText(message: MessageLike): string {
  if (message.parts) return message.parts.reduce((s, p) => (p.type === 'text' && typeof p.text === 'string' ? s + p.text : s), '')
  return message.content ?? ''
}

export interface MessageActionsProps extends ComponentPropsWithoutRef<'div'> {
  message: MessageLike
  /** Regenerate this reply (the last assistant message). */
  onRegenerate?: () => void
  /** Start editing this (user) message. */
  onEdit?: () => void
}

/**
 * The actions under a message, as chat UIs have them: copy as markdown, copy as text (what the
 * reader sees, without markdown syntax), regenerate, edit. Each is a button in the tab order;
 * a copy says "Copied" on the button and to screen readers.
 */
export function MessageActions({ message, onRegenerate, onEdit, className, ...props }: MessageActionsProps) {
  const { t } = useSealkitLocale()
  const [copied, setCopied] = useState<'markdown' | 'text' | 'failed' | undefined>()
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  const copy = async (kind: 'markdown' | 'text', button: HTMLElement) => {
    const article = button.closest('article')
    const rendered = article?.querySelector<HTMLElement>('.sealkit-message__content .sealkit-message__text')
    const value = kind === 'markdown' ? messageText(message) : (rendered?.innerText ?? messageText(message))
    const ok = await copyText(value, button.parentElement)
    setCopied(ok ? kind : 'failed')
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setCopied(undefined), 2000)
  }
  const isAssistant = message.role === 'assistant'
  // A reply held back behind its failed check: no copy of the text the reader was not shown.
  const withheld = useContext(TextWithheld)
  return (
    <div role="group" aria-label={t.actions.label} className={cx('sealkit-actions', className)} {...props}>
      {!withheld && (
        <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" data-state={copied === 'markdown' ? 'copied' : undefined} onClick={(e) => void copy('markdown', e.currentTarget)}>
          {copied === 'markdown' ? <CheckIcon /> : <CopyIcon />}
          {copied === 'markdown' ? t.actions.copied : isAssistant ? t.actions.copyMarkdown : t.actions.copy}
        </button>
      )}
      {isAssistant && !withheld && (
        <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" data-state={copied === 'text' ? 'copied' : undefined} onClick={(e) => void copy('text', e.currentTarget)}>
          {copied === 'text' ? <CheckIcon /> : <CopyIcon />}
          {copied === 'text' ? t.actions.copied : t.actions.copyText}
        </button>
      )}
      {onRegenerate && (
        <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" onClick={onRegenerate}>
          <RefreshIcon />
          {t.actions.regenerate}
        </button>
      )}
      {onEdit && (
        <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" data-action="edit" onClick={onEdit}>
          <PencilIcon />
          {t.actions.edit}
        </button>
      )}
      <span className="sealkit-sr-only" role="status">
        {copied === 'failed' ? t.actions.copyFailed : copied ? t.actions.copied : ''}
      </span>
    </div>
  )
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
        <button type="button" className="sealkit-button" data-size="sm" data-variant="ghost" onClick={onCancel}>
          {t.actions.cancel}
        </button>
        <button type="submit" className="sealkit-button" data-size="sm" data-variant="primary" disabled={!value.trim()}>
          {t.actions.saveAndSend}
        </button>
      </div>
    </form>
  )
}
