/** Wire shapes of the Venice-compatible API, as PROTOCOL.md and the real captures give them. */

export interface ModelCapabilities {
  /** The model can return an attestation report (`GET /tee/attestation`). */
  supportsTeeAttestation?: boolean
  /** The model takes end-to-end encrypted requests (`e2ee-*` models). */
  supportsE2EE?: boolean
  /** The model accepts tool definitions. */
  supportsFunctionCalling?: boolean
  /** The model streams reasoning (`reasoning_content`) before its answer. */
  supportsReasoning?: boolean
  /** The model accepts image input. */
  supportsVision?: boolean
  /** The model can search the web. */
  supportsWebSearch?: boolean
  [key: string]: unknown
}

/** Prices the API lists for a model; other fields are passed through. */
export interface ModelPricing {
  /** Input price. */
  input?: {
    /** In US dollars. */
    usd?: number
    [key: string]: unknown
  }
  /** Output price. */
  output?: {
    /** In US dollars. */
    usd?: number
    [key: string]: unknown
  }
  [key: string]: unknown
}

/** One model from `GET /models`, as the API sends it (extra fields are kept). */
export interface ApiModel {
  /**
   * The model id to request, e.g. `'e2ee-qwen3-5-122b-a10b'` or `'tee-…'`; its prefix sets the app's privacy floor.
   */
  id: string
  /** Always `'model'` when present. */
  object?: string
  /** The provider or organisation that serves the model. */
  owned_by?: string
  /** Venice's model type (`text`, `image`, ...). */
  type?: string
  /** Venice's description of the model; `undefined` on APIs without it (NEAR). */
  model_spec?: {
    /** Display name, e.g. `'Qwen 3.5 122B'`. */
    name?: string
    /** A sentence about the model, for pickers. */
    description?: string
    /** The context window, in tokens. */
    availableContextTokens?: number
    /**
     * What the model supports, as the server claims it. A claim may raise privacy, never lower it below the id's
     * prefix.
     */
    capabilities?: ModelCapabilities
    /** Prices, when listed. */
    pricing?: ModelPricing
    [key: string]: unknown
  }
  [key: string]: unknown
}

/** The privacy level of a model, from its capability flags (not its prefix alone). */
export type PrivacyLevel = 'e2ee' | 'tee' | 'none'

/** The attestation answer, in the union of the seed's and the real Venice/NEAR shapes. */
export interface AttestationResponse {
  /**
   * The provider's own `verified` claim. `basic` requires it where the provider makes one; a `false` claim fails
   * every policy. Never enough alone.
   */
  verified?: boolean
  /** The nonce the server says it used: must equal ours. */
  nonce?: string
  /** Where the server says the nonce came from (e.g. `'client'`); informational. */
  nonce_source?: string
  /** The nonce of the request, as the server echoes it; must equal ours when present. */
  request_nonce?: string
  /** The model the report is for: must name the requested model. */
  model?: string
  /** Who runs the enclave, e.g. `'near-ai'`. */
  tee_provider?: string
  /** The enclave technology, e.g. `'intel-tdx'`. */
  tee_hardware?: string
  /**
   * The model as the upstream (NEAR) names it, e.g. `'Qwen/Qwen3.5-122B-A10B'`: must name the requested model too.
   */
  upstream_model?: string
  /**
   * The enclave's public key (secp256k1 uncompressed hex, with or without the `04` prefix; ed25519 hex on NEAR): the
   * key messages are encrypted to.
   */
  signing_key?: string
  /** The same key under the name some captures use. */
  signing_public_key?: string
  /** `0x` + the last 20 bytes of keccak256 of the public key: what the TDX quote binds and what signs responses. */
  signing_address?: string
  /** `'ecdsa'` (secp256k1) or `'ed25519'`. */
  signing_algo?: string
  /** Hex in every real capture; base64 per the seed. */
  intel_quote?: string
  /** A JSON string in real captures. */
  nvidia_payload?: string | Record<string, unknown>
  /** The TDX event log the RTMRs replay from (a JSON string or array); checked under `strict`. */
  event_log?: unknown
  /**
   * dstack's `info`: `app_compose`, `tcb_info` (MRTD, RTMR0-3), `compose_hash`, `vm_config`. Read to show what runs
   * in the enclave.
   */
  info?: Record<string, unknown>
  /** The server's own verification claims: shown, never a substitute for checking. */
  server_verification?: unknown
  /** NEAR gateways: sha256 of the gateway's TLS certificate, which the gateway's REPORTDATA binds. */
  tls_cert_fingerprint?: string
  [key: string]: unknown
}

