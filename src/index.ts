/**
 * sealkit: React hooks and drop-in components for verifiable, end-to-end
 * encrypted LLM chat. Framework-free pieces live in `sealkit/core`; the
 * simulated enclave in `sealkit/simulator`.
 */
export * from './hooks/index.ts'
export * from './components/index.ts'
