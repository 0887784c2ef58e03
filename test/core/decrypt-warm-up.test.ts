import { expect, test, vi } from 'vitest'
import type { ClientKeyPair } from '../../src/core/crypto/keys.ts'

// Every key pair the worker's code makes, to check what became of it.
const made: ClientKeyPair[] = []
vi.mock('../../src/core/crypto/keys.ts', async (importOriginal) => {
  const keys = await importOriginal<typeof import('../../src/core/crypto/keys.ts')>()
  return {
    ...keys,
    generateClientKeyPair: () => {
      const pair = keys.generateClientKeyPair()
      made.push(pair)
      return pair
    },
  }
})

const { createDecryptWorkerHandler, warmUpE2ee } = await import('../../src/core/worker/decrypt-worker.ts')
const { encrypt } = await import('../../src/core/crypto/e2ee.ts')

test("the E2EE warm-up round-trips under a key pair of its own, zeroed after; the session's key is untouched", async () => {
  const handler = createDecryptWorkerHandler({ installEcdh: async () => undefined })
  const init = await handler.handleMessage({ type: 'init', id: 1 })
  expect(init).toMatchObject({ id: 1, ok: true })
  const session = made[0]!
  expect(made).toHaveLength(1)

  expect(warmUpE2ee()).toBe(true)
  expect(made).toHaveLength(2)
  const throwaway = made[1]!
  expect(throwaway.publicKeyHex).not.toBe(session.publicKeyHex)
  expect(throwaway.destroyed).toBe(true)
  expect(throwaway.privateKey.every((b) => b === 0)).toBe(true)

  // The session still decrypts what is sent to its key.
  expect(session.destroyed).toBe(false)
  const reply = await handler.handleMessage({ type: 'decrypt', id: 2, wire: encrypt('after the warm-up', session.publicKeyHex) })
  expect(reply).toEqual({ id: 2, ok: true, text: 'after the warm-up' })
})
