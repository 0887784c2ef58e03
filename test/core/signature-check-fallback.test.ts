/**
 * A key holder that offers to check response signatures (the decryption worker) and fails to: the session
 * checks on this thread instead, with the same verdict, and says so in `keyHolder.signatureCheck` and once in
 * the dev console. A fallback is never silent.
 */
import { afterEach, expect, it, vi } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import type { KeyHolder } from '../../src/core/crypto/key-holder.ts'
import { createLocalKeyHolder } from '../../src/core/crypto/local-key-holder.ts'
import { createChatSession } from '../../src/core/session/chat-session.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { collect } from '../helpers/collect-stream.ts'

afterEach(() => vi.restoreAllMocks())

it("a holder whose signature check crashes: verified on this thread, and said in the API and once in the console", async () => {
  const sim = createSimulator({ seed: 'signature-check-fallback' })
  const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: (url, init) => sim.fetch(url, init) })
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  let asked = 0
  const holder = (): KeyHolder => {
    const local = createLocalKeyHolder()
    return {
      kind: 'worker',
      publicKeyHex: local.publicKeyHex,
      decrypt: local.decrypt,
      destroy: local.destroy,
      verifyResponseSignature: async () => {
        asked++
        throw new Error('worker crashed')
      },
    } as KeyHolder
  }
  const session = createChatSession(client, { model: 'e2ee-qwen3-5-122b-a10b', mode: 'e2ee', trustedRoots: sim.trustedRoots(), keyHolder: holder })
  expect(session.keyHolder?.signatureCheck).toBeUndefined()
  for (const text of ['hi', 'again']) {
    const { events } = await collect(session.stream([{ role: 'user', content: text }]))
    expect(events.find((e) => e.type === 'signature')).toMatchObject({ signature: { status: 'verified' } })
  }
  expect(asked).toBe(2)
  expect(session.keyHolder).toMatchObject({ kind: 'worker', signatureCheck: { where: 'main-thread', reason: expect.stringContaining('Error') } })
  const said = warn.mock.calls.filter(([message]) => String(message).includes('response signature was checked on the main thread'))
  expect(said).toHaveLength(1)
  session.destroy()
})
