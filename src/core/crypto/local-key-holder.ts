import { CryptoError } from '../errors.ts'
import { decrypt } from './e2ee.ts'
import type { KeyHolder } from './key-holder.ts'
import { generateClientKeyPair } from './keys.ts'

/**
 * A key holder on the calling thread: a fresh `generateClientKeyPair()` and a
 * synchronous `decrypt`. The default of `createChatSession`.
 * @example
 * const holder = createLocalKeyHolder()
 * headers['X-Venice-TEE-Client-Pub-Key'] = holder.publicKeyHex
 * const text = holder.decrypt(chunk.choices[0].delta.content)
 * holder.destroy()
 */
export function createLocalKeyHolder(options: { reason?: string } = {}): KeyHolder {
  const keys = generateClientKeyPair()
  return {
    publicKeyHex: keys.publicKeyHex,
    kind: 'main-thread',
    reason: options.reason ?? 'a key holder on this thread was asked for',
    decrypt(wireHex: string): string {
      if (keys.destroyed) throw new CryptoError('KEY_DESTROYED')
      return decrypt(wireHex, keys.privateKey)
    },
    destroy() {
      keys.destroy()
    },
  }
}
