/**
 * The verification report: data, not a boolean. Every check that ran or was
 * skipped is listed with its reason; the verdict follows from the checks and the policy.
 * The badge, the hooks and the CLI all render this one object.
 */

import type { Assurance } from './assurances.ts'
import type { Deployment } from './deployment/deployment.ts'
import type { IdentitySummary } from './identity/identity.ts'

/**
 * The outcome of one check: `skipped` means it did not run (the policy did not require it, or there was nothing to
 * check); a check that ran and failed is `failed` under every policy.
 */
export type CheckStatus = 'passed' | 'failed' | 'skipped'

/** One verification check, with why it came out as it did and the values a person can re-check. */
export interface Check {
  /** Stable id, e.g. `server.verified`, `nonce.match`, `key.address`, `tdx.reportdata`. */
  id: string
  /** Short human label. */
  label: string
  /** `passed`, `failed` or `skipped`. Any `failed` check fails the verdict, whatever the policy. */
  status: CheckStatus
  /** Why it passed, failed or was skipped. */
  detail: string
  /** Values a person can copy and re-check (hex, addresses). Never secrets. */
  evidence?: Record<string, string>
  /** True when the policy requires this check to pass. */
  required?: boolean
  /**
   * True on a `passed` check that a person should still hear about: the policy accepts it with a
   * warning (a model's code changed since last time under `onIdentityChange: 'warn'`). Never on a
   * failed or skipped check. The check list and the CLI mark it `!`, not as a plain pass.
   */
  warning?: true
}

/**
 * Whether `check` passed with a warning: `warning` counts on a `passed` check only, so a report
 * (from a worker, a file) that sets it on a failure can never show a warning in place of the failure.
 * @example acceptedWithWarning({ ...check, status: 'passed', warning: true }) // true
 */
export function acceptedWithWarning(check: Check): boolean {
  return check.status === 'passed' && check.warning === true
}

/**
 * Which checks must run: `basic` (the key and nonce bound in a TDX quote), `standard` (default: plus Intel-signed
 * quote and NVIDIA GPU evidence), `strict` (plus collateral, MRCONFIGID, event-log replay and your pinned
 * measurements).
 */
export type PolicyName = 'basic' | 'standard' | 'strict'

/**
 * What {@link verifyAttestation} (and `attestModel`) concludes about one attestation report.
 *
 * @example
 * ```ts
 * const report = await verifyAttestation(response, { nonce, policy: 'standard' })
 * if (report.verdict !== 'passed') throw new Error(report.checks.find((c) => c.status === 'failed')?.detail)
 * ```
 * \n Send nothing private unless `verdict` is `'passed'`; show `simulated` reports as simulated, never as verified.
 */
export interface VerificationReport {
  /** `passed` only when every check the policy requires ran and passed and no check failed. */
  verdict: 'passed' | 'failed'
  /** The policy the report was verified under. */
  policy: PolicyName
  /** Every check, in the order they ran, with its evidence. */
  checks: Check[]
  /** ISO time the verification ran at (or the `at` it was asked to verify at). */
  verifiedAt: string
  /** `gateway` for a gateway's attestation (see VerifyAttestationOptions.role): it holds no key we encrypt to. */
  role?: 'gateway'
  /** True when the evidence chains to a simulator test root, not to Intel/NVIDIA. */
  simulated?: boolean
  /** The model the report is for, as the report names it. */
  model?: string
  /** The nonce we sent, lowercase hex (the one the report had to echo and bind). */
  nonce?: string
  /** The attested signing address (`0x` + 40 hex): the key messages are encrypted to and responses are signed by. */
  signingAddress?: string
  /** Who runs the enclave, as the report says (e.g. `'near-ai'`). */
  teeProvider?: string
  /** The enclave technology, as the report says (e.g. `'intel-tdx'`). */
  teeHardware?: string
  /** The TDX quote's measurements and status; `undefined` when the report had no parsable quote. */
  tdx?: TdxSummary
  /** One entry per GPU whose evidence was checked; `undefined` when there was no GPU evidence. */
  gpus?: GpuSummary[]
  /** What runs in the enclave, read from the app compose (see `describeDeployment`). */
  deployment?: Deployment
  /** The code identity: pinned / known / seen before / changed… (see `verifyCodeIdentity`). */
  identity?: IdentitySummary
  /** The plain-language verdict, derived from the checks (see `assurancesOf`). */
  assurances?: Assurance[]
  /** Where the evidence was verified (a Web Worker or the main thread) and why there; set by `attestModel`. */
  verifiedIn?: VerifierInfo
}

/** Where attestation verification ran, and why there (e.g. why it fell back to the main thread). */
export interface VerifierInfo {
  /**
   * `worker`: in the verification Web Worker; `main-thread`: in the page (no workers, the worker could not start, or
   * an option could not cross to it).
   */
  kind: 'worker' | 'main-thread'
  /** Plain words. */
  reason: string
}

/** The TDX quote's fields a person checks, as lowercase hex. */
export interface TdxSummary {
  /** Quote version (4 or 5). */
  version: number
  /** MRTD: the measurement of the TD's initial memory (the firmware). */
  mrtd: string
  /** RTMR0: the TD firmware's configuration. */
  rtmr0: string
  /** RTMR1: the OS kernel and boot loader. */
  rtmr1: string
  /** RTMR2: the kernel command line and initrd. */
  rtmr2: string
  /** RTMR3: runtime events (dstack: the app compose hash, key provider, instance id). */
  rtmr3: string
  /** REPORTDATA (64 bytes): binds the signing key and our nonce. */
  reportData: string
  /** TDATTRIBUTES; bit 0 set means a debug TD. */
  tdAttributes: string
  /** True for a debug TD, whose memory the host can read: fails every policy. */
  debug: boolean
  /** Intel's TCB status of the platform, when collateral was checked (e.g. `'UpToDate'`). */
  tcbStatus?: string
  /** Intel advisory ids that apply to the platform, when collateral was checked. */
  advisoryIds?: string[]
  [key: string]: unknown
}

/** What was verified about one GPU. */
export interface GpuSummary {
  /** The GPU's position in the report's evidence list, from 0. */
  index: number
  /** The GPU architecture the evidence names, e.g. `'HOPPER'`, `'BLACKWELL'`. */
  arch?: string
  /** True when the GPU's certificate chain and SPDM signature verify to a trusted NVIDIA root. */
  verified: boolean
  /** True when the evidence is bound to our nonce; `undefined` when not checked. */
  nonceMatches?: boolean
  /** True when its chain ends at a simulator's test root (trusted through `trustedRoots`), not at NVIDIA's. */
  simulated?: boolean
  /** Why it did not verify, or what was checked. */
  detail?: string
  [key: string]: unknown
}

/**
 * The verdict of a list of checks. A check that ran and failed fails the verdict under
 * every policy, required or not; a policy only decides which checks must run, so a
 * required check that was skipped fails it too. An empty list proves nothing: failed.
 */
export function verdictOf(checks: readonly Check[]): 'passed' | 'failed' {
  if (checks.length === 0) return 'failed'
  return checks.some((c) => c.status === 'failed' || (c.required && c.status !== 'passed')) ? 'failed' : 'passed'
}

/** The check that decides a failed verdict: the first that failed, else the first required one that did not run. */
export function decisiveCheck(checks: readonly Check[]): Check | undefined {
  return checks.find((c) => c.status === 'failed') ?? checks.find((c) => c.required && c.status !== 'passed')
}
