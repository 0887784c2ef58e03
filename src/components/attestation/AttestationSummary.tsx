'use client'
import { forwardRef, type ComponentPropsWithoutRef } from 'react'
import { assurancesOf, type Assurance, type AssuranceStatus } from '../../core/attestation/assurances.ts'
import { useSealkitLocale } from '../i18n/locale.tsx'
import type { VerificationReport } from '../../core/attestation/report.ts'
import { cx } from '../internal/cx.ts'
import { CheckIcon, CrossIcon, MinusCircleIcon, ShieldAlertIcon } from '../internal/icons.tsx'

function AssuranceIcon({ status }: { status: AssuranceStatus }) {
  if (status === 'yes') return <CheckIcon />
  if (status === 'no') return <CrossIcon />
  if (status === 'warning') return <ShieldAlertIcon />
  return <MinusCircleIcon />
}

/** Props of {@link AttestationSummary}. */
export interface AttestationSummaryProps extends Omit<ComponentPropsWithoutRef<'ul'>, 'children'> {
  /** The report whose assurances to show (its `assurances`, else derived from its checks). */
  report: VerificationReport
}

/**
 * The plain-language verdict: one line per assurance (genuine hardware, fresh, key
 * made inside, platform patched, code it runs, GPUs), what was not checked said as
 * plainly as what was. The first thing the badge shows; usable on its own.
 *
 * @example
 * <AttestationSummary report={report} />
 */
export const AttestationSummary = forwardRef<HTMLUListElement, AttestationSummaryProps>(function AttestationSummary({ report, className, ...props }, ref) {
  const words = useSealkitLocale().t.attestation
  const assurances: Assurance[] = report.assurances ?? assurancesOf(report)
  return (
    // Simulated on its own too, outside the badge: what held against test roots is never the verified colour.
    <ul ref={ref} className={cx('sealkit-assurances', className)} aria-label={words.summaryLabel} data-simulated={report.simulated ? '' : undefined} {...props}>
      {assurances.map((a) => {
        // Reports stored before assurances had codes word themselves in English.
        const { value, text } = a.code ? words.assurance(a) : { value: a.value, text: a.text }
        return (
        <li key={a.id} className="sealkit-assurance" data-status={a.status} data-assurance={a.id}>
          <span className="sealkit-assurance__icon" aria-hidden="true">
            <AssuranceIcon status={a.status} />
          </span>
          <span className="sealkit-assurance__body">
            <span className="sealkit-assurance__head">
              <span className="sealkit-assurance__title">{words.assuranceTitles[a.id]}</span>
              <span className="sealkit-assurance__value">
                <span className="sealkit-sr-only">{words.statusWords[a.status]}: </span>
                {value}
              </span>
            </span>
            <span className="sealkit-assurance__text">{text}</span>
          </span>
        </li>
        )
      })}
    </ul>
  )
})
