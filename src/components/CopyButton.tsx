'use client'
import { forwardRef, useEffect, useRef, useState, type ComponentPropsWithoutRef } from 'react'
import { composeEventHandlers } from '@radix-ui/primitive'
import { Slot } from '@radix-ui/react-slot'
import { useSealkitLocale } from './i18n/locale.tsx'
import { useAnnounce } from './internal/announcer.tsx'
import { cx } from './internal/cx.ts'
import { CheckIcon, CopyIcon } from './internal/icons.tsx'

/** `idle`, `copied` (for `resetAfter` ms), or `failed` (the clipboard refused). */
export type CopyState = 'idle' | 'copied' | 'failed'

/** Props of {@link CopyButton}. */
export interface CopyButtonProps extends Omit<ComponentPropsWithoutRef<'button'>, 'value'> {
  /** The text put on the clipboard. */
  value: string
  /** What is copied, for the accessible name: "Copy {label}". */
  label: string
  /** Called after the text was put on the clipboard (or failed to be). */
  onCopied?: (value: string, ok: boolean) => void
  /**
   * How long the "copied" (or "failed") state lasts, in ms.
   * @default 1500
   */
  resetAfter?: number
  /** Merge into the single child element instead of rendering a button (Radix `Slot`). */
  asChild?: boolean
}

/**
 * Writes text to the clipboard: the async Clipboard API, else a hidden textarea and `execCommand`.
 * `near` is where the textarea goes (default <body>): inside a popover, pass an element in it
 * so the brief focus move does not count as focus leaving the popover.
 */
export async function copyText(text: string, near?: Element | null): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      // Without user activation some browsers leave the promise pending (a permission prompt
      // nobody sees); give up after a second and try the legacy path.
      let timer: ReturnType<typeof setTimeout> | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('clipboard timeout')), 1000)
      })
      try {
        await Promise.race([navigator.clipboard.writeText(text), timeout])
      } finally {
        clearTimeout(timer)
      }
      return true
    }
  } catch {
    // permission denied or insecure context: fall through to the legacy path
  }
  if (typeof document === 'undefined') return false
  // Selecting the hidden textarea moves focus; give it back afterwards (keyboard users, popovers).
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
  const area = document.createElement('textarea')
  let ok = false
  try {
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    ;(near ?? document.body).appendChild(area)
    area.select()
    ok = document.execCommand('copy')
  } catch {
    ok = false
  } finally {
    area.remove()
    previous?.focus({ preventScroll: true })
  }
  return ok
}

/**
 * A small icon button that copies a value. `data-state` is `idle`, `copied` or `failed`.
 *
 * @example
 * ```tsx
 * <CopyButton value={report.signingAddress} label="signing address" />
 * ```
 */
export const CopyButton = forwardRef<HTMLButtonElement, CopyButtonProps>(function CopyButton(
  { value, label, onCopied, resetAfter = 1500, asChild, className, onClick, children, ...props },
  ref,
) {
  const { t } = useSealkitLocale()
  const [state, setState] = useState<CopyState>('idle')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  const announce = useAnnounce()
  const Comp = asChild ? Slot : 'button'
  const name = state === 'copied' ? t.copy.copied(label) : state === 'failed' ? t.copy.failed(label) : t.copy.copy(label)
  // Words of its own (children, or asChild's element) are seen: its name stays "Copy …" as they do, and the outcome is
  // said in the title and the chat's announcer. An icon alone is named by its state.
  const iconOnly = children === undefined
  return (
    <Comp
      type={asChild ? undefined : 'button'}
      aria-label={iconOnly ? name : t.copy.copy(label)}
      title={name}
      data-state={state}
      className={cx('sealkit-copy', className)}
      ref={ref}
      onClick={composeEventHandlers(onClick, (event) => {
        void copyText(value, event.currentTarget.parentElement).then((ok) => {
          setState(ok ? 'copied' : 'failed')
          if (!iconOnly) announce(ok ? t.copy.copied(label) : t.copy.failed(label))
          onCopied?.(value, ok)
          clearTimeout(timer.current)
          timer.current = setTimeout(() => setState('idle'), resetAfter)
        })
      })}
      {...props}
    >
      {children ?? (state === 'copied' ? <CheckIcon /> : <CopyIcon />)}
    </Comp>
  )
})
