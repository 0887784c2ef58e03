import { AttestationError } from '../../errors.ts'
import { bytesEqual, utf8Decode, utf8Encode } from '../../crypto/hex.ts'
import { isValidAt, parseCertificate } from '../x509/certificate.ts'
import { tryBase64ToBytes } from '../x509/pem.ts'
import { verifyEcdsa } from '../x509/signature.ts'

/**
 * Compact JWS (JWT) decoding and ES384 verification against a JWKS, as NVIDIA's
 * attestation service (NRAS) signs its tokens. Only ES384 is accepted: the algorithm
 * comes from our expectations, never from the token header alone.
 *
 * @example
 * ```ts
 * const token = decodeJwt(overallJwt)
 * token.claims.eat_nonce                    // 'd2f37ab5…'
 * await verifyJwt(token, jwks, { at })   // undefined when valid, else the reason
 * ```
 */

/** One JSON Web Key (NRAS signs with EC P-384 keys). */
export interface Jwk {
  /** Key type, `'EC'`. */
  kty?: string
  /** Curve, `'P-384'`. */
  crv?: string
  /** Key id, matched with a token's `kid`. */
  kid?: string
  /** The X coordinate, base64url. */
  x?: string
  /** The Y coordinate, base64url. */
  y?: string
  /** Certificate chain, base64 (not url) DER, leaf first. */
  x5c?: string[]
  [key: string]: unknown
}

/** A JSON Web Key Set: the keys NRAS tokens may be signed with. */
export interface Jwks {
  /** The keys. */
  keys: Jwk[]
}

/** A JWT split and decoded, not yet verified. */
export interface DecodedJwt {
  /** The token as received. */
  raw: string
  /** The decoded header (`alg`, `kid`, ...). */
  header: Record<string, unknown>
  /** The decoded claims. */
  claims: Record<string, unknown>
  /** ASCII `header.payload`: the signed bytes. */
  signingInput: Uint8Array
  /** The signature bytes (raw `r ‖ s` for ES384). */
  signature: Uint8Array
}

const malformed = (message: string): AttestationError => new AttestationError('ATTESTATION_MALFORMED', { message, details: { part: 'nras' } })

/**
 * Splits and decodes a compact JWT; verifies nothing.
 * @throws AttestationError `ATTESTATION_MALFORMED` when it is not a three-part JWS with JSON header and claims.
 */
export function decodeJwt(jwt: string, what = 'token'): DecodedJwt {
  if (typeof jwt !== 'string') throw malformed(`NRAS ${what} is not a string`)
  const parts = jwt.split('.')
  if (parts.length !== 3) throw malformed(`NRAS ${what} is not a compact JWS (expected 3 parts, found ${parts.length})`)
  const [h, p, s] = parts as [string, string, string]
  const header = json(h, `${what} header`)
  const claims = json(p, `${what} claims`)
  const signature = tryBase64ToBytes(s)
  if (!signature) throw malformed(`NRAS ${what} signature is not base64url`)
  return { raw: jwt, header, claims, signingInput: utf8Encode(`${h}.${p}`), signature }
}

function json(part: string, what: string): Record<string, unknown> {
  const bytes = tryBase64ToBytes(part)
  if (!bytes) throw malformed(`NRAS ${what} is not base64url`)
  let value: unknown
  try {
    value = JSON.parse(utf8Decode(bytes))
  } catch {
    throw malformed(`NRAS ${what} is not JSON`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(`NRAS ${what} is not a JSON object`)
  return value as Record<string, unknown>
}

/** Accepts a JWKS object or its JSON text. */
export function parseJwks(input: Jwks | string): Jwks {
  let value: unknown = input
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      throw malformed('JWKS is not valid JSON')
    }
  }
  const keys = (value as { keys?: unknown } | null)?.keys
  if (!Array.isArray(keys)) throw malformed('JWKS has no keys array')
  return { keys: keys.filter((k): k is Jwk => typeof k === 'object' && k !== null) }
}

