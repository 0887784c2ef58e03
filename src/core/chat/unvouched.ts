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
  // A fact of another type than its own goes: shown, it threw; saved, it made its whole conversation unreadable.
  const facts = rest as unknown as Record<string, unknown>
  for (const key of Object.keys(facts)) if (!ofItsType(key, facts[key])) delete facts[key]
  return {
    ...rest,
    ...(attestation && (attestation.simulated === true || attestation.verdict === 'failed') ? { attestation } : {}),
    ...(restored ? { restored: { ...stamp, receivedAt: typeof stamp.receivedAt === 'string' ? stamp.receivedAt : '' } } : {}),
  }
}

const STRING_FACTS = new Set(['errorCode', 'serverMessage', 'requestId', 'finishReason'])
const BOOLEAN_FACTS = new Set(['incomplete', 'plaintextReasoning'])

/** Whether a reply's fact read as it is has its own type (`errorCode` a string, `incomplete` a boolean...), or is absent. */
export function ofItsType(key: string, value: unknown): boolean {
  return value === undefined || (STRING_FACTS.has(key) ? typeof value === 'string' : BOOLEAN_FACTS.has(key) ? typeof value === 'boolean' : true)
}
