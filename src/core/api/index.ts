export { createClient, DEFAULT_BASE_URL, type CreateClientParameters, type FetchLike, type SealkitClient } from './client.ts'
export { getModels, privacyLevelOf, type GetModelsParameters, type GetModelsReturnType, type PrivacyFilter } from './models.ts'
export { fetchAttestation, type FetchAttestationParameters, type FetchAttestationReturnType } from './attestation.ts'
export {
  fetchResponseSignature,
  normalizeSignature,
  type FetchResponseSignatureParameters,
  type FetchResponseSignatureReturnType,
  type ResponseSignature,
} from './signature.ts'
export { streamChatCompletion, type StreamChatCompletionParameters, type StreamChatCompletionReturnType } from './chat.ts'
export { readChatStream, type ReadChatStreamOptions } from './chat-stream.ts'
export { readSse, SseParser, type ReadSseOptions, type SseEvent, type SseParserOptions } from './sse.ts'
export { ResponseHasher } from './response-hasher.ts'
export { apiErrorFrom, apiErrorFromResponse, request, type ApiErrorOptions, type RequestParameters } from './http.ts'
export type * from './types.ts'
