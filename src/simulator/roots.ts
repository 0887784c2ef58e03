import { NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT } from '../core/attestation/nvidia/roots.ts'
import { INTEL_SGX_ROOT_CA_FINGERPRINT } from '../core/attestation/tdx/constants.ts'
import { SealkitError } from '../core/errors.ts'
import type { SimulatorRoots } from './evidence.ts'

/** Trust anchors per vendor, as `verify.trustedRoots` takes them. */
export interface SimulatorTrustedRoots {
  /** Intel's SGX Root CA (by fingerprint) and the simulator's TDX test root (fingerprint or PEM). */
  intel: string[]
  /** NVIDIA's Device Identity CA (by fingerprint) and the simulator's GPU test root (fingerprint or PEM). */
  nvidia: string[]
}

/** The simulator's test roots beside the real vendor roots, which stay trusted. */
export function besideVendorRoots(intel: string, nvidia: string): SimulatorTrustedRoots {
  return { intel: [INTEL_SGX_ROOT_CA_FINGERPRINT, intel], nvidia: [NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT, nvidia] }
}

/**
 * The test roots of a `sealkit simulate` server (or `startSimulatorServer`), fetched from its
 * `/sealkit/roots`, for an app in another process, a browser tab say, that talks to it over HTTP.
 * The real vendor roots stay trusted beside them. Reports verified with them are marked `simulated`,
 * so the badge says "Simulated", never "Verified". A real provider serves no such endpoint: call this
 * for a development simulator only, never for a production `baseURL`.
 *
 * `NETWORK_ERROR` when the server cannot be reached, `INVALID_RESPONSE` when it serves no roots.
 *
 * @example
 * ```ts
 * import { createSealkitConfig } from 'sealkit/core'
 * import { fetchSimulatorRoots } from 'sealkit/simulator'
 *
 * const baseURL = 'http://127.0.0.1:8787/api/v1' // npx sealkit simulate --port 8787
 * const config = createSealkitConfig({ baseURL, verify: { trustedRoots: await fetchSimulatorRoots(baseURL) } })
 * ```
 */
export async function fetchSimulatorRoots(baseURL: string, { fetch: fetchImpl = globalThis.fetch }: { fetch?: typeof fetch } = {}): Promise<SimulatorTrustedRoots> {
  const url = `${baseURL.replace(/\/+$/, '')}/sealkit/roots`
  const res = await fetchImpl(url).catch((cause: unknown) => {
    // Node's fetch says only "fetch failed"; its cause says why (ECONNREFUSED, ENOTFOUND...).
    const why = (cause as { cause?: { code?: unknown } }).cause?.code
    throw new SealkitError('NETWORK_ERROR', { message: `${url} could not be reached${typeof why === 'string' ? ` (${why})` : ''}: is a sealkit simulator running there?`, cause })
  })
  const roots = res.ok ? ((await res.json().catch(() => undefined)) as Partial<SimulatorRoots> | undefined) : undefined
  const intel = roots?.intel?.pem
  const nvidia = roots?.nvidia?.pem
  if (typeof intel !== 'string' || typeof nvidia !== 'string' || !intel.includes('BEGIN CERTIFICATE') || !nvidia.includes('BEGIN CERTIFICATE')) {
    throw new SealkitError('INVALID_RESPONSE', { message: `${url} served no simulator roots (HTTP ${res.status}): is this a sealkit simulator?`, status: res.status })
  }
  return besideVendorRoots(intel, nvidia)
}
