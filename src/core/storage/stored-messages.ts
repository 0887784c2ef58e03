import type { MessageAuthenticity, MessageSignatureStatus, SealkitMessageMetadata, SealkitMessagePart, SealkitUIMessage } from '../chat/messages.ts'
import { isVouchedFor, vouchFor } from '../chat/provenance.ts'
import { ofItsType, unvouchedFacts } from '../chat/unvouched.ts'
import { SealkitError, SignatureError, type SealkitErrorCode } from '../errors.ts'
import type { StoredConversation } from './types.ts'
import { isObject } from '../is-object.ts'

/**
 * Messages as they are stored, and as they come back. A stored reply claims no more than was
 * checked when it arrived: each assistant message gets `metadata.restored.receivedAt` (stamped at
 * its first save, moments after it arrived) so the UI can say "verified when received, <date>";
 * a reply saved mid-stream comes back `incomplete` with its signature `unavailable`, never `pending`
 * (nothing will ever check it now).
 */
export function toStoredMessages(messages: readonly SealkitUIMessage[], now: string): SealkitUIMessage[] {
  return messages.map((message) => {
    if (message.role !== 'assistant' || !message.metadata) return message
    const meta = message.metadata
    const streaming = message.parts.some((p) => p.state === 'streaming')
    return {
      ...message,
      parts: message.parts.map(({ state: _state, ...part }) => part),
      metadata: {
        ...meta,
        ...settled(meta, streaming),
        restored: {
          receivedAt: meta.restored?.receivedAt ?? now,
          ...(meta.restored?.signatureUnproven ? { signatureUnproven: true } : {}),
          ...(isVouchedFor(message) ? { established: true } : {}),
        },
      },
    }
  })
}

/** The facts a reply keeps once no check will run on it any more. */
function settled(meta: SealkitMessageMetadata, cutShort: boolean): Partial<SealkitMessageMetadata> {
  const signature: MessageSignatureStatus = meta.signature === 'pending' ? 'unavailable' : meta.signature
  const authenticity: MessageAuthenticity = meta.authenticity === 'pending' ? 'unavailable' : meta.authenticity
  return { signature, authenticity, ...(cutShort ? { incomplete: true, errorCode: meta.errorCode ?? 'STREAM_INCOMPLETE' } : {}) }
}

const ROLES = new Set(['system', 'user', 'assistant'])
const PART_TYPES = new Set(['text', 'reasoning'])
const SIGNATURES = new Set<MessageSignatureStatus>(['verified', 'failed', 'unavailable', 'skipped'])
const AUTHENTICITIES = new Set<MessageAuthenticity>(['verified', 'failed', 'unavailable'])

/**
 * Checks a conversation read from storage (it is data, from outside the running app) and returns
 * it as messages the chat can show: unknown shapes are a `STORAGE_FAILED` error, never guessed at;
 * a fact that is not one of the known values is read as the weakest (`unavailable`).
 */
export function parseStoredConversation(value: unknown, expectedId: string): StoredConversation {
  const fail = (why: string): never => {
    throw new SealkitError('STORAGE_FAILED', { message: `The stored conversation is not readable: ${why}`, details: { id: expectedId } })
  }
  if (!isObject(value)) return fail('not an object')
  if (value.id !== expectedId) return fail('it belongs to another chat id')
  if (!Array.isArray(value.messages)) return fail('no messages')
  const messages = value.messages.map((m, i): SealkitUIMessage => {
    if (!isObject(m) || typeof m.id !== 'string' || typeof m.role !== 'string' || !ROLES.has(m.role) || !Array.isArray(m.parts)) {
      return fail(`message ${i} is malformed`)
    }
    const parts = m.parts.map((p): SealkitMessagePart => {
      if (!isObject(p) || typeof p.type !== 'string' || !PART_TYPES.has(p.type) || typeof p.text !== 'string') return fail(`message ${i} has a malformed part`)
      return { type: p.type as SealkitMessagePart['type'], text: p.text }
    })
    const message: SealkitUIMessage = { id: m.id, role: m.role as SealkitUIMessage['role'], parts }
    if (m.role === 'assistant' && isObject(m.metadata)) message.metadata = restoredMetadata(m.metadata, () => fail(`message ${i} has malformed metadata`))
    return message
  })
  return {
    id: expectedId,
    ...(typeof value.model === 'string' ? { model: value.model } : {}),
    messages,
    savedAt: typeof value.savedAt === 'string' ? value.savedAt : '',
  }
}

function restoredMetadata(meta: Record<string, unknown>, malformed: () => never): SealkitMessageMetadata {
  // Facts read as they are, so each must be of its type: a number for `errorCode` made every render of the chat throw.
  for (const key of Object.keys(meta)) if (!ofItsType(key, meta[key])) malformed()
  const m = meta as unknown as SealkitMessageMetadata
  const signature = SIGNATURES.has(m.signature) ? m.signature : 'unavailable'
  const authenticity = AUTHENTICITIES.has(m.authenticity) ? m.authenticity : 'unavailable'
  // The stamp of arrival, and what asks for less trust or says whose facts they were: whether it was rechecked is
  // this restore's to say, and `established` counts only from storage that authenticates its records.
  const stored = isObject(meta.restored) ? meta.restored : {}
  const receivedAt = typeof stored.receivedAt === 'string' ? stored.receivedAt : ''
  const { attestation, signatureDetails, ...rest } = m
  const validAttestation = isObject(attestation) && (attestation.verdict === 'passed' || attestation.verdict === 'failed')
  return {
    ...rest,
    // Copies: what the chat shows never shares an object the adapter could still change.
    ...(validAttestation ? { attestation: { ...attestation } } : {}),
    ...(isObject(signatureDetails) ? { signatureDetails: { ...signatureDetails } } : {}),
    model: typeof m.model === 'string' ? m.model : '',
    privacy: m.privacy === 'e2ee' || m.privacy === 'tee' ? m.privacy : 'none',
    signature,
    authenticity,
    restored: { receivedAt, ...(stored.signatureUnproven === true ? { signatureUnproven: true } : {}), ...(stored.established === true ? { established: true } : {}) },
  }
}