/** Options of {@link verifyJwt}. */
export interface JwtVerifyOptions {
  /** Time for `exp`/`nbf`/`iat` and the key certificate's validity. */
  at: Date
  /** Tolerated clock difference for `nbf` and `iat`, seconds. Default 60. */
  clockSkewSeconds?: number
}

/**
 * Verifies an ES384 JWT signature with the JWKS key named by its `kid`, and its
 * `exp`/`nbf`/`iat` at `options.at`. Where the JWK carries an `x5c` chain, the leaf
 * certificate must hold the same key and be valid at `at` (the chain itself is not
 * followed: NVIDIA's intermediate is RSA-signed and its root is not in the JWKS).
 * @returns undefined when the token verifies, else the reason.
 */
export async function verifyJwt(token: DecodedJwt, jwks: Jwks, options: JwtVerifyOptions): Promise<string | undefined> {
  const { alg, kid } = token.header
  if (alg !== 'ES384') return `algorithm ${JSON.stringify(alg)} is not ES384`
  if (typeof kid !== 'string') return 'header has no kid'
  const jwk = jwks.keys.find((k) => k.kid === kid)
  if (!jwk) return `kid ${kid} is not in the JWKS`
  const key = jwkToP384(jwk)
  if (typeof key === 'string') return `key ${kid}: ${key}`
  if (token.signature.length !== 96) return `signature is ${token.signature.length} bytes, ES384 needs 96`
  if (!(await verifyEcdsa({ curve: 'P-384', hash: 'SHA-384', publicKey: key, message: token.signingInput, signature: token.signature }))) {
    return `signature does not verify with key ${kid}`
  }
  const x5cError = checkX5cLeaf(jwk, key, options.at)
  if (x5cError) return `key ${kid}: ${x5cError}`
  return checkTimes(token.claims, options)
}

/** SEC1 uncompressed point from an EC P-384 JWK, or why not. */
export function jwkToP384(jwk: Jwk): Uint8Array | string {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-384') return `not an EC P-384 key (kty ${String(jwk.kty)}, crv ${String(jwk.crv)})`
  const x = typeof jwk.x === 'string' ? tryBase64ToBytes(jwk.x) : undefined
  const y = typeof jwk.y === 'string' ? tryBase64ToBytes(jwk.y) : undefined
  if (x?.length !== 48 || y?.length !== 48) return 'x/y are not 48-byte base64url coordinates'
  const point = new Uint8Array(97)
  point[0] = 4
  point.set(x, 1)
  point.set(y, 49)
  return point
}

function checkX5cLeaf(jwk: Jwk, key: Uint8Array, at: Date): string | undefined {
  const first = jwk.x5c?.[0]
  if (first === undefined) return undefined
  const der = typeof first === 'string' ? tryBase64ToBytes(first) : undefined
  if (!der) return 'x5c[0] is not base64'
  let leaf
  try {
    leaf = parseCertificate(der)
  } catch (e) {
    return `x5c[0]: ${(e as Error).message}`
  }
  if (!bytesEqual(leaf.publicKey.bytes, key)) return 'x5c[0] certifies a different key than x/y'
  if (!isValidAt(leaf, at)) return `x5c[0] ${JSON.stringify(leaf.subject.commonName ?? leaf.subject.text)} is not valid at ${at.toISOString()}`
  return undefined
}

function checkTimes(claims: Record<string, unknown>, options: JwtVerifyOptions): string | undefined {
  const now = options.at.getTime() / 1000
  const skew = options.clockSkewSeconds ?? 60
  const { exp, nbf, iat } = claims
  if (typeof exp !== 'number') return 'token has no numeric exp'
  if (now >= exp) return `token expired at ${iso(exp)} (verifying at ${options.at.toISOString()})`
  if (typeof nbf === 'number' && now + skew < nbf) return `token not valid before ${iso(nbf)} (verifying at ${options.at.toISOString()})`
  if (typeof iat === 'number' && now + skew < iat) return `token issued in the future (${iso(iat)}, verifying at ${options.at.toISOString()})`
  return undefined
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString()
