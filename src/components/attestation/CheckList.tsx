'use client'
import { forwardRef, type ComponentPropsWithoutRef } from 'react'
import { acceptedWithWarning, type Check, type CheckStatus } from '../../core/attestation/report.ts'
import { CopyButton } from '../CopyButton.tsx'
import { cx } from '../internal/cx.ts'
import { middleTruncate } from '../internal/format.ts'
import { CheckIcon, CrossIcon, MinusCircleIcon, ShieldAlertIcon } from '../internal/icons.tsx'
import { useSealkitLocale } from '../i18n/locale.tsx'
import { groupChecks } from './topics.ts'

function CheckStatusIcon({ status, warned }: { status: CheckStatus; warned: boolean }) {
  // Accepted with a warning (a changed code identity under 'warn'): not shown as a plain pass.
  if (warned) return <ShieldAlertIcon />
  if (status === 'passed') return <CheckIcon />
  if (status === 'failed') return <CrossIcon />
  return <MinusCircleIcon />
}

/** The jargon a check's label or evidence names, each with its plain line. */
function jargonOf(check: Check, jargon: Record<string, string>): Array<[string, string]> {
  const text = `${check.label} ${check.id} ${Object.keys(check.evidence ?? {}).join(' ')}`.toUpperCase()
  return Object.entries(jargon).filter(([term]) => text.includes(term))
}

/** Props of {@link AttestationCheckRow}. */
export interface AttestationCheckRowProps extends Omit<ComponentPropsWithoutRef<'li'>, 'children'> {
  /** The check to show, with its detail and evidence. */
  check: Check
  /** `report.simulated`: a pass shows in the simulated colour, never the verified one. Required, as on the list. */
  simulated: boolean | undefined
}

/**
 * One check: status, label, why, jargon explained in a line, and its evidence as
 * selectable text with a single copy button (one tab stop per check, not per hash).
 * A row of a simulated report is told so (`simulated`), and paints its pass as simulated.
 */
export const AttestationCheckRow = forwardRef<HTMLLIElement, AttestationCheckRowProps>(function AttestationCheckRow({ check, simulated, className, ...props }, ref) {
  const { t } = useSealkitLocale()
  const words = t.attestation
  const english = /^en\b/.test(t.locale)
  const label = words.checkLabel(check.id, check.label)
  const detail = english ? undefined : words.checkDetail(check)
  const evidence = check.evidence ? Object.entries(check.evidence) : []
  const jargon = jargonOf(check, words.jargon)
  const warned = acceptedWithWarning(check)
  return (
    <li
      ref={ref}
      className={cx('sealkit-check', className)}
      data-status={check.status}
      data-warning={warned ? '' : undefined}
      data-required={check.required ? '' : undefined}
      data-check-id={check.id}
      data-simulated={simulated ? '' : undefined}
      {...props}
    >
      <span className="sealkit-check__icon">
        <CheckStatusIcon status={check.status} warned={warned} />
      </span>
      <div className="sealkit-check__body">
        <div className="sealkit-check__head">
          {/* A check this catalog has no words for keeps core's English label, marked as such. */}
          <span className="sealkit-check__label" lang={english || label !== check.label ? undefined : 'en'}>
            {label}
          </span>
          <span className="sealkit-check__status">
            {words.checkStatus[check.status]}
            {check.required && <span className="sealkit-check__required"> · {words.required}</span>}
          </span>
        </div>
        {/* The common details have catalog words (by id, status and the sentence's values); the rest is core's English, marked as such. */}
        {check.detail && (
          <p className="sealkit-check__detail" lang={english || detail !== undefined ? undefined : 'en'}>
            {detail ?? check.detail}
          </p>
        )}
        {jargon.map(([term, line]) => (
          <p key={term} className="sealkit-jargon">
            <abbr>{term}</abbr>: {line}
          </p>
        ))}
        {evidence.length > 0 && <EvidenceList entries={evidence} label={words.evidenceOf(label)} button={words.copyEvidence} dataKeys />}
      </div>
    </li>
  )
})

