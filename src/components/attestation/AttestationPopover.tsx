'use client'
import type { ReactNode, Ref } from 'react'
import * as Popover from '@radix-ui/react-popover'
import type { VerificationReport } from '../../core/attestation/report.ts'
import type { KeyHolderInfo } from '../../core/crypto/key-holder.ts'
import { cx } from '../internal/cx.ts'
import { AttestationDetails } from './AttestationDetails.tsx'
import type { AttestationState } from './state.tsx'

/** What `AttestationBadge` hands its popover: the pill's props, and what the popover shows. */
export interface AttestationPopoverProps {
  /** The pill's own props (ref, data attributes, title, handlers), put on the Radix trigger. */
  trigger: Record<string, unknown> & { ref: Ref<HTMLButtonElement> }
  asChild: boolean | undefined
  /** The pill's content. */
  children: ReactNode
  open: boolean
  onOpenChange: (open: boolean) => void
  side: 'top' | 'right' | 'bottom' | 'left'
  align: 'start' | 'center' | 'end'
  contentClassName: string | undefined
  /** The catalog's direction and language: the popover portals to <body>, out of the chat's own `dir` and `lang`. */
  dir: 'ltr' | 'rtl'
  lang: string
  headingId: string
  state: AttestationState
  report: VerificationReport | undefined
  error: unknown
  onReverify: (() => void) | undefined
  keyHolder: KeyHolderInfo | undefined
}

/**
 * The badge with its popover: a Radix Popover around the pill and the attestation details.
 * A chunk of its own (see `AttestationBadge`), so Radix's positioning and focus code and the
 * details stay out of the initial bundle.
 */
export function AttestationPopover({ trigger, asChild, children, open, onOpenChange, side, align, contentClassName, dir, lang, headingId, state, report, error, onReverify, keyHolder }: AttestationPopoverProps) {
  return (
    <Popover.Root open={open} onOpenChange={onOpenChange}>
      <Popover.Trigger asChild={asChild} {...trigger}>
        {children}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          side={side}
          align={align}
          sideOffset={6}
          collisionPadding={8}
          className={cx('sealkit-popover', 'sealkit-attestation', contentClassName)}
          dir={dir}
          lang={lang}
          data-attestation-state={state}
          aria-labelledby={headingId}
          tabIndex={-1}
          // Start reading at the heading, not at the first copy button.
          onOpenAutoFocus={(event) => {
            event.preventDefault()
            ;(event.currentTarget as HTMLElement | null)?.focus({ preventScroll: true })
          }}
        >
          <AttestationDetails headingId={headingId} state={state} report={report} error={error} onReverify={onReverify} keyHolder={keyHolder} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
}
