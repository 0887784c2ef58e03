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
  stop: (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
  logit_bias: (v) => isObject(v) && Object.entries(v).every(([k, x]) => /^\d+$/.test(k) && isNumber(x)),
  stream_options: (v) => isBooleans(v, ['include_usage']),
  reasoning_effort: (v) => typeof v === 'string' && ['none', 'minimal', 'low', 'medium', 'high'].includes(v),
  // Venice's switches (include_venice_system_prompt, strip_thinking_response, disable_thinking...): flags, not text.
  venice_parameters: (v) => isBooleans(v),
}

/** The roles a message may have: any other string would go in plaintext beside the ciphertext. */
const ROLES = new Set(['system', 'user', 'assistant', 'developer', 'tool'])

/**
 * The request as it will be sent, checked: what E2EE would send in plaintext is refused before anything is sent (a
 * message whose content is not text, a role that is not one of the five, a field of a message beside its role and
 * content such as `tool_calls` or `name`, a body field that is not a sampling parameter of its type). Messages and
 * body are taken as JSON first, once: what is checked is what is sent, whatever getters or `toJSON` the app's
 * objects have. The seed encrypted user and system content only; the open server decrypts every role, so every
 * role's content is encrypted (assistant history quotes the user; `developer` is the OpenAI client's system).
 */
export function encryptableRequest(messages: readonly ChatMessage[], body: Record<string, unknown> | undefined): { messages: ChatMessage[]; body: Record<string, unknown> | undefined } {
  const refuse = (what: string, field: string) =>
    new SealkitError('E2EE_UNENCRYPTABLE_FIELD', { message: `End-to-end encryption cannot encrypt ${what}: it would be sent in plaintext, so nothing was sent`, details: { field } })
  const asJson = (value: unknown, what: string): unknown => {
    try {
      return JSON.parse(JSON.stringify(value ?? null)) as unknown
    } catch {
      throw refuse(what, 'body') // BigInt, a cycle: not JSON, so not a request
    }
  }
  const sent = (asJson(messages, 'the messages') as unknown[]).map((m): ChatMessage => {
    if (!isObject(m)) throw new SealkitError('E2EE_UNSUPPORTED_CONTENT', { details: { partType: typeof m } })
    if (typeof m.content !== 'string') throw new SealkitError('E2EE_UNSUPPORTED_CONTENT', { details: { partType: typeof m.content } })
    if (typeof m.role !== 'string' || !ROLES.has(m.role)) throw refuse('a message\'s role', 'role')
    for (const key of Object.keys(m)) if (key !== 'role' && key !== 'content') throw refuse(`${m.role === 'assistant' ? 'an' : 'a'} ${m.role} message's "${key}"`, key)
    return { role: m.role, content: m.content }
  })
  const plain = body === undefined ? undefined : asJson(body, 'the request body')
  if (plain !== undefined && !isObject(plain)) throw refuse('the request body', 'body')
  for (const [key, value] of Object.entries(plain ?? {})) {
    if (!(Object.hasOwn(E2EE_BODY_PARAMETERS, key) && E2EE_BODY_PARAMETERS[key]!(value))) throw refuse(`the request's "${key}"`, key)
  }
  return { messages: sent, body: plain }
}