/** Name / value pairs as selectable, middle-truncated text, and one button that copies them all. */
export function EvidenceList({ entries, label, button, dataKeys }: { entries: ReadonlyArray<readonly [string, string]>; label: string; button: string; dataKeys?: boolean }) {
  return (
    <div className="sealkit-check__evidence">
      <dl className="sealkit-evidence">
        {entries.map(([key, value]) => (
          <div key={key} className="sealkit-evidence__row">
            {/* Evidence keys are core's identifiers (`qeMrSigner`, `nextUpdate`…), not words: English. A long one is cut
                with an ellipsis in its column: its full name on hover, as the value's. */}
            <dt lang={dataKeys ? 'en' : undefined} title={key}>
              {key}
            </dt>
            <dd>
              <code title={value}>{middleTruncate(value, 14, 10)}</code>
            </dd>
          </div>
        ))}
      </dl>
      <CopyButton className="sealkit-button" data-variant="ghost" value={entries.map(([k, v]) => `${k}: ${v}`).join('\n')} label={label}>
        {button}
      </CopyButton>
    </div>
  )
}

/** Props of {@link AttestationCheckList}. */
export interface AttestationCheckListProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** The checks to show, grouped by topic. */
  checks: readonly Check[]
  /**
   * `report.simulated`: the checks ran against the simulator's test roots, so passes show in the simulated colour,
   * never the verified one. Required (`undefined` is fine), because a check does not say it was simulated: a list
   * that is not told would paint a simulated report's passes green.
   */
  simulated: boolean | undefined
}

/**
 * The checks, failed ones first and open, then the rest grouped by topic (Hardware &
 * Intel, Freshness & key, Code identity, GPUs, Provider's claims), each group collapsed
 * behind one summary line (one tab stop per group until it is opened), unless it holds a
 * check accepted with a warning.
 *
 * @example
 * <AttestationCheckList checks={report.checks} simulated={report.simulated} />
 */
export const AttestationCheckList = forwardRef<HTMLDivElement, AttestationCheckListProps>(function AttestationCheckList({ checks, simulated, className, ...props }, ref) {
  const words = useSealkitLocale().t.attestation
  const failed = checks.filter((c) => c.status === 'failed')
  // A group counts its failed checks too (listed above, not again in it): "3 passed" alone would read as a clean group.
  const groups = groupChecks(checks)
  return (
    <div ref={ref} className={cx('sealkit-checklist', className)} data-simulated={simulated ? '' : undefined} {...props}>
      {failed.length > 0 && (
        <details className="sealkit-disclosure" data-tone="danger" open>
          <summary className="sealkit-disclosure__summary">
            <span className="sealkit-disclosure__title">{words.failedChecks}</span>
            <span className="sealkit-disclosure__count">{words.failedCount(failed.length)}</span>
          </summary>
          <ol className="sealkit-checks">
            {failed.map((check) => (
              <AttestationCheckRow key={check.id} check={check} simulated={simulated} />
            ))}
          </ol>
        </details>
      )}
      {groups.map((group) => {
        const rest = group.checks.filter((c) => c.status !== 'failed')
        // A group whose every check failed has nothing left to show below "Failed checks".
        if (rest.length === 0) return null
        return (
          // A group holding a check accepted with a warning opens: the warning is not folded away among passes.
          <details key={group.topic} className="sealkit-disclosure" data-topic={group.topic} open={rest.some(acceptedWithWarning) || undefined}>
            <summary className="sealkit-disclosure__summary">
              <span className="sealkit-disclosure__title">{words.topics[group.topic]}</span>
              <span className="sealkit-disclosure__count" data-tone={group.counts.failed ? 'danger' : undefined}>
                {/* Its own entry, not an argument of groupCounts: a catalog written before it still says the failures. */}
                {[group.counts.failed && words.groupFailed(group.counts.failed), words.groupCounts(group.counts.passed, group.counts.skipped)].filter(Boolean).join(' · ')}
              </span>
            </summary>
            <ol className="sealkit-checks">
              {rest.map((check) => (
                <AttestationCheckRow key={check.id} check={check} simulated={simulated} />
              ))}
            </ol>
          </details>
        )
      })}
    </div>
  )
})
