import type { Check } from '../report.ts'
import { identityChanges, type CodeIdentity, type IdentitySummary } from './identity.ts'
import type { MeasurementStore, StoredIdentity } from './store.ts'

/**
 * Continuity of a model's code identity (trust on first use). `compare` reads what was
 * remembered and yields the `identity.continuity` check; `remember` stores the identity
 * only after the attestation verified, so a failed one never becomes "seen before".
 *
 * @example
 * ```ts
 * const { check, continuity } = await compareIdentity(store, 'e2ee-qwen3-5-122b-a10b', identity, { onChange: 'warn' })
 * if (report.verdict === 'passed') await rememberIdentity(store, key, identity, previous, at)
 * ```
 */
export async function compareIdentity(
  store: MeasurementStore | undefined,
  key: string,
  identity: CodeIdentity | undefined,
  options: { onChange?: 'warn' | 'fail' },
): Promise<{
  /** The `identity.continuity` check. */
  check: Check
  /** Count, dates and changes, for `report.identity.continuity`; `undefined` when nothing was remembered. */
  continuity?: IdentitySummary['continuity']
  /** What was remembered, to pass to `rememberIdentity`. */
  previous?: StoredIdentity
}> {
  const base = { id: 'identity.continuity', label: 'Same code as last time' }
  if (!store) return { check: { ...base, status: 'skipped', detail: 'No measurement store: whether the code changed since last time is not tracked.' } }
  if (!identity) return { check: { ...base, status: 'skipped', detail: 'No TDX quote: there is no code identity to compare.' } }
  let previous: StoredIdentity | undefined
  try {
    previous = (await store.get(key)) ?? undefined
  } catch (e) {
    return { check: { ...base, status: 'failed', detail: `The measurement store could not be read: ${(e as Error).message}.` } }
  }
  // Trust on first use: nothing to compare yet, so nothing passed (the code assurance says "first seen").
  if (!previous) return { check: { ...base, status: 'skipped', detail: 'First time this model is seen: nothing to compare yet. Its code identity is remembered once verification passes.' }, continuity: { count: 0, since: '' } }
  const changes = identityChanges(previous.identity, identity)
  if (changes.length === 0) {
    return {
      check: { ...base, status: 'passed', detail: `Seen before: ${previous.count} verified ${previous.count === 1 ? 'attestation' : 'attestations'} since ${previous.since} carried the same code.` },
      continuity: { count: previous.count, since: previous.since, lastSeen: previous.lastSeen },
      previous,
    }
  }
  const evidence = Object.fromEntries(changes.map((c) => [c.what, `${c.from} → ${c.to}`]))
  const summary = `Changed since ${previous.lastSeen}: ${changes.map((c) => c.what).join(', ')}.`
  const fail = options.onChange === 'fail'
  return {
    check: {
      ...base,
      status: fail ? 'failed' : 'passed',
      ...(fail ? {} : { warning: true as const }),
      detail: fail ? `${summary} The policy (onIdentityChange: 'fail') does not accept a change.` : `${summary} Accepted with a warning (onIdentityChange: 'warn').`,
      evidence,
    },
    continuity: { count: previous.count, since: previous.since, lastSeen: previous.lastSeen, changes },
    previous,
  }
}

/** Remembers a verified identity: counts it when unchanged, starts over when it changed. */
export async function rememberIdentity(store: MeasurementStore, key: string, identity: CodeIdentity, previous: StoredIdentity | undefined, at: Date): Promise<void> {
  const now = at.toISOString()
  const same = previous && identityChanges(previous.identity, identity).length === 0
  await store.set(key, same ? { ...previous, lastSeen: now, count: previous.count + 1 } : { identity, since: now, lastSeen: now, count: 1 })
}
