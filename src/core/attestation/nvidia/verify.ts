import { AttestationError } from '../../errors.ts'
import { bytesEqual, bytesToHex, hexToBytes } from '../../crypto/hex.ts'
import type { Check, GpuSummary } from '../report.ts'
import { parseCertificate, type Certificate } from '../x509/certificate.ts'
import { defaultCertificateCache, verifyCertificateChain, type CertificateCache, type TrustedRoot } from '../x509/chain.ts'
import { verifyEcdsa } from '../x509/signature.ts'
import type { Jwks } from './jwt.ts'
import { checkNras, type NrasEvidenceBinding } from './nras.ts'
import { parseOpaqueData } from './opaque-data.ts'
import { parseNvidiaPayload, type GpuEvidenceEntry, type NvidiaPayload } from './payload.ts'
import { NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT } from './roots.ts'
import { parseSpdmMeasurements, type SpdmMeasurementReport } from './spdm.ts'

/**
 * PROTOCOL.md check 8, offline: every GPU in `nvidia_payload` signed fresh evidence
 * with a genuine NVIDIA device key.
 *
 * Per GPU: the SPDM measurement report's P-384 signature verifies with the device
 * leaf certificate's key (`gpu.<i>.signature`), that certificate chains to NVIDIA's
 * pinned Device Identity CA and every certificate is valid at `at` (`gpu.<i>.chain`),
 * and the requester nonce inside the signed bytes is ours (`gpu.<i>.nonce`). Optionally
 * NVIDIA's own verdict (NRAS tokens) is checked too (`gpu.nras.*`).
 *
 * What this does not do: compare measurements against NVIDIA's reference values
 * (RIMs): that needs NVIDIA's RIM service, or the NRAS verdict.
 *
 * @example
 * ```ts
 * const result = await verifyGpuEvidence(report.nvidia_payload, { nonce, at: new Date('2026-06-10T01:47:07Z') })
 * result.checks.every((c) => c.status !== 'failed') // true
 * result.gpus[0].driverVersion                       // '570.172.08'
 * ```
 */

export interface VerifyGpuEvidenceOptions {
  /** The 32-byte nonce we sent, as 64 hex characters or bytes. */
  nonce: string | Uint8Array
  /** Verification time for certificate validity and NRAS token lifetimes. Default: now. */
  at?: Date
  /**
   * Roots a device chain may end at: SHA-256 fingerprints (hex) or certificates (PEM/DER).
   * Default: NVIDIA's Device Identity CA only. A chain that ends at any other root you
   * list (the simulator's test root) verifies but marks the result `simulated`.
   */
  trustedRoots?: readonly TrustedRoot[]
  /** An NRAS answer for this payload (`[["JWT", ...], {"GPU-0": ...}]`, JSON value or text). */
  nras?: unknown
  /** NRAS's JWKS (`https://nras.attestation.nvidia.com/.well-known/jwks.json`) to verify `nras` with. */
  jwks?: Jwks | string
  /** Certificate signature cache; default: the shared one. `null` disables caching. */
  cache?: CertificateCache | null
  /** Expected NRAS token issuer. Default `https://nras.attestation.nvidia.com`. */
  nrasIssuer?: string
}

/** One SPDM measurement of a GPU. */
export interface GpuMeasurement {
  /** Measurement index (1-based). */
  index: number
  /** Lowercase hex (48-byte SHA-384 digests on Hopper). */
  value: string
}

export interface NvidiaGpuSummary extends GpuSummary {
  /** SPDM version, e.g. '1.1'. */
  spdmVersion?: string
  /** The GPU's measurements, from the signed SPDM response. */
  measurements?: GpuMeasurement[]
  /** The driver version from the signed opaque data. */
  driverVersion?: string
  /** The VBIOS version from the signed opaque data. */
  vbiosVersion?: string
  /** Board project / SKU from the signed opaque data, e.g. 'G520' / '0280'. */
  project?: string
  /** The board project SKU from the signed opaque data. */
  projectSku?: string
  /** Device leaf certificate subject, e.g. 'CN=GH100 A01 GSP FMC LF, ...'. */
  deviceCertificate?: string
  /** Device leaf serial number as hex (identifies the GPU). */
  deviceSerial?: string
  /** The same serial in decimal: what NRAS calls `ueid`. */
  ueid?: string
  /** SHA-256 fingerprint of the root the chain ended at. */
  rootFingerprint?: string
  /** The NRAS token bound to this GPU by ueid, when NRAS was checked. */
  nras?: {
    /** NRAS's name for the GPU, e.g. `'GPU-3'`. */
    name: string
    /** NRAS's measurement result for it. */
    measres?: string
  }
}

