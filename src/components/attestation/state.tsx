'use client'
import { verdictOf, type VerificationReport } from '../../core/attestation/report.ts'
import { ClockIcon, FlaskIcon, ShieldAlertIcon, ShieldCheckIcon, ShieldOffIcon, SpinnerIcon } from '../internal/icons.tsx'

/**
 * What the badge says: `verifying`, `verified`, `failed`, `simulated` (evidence under the simulator's test roots,
 * never green), `unverifiable` (a claimed success with no report to back it) or `stale` (the verification expired).
 */
export type AttestationState = 'verifying' | 'verified' | 'failed' | 'simulated' | 'unverifiable' | 'stale'

/** What the badge shows: an explicit state, or the report / error it derives the state from. */
export interface AttestationStateInput {
  /**
   * Overrides the state derived from `report` and `error` (e.g. `verifying` while the first attestation is in
   * flight).
   */
  state?: AttestationState
  /**
   * The verification report (`useAttestation().report`); its verdict, `simulated` flag and assurances drive the
   * badge.
   */
  report?: VerificationReport | undefined
  /** The attestation error, if any: shown as failed, with its code and plain words. */
  error?: unknown
}

/**
 * The state the badge may honestly show. "verified" (and "simulated") need a report
 * whose verdict passed and agrees with its own checks; anything less is downgraded:
 * a claimed success without a report reads "unverifiable", with a failing report "failed".
 * Without `state`, it is derived: error -> failed, report -> its verdict, nothing -> verifying.
 */
export function resolveAttestationState({ state, report, error }: AttestationStateInput): AttestationState {
  if (state === 'verifying' || state === 'unverifiable' || state === 'failed' || state === 'stale') return state
  if (state === undefined) {
    if (error !== undefined && error !== null) return 'failed'
    if (!report) return 'verifying'
  }
  if (!report) return 'unverifiable'
  const passed = report.verdict === 'passed' && verdictOf(report.checks) === 'passed'
  if (!passed) return 'failed'
  if (report.simulated || state === 'simulated') return 'simulated'
  return 'verified'
}

/** The icon of a badge state. */
export function StateIcon({ state }: { state: AttestationState }) {
  switch (state) {
    case 'verifying':
      return <SpinnerIcon />
    case 'verified':
      return <ShieldCheckIcon />
    case 'failed':
      return <ShieldAlertIcon />
    case 'simulated':
      return <FlaskIcon />
    case 'unverifiable':
      return <ShieldOffIcon />
    case 'stale':
      return <ClockIcon />
  }
}

