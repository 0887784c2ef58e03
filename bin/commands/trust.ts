import { INTEL_SGX_ROOT_CA_FINGERPRINT } from '../../src/core/attestation/tdx/constants.ts'
import { NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT } from '../../src/core/attestation/nvidia/roots.ts'
import type { VerifyAttestationOptions } from '../../src/core/attestation/verify.ts'

export const TRUST_SIMULATOR_HELP = `  --trust-simulator  also trust the test roots a sealkit simulator serves at <base-url>/sealkit/roots
                     (for the simulated enclave only: its reports are then marked SIMULATED)`

/**
 * The simulator's test roots, fetched from the simulator itself. Only on explicit
 * request: a real provider serves no such endpoint, and trusting a server's own
 * roots proves nothing about real hardware; the report says `simulated`.
 */
export async function simulatorTrustedRoots(baseURL: string): Promise<NonNullable<VerifyAttestationOptions['trustedRoots']>> {
  const url = `${baseURL.replace(/\/+$/, '')}/sealkit/roots`
  const res = await fetch(url).catch((error: unknown) => {
    // fetch's own message is only "fetch failed"; its cause says why (ECONNREFUSED, bad port...).
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
    const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined
    throw new Error(`--trust-simulator: ${url} could not be reached${why ? ` (${why})` : ''}; is a sealkit simulator running there?`)
  })
  if (!res.ok) throw new Error(`--trust-simulator: ${url} answered ${res.status}; is this a sealkit simulator?`)
  const roots = (await res.json()) as { intel?: { pem?: string }; nvidia?: { pem?: string } }
  if (!roots.intel?.pem || !roots.nvidia?.pem) throw new Error('--trust-simulator: the simulator served no roots')
  return { intel: [INTEL_SGX_ROOT_CA_FINGERPRINT, roots.intel.pem], nvidia: [NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT, roots.nvidia.pem] }
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