/** What {@link verifyGpuEvidence} found. */
export interface GpuEvidenceResult {
  /** The `gpu.*` checks. */
  checks: Check[]
  /** One summary per GPU. */
  gpus: NvidiaGpuSummary[]
  /** True when some device chain ended at a caller-supplied root other than NVIDIA's (a simulator/test chain). */
  simulated: boolean
  /** True when no check failed and every GPU verified (NRAS may be skipped). */
  verified: boolean
  /** The decoded payload; undefined when it could not be decoded (see the `gpu.payload` check). */
  payload?: NvidiaPayload
}

const DEFAULT_ROOTS: readonly TrustedRoot[] = [NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT]

/**
 * Verifies an `nvidia_payload` offline (plus an NRAS answer when given). Never rejects
 * for bad evidence: it reports failed checks (a malformed `nonce` option rejects with
 * `NONCE_INVALID`). The GPUs are verified concurrently; with a cache, the CA links
 * they share are checked once.
 */
export async function verifyGpuEvidence(payload: unknown, options: VerifyGpuEvidenceOptions): Promise<GpuEvidenceResult> {
  const nonce = readOurNonce(options.nonce)
  const nonceHex = bytesToHex(nonce)
  const at = options.at ?? new Date()
  const checks: Check[] = []

  let parsed: NvidiaPayload | undefined
  try {
    parsed = parseNvidiaPayload(payload)
  } catch (e) {
    checks.push({ id: 'gpu.payload', label: 'GPU evidence payload', status: 'failed', detail: (e as Error).message })
  }

  const gpus: NvidiaGpuSummary[] = []
  let simulated = false
  const bindings: NrasEvidenceBinding[] = []
  if (parsed) {
    const claimed = parsed.nonce === undefined ? 'no nonce field' : parsed.nonce === nonceHex ? 'its nonce field equals ours' : 'its nonce field differs from ours'
    checks.push({
      id: 'gpu.payload',
      label: 'GPU evidence payload',
      status: 'passed',
      detail: `Decoded evidence for ${parsed.gpus.length} GPU(s)${parsed.arch ? ` (${parsed.arch})` : ''}; ${claimed} (the signed evidence decides).`,
      evidence: { gpus: String(parsed.gpus.length), arch: parsed.arch ?? '', claimedNonce: parsed.nonce ?? '' },
    })
    const results = await Promise.all(parsed.gpus.map((entry) => verifyOne(entry, nonce, at, options)))
    for (const [k, entry] of parsed.gpus.entries()) {
      const r = results[k]!
      checks.push(...r.checks)
      gpus.push(r.summary)
      if (r.simulated) simulated = true
      const binding: NrasEvidenceBinding = { index: entry.index }
      if (r.summary.ueid) binding.ueid = r.summary.ueid
      if (r.summary.driverVersion) binding.driverVersion = r.summary.driverVersion
      if (r.summary.vbiosVersion) binding.vbiosVersion = r.summary.vbiosVersion
      bindings.push(binding)
    }
    checks.push(checkDistinct(parsed.gpus, gpus))
  }

  if (options.nras === undefined) {
    const why = 'No NRAS response supplied: the evidence was verified offline (NRAS sends no CORS headers, so browsers cannot ask it).'
    checks.push(
      { id: 'gpu.nras.jwt', label: 'NRAS token signatures', status: 'skipped', detail: why },
      { id: 'gpu.nras.nonce', label: 'NRAS nonce', status: 'skipped', detail: why },
      { id: 'gpu.nras.claims', label: 'NRAS verdict', status: 'skipped', detail: why },
    )
  } else {
    const nras = await checkNras(options.nras, {
      nonce: nonceHex,
      at,
      ...(options.jwks === undefined ? {} : { jwks: options.jwks }),
      ...(parsed ? { evidence: bindings } : {}),
      ...(options.nrasIssuer === undefined ? {} : { issuer: options.nrasIssuer }),
    })
    checks.push(...nras.checks)
    if (nras.checks.every((c) => c.status === 'passed')) {
      for (const g of nras.gpus) {
        const summary = gpus.find((s) => s.index === g.evidenceIndex)
        if (summary) summary.nras = g.measres === undefined ? { name: g.name } : { name: g.name, measres: g.measres }
      }
    }
  }

  const verified = parsed !== undefined && gpus.every((g) => g.verified) && !checks.some((c) => c.status === 'failed')
  const result: GpuEvidenceResult = { checks, gpus, simulated, verified }
  if (parsed) result.payload = parsed
  return result
}

