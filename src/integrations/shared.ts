/**
 * What the chat-library integrations (`sealkit/ai-sdk`, `sealkit/openai`) share:
 * the privacy a model id asks for, text-only message content for E2EE, and one
 * chat session per model so an integration attests once and keeps one client key.
 */
import type { SealkitClient } from '../core/api/client.ts'
import type { ChatMessage } from '../core/api/types.ts'
import type { VerifierInfo } from '../core/attestation/report.ts'
import type { KeyHolderInfo } from '../core/crypto/key-holder.ts'
import { SealkitError, StreamError, isSealkitError } from '../core/errors.ts'
import { createChatSession, type ChatSession, type ChatSessionOptions, type PrivacyMode } from '../core/session/chat-session.ts'
import type { AttestedModel } from '../core/session/attest.ts'
import { privacyFloorOf } from '../core/session/privacy.ts'

/**
 * Where an integration's reply was handled, beside its privacy facts: what a fallback is reported by in the API (the
 * hooks have them on `session.keyHolder` and `report.verifiedIn`; an integration's user has only the reply).
 */
export interface IntegrationFacts {
  /** Where the client key lives: `kind` `worker`, or `main-thread` with the `reason` it fell back. Set once an E2EE reply has its first words. */
  keyHolder?: KeyHolderInfo
  /** Where the attestation was verified: `worker`, or `main-thread` with the `reason` (no workers, or the worker could not start). */
  verifiedIn?: VerifierInfo
}

/** Session options an integration passes through (everything but the model and mode it decides per request). */
export type IntegrationSessionOptions = Omit<ChatSessionOptions, 'model' | 'mode'>

/**
 * The privacy a model must get, set by the app and never by the server: `privacy` when
 * given (one mode for all, a map per model id, or a function), but never less than the id
 * promises: an `e2ee-` id is E2EE and a `tee-` id an attested TEE whatever the option says
 * (`privacyFloorOf`). Anything else is `none` (sent as the app sent it).
 */
export type PrivacyOption = PrivacyMode | Readonly<Record<string, PrivacyMode>> | ((model: string) => PrivacyMode | undefined)

export function privacyOf(model: string, option: PrivacyOption | undefined): PrivacyMode {
  const chosen = typeof option === 'function' ? option(model) : typeof option === 'object' ? option[model] : option
  return privacyFloorOf(model, chosen)
}

/**
 * One message's content as the string E2EE can encrypt. The open proxy decrypts string
 * content only and passes array content through in plaintext, so in E2EE text parts are
 * joined into one string and any other part (image, audio, file) is refused with
 * `E2EE_UNSUPPORTED_CONTENT` rather than sent unencrypted. Outside E2EE arrays pass as they are.
 */
export function contentForPrivacy(content: unknown, mode: PrivacyMode): string | unknown[] {
  if (typeof content === 'string') return content
  if (content === null || content === undefined) return ''
  if (!Array.isArray(content)) throw new SealkitError('INVALID_ARGUMENT', { message: 'Message content must be a string or an array of parts' })
  if (mode !== 'e2ee') return content
  const texts: string[] = []
  for (const part of content as unknown[]) {
    const p = part as { type?: unknown; text?: unknown }
    if (p && p.type === 'text' && typeof p.text === 'string') texts.push(p.text)
    else throw new SealkitError('E2EE_UNSUPPORTED_CONTENT', { details: { partType: typeof p?.type === 'string' ? p.type : typeof part } })
  }
  return texts.join('\n\n')
}

/** OpenAI-style messages with their content made safe for the mode (see `contentForPrivacy`). */
export function messagesForPrivacy(messages: readonly Record<string, unknown>[], mode: PrivacyMode): ChatMessage[] {
  return messages.map((m) => ({ ...m, role: String(m.role), content: contentForPrivacy(m.content, mode) }) as ChatMessage)
}

/** One session per model and mode, created on first use; `destroyAll` zeroes every client key. */
export function createSessionPool(options: IntegrationSessionOptions) {
  const sessions = new Map<string, ChatSession>()
  return {
    get(client: SealkitClient, model: string, mode: PrivacyMode): ChatSession {
      const key = `${client.baseURL}\n${model}\n${mode}`
      let session = sessions.get(key)
      if (!session || session.destroyed) {
        session = createChatSession(client, { ...options, model, mode })
        sessions.set(key, session)
      }
      return session
    },
    destroyAll(): void {
      for (const s of sessions.values()) s.destroy()
      sessions.clear()
    },
  }
}

/** Any failure as a SealkitError (a non-sealkit failure becomes `STREAM_ERROR` with its message). */
export function asSealkitError(error: unknown): SealkitError {
  if (isSealkitError(error)) return error
  return new StreamError('STREAM_ERROR', { message: error instanceof Error ? error.message : String(error), cause: error })
}

/** `{ verifiedIn }` of an attestation's report, when it says where it was verified. */
export function verifiedInOf(attested: AttestedModel): Pick<IntegrationFacts, 'verifiedIn'> {
  const where = attested.report.verifiedIn
  return where ? { verifiedIn: { kind: where.kind, reason: where.reason } } : {}
}
