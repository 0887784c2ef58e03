'use client'
import { forwardRef, useId, type ComponentPropsWithoutRef, type ReactNode } from 'react'
import * as Popover from '@radix-ui/react-popover'
import { useControllableState } from '@radix-ui/react-use-controllable-state'
import type { KeyHolderInfo } from '../core/crypto/key-holder.ts'
import { verdictOf, type Check, type VerificationReport, type VerifierInfo } from '../core/attestation/report.ts'
import { AttestationSummary } from './attestation/AttestationSummary.tsx'
import { AttestationCheckList } from './attestation/CheckList.tsx'
import { DeploymentView } from './attestation/DeploymentView.tsx'
import { JARGON } from './attestation/topics.ts'
import { CopyButton } from './CopyButton.tsx'
import { cx } from './internal/cx.ts'
import { describeError, formatUtc, middleTruncate } from './internal/format.ts'
import {
  ClockIcon,
  FlaskIcon,
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
  /** Called when the popover opens or closes (with `open`, to control it). */
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

/** The hover text for where the attestation was verified (`report.verifiedIn`). */
export function verifiedInTitle(info: VerifierInfo): string {
  return info.kind === 'worker' ? 'Verification: in a Web Worker (off the main thread)' : `Verification: on the main thread (${info.reason})`
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
        data-verified-in={report?.verifiedIn?.kind}
        title={[keyHolder && keyHolderTitle(keyHolder), report?.verifiedIn && verifiedInTitle(report.verifiedIn)].filter(Boolean).join('\n') || undefined}
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
  /** Shows a "Verify again" button that calls it. */
  onReverify?: () => void
  /** Id for the heading; when given, the caller labels its own dialog with it and no group role is added. */
  headingId?: string
}

/**
 * The body of the badge's popover, usable on its own (a page, a Dialog, a side panel),
 * assembled from the exported parts: the verdict and what it proves
 * (`AttestationSummary`), what runs in the enclave (`DeploymentView`), the checks
 * with failed ones first (`AttestationCheckList`), and the evidence. Sections are
 * collapsed behind one line each: one tab stop per section, not per hash.
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
  const claim = report?.checks.find((c) => c.id === 'server.verified')
  return (
    <div
      ref={ref}
      role={headingIdProp ? undefined : 'group'}
      aria-labelledby={headingIdProp ? undefined : headingId}
      data-state={state}
      className={cx('sealkit-attestation__body', className)}
      {...props}
    >
      <div className="sealkit-attestation__header">
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
      </div>

      {err && (
        <div className="sealkit-alert" data-tone="danger" role="alert">
          {err.code && <code className="sealkit-alert__code">{err.code}</code>}
          <span>{err.message}</span>
        </div>
      )}

      {report && <AttestationSummary report={report} />}

      {report && counts && (
        <p className="sealkit-attestation__meta">
          <span>
            {counts.passed} passed · {counts.failed} failed · {counts.skipped} not checked
          </span>
          <span>
            Policy <strong>{report.policy}</strong>
          </span>
          {claim && claim.status !== 'skipped' && (
            <span data-provider-claim="">
              The provider says: {claim.status === 'passed' ? 'verified' : 'not verified'} (its own claim, not one of our checks)
            </span>
          )}
        </p>
      )}

      {report && (report.deployment || report.identity) && <DeploymentView deployment={report.deployment} identity={report.identity} />}

      {report && report.checks.length > 0 && <AttestationCheckList checks={report.checks} />}

      {report && <EnclaveFacts report={report} />}

      {state === 'verifying' && !report && (
        <div className="sealkit-attestation__placeholder" aria-hidden="true">
          <span />
          <span />
          <span />
        </div>
      )}

      <div className="sealkit-attestation__footer">
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
      </div>
    </div>
  )
})

function FactRow({ name, children, tone, explain }: { name: string; children: ReactNode; tone?: 'success' | 'danger' | 'warning'; explain?: string }) {
  return (
    <div className="sealkit-evidence__row">
      <dt>
        {name}
        {explain && <span className="sealkit-jargon">{explain}</span>}
      </dt>
      <dd data-tone={tone}>{children}</dd>
    </div>
  )
}

function HashRow({ name, value, explain }: { name: string; value: string; explain?: string }) {
  return (
    <FactRow name={name} {...(explain ? { explain } : {})}>
      <code title={value}>{middleTruncate(value, 14, 10)}</code>
    </FactRow>
  )
}

function tcbTone(status: string | undefined): 'success' | 'danger' | 'warning' | undefined {
  if (!status) return undefined
  if (status === 'UpToDate') return 'success'
  if (/revoked/i.test(status)) return 'danger'
  return 'warning'
}

/** The enclave's facts, collapsed; hashes are selectable text, one button copies them all. */
function EnclaveFacts({ report }: { report: VerificationReport }) {
  const tdx = report.tdx
  const gpus = report.gpus ?? []
  const copyable: Array<[string, string]> = [
    ['Signing address', report.signingAddress ?? ''],
    ['Nonce', report.nonce ?? ''],
    ...(tdx
      ? ([
          ['MRTD', tdx.mrtd],
          ['RTMR0', tdx.rtmr0],
          ['RTMR1', tdx.rtmr1],
          ['RTMR2', tdx.rtmr2],
          ['RTMR3', tdx.rtmr3],
          ['REPORTDATA', tdx.reportData],
          ['TDATTRIBUTES', tdx.tdAttributes],
        ] as Array<[string, string]>)
      : []),
  ].filter(([, v]) => v !== '') as Array<[string, string]>
  return (
    <details className="sealkit-disclosure" data-topic="evidence">
      <summary className="sealkit-disclosure__summary">
        <span className="sealkit-disclosure__title">Evidence</span>
        <span className="sealkit-disclosure__count">
          {[report.teeHardware, tdx && `TDX quote v${tdx.version}`, gpus.length > 0 && `${gpus.length} GPUs`].filter(Boolean).join(' · ') || 'none'}
        </span>
      </summary>
      <dl className="sealkit-evidence">
        <FactRow name="Provider">{report.teeProvider ?? <NotChecked reason="not reported" />}</FactRow>
        <FactRow name="Hardware">{report.teeHardware ?? <NotChecked reason="not reported" />}</FactRow>
        {report.model && <FactRow name="Model">{report.model}</FactRow>}
        {report.signingAddress ? (
          <HashRow name="Signing address" value={report.signingAddress} />
        ) : (
          <FactRow name="Signing address">
            <NotChecked reason="no signing key" />
          </FactRow>
        )}
        {report.nonce ? (
          <HashRow name="Nonce" value={report.nonce} />
        ) : (
          <FactRow name="Nonce">
            <NotChecked reason="no nonce" />
          </FactRow>
        )}
        {tdx ? (
          <>
            <FactRow name="TDX quote">v{tdx.version}</FactRow>
            <HashRow name="MRTD" value={tdx.mrtd} explain={JARGON.MRTD} />
            <HashRow name="RTMR0" value={tdx.rtmr0} explain={JARGON.RTMR} />
            <HashRow name="RTMR1" value={tdx.rtmr1} />
            <HashRow name="RTMR2" value={tdx.rtmr2} />
            <HashRow name="RTMR3" value={tdx.rtmr3} />
            <HashRow name="REPORTDATA" value={tdx.reportData} explain={JARGON.REPORTDATA} />
            <HashRow name="TDATTRIBUTES" value={tdx.tdAttributes} explain={JARGON.TDATTRIBUTES} />
            {typeof tdx.xfam === 'string' && <HashRow name="XFAM" value={tdx.xfam} explain={JARGON.XFAM} />}
            <FactRow name="Debug" tone={tdx.debug ? 'danger' : 'success'}>
              {tdx.debug ? 'Debug TD: memory is readable by the host' : 'Off (production TD)'}
            </FactRow>
            <FactRow name="TCB status" tone={tcbTone(tdx.tcbStatus)} explain={JARGON.TCB}>
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
            <FactRow key={gpu.index} name={`GPU ${gpu.index}`} tone={gpu.verified ? 'success' : 'danger'} {...(gpu.index === 0 ? { explain: JARGON.SPDM } : {})}>
              {[
                gpu.arch,
                gpu.verified ? 'verified (SPDM)' : 'not verified',
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
      {copyable.length > 0 && (
        <CopyButton className="sealkit-button" data-variant="ghost" value={copyable.map(([k, v]) => `${k}: ${v}`).join('\n')} label="evidence">
          Copy evidence
        </CopyButton>
      )}
    </details>
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
