/**
 * The attestation request started by the page's HTML, before the app's main chunk is fetched,
 * compiled and evaluated, and taken by the first attestation of the same model.
 *
 * Why: the config starts its attestation right after the main chunk is evaluated, and the page's main
 * thread only reads the answer once that evaluation and React's first render are over. Started by
 * a classic script in the head, the request goes out with the HTML, its body is read while the
 * main chunk still downloads, and the config hands it to the verification worker in the same task
 * it starts in. On a real network the whole report download overlaps the main chunk's.
 *
 * The script (`earlyAttestationScript(target)`) makes a fresh 32-byte nonce (`crypto.getRandomValues`),
 * requests the report exactly as `fetchAttestation` would (same URL, `Accept` header, no API key:
 * the HTML holds no secret) and leaves the request under a registered symbol. `attestModel` takes it
 * (`takeEarlyAttestation`), once, when everything matches: the same URL with the script's nonce, a
 * client without an API key, headers or a fetch of its own, and at most
 * `EARLY_ATTESTATION_MAX_AGE` old. It is then verified like any report, against the script's
 * nonce; nothing about it is trusted for having come early. When it does not match, the first
 * attestation that passes it by says why once in the dev console, and it is left for another.
 *
 * With `models: true` the script also requests the models list, which `request` takes by its URL
 * (`./early-requests.ts`, where the rules both share live).
 *
 * Trust: only code that runs in the page can put a request there, and such code can already
 * replace `fetch` or `crypto` itself. The nonce is the script's, the evidence must bind it.
 *
 * @example
 * // a server-rendered page's head
 * `<script>${earlyAttestationScript({ baseURL: 'https://api.example.com/v1', model: 'e2ee-qwen3-5-122b-a10b' })}</script>`
 */
import { inlineScript, scriptLiteral } from '../inline-script.ts'
import { warnOnceInDevelopment } from '../worker/dev-warning.ts'
import { untilAborted } from './abort.ts'
import { ApiError, SealkitError } from '../errors.ts'
import type { SigningAlgo } from '../crypto/scheme.ts'
import type { ProviderName } from '../providers/provider.ts'
import { markTiming } from '../timing.ts'
import type { FetchAttestationReturnType } from './attestation.ts'
import { createClient, providerOf, signingAlgoOf, type SealkitClient } from './client.ts'
import { EARLY_ATTESTATION_MAX_AGE, earlyAgeOf, earlyBodyOf, earlyRequestMismatch, earlyRequestOf, isEarlyRequest, type EarlyBody, type EarlyRequest } from './early-requests.ts'
import { apiErrorFrom, errorText, jsonObjectOf, requestUrl } from './http.ts'

/** Where the HTML's script leaves its request: `Symbol.for` so the script needs no import. */
export const EARLY_ATTESTATION = Symbol.for('sealkit.earlyAttestation')


/** What the page's HTML attests: a model, and where the app's client asks (no API key or headers: the HTML holds no secret). */
export interface EarlyAttestationTarget {
  /** The model the page attests first, e.g. the config's `defaultModel`. */
  model: string
  /** The client's `baseURL` (absolute). Default: the provider's public API. */
  baseURL?: string
  /** The client's provider. Default `venice`. */
  provider?: ProviderName
  /** The client's signing algorithm. Default: the provider's first. */
  signingAlgo?: SigningAlgo
  /**
   * Also request the models list (`GET /models`), which `<PrivateChat>`, `useModels` and
   * `useE2EESession` ask for first; the first of them takes it (`request`, by its exact URL).
   */
  models?: boolean
}

/** What the HTML's script leaves for the attestation: the request, and the nonce it made. */
interface EarlyAttestation extends EarlyRequest {
  url: string
  nonce: string
}

// Survives URLSearchParams unchanged, and is no hex nonce: the script puts its nonce there.
const NONCE_SLOT = '__sealkit_nonce__'
const NONCE = /^[0-9a-f]{64}$/

/** The request `attestModel` would send for `model` with `nonce`, as a URL. */
function attestationUrl(client: SealkitClient, model: string, nonce: string): string {
  const { path, query } = providerOf(client).attestationRequest({ model, nonce, signingAlgo: signingAlgoOf(client) })
  return requestUrl(client, path, query)
}

/**
 * The classic script (no `<script>` tags) that requests `target`'s attestation report with a fresh
 * nonce and leaves it for sealkit. Throws `INVALID_ARGUMENT` for a target no client could ask for.
 * Safe inside an HTML `<script>` element whatever the target holds.
 * @example html.replace('<head>', `<head><script>${earlyAttestationScript({ baseURL, model })}</script>`)
 */
