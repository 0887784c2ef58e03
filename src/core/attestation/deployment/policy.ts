import type { Check } from '../report.ts'
import type { Deployment } from './deployment.ts'

/**
 * Deployment rules: findings become failures only when the policy names them.
 *
 * @example
 * checkDeploymentPolicy(deployment, { requireDigestPinnedImages: true, forbidServices: ['telemetry'] })
 */
export interface DeploymentPolicy {
  /** Fail when any service's image is not pinned by digest (`image@sha256:…`). */
  requireDigestPinnedImages?: boolean
  /**
   * Fail when a service matches: a service name, an image repository, or `'telemetry'` for any service that ships
   * logs or metrics out.
   */
  forbidServices?: readonly string[]
}

/** Checks a parsed deployment against a {@link DeploymentPolicy}: one check per rule the policy names (none when it names none). */
export function checkDeploymentPolicy(deployment: Deployment | undefined, policy: DeploymentPolicy): Check[] {
  const checks: Check[] = []
  const missing = !deployment
    ? 'the report carries no app compose'
    : deployment.error
      ? `the app compose could not be read (${deployment.error})`
      : deployment.bound === false
        ? 'the app compose is not bound to the quote (MRCONFIGID)'
        : undefined
  if (policy.requireDigestPinnedImages) {
    const base = { id: 'deployment.images.pinned', label: 'Every image is pinned by digest' }
    if (missing) checks.push({ ...base, status: 'failed', detail: `The policy requires digest-pinned images, but ${missing}.` })
    else {
      const loose = deployment!.services.filter((s) => !s.pinned)
      const evidence = Object.fromEntries(deployment!.services.map((s) => [s.name, s.image ?? '(built at launch)']))
      checks.push(
        loose.length
          ? { ...base, status: 'failed', detail: `Not pinned by digest: ${loose.map((s) => s.name).join(', ')}.`, evidence }
          : { ...base, status: 'passed', detail: `All ${deployment!.services.length} images are pinned by sha256 digest.`, evidence },
      )
    }
  }
  if (policy.forbidServices?.length) {
    const base = { id: 'deployment.services.forbidden', label: 'No forbidden service runs' }
    if (missing) checks.push({ ...base, status: 'failed', detail: `The policy forbids some services, but ${missing}.` })
    else {
      const rules = policy.forbidServices.map((r) => r.toLowerCase())
      const hits = deployment!.services.filter(
        (s) => rules.includes(s.name.toLowerCase()) || (s.repository && rules.includes(s.repository.toLowerCase())) || (s.telemetry && rules.includes('telemetry')),
      )
      checks.push(
        hits.length
          ? { ...base, status: 'failed', detail: `Forbidden by the policy: ${hits.map((s) => `${s.name}${s.telemetry ? ` (${s.telemetry})` : ''}`).join('; ')}.` }
          : { ...base, status: 'passed', detail: `None of ${policy.forbidServices.join(', ')} runs.` },
      )
    }
  }
  return checks
}
