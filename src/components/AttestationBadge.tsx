'use client'
import { forwardRef, useId, type ComponentPropsWithoutRef, type ReactNode } from 'react'
import { Popover } from 'radix-ui'
import { useControllableState } from 'radix-ui/internal'
import type { KeyHolderInfo } from '../core/crypto/key-holder.ts'
import { verdictOf, type Check, type CheckStatus, type VerificationReport } from '../core/attestation/report.ts'
import { CopyButton } from './CopyButton.tsx'
import { cx } from './internal/cx.ts'
import { describeError, formatUtc, middleTruncate } from './internal/format.ts'
import {
  CheckIcon,
  ClockIcon,
  CrossIcon,
  FlaskIcon,
  MinusCircleIcon,
  RefreshIcon,
  ShieldAlertIcon,
  ShieldCheckIcon,
  ShieldOffIcon,
  SpinnerIcon,
} from './internal/icons.tsx'

export type AttestationState = 'verifying' | 'verified' | 'failed' | 'simulated' | 'unverifiable' | 'stale'

export interface AttestationStateInput {
  state?: AttestationState
  report?: VerificationReport
  error?: unknown
}

/**
 * The state the badge may honestly show. "verified" (and "simulated") need a report
 * whose verdict passed and agrees with its own checks; anything less is downgraded:
 * a claimed success without a report reads "unverifiable", with a failing report "failed".
 * Without `state`, it is derived: error -> failed, report -> its verdict, nothing -> verifying.
 */
export function resolveAttestationState({ state, report, error }: AttestationStateInput): AttestationState {
  if (state === 'verifying' || state === 'unverifiable' || state === 'failed' || state === 'stale') return state
  if (state === undefined) {
    if (error !== undefined && error !== null) return 'failed'
    if (!report) return 'verifying'
  }
  if (!report) return 'unverifiable'
  const passed = report.verdict === 'passed' && verdictOf(report.checks) === 'passed'
  if (!passed) return 'failed'
  if (report.simulated || state === 'simulated') return 'simulated'
  return 'verified'
}

const DEFAULT_LABELS: Record<AttestationState, string> = {
  verifying: 'Verifying…',
  verified: 'Verified',
  failed: 'Verification failed',
  simulated: 'Simulated',
  unverifiable: 'Not verifiable',
  stale: 'Verification expired',
}

const HEADINGS: Record<AttestationState, string> = {
  verifying: 'Checking the enclave',
  verified: 'Enclave verified',
  failed: 'Enclave not verified',
  simulated: 'Simulated enclave',
  unverifiable: 'No attestation to check',
  stale: 'Verification expired',
}

const SUMMARIES: Record<AttestationState, string> = {
  verifying: 'Fetching fresh evidence and checking it in your browser.',
  verified: 'The evidence was checked in your browser and every required check passed.',
  failed: 'At least one required check did not pass. Do not send private data to this model.',
  simulated:
    'Every required check passed against a local test root, not Intel or NVIDIA. Fine for development, not for private data.',
  unverifiable: 'This model gives no attestation, so nothing can be checked.',
  stale: 'This verification is too old to rely on. Verify again before sending private data.',
}

function StateIcon({ state }: { state: AttestationState }) {
  switch (state) {
    case 'verifying':
      return <SpinnerIcon />
    case 'verified':
      return <ShieldCheckIcon />
    case 'failed':
      return <ShieldAlertIcon />
    case 'simulated':
      return <FlaskIcon />
    case 'unverifiable':
      return <ShieldOffIcon />
    case 'stale':
      return <ClockIcon />
  }
}

