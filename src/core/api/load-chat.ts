import { SealkitError } from '../errors.ts'
import { loadOnce } from '../load-once.ts'

const loadChat = loadOnce(() => import('./chat.ts'))
const loadSignature = loadOnce(() => import('./signature.ts'))

/** A chunk that could not be fetched, as the typed error the chat reports. */
const notLoaded =
  (what: string) =>
  (cause: unknown): never => {
    throw new SealkitError('NETWORK_ERROR', { message: `The ${what} code could not be loaded`, cause })
  }

/**
 * The chat request's code (the SSE reader, the request and response hashes the enclave signs),
 * a chunk of its own: a page needs it at its first send, not while it starts. Loaded once; a chunk
 * that could not be fetched is `NETWORK_ERROR`, and the next call tries again.
 * @example const { streamChatCompletion } = await loadChatRequest()
 */
export function loadChatRequest(): Promise<typeof import('./chat.ts')> {
  return loadChat().catch(notLoaded('chat'))
}

/**
 * Fetching a reply's signature (`fetchResponseSignature`), a chunk of its own: a page needs it once a reply has
 * ended, not while it starts. Loaded once, the same way as {@link loadChatRequest}.
 * @example const { fetchResponseSignature } = await loadSignatureFetch()
 */
export function loadSignatureFetch(): Promise<typeof import('./signature.ts')> {
  return loadSignature().catch(notLoaded('signature'))
}
