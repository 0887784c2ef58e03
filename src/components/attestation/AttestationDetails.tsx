'use client'
import { forwardRef, useId, type ComponentPropsWithoutRef, type ReactNode } from 'react'
import { verdictOf, type Check, type VerificationReport } from '../../core/attestation/report.ts'
import type { KeyHolderInfo } from '../../core/crypto/key-holder.ts'
import { CopyButton } from '../CopyButton.tsx'
import { describeErrorIn, useSealkitLocale } from '../i18n/locale.tsx'
import { cx } from '../internal/cx.ts'
import { describeError, formatUtc, middleTruncate } from '../internal/format.ts'
import { RefreshIcon } from '../internal/icons.tsx'
import { AttestationSummary } from './AttestationSummary.tsx'
import { AttestationCheckList } from './CheckList.tsx'
import { DeploymentView } from './DeploymentView.tsx'
import { resolveAttestationState, StateIcon, type AttestationState } from './state.tsx'
import { whereItRan } from './where-it-runs.ts'

export interface AttestationDetailsProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** Overrides the state derived from `report` and `error`. */
  state?: AttestationState
  /** The verification report whose assurances, checks and evidence to show. */
  report?: VerificationReport
  /** The attestation error, if any. */
  error?: unknown
  /** Shows a "Verify again" button that calls it. */
  onReverify?: () => void
  /** Id for the heading; when given, the caller labels its own dialog with it and no group role is added. */
  headingId?: string
  /** Where the session key lives (`session.keyHolder`): said in a line beside where the report was verified. */
  keyHolder?: KeyHolderInfo | undefined
}

/**
 * The body of the badge's popover, usable on its own (a page, a Dialog, a side panel),
 * assembled from the exported parts: the verdict and what it proves
 * (`AttestationSummary`), what runs in the enclave (`DeploymentView`), the checks
 * with failed ones first (`AttestationCheckList`), and the evidence. Sections are
 * collapsed behind one line each: one tab stop per section, not per hash.
 */
export const AttestationDetails = forwardRef<HTMLDivElement, AttestationDetailsProps>(function AttestationDetails(
  { state: stateProp, report, error, onReverify, headingId: headingIdProp, keyHolder, className, ...props },
  ref,
) {
  const state = resolveAttestationState({ state: stateProp, report, error })
  const words = useSealkitLocale().t.attestation
  const ownId = useId()
  const headingId = headingIdProp ?? ownId
  const err = describeError(error)
  const counts = report ? countChecks(report.checks) : undefined
  const claim = report?.checks.find((c) => c.id === 'server.verified')
  const where = whereItRan(keyHolder, report?.verifiedIn, words)
  return (
    <div
      ref={ref}
      role={headingIdProp ? undefined : 'group'}
      aria-labelledby={headingIdProp ? undefined : headingId}
      data-state={state}
      // Evidence under a simulator's test roots (or a state that says so), whatever the verdict: its passing rows are
      // never the verified green.
      data-simulated={report?.simulated || state === 'simulated' ? '' : undefined}
      className={cx('sealkit-attestation__body', className)}
      {...props}
    >
      <div className="sealkit-attestation__header">
        <span className="sealkit-attestation__icon" data-state={state}>
          <StateIcon state={state} />
        </span>
        <div>
          <h2 id={headingId} className="sealkit-attestation__title">
            {words.headings[state]}
          </h2>
          <p className="sealkit-attestation__summary">
            {/* "A required check did not pass" only over checks where one did not: else the app's state, an error
                or the report's bare verdict said failed, and the checks below do not show why. */}
            {state === 'failed' && !(report?.checks.length && verdictOf(report.checks) === 'failed') ? words.failedWithoutReport : words.summaries[state]}
          </p>
        </div>
      </div>

      {err && (
        <div className="sealkit-alert" data-tone="danger" role="alert">
          {err.code && <code className="sealkit-alert__code">{err.code}</code>}
          <ErrorSentence error={error} message={err.message} />
        </div>
      )}

      {report && <AttestationSummary report={report} />}

      {report && counts && (
        <p className="sealkit-attestation__meta">
          <span>{words.counts(counts)}</span>
          <span>
            {words.policy} <strong>{report.policy}</strong>
          </span>
          {claim && claim.status !== 'skipped' && <span data-provider-claim="">{words.providerClaim(claim.status === 'passed')}</span>}
        </p>
      )}

      {where.length > 0 && (
        <p className="sealkit-attestation__meta" data-where="">
          {where.map((line, i) => (
            <span key={i} {...(line.fallback ? { 'data-fallback': '' } : {})}>
              {line.text}
            </span>
          ))}
        </p>
      )}

      {report && (report.deployment || report.identity) && <DeploymentView deployment={report.deployment} identity={report.identity} />}

      {report && report.checks.length > 0 && <AttestationCheckList checks={report.checks} simulated={report.simulated} />}

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
          <CopyButton className="sealkit-button" data-variant="ghost" value={JSON.stringify(report, null, 2)} label={words.reportLabel}>
            {words.copyReport}
          </CopyButton>
        )}
        {onReverify && (
          <button type="button" className="sealkit-button" onClick={() => onReverify()} disabled={state === 'verifying'}>
            <RefreshIcon />
            {words.verifyAgain}
          </button>
        )}
      </div>
    </div>
  )
})

