import { sha256 } from '@noble/hashes/sha2.js'
import { AttestationError } from '../../errors.ts'
import { bytesToHex, utf8Encode } from '../../crypto/hex.ts'
import type { Check } from '../report.ts'
import { decodeJwt, parseJwks, verifyJwt, type DecodedJwt, type Jwks } from './jwt.ts'
import { NRAS_ISSUER } from './roots.ts'

/**
 * NVIDIA Remote Attestation Service (NRAS) answers: NVIDIA's own judgement of the
 * same evidence, including the measurement comparison against its reference values
 * (RIMs) that an offline client cannot do. The answer to `POST /v3/attest/gpu` is
 * `[["JWT", <overall token>], {"GPU-0": <token>, ...}]`; every token is ES384-signed
 * with a key from NRAS's JWKS.
 *
 * A client cannot call NRAS from a browser (no CORS), so these checks only run when
 * the caller supplies a response it obtained itself (or a trusted relay did).
 *
 * @example
 * ```ts
 * const nras = parseNrasResponse(await res.json())
 * nras.overall.claims['x-nvidia-overall-att-result'] // true
 * (await checkNras(nras, { nonce, jwks, at })).checks        // gpu.nras.jwt, gpu.nras.nonce, gpu.nras.claims
 * ```
 */

/** NVIDIA Remote Attestation Service's answer, decoded: the overall token and one per GPU. */
export interface NrasResponse {
  /** The overall token (`x-nvidia-overall-att-result`). */
  overall: DecodedJwt
  /** Per-GPU tokens by their NRAS name ('GPU-0', ...), in response order. */
  gpus: Array<{
    /** NRAS's name for the GPU, e.g. `'GPU-0'`. */
    name: string
    /** Its token. */
    token: DecodedJwt
  }>
}

/** What the evidence says about one GPU, to bind NRAS's per-GPU token to it. */
export interface NrasEvidenceBinding {
  /** The GPU's position in the evidence list. */
  index: number
  /** The device leaf certificate serial number as a decimal string: NRAS's `ueid`. */
  ueid?: string
  /** The driver version the GPU's signed opaque data names. */
  driverVersion?: string
  /** The VBIOS version the GPU's signed opaque data names. */
  vbiosVersion?: string
}

/** Options of {@link checkNras}. */
export interface CheckNrasOptions {
  /** Our nonce, lowercase hex. */
  nonce: string
  /** The JWKS NRAS tokens are signed with; without it the token checks are skipped (never passed). */
  jwks?: Jwks | string
  /** The time to check `exp`, `nbf` and `iat` at. */
  at: Date
  /** The evidence's GPUs; enables the ueid/version binding and the GPU count comparison. */
  evidence?: readonly NrasEvidenceBinding[]
  /** Expected `iss`. Default {@link NRAS_ISSUER}. */
  issuer?: string
  /** Clock skew tolerated on `exp` / `nbf` / `iat`, in seconds. */
  clockSkewSeconds?: number
}

/** What one NRAS per-GPU token says. */
export interface NrasGpuResult {
  /** NRAS's name for the GPU, e.g. 'GPU-3'. */
  name: string
  /** The token's `ueid` (the device certificate serial, decimal). */
  ueid?: string
  /** Position in evidence_list of the GPU with the same ueid. */
  evidenceIndex?: number
  /** NRAS's measurement result (`measres`), e.g. `'success'`. */
  measres?: string
}

/** What {@link checkNras} concluded. */
export interface NrasCheckResult {
  /** The `gpu.nras.*` checks. */
  checks: Check[]
  /** One entry per per-GPU token. */
  gpus: NrasGpuResult[]
}

const malformed = (message: string): AttestationError =>
  new AttestationError('ATTESTATION_MALFORMED', { message: `NRAS response: ${message}`, details: { part: 'nras' } })

/**
 * Decodes an NRAS response (the JSON value or its text). Verifies nothing.
 * @throws AttestationError `ATTESTATION_MALFORMED`
 */
export function parseNrasResponse(input: unknown): NrasResponse {
  let value = input
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown
    } catch {
      throw malformed('not valid JSON')
    }
  }
  if (!Array.isArray(value) || value.length < 1) throw malformed('expected [["JWT", <token>], {"GPU-0": <token>, ...}]')
  const head: unknown = value[0]
  // The overall token is `["JWT", token]`; accept a bare token string too.
  const overallJwt = Array.isArray(head) && head[0] === 'JWT' ? head[1] : head
  if (typeof overallJwt !== 'string') throw malformed('the first element holds no overall JWT')
  const overall = decodeJwt(overallJwt, 'overall token')
  const map: unknown = value[1] ?? {}
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw malformed('the second element must map GPU names to tokens')
  const gpus = Object.entries(map as Record<string, unknown>).map(([name, jwt]) => {
    if (typeof jwt !== 'string') throw malformed(`${name} is not a token string`)
    return { name, token: decodeJwt(jwt, `${name} token`) }
  })
  return { overall, gpus }
}

