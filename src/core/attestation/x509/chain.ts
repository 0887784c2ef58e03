import { hexToBytes, utf8Encode } from '../../crypto/hex.ts'
import { CertificateParseError, fingerprintOf, isValidAt, namesMatch, parseCertificate, parseCertificateDer, parseCertificates, type Certificate, type KeyUsage } from './certificate.ts'
import { parseCrl, type Crl } from './crl.ts'
import { checkSignedBy } from './signature.ts'

/**
 * Builds a certificate chain from a leaf up to a pinned root and checks every link:
 * issuer/subject names, ECDSA signatures, CA flags (basicConstraints cA, keyUsage
 * keyCertSign, pathLenConstraint), validity at a given time, unknown critical
 * extensions. Roots are trusted by SHA-256 fingerprint of their DER, the way
 * Intel's SGX Root CA and NVIDIA's Device Identity CA are pinned.
 *
 * Signature results are cached by (certificate fingerprint, issuer fingerprint), so
 * verifying many quotes from the same platform checks the CA links once. The cache
 * holds the pending check itself, so concurrent chains that share an intermediate
 * (the 8 GPUs of a server) verify it once. The links of one chain are checked
 * concurrently (natively, through WebCrypto, where available).
 *
 * @example
 * ```ts
 * const result = await verifyCertificateChain(pckChainPem, {
 *   trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT],
 *   at: new Date('2026-06-10T01:47:07Z'),
 *   leafKeyUsage: ['digitalSignature'],
 * })
 * if (!result.ok) console.warn(result.error)
 * else result.chain[0].publicKey // the leaf's key, now trusted
 * ```
 */

/** A trust anchor: a SHA-256 fingerprint (64 hex) of a root the chain must contain, or the root itself (PEM, DER or parsed). */
export type TrustedRoot = string | Uint8Array | Certificate

/** Options of {@link verifyCertificateChain}. */
export interface ChainOptions {
  /** Roots to accept. A fingerprint-only root must be present in the presented chain. */
  trustedRoots: readonly TrustedRoot[]
  /** Verification time for validity periods. Default: now. */
  at?: Date
  /** Key usages the leaf must carry when it has a keyUsage extension (e.g. `['digitalSignature']`). */
  leafKeyUsage?: readonly KeyUsage[]
  /** Critical extensions that may appear besides the ones we understand. */
  allowedCriticalExtensions?: readonly string[]
  /** Signature cache; default {@link defaultCertificateCache}. Pass `null` to disable. */
  cache?: CertificateCache | null
  /** Skip validity-period checks (only for callers that check time separately). */
  ignoreValidity?: boolean
}

/**
 * The outcome of {@link verifyCertificateChain}: on success the chain from leaf to a trusted root; on failure why, in plain
 * words.
 */
export type ChainResult =
  | {
      /** The chain verified. */
      ok: true
      /** Leaf first, up to and including the root. */
      chain: Certificate[]
      /** The trusted root it ended at. */
      root: Certificate
      /** The end-entity certificate. */
      leaf: Certificate
    }
  | {
      /** The chain did not verify. */
      ok: false
      /** The certificates as parsed, leaf first. */
      chain: Certificate[]
      /** Why, in plain words. */
      error: string
      /** The end-entity certificate, when one parsed. */
      leaf?: Certificate
    }

/** Extensions we interpret or that are harmless when critical. */
const KNOWN_CRITICAL = new Set([
  '2.5.29.15', // keyUsage
  '2.5.29.19', // basicConstraints
  '2.5.29.37', // extKeyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.32', // certificatePolicies
  '2.5.29.31', // cRLDistributionPoints
])

const MAX_DEPTH = 8

/**
 * Memo of signature checks (and PEM parses) keyed by fingerprints. Holds public
 * data only; safe to share across verifications.
 */
export class CertificateCache {
  private readonly signatures = new Map<string, Promise<string | undefined>>()
  private readonly pems = new Map<string, Certificate[]>()
  private readonly memos = new Map<string, unknown>()
  /** Parsed certificates by fingerprint; not counted in {@link size}, which counts checks and PEM chains. */
  private readonly certificates = new Map<string, Certificate>()
  /** Parsed CRLs by the SHA-256 of their encoding; not counted in {@link size} either. */
  private readonly crls = new Map<string, Crl>()
  constructor(private readonly maxEntries = 1024) {}

