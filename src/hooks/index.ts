'use client'
/**
 * sealkit's React hooks, thin wrappers over `src/core`: the query options come
 * from `core/query`, the chat state from `core/chat`. Peer dependencies: react
 * and @tanstack/react-query (the app owns the QueryClient).
 */
export { SealkitProvider, useSealkitClient, useSealkitConfig, type SealkitProviderProps } from './context.tsx'
export { useModels, type UseModelsParameters, type UseModelsReturnType } from './useModels.ts'
export type { QueryParameter, VerdictQueryParameter } from './query-parameter.ts'
export { useAttestation, type UseAttestationParameters, type UseAttestationReturnType } from './useAttestation.ts'
export {
  useResponseSignature,
  type UseResponseSignatureParameters,
  type UseResponseSignatureReturnType,
} from './useResponseSignature.ts'
export {
  useE2EESession,
  type E2EESessionStatus,
  type UseE2EESessionParameters,
  type UseE2EESessionReturnType,
} from './useE2EESession.ts'
export { useEncryptedChat, type UseChatStorageReturnType, type UseEncryptedChatOptions, type UseEncryptedChatReturnType } from './useEncryptedChat.ts'
export { createSealkitConfig, type CreateSealkitConfigParameters, type SealkitConfig } from '../core/query/config.ts'
export { createIndexedDBStorage, createMemoryStorage, type ChatStorage, type ChatStorageInfo, type StoredConversation } from '../core/storage/index.ts'
export type {
  ChatFinishInfo,
  ChatRequestOptions,
  ChatStatus,
  SendMessageInput,
} from '../core/chat/chat-store.ts'
export type {
  MessageAttestation,
  MessageSignatureDetails,
  MessageSignatureStatus,
  ReasoningPart,
  SealkitMessageMetadata,
  SealkitMessagePart,
  SealkitUIMessage,
  TextPart,
} from '../core/chat/messages.ts'
