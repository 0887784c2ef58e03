import type { Deployment } from '../deployment/deployment.ts'
import type { Check, TdxSummary } from '../report.ts'
import type { MeasurementPolicy } from '../tdx/measurements.ts'
import { KNOWN_DEPLOYMENTS, KNOWN_OS_IMAGES, type KnownDeployment, type KnownOsImage } from './known-deployments.ts'

/**
 * The code identity of an enclave: what the quote measures about the software, and
 * nothing about the particular VM (RTMR0 varies with memory and CPU count, RTMR3 with
 * instance ids and keys). Two attestations with the same identity run the same OS
 * image and the same compose (hence the same image digests).
 *
 * @example
 * ```ts
 * const identity = codeIdentityOf(report.tdx, deployment, { osImageBound: true })
 * findKnownDeployment(identity)?.id   // 'near-ai-inference-2026-06'
 * ```
 */
export interface CodeIdentity {
  /** MRTD: the TD firmware. */
  mrtd: string
  /** RTMR1: the OS kernel and boot loader. */
  rtmr1: string
  /** RTMR2: the kernel command line and initrd. */
  rtmr2: string
  /** From MRCONFIGID (bound by the quote). */
  composeHash?: string
  /** From the RTMR3 `os-image-hash` event when the event log replays, else the report's claim. */
  osImageHash?: string
  /** True when osImageHash came from a replayed event log. */
  osImageHashBound?: boolean
  /** Service name -> image digest (or the image reference when not pinned). */
  images: Record<string, string>
}

/**
 * `pinned`: matches the values the app pinned; `mismatch`: does not (a failure);
 * `known`: an observed deployment from the registry; `seen`: the same as the last
 * verified attestation of this model; `changed`: differs from it; `new`: first seen
 * (remembered from now on); `unknown`: none of these could be said.
 */
export type CodeIdentityState = 'pinned' | 'mismatch' | 'known' | 'seen' | 'changed' | 'new' | 'unknown'

/** One value that differs from the last verified attestation. */
export interface IdentityChange {
  /** Stable key, for translations: `composeHash`, `osImageHash`, `mrtd`, `rtmr1`, `rtmr2`, or `image:<service>`. */
  key: string
  /** `compose hash`, `OS image (MRTD)`, `image datadog-agent`, … (English) */
  what: string
  /** The value before, hex or text. */
  from: string
  /** The value now. */
  to: string
}

/** What sealkit concluded about the code an enclave runs (`report.identity`). */
export interface IdentitySummary {
  /**
   * `pinned` (matches your `measurements`), `mismatch` (differs from them), `known` (a registered deployment), `seen`
   * (same as last time), `changed`, `new` (first seen) or `unknown`.
   */
  state: CodeIdentityState
  /** The identity the report carries. */
  current: CodeIdentity
  /** The pinned values matched (policy `measurements`). */
  pinned?: boolean
  /** What it matched in the registry of known deployments, when `state` is `known`. */
  known?: {
    /** The deployment (compose hash) it matched. */
    deployment: KnownDeployment
    /** The OS image it matched. */
    osImage: KnownOsImage
    /** The VM configuration the RTMR0 value matched, when it did. */
    rtmr0?: string
  }
  /** Continuity (trust on first use), when a measurement store is configured. */
  continuity?: {
    /** Attestations verified with this identity before this one. */
    count: number
    /** When this identity was first verified (ISO). */
    since: string
    /** When it was last verified before this time (ISO). */
    lastSeen?: string
    /** What changed, when `state` is `changed`. */
    changes?: IdentityChange[]
  }
}

/**
 * Pins and deployment rules, given as `measurements` to `verifyAttestation`. A pinned
 * value that differs fails; a finding fails only under the rule that names it.
 */
