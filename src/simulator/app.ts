import { createSimulator, type Simulator, type SimulatorOptions } from './handler.ts'

/** The origin the in-page simulated enclave answers on. Requests to it never leave the page. */
export const SIMULATOR_ORIGIN = 'http://simulator.sealkit.local'

/**
 * What {@link createSimulatedBackend} returns: a `SealkitProvider` config (or `createClient` options) that talks to
 * the simulator in the page.
 */
export interface SimulatedBackend {
  /** {@link SIMULATOR_ORIGIN} and the simulator's base path (`/api/v1` unless `basePath` says otherwise). */
  baseURL: string
  /** The simulator's fetch handler: every request is answered in this page (or process), no server. */
  fetch: Simulator['fetch']
  /**
   * Verify options that trust the simulator's test roots (made at start-up, never Intel's or NVIDIA's).
   * Reports verified with them pass and are marked `simulated`: the badge says "Simulated", never "Verified".
   */
  verify: {
    /** The simulator's test roots, per vendor. */
    trustedRoots: ReturnType<Simulator['trustedRoots']>
  }
  /** The simulator itself: its models, keys, key rotation. */
  simulator: Simulator
}

/**
 * The simulated enclave for an app, in one line: a fetch handler and the verify options that go with
 * it. Spread it into `SealkitProvider`'s config, or into `createClient` and a session's options.
 *
 * @example
 * ```tsx
 * import { createSimulatedBackend } from 'sealkit/simulator'
 *
 * <SealkitProvider config={createSimulatedBackend()}>
 *   <PrivateChat />
 * </SealkitProvider>
 * ```
 * @example
 * ```ts
 * const backend = createSimulatedBackend()
 * const session = createChatSession(createClient(backend), { model: 'e2ee-qwen3-5-122b-a10b', mode: 'e2ee', ...backend.verify })
 * ```
 */
export function createSimulatedBackend(options: SimulatorOptions = {}): SimulatedBackend {
  const simulator = createSimulator(options)
  return { baseURL: `${SIMULATOR_ORIGIN}${options.basePath ?? '/api/v1'}`, fetch: simulator.fetch, verify: { trustedRoots: simulator.trustedRoots() }, simulator }
}
