import type { SealkitUIMessage } from './messages.ts'
import { unvouchedFacts } from './unvouched.ts'

/**
 * Which replies' privacy facts sealkit established itself: a chat store's own replies, as it
 * received and checked them, and replies restored from authenticated storage whose signature
 * was checked again. Anything else an app hands a chat (`setMessages`, the initial `messages`) is
 * data: its metadata may say "signed by the enclave", but nothing here received or checked it.
 */
const established = new WeakSet<SealkitUIMessage>()

/** Marks a reply whose facts sealkit established (the chat store's, or rechecked from authenticated storage). Returns it. */
export function vouchFor<T extends SealkitUIMessage>(message: T): T {
  established.add(message)
  return message
}

/**
 * Whether sealkit established this reply's facts (see {@link vouchFor}): what a user message may be labelled with
 * ("encrypted to the enclave") comes only from such a reply, never from a reply an app handed the chat.
 */
export function isVouchedFor(message: SealkitUIMessage | undefined): boolean {
  return message !== undefined && established.has(message)
}

/**
 * A message as a chat takes it from the app: one of sealkit's own replies as it is; any other reply that
 * claims a verified (or pending) signature keeps its text and comes back `signature`/`authenticity`
 * `'unavailable'`, with `restored.signatureUnproven`, as a reply from storage that cannot prove who
 * wrote it does (`recheckStoredSignatures`). A claim of failure is kept: it asks for less trust, not more.
 * Nothing here attested its enclave either: an attestation claim stays only where it asks for less trust
 * (simulated, failed), and `restored.established` not at all (`unvouchedFacts`).
 * @example
 * store.setMessages(fromServer) // a reply that says "verified" shows "Signature not provable"
 */
export function asGiven(message: SealkitUIMessage): SealkitUIMessage {
  if (message.role !== 'assistant' || !message.metadata || established.has(message)) return message
  // Nor was its enclave attested here: no attestation claim but one that asks for less trust, no `established`.
  const meta = unvouchedFacts(message.metadata)
  const claims = (s: string) => s === 'verified' || s === 'pending'
  // A failed signature fails the text it covers, whatever the record's authenticity says.
  const failed = meta.signature === 'failed' || meta.authenticity === 'failed'
  if (!claims(meta.signature) && !claims(meta.authenticity)) return { ...message, metadata: failed ? { ...meta, authenticity: 'failed' } : meta }
  const { signatureDetails: _unproven, ...rest } = meta
  return {
    ...message,
    metadata: {
      ...rest,
      signature: meta.signature === 'failed' ? 'failed' : 'unavailable',
      authenticity: failed ? 'failed' : 'unavailable',
      restored: { receivedAt: typeof meta.restored?.receivedAt === 'string' ? meta.restored.receivedAt : '', signatureUnproven: true },
    },
  }
}
