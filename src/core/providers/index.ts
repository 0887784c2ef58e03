import { SealkitError } from '../errors.ts'
import { nearai, nearaiDirect } from './nearai.ts'
import type { Provider, ProviderName } from './provider.ts'
import { venice } from './venice.ts'

export { nearai, nearaiDirect } from './nearai.ts'
export { venice } from './venice.ts'
export type { AttestationTarget, Provider, ProviderName } from './provider.ts'

export const PROVIDERS: Readonly<Record<ProviderName, Provider>> = Object.freeze({ venice, nearai, 'nearai-direct': nearaiDirect })

/** The provider of a name (or the provider itself); `INVALID_ARGUMENT` for an unknown name. */
export function resolveProvider(provider: ProviderName | Provider | undefined): Provider {
  if (provider === undefined) return venice
  if (typeof provider === 'object') return provider
  const found = (PROVIDERS as Record<string, Provider | undefined>)[provider]
  if (!found) throw new SealkitError('INVALID_ARGUMENT', { message: `Unknown provider: ${String(provider)} (expected venice, nearai or nearai-direct)` })
  return found
}