const LABELS = {
  jwt: 'NRAS token signatures',
  nonce: 'NRAS nonce',
  claims: 'NRAS verdict',
} as const

/**
 * The three NRAS checks: every token's ES384 signature, key and lifetime
 * (`gpu.nras.jwt`); `eat_nonce` equals our nonce in every token (`gpu.nras.nonce`);
 * the overall result and each GPU's claims are positive and match the evidence
 * (`gpu.nras.claims`). Claims from tokens that did not verify are never trusted:
 * those checks are then skipped.
 */
export async function checkNras(input: NrasResponse | unknown, options: CheckNrasOptions): Promise<NrasCheckResult> {
  const skipBoth = (why: string): Check[] => [
    { id: 'gpu.nras.nonce', label: LABELS.nonce, status: 'skipped', detail: why },
    { id: 'gpu.nras.claims', label: LABELS.claims, status: 'skipped', detail: why },
  ]

  let nras: NrasResponse
  try {
    nras = isNrasResponse(input) ? input : parseNrasResponse(input)
  } catch (e) {
    const detail = (e as Error).message
    return { checks: [{ id: 'gpu.nras.jwt', label: LABELS.jwt, status: 'failed', detail }, ...skipBoth('The NRAS response could not be decoded.')], gpus: [] }
  }
  const gpus: NrasGpuResult[] = nras.gpus.map(({ name, token }) => {
    const r: NrasGpuResult = { name }
    if (typeof token.claims.ueid === 'string') r.ueid = token.claims.ueid
    if (typeof token.claims.measres === 'string') r.measres = token.claims.measres
    return r
  })

  // --- gpu.nras.jwt
  if (options.jwks === undefined) {
    const why = 'No NRAS JWKS supplied, so the tokens cannot be verified.'
    return { checks: [{ id: 'gpu.nras.jwt', label: LABELS.jwt, status: 'skipped', detail: why }, ...skipBoth('The NRAS tokens were not verified.')], gpus }
  }
  const kid = String(nras.overall.header.kid ?? '')
  const jwtEvidence: Record<string, string> = {
    kid,
    iat: String(nras.overall.claims.iat ?? ''),
    exp: String(nras.overall.claims.exp ?? ''),
    tokens: String(1 + nras.gpus.length),
  }
  const jwtError = await verifyAll(nras, options)
  if (jwtError) {
    return { checks: [{ id: 'gpu.nras.jwt', label: LABELS.jwt, status: 'failed', detail: jwtError, evidence: jwtEvidence }, ...skipBoth('The NRAS tokens did not verify.')], gpus }
  }
  const checks: Check[] = [
    {
      id: 'gpu.nras.jwt',
      label: LABELS.jwt,
      status: 'passed',
      detail: `The overall token and ${nras.gpus.length} GPU token(s) are ES384-signed by NRAS key ${kid}, unexpired at ${options.at.toISOString()}, and the overall token's digests cover every GPU token.`,
      evidence: jwtEvidence,
    },
  ]

  // --- gpu.nras.nonce
  const nonce = options.nonce.toLowerCase()
  const wrongNonce = [['overall', nras.overall] as const, ...nras.gpus.map((g) => [g.name, g.token] as const)].filter(
    ([, t]) => typeof t.claims.eat_nonce !== 'string' || t.claims.eat_nonce.toLowerCase() !== nonce,
  )
  const eatNonce = String(nras.overall.claims.eat_nonce ?? '')
  checks.push(
    wrongNonce.length === 0
      ? { id: 'gpu.nras.nonce', label: LABELS.nonce, status: 'passed', detail: 'Every NRAS token carries our nonce (eat_nonce).', evidence: { nonce, eatNonce } }
      : {
          id: 'gpu.nras.nonce',
          label: LABELS.nonce,
          status: 'failed',
          detail: `eat_nonce differs from our nonce in ${wrongNonce.map(([n]) => n).join(', ')}: NRAS judged other evidence.`,
          evidence: { nonce, eatNonce },
        },
  )

  // --- gpu.nras.claims
  const problems = claimProblems(nras, gpus, options)
  const overallResult = nras.overall.claims['x-nvidia-overall-att-result']
  checks.push(
    problems.length === 0
      ? {
          id: 'gpu.nras.claims',
          label: LABELS.claims,
          status: 'passed',
          detail: `NRAS reports a positive overall result and ${nras.gpus.length} GPU(s) with measurements matching NVIDIA's reference values${options.evidence ? ', each bound to a GPU of the evidence by its device serial (ueid)' : ''}.`,
          evidence: { overallResult: String(overallResult), gpus: gpus.map((g) => `${g.name}:${g.measres ?? '?'}`).join(' ') },
        }
      : { id: 'gpu.nras.claims', label: LABELS.claims, status: 'failed', detail: problems.join('; '), evidence: { overallResult: String(overallResult) } },
  )
  return { checks, gpus }
}

function isNrasResponse(v: unknown): v is NrasResponse {
  return typeof v === 'object' && v !== null && 'overall' in v && 'gpus' in v
}

