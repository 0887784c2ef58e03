import type { VerifyAttestationOptions } from '../../src/core/attestation/verify.ts'
import { fetchSimulatorRoots } from '../../src/simulator/roots.ts'

export const TRUST_SIMULATOR_HELP = `  --trust-simulator  also trust the test roots a sealkit simulator serves at <base-url>/sealkit/roots
                     (for the simulated enclave only: its reports are then marked SIMULATED)`

/**
 * The simulator's test roots, fetched from the simulator itself (`fetchSimulatorRoots`). Only on
 * explicit request: a real provider serves no such endpoint, and trusting a server's own roots
 * proves nothing about real hardware; the report says `simulated`.
 */
export async function simulatorTrustedRoots(baseURL: string): Promise<NonNullable<VerifyAttestationOptions['trustedRoots']>> {
  return fetchSimulatorRoots(baseURL).catch((error: unknown) => {
    throw new Error(`--trust-simulator: ${(error as Error).message}`)
  })
}

/**
 * The hint after evidence failed its roots, for a simulator on this machine only: suggesting that a
 * remote server's own roots be trusted would help anyone who wants a user to trust theirs.
 */
export function trustSimulatorHint(baseURL: string): string | undefined {
  let host: string
  try {
    host = new URL(baseURL).hostname
  } catch {
    return undefined
  }
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) return undefined
  return 'If this is a local `sealkit simulate`, add --trust-simulator to trust its test roots (never for a real provider).'
}
