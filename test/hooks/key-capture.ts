import { vi } from 'vitest'
import type { ClientKeyPair } from '../../src/core/crypto/keys.ts'

/**
 * Every client key pair the code under test generates, captured by mocking
 * `generateClientKeyPair` (import this module before the code under test, and
 * call `vi.mock` as below in the test file).
 */
export const generatedKeys: ClientKeyPair[] = []

export async function capturingKeysModule(importOriginal: () => Promise<typeof import('../../src/core/crypto/keys.ts')>) {
  const original = await importOriginal()
  return {
    ...original,
    generateClientKeyPair: vi.fn(() => {
      const keys = original.generateClientKeyPair()
      generatedKeys.push(keys)
      return keys
    }),
  }
}
