import type { ChatMessage } from '../api/types.ts'
import type { PolicyName } from '../attestation/report.ts'
import type { SealkitErrorCode } from '../errors.ts'
import type { AttestedModel } from '../session/attest.ts'
import type { PrivacyMode } from '../session/chat-session.ts'

/**
 * Chat messages in the AI SDK v5 `UIMessage` shape (`id`, `role`, `parts`,
 * `metadata`), so sealkit's chat plugs into UIs built for `useChat`. Assistant
 * messages carry their privacy facts in `metadata`.
 */
/** A part of a message's text. */
export interface TextPart {
  /** Always `'text'`. */
  type: 'text'
  /** The text so far (the whole text once `state` is `done`). */
  text: string
  /** `streaming` while chunks still arrive. */
  state?: 'streaming' | 'done'
}

/** A part of the model's reasoning, shown apart from the answer. */
export interface ReasoningPart {
  /** Always `'reasoning'`. */
  type: 'reasoning'
  /** The reasoning so far. */
  text: string
  /** `streaming` while chunks still arrive; `done` after. */
  state?: 'streaming' | 'done'
}

/** One part of a message: its text, or the model's reasoning. */
export type SealkitMessagePart = TextPart | ReasoningPart

/** Which attestation an assistant message ran under. Public values only. */
export interface MessageAttestation {
  /** The model id the attestation was for. */
  model: string
  /** The nonce that attestation answered (fresh per attestation). */
  nonce: string
  /** The enclave's signing address, which response signatures must recover to. */
  signingAddress: string
  /** `passed` (the request ran only after this); `failed` is kept on messages that ended because of it. */
  verdict: 'passed' | 'failed'
  /** The policy it was verified under. */
  policy: PolicyName
  /** ISO time of the verification. */
  verifiedAt: string
  /** True when the evidence chains to the simulator's test roots. */
  simulated?: boolean
}

/**
 * The response signature of an assistant message:
 * `pending` until checked, `verified` (made by the attested key over our exact
 * request and response), `failed` (it did not verify), `unavailable` (the server
 * had none, or the response ended early), `skipped` (unattested chat).
 */
export type MessageSignatureStatus = 'pending' | 'verified' | 'failed' | 'unavailable' | 'skipped'

/**
 * Whether a reply is the enclave's own, which only its signature over the exact request
 * and response bytes proves (anyone on the path can encrypt to the client key, which
 * travels in a header):
 * - `pending`: streaming, or the signature is not checked yet; the text is not yet known to be the enclave's;
 * - `verified`: the attested key signed these exact bytes;
 * - `failed`: the signature did not verify, or the stream carried chunks that were not
 *   authentic ciphertext: the text may not come from the model;
 * - `unavailable`: no signature could be had (none served, the reply was cut short, an
 *   unattested chat): nothing proves who wrote the text.
 *
 * "Encrypted" (`privacy: 'e2ee'`) and "signed by the enclave" (`authenticity: 'verified'`)
 * are separate facts: show them apart.
 */
export type MessageAuthenticity = 'pending' | 'verified' | 'failed' | 'unavailable'

/** What a signature verdict alone says of a reply: `skipped` (unattested) proves nothing, so `unavailable`. */
export function authenticityOfSignature(signature: MessageSignatureStatus): MessageAuthenticity {
  return signature === 'verified' || signature === 'failed' || signature === 'pending' ? signature : 'unavailable'
}

/** Codes that prove a chunk of the reply was tampered with on the way (as against its signature). */
const CHUNK_TAMPERING: ReadonlySet<string> = new Set<SealkitErrorCode>(['DECRYPT_FAILED', 'E2EE_PLAINTEXT_CHUNK'])

/** Codes that prove the reply was tampered with, not merely cut short. */
const TAMPERING: ReadonlySet<SealkitErrorCode> = new Set<SealkitErrorCode>([
  ...(CHUNK_TAMPERING as ReadonlySet<SealkitErrorCode>),
  'SIGNATURE_INVALID',
  'SIGNATURE_ADDRESS_MISMATCH',
  'SIGNATURE_HASH_MISMATCH',
])

