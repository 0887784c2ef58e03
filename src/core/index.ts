/**
 * sealkit/core: framework-free. The API client, the E2EE crypto, SSE streaming,
 * attestation verification, chat sessions and typed errors. Runs in browsers,
 * Node and workers; imports no React.
 */
export * from './errors.ts'
export * from './crypto/index.ts'
export * from './api/index.ts'
export * from './attestation/index.ts'
export * from './session/index.ts'
export * from './query/index.ts'
export * from './chat/index.ts'
export * from './storage/index.ts'
export type { EcdhInfo, KeyHolder, KeyHolderInfo, KeyHolderKind } from './crypto/key-holder.ts'
export { createLocalKeyHolder } from './crypto/local-key-holder.ts'
export { createDefaultKeyHolder, createWorkerKeyHolder, type DecryptWorkerLike, type DefaultKeyHolderOptions, type WorkerKeyHolderOptions } from './worker/worker-key-holder.ts'
export { earlyVerifyWorkerScript } from './worker/early-verify-worker.ts'
export { earlyAttestationScript, type EarlyAttestationTarget } from './api/early-attestation.ts'
export { createWorkerVerifier, startWorkerVerifier, workerIncompatibility, type StartingWorkerVerifier, type VerifyWorkerLike, type WorkerVerifier, type WorkerVerifierOptions } from './worker/worker-verifier.ts'
export { installFastEcdh, type EcdhBackendName, type InstallFastEcdhOptions, type InstallFastEcdhResult } from './crypto/backends/index.ts'
export type { WasmEcdhSource } from './crypto/backends/wasm-ecdh.ts'
export type { AttestationTarget, Provider, ProviderName, Request as ProviderRequest } from './providers/provider.ts'
