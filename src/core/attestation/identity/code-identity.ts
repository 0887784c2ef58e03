import type { AttestationResponse } from '../../api/types.ts'
import { appComposeOf, osImageHashOf } from '../deployment/app-compose.ts'
import { describeDeployment, type Deployment } from '../deployment/deployment.ts'
import { checkComposeModel } from '../deployment/model.ts'
import { checkDeploymentPolicy } from '../deployment/policy.ts'
import type { ModelAliases } from '../model-name.ts'
import type { Check, VerificationReport } from '../report.ts'
import { runtimeEventPayload } from '../tdx/event-log.ts'
import { quoteIsIntelMeasured } from '../tdx/signatures.ts'
import { compareIdentity, rememberIdentity } from './continuity.ts'
import { checkPinnedIdentity, codeIdentityOf, findKnownDeployment, type CodeIdentity, type IdentityPolicy, type IdentitySummary } from './identity.ts'
import type { MeasurementStore, StoredIdentity } from './store.ts'

/** Options of {@link verifyCodeIdentity}. */
export interface CodeIdentityOptions {
  /** Pinned values and rules: OS images, image digests, compose hashes, deployment rules, `onIdentityChange`. */
  measurements?: IdentityPolicy
  /** Remembers each model's identity after a verified attestation (continuity). */
  measurementStore?: MeasurementStore
  /** Key under which the store remembers this target; default the model id. */
  identityKey?: string
  /** The model asked for (else the one the report names), compared with what the app compose serves. */
  model?: string
  /** Upstream names the model may be served under, beyond `sameModel`'s rule. */
  modelAliases?: ModelAliases
}

/** What {@link verifyCodeIdentity} found. */
export interface CodeIdentityResult {
  /** The `identity.*` and deployment checks, in the order they ran. */
  checks: Check[]
  /** What runs in the enclave; `undefined` when the report had no app compose. */
  deployment?: Deployment
  /** The code identity and its state (pinned, known, seen, changed...). */
  identity?: IdentitySummary
  /** Call once the verdict is known: stores the identity when it passed. */
  remember(report: VerificationReport, at: Date): Promise<void>
}

/**
 * What runs in the enclave and whether it is the code expected: the deployment from the
 * app compose, pinned values, the registry of observed deployments and continuity.
 * Runs after the quote's own checks, whose results (MRCONFIGID, RTMR replay) say what
 * is bound. Checks: `deployment.model`, `identity.pinned`, `identity.continuity`, and under the policy's
 * rules `deployment.images.pinned`, `deployment.services.forbidden`.
 */
export async function verifyCodeIdentity(response: AttestationResponse, report: VerificationReport, options: CodeIdentityOptions): Promise<CodeIdentityResult> {
  const policy = options.measurements ?? {}
  const passed = (id: string) => report.checks.some((c) => c.id === id && c.status === 'passed')
  const appCompose = appComposeOf(response.info)
  const loggedOsImage = response.event_log !== undefined ? runtimeEventPayload(response.event_log, 'os-image-hash') : undefined
  const osImageBound = loggedOsImage !== undefined && passed('tdx.rtmr.replay')
  const osImageHash = osImageBound ? loggedOsImage : osImageHashOf(response.info)

  let deployment: Deployment | undefined
  if (appCompose !== undefined) {
    deployment = await describeDeployment(appCompose, osImageHash ? { osImageHash } : {})
    deployment.bound = passed('tdx.mrconfigid')
  }
  const checks: Check[] = [checkComposeModel(deployment, options.model ?? report.model, options.modelAliases), ...checkDeploymentPolicy(deployment, policy)]

  let identity: CodeIdentity | undefined
  // Only a quote whose signatures verified up to Intel's root measures anything: its own signature alone is any key's.
  if (report.tdx && quoteIsIntelMeasured(report.checks)) {
    identity = codeIdentityOf(report.tdx, deployment?.bound ? deployment : undefined, { ...(osImageHash ? { hash: osImageHash } : {}), bound: osImageBound })
  }
  const pinned = checkPinnedIdentity(identity, policy)
  checks.push(pinned)

  const key = options.identityKey ?? report.model ?? 'default'
  const compared = await compareIdentity(options.measurementStore, key, identity, { onChange: policy.onIdentityChange ?? 'warn' })
  checks.push(compared.check)

  let summary: IdentitySummary | undefined
  if (identity) {
    const known = findKnownDeployment(identity, report.tdx?.rtmr0, {
      ...(policy.knownDeployments ? { deployments: policy.knownDeployments } : {}),
      ...(policy.knownOsImages ? { osImages: policy.knownOsImages } : {}),
    })
    const changed = !!compared.continuity?.changes?.length
    const state: IdentitySummary['state'] =
      pinned.status === 'failed'
        ? 'mismatch'
        : changed
          ? 'changed'
          : pinned.status === 'passed'
          ? 'pinned'
          : known
            ? 'known'
            : compared.continuity && compared.continuity.count > 0
              ? 'seen'
              : compared.continuity
                ? 'new'
                : 'unknown'
    summary = {
      state,
      current: identity,
      ...(pinned.status !== 'skipped' ? { pinned: pinned.status === 'passed' } : {}),
      ...(known ? { known } : {}),
      ...(compared.continuity ? { continuity: compared.continuity } : {}),
    }
  }
  const previous: StoredIdentity | undefined = compared.previous
  return {
    checks,
    ...(deployment ? { deployment } : {}),
    ...(summary ? { identity: summary } : {}),
    async remember(final, at) {
      if (!options.measurementStore || !identity || final.verdict !== 'passed') return
      await rememberIdentity(options.measurementStore, key, identity, previous, at)
    },
  }
}
