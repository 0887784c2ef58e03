/**
 * The chat request's code is a chunk loaded at the first send, and the signature fetch's another (src/core/api/load-chat.ts):
 * a chunk that cannot be fetched is a typed NETWORK_ERROR, not an "unexpected failure", and the next call tries again.
 */
import { describe, expect, it, vi } from 'vitest'
import { loadChatRequest, loadSignatureFetch } from '../../src/core/api/load-chat.ts'
import { SealkitError } from '../../src/core/errors.ts'

const attempts = vi.hoisted(() => ({ count: 0, signature: 0 }))
vi.mock('../../src/core/api/chat.ts', async (importOriginal) => {
  if (++attempts.count === 1) throw new TypeError('Failed to fetch dynamically imported module: /assets/chat-x.js')
  return importOriginal()
})
vi.mock('../../src/core/api/signature.ts', async (importOriginal) => {
  if (++attempts.signature === 1) throw new TypeError('Failed to fetch dynamically imported module: /assets/signature-x.js')
  return importOriginal()
})

describe('loadChatRequest', () => {
  it('a chunk that could not be fetched is NETWORK_ERROR with its cause; the next call loads it', async () => {
    const error = await loadChatRequest().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(SealkitError)
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', message: 'The chat code could not be loaded' })
    // The import's own error (here wrapped by Vitest's mocker), kept for debugging.
    expect((error as SealkitError).cause).toBeInstanceOf(Error)
    const chat = await loadChatRequest()
    expect(typeof chat.streamChatCompletion).toBe('function')
    expect(attempts.count).toBe(2)
  })

  it('the signature fetch\'s chunk the same way', async () => {
    await expect(loadSignatureFetch()).rejects.toMatchObject({ code: 'NETWORK_ERROR', message: 'The signature code could not be loaded' })
    expect(typeof (await loadSignatureFetch()).fetchResponseSignature).toBe('function')
    expect(attempts.signature).toBe(2)
  })
})
