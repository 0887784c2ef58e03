/**
 * `sealkit/openai`: attested, end-to-end encrypted chat under the `openai` npm client
 * (or any OpenAI-compatible client that takes a `fetch`), by changing one line.
 */
import { createClient, type FetchLike } from '../core/api/client.ts'
import { authenticityAfter, authenticityOfSignature, messageAttestationOf, plaintextReasoningIn, type SealkitMessageMetadata } from '../core/chat/messages.ts'
import type { KeyHolderInfo } from '../core/crypto/key-holder.ts'
import { generateNonce } from '../core/crypto/random.ts'
import { SealkitError, type SealkitErrorCode } from '../core/errors.ts'
import type { ChatStreamEvent } from '../core/session/chat-session.ts'
import { asSealkitError, createSessionPool, messagesForPrivacy, privacyOf, verifiedInOf, type IntegrationFacts, type IntegrationSessionOptions, type PrivacyOption } from './shared.ts'

export type { IntegrationFacts, PrivacyOption } from './shared.ts'

/** Options of {@link createEncryptedFetch}. */
export interface CreateEncryptedFetchOptions extends IntegrationSessionOptions {
  /** The fetch that reaches the API. Default: the global `fetch`. */
  fetch?: FetchLike
  /** The privacy each model must get (see `PrivacyOption`). Default: from the id prefix, `e2ee-` and `tee-`. */
  privacy?: PrivacyOption
}

/**
 * The `sealkit` fields of the last chunk of every attested stream (`chunk.sealkit`):
 * the same privacy facts `useEncryptedChat` keeps on a message. The chunk that first carries reasoning the server
 * sent in plaintext (allowed by `plaintextReasoning: 'allow'`) carries them too, as known then
 * (`plaintextReasoning: true`, the signature still `'pending'`), so a stream that fails later has still said it.
 */
export type EncryptedFetchFacts = SealkitMessageMetadata & IntegrationFacts

/** A `fetch` with `destroy()`, which zeroes the client keys it holds. */
export type EncryptedFetch = ((input: string | URL | Request, init?: RequestInit) => Promise<Response>) & {
  /** Ends every session this fetch opened and zeroes their client keys. */
  destroy(): void
}

const JSON_HEADERS = { 'Content-Type': 'application/json' }
// Headers the client sets for its own request that must not be copied onto ours.
const HOP_HEADERS = new Set(['content-type', 'content-length', 'accept', 'accept-encoding', 'connection', 'host'])

/**
 * A `fetch` for OpenAI-compatible clients. `POST …/chat/completions` for a model whose
 * privacy is `e2ee` (an `e2ee-` id) or `tee` is sent through a sealkit chat session: it
 * attests the enclave under your policy, encrypts every message to the attested key,
 * decrypts every chunk, checks the response signature, and answers with an SSE body of
 * ordinary, already decrypted chunks. Anything that is not authentic fails the
 * stream with sealkit's typed error (`DECRYPT_FAILED`, `E2EE_PLAINTEXT_CHUNK`,
 * `SIGNATURE_*`): iterating the client's stream throws it. A POST to any other endpoint (the Responses API, legacy
 * completions...) naming such a model is refused (`E2EE_UNENCRYPTABLE_FIELD`, `ATTESTATION_REQUIRED`): it would go
 * unattested, and in plaintext. Every other request passes through.
 *
 * Under E2EE a request carries its messages' text, encrypted, and sampling parameters: a message field beside its
 * role and content (`tool_calls`, `name`...) or a body field that is not a sampling parameter (`tools`, `user`,
 * `prediction`, `response_format`...) is refused with `E2EE_UNENCRYPTABLE_FIELD` before anything is sent.
 *
 * A non-streaming request to an E2EE model is answered 400 "E2EE requires streaming"
 * (code `E2EE_REQUIRES_STREAMING`) and never sent in plaintext. Errors before the stream
 * starts (attestation, privacy downgrade, HTTP) are answered as a 400 JSON error whose
 * `error.code` is sealkit's code, so the client throws its `BadRequestError` without retrying.
 *
 * @example
 * import OpenAI from 'openai'
 * import { createEncryptedFetch } from 'sealkit/openai'
 *
 * const openai = new OpenAI({ baseURL: 'https://api.venice.ai/api/v1', apiKey, fetch: createEncryptedFetch() })
 * const stream = await openai.chat.completions.create({ model: 'e2ee-qwen3-5-122b-a10b', messages, stream: true })
 * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '')
 */
