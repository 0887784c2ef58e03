/**
 * `sealkit/ai-sdk`: attested, end-to-end encrypted chat under the Vercel AI SDK's
 * `useChat` (`@ai-sdk/react`, AI SDK 5 to 7) and everything built on it (AI Elements,
 * assistant-ui's `useChatRuntime`). Imports only types from `ai`: nothing of the SDK
 * is bundled from here.
 */
import type { ChatTransport, UIMessage, UIMessageChunk } from 'ai'
import { createClient, type CreateClientParameters, type SealkitClient } from '../core/api/client.ts'
import type { ChatMessage } from '../core/api/types.ts'
import { authenticityAfter, authenticityOfSignature, isRefusedReply, messageAttestationOf, plaintextReasoningIn, type SealkitMessageMetadata, type SealkitUIMessage } from '../core/chat/messages.ts'
import { asGiven } from '../core/chat/provenance.ts'
import { SealkitError, isAbortError } from '../core/errors.ts'
import type { KeyHolderInfo } from '../core/crypto/key-holder.ts'
import type { ChatStreamEvent, PrivacyMode } from '../core/session/chat-session.ts'
import { asSealkitError, createSessionPool, privacyOf, verifiedInOf, type IntegrationFacts, type IntegrationSessionOptions, type PrivacyOption } from './shared.ts'

export type { IntegrationFacts, PrivacyOption } from './shared.ts'

/**
 * The metadata every assistant message gets: `useEncryptedChat`'s privacy facts, `authenticity` among them; where the
 * attestation was verified (`verifiedIn`); and, for an E2EE reply, where the session key that decrypted it lives
 * (`keyHolder`). A fallback to the main thread is said there, with its reason, as well as once in the dev console.
 */
export type EncryptedChatMetadata = SealkitMessageMetadata & IntegrationFacts

/** A `UIMessage` whose metadata is sealkit's: `useChat<EncryptedUIMessage>({ transport })`. */
export type EncryptedUIMessage = UIMessage<EncryptedChatMetadata>

export interface CreateEncryptedChatTransportOptions extends IntegrationSessionOptions, CreateClientParameters {
  /** The model every request goes to. */
  model: string
  /** A sealkit client to use; without it one is made from `baseURL`, `apiKey`, `fetch` and `headers`. */
  client?: SealkitClient
  /** The privacy the model must get. Default from the id: `e2ee-` means E2EE or refuse, `tee-` attested TEE. */
  privacy?: PrivacyOption
}

/** A `ChatTransport` with `close()`, which zeroes the client keys it holds. */
export type EncryptedChatTransport<M extends UIMessage = EncryptedUIMessage> = ChatTransport<M> & {
  /** Ends every session the transport opened and zeroes their client keys. */
  close(): void
}

/** The package's decryption worker where `Worker` exists, else this thread (Node, tests). */
const decryptionWorker = () => import('../core/worker/worker-key-holder.ts').then((m) => m.createDefaultKeyHolder())

const TEXT_ID = 'text-0'
const REASONING_ID = 'reasoning-0'

/**
 * An AI SDK `ChatTransport` that talks to the enclave directly from the browser: it
 * attests the model under your policy (the same verified path as the hooks), encrypts
 * every message to the attested key, decrypts every chunk, checks the response
 * signature, and streams `UIMessageChunk`s. Each assistant message's `metadata` carries
 * the privacy facts (`privacy`, `attestation.verdict`, `signature`, `authenticity`);
 * any failure ends the stream with an `error` chunk whose text starts with sealkit's
 * code (`DECRYPT_FAILED: …`), which `useChat` shows as its `error`, and the code is on
 * `metadata.errorCode`. `reconnectToStream` answers `null`: an E2EE stream is bound to
 * the session key that requested it and cannot be resumed.
 *
 * @example
 * import { useChat } from '@ai-sdk/react'
 * import { createEncryptedChatTransport, type EncryptedUIMessage } from 'sealkit/ai-sdk'
 *
 * const transport = createEncryptedChatTransport({ model: 'e2ee-qwen3-5-122b-a10b', apiKey })
 * const { messages, sendMessage, error } = useChat<EncryptedUIMessage>({ transport })
 * messages.at(-1)?.metadata?.authenticity // 'pending' → 'verified'
 */
