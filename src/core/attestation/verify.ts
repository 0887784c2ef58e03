import type { AttestationResponse } from '../api/types.ts'
import { verifyGpuEvidence } from './nvidia/verify.ts'
import type { Jwks } from './nvidia/jwt.ts'
import { applyPolicy, DEFAULT_POLICY } from './policy.ts'
import { verdictOf, type Check, type PolicyName, type VerificationReport } from './report.ts'
import { checkServerClaims } from './server-claims.ts'
import type { QuoteCollateral } from './tdx/collateral.ts'
import type { MeasurementPolicy } from './tdx/measurements.ts'
import { verifyTdxQuote } from './tdx/verify.ts'
import type { CertificateCache, TrustedRoot } from './x509/chain.ts'

/**
 * Everything `verifyAttestation` may use besides the report itself. Collateral,
 * NRAS answers and JWKS come from the caller: verification needs no network.
 */
export interface VerifyAttestationOptions {
  /** The nonce we sent (64 hex). */
  nonce: string
  /** Default `standard`. */
  policy?: PolicyName
  /** The model we asked about, kept on the report. */
  model?: string
  /** Verify certificates, CRLs, collateral and NRAS tokens as of this time (default: now). */
  at?: Date
  /** Intel collateral for the quote (dcap-qvl QuoteCollateralV3 shape). Without it the collateral checks are skipped. */
  collateral?: QuoteCollateral | string
  /** NVIDIA NRAS answer for this report's GPUs, and the JWKS to verify it with. */
  nras?: unknown
  jwks?: Jwks | string
  /**
   * Trust anchors, replacing the defaults (Intel SGX Root CA; NVIDIA Device Identity CA).
   * Pass the simulator's roots here to accept its evidence: the report is then marked `simulated`.
   */
  trustedRoots?: { intel?: readonly TrustedRoot[]; nvidia?: readonly TrustedRoot[] }
  /** Known-good MRTD / RTMR / compose-hash values (checked under every policy when given; required by `strict`). */
  measurements?: MeasurementPolicy
  /** Certificate signature cache; default the shared one, `null` to disable. */
  cache?: CertificateCache | null
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** dstack puts app_compose under info.tcb_info (an object, or JSON text). */
function appComposeOf(info: Record<string, unknown> | undefined): string | undefined {
  let tcb = info?.tcb_info
  if (typeof tcb === 'string') {
    try {
      tcb = JSON.parse(tcb)
    } catch {
      return undefined
    }
  }
  return str((tcb as Record<string, unknown> | undefined)?.app_compose)
}

/**
 * Verifies an attestation answer offline and returns the report: every check
 * that ran or was skipped, each required or not under the policy, and the verdict.
 * Never throws for bad evidence: a broken quote or payload is a failed check.
 *
 * @example
 * const { nonce, response } = await fetchAttestation(client, { model })
 * const report = await verifyAttestation(response, { nonce, policy: 'standard' })
 * report.verdict // 'passed' | 'failed'; report.checks says why
 */
export async function verifyAttestation(response: AttestationResponse, options: VerifyAttestationOptions): Promise<VerificationReport> {
  const policy = options.policy ?? DEFAULT_POLICY
  const at = options.at ?? new Date()
  const claims = checkServerClaims(response, options.nonce)
  const checks: Check[] = [...claims.checks]
  const report: VerificationReport = {
    verdict: 'failed',
    policy,
    checks,
    verifiedAt: at.toISOString(),
    nonce: options.nonce.toLowerCase(),
  }
  const model = options.model ?? str(response.model) ?? str(response.model_name)
  if (model) report.model = model
  if (claims.signingAddress) report.signingAddress = claims.signingAddress
  if (str(response.tee_provider)) report.teeProvider = response.tee_provider!
  if (str(response.tee_hardware)) report.teeHardware = response.tee_hardware!
  let simulated = false

  // The TDX quote and the GPU evidence are verified concurrently; checks keep their order.
  const quote = str(response.intel_quote)
  let tdxPending: ReturnType<typeof verifyTdxQuote> | undefined
  if (!quote) {
    checks.push({ id: 'tdx.quote.parse', label: 'TDX quote', status: 'skipped', detail: 'The report carries no Intel TDX quote.' })
  } else {
    const signer = claims.signingAddress ?? str(response.signing_address)
    const tls = str(response.tls_cert_fingerprint)
    const appCompose = appComposeOf(response.info)
    const composeHash = str(response.info?.compose_hash)
    tdxPending = verifyTdxQuote(quote, {
      at,
      ...(options.collateral ? { collateral: options.collateral } : {}),
      ...(options.trustedRoots?.intel ? { trustedRoots: options.trustedRoots.intel } : {}),
      ...(signer ? { expectedReportData: { signer: signer.replace(/^0x/, ''), nonce: options.nonce, ...(tls ? { tlsFingerprint: tls } : {}) } } : {}),
      ...(appCompose ? { appCompose } : {}),
      ...(composeHash ? { composeHash } : {}),
      ...(response.event_log !== undefined ? { eventLog: response.event_log } : {}),
      ...(options.cache !== undefined ? { cache: options.cache } : {}),
      ...options.measurements,
    })
  }

  const payload = response.nvidia_payload
  const noGpu = payload === undefined || payload === null || payload === ''
  // Started now so that it runs alongside the quote; a bad nonce rejects here as before.
  const gpuPending = noGpu
    ? undefined
    : verifyGpuEvidence(payload, {
        nonce: options.nonce,
        at,
        ...(options.trustedRoots?.nvidia ? { trustedRoots: options.trustedRoots.nvidia } : {}),
        ...(options.nras !== undefined ? { nras: options.nras } : {}),
        ...(options.jwks !== undefined ? { jwks: options.jwks } : {}),
        ...(options.cache !== undefined ? { cache: options.cache } : {}),
      })
  const [tdx, gpu] = await Promise.all([tdxPending, gpuPending])
  if (tdx) {
    checks.push(...tdx.checks)
    if (tdx.tdx) report.tdx = tdx.tdx
    simulated ||= tdx.simulated
  }
  if (!gpu) {
    checks.push({ id: 'gpu.payload', label: 'GPU evidence', status: 'skipped', detail: 'The report carries no NVIDIA GPU evidence.' })
  } else {
    checks.push(...gpu.checks)
    report.gpus = gpu.gpus
    simulated ||= gpu.simulated
  }

  if (simulated) report.simulated = true
  report.checks = applyPolicy(checks, policy)
  report.verdict = verdictOf(report.checks)
  return report
}

/**
 * A report for a bare TDX quote (no provider JSON around it): only the quote's
 * own checks, under the policy. REPORTDATA is checked when `expectedReportData` is given.
 *
 * @example
 * const report = await verifyQuoteOnly(quoteHex, { policy: 'strict', collateral, at })
 */
export async function verifyQuoteOnly(
  quote: string | Uint8Array,
  options: Omit<VerifyAttestationOptions, 'nonce' | 'nras' | 'jwks'> & { expectedReportData?: string | Uint8Array },
): Promise<VerificationReport> {
  const policy = options.policy ?? DEFAULT_POLICY
  const at = options.at ?? new Date()
  const tdx = await verifyTdxQuote(quote, {
    at,
    ...(options.collateral ? { collateral: options.collateral } : {}),
    ...(options.trustedRoots?.intel ? { trustedRoots: options.trustedRoots.intel } : {}),
    ...(options.expectedReportData ? { expectedReportData: options.expectedReportData } : {}),
    ...(options.cache !== undefined ? { cache: options.cache } : {}),
    ...options.measurements,
  })
  const checks = applyPolicy(tdx.checks, policy)
  return {
    verdict: verdictOf(checks),
    policy,
    checks,
    verifiedAt: at.toISOString(),
    ...(tdx.tdx ? { tdx: tdx.tdx } : {}),
    ...(tdx.simulated ? { simulated: true } : {}),
  }
}