  /**
   * Memoises any deterministic check over public data (a CRL or collateral
   * signature, a QE report signature). The key must identify every input, e.g.
   * `crl:<sha256 of the DER>:<issuer fingerprint>`. An async `compute` is cached as
   * its Promise, so concurrent callers share one computation (it must not reject).
   */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T
    const value = compute()
    remember(this.memos, key, value, this.maxEntries)
    return value
  }

  /**
   * Cached `checkSignedBy`: an error string, or undefined when `cert` verifies
   * under `issuer`. The pending check is cached, so concurrent callers share it.
   */
  checkSignature(cert: Certificate, issuer: Certificate): Promise<string | undefined> {
    const key = `${cert.fingerprint}:${issuer.fingerprint}`
    const hit = this.signatures.get(key)
    if (hit) return hit
    const result = checkSignedBy(cert, issuer)
    remember(this.signatures, key, result, this.maxEntries)
    return result
  }

  /** Cached `parseCertificate` for DER, keyed by its SHA-256 (device chains share their CA certificates). */
  parseDer(der: Uint8Array): Certificate {
    const key = fingerprintOf(der)
    const hit = this.certificates.get(key)
    if (hit) return hit
    const cert = parseCertificateDer(der, key)
    remember(this.certificates, key, cert, this.maxEntries)
    return cert
  }

  /** Cached `parseCertificates` for PEM text (chains repeat verbatim across quotes). */
  parsePem(pem: string): Certificate[] {
    const hit = this.pems.get(pem)
    if (hit) return hit
    const certs = parseCertificates(pem, (der) => this.parseDer(der))
    remember(this.pems, pem, certs, this.maxEntries)
    return certs
  }

  /**
   * Cached `parseCrl` (DER bytes, hex or PEM), keyed by the SHA-256 of the input: Intel's CRLs
   * change daily at most, so re-attestations parse them once. Malformed input throws each time.
   */
  parseCrl(input: Uint8Array | string): Crl {
    const key = fingerprintOf(typeof input === 'string' ? utf8Encode(input) : input)
    const hit = this.crls.get(key)
    if (hit) return hit
    const crl = parseCrl(input)
    remember(this.crls, key, crl, this.maxEntries)
    return crl
  }

  /** Forgets every cached check, certificate, CRL and chain. */
  clear(): void {
    this.signatures.clear()
    this.pems.clear()
    this.memos.clear()
    this.certificates.clear()
    this.crls.clear()
  }

  /** Cached signature checks, PEM chains and chain results (parsed certificates are not counted). */
  get size(): number {
    return this.signatures.size + this.pems.size + this.memos.size
  }
}

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max) {
    const oldest = map.keys().next()
    if (!oldest.done) map.delete(oldest.value)
  }
  map.set(key, value)
}

/** The process-wide cache used when none is passed. Call `.clear()` for cold-start measurements. */
export const defaultCertificateCache = new CertificateCache()

const FINGERPRINT_RE = /^(0x)?[0-9a-fA-F]{64}$/

/** Normalises trust anchors into pinned fingerprints and root certificates. */
function anchors(roots: readonly TrustedRoot[]): { fingerprints: Set<string>; certs: Certificate[] } {
  const fingerprints = new Set<string>()
  const certs: Certificate[] = []
  for (const r of roots) {
    if (typeof r === 'string' && FINGERPRINT_RE.test(r.replace(/:/g, ''))) {
      fingerprints.add(r.replace(/^0x/, '').replace(/:/g, '').toLowerCase())
    } else {
      const cert = typeof r === 'string' || r instanceof Uint8Array ? parseCertificate(r) : r
      fingerprints.add(cert.fingerprint)
      certs.push(cert)
    }
  }
  return { fingerprints, certs }
}

function describe(cert: Certificate): string {
  return JSON.stringify(cert.subject.commonName ?? cert.subject.text)
}

/**
 * Verifies that the first certificate (the leaf) chains to a trusted root.
 * Accepts a PEM chain, DER certificates or parsed ones; extra certificates are ignored.
 */
