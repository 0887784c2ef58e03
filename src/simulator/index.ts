/**
 * `sealkit/simulator`: the simulated enclave. Browser-safe (Web APIs only), so
 * it runs in tests, Storybook and demos without a server.
 *
 * The Node HTTP server around it lives in `./node.ts` and is deliberately not
 * re-exported here: importing `node:http` would break browser bundles. Import it
 * by path (`src/simulator/node.ts`, published as `sealkit/simulator/node`).
 *
 * @example
 * ```ts
 * import { createSimulator } from 'sealkit/simulator'
 * const sim = createSimulator({ seed: 'storybook' })
 * const client = createClient({ baseURL: 'http://simulator/api/v1', fetch: sim.fetch })
 * ```
 */
export { createSimulator, type FetchHandler, type Simulator, type SimulatorOptions } from './handler.ts'
export {
  FAULT_HEADER,
  FAULT_NAMES,
  FAULT_PATH_SEGMENT,
  FAULT_QUERY_PARAM,
  isFaultName,
  parseFaultList,
  type FaultName,
  type ParsedFaults,
} from './faults.ts'
export { DEFAULT_MODELS, toApiModel, type SimulatedModel } from './models.ts'
export { KEY_ROTATED_MESSAGE } from './completions.ts'
export { SIMULATOR_TEE_PROVIDER, reportDataFor } from './attestation.ts'
export { simulatorRoots, type SimulatorRoots } from './evidence.ts'
export {
  createSimulatedTdxQuote,
  createSimulatedTdxCollateral,
  getSimulatedTdxCa,
  type SimulatedCertificate,
  type SimulatedCollateralOptions,
  type SimulatedTdxCa,
  type SimulatedTdxQuote,
  type SimulatedTdReport,
  type SimulatedTdxQuoteInput,
} from './tdx-quote.ts'
export { createSimulatedGpuEvidence, simulatorGpuAuthority, type GpuTestAuthority, type SimulatedGpuEvidence, type SimulatedGpuEvidenceInput, type SimulatedGpuRoot } from './gpu-evidence.ts'
export { createEvidence, QUOTE_REPORT_DATA_OFFSET, type Evidence, type EvidenceInput, type EventLogEntry } from './evidence.ts'
export { simulatedReply, simulatedReasoning, splitIntoChunks } from './reply.ts'
export { signatureText, type SignatureRecord } from './signatures.ts'
export type { ModelKey } from './model-keys.ts'
export { E2EE_HEADERS } from './http.ts'
export { createSimulatedBackend, SIMULATOR_ORIGIN, type SimulatedBackend } from './app.ts'
export { fetchSimulatorRoots, type SimulatorTrustedRoots } from './roots.ts'