export interface AttestationBadgeProps extends Omit<ComponentPropsWithoutRef<'button'>, 'children'> {
  /** What to show; derived from `report` / `error` when omitted. Never shown as verified without a passing report. */
  state?: AttestationState
  /** The verification report whose checks the popover walks through. */
  report?: VerificationReport
  /** Why verification failed (a SealkitError, an Error or a string). */
  error?: unknown
  /** Shows a "Verify again" button in the popover. */
  onReverify?: () => void
  /** Controlled popover state. */
  open?: boolean
  defaultOpen?: boolean
  onOpenChange?: (open: boolean) => void
  /** Override the pill text per state (i18n). */
  labels?: Partial<Record<AttestationState, string>>
  /** Custom trigger content; with `asChild`, the single child element becomes the trigger. */
  children?: ReactNode
  asChild?: boolean
  /** Class for the popover content. */
  contentClassName?: string
  /** Popover placement. */
  side?: 'top' | 'right' | 'bottom' | 'left'
  align?: 'start' | 'center' | 'end'
  /** Where the session key lives (`session.keyHolder`): shown on hover (`title`) and as `data-key-holder`. */
  keyHolder?: KeyHolderInfo | undefined
}

/** The hover text for where decryption runs. */
export function keyHolderTitle(info: KeyHolderInfo): string {
  if (info.kind === 'worker') return 'Decryption: in a Web Worker (the session key never touches the page)'
  if (info.kind === 'main-thread') return `Decryption: on the main thread (${info.reason})`
  return `Decryption: in the app's own key holder (${info.reason})`
}

/**
 * A compact pill showing whether the model's enclave was verified. Clicking it opens
 * a popover that walks through every check of the report, in order, with its evidence.
 * `data-state` on the pill and the popover is the resolved state.
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
  ref,
) {
  const state = resolveAttestationState({ state: stateProp, report, error })
  const [open, setOpen] = useControllableState({
    prop: openProp,
    defaultProp: defaultOpen ?? false,
    onChange: onOpenChange,
    caller: 'AttestationBadge',
  })
  const label = labels?.[state] ?? DEFAULT_LABELS[state]
  const headingId = useId()
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        ref={ref}
        asChild={asChild}
        data-state={state}
        data-open={open ? '' : undefined}
        aria-busy={state === 'verifying' || undefined}
        className={asChild ? className : cx('sealkit-badge', className)}
        data-key-holder={keyHolder?.kind}
        title={keyHolder ? keyHolderTitle(keyHolder) : undefined}
        {...props}
      >
        {asChild ? (
          children
        ) : (
          <>
            <span className="sealkit-badge__icon">
              <StateIcon state={state} />
            </span>
            <span className="sealkit-sr-only">Attestation: </span>
            <span className="sealkit-badge__label">{children ?? label}</span>
          </>
        )}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          side={side}
          align={align}
          sideOffset={6}
          collisionPadding={8}
          className={cx('sealkit-popover', 'sealkit-attestation', contentClassName)}
          data-attestation-state={state}
          aria-labelledby={headingId}
          tabIndex={-1}
          // Start reading at the heading, not at the first copy button.
          onOpenAutoFocus={(event) => {
            event.preventDefault()
            ;(event.currentTarget as HTMLElement | null)?.focus({ preventScroll: true })
          }}
        >
          <AttestationDetails headingId={headingId} state={state} report={report} error={error} onReverify={onReverify} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
})

export interface AttestationDetailsProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  state?: AttestationState
  report?: VerificationReport
  error?: unknown
  onReverify?: () => void
  /** Id for the heading; when given, the caller labels its own dialog with it and no group role is added. */
  headingId?: string
}

/**
 * The body of the badge's popover, usable on its own (a page, a Dialog, a side panel):
 * heading, every check in order with its status and evidence, the enclave's facts.
 */