export interface IdentityPolicy extends MeasurementPolicy {
  /** Accepted OS images: MRTD + RTMR1 + RTMR2, or an os_image_hash the RTMR3 event log binds. */
  osImages?: ReadonlyArray<
    | {
        /** MRTD, hex. */
        mrtd: string
        /** RTMR1, hex. */
        rtmr1: string
        /** RTMR2, hex. */
        rtmr2: string
      }
    | {
        /** dstack's `os_image_hash`, hex. */
        osImageHash: string
      }
  >
  /** Image digests: per service (`{ 'vllm': 'sha256:…' }`), or a list every service's image must be in. */
  imageDigests?: Readonly<Record<string, string>> | readonly string[]
  /** Fail when a service's image is not pinned by digest. */
  requireDigestPinnedImages?: boolean
  /** Fail when a service runs whose name or image repository is listed; `'telemetry'` forbids any service that ships logs or metrics out. */
  forbidServices?: readonly string[]
  /** What a changed identity (since the last verified attestation of this model) does. Default `warn`. */
  onIdentityChange?: 'warn' | 'fail'
  /** Replaces the shipped registry of observed deployments; `[]` to use none. */
  knownDeployments?: readonly KnownDeployment[]
  /** Replaces the shipped registry of known OS images; `[]` to use none. */
  knownOsImages?: readonly KnownOsImage[]
}

const norm = (s: string | undefined): string => (s ?? '').toLowerCase().replace(/^0x/, '')

/** The code identity of a verified quote and its deployment. */
export function codeIdentityOf(tdx: TdxSummary, deployment: Deployment | undefined, osImage: { hash?: string; bound: boolean }): CodeIdentity {
  const mrConfigId = typeof tdx.mrConfigId === 'string' ? tdx.mrConfigId : ''
  const images: Record<string, string> = {}
  for (const s of deployment?.services ?? []) images[s.name] = s.digest && s.pinned ? s.digest : (s.image ?? '(built at launch)')
  return {
    mrtd: norm(tdx.mrtd),
    rtmr1: norm(tdx.rtmr1),
    rtmr2: norm(tdx.rtmr2),
    ...(mrConfigId.startsWith('01') ? { composeHash: mrConfigId.slice(2, 66) } : {}),
    ...(osImage.hash ? { osImageHash: norm(osImage.hash), osImageHashBound: osImage.bound } : {}),
    images,
  }
}

/** The observed deployment with this compose hash on this OS image, if any. */
export function findKnownDeployment(
  identity: CodeIdentity,
  rtmr0: string | undefined,
  registry: { deployments?: readonly KnownDeployment[]; osImages?: readonly KnownOsImage[] } = {},
): IdentitySummary['known'] | undefined {
  const deployments = registry.deployments ?? KNOWN_DEPLOYMENTS
  const images = registry.osImages ?? KNOWN_OS_IMAGES
  const deployment = deployments.find((d) => norm(d.composeHash) === identity.composeHash)
  if (!deployment) return undefined
  const osImage = images.find((i) => i.name === deployment.osImage)
  if (!osImage || !sameOsImage(identity, osImage)) return undefined
  const vm = osImage.rtmr0.find((r) => norm(r.value) === norm(rtmr0))?.vm
  return { deployment, osImage, ...(vm ? { rtmr0: vm } : {}) }
}

/** A VM configuration of a known OS image, found by a quote's measurements. */
export interface KnownVm {
  /** The OS image whose MRTD, RTMR1 and RTMR2 the quote carries. */
  osImage: KnownOsImage
  /** The configuration the quote's RTMR0 is known for, e.g. `'64 vCPUs, 1 TiB, 8 GPUs, 4 NVSwitches'`. */
  vm: string
  /** The GPUs it passes through, when the registry names them. */
  gpus?: number
}

/**
 * The VM configuration a quote's RTMR0 is known for, on the OS image its MRTD, RTMR1 and RTMR2 are; any compose.
 * Bound by the quote (where the report's `vm_config` is the server's word), once its signature verified.
 */
