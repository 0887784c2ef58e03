'use client'
import { forwardRef, useId, useEffect, useRef, type ComponentPropsWithoutRef, type MouseEvent, type ReactNode } from 'react'
import { useComposedRefs } from '@radix-ui/react-compose-refs'
import { Slot } from '@radix-ui/react-slot'
import { useControllableState } from '@radix-ui/react-use-controllable-state'
import type { KeyHolderInfo } from '../core/crypto/key-holder.ts'
import type { VerificationReport } from '../core/attestation/report.ts'
import { resolveAttestationState, StateIcon, type AttestationState } from './attestation/state.tsx'
import { whereItRan } from './attestation/where-it-runs.ts'
import { useSealkitLocale } from './i18n/locale.tsx'
import { cx } from './internal/cx.ts'
import { lazyPart } from './internal/lazy-part.ts'
import { LoadFailed } from './internal/LoadFailed.tsx'

export { resolveAttestationState, type AttestationState, type AttestationStateInput } from './attestation/state.tsx'
export { AttestationDetails, type AttestationDetailsProps } from './attestation/AttestationDetails.tsx'

/**
 * The popover and what it shows (Radix Popover, the checks, the deployment, the evidence) are a
 * chunk of their own: the pill renders at once, the popover's code loads when the pill mounts.
 */
const popoverPart = lazyPart(() => import('./attestation/AttestationPopover.tsx').then((m) => m.AttestationPopover))

/** Loads the badge's popover (Radix Popover and the attestation details) ahead of the badge's first render. */
export const preloadAttestationPopover = (): Promise<unknown> => popoverPart.preload()

export interface AttestationBadgeProps extends Omit<ComponentPropsWithoutRef<'button'>, 'children'> {
  /** What to show; derived from `report` / `error` when omitted. Never shown as verified without a passing report. */
  state?: AttestationState
  /** The verification report whose checks the popover walks through. */
  report?: VerificationReport | undefined
  /** Why verification failed (a SealkitError, an Error or a string). */
  error?: unknown
  /** Shows a "Verify again" button in the popover. */
  onReverify?: () => void
  /** Controlled popover state. */
  open?: boolean
  /** Whether the popover starts open (uncontrolled). */
  defaultOpen?: boolean
  /** Called when the popover opens or closes (with `open`, to control it). */
  onOpenChange?: (open: boolean) => void
  /** Override the pill text per state (i18n). */
  labels?: Partial<Record<AttestationState, string>>
  /** Custom trigger content; with `asChild`, the single child element becomes the trigger. */
  children?: ReactNode
  /** Merge the trigger's props into the single child element instead of rendering a button (Radix `Slot`). */
  asChild?: boolean
  /** Class for the popover content. */
  contentClassName?: string
  /** Popover placement. */
  side?: 'top' | 'right' | 'bottom' | 'left'
  /**
   * Alignment against the trigger.
   * @default start
   */
  align?: 'start' | 'center' | 'end'
  /**
   * Where the session key lives (`session.keyHolder`): shown on hover (`title`), in the popover, and as
   * `data-key-holder`; the ECDH it runs as `data-ecdh`, and in words when it fell back from WebAssembly.
   */
  keyHolder?: KeyHolderInfo | undefined
}

/**
 * A compact pill showing whether the model's enclave was verified. Clicking it opens
 * a popover that walks through every check of the report, in order, with its evidence.
 * `data-state` on the pill and the popover is the resolved state. The popover's code loads
 * when the pill mounts; a click before it has arrived opens the popover once it has.
 *
 * @example
 * ```tsx
 * const { report, error, isPending, refetch } = useAttestation({ model })
 * <AttestationBadge state={isPending ? 'verifying' : undefined} report={report} error={error} onReverify={refetch} />
 * ```
 */
export const AttestationBadge = forwardRef<HTMLButtonElement, AttestationBadgeProps>(function AttestationBadge(
  {
    state: stateProp,
    report,
    error,
    onReverify,
    open: openProp,
    defaultOpen,
    onOpenChange,
    labels,
    children,
    asChild,
    className,
    contentClassName,
    side = 'bottom',
    align = 'start',
    keyHolder,
    ...props
  },
  forwardedRef,
) {
  const state = resolveAttestationState({ state: stateProp, report, error })
  const [open = false, setOpen] = useControllableState({
    prop: openProp,
    defaultProp: defaultOpen ?? false,
    onChange: onOpenChange,
    caller: 'AttestationBadge',
  })
  const { t, dir, locale } = useSealkitLocale()
  const words = t.attestation
  const label = labels?.[state] ?? words.labels[state]
  const headingId = useId()
  const { value: Popover, error: loadError } = popoverPart.useState(open)
  const own = useRef<HTMLButtonElement | null>(null)
  const ref = useComposedRefs(forwardedRef, own)
  // The pill is a new element once the popover's code is there: keep the focus a keyboard user gave it.
  const focused = useRef(false)
  useEffect(() => {
    if (Popover && focused.current) own.current?.focus()
  }, [Popover])
  const trigger = {
    ref,
    'data-state': state,
    'data-open': open ? '' : undefined,
    'aria-busy': state === 'verifying' || undefined,
    className: asChild ? className : cx('sealkit-badge', className),
    'data-key-holder': keyHolder?.kind,
    'data-ecdh': keyHolder?.ecdh?.name,
    'data-verified-in': report?.verifiedIn?.kind,
    title: whereItRan(keyHolder, report?.verifiedIn, words).map((line) => line.text).join('\n') || undefined,
    // Named in one string: a hidden prefix beside the label is a block to the accessible-name algorithm, which
    // puts a space after it ("证明： 已验证").
    'aria-label': asChild || children !== undefined ? undefined : `${words.pillPrefix}${label}`,
    ...props,
  }
  const content = asChild ? (
    children
  ) : (
    <>
      <span className="sealkit-badge__icon">
        <StateIcon state={state} />
      </span>
      {children !== undefined && <span className="sealkit-sr-only">{words.pillPrefix}</span>}
      <span className="sealkit-badge__label">{children ?? label}</span>
    </>
  )
  if (Popover) {
    return (
      <Popover
        trigger={trigger}
        asChild={asChild}
        open={open}
        onOpenChange={setOpen}
        side={side}
        align={align}
        contentClassName={contentClassName}
        dir={dir}
        lang={locale}
        headingId={headingId}
        state={state}
        report={report}
        error={error}
        onReverify={onReverify}
        keyHolder={keyHolder}
      >
        {content}
      </Popover>
    )
  }
  // Until the popover's code is there: the same pill, box for box; a click is remembered.
  const Trigger = asChild ? Slot : 'button'
  return (
    <>
      <Trigger
        type={asChild ? undefined : 'button'}
        aria-haspopup="dialog"
        aria-expanded={open}
        data-loading={loadError === undefined ? '' : undefined}
        {...trigger}
        onFocus={(event: React.FocusEvent<HTMLButtonElement>) => {
          focused.current = true
          props.onFocus?.(event)
        }}
        onBlur={(event: React.FocusEvent<HTMLButtonElement>) => {
          focused.current = false
          props.onBlur?.(event)
        }}
        onClick={(event: MouseEvent<HTMLButtonElement>) => {
          props.onClick?.(event)
          if (!event.defaultPrevented) setOpen(!open)
        }}
      >
        {content}
      </Trigger>
      {open && loadError !== undefined && <LoadFailed />}
    </>
  )
})
