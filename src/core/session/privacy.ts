import { SealkitError } from '../errors.ts'

/** How private a chat is: encrypted end to end, run in an attested enclave, or neither. */
export type PrivacyMode = 'e2ee' | 'tee' | 'none'

const RANK: Record<PrivacyMode, number> = { none: 0, tee: 1, e2ee: 2 }

/** True when `a` is at least as private as `b`. */
export function atLeast(a: PrivacyMode, b: PrivacyMode): boolean {
  return RANK[a] >= RANK[b]
}

/**
 * The privacy floor of a chat: the app's, never the server's. A model id beginning
 * `e2ee-` means end-to-end encryption, `tee-` an attested enclave; the app may ask for
 * more (`requested`), never for less than the id promises.
 *
 * @example
 * privacyFloorOf('e2ee-qwen3-5-122b-a10b')          // 'e2ee'
 * privacyFloorOf('llama-3.3-70b', 'tee')            // 'tee'
 * privacyFloorOf('e2ee-qwen3-5-122b-a10b', 'none')  // 'e2ee': the id's promise stands
 */
export function privacyFloorOf(model: string, requested: PrivacyMode = 'none'): PrivacyMode {
  const fromId: PrivacyMode = model.startsWith('e2ee-') ? 'e2ee' : model.startsWith('tee-') ? 'tee' : 'none'
  return atLeast(requested, fromId) ? requested : fromId
}

/**
 * The privacy a chat runs at, given what the server offers for the model (its `/models`
 * capability flags): the server may raise privacy above the floor, never lower it.
 * Throws `PRIVACY_DOWNGRADE` when it offers less than the floor, so the app refuses
 * instead of sending a prompt the user believed encrypted in plaintext.
 *
 * @example
 * resolvePrivacy({ model: 'tee-x', offered: 'e2ee' })   // 'e2ee'
 * resolvePrivacy({ model: 'e2ee-x', offered: 'tee' })   // throws PRIVACY_DOWNGRADE
 */
export function resolvePrivacy(params: { model: string; offered: PrivacyMode; floor?: PrivacyMode }): PrivacyMode {
  const floor = privacyFloorOf(params.model, params.floor)
  assertPrivacy(params.model, params.offered, floor)
  return params.offered
}

/** Throws `PRIVACY_DOWNGRADE` when `mode` is below `floor`. */
export function assertPrivacy(model: string, mode: PrivacyMode, floor: PrivacyMode): void {
  if (atLeast(mode, floor)) return
  throw new SealkitError('PRIVACY_DOWNGRADE', {
    message: `${model} must be ${describe(floor)}, but the server offers it ${describe(mode)}: refused rather than sent with less privacy`,
    details: { model, required: floor, offered: mode },
  })
}

function describe(mode: PrivacyMode): string {
  return mode === 'e2ee' ? 'end-to-end encrypted' : mode === 'tee' ? 'in an attested enclave' : 'without an enclave'
}
