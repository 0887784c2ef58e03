/**
 * `load` run once, its promise shared by every caller; forgotten when it rejects, so that the next
 * call tries again (a chunk that could not be fetched, say offline, is not failed for the page's life).
 * @example const loadVerifier = loadOnce(() => import('./attestation/verify.ts'))
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined
  return () => {
    if (!loading) {
      loading = load()
      // Only the attempt in `loading` can fail here: a new one starts only once it has.
      loading.catch(() => (loading = undefined))
    }
    return loading
  }
}