/**
 * Whether `code` means a chunk of the reply failed its check on the way (decryption, or plaintext
 * where ciphertext was due), not that its signature failed.
 * @example isChunkTampering('DECRYPT_FAILED') // true; isChunkTampering('SIGNATURE_INVALID') // false
 */
export function isChunkTampering(code: unknown): boolean {
  return typeof code === 'string' && CHUNK_TAMPERING.has(code)
}

/**
 * Whether a streamed delta carries reasoning an E2EE server sent in plaintext (allowed by `plaintextReasoning: 'allow'`):
 * what a reply's `plaintextReasoning` says. Under TEE all of a reply is plaintext to this client by design: never.
 * @example plaintextReasoningIn('e2ee', { reasoning: 'hmm', reasoningEncrypted: false }) // true
 */
export function plaintextReasoningIn(mode: PrivacyMode, delta: { reasoning: string; reasoningEncrypted: boolean }): boolean {
  return mode === 'e2ee' && delta.reasoning !== '' && !delta.reasoningEncrypted
}

/** The authenticity of a reply that ended with `code` (`undefined`: it ended cleanly with no signature verdict). */
export function authenticityAfter(code: SealkitErrorCode | undefined, current: MessageAuthenticity): MessageAuthenticity {
  if (code !== undefined && TAMPERING.has(code)) return 'failed'
  return current === 'pending' ? 'unavailable' : current
}

/** The evidence of a verified response signature, for a person to re-check. */
export interface MessageSignatureDetails {
  /** The address that signed (`0x` + 40 hex): the attested one. */
  signingAddress: string
  /** `<model>:<sha256 request>:<sha256 response>`. */
  text: string
  /** The signature, `0x` + hex. */
  signature: string
  /** sha256 of our exact request body, hex. */
  requestHash: string
  /** sha256 of the exact response bytes, hex. */
  responseHash: string
}

/** The privacy facts of an assistant message. Never keys, never ciphertext. */
export interface SealkitMessageMetadata {
  /** The model id the reply came from. */
  model: string
  /** `e2ee`: encrypted end to end; `tee`: plaintext to an attested enclave; `none`: neither. */
  privacy: PrivacyMode
  /** The attestation the request ran under; absent for unattested chats. */
  attestation?: MessageAttestation
  /** The response signature's status: `pending` until checked; see {@link MessageSignatureStatus}. */
  signature: MessageSignatureStatus
  /** Whether the text is proven to be the enclave's: see `MessageAuthenticity`. Render `failed` text collapsed behind a warning. */
  authenticity: MessageAuthenticity
  /** Present when `signature` is `verified`. */
  signatureDetails?: MessageSignatureDetails
  /** The completion id (`chatcmpl-...`). */
  requestId?: string
  /** Why the completion stopped (`'stop'`, `'length'`, ...), as the server said. */
  finishReason?: string
  /** Token counts, as the server reported them. */
  usage?: Record<string, unknown>
  /** True when the response ended before it was complete (stopped, failed or cut off). */
  incomplete?: boolean
  /** Why the response ended early or failed (`ABORTED` when stopped). */
  errorCode?: SealkitErrorCode
  /** The provider's own error text, when it sent one mid-stream: unauthenticated, show it as theirs (quoted), never as ours. */
  serverMessage?: string
  /** E2EE only: the server sent reasoning in plaintext (allowed by `plaintextReasoning: 'allow'`). */
  plaintextReasoning?: boolean
  /**
   * Set on a reply restored from storage: its facts are as they were checked when it arrived
   * (`receivedAt`, ISO), not checked again since. Show them as "verified when received".
   */
  restored?: {
    /** When the reply arrived and was checked (ISO). */
    receivedAt: string
    /**
     * When this restore checked the recorded signature again (`recheckStoredSignatures`): valid, by
     * the recorded attested key, over the recorded hashes. A stored claim that fails that check
     * comes back `authenticity: 'failed'` instead.
     */
    signatureRecheckedAt?: string
    /**
     * True when the record claimed a verified signature but came from storage that cannot prove
     * it was not written by somebody else (`ChatStorageInfo.authenticated` not true), or from the
     * app (`setMessages`, a chat's initial `messages`: a reply no sealkit chat received): the reply
     * comes back `signature`/`authenticity` `'unavailable'`, and says why.
     */
    signatureUnproven?: boolean
    /**
     * In a stored record: sealkit had established this reply's facts when it saved it (a reply it received, or one
     * it restored and vouched for), not an app's. A restore vouches again only for such a record, and only from
     * storage that authenticates its records: a reply an app handed the chat stays the app's data after a reload.
     */
    established?: boolean
  }
}

