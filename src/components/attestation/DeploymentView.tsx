'use client'
import { forwardRef, type ComponentPropsWithoutRef } from 'react'
import type { Deployment } from '../../core/attestation/deployment/deployment.ts'
import type { IdentitySummary } from '../../core/attestation/identity/identity.ts'
import { cx } from '../internal/cx.ts'
import { middleTruncate } from '../internal/format.ts'
import { EvidenceList } from './CheckList.tsx'

const STATE_LINE: Record<IdentitySummary['state'], string> = {
  pinned: 'Pinned: exactly the code this app expects',
  mismatch: 'NOT the code this app pinned',
  known: 'A deployment observed before (not audited)',
  seen: 'The same code as last time',
  changed: 'CHANGED since this model was last verified',
  new: 'First time seen: remembered from now on',
  unknown: 'Not recognised',
}

export interface DeploymentViewProps extends Omit<ComponentPropsWithoutRef<'details'>, 'children'> {
  deployment?: Deployment
  identity?: IdentitySummary
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
  if (!deployment && !identity) return null
  const warnings = deployment?.findings.filter((f) => f.severity === 'warning').length ?? 0
  const changed = identity?.state === 'changed' || identity?.state === 'mismatch'
  const services = deployment?.services ?? []
  const pinned = services.filter((s) => s.pinned).length
  const line = [
    identity ? STATE_LINE[identity.state] : undefined,
    services.length ? `${services.length} ${services.length === 1 ? 'service' : 'services'}, ${pinned === services.length ? 'all' : pinned} pinned by digest` : undefined,
    warnings ? `${warnings} ${warnings === 1 ? 'finding' : 'findings'}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ')
  const facts = [
    deployment && ['Compose hash', deployment.composeHash],
    deployment?.osImageHash && ['OS image hash', deployment.osImageHash],
    identity && ['MRTD', identity.current.mrtd],
  ].filter((x): x is [string, string] => Array.isArray(x))
  return (
    <details ref={ref} className={cx('sealkit-disclosure', 'sealkit-deployment', className)} data-identity={identity?.state} open={open ?? changed} {...props}>
      <summary className="sealkit-disclosure__summary">
        <span className="sealkit-disclosure__title">What runs in the enclave</span>
        <span className="sealkit-disclosure__count" data-tone={changed ? 'danger' : warnings ? 'warning' : undefined}>
          {line}
        </span>
      </summary>
      <div className="sealkit-deployment__body">
        {deployment?.bound === false && (
          <p className="sealkit-alert" data-tone="danger">
            The quote does not bind this app compose: it is the server&apos;s word, not the enclave&apos;s.
          </p>
        )}
        {identity?.known && (
          <p className="sealkit-deployment__note">
            Seen in public captures as <strong>{identity.known.deployment.id}</strong> ({identity.known.deployment.provider}, {identity.known.deployment.seen.join(', ')}). Observed, not audited.
            {identity.known.rtmr0 && ` RTMR0 matches a ${identity.known.rtmr0} VM.`}
          </p>
        )}
        {identity?.continuity && identity.continuity.count > 0 && identity.state === 'seen' && (
          <p className="sealkit-deployment__note">
            Seen before: {identity.continuity.count} verified {identity.continuity.count === 1 ? 'attestation' : 'attestations'} since {identity.continuity.since.slice(0, 10)}.
          </p>
        )}
        {identity?.continuity?.changes && identity.continuity.changes.length > 0 && (
          <div className="sealkit-alert" data-tone="warning">
            <p>Changed since {identity.continuity.lastSeen?.slice(0, 10) ?? 'last time'}:</p>
            <ul className="sealkit-changes">
              {identity.continuity.changes.map((c) => (
                <li key={c.what}>
                  {c.what}: <code title={c.from}>{middleTruncate(c.from, 10, 6)}</code> → <code title={c.to}>{middleTruncate(c.to, 10, 6)}</code>
                </li>
              ))}
            </ul>
          </div>
        )}
        {deployment?.findings && deployment.findings.length > 0 && (
          <ul className="sealkit-findings">
            {deployment.findings.map((f, i) => (
              <li key={i} data-severity={f.severity}>
                {f.message}
              </li>
            ))}
          </ul>
        )}
        {services.length > 0 && (
          <table className="sealkit-services">
            <caption className="sealkit-sr-only">Services in the app compose</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Image</th>
                <th scope="col">Pinned</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.name} data-pinned={s.pinned ? '' : undefined}>
                  <th scope="row">{s.name}</th>
                  <td>
                    <code title={s.image}>{s.repository ?? s.image ?? '(built at launch)'}</code>
                    {s.digest && <code className="sealkit-services__digest" title={s.digest}>{middleTruncate(s.digest, 14, 6)}</code>}
                  </td>
                  <td>{s.pinned ? 'by digest' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {deployment && Object.keys(deployment.flags).length > 0 && (
          <p className="sealkit-deployment__flags">
            {Object.entries(deployment.flags)
              .map(([k, v]) => `${k} ${v ? 'on' : 'off'}`)
              .join(' · ')}
          </p>
        )}
        {facts.length > 0 && <EvidenceList entries={facts} label="code identity" button="Copy identity" />}
      </div>
    </details>
  )
})
