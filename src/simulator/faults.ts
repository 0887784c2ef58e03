/**
 * Fault injection: named misbehaviours the simulated enclave can show, so clients,
 * hooks and components can be tested against every failure the protocol allows.
 *
 * A fault is selected for the whole server (`createSimulator({ fault })`) or per
 * request, three ways that all add up:
 * - the header `X-Sealkit-Fault: tampered-chunk` (comma-separated for several),
 * - the query parameter `?sealkit_fault=tampered-chunk`,
 * - a path prefix before the base path: `http://host/fault/tampered-chunk/api/v1/...`,
 *   which lets a client that only takes a base URL (the seed's reference clients,
 *   a Storybook story) select a fault.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ fault: 'wrong-nonce' })
 * await sim.fetch('http://sim/api/v1/chat/completions', { headers: { 'X-Sealkit-Fault': 'stream-error' }, ... })
 * ```
 */
export const FAULT_NAMES = [
  /** E2EE: one response chunk's ciphertext fails AES-GCM authentication. */
  'tampered-chunk',
  /** E2EE: one response chunk carries plaintext where ciphertext is due. */
  'plaintext-chunk',
  /** E2EE: a reasoning model's `reasoning_content` comes unencrypted; its answer stays encrypted. */
  'plaintext-reasoning',
  /** Attestation: the report is for a different nonce than the one asked for (a replay). */
  'wrong-nonce',
  /** Attestation: `verified: false`. */
  'unverified',
  /** Attestation: `signing_key` is not the key behind `signing_address` and REPORTDATA. */
  'wrong-signing-key',
  /** Signatures: `/tee/signature` is signed by a key other than the attested one. */
  'bad-signature',
  /** Streaming: an `error` event arrives mid-stream, then the stream ends. */
  'stream-error',
  /** Streaming: the stream ends cleanly halfway, without a finish chunk or `[DONE]`. */
  'drop-connection',
  /** E2EE: the first E2EE chat request per model answers 421 and the model key rotates. */
  'key-rotation',
  /** Streaming: long delays before every chunk. */
  'slow-stream',
  /** Attestation: TDX REPORTDATA binds a different nonce than the one echoed in `nonce`. */
  'report-data-mismatch',
] as const

/** One fault the simulator can inject: one of {@link FAULT_NAMES}. */
export type FaultName = (typeof FAULT_NAMES)[number]

/** The request header that selects faults for one request. */
export const FAULT_HEADER = 'X-Sealkit-Fault'
/** The query parameter that selects faults for one request. */
export const FAULT_QUERY_PARAM = 'sealkit_fault'
/** The path segment that starts a fault prefix: `/fault/<names>/api/v1/...`. */
export const FAULT_PATH_SEGMENT = 'fault'

/** Whether `value` names a simulator fault (one of {@link FAULT_NAMES}). */
export function isFaultName(value: string): value is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(value)
}

/** Result of parsing a comma-separated fault list: the known names and anything unrecognised. */
export interface ParsedFaults {
  /** The recognised fault names, in order. */
  faults: FaultName[]
  /** Names that are not faults, as given. */
  unknown: string[]
}

/** Parses `"a, b"` into fault names, keeping unknown names apart so the caller can reject them. */
export function parseFaultList(value: string | null | undefined): ParsedFaults {
  const faults: FaultName[] = []
  const unknown: string[] = []
  for (const raw of (value ?? '').split(',')) {
    const name = raw.trim()
    if (!name) continue
    if (isFaultName(name)) faults.push(name)
    else unknown.push(name)
  }
  return { faults, unknown }
}

/** Normalises the `fault` option (one name, several, or none) to an array, rejecting unknown names. */
export function normalizeFaultOption(fault: FaultName | readonly FaultName[] | undefined): FaultName[] {
  const list = fault === undefined ? [] : typeof fault === 'string' ? [fault] : [...fault]
  const bad = list.filter((f) => !isFaultName(f))
  if (bad.length > 0) throw new TypeError(`Unknown simulator fault: ${bad.join(', ')}. Known: ${FAULT_NAMES.join(', ')}`)
  return list
}
