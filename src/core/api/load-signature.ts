import { loadOnce } from '../load-once.ts'

/**
 * Fetching a reply's signature (`fetchResponseSignature`), a chunk of its own: a page needs it once a reply has ended,
 * not while it starts. Loaded once; a chunk that could not be fetched is retried on the next call.
 * @example const { fetchResponseSignature } = await loadSignatureFetch()
 */
export const loadSignatureFetch = loadOnce(() => import('./signature.ts'))