/**
 * `gpu.distinct`: each entry is its own device. The same evidence (or the same device
 * certificate) listed twice would let one GPU pose as eight.
 */
function checkDistinct(entries: readonly GpuEvidenceEntry[], gpus: readonly NvidiaGpuSummary[]): Check {
  const label = 'Distinct GPUs'
  if (entries.length === 0) return { id: 'gpu.distinct', label, status: 'failed', detail: 'The GPU evidence lists no GPU.', evidence: { missing: 'true' } }
  const repeated = (keys: (string | undefined)[]) => keys.filter((k, i) => k !== undefined && keys.indexOf(k) !== i)
  const sameEvidence = repeated(entries.map((e) => bytesToHex(e.evidence)))
  const sameDevice = repeated(gpus.map((g) => g.deviceSerial))
  if (sameEvidence.length || sameDevice.length) {
    return {
      id: 'gpu.distinct',
      label,
      status: 'failed',
      detail: sameDevice.length
        ? `The same GPU is listed more than once (device serial ${sameDevice[0]}): ${entries.length} entries, ${new Set(gpus.map((g) => g.deviceSerial)).size} device(s).`
        : 'The same signed evidence is listed more than once.',
    }
  }
  return { id: 'gpu.distinct', label, status: 'passed', detail: `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, ${entries.length} distinct device ${entries.length === 1 ? 'certificate' : 'certificates'} and evidence.` }
}

interface OneResult {
  checks: Check[]
  summary: NvidiaGpuSummary
  simulated: boolean
}