export function createEncryptedChatTransport<M extends UIMessage = EncryptedUIMessage>(options: CreateEncryptedChatTransportOptions): EncryptedChatTransport<M> {
  const { model, client: given, privacy, baseURL, apiKey, fetch, headers, ...sessionOptions } = options
  const client =
    given ?? createClient({ ...(baseURL ? { baseURL } : {}), ...(apiKey ? { apiKey } : {}), ...(fetch ? { fetch } : {}), ...(headers ? { headers } : {}) })
  // In a browser the key lives in the decryption worker, as under the hooks (the core's default is this thread: a server
  // bundle of sealkit/core or sealkit/openai never carries a worker). A worker that cannot start falls back, reported
  // once in the dev console and on each reply's `metadata.keyHolder`.
  const pool = createSessionPool({ ...sessionOptions, keyHolder: sessionOptions.keyHolder ?? decryptionWorker })
  const mode = privacyOf(model, privacy)

  return {
    async sendMessages({ messages, abortSignal, body }) {
      const chatMessages = toChatMessages(messages, mode)
      const session = pool.get(client, model, mode)
      const events = session.stream(chatMessages, {
        ...(abortSignal ? { signal: abortSignal } : {}),
        ...(body ? { body: body as Record<string, unknown> } : {}),
      })
      return uiMessageStream(events, model, mode, () => session.keyHolder) as ReadableStream<UIMessageChunk>
    },
    async reconnectToStream() {
      return null
    },
    close() {
      pool.destroyAll()
    },
  }
}

/**
 * Messages an app restores from its own storage, for `useChat({ messages })`. Their metadata is the
 * app's data: nothing here received or checked a stored reply's signature, so a reply that claims
 * one (`verified` or `pending`) keeps its text and comes back `signature` and `authenticity`
 * `'unavailable'`, with `restored.signatureUnproven` (`<StreamingMessage>` says "Signature not
 * provable"). A claim of failure is kept. Nor was its enclave attested here: an attestation claim
 * stays only where it asks for less trust (`simulated`, or `verdict: 'failed'`), so no restored
 * reply reads "Enclave verified". sealkit's own storage (`useEncryptedChat({ storage })`)
 * rechecks what it can; this is for the conversations AI SDK apps save themselves.
 * @example
 * const { messages } = useChat<EncryptedUIMessage>({ transport, messages: restoredMessages(await loadChat(id)) })
 */
export function restoredMessages<M extends UIMessage<EncryptedChatMetadata | undefined>>(messages: readonly M[]): M[] {
  return messages.map((message) => asGiven(message as unknown as SealkitUIMessage) as unknown as M)
}

/**
 * A reply `stop()` cut short, settled. AI SDK drops every chunk that comes after an abort, the transport's closing
 * word on the reply among them, so a stopped reply would read `pending` for good: settle it in `useChat`'s
 * `onFinish`. Its signature, never checked, becomes `unavailable`, with `errorCode: 'ABORTED'` and `incomplete`
 * (what sealkit's own chat records for a stopped reply). A message whose facts are settled already comes back as it is.
 * @example
 * const { messages, setMessages } = useChat<EncryptedUIMessage>({
 *   transport,
 *   onFinish: ({ message, isAbort }) => {
 *     if (isAbort) setMessages((all) => all.map((m) => (m.id === message.id ? stoppedReply(m) : m)))
 *   },
 * })
 */
export function stoppedReply<M extends UIMessage<EncryptedChatMetadata | undefined>>(message: M): M {
  const meta = message.metadata
  if (message.role !== 'assistant' || !meta || (meta.signature !== 'pending' && meta.authenticity !== 'pending')) return message
  const metadata: EncryptedChatMetadata = {
    ...meta,
    signature: meta.signature === 'pending' ? 'unavailable' : meta.signature,
    // A failure in either field fails the text; it stays verified only where its signature verified too.
    authenticity:
      meta.signature === 'failed' || meta.authenticity === 'failed' ? 'failed' : meta.signature === 'verified' && meta.authenticity === 'verified' ? 'verified' : 'unavailable',
    errorCode: meta.errorCode ?? 'ABORTED',
    incomplete: true,
  }
  return { ...message, metadata }
}

/**
 * UI messages as the API takes them: each message's text parts joined. Reasoning, tool and
 * step parts are the model's own output and are not sent back, nor is a reply sealkit refused. File parts are refused:
 * in E2EE with `E2EE_UNSUPPORTED_CONTENT` (the server would pass them through unencrypted).
 */
export function toChatMessages(messages: readonly UIMessage[], mode: PrivacyMode): ChatMessage[] {
  const out: ChatMessage[] = []
  for (const m of messages) {
    if (isRefusedReply(m)) continue
    let text = ''
    for (const part of m.parts) {
      if (part.type === 'text') text += part.text
      else if (part.type === 'file') {
        throw mode === 'e2ee'
          ? new SealkitError('E2EE_UNSUPPORTED_CONTENT', { details: { partType: 'file' } })
          : new SealkitError('INVALID_ARGUMENT', { message: 'File parts are not supported by the sealkit transport' })
      }
    }
    if (text !== '') out.push({ role: m.role, content: text })
  }
  return out
}

