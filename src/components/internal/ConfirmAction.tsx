'use client'
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react'
import { useSealkitLocale } from '../i18n/locale.tsx'

export interface ConfirmActionProps {
  /** The button that asks first: spread the given `onClick` and `ref` on it. */
  trigger: (props: { onClick: () => void; ref: RefObject<HTMLButtonElement | null> }) => ReactNode
  /** The question, e.g. "Clear this conversation? This cannot be undone." */
  question: string
  /** The words of the destructive button, e.g. "Clear". */
  confirm: string
  onConfirm: () => void
  className?: string
}

/**
 * A destructive action that asks first, inline (no modal, nothing portalled): the trigger opens
 * a small group with the question, the action and Cancel. Focus goes to Cancel, so a stray Enter
 * does no harm; Escape or Cancel closes it and gives focus back to the trigger. The group is named
 * by the question, so a screen reader hears it when focus enters.
 */
export function ConfirmAction({ trigger, question, confirm, onConfirm, className }: ConfirmActionProps) {
  const { t } = useSealkitLocale()
  const [asking, setAsking] = useState(false)
  const questionId = useId()
  const triggerRef = useRef<HTMLButtonElement | null>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  const returnFocus = useRef(false)
  useEffect(() => {
    if (asking) cancelRef.current?.focus()
    else if (returnFocus.current) triggerRef.current?.focus()
    returnFocus.current = false
  }, [asking])
  const close = () => {
    returnFocus.current = true
    setAsking(false)
  }
  if (!asking) return <>{trigger({ onClick: () => setAsking(true), ref: triggerRef })}</>
  return (
    <div
      role="group"
      aria-labelledby={questionId}
      className={className ? `sealkit-confirm ${className}` : 'sealkit-confirm'}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return
        event.stopPropagation()
        close()
      }}
    >
      <span id={questionId} className="sealkit-confirm__question">
        {question}
      </span>
      <button
        type="button"
        className="sealkit-button"
        data-size="sm"
        data-variant="danger"
        onClick={() => {
          setAsking(false)
          onConfirm()
        }}
      >
        {confirm}
      </button>
      <button ref={cancelRef} type="button" className="sealkit-button" data-size="sm" onClick={close}>
        {t.actions.cancel}
      </button>
    </div>
  )
}
