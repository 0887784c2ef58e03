import { SealkitError } from '../errors.ts'
import { loadOnce } from '../load-once.ts'

const load = loadOnce(() => import('./chat.ts'))

/**
 * The chat request's code (the SSE reader, the request and response hashes the enclave signs),
 * a chunk of its own: a page needs it at its first send, not while it starts. Loaded once; a chunk
 * that could not be fetched is `NETWORK_ERROR`, and the next call tries again.
 * @example const { streamChatCompletion } = await loadChatRequest()
 */
export function loadChatRequest(): Promise<typeof import('./chat.ts')> {
  return load().catch((cause: unknown) => {
    throw new SealkitError('NETWORK_ERROR', { message: 'The chat code could not be loaded', cause })
  })
}
