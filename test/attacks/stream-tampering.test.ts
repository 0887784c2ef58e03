/**
 * A proxy on the path edits the reply's stream without touching any chunk's bytes: it cuts the reply short
 * (with or without a `finish_reason` of its own), swaps two chunks, repeats one, drops one. Every chunk it
 * forwards decrypts (E2EE) or reads (TEE) as the enclave wrote it, so only the enclave's signature over the
 * exact response can tell: each edit must end in SIGNATURE_HASH_MISMATCH, never in a verified reply.
 */
import { describe, expect, it } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import { createChatSession, type ChatStreamEvent } from '../../src/core/session/chat-session.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { collect } from '../helpers/collect-stream.ts'
import { codeOf } from '../helpers/error-code.ts'
import { editedStreamClient } from '../helpers/edited-stream.ts'

type Edit = (events: string[]) => string[]
const isText = (e: string) => e.startsWith('data: {') && /"content":"[^"]/.test(e)
const nthText = (events: string[], n: number) => events.findIndex((e, i) => isText(e) && events.slice(0, i).filter(isText).length === n)

const EDITS: Record<string, Edit> = {
  'cut short': (events) => {
    const data = events.filter((e) => e.startsWith('data: {'))
    return [...data.slice(0, Math.floor(data.length / 2)), 'data: [DONE]']
  },
  'cut short with its own finish_reason': (events) => {
    const kept = events.filter((e) => e.startsWith('data: {')).slice(0, 3)
    const last = JSON.parse(kept.at(-1)!.slice(6)) as { choices: Array<{ finish_reason?: string }> }
    last.choices[0]!.finish_reason = 'stop'
    return [...kept.slice(0, -1), `data: ${JSON.stringify(last)}`, 'data: [DONE]']
  },
  'two chunks swapped': (events) => {
    const out = [...events]
    const [i, j] = [nthText(out, 0), nthText(out, 1)]
    ;[out[i], out[j]] = [out[j]!, out[i]!]
    return out
  },
  'a chunk repeated': (events) => {
    const out = [...events]
    out.splice(nthText(out, 1), 0, out[nthText(out, 1)]!)
    return out
  },
  'a chunk dropped': (events) => events.filter((_, i) => i !== nthText(events, 1)),
}

async function chatThrough(mode: 'e2ee' | 'tee', edit?: Edit) {
  const sim = createSimulator({ seed: 'stream-tampering' })
  const upstream = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
  const proxy = edit ? editedStreamClient(upstream, edit) : upstream
  const model = mode === 'e2ee' ? 'e2ee-qwen3-5-122b-a10b' : 'tee-qwen3-5-122b-a10b'
  const session = createChatSession(proxy, { model, mode, policy: 'basic', trustedRoots: sim.trustedRoots() })
  return collect(session.stream([{ role: 'user', content: 'Tell me a longer story, with many words in it.' }]))
}

const verified = (events: ChatStreamEvent[]) => events.some((e) => e.type === 'signature' && e.signature.status === 'verified')

describe.each(['e2ee', 'tee'] as const)('%s: a stream edited on the path', (mode) => {
  it('untouched, the reply is verified (the edits below would pass if this did not)', async () => {
    const { error, events } = await chatThrough(mode)
    expect(error).toBeUndefined()
    expect(verified(events)).toBe(true)
  })

  it.each(Object.keys(EDITS))('%s: SIGNATURE_HASH_MISMATCH, never verified', async (name) => {
    const { error, events, text } = await chatThrough(mode, EDITS[name])
    expect(text.length).toBeGreaterThan(0) // the edited text did arrive: only the signature catches it
    expect(codeOf(error)).toBe('SIGNATURE_HASH_MISMATCH')
    expect(verified(events)).toBe(false)
  })
})