/**
 * Checks again, as a conversation comes back from storage, every reply that claims the enclave
 * signed it: the recorded signature must still be valid over the recorded signed text, by the
 * attested signing key the reply recorded, for the request and response hashes it recorded. A
 * stored record is data that anyone with access to the storage could edit; a claim that does not
 * check out (or a "signed" with no evidence) comes back `failed`, with the `SIGNATURE_*` code of
 * what broke, so it shows loudly as not the enclave's. A reply that passes gets
 * `restored.signatureRecheckedAt`. What this cannot recheck: the attestation of that key (it was
 * verified when the reply arrived: say "when received") and, for E2EE, that the text is what the
 * hashed bytes decrypted to (only the server's ciphertext was hashed).
 *
 * A record that agrees with itself proves nothing on its own: whoever can write the storage can
 * forge one from scratch, signed by a key of their own recorded as the "attested" one. So a claim
 * that checks out keeps `verified` only when `authenticated` says the storage itself can tell its
 * own records from anybody else's (`ChatStorageInfo.authenticated`); otherwise it comes back
 * `unavailable` with `restored.signatureUnproven`. Not authenticated unless said.
 *
 * @example
 * const messages = await recheckStoredSignatures(parseStoredConversation(raw, id).messages, { authenticated: storage.info.authenticated === true })
 */
export async function recheckStoredSignatures(
  messages: readonly SealkitUIMessage[],
  options: { authenticated?: boolean; now?: () => Date } = {},
): Promise<SealkitUIMessage[]> {
  const now = options.now ?? (() => new Date())
  return Promise.all(
    messages.map(async (message) => {
      if (message.role !== 'assistant' || !message.metadata) return message
      // A record the storage authenticates is as sealkit wrote it: its facts are sealkit's when sealkit had established
      // them then (its own reply), never when an app had handed the chat the reply. From any other storage they are
      // whoever wrote it's, and claim no trust of their own (unvouchedFacts).
      const recorded = message.metadata
      const meta = options.authenticated === true ? recorded : unvouchedFacts(recorded)
      if (meta !== recorded) message = { ...message, metadata: meta }
      if (meta.signature !== 'verified' && meta.authenticity !== 'verified') return options.authenticated === true && meta.restored?.established === true ? vouchFor(message) : message
      // Checked against the record as it is (the attested address it names, too); shown as `meta` says.
      const code = await recheckFailure(recorded)
      const restored = { receivedAt: meta.restored?.receivedAt ?? '' }
      if (code === undefined && options.authenticated === true) {
        // The storage vouches for its record and the signature checks out: the chat may show it as signed (as recorded).
        return vouchFor({ ...message, metadata: { ...meta, restored: { ...restored, signatureRecheckedAt: now().toISOString() } } })
      }
      if (code === undefined) {
        // Its evidence goes too: rechecked later (`signatureEvidenceOf`), it would say "verified" of whatever text is here.
        const { signatureDetails: _unprovable, ...unproven } = meta
        return { ...message, metadata: { ...unproven, signature: 'unavailable', authenticity: 'unavailable', restored: { ...restored, signatureUnproven: true } } }
      }
      const { signatureDetails: _unproven, ...rest } = meta
      return { ...message, metadata: { ...rest, signature: 'failed', authenticity: 'failed', errorCode: code, restored } }
    }),
  )
}

/** Why a stored "signed" claim does not check out, or `undefined` when it does. */
async function recheckFailure(meta: SealkitMessageMetadata): Promise<SealkitErrorCode | undefined> {
  const details = meta.signatureDetails
  const attested = meta.attestation?.signingAddress
  // "Signed" needs a verified signature, its evidence, and the key it was attested under.
  if (meta.signature !== 'verified' || meta.authenticity !== 'verified' || !details || !attested) return 'SIGNATURE_INVALID'
  const strip = (address: string) => address.replace(/^0x/i, '').toLowerCase()
  if (strip(details.signingAddress) !== strip(attested)) return 'SIGNATURE_ADDRESS_MISMATCH'
  try {
    // The EIP-191 recovery (secp256k1, keccak) is a chunk of its own: restoring a chat loads it, the first paint does not.
    const { signatureVerifiersFor, verifyResponseSignatureHashes } = await import('../session/response-signature.ts')
    verifyResponseSignatureHashes({
      text: details.text,
      signature: details.signature,
      expectedAddress: attested,
      requestHash: details.requestHash,
      responseHash: details.responseHash,
      ...(await signatureVerifiersFor(attested)),
    })
    return undefined
  } catch (error) {
    return error instanceof SignatureError ? error.code : 'SIGNATURE_INVALID'
  }
}
