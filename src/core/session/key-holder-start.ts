/**
 * The first E2EE session's key holder, started with the page rather than when the session opens:
 * the decryption worker loads its code and makes the key pair while the models list and the
 * attestation are on their way. The key pair is as fresh and as private as one made later (it
 * never leaves the worker), and it goes to exactly one session.
 */
import type { KeyHolder } from '../crypto/key-holder.ts'
import { createDefaultKeyHolder } from '../worker/worker-key-holder.ts'

let started: Promise<KeyHolder> | undefined
let startedOnce = false

/**
 * Starts the default key holder (`createDefaultKeyHolder`: the decryption worker) for the next
 * session to take. At most once per page, only where Web Workers exist (nothing on a server or in
 * a test environment without them). `createSealkitConfig` calls it when the app names its `defaultModel` (not a `tee-` one, nor for an Ed25519 client: no session would take it).
 * @example prestartKeyHolder() // at module evaluation, before React renders
 */
export function prestartKeyHolder(): void {
  if (startedOnce || typeof document === 'undefined' || typeof Worker === 'undefined') return
  startedOnce = true
  started = createDefaultKeyHolder()
  started.catch(() => {}) // never rejects today (it falls back); the session that takes it would report it
}

/**
 * A key holder for a new session: the one `prestartKeyHolder` started, if no session took it yet,
 * else a new default one.
 * @example createChatSession(client, { model, mode: 'e2ee', keyHolder: takeKeyHolder })
 */
export function takeKeyHolder(): Promise<KeyHolder> {
  return takeStarted() ?? createDefaultKeyHolder()
}

/** The holder `prestartKeyHolder` started, if no session took it yet; from then on, none is started. */
function takeStarted(): Promise<KeyHolder> | undefined {
  const holder = started
  started = undefined
  startedOnce = true // a prestart asked for later would make a key pair no session takes
  return holder
}

/**
 * A session that brings its own key holder takes none started with the page: the one `prestartKeyHolder`
 * started, if no session took it, is destroyed (its key zeroed, its worker closed) rather than left
 * holding a key no session will ever use. Later sessions without their own get a new default one.
 * @example keyHolder ? (releasePrestartedKeyHolder(), keyHolder()) : takeKeyHolder()
 */
export function releasePrestartedKeyHolder(): void {
  void takeStarted()?.then(
    (h) => h.destroy(),
    () => {},
  )
}