export function createEncryptedFetch(options: CreateEncryptedFetchOptions = {}): EncryptedFetch {
  const { fetch: baseFetch = (input, init) => globalThis.fetch(input, init), privacy, ...sessionOptions } = options
  const pool = createSessionPool(sessionOptions)

  async function encryptedFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const request = input instanceof Request ? input : undefined
    const url = request ? request.url : String(input)
    const method = (init.method ?? request?.method ?? 'GET').toUpperCase()
    const endpoint = /^(.*)\/chat\/completions\/?(\?.*)?$/.exec(url)
    if (method === 'GET' || method === 'HEAD') return baseFetch(url, await plainInit(request, init))
    if (method !== 'POST' || !endpoint) {
      // Another endpoint (the Responses API, legacy completions...), or another method with a body, for an attested
      // model would go unattested, and for an E2EE one in plaintext: sealkit attests and encrypts a POST of chat
      // completions only. A streamed body is read here to find its model, and the bytes read are sent on.
      const readable = typeof ReadableStream !== 'undefined' && init.body instanceof ReadableStream
      const sent: RequestInit = readable ? { ...init, body: await new Response(init.body).arrayBuffer() } : init
      const refused = refusedElsewhere(url, await jsonBodyOf(request, sent), privacy)
      if (refused) return errorResponse(refused)
      return baseFetch(url, await plainInit(request, sent))
    }

    const bodyText = init.body !== undefined && init.body !== null ? await new Response(init.body).text() : request ? await request.clone().text() : ''
    let body: Record<string, unknown>
    try {
      body = JSON.parse(bodyText) as Record<string, unknown>
    } catch {
      return errorResponse(new SealkitError('INVALID_ARGUMENT', { message: 'The chat request body is not JSON' }))
    }
    const model = typeof body.model === 'string' ? body.model : ''
    const mode = privacyOf(model, privacy)
    if (mode === 'none') return baseFetch(url, { ...(await plainInit(request, init)), body: bodyText })
    if (body.stream !== true) {
      if (mode === 'e2ee') return errorResponse(new SealkitError('E2EE_REQUIRES_STREAMING'))
      return errorResponse(new SealkitError('INVALID_ARGUMENT', { message: 'Attested chat needs stream: true (the response signature covers the streamed bytes)' }))
    }

    const client = createClient({ baseURL: endpoint[1]!, fetch: baseFetch, headers: forwardedHeaders(request, init) })
    const signal = init.signal ?? request?.signal ?? undefined
    const { messages, model: _m, stream: _s, ...extra } = body
    let session: ReturnType<typeof pool.get>
    let events: AsyncGenerator<ChatStreamEvent, void, undefined>
    let first: IteratorResult<ChatStreamEvent, void>
    try {
      const chatMessages = messagesForPrivacy(Array.isArray(messages) ? (messages as Record<string, unknown>[]) : [], mode)
      session = pool.get(client, model, mode)
      events = session.stream(chatMessages, { body: extra, ...(signal ? { signal } : {}) })
      first = await events.next()
    } catch (error) {
      return errorResponse(asSealkitError(error))
    }
    return new Response(sseBody(events, first, model, mode, () => session.keyHolder), { status: 200, headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' } })
  }

  return Object.assign(encryptedFetch, { destroy: () => pool.destroyAll() })
}

/** The decrypted stream as OpenAI chunks; the sealkit facts ride on the last one. */
function sseBody(
  events: AsyncGenerator<ChatStreamEvent, void, undefined>,
  first: IteratorResult<ChatStreamEvent, void>,
  model: string,
  mode: SealkitMessageMetadata['privacy'],
  keyHolder: () => KeyHolderInfo | undefined,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const id = `chatcmpl-sealkit-${generateNonce().slice(0, 24)}`
  const created = Math.floor(Date.now() / 1000)
  const facts: EncryptedFetchFacts = { model, privacy: mode, signature: mode === 'none' ? 'skipped' : 'pending', authenticity: 'pending' }
  let finish: Extract<ChatStreamEvent, { type: 'finish' }> | undefined
  let next: IteratorResult<ChatStreamEvent, void> | undefined = first
  // The first delta names its role, as OpenAI's streams do: the openai client's stream helpers require it.
  let role: { role?: 'assistant' } = { role: 'assistant' }
  const chunk = (choice: Record<string, unknown>, more: Record<string, unknown> = {}) =>
    encoder.encode(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, ...choice }], ...more })}\n\n`)

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const result = next ?? (await events.next())
          next = undefined
          if (result.done) {
            const sealkit = { ...facts, ...(facts.signature === 'pending' ? { signature: 'unavailable' as const } : {}), authenticity: authenticityAfter(undefined, facts.authenticity) }
            controller.enqueue(chunk({ delta: role, finish_reason: finish?.finishReason ?? 'stop' }, { ...(finish?.usage ? { usage: finish.usage } : {}), sealkit }))
            controller.enqueue(encoder.encode('data: [DONE]\n\n'))
            controller.close()
            return
          }
          const event = result.value
          if (event.type === 'attested') Object.assign(facts, { attestation: messageAttestationOf(event.attestation) }, verifiedInOf(event.attestation))
          else if (event.type === 'finish') {
            finish = event
            if (event.requestId) facts.requestId = event.requestId
            if (event.finishReason) facts.finishReason = event.finishReason
          } else if (event.type === 'signature') {
            // The check may have fallen back to this thread (keyHolder.signatureCheck): said on this reply, not the next.
            const holder = mode === 'e2ee' ? keyHolder() : undefined
            if (holder) facts.keyHolder = holder
            facts.signature = event.signature.status
            facts.authenticity = authenticityOfSignature(event.signature.status)
          }
          else if (event.type === 'delta') {
            const holder = mode === 'e2ee' && !facts.keyHolder ? keyHolder() : undefined
            if (holder) facts.keyHolder = holder
            // Reasoning the app allowed in plaintext (`plaintextReasoning: 'allow'`): said on the chunk that first carries
            // it, with the facts known then, not only on the last chunk, which a stream that fails later never sends.
            const firstPlaintext = plaintextReasoningIn(mode, event) && !facts.plaintextReasoning
            if (firstPlaintext) facts.plaintextReasoning = true
            const delta: Record<string, string> = { ...role }
            role = {}
            if (event.content) delta.content = event.content
            if (event.reasoning) delta.reasoning_content = event.reasoning
            controller.enqueue(chunk({ delta, finish_reason: null }, firstPlaintext ? { sealkit: { ...facts } } : {}))
            return
          }
        }
      } catch (error) {
        // The client's iteration rejects with this very error: `err.code === 'DECRYPT_FAILED'`.
        controller.error(asSealkitError(error))
      }
    },
    async cancel() {
      await events.return(undefined)
    },
  })
}

/** The client's own request headers (its Authorization among them), for the upstream API. */
function forwardedHeaders(request: Request | undefined, init: RequestInit): Record<string, string> {
  const out: Record<string, string> = {}
  new Headers(request?.headers).forEach((v, k) => void (HOP_HEADERS.has(k) ? undefined : (out[k] = v)))
  new Headers(init.headers).forEach((v, k) => void (HOP_HEADERS.has(k) ? undefined : (out[k] = v)))
  return out
}

async function plainInit(request: Request | undefined, init: RequestInit): Promise<RequestInit> {
  if (!request) return init
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.clone().arrayBuffer()
  return { method: request.method, headers: request.headers, ...(body ? { body } : {}), signal: request.signal, ...init }
}

/** A request body as JSON (a form: its `model` field), read without consuming it; undefined when it is neither. */
async function jsonBodyOf(request: Request | undefined, init: RequestInit): Promise<unknown> {
  const body = init.body
  try {
    if (typeof body === 'string') return JSON.parse(body)
    // A form (an upload) names its model as a field.
    if ((typeof FormData !== 'undefined' && body instanceof FormData) || body instanceof URLSearchParams) return { model: body.get('model') }
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body) || (typeof Blob !== 'undefined' && body instanceof Blob)) return JSON.parse(await new Response(body).text())
    if ((body === undefined || body === null) && request) return JSON.parse(await request.clone().text())
  } catch {
    // not JSON: it names no model
  }
  return undefined
}

/** Why a POST to an endpoint other than chat completions must not leave: it names a model whose privacy is `e2ee` or `tee`. */
function refusedElsewhere(url: string, json: unknown, privacy: PrivacyOption | undefined): SealkitError | undefined {
  const model = (json as { model?: unknown } | undefined)?.model
  if (typeof model !== 'string') return undefined
  const mode = privacyOf(model, privacy)
  const path = new URL(url).pathname
  if (mode === 'e2ee') return new SealkitError('E2EE_UNENCRYPTABLE_FIELD', { message: `sealkit encrypts chat completions only: this request to ${path} for ${model} would be sent in plaintext, so nothing was sent`, details: { field: path } })
  if (mode === 'tee') return new SealkitError('ATTESTATION_REQUIRED', { message: `sealkit attests chat completions only: this request to ${path} for ${model} would go to an enclave nobody verified, so nothing was sent` })
  return undefined
}

/** An OpenAI-style error answer carrying sealkit's code. 400, so clients do not retry it. */
function errorResponse(error: SealkitError): Response {
  const code: SealkitErrorCode = error.code
  const status = error.code === 'ABORTED' ? 499 : 400
  return new Response(JSON.stringify({ error: { message: error.message, type: 'sealkit_error', code } }), { status, headers: JSON_HEADERS })
}
