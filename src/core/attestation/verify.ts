import type { AttestationResponse } from '../api/types.ts'
import { assurancesOf } from './assurances.ts'
import { sameModel, type ModelAliases } from './model-name.ts'
import { appComposeOf, vmGpuCountOf } from './deployment/app-compose.ts'
import { verifyCodeIdentity, type CodeIdentityOptions } from './identity/code-identity.ts'
import { findKnownVm, type IdentityPolicy, type KnownVm } from './identity/identity.ts'
import { KNOWN_OS_IMAGES } from './identity/known-deployments.ts'
import { verifyGpuEvidence } from './nvidia/verify.ts'
import type { Jwks } from './nvidia/jwt.ts'
import { applyPolicy, DEFAULT_POLICY } from './policy.ts'
import { verdictOf, type Check, type PolicyName, type VerificationReport } from './report.ts'
import { checkServerClaims } from './server-claims.ts'
import { quoteIsIntelMeasured } from './tdx/signatures.ts'
import { verifyTdxQuote, type CollateralInput } from './tdx/verify.ts'
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
  /**
   * The model we asked about. When given, the report must name it (`attestation.model`):
   * `model` exactly, `model_name` / `upstream_model` by `sameModel`'s alias rule or `modelAliases`.
   */
  model?: string
  /** Upstream names a requested model id may be attested under, beyond `sameModel`'s rule: `{ 'my-alias': ['org/Real-Model'] }`. */
  modelAliases?: ModelAliases
  /**
   * GPU evidence: `required` (default, under every policy: Venice and NEAR attest their GPUs, so a
   * report without GPU evidence fails: anyone on the path could have stripped it), `if-present` (a
   * missing one is a skip; the app's explicit choice), or `none` for CPU-only TEEs (GPU evidence is
   * then not expected; present evidence is still checked). A gateway (`role: 'gateway'`) defaults to `none`.
   */
  gpu?: 'required' | 'if-present' | 'none'
  /**
   * `gateway`: the attestation of a gateway the provider puts in front of the model (NEAR's):
   * a CPU TEE that holds no key we encrypt to, whose REPORTDATA binds its signing address and
   * TLS certificate fingerprint instead (`tdx.reportdata`, required as ever). Its key rows then say
   * "not applicable" (skipped, not required) rather than failing, and it is asked for no GPU
   * evidence. A gateway that does carry a key has it checked as usual.
   * Default `model`.
   */
  role?: 'model' | 'gateway'
  /** `none`: the provider's reports make no `verified` claim (NEAR AI), so no policy requires one. Default `required` under `basic`. */
  serverClaim?: 'required' | 'none'
  /** Verify certificates, CRLs, collateral and NRAS tokens as of this time (default: now). */
  at?: Date
  /**
   * Intel collateral for the quote (dcap-qvl QuoteCollateralV3 shape). Without it the collateral
   * checks are skipped. Several (one per FMSPC, e.g. a NEAR gateway and its model): the one whose
   * TCB info names the quote's FMSPC is used. Or a PCCS, `{ pccsUrl }`: fetched once per
   * FMSPC and cached. Once collateral is configured its checks (TCB status included) are
   * required under every policy, and a failed fetch fails them.
   */
  collateral?: CollateralInput
  /** NVIDIA NRAS answer for this report's GPUs, and the JWKS to verify it with. */
  nras?: unknown
  /** The JWKS NRAS tokens are signed with (an object, or its JSON text); without it the NRAS token checks are skipped, never passed. */
  jwks?: Jwks | string
  /**
   * Trust anchors, replacing the defaults (Intel SGX Root CA; NVIDIA Device Identity CA).
   * Pass the simulator's roots here to accept its evidence: the report is then marked `simulated`.
   */
  trustedRoots?: {
    /** Roots the TDX quote's PCK chain and Intel's collateral must chain to. Default: Intel SGX Root CA. */
    intel?: readonly TrustedRoot[]
    /** Roots the GPUs' device certificate chains must chain to. Default: NVIDIA Device Identity CA. */
    nvidia?: readonly TrustedRoot[]
  }
  /**
   * Known-good measurements and deployment rules: MRTD / RTMR / compose-hash allowlists,
   * pinned OS images and image digests, `requireDigestPinnedImages`, `forbidServices`,
   * `onIdentityChange` (see IdentityPolicy). A pinned value that differs fails.
   */
  measurements?: IdentityPolicy
  /** Remembers each model's code identity after a verified attestation, to report "seen before" / "changed". */
  measurementStore?: CodeIdentityOptions['measurementStore']
  /** Key the store remembers this target under; default the model id. */
  identityKey?: string
  /** Certificate signature cache; default the shared one, `null` to disable. */
  cache?: CertificateCache | null
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

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
  const gateway = options.role === 'gateway' && !response.signing_key && !response.signing_public_key
  const checks: Check[] = gateway ? gatewayKeyChecks(claims.checks, response) : [...claims.checks]
  if (options.model !== undefined) checks.push(checkModel(response, options.model, options.modelAliases))
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
  const signer = claims.signingAddress ?? str(response.signing_address)
  let tdxPending: ReturnType<typeof verifyTdxQuote> | undefined
  if (!quote) {
    // No evidence is not evidence: every provider sealkit speaks to attests with a TDX quote.
    checks.push({ id: 'tdx.quote.parse', label: 'TDX quote', status: 'failed', detail: 'The report carries no Intel TDX quote: nothing proves an enclave holds the key.', evidence: { missing: 'true' } })
  } else {
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
  // No evidence is not evidence: whatever the policy, GPUs the provider attests must be attested here (the app may opt out).
  const gpuMode = options.gpu ?? (options.role === 'gateway' ? 'none' : 'required')
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
    // No evidence is not evidence: a quote whose report names no signer is bound to nothing (no key, no TLS
    // certificate, not our nonce), so its REPORTDATA fails, where a quote verified on its own skips it. Else a genuine
    // quote from anywhere would pass as a gateway's (no key of its own) under a policy that requires only what ran.
    checks.push(...(signer ? tdx.checks : tdx.checks.map((c) => (c.id === 'tdx.reportdata' && c.status === 'skipped' ? { ...c, status: 'failed' as const, detail: UNBOUND_QUOTE } : c))))
    if (tdx.tdx) report.tdx = tdx.tdx
    simulated ||= tdx.simulated
  }
  // Only an Intel-measured quote's RTMR0 says which VM this is (a known configuration, with its GPU count).
  const intelMeasured = !!tdx?.tdx && quoteIsIntelMeasured(tdx.checks)
  const knownVm = intelMeasured ? findKnownVm(tdx!.tdx!, options.measurements?.knownOsImages) : undefined
  if (!gpu) {
    // The quote measures a VM with GPUs: no evidence for them is a failure whatever the app expected (if-present, none).
    if (gpuMode !== 'required' && knownVm?.gpus) checks.push(gpuCountCheck(vmGpuCountOf(response.info), 0, knownVm, intelMeasured))
    checks.push(
      gpuMode === 'required'
        ? { id: 'gpu.payload', label: 'GPU evidence', status: 'failed', detail: 'The report carries no NVIDIA GPU evidence, and this provider attests its GPUs: the model could run on GPUs nobody verified.', evidence: { missing: 'true' } }
        : {
            id: 'gpu.payload',
            label: 'GPU evidence',
            status: 'skipped',
            detail: options.role === 'gateway' ? GATEWAY_NO_GPU : gpuMode === 'none' ? 'No GPU evidence expected (gpu: none).' : 'The report carries no NVIDIA GPU evidence.',
          },
    )
  } else {
    checks.push(...gpu.checks)
    // The count a verified quote's RTMR0 is known for binds it; else the report's vm_config, the server's word.
    checks.push(gpuCountCheck(vmGpuCountOf(response.info), gpu.gpus.length, knownVm, intelMeasured))
    report.gpus = gpu.gpus
    simulated ||= gpu.simulated
  }

  if (simulated) report.simulated = true
  // What runs in the enclave reads the quote's own checks (MRCONFIGID, RTMR replay) to know what is bound.
  report.checks = checks
  const code = await verifyCodeIdentity(response, report, {
    ...(options.measurements ? { measurements: options.measurements } : {}),
    ...(options.measurementStore ? { measurementStore: options.measurementStore } : {}),
    ...(options.identityKey ? { identityKey: options.identityKey } : {}),
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.modelAliases ? { modelAliases: options.modelAliases } : {}),
  })
  checks.push(...code.checks)
  if (code.deployment) report.deployment = code.deployment
  if (code.identity) report.identity = code.identity
  report.checks = applyPolicy(checks, policy)
  if (gateway) {
    report.role = 'gateway'
    // Not applicable to a gateway (no key to encrypt to): said, never required; a failed row stays failed.
    for (const c of report.checks) if ((c.id === 'key.present' || c.id === 'key.address') && c.status === 'skipped') c.required = false
  }
  if (options.collateral) for (const c of report.checks) if (/^tdx\.(collateral\.|tcb\.status$)/.test(c.id)) c.required = true
  // A provider whose reports make no `verified` claim (NEAR): its absence is not required (a `false` claim still fails).
  if (options.serverClaim === 'none') report.checks = report.checks.map((c) => (c.id === 'server.verified' && c.status === 'skipped' ? { ...c, required: false } : c))
  report.verdict = verdictOf(report.checks)
  report.assurances = assurancesOf(report)
  await code.remember(report, at)
  return report
}

