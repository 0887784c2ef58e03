/** What an E2EE request may carry besides its encrypted messages, checked before anything is sent: a chunk of its own, loaded with the session's key. */
import type { ChatMessage } from '../api/types.ts'
import { SealkitError } from '../errors.ts'
import { isObject } from '../is-object.ts'

/**
 * What an E2EE request carries besides its encrypted messages: sampling parameters, never text of the conversation,
 * each of the type it must have (a string where a number is due is text). Any other body field (`user`, `tools`,
 * `prediction`, `response_format`, `metadata`...) would cross the wire in plaintext beside the ciphertext, and
 * `logprobs` / `top_logprobs` make the open server answer every token beside the ciphertext, in plaintext: refused
 * with `E2EE_UNENCRYPTABLE_FIELD` before anything is sent. Stop sequences are the app's own strings, sent as they are.
 */
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v)
const isBooleans = (v: unknown, keys?: readonly string[]) =>
  isObject(v) && Object.entries(v).every(([k, x]) => typeof x === 'boolean' && (!keys || keys.includes(k)))
const E2EE_BODY_PARAMETERS: Record<string, (value: unknown) => boolean> = {
  temperature: isNumber,
  top_p: isNumber,
  top_k: isNumber,
  min_p: isNumber,
  max_tokens: isNumber,
  max_completion_tokens: isNumber,
  presence_penalty: isNumber,
  frequency_penalty: isNumber,
  repetition_penalty: isNumber,
  seed: isNumber,
  n: isNumber,
  stop: (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
  logit_bias: (v) => isObject(v) && Object.entries(v).every(([k, x]) => /^\d+$/.test(k) && isNumber(x)),
  stream_options: (v) => isBooleans(v, ['include_usage']),
  reasoning_effort: (v) => typeof v === 'string' && ['none', 'minimal', 'low', 'medium', 'high'].includes(v),
  // Venice's switches (include_venice_system_prompt, strip_thinking_response, disable_thinking...): flags, not text.
  venice_parameters: (v) => isBooleans(v),
}

/**
 * Refuses, before anything is sent, what E2EE would send in plaintext: a message whose content is not text, a field of
 * a message beside its role and content (`tool_calls`, `tool_call_id`, `name`...), a body field that is not a
 * sampling parameter. The seed encrypted user and system content only; the open server decrypts every role, so
 * every role's content is encrypted (assistant history quotes the user; `developer` is the OpenAI client's system).
 */
export function assertEncryptable(messages: readonly ChatMessage[], body: Record<string, unknown> | undefined): void {
  const refuse = (what: string, field: string) =>
    new SealkitError('E2EE_UNENCRYPTABLE_FIELD', { message: `End-to-end encryption cannot encrypt ${what}: it would be sent in plaintext, so nothing was sent`, details: { field } })
  for (const m of messages) {
    if (typeof m.content !== 'string') throw new SealkitError('E2EE_UNSUPPORTED_CONTENT', { details: { partType: typeof m.content } })
    for (const [key, value] of Object.entries(m)) if (key !== 'role' && key !== 'content' && value !== undefined) throw refuse(`a ${String(m.role)} message's "${key}"`, key)
  }
  for (const [key, value] of Object.entries(body ?? {})) {
    if (value !== undefined && !(Object.hasOwn(E2EE_BODY_PARAMETERS, key) && E2EE_BODY_PARAMETERS[key]!(value))) throw refuse(`the request's "${key}"`, key)
  }
}
