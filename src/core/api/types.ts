/** Wire shapes of the Venice-compatible API, as PROTOCOL.md and the real captures give them. */

export interface ModelCapabilities {
  supportsTeeAttestation?: boolean
  supportsE2EE?: boolean
  supportsFunctionCalling?: boolean
  supportsReasoning?: boolean
  supportsVision?: boolean
  supportsWebSearch?: boolean
  [key: string]: unknown
}

export interface ModelPricing {
  input?: { usd?: number; [key: string]: unknown }
  output?: { usd?: number; [key: string]: unknown }
  [key: string]: unknown
}

export interface ApiModel {
  id: string
  object?: string
  owned_by?: string
  type?: string
  model_spec?: {
    name?: string
    description?: string
    availableContextTokens?: number
    capabilities?: ModelCapabilities
    pricing?: ModelPricing
    [key: string]: unknown
  }
  [key: string]: unknown
}

/** The privacy level of a model, from its capability flags (not its prefix alone). */
export type PrivacyLevel = 'e2ee' | 'tee' | 'none'

/** The attestation answer, in the union of the seed's and the real Venice/NEAR shapes. */
export interface AttestationResponse {
  verified?: boolean
  nonce?: string
  nonce_source?: string
  request_nonce?: string
  model?: string
  tee_provider?: string
  tee_hardware?: string
  upstream_model?: string
  signing_key?: string
  signing_public_key?: string
  signing_address?: string
  signing_algo?: string
  /** Hex in every real capture; base64 per the seed. */
  intel_quote?: string
  /** A JSON string in real captures. */
  nvidia_payload?: string | Record<string, unknown>
  event_log?: unknown
  info?: Record<string, unknown>
  server_verification?: unknown
  tls_cert_fingerprint?: string
  [key: string]: unknown
}

/** One chat message as the OpenAI-style API takes it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | (string & {})
  content: string
  [key: string]: unknown
}

export interface ChatCompletionRequest {
  model: string
  messages: ChatMessage[]
  stream?: boolean
  [key: string]: unknown
}

/** One streamed chat completion chunk (only the fields sealkit reads are typed). */
export interface ChatCompletionChunk {
  id?: string
  object?: string
  created?: number
  model?: string
  choices?: Array<{
    index?: number
    delta?: { role?: string; content?: string | null; reasoning_content?: string | null; reasoning?: string | null; [key: string]: unknown }
    finish_reason?: string | null
    [key: string]: unknown
  }>
  usage?: Record<string, unknown>
  error?: { message?: string; type?: string; code?: string | number; [key: string]: unknown }
  [key: string]: unknown
}

/** `GET /tee/signature` answer. Venice may wrap the signature in an object. */
export interface SignatureResponse {
  text: string
  signature: string | { algorithm?: string; value: string; public_key?: string }
  signing_address?: string
  signing_algo?: string
  [key: string]: unknown
}
