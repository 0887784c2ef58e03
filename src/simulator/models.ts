import type { ApiModel } from '../core/api/types.ts'

/**
 * The simulator's model catalogue. Ids mirror the real Venice ones so the
 * provider's own example programs run against the simulator with only the base
 * URL changed; names and descriptions say "simulated" so no UI mistakes them
 * for the real thing.
 */
export interface SimulatedModel {
  /** The model id, e.g. `'e2ee-qwen3-5-122b-a10b'`. */
  id: string
  /** Display name. */
  name: string
  /** What the model claims to run (`upstream_model` in attestation reports). */
  upstreamModel: string
  /** `e2ee`: TEE + end-to-end encryption; `tee`: TEE only; `none`: an ordinary model. */
  privacy: 'e2ee' | 'tee' | 'none'
  /** The context window, in tokens. */
  availableContextTokens: number
  /** Emits `reasoning_content` before the answer. */
  reasoning?: boolean
  /** USD per million tokens. */
  pricing?: {
    /** Input, USD per million tokens. */
    input: number
    /** Output, USD per million tokens. */
    output: number
  }
}

/** The simulator's model list: E2EE and TEE models, named like the provider's. */
export const DEFAULT_MODELS: readonly SimulatedModel[] = [
  {
    id: 'e2ee-qwen3-5-122b-a10b',
    name: 'Qwen 3.5 122B A10B (simulated E2EE)',
    upstreamModel: 'Qwen/Qwen3.5-122B-A10B',
    privacy: 'e2ee',
    availableContextTokens: 131_072,
    pricing: { input: 0.5, output: 2 },
  },
  {
    id: 'e2ee-glm-5',
    name: 'GLM 5 (simulated E2EE, reasoning)',
    upstreamModel: 'zai-org/GLM-5',
    privacy: 'e2ee',
    availableContextTokens: 202_752,
    reasoning: true,
    pricing: { input: 1, output: 3.2 },
  },
  {
    id: 'tee-qwen3-5-122b-a10b',
    name: 'Qwen 3.5 122B A10B (simulated TEE)',
    upstreamModel: 'Qwen/Qwen3.5-122B-A10B',
    privacy: 'tee',
    availableContextTokens: 131_072,
    pricing: { input: 0.5, output: 2 },
  },
  {
    id: 'tee-gpt-oss-120b',
    name: 'GPT-OSS 120B (simulated TEE)',
    upstreamModel: 'openai/gpt-oss-120b',
    privacy: 'tee',
    availableContextTokens: 131_072,
    pricing: { input: 0.1, output: 0.5 },
  },
  {
    id: 'llama-3.3-70b',
    name: 'Llama 3.3 70B (simulated, no TEE)',
    upstreamModel: 'meta-llama/Llama-3.3-70B-Instruct',
    privacy: 'none',
    availableContextTokens: 65_536,
    pricing: { input: 0.7, output: 2.8 },
  },
  {
    id: 'venice-uncensored',
    name: 'Venice Uncensored (simulated, no TEE)',
    upstreamModel: 'venice-uncensored',
    privacy: 'none',
    availableContextTokens: 32_768,
    pricing: { input: 0.2, output: 0.9 },
  },
]

/** True for models that have an enclave (and so a signing key and attestation). */
export const isAttestedModel = (m: SimulatedModel): boolean => m.privacy !== 'none'

/** The `/models` entry for a simulated model, in Venice's shape. */
export function toApiModel(m: SimulatedModel, created: number): ApiModel {
  return {
    id: m.id,
    object: 'model',
    created,
    owned_by: 'sealkit-simulator',
    type: 'text',
    model_spec: {
      name: m.name,
      description: `Simulated by sealkit: answers deterministically; no model runs and no hardware protects it.`,
      availableContextTokens: m.availableContextTokens,
      modelSource: m.upstreamModel,
      offline: false,
      traits: [],
      capabilities: {
        supportsE2EE: m.privacy === 'e2ee',
        supportsTeeAttestation: m.privacy !== 'none',
        supportsFunctionCalling: false,
        supportsReasoning: m.reasoning === true,
        supportsVision: false,
        supportsWebSearch: m.privacy === 'none',
        optimizedForCode: false,
        quantization: 'fp8',
      },
      ...(m.pricing && {
        pricing: { input: { usd: m.pricing.input }, output: { usd: m.pricing.output } },
      }),
    },
  }
}
