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

/** The holder started with the page, and the function that made it (`undefined`: the package's worker). */
let started: { holder: Promise<KeyHolder | undefined>; make: MakeKeyHolder | undefined } | undefined
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
 * An app's `make` is run as given, its own fallback included.
 * @example prestartKeyHolder() // at module evaluation, before React renders
 */
export function prestartKeyHolder(make?: MakeKeyHolder): void {
  if (startedOnce || typeof document === 'undefined' || typeof Worker === 'undefined') return
  startedOnce = true
  started = { holder: (make ? Promise.resolve().then(make) : createWorkerKeyHolder()).catch(() => undefined), make }
}

/**
 * A key holder for a new session that keeps its key where `make` says (`undefined`: the package's default): the one
 * `prestartKeyHolder` started, if no session took it yet, it started, and the same `make` made it; else a new one.
 * One made by another `make` (a second config on the page) is released, never handed to a session that named its own.
 * @example createChatSession(client, { model, mode: 'e2ee', keyHolder: () => takeKeyHolder() })
 */
export async function takeKeyHolder(make?: MakeKeyHolder): Promise<KeyHolder> {
  const start = takeStarted()
  if (start && start.make === make) {
    const holder = await start.holder
    if (holder) return holder
  } else release(start)
  return make ? make() : createDefaultKeyHolder()
}

/** The holder `prestartKeyHolder` started, if no session took it yet; from then on, none is started. */
function takeStarted(): typeof started {
  const start = started
  started = undefined
  startedOnce = true // a prestart asked for later would make a key pair no session takes
  return start
}

/** Destroys a started holder no session will take: its key zeroed, its worker closed. */
function release(start: typeof started): void {
  void start?.holder.then((h) => h?.destroy())
}

/**
 * A session that brings its own key holder takes none started with the page: the one `prestartKeyHolder`
 * started, if no session took it, is destroyed (its key zeroed, its worker closed) rather than left
 * holding a key no session will ever use. Later sessions without their own get a new default one.
 * @example keyHolder ? (releasePrestartedKeyHolder(), keyHolder()) : takeKeyHolder()
 */
export function releasePrestartedKeyHolder(): void {
  release(takeStarted())
}
