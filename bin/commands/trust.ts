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
  const res = await fetch(`${baseURL.replace(/\/+$/, '')}/sealkit/roots`)
  if (!res.ok) throw new Error(`--trust-simulator: ${baseURL}/sealkit/roots answered ${res.status}; is this a sealkit simulator?`)
  const roots = (await res.json()) as { intel?: { pem?: string }; nvidia?: { pem?: string } }
  if (!roots.intel?.pem || !roots.nvidia?.pem) throw new Error('--trust-simulator: the simulator served no roots')
  return { intel: [INTEL_SGX_ROOT_CA_FINGERPRINT, roots.intel.pem], nvidia: [NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT, roots.nvidia.pem] }
}
