/**
 * Requests the page's HTML sent before the app's code ran (`earlyAttestationScript`), and when a
 * client may take one instead of sending its own: the attestation report (`./early-attestation.ts`)
 * and plain GETs such as the models list, which `request` takes by their exact URL.
 *
 * The HTML holds no secret, so its requests carry none: only a client that would send them exactly
 * so (no API key, no headers of its own, the platform's fetch) may take one, once, and only within
 * `EARLY_ATTESTATION_MAX_AGE` of its start.
 */
import { usesPlatformFetch, type SealkitClient } from './client.ts'

/** Where the HTML's script leaves its plain GETs, by URL. */
export const EARLY_REQUESTS = Symbol.for('sealkit.earlyRequests')

/**
 * How old a request the page's HTML started may be when sealkit takes it; an attestation query counts
 * its staleness from when it took the report, so the report is at most this much older than `staleTime` says.
 */
export const EARLY_ATTESTATION_MAX_AGE = 30_000

/** A body as the HTML's script read it. */
export interface EarlyBody {
  status: number
  text: string
  /** When it was in, as an absolute time (`timeOrigin + now()`). */
  end: number
}

/** One request the HTML's script sent. */
export interface EarlyRequest {
  /** `Date.now()` when it was sent. */
  at: number
  /** When it was sent, as an absolute time. */
  start: number
  body: Promise<EarlyBody>
  /** The body once it is in: set by the script, so a taker needs no task turn to read it. */
  settled?: EarlyBody
}

/** The request's fields, each read once into a plain object (a getter cannot answer two reads differently). Throws what a getter throws. */
export function earlyRequestOf(value: Partial<EarlyRequest>): Partial<EarlyRequest> {
  const { at, start, body, settled } = value
  return { at, start, body, ...(settled === undefined ? {} : { settled }) }
}

/** A body's fields, each read once: undefined when they are not the shape the script leaves, or a getter throws. */
export function earlyBodyOf(body: unknown): { status: number; text: string; end: number | undefined } | undefined {
  try {
    const { status, text, end } = body as Partial<EarlyBody>
    return typeof status === 'number' && typeof text === 'string' ? { status, text, end: typeof end === 'number' ? end : undefined } : undefined
  } catch {
    return undefined
  }
}

/** Whether `e` has the shape the script leaves. */
export function isEarlyRequest(e: Partial<EarlyRequest> | undefined): e is EarlyRequest {
  return e !== undefined && typeof e.at === 'number' && typeof e.start === 'number' && typeof (e.body as Partial<Promise<unknown>> | undefined)?.then === 'function'
}

/**
 * Its age in ms, when it may still be taken: undefined past `EARLY_ATTESTATION_MAX_AGE`, and for a
 * time that is no number or after now (the clock stepped back since), which has no age to check.
 */
export function earlyAgeOf(e: EarlyRequest): number | undefined {
  const age = Date.now() - e.at
  return age >= 0 && age <= EARLY_ATTESTATION_MAX_AGE ? age : undefined
}

/** Why `client` would not send the HTML's key-less requests as they are; undefined when it would. */
export function earlyRequestMismatch(client: SealkitClient): string | undefined {
  if (client.apiKey) return "this client sends an API key, which the page's requests do not"
  if (Object.keys(client.headers).length > 0) return 'this client sends headers of its own'
  if (!usesPlatformFetch(client)) return 'this client sends its requests with a fetch of its own'
  return undefined
}

// Statuses whose responses have no body (the Response constructor refuses one).
const NULL_BODY = new Set([204, 205, 304])

/**
 * The GET the HTML's script sent to exactly `url`, as the `Response` fetch would have given, once;
 * undefined when there is none, it is stale, or `client` would not send it so. Never throws; a
 * request that failed rejects as fetch does.
 */
export function takeEarlyGet(client: SealkitClient, url: string): Promise<Response> | undefined {
  try {
    const all = (globalThis as unknown as Record<symbol, unknown>)[EARLY_REQUESTS] as Record<string, Partial<EarlyRequest>> | undefined
    if (typeof all !== 'object' || all === null || !Object.hasOwn(all, url)) return undefined
    const entry = all[url]
    // Taken once: an entry that cannot be removed is taken by none.
    if (!Reflect.deleteProperty(all, url) || typeof entry !== 'object' || entry === null) return undefined
    const early = earlyRequestOf(entry)
    if (!isEarlyRequest(early) || earlyAgeOf(early) === undefined || earlyRequestMismatch(client)) return undefined
    return Promise.resolve(early.body).then((body) => {
      const read = earlyBodyOf(body)
      if (!read) throw new TypeError("the page's request left an answer outside its shape")
      return new Response(NULL_BODY.has(read.status) ? null : read.text, { status: read.status })
    })
  } catch {
    return undefined
  }
}
