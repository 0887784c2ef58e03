'use client'
import { forwardRef, type ComponentPropsWithoutRef } from 'react'
import type { Deployment } from '../../core/attestation/deployment/deployment.ts'
import type { IdentitySummary } from '../../core/attestation/identity/identity.ts'
import { cx } from '../internal/cx.ts'
import { middleTruncate } from '../internal/format.ts'
import { useSealkitLocale } from '../i18n/locale.tsx'
import { EvidenceList } from './CheckList.tsx'

/** Props of {@link DeploymentView}. */
export interface DeploymentViewProps extends Omit<ComponentPropsWithoutRef<'details'>, 'children'> {
  /** What runs in the enclave (`report.deployment`); nothing is shown when `undefined`. */
  deployment?: Deployment | undefined
  /** The code identity (`report.identity`): pinned, known, seen, changed... */
  identity?: IdentitySummary | undefined
}

/**
 * "What runs in the enclave": the code identity (pinned / known / seen before /
 * changed, with exactly what changed), each service with its image and whether it is
 * pinned by digest, the findings, the manifest flags. Collapsed behind one summary
 * line unless the code changed. Every value is the report's data, rendered as text.
 *
 * @example
 * <DeploymentView deployment={report.deployment} identity={report.identity} />
 */
export const DeploymentView = forwardRef<HTMLDetailsElement, DeploymentViewProps>(function DeploymentView({ deployment, identity, className, open, ...props }, ref) {
  const words = useSealkitLocale().t.attestation.deployment
  if (!deployment && !identity) return null
  const warnings = deployment?.findings.filter((f) => f.severity === 'warning').length ?? 0
  const changed = identity?.state === 'changed' || identity?.state === 'mismatch'
  const services = deployment?.services ?? []
  const pinned = services.filter((s) => s.pinned).length
  const line = [
    identity ? words.states[identity.state] : undefined,
    services.length ? words.services(services.length, pinned) : undefined,
    warnings ? words.findings(warnings) : undefined,
  ]
    .filter(Boolean)
    .join(' · ')
  const facts = [
    deployment && [words.composeHash, deployment.composeHash],
    deployment?.osImageHash && [words.osImageHash, deployment.osImageHash],
    identity && ['MRTD', identity.current.mrtd],
  ].filter((x): x is [string, string] => Array.isArray(x))
  return (
    <details ref={ref} className={cx('sealkit-disclosure', 'sealkit-deployment', className)} data-identity={identity?.state} open={open ?? changed} {...props}>
      <summary className="sealkit-disclosure__summary">
        <span className="sealkit-disclosure__title">{words.title}</span>
        <span className="sealkit-disclosure__count" data-tone={changed ? 'danger' : warnings ? 'warning' : undefined}>
          {line}
        </span>
      </summary>
      <div className="sealkit-deployment__body">
        {deployment?.bound === false && (
          <p className="sealkit-alert" data-tone="danger">
            {words.unbound}
          </p>
        )}
        {identity?.known && (
          <p className="sealkit-deployment__note">
            {words.known(identity.known.deployment.id, identity.known.deployment.provider, identity.known.deployment.seen.join(', '))}
            {identity.known.rtmr0 && words.knownVm(identity.known.rtmr0)}
          </p>
        )}
        {identity?.continuity && identity.continuity.count > 0 && identity.state === 'seen' && (
          <p className="sealkit-deployment__note">{words.seenBefore(identity.continuity.count, identity.continuity.since.slice(0, 10))}</p>
        )}
        {identity?.continuity?.changes && identity.continuity.changes.length > 0 && (
          <div className="sealkit-alert" data-tone="warning">
            <p>{words.changedSince(identity.continuity.lastSeen?.slice(0, 10))}</p>
            <ul className="sealkit-changes">
              {identity.continuity.changes.map((c) => (
                <li key={c.what}>
                  {c.key ? words.change(c) : c.what}: <code title={c.from}>{middleTruncate(c.from, 10, 6)}</code> → <code title={c.to}>{middleTruncate(c.to, 10, 6)}</code>
                </li>
              ))}
            </ul>
          </div>
        )}
        {deployment?.findings && deployment.findings.length > 0 && (
          <ul className="sealkit-findings">
            {deployment.findings.map((f, i) => (
              <li key={i} data-severity={f.severity}>
                {f.params ? words.finding(f) : f.message}
              </li>
            ))}
          </ul>
        )}
        {services.length > 0 && (
          <table className="sealkit-services">
            <caption className="sealkit-sr-only">{words.servicesCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{words.service}</th>
                <th scope="col">{words.image}</th>
                <th scope="col">{words.pinned}</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.name} data-pinned={s.pinned ? '' : undefined}>
                  <th scope="row">{s.name}</th>
                  <td>
                    <code title={s.image}>{s.repository ?? s.image ?? words.builtAtLaunch}</code>
                    {s.digest && <code className="sealkit-services__digest" title={s.digest}>{middleTruncate(s.digest, 14, 6)}</code>}
                  </td>
                  <td>{s.pinned ? words.byDigest : words.no}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {deployment && Object.keys(deployment.flags).length > 0 && (
          <p className="sealkit-deployment__flags">
            {Object.entries(deployment.flags).map(([k, v], i) => (
              <span key={k}>
                {i > 0 && ' · '}
                <span lang="en">{k}</span> {words.flagState(v === true)}
              </span>
            ))}
          </p>
        )}
        {facts.length > 0 && <EvidenceList entries={facts} label={words.identityLabel} button={words.copyIdentity} />}
      </div>
    </details>
  )
})