/** A chat session's events as AI SDK UI message chunks. */
function uiMessageStream(
  events: AsyncGenerator<ChatStreamEvent, void, undefined>,
  model: string,
  mode: PrivacyMode,
  keyHolder: () => KeyHolderInfo | undefined,
): ReadableStream<UIMessageChunk<EncryptedChatMetadata>> {
  const meta: EncryptedChatMetadata = {
    model,
    privacy: mode,
    signature: mode === 'none' ? 'skipped' : 'pending',
    authenticity: mode === 'none' ? 'unavailable' : 'pending',
  }
  return new ReadableStream<UIMessageChunk<EncryptedChatMetadata>>({
    async start(controller) {
      const emit = (chunk: UIMessageChunk<EncryptedChatMetadata>) => controller.enqueue(chunk)
      const update = (facts: Partial<EncryptedChatMetadata>) => {
        Object.assign(meta, facts)
        emit({ type: 'message-metadata', messageMetadata: { ...meta } })
      }
      let open: 'text' | 'reasoning' | undefined
      let textStarted = false
      const close = () => {
        if (open) emit({ type: `${open}-end`, id: open === 'text' ? TEXT_ID : REASONING_ID })
        open = undefined
      }
      const write = (kind: 'text' | 'reasoning', delta: string) => {
        if (open !== kind) {
          close()
          // One text part per reply; reasoning that arrives after text opens a new reasoning part.
          if (kind === 'reasoning' || !textStarted) emit({ type: `${kind}-start`, id: kind === 'text' ? TEXT_ID : REASONING_ID })
          else emit({ type: 'text-start', id: TEXT_ID })
          if (kind === 'text') textStarted = true
          open = kind
        }
        emit({ type: `${kind}-delta`, id: kind === 'text' ? TEXT_ID : REASONING_ID, delta })
      }

      emit({ type: 'start', messageMetadata: { ...meta } })
      let finishReason: string | undefined
      try {
        for await (const event of events) {
          if (event.type === 'attested') update({ attestation: messageAttestationOf(event.attestation), ...verifiedInOf(event.attestation) })
          else if (event.type === 'delta') {
            const holder = mode === 'e2ee' && !meta.keyHolder ? keyHolder() : undefined
            if (holder) update({ keyHolder: holder })
            // Said before the reasoning it is about shows.
            if (plaintextReasoningIn(mode, event) && !meta.plaintextReasoning) update({ plaintextReasoning: true })
            if (event.reasoning) write('reasoning', event.reasoning)
            if (event.content) write('text', event.content)
          } else if (event.type === 'finish') {
            close()
            finishReason = event.finishReason
            update({
              ...(event.requestId ? { requestId: event.requestId } : {}),
              ...(event.finishReason ? { finishReason: event.finishReason } : {}),
              ...(event.usage ? { usage: event.usage } : {}),
            })
          } else if (event.type === 'signature') {
            const sig = event.signature
            // The check may have fallen back to this thread (keyHolder.signatureCheck): said on this reply, not the next.
            const holder = mode === 'e2ee' ? keyHolder() : undefined
            update({
              ...(holder ? { keyHolder: holder } : {}),
              signature: sig.status,
              authenticity: authenticityOfSignature(sig.status),
              ...(sig.status === 'verified'
                ? { signatureDetails: { signingAddress: sig.signingAddress, text: sig.text, signature: sig.signature, requestHash: sig.requestHash, responseHash: sig.responseHash } }
                : {}),
            })
          }
        }
        if (meta.signature === 'pending') update({ signature: 'unavailable', authenticity: authenticityAfter(undefined, meta.authenticity) })
        emit({ type: 'finish', finishReason: toFinishReason(finishReason), messageMetadata: { ...meta } })
        controller.close()
      } catch (raw) {
        close()
        const error = asSealkitError(raw)
        const code = error.code
        const signature = code.startsWith('SIGNATURE_') ? (code === 'SIGNATURE_UNAVAILABLE' ? 'unavailable' : 'failed') : meta.signature === 'pending' ? 'unavailable' : meta.signature
        // Chunks that were not authentic ciphertext, or a bad signature: the text may not be the model's.
        update({ errorCode: code, incomplete: true, signature, authenticity: authenticityAfter(code, meta.authenticity) })
        if (isAbortError(raw)) emit({ type: 'abort', reason: 'aborted' })
        else emit({ type: 'error', errorText: `${code}: ${error.message}` })
        controller.close()
      }
    },
    async cancel() {
      await events.return(undefined)
    },
  })
}

type FinishReason = Extract<UIMessageChunk, { type: 'finish' }>['finishReason']
const FINISH_REASONS = new Set(['stop', 'length', 'content-filter', 'tool-calls', 'error', 'other'])
function toFinishReason(reason: string | undefined): FinishReason {
  const r = reason === 'content_filter' ? 'content-filter' : reason === 'tool_calls' ? 'tool-calls' : (reason ?? 'stop')
  return (FINISH_REASONS.has(r) ? r : 'other') as FinishReason
}
