import type { SealkitMessageMetadata } from './messages.ts'

/**
 * A reply's facts from a source that cannot vouch for them (storage that does not authenticate its records, an AI SDK
 * app's own): nothing here attested its enclave, so an attestation claim stays only where it asks for less trust
 * (simulated, failed), and `restored.established` not at all (saved into authenticated storage, it would be vouched for).
 * @example
 * unvouchedFacts({ ...meta, attestation: { ...a, verdict: 'passed' } }).attestation // undefined
 */
export function unvouchedFacts(meta: SealkitMessageMetadata): SealkitMessageMetadata {
  const { attestation, restored, ...rest } = meta
  const { established: _claimed, ...stamp } = restored ?? { receivedAt: '' }
  return {
    ...rest,
    ...(attestation && (attestation.simulated === true || attestation.verdict === 'failed') ? { attestation } : {}),
    ...(restored ? { restored: stamp } : {}),
  }
}
