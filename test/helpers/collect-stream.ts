import type { ChatStreamEvent } from '../../src/core/session/chat-session.ts'

/** Every event of a session's stream, the text of its deltas, and the error it ended with (if any). */
export async function collect(iter: AsyncIterable<ChatStreamEvent>): Promise<{ events: ChatStreamEvent[]; text: string; error: unknown }> {
  const events: ChatStreamEvent[] = []
  let error: unknown
  try {
    for await (const e of iter) events.push(e)
  } catch (e) {
    error = e
  }
  const text = events.flatMap((e) => (e.type === 'delta' ? [e.content] : [])).join('')
  return { events, text, error }
}

/** Every chunk a stream gives until it ends (an AI SDK transport's UI message chunks, say). */
export async function readChunks<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = []
  const reader = stream.getReader()
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value)
  return out
}