export async function verifyCertificateChain(input: string | readonly (Uint8Array | Certificate)[], options: ChainOptions): Promise<ChainResult> {
  const cache = options.cache === undefined ? defaultCertificateCache : options.cache
  const at = options.at ?? new Date()
  let certs: Certificate[]
  let trust: ReturnType<typeof anchors>
  try {
    certs =
      typeof input === 'string'
        ? cache
          ? cache.parsePem(input)
          : parseCertificates(input)
        : input.map((c) => (c instanceof Uint8Array ? (cache ? cache.parseDer(c) : parseCertificate(c)) : c))
    trust = anchors(options.trustedRoots)
  } catch (e) {
    const message = e instanceof CertificateParseError ? e.message : `cannot parse certificates: ${(e as Error).message}`
    return { ok: false, chain: [], error: message }
  }
  const leaf = certs[0]
  if (!leaf) return { ok: false, chain: [], error: 'no certificate in the chain' }

  const allowedCritical = new Set([...KNOWN_CRITICAL, ...(options.allowedCriticalExtensions ?? [])])
  const pool = [...certs, ...trust.certs]
  const chain: Certificate[] = [leaf]
  const fail = (error: string): ChainResult => ({ ok: false, chain, error, leaf })

  if (options.leafKeyUsage && leaf.keyUsage) {
    const missing = options.leafKeyUsage.filter((u) => !leaf.keyUsage!.includes(u))
    if (missing.length) return fail(`leaf ${describe(leaf)} lacks key usage ${missing.join(', ')}`)
  }

  // Start the signature checks of the path the names describe, all at once; the walk
  // below awaits them in order, so results and errors are those of a sequential walk.
  const checks = new SignatureChecks(cache)
  prefetch(leaf, pool, trust.fingerprints, checks)

  let current = leaf
  for (let depth = 0; ; depth++) {
    if (depth > MAX_DEPTH) return fail(`chain longer than ${MAX_DEPTH} certificates`)
    const critical = current.extensions.find((e) => e.critical && !allowedCritical.has(e.oid))
    if (critical) return fail(`${describe(current)} has an unsupported critical extension ${critical.oid}`)
    if (!options.ignoreValidity && !isValidAt(current, at)) {
      return fail(`${describe(current)} is not valid at ${at.toISOString()} (valid ${current.notBefore.toISOString()} .. ${current.notAfter.toISOString()})`)
    }

    const selfIssued = namesMatch(current.subject, current.issuer)
    if (trust.fingerprints.has(current.fingerprint)) {
      // A pinned root: its self-signature proves the key matches the certificate we pinned.
      if (selfIssued) {
        const err = await checks.get(current, current)
        if (err) return fail(`trusted root ${describe(current)}: ${err}`)
      }
      return { ok: true, chain, root: current, leaf }
    }
    // Key-rollover (self-issued, not self-signed) certificates do not occur in attestation chains.
    if (selfIssued) {
      return fail(`chain ends at ${describe(current)} (SHA-256 ${current.fingerprint}), which is not a trusted root`)
    }

    const candidates = pool.filter((c) => c.fingerprint !== current.fingerprint && namesMatch(c.subject, current.issuer))
    if (candidates.length === 0) return fail(`no issuer certificate for ${describe(current)} (issuer ${current.issuer.text})`)
    let issuer: Certificate | undefined
    let lastError = ''
    for (const c of candidates) {
      const err = await checks.get(current, c)
      if (!err) {
        issuer = c
        break
      }
      lastError = `signature of ${describe(current)} by ${describe(c)}: ${err}`
    }
    if (!issuer) return fail(lastError)

    if (!issuer.basicConstraints?.ca) return fail(`issuer ${describe(issuer)} is not a CA (basicConstraints cA not set)`)
    if (issuer.keyUsage && !issuer.keyUsage.includes('keyCertSign')) return fail(`issuer ${describe(issuer)} lacks keyCertSign key usage`)
    // pathLenConstraint counts the non-self-issued intermediates below the issuer.
    const intermediatesBelow = chain.length - 1
    if (issuer.basicConstraints.pathLength !== undefined && intermediatesBelow > issuer.basicConstraints.pathLength) {
      return fail(`issuer ${describe(issuer)} allows ${issuer.basicConstraints.pathLength} intermediate(s) below it, found ${intermediatesBelow}`)
    }
    if (chain.includes(issuer)) return fail(`certificate loop at ${describe(issuer)}`)
    chain.push(issuer)
    current = issuer
  }
}

/** Signature checks of one chain verification: through the cache, or memoised locally without one. */
class SignatureChecks {
  private readonly local = new Map<string, Promise<string | undefined>>()
  constructor(private readonly cache: CertificateCache | null) {}

  get(cert: Certificate, issuer: Certificate): Promise<string | undefined> {
    if (this.cache) return this.cache.checkSignature(cert, issuer)
    const key = `${cert.fingerprint}:${issuer.fingerprint}`
    let result = this.local.get(key)
    if (!result) {
      result = checkSignedBy(cert, issuer)
      this.local.set(key, result)
    }
    return result
  }
}

/**
 * Starts the checks the walk will await on its success path: each link of the unique
 * issuer path from the leaf, and the pinned root's self-signature. Stops where the
 * walk would stop or branch (several issuers with the same name: checked in the walk).
 */
function prefetch(leaf: Certificate, pool: Certificate[], pinned: Set<string>, checks: SignatureChecks): void {
  const seen = new Set<Certificate>()
  let current = leaf
  for (let depth = 0; depth <= MAX_DEPTH && !seen.has(current); depth++) {
    seen.add(current)
    const selfIssued = namesMatch(current.subject, current.issuer)
    if (pinned.has(current.fingerprint)) {
      if (selfIssued) void checks.get(current, current)
      return
    }
    if (selfIssued) return
    const candidates = pool.filter((c) => c.fingerprint !== current.fingerprint && namesMatch(c.subject, current.issuer))
    if (candidates.length !== 1) return
    void checks.get(current, candidates[0]!)
    current = candidates[0]!
  }
}

/** Parses a hex SHA-256 fingerprint (with or without colons / 0x) into lowercase hex; throws on bad input. */
export function normalizeFingerprint(fp: string): string {
  const s = fp.replace(/:/g, '')
  hexToBytes(s)
  if (!FINGERPRINT_RE.test(s)) throw new Error('A SHA-256 fingerprint is 64 hex characters')
  return s.replace(/^0x/, '').toLowerCase()
}

export { fingerprintOf }