/** One chat message as the OpenAI-style API takes it. */
export interface ChatMessage {
  /** `system`, `user`, `assistant` (or `tool`); E2EE encrypts `system` and `user` content. */
  role: 'system' | 'user' | 'assistant' | 'tool' | (string & {})
  /** The message text (E2EE: the hex ciphertext on the wire). */
  content: string
  [key: string]: unknown
}

/** The body of `POST /chat/completions` (extra fields pass through unchanged). */
export interface ChatCompletionRequest {
  /** The model id. */
  model: string
  /** The conversation so far, oldest first. */
  messages: ChatMessage[]
  /** sealkit always streams: E2EE requires it. */
  stream?: boolean
  [key: string]: unknown
}

/** One streamed chat completion chunk (only the fields sealkit reads are typed). */
export interface ChatCompletionChunk {
  /** The completion id (`chatcmpl-…`): the id the response signature is fetched by. */
  id?: string
  /** `'chat.completion.chunk'`. */
  object?: string
  /** Unix time in seconds. */
  created?: number
  /** The model that answered. */
  model?: string
  /** One entry per completion (sealkit reads the first). */
  choices?: Array<{
    /** The choice's index, `0` for the first. */
    index?: number
    /**
     * The new text: `content` (E2EE: hex ciphertext) and reasoning (`reasoning_content` or `reasoning`); `null` or
     * absent when the chunk carries none.
     */
    delta?: {
      /** `'assistant'`, on the first chunk. */
      role?: string
      /** The answer's new text (E2EE: hex ciphertext). */
      content?: string | null
      /** The reasoning's new text (Venice; E2EE: hex ciphertext). */
      reasoning_content?: string | null
      /** The reasoning's new text, where the server calls it `reasoning`. */
      reasoning?: string | null
      [key: string]: unknown
    }
    /** Why the completion stopped (`'stop'`, `'length'`, ...); `null` until the last chunk. */
    finish_reason?: string | null
    [key: string]: unknown
  }>
  /** Token counts, usually on the last chunk. */
  usage?: Record<string, unknown>
  /**
   * An error the server reports mid-stream; the stream then fails with `STREAM_ERROR` and its message is quoted as
   * the provider's, unverified.
   */
  error?: {
    /** The provider's words, unverified. */
    message?: string
    /** The provider's error type. */
    type?: string
    /** The provider's error code. */
    code?: string | number
    [key: string]: unknown
  }
  [key: string]: unknown
}

/** `GET /tee/signature` answer. Venice may wrap the signature in an object. */
export interface SignatureResponse {
  /** The signed text, `<model>:<sha256 of the request body>:<sha256 of the response>`. */
  text: string
  /** The signature, `0x` + hex (r ‖ s ‖ v for ECDSA), or Venice's object with the algorithm and public key. */
  signature:
    | string
    | {
        /** `'ecdsa'` or `'ed25519'`. */
        algorithm?: string
        /** The signature, `0x` + hex. */
        value: string
        /** The signer's public key, hex. */
        public_key?: string
      }
  /** The address the server says signed; checked against the attested one. */
  signing_address?: string
  /** `'ecdsa'` or `'ed25519'`, when the server says. */
  signing_algo?: string
  [key: string]: unknown
}
