import { decrypt, encrypt, generateClientKeyPair, generateNonce, type ClientKeyPair } from '../../src/core/crypto/index.ts'
import type { AttestationResponse, ChatCompletionChunk } from '../../src/core/api/types.ts'
import type { Simulator } from '../../src/simulator/index.ts'

export const BASE = 'http://simulator.test/api/v1'
export const E2EE_MODEL = 'e2ee-qwen3-5-122b-a10b'
export const TEE_MODEL = 'tee-qwen3-5-122b-a10b'
export const PLAIN_MODEL = 'llama-3.3-70b'

/** One SSE event's data: a parsed JSON object, or the literal `[DONE]`. */
export type SseData = ChatCompletionChunk | '[DONE]'

/** Splits an SSE body into its `data:` payloads (the simulator writes one `data:` line per event). */
export function parseSse(body: string): SseData[] {
  return body
    .split('\n\n')
    .filter((e) => e.length > 0)
    .map((e) => {
      if (!e.startsWith('data: ')) throw new Error(`not an SSE data event: ${JSON.stringify(e)}`)
      const data = e.slice(6)
      return data === '[DONE]' ? '[DONE]' : (JSON.parse(data) as ChatCompletionChunk)
    })
}

export const chunksOf = (events: SseData[]): ChatCompletionChunk[] => events.filter((e): e is ChatCompletionChunk => e !== '[DONE]')
export const contentsOf = (events: SseData[]): string[] =>
  chunksOf(events)
    .map((c) => c.choices?.[0]?.delta?.content)
    .filter((c): c is string => typeof c === 'string' && c !== '')

export async function attest(sim: Simulator, model = E2EE_MODEL, init?: RequestInit): Promise<AttestationResponse & { signing_key: string }> {
  const res = await sim.fetch(`${BASE}/tee/attestation?model=${model}&nonce=${generateNonce()}`, init)
  if (res.status !== 200) throw new Error(`attestation answered ${res.status}`)
  return (await res.json()) as AttestationResponse & { signing_key: string }
}

export interface E2EEChat {
  response: Response
  keys: ClientKeyPair
  body: string
}

/** Sends an E2EE chat the way the seed does: user message encrypted to the model key, the three headers. */
export async function e2eeChat(
  sim: Simulator,
  modelKey: string,
  prompt: string,
  opts: { model?: string; headers?: Record<string, string>; extra?: Record<string, unknown>; keys?: ClientKeyPair; url?: string } = {},
): Promise<E2EEChat> {
  const keys = opts.keys ?? generateClientKeyPair()
  const body = JSON.stringify({
    model: opts.model ?? E2EE_MODEL,
    messages: [{ role: 'user', content: encrypt(prompt, modelKey) }],
    stream: true,
    venice_parameters: { enable_e2ee: true },
    ...opts.extra,
  })
  const response = await sim.fetch(opts.url ?? `${BASE}/chat/completions`, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer test',
      'Content-Type': 'application/json',
      'X-Venice-TEE-Client-Pub-Key': keys.publicKeyHex,
      'X-Venice-TEE-Model-Pub-Key': modelKey,
      'X-Venice-TEE-Signing-Algo': 'ecdsa',
      ...opts.headers,
    },
    body,
  })
  return { response, keys, body }
}

export const decryptAll = (contents: string[], keys: ClientKeyPair): string => contents.map((c) => decrypt(c, keys.privateKey)).join('')

export async function errorOf(res: Response): Promise<{ status: number; message: string }> {
  const body = (await res.json()) as { error?: { message?: string } }
  return { status: res.status, message: body.error?.message ?? '' }
}
