/**
 * NVIDIA GPU attestation (PROTOCOL.md check 8): decode `nvidia_payload`, verify each
 * GPU's SPDM measurement report against its device certificate chain and NVIDIA's
 * pinned root, bind it to our nonce, and optionally check NVIDIA's NRAS verdict.
 * Framework-free and offline (noble crypto; no network, no Node built-ins).
 *
 * @example
 * ```ts
 * import { verifyGpuEvidence } from './nvidia/index.ts'
 * const { checks, gpus, simulated, verified } = await verifyGpuEvidence(report.nvidia_payload, { nonce, nras, jwks })
 * ```
 */
export * from './jwt.ts'
export * from './nras.ts'
export * from './opaque-data.ts'
export * from './payload.ts'
export * from './roots.ts'
export * from './spdm.ts'
export * from './verify.ts'