export function findKnownVm(tdx: Pick<TdxSummary, 'mrtd' | 'rtmr0' | 'rtmr1' | 'rtmr2'>, osImages: readonly KnownOsImage[] = KNOWN_OS_IMAGES): KnownVm | undefined {
  const quoted = { mrtd: norm(tdx.mrtd), rtmr1: norm(tdx.rtmr1), rtmr2: norm(tdx.rtmr2) }
  for (const osImage of osImages) {
    if (!sameOsImage(quoted, osImage)) continue
    const entry = osImage.rtmr0.find((r) => norm(r.value) === norm(tdx.rtmr0))
    if (entry) return { osImage, vm: entry.vm, ...(entry.gpus !== undefined ? { gpus: entry.gpus } : {}) }
  }
  return undefined
}

function sameOsImage(identity: Pick<CodeIdentity, 'mrtd' | 'rtmr1' | 'rtmr2'>, image: { mrtd: string; rtmr1: string; rtmr2: string }): boolean {
  return identity.mrtd === norm(image.mrtd) && identity.rtmr1 === norm(image.rtmr1) && identity.rtmr2 === norm(image.rtmr2)
}

/** Check `identity.pinned`: the OS image and image digests the policy pins. Skipped when nothing is pinned. */
export function checkPinnedIdentity(identity: CodeIdentity | undefined, policy: IdentityPolicy): Check {
  const base = { id: 'identity.pinned', label: 'Code identity matches the pinned values' }
  const wanted = policy.osImages !== undefined || policy.imageDigests !== undefined
  if (!wanted) return { ...base, status: 'skipped', detail: 'No OS image or image digest is pinned (measurements.osImages / imageDigests).' }
  if (!identity) return { ...base, status: 'failed', detail: 'Values are pinned, but the report has no TDX quote to compare them with.' }
  const problems: string[] = []
  const evidence: Record<string, string> = {}
  if (policy.osImages) {
    const ok = policy.osImages.some((pin) =>
      'osImageHash' in pin ? identity.osImageHashBound === true && identity.osImageHash === norm(pin.osImageHash) : sameOsImage(identity, pin),
    )
    evidence.mrtd = identity.mrtd
    if (identity.osImageHash) evidence.osImageHash = identity.osImageHash
    if (!ok) problems.push(identity.osImageHash && !identity.osImageHashBound ? 'the OS image (its os_image_hash is not bound: the event log did not replay)' : 'the OS image')
  }
  const digests = policy.imageDigests
  if (digests) {
    const services = Object.entries(identity.images)
    if (Array.isArray(digests)) {
      const list = (digests as readonly string[]).map(norm)
      const off = services.filter(([, d]) => !list.includes(norm(d)))
      if (off.length) problems.push(`image digests of ${off.map(([s]) => s).join(', ')}`)
    } else {
      for (const [service, digest] of Object.entries(digests as Record<string, string>)) {
        if (norm(identity.images[service]) !== norm(digest)) problems.push(`the image of ${service}`)
      }
    }
    for (const [s, d] of services) evidence[`image ${s}`] = d
  }
  return problems.length
    ? { ...base, status: 'failed', detail: `Not the pinned code: ${problems.join('; ')} differ.`, evidence }
    : { ...base, status: 'passed', detail: 'The OS image and images match the pinned values.', evidence }
}

/** What differs between two identities (RTMR0 excluded: it is the VM's configuration, not code). */
export function identityChanges(before: CodeIdentity, after: CodeIdentity): IdentityChange[] {
  const changes: IdentityChange[] = []
  const field = (key: string, what: string, a: string | undefined, b: string | undefined) => {
    if (norm(a) !== norm(b)) changes.push({ key, what, from: a ?? '(none)', to: b ?? '(none)' })
  }
  field('composeHash', 'compose hash', before.composeHash, after.composeHash)
  field('osImageHash', 'OS image hash', before.osImageHash, after.osImageHash)
  field('mrtd', 'MRTD (firmware)', before.mrtd, after.mrtd)
  field('rtmr1', 'RTMR1 (kernel)', before.rtmr1, after.rtmr1)
  field('rtmr2', 'RTMR2 (kernel command line, initrd)', before.rtmr2, after.rtmr2)
  const services = new Set([...Object.keys(before.images), ...Object.keys(after.images)])
  for (const s of services) field(`image:${s}`, `image ${s}`, before.images[s], after.images[s])
  return changes
}