/** Signatures, lifetimes and the overall token's `submods` digests (which tie the GPU tokens to it). */
async function verifyAll(nras: NrasResponse, options: CheckNrasOptions): Promise<string | undefined> {
  let jwks: Jwks
  try {
    jwks = parseJwks(options.jwks!)
  } catch (e) {
    return (e as Error).message
  }
  const verifyOptions = { at: options.at, ...(options.clockSkewSeconds === undefined ? {} : { clockSkewSeconds: options.clockSkewSeconds }) }
  // All tokens at once; the first failure in order is reported.
  const [overallError, ...gpuErrors] = await Promise.all([nras.overall, ...nras.gpus.map((g) => g.token)].map((t) => verifyJwt(t, jwks, verifyOptions)))
  if (overallError) return `overall token: ${overallError}`
  for (const [k, { name }] of nras.gpus.entries()) {
    const err = gpuErrors[k]
    if (err) return `${name} token: ${err}`
  }

  const submods = nras.overall.claims.submods
  if (typeof submods !== 'object' || submods === null) return 'overall token has no submods'
  const entries = submods as Record<string, unknown>
  for (const { name, token } of nras.gpus) {
    const digest = submodDigest(entries[name])
    if (!digest) return `overall token has no SHA-256 digest for ${name}`
    if (digest !== bytesToHex(sha256(utf8Encode(token.raw)))) return `${name} token does not match the digest in the overall token`
  }
  const missing = Object.keys(entries).filter((k) => !nras.gpus.some((g) => g.name === k))
  if (missing.length) return `overall token names ${missing.join(', ')} but the response has no token for it`
  return undefined
}

/** `["DIGEST", ["SHA-256", "<hex>"]]` -> hex. */
function submodDigest(entry: unknown): string | undefined {
  if (!Array.isArray(entry) || entry[0] !== 'DIGEST' || !Array.isArray(entry[1])) return undefined
  const [alg, hex] = entry[1] as unknown[]
  return alg === 'SHA-256' && typeof hex === 'string' ? hex.toLowerCase() : undefined
}

function claimProblems(nras: NrasResponse, gpus: NrasGpuResult[], options: CheckNrasOptions): string[] {
  const problems: string[] = []
  const issuer = options.issuer ?? NRAS_ISSUER
  const overall = nras.overall.claims
  if (overall['x-nvidia-overall-att-result'] !== true) problems.push(`x-nvidia-overall-att-result is ${JSON.stringify(overall['x-nvidia-overall-att-result'] ?? null)}`)
  if (overall.iss !== issuer) problems.push(`overall token issuer is ${JSON.stringify(overall.iss ?? null)}, expected ${issuer}`)
  if (nras.gpus.length === 0) problems.push('NRAS judged no GPU')

  nras.gpus.forEach(({ name, token }, i) => {
    const c = token.claims
    if (c.iss !== issuer) problems.push(`${name}: issuer ${JSON.stringify(c.iss ?? null)}`)
    if (c.measres !== 'success') problems.push(`${name}: measurement result ${JSON.stringify(c.measres ?? null)}`)
    if (c.secboot !== true) problems.push(`${name}: secure boot ${JSON.stringify(c.secboot ?? null)}`)
    if (c.dbgstat !== 'disabled') problems.push(`${name}: debug status ${JSON.stringify(c.dbgstat ?? null)}`)
    // Every boolean NRAS verdict about the GPU must be true (signature, chain, nonce, RIMs, ...).
    const negative = Object.entries(c).filter(([k, v]) => k.startsWith('x-nvidia-gpu-') && v === false)
    if (negative.length) problems.push(`${name}: ${negative.map(([k]) => k.slice('x-nvidia-gpu-'.length)).join(', ')} false`)

    if (!options.evidence) return
    const ueid = gpus[i]!.ueid
    const match = options.evidence.find((e) => e.ueid !== undefined && e.ueid === ueid)
    if (!match) {
      problems.push(`${name}: ueid ${ueid ?? '(none)'} is not the serial of any GPU in the evidence`)
      return
    }
    gpus[i]!.evidenceIndex = match.index
    const driver = c['x-nvidia-gpu-driver-version']
    if (match.driverVersion && typeof driver === 'string' && driver !== match.driverVersion) problems.push(`${name}: driver ${driver} differs from the evidence's ${match.driverVersion}`)
    const vbios = c['x-nvidia-gpu-vbios-version']
    if (match.vbiosVersion && typeof vbios === 'string' && vbios.toUpperCase() !== match.vbiosVersion.toUpperCase()) {
      problems.push(`${name}: VBIOS ${vbios} differs from the evidence's ${match.vbiosVersion}`)
    }
  })

  if (options.evidence) {
    if (nras.gpus.length !== options.evidence.length) problems.push(`NRAS judged ${nras.gpus.length} GPU(s), the evidence lists ${options.evidence.length}`)
    const bound = new Set(gpus.map((g) => g.evidenceIndex).filter((x) => x !== undefined))
    if (bound.size !== gpus.filter((g) => g.evidenceIndex !== undefined).length) problems.push('two NRAS tokens name the same GPU')
  }
  return problems
}