export const AttestationDetails = forwardRef<HTMLDivElement, AttestationDetailsProps>(function AttestationDetails(
  { state: stateProp, report, error, onReverify, headingId: headingIdProp, className, ...props },
  ref,
) {
  const state = resolveAttestationState({ state: stateProp, report, error })
  const ownId = useId()
  const headingId = headingIdProp ?? ownId
  const err = describeError(error)
  const counts = report ? countChecks(report.checks) : undefined
  const optionalFailures = report ? report.checks.filter((c) => c.status === 'failed' && !c.required).length : 0
  return (
    <div
      ref={ref}
      role={headingIdProp ? undefined : 'group'}
      aria-labelledby={headingIdProp ? undefined : headingId}
      data-state={state}
      className={cx('sealkit-attestation__body', className)}
      {...props}
    >
      <header className="sealkit-attestation__header">
        <span className="sealkit-attestation__icon" data-state={state}>
          <StateIcon state={state} />
        </span>
        <div>
          <h2 id={headingId} className="sealkit-attestation__title">
            {HEADINGS[state]}
          </h2>
          <p className="sealkit-attestation__summary">
            {state === 'failed' && !report
              ? 'Verification could not be completed. Do not send private data until it succeeds.'
              : SUMMARIES[state]}
          </p>
        </div>
      </header>

      {err && (
        <div className="sealkit-alert" data-tone="danger" role="alert">
          {err.code && <code className="sealkit-alert__code">{err.code}</code>}
          <span>{err.message}</span>
        </div>
      )}

      {report && counts && (
        <p className="sealkit-attestation__meta">
          <span>
            {counts.passed} passed · {counts.failed} failed · {counts.skipped} not checked
          </span>
          <span>
            Policy <strong>{report.policy}</strong>
          </span>
          {state === 'verified' && optionalFailures > 0 && (
            <span data-tone="warning">
              {optionalFailures} optional {optionalFailures === 1 ? 'check' : 'checks'} failed
            </span>
          )}
        </p>
      )}

      {report && report.checks.length > 0 && (
        <section aria-label="Checks" className="sealkit-attestation__section">
          <h3 className="sealkit-attestation__subtitle">Checks</h3>
          <ol className="sealkit-checks">
            {report.checks.map((check) => (
              <CheckRow key={check.id} check={check} />
            ))}
          </ol>
        </section>
      )}

      {report && <EnclaveFacts report={report} />}

      {state === 'verifying' && !report && (
        <div className="sealkit-attestation__placeholder" aria-hidden="true">
          <span />
          <span />
          <span />
        </div>
      )}

      <footer className="sealkit-attestation__footer">
        {report && (
          <CopyButton className="sealkit-button" data-variant="ghost" value={JSON.stringify(report, null, 2)} label="report as JSON">
            Copy report
          </CopyButton>
        )}
        {onReverify && (
          <button type="button" className="sealkit-button" onClick={onReverify} disabled={state === 'verifying'}>
            <RefreshIcon />
            Verify again
          </button>
        )}
      </footer>
    </div>
  )
})

const STATUS_TEXT: Record<CheckStatus, string> = { passed: 'Passed', failed: 'Failed', skipped: 'Not checked' }

function CheckStatusIcon({ status }: { status: CheckStatus }) {
  if (status === 'passed') return <CheckIcon />
  if (status === 'failed') return <CrossIcon />
  return <MinusCircleIcon />
}

function CheckRow({ check }: { check: Check }) {
  const evidence = check.evidence ? Object.entries(check.evidence) : []
  return (
    <li className="sealkit-check" data-status={check.status} data-required={check.required ? '' : undefined} data-check-id={check.id}>
      <span className="sealkit-check__icon">
        <CheckStatusIcon status={check.status} />
      </span>
      <div className="sealkit-check__body">
        <div className="sealkit-check__head">
          <span className="sealkit-check__label">{check.label}</span>
          <span className="sealkit-check__status">
            {STATUS_TEXT[check.status]}
            {check.required && <span className="sealkit-check__required"> · required</span>}
          </span>
        </div>
        {check.detail && <p className="sealkit-check__detail">{check.detail}</p>}
        {evidence.length > 0 && (
          <dl className="sealkit-evidence">
            {evidence.map(([key, value]) => (
              <EvidenceRow key={key} name={key} value={value} />
            ))}
          </dl>
        )}
      </div>
    </li>
  )
}

function EvidenceRow({ name, value, display }: { name: string; value: string; display?: ReactNode }) {
  return (
    <div className="sealkit-evidence__row">
      <dt>{name}</dt>
      <dd>
        <code title={value}>{display ?? middleTruncate(value, 14, 10)}</code>
        <CopyButton value={value} label={name} />
      </dd>
    </div>
  )
}

function FactRow({ name, children, tone }: { name: string; children: ReactNode; tone?: 'success' | 'danger' | 'warning' }) {
  return (
    <div className="sealkit-evidence__row">
      <dt>{name}</dt>
      <dd data-tone={tone}>{children}</dd>
    </div>
  )
}