export { sameModel } from './model-name.ts'

const GATEWAY_NO_KEY = 'A gateway holds no key we encrypt to: its quote binds its signing address (and TLS certificate fingerprint, when it names one) in REPORTDATA instead.'
const GATEWAY_NO_GPU = 'A gateway is a CPU TEE: it has no GPUs to attest.'
const UNBOUND_QUOTE = 'The report names no signing address or key: nothing binds its quote to a key, a TLS certificate or our nonce.'

/** A keyless gateway's key rows: not applicable (what it binds instead is tdx.reportdata's to check), with what it names as evidence. */
function gatewayKeyChecks(checks: Check[], response: AttestationResponse): Check[] {
  const tls = str(response.tls_cert_fingerprint)
  return checks.map((c) =>
    c.id === 'key.present' || c.id === 'key.address' ? { ...c, status: 'skipped', detail: GATEWAY_NO_KEY, ...(tls ? { evidence: { tlsFingerprint: tls } } : {}) } : c,
  )
}

/** `attestation.model`: the report names the model we asked for, in every field that names one. */
function checkModel(response: AttestationResponse, requested: string, aliases: VerifyAttestationOptions['modelAliases']): Check {
  const base = { id: 'attestation.model', label: 'Attested model' }
  const named = (['model', 'model_name', 'upstream_model'] as const).flatMap((field) => {
    const value = response[field]
    return typeof value === 'string' && value !== '' ? [{ field, value }] : []
  })
  const evidence: Record<string, string> = { requested, ...Object.fromEntries(named.map((n) => [n.field, n.value])) }
  if (named.length === 0) return { ...base, status: 'failed', detail: `The report does not say which model it attests, so it cannot be shown to be for ${requested}.`, evidence }
  const accepted = (aliases?.[requested] ?? []).map((a) => a.toLowerCase())
  const wrong = named.filter(({ field, value }) =>
    field === 'model' ? value.toLowerCase() !== requested.toLowerCase() && !accepted.includes(value.toLowerCase()) : !sameModel(value, requested) && !accepted.includes(value.toLowerCase()),
  )
  if (wrong.length) {
    return { ...base, status: 'failed', detail: `The report attests ${wrong.map((w) => `${w.field} ${JSON.stringify(w.value)}`).join(', ')}, not the requested ${requested}.`, evidence }
  }
  return { ...base, status: 'passed', detail: `The report names the requested model (${named.map((n) => n.field).join(', ')}).`, evidence }
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

/**
 * `gpu.count`: the GPUs the evidence covers against the GPUs the VM has. Evidence stripped of a GPU verifies GPU by
 * GPU; the VM's count still counts the one left out. Where the quote's RTMR0 is a known VM configuration's (an OS image
 * and RTMR0 of the registry, with its GPU count), that count is bound by the quote, and a `vm_config` saying otherwise
 * fails too. Else the count is the report's `vm_config`: the server's word, which whoever edits the evidence can edit
 * too, so a pass shows only that the two agree.
 */
function gpuCountCheck(claimed: number | undefined, evidenced: number, known: KnownVm | undefined, genuine: boolean): Check {
  const gpus = (n: number) => `${n} GPU${n === 1 ? '' : 's'}`
  const bound = known?.gpus
  if (known && bound !== undefined) {
    const label = 'GPU count the quote measures'
    // An app's registry entry is data too: a GPU count that is no count fails, never compares as a string.
    if (!(Number.isInteger(bound) && bound >= 0)) {
      return { id: 'gpu.count', label, status: 'failed', detail: `The known OS image ${known.osImage.name} names ${JSON.stringify(bound)} GPUs for this RTMR0: not a GPU count.` }
    }
    const measured = `The quote's RTMR0 is that of a VM with ${gpus(bound)} (${known.vm}, ${known.osImage.name}${KNOWN_OS_IMAGES.includes(known.osImage) ? ', as seen in public captures' : ", as the app's knownOsImages lists it"})`
    if (bound !== evidenced) {
      return {
        id: 'gpu.count',
        label,
        status: 'failed',
        detail: `${measured}; the evidence covers ${evidenced}: ${bound > evidenced ? 'a GPU nobody verified may run the model' : 'evidence for GPUs the VM does not have'}.`,
        evidence: { measured: String(bound), evidenced: String(evidenced), rtmr0VM: known.vm },
      }
    }
    if (claimed !== undefined && claimed !== bound) {
      return {
        id: 'gpu.count',
        label,
        status: 'failed',
        detail: `${measured}, but the report's VM configuration (vm_config, the server's word) names ${claimed}: the report was edited.`,
        evidence: { measured: String(bound), configured: String(claimed), rtmr0VM: known.vm },
      }
    }
    return { id: 'gpu.count', label, status: 'passed', detail: `${measured}; the evidence covers ${evidenced}.` }
  }
  const label = 'GPU count the VM claims'
  const why = !genuine ? 'the quote did not verify, so its RTMR0 binds nothing' : known ? `the quote's RTMR0 is a known configuration (${known.vm}) whose GPU count the registry does not name` : "the quote's RTMR0 is no VM configuration sealkit knows"
  if (claimed === undefined) return { id: 'gpu.count', label, status: 'skipped', detail: `The report's VM configuration (vm_config.num_gpus) names no GPU count to compare with the ${evidenced} GPUs evidenced, and ${why}.` }
  if (claimed === evidenced) return { id: 'gpu.count', label, status: 'passed', detail: `The VM's configuration (the server's word: ${why}) names ${claimed} GPUs; the evidence covers ${evidenced}.` }
  return {
    id: 'gpu.count',
    label,
    status: 'failed',
    detail: `The VM's configuration names ${claimed} GPUs, the evidence covers ${evidenced}: ${claimed > evidenced ? 'a GPU nobody verified may run the model' : 'evidence for GPUs the VM does not have'}.`,
    evidence: { configured: String(claimed), evidenced: String(evidenced) },
  }
}
