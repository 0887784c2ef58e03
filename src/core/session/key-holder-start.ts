/**
 * The first E2EE session's key holder, started with the page rather than when the session opens:
 * the decryption worker loads its code and makes the key pair while the models list and the
 * attestation are on their way. The key pair is as fresh and as private as one made later (it
 * never leaves the worker), and it goes to exactly one session.
 */
import type { KeyHolder } from '../crypto/key-holder.ts'
import { createDefaultKeyHolder, createWorkerKeyHolder } from '../worker/worker-key-holder.ts'

/** Where the app keeps E2EE keys: `createSealkitConfig({ keyHolder })`, else sealkit's default. */
export type MakeKeyHolder = () => KeyHolder | Promise<KeyHolder>

let started: Promise<KeyHolder | undefined> | undefined
let startedOnce = false

/**
 * Starts the key holder the next session takes: the app's (`make`, the config's `keyHolder`), else the package's
 * decryption worker. At most once per page, only where Web Workers exist (nothing on a server or in a test
 * environment without them). `createSealkitConfig` calls it when the app names its `defaultModel` (not a `tee-` one,
 * nor for an Ed25519 client: no session would take it).
 *
 * The package's worker is started without its fallback to this thread: a page whose sessions bring their own holder
 * must not make a key pair here, nor warn that the key is on this thread when the sessions keep theirs elsewhere. If
 * it cannot start, nothing is held, and the session that opens makes its default holder, which falls back and says so.
 * @example prestartKeyHolder() // at module evaluation, before React renders
 */
export function prestartKeyHolder(make?: MakeKeyHolder): void {
  if (startedOnce || typeof document === 'undefined' || typeof Worker === 'undefined') return
  startedOnce = true
  started = (make ? Promise.resolve().then(make) : createWorkerKeyHolder()).catch(() => undefined)
}

/**
 * A key holder for a new session: the one `prestartKeyHolder` started, if no session took it yet and it started,
 * else a new one from `make` (the config's `keyHolder`), else a new default one.
 * @example createChatSession(client, { model, mode: 'e2ee', keyHolder: () => takeKeyHolder() })
 */
export async function takeKeyHolder(make: MakeKeyHolder = createDefaultKeyHolder): Promise<KeyHolder> {
  return (await takeStarted()) ?? make()
}

/** The holder `prestartKeyHolder` started, if no session took it yet; from then on, none is started. */
function takeStarted(): Promise<KeyHolder | undefined> | undefined {
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
  void takeStarted()?.then((h) => h?.destroy())
}