/**
 * One chat message, in the shape of the AI SDK's `UIMessage`, with sealkit's privacy facts on assistant messages.
 *
 * @example
 * ```tsx
 * const text = message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('')
 * const signed = message.metadata?.authenticity === 'verified'
 * ```
 */
export interface SealkitUIMessage {
  /** A unique id, stable across re-renders and storage. */
  id: string
  /** Who wrote it: `user`, `assistant`, or `system`. */
  role: 'system' | 'user' | 'assistant'
  /** The message's text and reasoning parts, in order. */
  parts: SealkitMessagePart[]
  /** Set on assistant messages. */
  metadata?: SealkitMessageMetadata
}

/** The public summary of an attestation, as messages carry it. */
export function messageAttestationOf(attested: AttestedModel): MessageAttestation {
  const { report } = attested
  return {
    model: attested.model,
    nonce: attested.nonce,
    signingAddress: attested.signingAddress,
    verdict: report.verdict,
    policy: report.policy,
    verifiedAt: report.verifiedAt,
    ...(report.simulated ? { simulated: true } : {}),
  }
}

/** The text of a message: its text parts joined (reasoning is not sent back). */
export function textOf(message: Pick<SealkitUIMessage, 'parts'>): string {
  let text = ''
  for (const part of message.parts) if (part.type === 'text') text += part.text
  return text
}

/**
 * A reply sealkit refused (a chunk or its signature failed its check, or a signature the session required never
 * came): its text is not the enclave's, so it never goes back to the enclave as the assistant's own turn, where the
 * next reply's signature would vouch for an answer it steered.
 */
export function isRefusedReply(message: { role: string; metadata?: unknown }): boolean {
  const meta = message.metadata as SealkitMessageMetadata | undefined
  // A failed signature refuses the reply whatever `authenticity` says (StreamingMessage shows it failed from `signature` alone).
  // `errorCode` may be any type in an app's data: a number made every render throw, and no send could start.
  return message.role === 'assistant' && (meta?.authenticity === 'failed' || meta?.signature === 'failed' || (typeof meta?.errorCode === 'string' && meta.errorCode.startsWith('SIGNATURE_')))
}

/** UI messages as the API takes them: role and text; messages without text, and refused replies, are left out. */
export function toChatMessages(messages: readonly SealkitUIMessage[]): ChatMessage[] {
  const out: ChatMessage[] = []
  for (const m of messages) {
    if (isRefusedReply(m)) continue
    const content = textOf(m)
    if (content !== '') out.push({ role: m.role, content })
  }
  return out
}

/**
 * What `responseSignatureQueryOptions` / `useResponseSignature` need to re-verify
 * a message's signature from the server: its model, request id, the attested
 * address, and the hashes its first verification recorded. `undefined` unless
 * the message's signature verified.
 *
 * @example useResponseSignature(signatureEvidenceOf(message) ?? { model: undefined, requestId: undefined, expectedAddress: undefined })
 */
export function signatureEvidenceOf(
  message: Pick<SealkitUIMessage, 'metadata'>,
):
  | {
      /** The model the reply came from. */
      model: string
      /** The completion id. */
      requestId: string
      /** The attested signing address. */
      expectedAddress: string
      /** sha256 of the request body, as first verified. */
      requestHash: string
      /** sha256 of the response, as first verified. */
      responseHash: string
    }
  | undefined {
  const meta = message.metadata
  const details = meta?.signatureDetails
  if (!meta?.requestId || !meta.attestation || !details) return undefined
  return {
    model: meta.model,
    requestId: meta.requestId,
    expectedAddress: meta.attestation.signingAddress,
    requestHash: details.requestHash,
    responseHash: details.responseHash,
  }
}
