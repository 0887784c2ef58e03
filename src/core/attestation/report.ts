/**
 * The verification report: data, not a boolean. Every check that ran or was
 * skipped is listed with its reason; the verdict follows from the checks and the policy.
 * The badge, the hooks and the CLI all render this one object.
 */

import type { Assurance } from './assurances.ts'
import type { Deployment } from './deployment/deployment.ts'
import type { IdentitySummary } from './identity/identity.ts'

export type CheckStatus = 'passed' | 'failed' | 'skipped'

export interface Check {
  /** Stable id, e.g. `server.verified`, `nonce.match`, `key.address`, `tdx.reportdata`. */
  id: string
  /** Short human label. */
  label: string
  status: CheckStatus
  /** Why it passed, failed or was skipped. */
  detail: string
  /** Values a person can copy and re-check (hex, addresses). Never secrets. */
  evidence?: Record<string, string>
  /** True when the policy requires this check to pass. */
  required?: boolean
}

export type PolicyName = 'basic' | 'standard' | 'strict'

export interface VerificationReport {
  verdict: 'passed' | 'failed'
  policy: PolicyName
  checks: Check[]
  /** ISO time the verification ran at (or the `at` it was asked to verify at). */
  verifiedAt: string
  /** `gateway` for a gateway's attestation (see VerifyAttestationOptions.role): it holds no key we encrypt to. */
  role?: 'gateway'
  /** True when the evidence chains to a simulator test root, not to Intel/NVIDIA. */
  simulated?: boolean
  model?: string
  nonce?: string
  signingAddress?: string
  teeProvider?: string
  teeHardware?: string
  tdx?: TdxSummary
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
  kind: 'worker' | 'main-thread'
  /** Plain words. */
  reason: string
}

export interface TdxSummary {
  version: number
  mrtd: string
  rtmr0: string
  rtmr1: string
  rtmr2: string
  rtmr3: string
  reportData: string
  tdAttributes: string
  debug: boolean
  tcbStatus?: string
  advisoryIds?: string[]
  [key: string]: unknown
}

export interface GpuSummary {
  index: number
  arch?: string
  verified: boolean
  nonceMatches?: boolean
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
