/**
 * The framework-free chat: a store of AI SDK v5-shaped messages with the
 * `submitted | streaming | ready | error` status machine over a `ChatSession`,
 * and the session manager that owns (and zeroes) a model's session keys.
 */
export {
  createChatStore,
  DEFAULT_THROTTLE_MS,
  generateChatId,
  type ChatFinishInfo,
  type ChatRequestOptions,
  type ChatSnapshot,
  type ChatStatus,
  type ChatStore,
  type ChatStoreSettings,
  type CreateChatStoreParameters,
  type SendMessageInput,
} from './chat-store.ts'
export {
  createSessionManager,
  toSealkitError,
  type OpenSessionParameters,
  type SessionManager,
  type SessionState,
  type SessionStatus,
} from './session-manager.ts'
export {
  authenticityAfter,
  authenticityOfSignature,
  messageAttestationOf,
  signatureEvidenceOf,
  textOf,
  toChatMessages,
  type MessageAttestation,
  type MessageAuthenticity,
  type MessageSignatureDetails,
  type MessageSignatureStatus,
  type ReasoningPart,
  type SealkitMessageMetadata,
  type SealkitMessagePart,
  type SealkitUIMessage,
  type TextPart,
} from './messages.ts'