function tcbTone(status: string | undefined): 'success' | 'danger' | 'warning' | undefined {
  if (!status) return undefined
  if (status === 'UpToDate') return 'success'
  if (/revoked/i.test(status)) return 'danger'
  return 'warning'
}

function EnclaveFacts({ report }: { report: VerificationReport }) {
  const tdx = report.tdx
  const gpus = report.gpus ?? []
  return (
    <section aria-label="Evidence" className="sealkit-attestation__section">
      <h3 className="sealkit-attestation__subtitle">Evidence</h3>
      <dl className="sealkit-evidence">
        <FactRow name="Provider">{report.teeProvider ?? <NotChecked reason="not reported" />}</FactRow>
        <FactRow name="Hardware">{report.teeHardware ?? <NotChecked reason="not reported" />}</FactRow>
        {report.model && <FactRow name="Model">{report.model}</FactRow>}
        {report.signingAddress ? (
          <EvidenceRow name="Signing address" value={report.signingAddress} />
        ) : (
          <FactRow name="Signing address">
            <NotChecked reason="no signing key" />
          </FactRow>
        )}
        {report.nonce ? (
          <EvidenceRow name="Nonce" value={report.nonce} />
        ) : (
          <FactRow name="Nonce">
            <NotChecked reason="no nonce" />
          </FactRow>
        )}
        {tdx ? (
          <>
            <FactRow name="TDX quote">v{tdx.version}</FactRow>
            <EvidenceRow name="MRTD" value={tdx.mrtd} />
            <EvidenceRow name="RTMR0" value={tdx.rtmr0} />
            <EvidenceRow name="RTMR1" value={tdx.rtmr1} />
            <EvidenceRow name="RTMR2" value={tdx.rtmr2} />
            <EvidenceRow name="RTMR3" value={tdx.rtmr3} />
            <EvidenceRow name="REPORTDATA" value={tdx.reportData} />
            <EvidenceRow name="TD attributes" value={tdx.tdAttributes} />
            <FactRow name="Debug" tone={tdx.debug ? 'danger' : 'success'}>
              {tdx.debug ? 'Debug TD: memory is readable by the host' : 'Off (production TD)'}
            </FactRow>
            <FactRow name="TCB status" tone={tcbTone(tdx.tcbStatus)}>
              {tdx.tcbStatus ?? <NotChecked reason="no Intel collateral" />}
            </FactRow>
            {tdx.advisoryIds && tdx.advisoryIds.length > 0 && (
              <FactRow name="Advisories" tone="warning">
                {tdx.advisoryIds.join(', ')}
              </FactRow>
            )}
          </>
        ) : (
          <FactRow name="TDX quote">
            <NotChecked reason="no quote in the response" />
          </FactRow>
        )}
        {gpus.length > 0 ? (
          gpus.map((gpu) => (
            <FactRow key={gpu.index} name={`GPU ${gpu.index}`} tone={gpu.verified ? 'success' : 'danger'}>
              {[
                gpu.arch,
                gpu.verified ? 'verified' : 'not verified',
                gpu.nonceMatches === undefined ? undefined : gpu.nonceMatches ? 'nonce matches' : 'nonce mismatch',
              ]
                .filter(Boolean)
                .join(' · ')}
              {gpu.detail && <span className="sealkit-evidence__note">{gpu.detail}</span>}
            </FactRow>
          ))
        ) : (
          <FactRow name="GPUs">
            <NotChecked reason="no GPU evidence" />
          </FactRow>
        )}
        <FactRow name="Verified at">
          <time dateTime={report.verifiedAt}>{formatUtc(report.verifiedAt)}</time>
        </FactRow>
      </dl>
    </section>
  )
}

function NotChecked({ reason }: { reason: string }) {
  return <span className="sealkit-muted">Not checked ({reason})</span>
}

function countChecks(checks: Check[]) {
  const counts = { passed: 0, failed: 0, skipped: 0 }
  for (const c of checks) counts[c.status]++
  return counts
}