async function verifyOne(entry: GpuEvidenceEntry, nonce: Uint8Array, at: Date, options: VerifyGpuEvidenceOptions): Promise<OneResult> {
  const i = entry.index
  const id = (name: string) => `gpu.${i}.${name}`
  const summary: NvidiaGpuSummary = { index: i, verified: false }
  if (entry.arch) summary.arch = entry.arch

  // Evidence structure
  let report: SpdmMeasurementReport | undefined
  let evidenceError = ''
  try {
    report = parseSpdmMeasurements(entry.evidence)
  } catch (e) {
    evidenceError = (e as Error).message
  }
  if (report) {
    summary.spdmVersion = `${report.version >> 4}.${report.version & 0xf}`
    summary.measurements = report.measurements.map((m) => ({ index: m.index, value: bytesToHex(m.value) }))
    const info = parseOpaqueData(report.opaqueData)
    if (info.driverVersion) summary.driverVersion = info.driverVersion
    if (info.vbiosVersion) summary.vbiosVersion = info.vbiosVersion
    if (info.project) summary.project = info.project
    if (info.projectSku) summary.projectSku = info.projectSku
  }

  // Device leaf
  let leaf: Certificate | undefined
  let leafError = ''
  try {
    const der = entry.certificates[0]
    if (!der) throw new Error('the chain holds no certificate')
    // Device certificates repeat across attestations of a server: parse through the cache.
    const cache = options.cache === undefined ? defaultCertificateCache : options.cache
    leaf = cache ? cache.parseDer(der) : parseCertificate(der)
    summary.deviceCertificate = leaf.subject.text
    summary.deviceSerial = leaf.serialNumber
    summary.ueid = BigInt(`0x${leaf.serialNumber || '0'}`).toString(10)
  } catch (e) {
    leafError = `device certificate: ${(e as Error).message}`
  }

  // The SPDM signature and the certificate chain are checked concurrently.
  const trustedRoots = options.trustedRoots ?? DEFAULT_ROOTS
  // Reuse the leaf parsed above; the chain code parses the rest.
  const chainPending = verifyCertificateChain(leaf ? [leaf, ...entry.certificates.slice(1)] : entry.certificates, {
    trustedRoots,
    at,
    leafKeyUsage: ['digitalSignature'],
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  })

  // gpu.<i>.signature
  let signature: Check
  const sigLabel = `GPU ${i} evidence signature`
  if (!report) signature = { id: id('signature'), label: sigLabel, status: 'failed', detail: evidenceError }
  else if (!leaf) signature = { id: id('signature'), label: sigLabel, status: 'failed', detail: leafError }
  else if (leaf.publicKey.curve !== 'P-384') {
    signature = { id: id('signature'), label: sigLabel, status: 'failed', detail: `the device key is not P-384 (${leaf.publicKey.curve ?? leaf.publicKey.algorithmOid})` }
  } else {
    const ok = await verifyEcdsa({ curve: 'P-384', hash: 'SHA-384', publicKey: leaf.publicKey.bytes, message: report.signedBytes, signature: report.signature })
    const evidence = { deviceCertificate: leaf.subject.text, deviceSerial: leaf.serialNumber, spdmVersion: summary.spdmVersion ?? '', measurements: String(report.measurements.length) }
    signature = ok
      ? {
          id: id('signature'),
          label: sigLabel,
          status: 'passed',
          detail: `The SPDM ${summary.spdmVersion} measurement report (${report.measurements.length} measurements) is signed (ECDSA P-384, SHA-384) by the device key of ${JSON.stringify(leaf.subject.commonName ?? leaf.subject.text)}.`,
          evidence,
        }
      : { id: id('signature'), label: sigLabel, status: 'failed', detail: 'The SPDM measurement report signature does not verify with the device certificate key.', evidence }
  }

  // gpu.<i>.chain
  let chain: Check
  let simulated = false
  const chainLabel = `GPU ${i} certificate chain`
  const chainResult = await chainPending
  const subjects = chainResult.chain.map((c) => c.subject.commonName ?? c.subject.text)
  if (chainResult.ok) {
    const root = chainResult.root
    summary.rootFingerprint = root.fingerprint
    const nvidia = root.fingerprint === NVIDIA_DEVICE_IDENTITY_CA_FINGERPRINT
    simulated = !nvidia
    if (simulated) summary.simulated = true
    chain = {
      id: id('chain'),
      label: chainLabel,
      status: 'passed',
      detail: `${subjects.join(' <- ')}: ${chainResult.chain.length} certificate(s) verify up to ${nvidia ? "NVIDIA's pinned Device Identity CA" : `the caller-trusted root ${JSON.stringify(root.subject.commonName ?? root.subject.text)} (NOT NVIDIA's)`}, all valid at ${at.toISOString()}.`,
      evidence: { rootFingerprint: root.fingerprint, root: root.subject.text, leaf: chainResult.leaf.subject.text },
    }
  } else {
    chain = {
      id: id('chain'),
      label: chainLabel,
      status: 'failed',
      detail: `The device certificate chain does not verify to a trusted root: ${chainResult.error}.`,
      evidence: { chain: subjects.join(' <- ') },
    }
  }

  // gpu.<i>.nonce
  let nonceCheck: Check
  const nonceLabel = `GPU ${i} fresh nonce`
  if (!report) nonceCheck = { id: id('nonce'), label: nonceLabel, status: 'failed', detail: `Cannot read the nonce: ${evidenceError}` }
  else {
    const matches = bytesEqual(report.request.nonce, nonce)
    summary.nonceMatches = matches
    const evidence = { nonce: bytesToHex(nonce), evidenceNonce: bytesToHex(report.request.nonce) }
    nonceCheck = matches
      ? { id: id('nonce'), label: nonceLabel, status: 'passed', detail: 'The signed SPDM request carries our nonce, so the evidence is fresh.', evidence }
      : { id: id('nonce'), label: nonceLabel, status: 'failed', detail: 'The signed SPDM request carries a different nonce: the evidence is not for this request (possible replay).', evidence }
  }

  const checks = [signature, chain, nonceCheck]
  summary.verified = checks.every((c) => c.status === 'passed')
  const firstFailure = checks.find((c) => c.status === 'failed')
  summary.detail = firstFailure ? firstFailure.detail : 'Signature, certificate chain and nonce verified.'
  return { checks, summary, simulated }
}

function readOurNonce(nonce: string | Uint8Array): Uint8Array {
  let bytes: Uint8Array | undefined
  if (nonce instanceof Uint8Array) bytes = nonce
  else {
    try {
      bytes = hexToBytes(nonce)
    } catch {
      bytes = undefined
    }
  }
  if (bytes?.length !== 32) throw new AttestationError('NONCE_INVALID', { details: { where: 'verifyGpuEvidence' } })
  return bytes
}
