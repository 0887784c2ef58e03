import { ApiError, SealkitError, isSealkitError } from '../errors.ts'
import { sleep } from './abort.ts'
import { providerOf, signingAlgoOf, type SealkitClient } from './client.ts'
import { readText, request } from './http.ts'
import { isObject } from '../is-object.ts'

/** What {@link fetchResponseSignature} asks for. */
export interface FetchResponseSignatureParameters {
  /** The model id the completion was made with. */
  model: string
  /** The completion id (`chatcmpl-...`), from the stream's chunks. */
  requestId: string
  /** Cancels the request; it then rejects with `ABORTED`. */
  signal?: AbortSignal
  /**
   * Extra attempts while the server answers a plain 404 (`SIGNATURE_UNAVAILABLE`):
   * the signature is stored just after the stream ends. Default 3.
   */
  retries?: number
  /** Pause before each retry, in ms. Default 250. */
  retryDelayMs?: number
}

/** A `/tee/signature` answer in one shape, whichever of the two the server used. */
export interface ResponseSignature {
  /** The signed text, `<model>:<sha256 request>:<sha256 response>` (older: `<request>:<response>`). */
  text: string
  /** `0x` + lowercase hex (r || s || v for ECDSA). */
  signature: string
  /**
   * The address (`0x` + 40 hex) the server says signed; `undefined` when it did not say. Checked against the attested
   * address, never trusted.
   */
  signingAddress?: string
  /** The signature algorithm the server names (`ecdsa`, `ed25519`); `undefined` when it did not say. */
  signingAlgo?: string
  /** The signer's public key, when the server sent it (object form). */
  publicKey?: string
  /** The body exactly as received. */
  raw: string
}

/** The normalized signature: see {@link ResponseSignature}. */
export type FetchResponseSignatureReturnType = ResponseSignature

/**
 * `GET /tee/signature?model=M&request_id=ID`, retried briefly while the signature is
 * not yet available (a 404, or an answer that holds no signature: `SIGNATURE_UNAVAILABLE`; one that holds a
 * malformed signature is `INVALID_RESPONSE`). Check the result with `verifyResponseSignature` against the
 * exact request body and response bytes.
 *
 * @example
 * const sig = await fetchResponseSignature(client, { model, requestId: chunk.id })
 * sig.text // 'e2ee-qwen3-5-122b-a10b:<sha256 req>:<sha256 resp>'
 */
export async function fetchResponseSignature(client: SealkitClient, parameters: FetchResponseSignatureParameters): Promise<FetchResponseSignatureReturnType> {
  const { model, requestId, signal, retries = 3, retryDelayMs = 250 } = parameters
  if (!model || !requestId) throw new SealkitError('INVALID_ARGUMENT', { message: 'model and requestId are required' })
  for (let attempt = 0; ; attempt++) {
    try {
      const { path, query } = providerOf(client).signatureRequest({ model, requestId, signingAlgo: signingAlgoOf(client) })
      const response = await request(client, path, {
        query,
        notFound: 'SIGNATURE_UNAVAILABLE',
        ...(signal ? { signal } : {}),
      })
      const raw = await readText(response, signal)
      // An answer that is no signature at all (an error object, an HTML page, an empty body) is none served yet; one
      // that claims to be a signature (it has `text` or `signature`) and does not parse is INVALID_RESPONSE.
      const answer = signatureAnswerOf(raw)
      if (!answer) throw new SealkitError('SIGNATURE_UNAVAILABLE', { message: 'The signature endpoint answered with no signature', details: { length: raw.length } })
      return normalizeSignature(answer, raw)
    } catch (error) {
      if (!(isSealkitError(error) && error.code === 'SIGNATURE_UNAVAILABLE') || attempt >= retries) throw error
    }
    await sleep(retryDelayMs, signal)
  }
}

/** The answer as a JSON object that names a signature (`text` or `signature`), else `undefined`. */
function signatureAnswerOf(raw: string): Record<string, unknown> | undefined {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return undefined
  }
  return isObject(json) && ('text' in json || 'signature' in json) ? json : undefined
}

/**
 * Normalises both answer shapes: `signature` as a string, or `{ algorithm, value, public_key }`.
 * Throws `INVALID_RESPONSE` when `text` or a hex signature is missing.
 *
 * @example normalizeSignature({ text: 't', signature: 'ab' }, raw).signature // '0xab'
 */
export function normalizeSignature(json: Record<string, unknown>, raw: string): ResponseSignature {
  const { text, signature, signing_address, signing_algo } = json
  const invalid = (message: string): ApiError => new ApiError('INVALID_RESPONSE', { message })
  if (typeof text !== 'string' || text === '') throw invalid('The signature response has no signed text')
  let value: unknown = signature
  let algorithm: unknown
  let publicKey: unknown
  if (isObject(signature)) {
    value = signature.value ?? signature.signature
    algorithm = signature.algorithm
    publicKey = signature.public_key
  }
  if (typeof value !== 'string') throw invalid('The signature response has no signature')
  const hex = value.replace(/^0x/i, '')
  if (hex === '' || !/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2 !== 0) throw invalid('The signature is not hex')
  const out: ResponseSignature = { text, signature: '0x' + hex.toLowerCase(), raw }
  if (typeof signing_address === 'string' && signing_address) out.signingAddress = signing_address
  const algo = typeof signing_algo === 'string' && signing_algo ? signing_algo : algorithm
  if (typeof algo === 'string' && algo) out.signingAlgo = algo
  if (typeof publicKey === 'string' && publicKey) out.publicKey = publicKey
  return out
}
