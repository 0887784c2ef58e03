import { createClient, type SealkitClient } from '../../src/core/api/client.ts'

/**
 * A client whose chat-completions answers come through `edit`, as a proxy on the path would rewrite them: the
 * response's SSE events (`data: {...}`, `data: [DONE]`), in order, to be changed, reordered, dropped or added.
 * Everything else passes as `upstream` answers it.
 */
export function editedStreamClient(upstream: SealkitClient, edit: (events: string[]) => string[]): SealkitClient {
  return createClient({
    baseURL: upstream.baseURL,
    fetch: async (url, init) => {
      const res = await upstream.fetch(url, init)
      if (!String(url).endsWith('/chat/completions')) return res
      const events = (await res.text()).split('\n\n').filter(Boolean)
      return new Response(edit(events).map((e) => `${e}\n\n`).join(''), { status: res.status, headers: res.headers })
    },
  })
}