function FactRow({ name, children, tone, explain }: { name: string; children: ReactNode; tone?: 'success' | 'danger' | 'warning'; explain?: string }) {
  return (
    <div className="sealkit-evidence__row">
      {/* A long name is cut with an ellipsis in its column: its full name on hover. */}
      <dt title={name}>
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
  const { t } = useSealkitLocale()
  const w = t.attestation.evidence
  const jargon = t.attestation.jargon
  const tdx = report.tdx
  const gpus = report.gpus ?? []
  const notChecked = (reason: string) => <span className="sealkit-muted">{w.notChecked(reason)}</span>
  const copyable: Array<[string, string]> = [
    [w.signingAddress, report.signingAddress ?? ''],
    [w.nonce, report.nonce ?? ''],
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
        <span className="sealkit-disclosure__title">{w.title}</span>
        <span className="sealkit-disclosure__count">
          {[report.teeHardware, tdx && w.quote(tdx.version), gpus.length > 0 && w.gpuCount(gpus.length)].filter(Boolean).join(' · ') || w.none}
        </span>
      </summary>
      <dl className="sealkit-evidence">
        <FactRow name={w.provider}>{report.teeProvider ?? notChecked(w.reasons.notReported)}</FactRow>
        <FactRow name={w.hardware}>{report.teeHardware ?? notChecked(w.reasons.notReported)}</FactRow>
        {report.model && <FactRow name={w.model}>{report.model}</FactRow>}
        {report.signingAddress ? <HashRow name={w.signingAddress} value={report.signingAddress} /> : <FactRow name={w.signingAddress}>{notChecked(w.reasons.noSigningKey)}</FactRow>}
        {report.nonce ? <HashRow name={w.nonce} value={report.nonce} /> : <FactRow name={w.nonce}>{notChecked(w.reasons.noNonce)}</FactRow>}
        {tdx ? (
          <>
            <FactRow name={w.tdxQuote}>v{tdx.version}</FactRow>
            <HashRow name="MRTD" value={tdx.mrtd} explain={jargon.MRTD} />
            <HashRow name="RTMR0" value={tdx.rtmr0} explain={jargon.RTMR} />
            <HashRow name="RTMR1" value={tdx.rtmr1} />
            <HashRow name="RTMR2" value={tdx.rtmr2} />
            <HashRow name="RTMR3" value={tdx.rtmr3} />
            <HashRow name="REPORTDATA" value={tdx.reportData} explain={jargon.REPORTDATA} />
            <HashRow name="TDATTRIBUTES" value={tdx.tdAttributes} explain={jargon.TDATTRIBUTES} />
            {typeof tdx.xfam === 'string' && <HashRow name="XFAM" value={tdx.xfam} explain={jargon.XFAM} />}
            <FactRow name={w.debug} tone={tdx.debug ? 'danger' : 'success'}>
              {tdx.debug ? w.debugOn : w.debugOff}
            </FactRow>
            <FactRow name={w.tcbStatus} tone={tcbTone(tdx.tcbStatus)} explain={jargon.TCB}>
              {tdx.tcbStatus ?? notChecked(w.reasons.noCollateral)}
            </FactRow>
            {tdx.advisoryIds && tdx.advisoryIds.length > 0 && (
              <FactRow name={w.advisories} tone="warning">
                {tdx.advisoryIds.join(', ')}
              </FactRow>
            )}
          </>
        ) : (
          <FactRow name={w.tdxQuote}>{notChecked(w.reasons.noQuote)}</FactRow>
        )}
        {gpus.length > 0 ? (
          gpus.map((gpu) => (
            <FactRow key={gpu.index} name={w.gpu(gpu.index)} tone={gpu.verified ? 'success' : 'danger'} {...(gpu.index === 0 ? { explain: jargon.SPDM } : {})}>
              {[gpu.arch, gpu.verified ? w.gpuVerified : w.gpuNotVerified, gpu.nonceMatches === undefined ? undefined : gpu.nonceMatches ? w.nonceMatches : w.nonceMismatch].filter(Boolean).join(' · ')}
              {gpu.detail && (
                <span className="sealkit-evidence__note" lang="en">
                  {gpu.detail}
                </span>
              )}
            </FactRow>
          ))
        ) : (
          <FactRow name={w.gpus}>{notChecked(w.reasons.noGpuEvidence)}</FactRow>
        )}
        <FactRow name={w.verifiedAt}>
          <time dateTime={report.verifiedAt}>{formatUtc(report.verifiedAt)}</time>
        </FactRow>
      </dl>
      {copyable.length > 0 && (
        <CopyButton className="sealkit-button" data-variant="ghost" value={copyable.map(([k, v]) => `${k}: ${v}`).join('\n')} label={w.label}>
          {t.attestation.copyEvidence}
        </CopyButton>
      )}
    </details>
  )
}

/** The error's own message in English; in another language the catalog's words for its code (the code stays beside it for developers). */
function ErrorSentence({ error, message }: { error: unknown; message: string }) {
  const { t } = useSealkitLocale()
  const described = describeErrorIn(t, error)
  const translated = !/^en\b/.test(t.locale) && described?.code !== undefined && (t.errors.codes as Record<string, unknown>)[described.code] !== undefined
  return translated ? <span>{described!.text}</span> : <span lang={/^en\b/.test(t.locale) ? undefined : 'en'}>{message}</span>
}

function countChecks(checks: Check[]) {
  const counts = { passed: 0, failed: 0, skipped: 0 }
  for (const c of checks) counts[c.status]++
  return counts
}