export function earlyAttestationScript(target: EarlyAttestationTarget): string {
  if (typeof target?.model !== 'string' || target.model === '') throw new SealkitError('INVALID_ARGUMENT', { message: 'earlyAttestationScript: model is required' })
  const { model, models, ...where } = target
  const client = createClient(where)
  const template = attestationUrl(client, model, NONCE_SLOT)
  return inlineScript(
    'var b=new Uint8Array(32),n="",p=performance,o=p.timeOrigin,i,g={};crypto.getRandomValues(b);' +
    'for(i=0;i<32;i++)n+=(b[i]<16?"0":"")+b[i].toString(16);' +
    // One GET as `request` sends it; its body read as soon as it is in, while the main thread is still
    // free: `settled` is there before the app runs.
    'function f(u){var e={at:Date.now(),start:o+p.now()};' +
    'e.body=fetch(u,{headers:{Accept:"application/json"}}).then(function(r){return r.text().then(function(t){return e.settled={status:r.status,text:t,end:o+p.now()}})});' +
    'e.body.catch(function(){});return e}' +
    // The last placeholder is the nonce's: the model or base URL before it may spell the placeholder too.
    `var u=${scriptLiteral(template)},k=u.lastIndexOf(${scriptLiteral(NONCE_SLOT)});u=u.slice(0,k)+n+u.slice(k+${NONCE_SLOT.length});var e=f(u);e.url=u;e.nonce=n;` +
    'globalThis[Symbol.for("sealkit.earlyAttestation")]=e;' +
    (models ? `u=${scriptLiteral(requestUrl(client, '/models'))};g[u]=f(u);globalThis[Symbol.for("sealkit.earlyRequests")]=g` : ''),
  )
}

/**
 * The entry's fields, each read once into a plain object: a getter or proxy cannot show the checks
 * one nonce and the verification another. Throws what a getter throws.
 */
const snapshot = (value: unknown): Partial<EarlyAttestation> | undefined => {
  if (typeof value !== 'object' || value === null) return undefined
  const { url, nonce, ...request } = value as Partial<EarlyAttestation>
  return { url, nonce, ...earlyRequestOf(request) }
}

const isEarly = (e: Partial<EarlyAttestation> | undefined): e is EarlyAttestation =>
  e !== undefined && typeof e.url === 'string' && typeof e.nonce === 'string' && NONCE.test(e.nonce) && isEarlyRequest(e)

/** Why `client` may not take the early request for `model`; undefined when it may. */
function mismatch(client: SealkitClient, model: string, early: EarlyAttestation): string | undefined {
  const why = earlyRequestMismatch(client)
  if (why) return why
  const url = attestationUrl(client, model, early.nonce)
  if (url !== early.url) return `this attestation asks for ${url.replace(early.nonce, '<nonce>')}, the page asked for ${early.url.replace(early.nonce, '<nonce>')}`
  return undefined
}

/**
 * The attestation request the HTML's script started for `model` as this client would send it,
 * once: a later call gets undefined. Undefined too when there is none, when it is older than
 * `EARLY_ATTESTATION_MAX_AGE` (dropped) or than `maxAge` (the caller's staleTime; left), or when
 * it does not match (then it stays for another attestation, and the first mismatch is reported
 * once in the dev console). Never throws.
 */
export function takeEarlyAttestation(client: SealkitClient, model: string, maxAge: number = EARLY_ATTESTATION_MAX_AGE): EarlyAttestation | undefined {
  const scope = globalThis as unknown as Record<symbol, unknown>
  try {
    if (scope[EARLY_ATTESTATION] === undefined) return undefined
    const early = snapshot(scope[EARLY_ATTESTATION])
    const age = isEarly(early) ? earlyAgeOf(early) : undefined
    if (!isEarly(early) || age === undefined) {
      Reflect.deleteProperty(scope, EARLY_ATTESTATION)
      return undefined
    }
    // Younger than the default, but older than this caller's staleTime: left for none but a fresher caller.
    if (age > maxAge) return undefined
    const why = mismatch(client, model, early)
    if (why) {
      warnOnceInDevelopment('early-attestation', `sealkit: the attestation request the page's HTML started is not used here: ${why}. It is left for a matching attestation for ${EARLY_ATTESTATION_MAX_AGE / 1000} s.`)
      return undefined
    }
    // Taken once: an entry that cannot be removed (a non-configurable property) is taken by none.
    return Reflect.deleteProperty(scope, EARLY_ATTESTATION) ? early : undefined
  } catch {
    // A getter or proxy that throws: malformed, dropped.
    Reflect.deleteProperty(scope, EARLY_ATTESTATION)
    return undefined
  }
}

/**
 * The early request's answer as `fetchAttestation` gives it, failures typed the same way. Synchronous
 * when the script has already read the body, so that verification can start in the caller's task.
 */
export function earlyAttestationAnswer(early: EarlyAttestation, signal?: AbortSignal): FetchAttestationReturnType | Promise<FetchAttestationReturnType> {
  markTiming('attestation-fetch', early.start)
  const answer = (body: EarlyBody): FetchAttestationReturnType => {
    const read = earlyBodyOf(body)
    if (!read) throw new ApiError('INVALID_RESPONSE', { message: 'The page\'s attestation request left an answer outside its shape' })
    markTiming('attestation-fetched', read.end)
    // The HTML's request carries no credentials (a page's HTML holds no secret; only a client without any takes it).
    if (read.status < 200 || read.status > 299) throw apiErrorFrom(read.status, errorText(read.text), { noCredentials: true })
    const { raw, json } = jsonObjectOf(read.text, read.status)
    return { nonce: early.nonce, response: json, raw }
  }
  if (early.settled) return answer(early.settled)
  // Promise.resolve: a promise of this realm, whatever the slot holds.
  const read = Promise.resolve(early.body).then(answer, (cause: unknown) => {
    throw new ApiError('NETWORK_ERROR', { cause, details: { url: early.url } })
  })
  // The page's request is not the caller's to cancel, but the caller stops waiting for it, as for a request of its own.
  return signal ? untilAborted(read, signal) : read
}
