import type { Assurance, AssuranceId, AssuranceStatus } from '../../core/attestation/assurances.ts'
import type { DeploymentFinding } from '../../core/attestation/deployment/deployment.ts'
import type { CodeIdentityState, IdentityChange } from '../../core/attestation/identity/identity.ts'
import type { Check, CheckStatus } from '../../core/attestation/report.ts'


/**
 * The attestation badge's words (English). Core's assurances and findings carry a stable
 * `code` / `kind` and `params` beside an English sentence: English renders core's sentence,
 * a translation words the code and params itself (see `zh-CN.ts`'s attestation part).
 * Check details stay core's English (technical evidence): other languages show them marked `lang="en"`.
 *
 * @catalog
 */
export const attestationEn = {
  /** The pill, per state. */
  labels: { verifying: 'Verifying…', verified: 'Verified', failed: 'Verification failed', simulated: 'Simulated', unverifiable: 'Not verifiable', stale: 'Verification expired' } as Record<'verifying' | 'verified' | 'failed' | 'simulated' | 'unverifiable' | 'stale', string>,
  /** Screen-reader prefix of the pill. */
  pillPrefix: 'Attestation: ',
  headings: {
    verifying: 'Checking the enclave',
    verified: 'Enclave verified',
    failed: 'Enclave not verified',
    simulated: 'Simulated enclave',
    unverifiable: 'No attestation to check',
    stale: 'Verification expired',
  } as Record<'verifying' | 'verified' | 'failed' | 'simulated' | 'unverifiable' | 'stale', string>,
  summaries: {
    verifying: 'Fetching fresh evidence and checking it in your browser.',
    verified: 'The evidence was checked in your browser and every required check passed.',
    failed: 'At least one required check did not pass. Do not send private data to this model.',
    simulated: 'Every required check passed against a local test root, not Intel or NVIDIA. Fine for development, not for private data.',
    unverifiable: 'This model gives no attestation, so nothing can be checked.',
    stale: 'This verification is too old to rely on. Verify again before sending private data.',
  } as Record<'verifying' | 'verified' | 'failed' | 'simulated' | 'unverifiable' | 'stale', string>,
  failedWithoutReport: 'Verification could not be completed. Do not send private data until it succeeds.',
  /** How many checks passed, failed and were not checked. */
  counts: (c: { passed: number; failed: number; skipped: number }) => `${c.passed} passed · ${c.failed} failed · ${c.skipped} not checked`,
  policy: 'Policy',
  /** The provider's own verified claim, said as its word. */
  providerClaim: (verified: boolean) => `The provider says: ${verified ? 'verified' : 'not verified'} (its own claim, not one of our checks)`,
  copyReport: 'Copy report',
  /** The report's copy button is named `copy.copy(reportLabel)`: say `copyReport`'s words in it (a spoken command is what is seen). */
  reportLabel: 'report as JSON',
  verifyAgain: 'Verify again',
  keyHolder: {
    worker: 'Decryption: in a Web Worker (the session key never touches the page)',
    /** Where it runs: on the main thread, and why. */
    mainThread: (reason: string) => `Decryption: on the main thread (${reason})`,
    /** Where it runs: the app's own key holder, and why. */
    custom: (reason: string) => `Decryption: in the app's own key holder (${reason})`,
    /** Its key agreement fell back from WebAssembly: the backend it runs, and why. */
    ecdhFallback: (name: string, reason: string) => `Key agreement: ${name} in JavaScript, not WebAssembly (${reason}); still end-to-end encrypted, but slower`,
    /** The key holder could not check a response signature, so the main thread did: why (an error code or name). */
    signatureCheck: (reason: string) => `Response signatures: checked on the main thread, the key holder could not (${reason}); the same check`,
  },

  verifiedIn: {
    worker: 'Verification: in a Web Worker (off the main thread)',
    /** Where it runs: on the main thread, and why. */
    mainThread: (reason: string) => `Verification: on the main thread (${reason})`,
  },

  /** The plain-language verdict (AttestationSummary). */
  summaryLabel: 'What this proves',
  statusWords: { yes: 'Yes', warning: 'Caution', no: 'No', 'not-checked': 'Not checked' } as Record<AssuranceStatus, string>,
  assuranceTitles: { hardware: 'Genuine hardware', fresh: 'Fresh evidence', key: 'Key made inside', platform: 'Platform patched', code: 'Code it runs', gpus: 'GPUs' } as Record<AssuranceId, string>,
  /** The state word and sentence of an assurance, from its `id`, `code` and `params`. English: core's own. */
  assurance: (
    a: Assurance,
  ): {
    /** The short state word, e.g. `up to date`. */
    value: string
    /** The sentence. */
    text: string
  } => ({ value: a.value, text: a.text }),

  /** The checks (AttestationCheckList). */
  checkStatus: { passed: 'Passed', failed: 'Failed', skipped: 'Not checked' } as Record<CheckStatus, string>,
  required: 'required',
  failedChecks: 'Failed checks',
  /** How many checks failed. */
  failedCount: (n: number) => `${n} failed`,
  /** How many checks of a group failed: they are listed with the failed checks, above, not in the group. */
  groupFailed: (failed: number) => `${failed} failed, listed above`,
  /** How many checks of a group passed and were not checked. */
  groupCounts: (passed: number, skipped: number) => [passed && `${passed} passed`, skipped && `${skipped} not checked`].filter(Boolean).join(' · '),
  topics: { hardware: 'Hardware & Intel', freshness: 'Freshness & key', code: 'Code identity', gpus: 'GPUs', provider: "Provider's claims", other: 'Other checks' } as Record<'hardware' | 'freshness' | 'code' | 'gpus' | 'provider' | 'other', string>,
  /** A check's label, from its id; English: core's own label. */
  checkLabel: (_id: string, label: string): string => label,
  /**
   * A check's detail in this language, from its stable id and status and the values in core's
   * sentence; `undefined` when the catalog has no words for it (core's English is shown, marked
   * `lang="en"`). English: always core's own.
   */
  checkDetail: (_check: Pick<Check, 'id' | 'status' | 'detail'>): string | undefined => undefined,
  /** The copy button's name for a check's evidence, after `copy.copy`: it must say `copyEvidence`'s words, which are what is seen. */
  evidenceOf: (label: string) => `evidence of ${label}`,
  copyEvidence: 'Copy evidence',
  jargon: {
    REPORTDATA: '64 bytes the enclave writes into its quote: here the address of its key and our nonce.',
    TDATTRIBUTES: "The enclave's settings as the CPU enforces them; bit 0 set would mean debug mode.",
    XFAM: 'Which CPU features (e.g. AVX) the enclave may use.',
    SPDM: 'The protocol a GPU uses to prove its identity and sign its measurements.',
    PCK: "Intel's attestation certificate for this CPU (Provisioning Certification Key).",
    MRTD: "Hash of the enclave's firmware, measured when it was built.",
    RTMR: 'Running hashes of what booted: RTMR0 the VM configuration, RTMR1 the kernel, RTMR2 its command line and initrd, RTMR3 the app.',
    MRCONFIGID: 'Set by the host at launch: here the hash of the app compose that describes what runs.',
    TCB: "The platform's security patch level, as Intel rates it.",
  } as Record<string, string>,

  /** What runs in the enclave (DeploymentView). */
  deployment: {
    title: 'What runs in the enclave',
    states: {
      pinned: 'Pinned: exactly the code this app expects',
      mismatch: 'NOT the code this app pinned',
      known: 'A deployment observed before (not audited)',
      seen: 'The same code as last time',
      changed: 'CHANGED since this model was last verified',
      new: 'First time seen: remembered from now on',
      unknown: 'Not recognised',
    } as Record<CodeIdentityState, string>,
    /** How many services run and how many are pinned by digest. */
    services: (n: number, pinned: number) => `${n} ${n === 1 ? 'service' : 'services'}, ${pinned === n ? 'all' : pinned} pinned by digest`,
    /** How many findings (warnings) there are. */
    findings: (n: number) => `${n} ${n === 1 ? 'finding' : 'findings'}`,
    unbound: "The quote does not bind this app compose: it is the server's word, not the enclave's.",
    /** A known deployment: its id, provider and the dates it was seen. */
    known: (id: string, provider: string, seen: string) => `Seen in public captures as ${id} (${provider}, ${seen}). Observed, not audited.`,
    /** The VM configuration RTMR0 matches. */
    knownVm: (vm: string) => ` RTMR0 matches a ${vm} VM.`,
    /** Continuity: how many verified attestations since when. */
    seenBefore: (count: number, since: string) => `Seen before: ${count} verified ${count === 1 ? 'attestation' : 'attestations'} since ${since}.`,
    /** Above the list of what changed since a date. */
    changedSince: (date: string | undefined) => `Changed since ${date ?? 'last time'}:`,
    /** What changed (an IdentityChange), as a name. */
    change: (c: IdentityChange) => c.what,
    /** A finding's sentence, from its `kind` and `params`. English: core's own. */
    finding: (f: DeploymentFinding) => f.message,
    servicesCaption: 'Services in the app compose',
    service: 'Service',
    image: 'Image',
    pinned: 'Pinned',
    byDigest: 'by digest',
    no: 'no',
    builtAtLaunch: '(built at launch)',
    /** After a manifest flag's name (an identifier, shown as is). */
    flagState: (on: boolean): string => (on ? 'on' : 'off'),
    composeHash: 'Compose hash',
    osImageHash: 'OS image hash',
    identityLabel: 'code identity',
    copyIdentity: 'Copy identity',
  },

  /** The enclave's facts (Evidence). */
  evidence: {
    title: 'Evidence',
    none: 'no evidence',
    /** The TDX quote and its version. */
    quote: (version: number) => `TDX quote v${version}`,
    /** How many GPUs the evidence lists. */
    gpuCount: (n: number) => `${n} GPUs`,
    provider: 'Provider',
    hardware: 'Hardware',
    model: 'Model',
    signingAddress: 'Signing address',
    nonce: 'Nonce',
    tdxQuote: 'TDX quote',
    debug: 'Debug',
    debugOn: 'Debug TD: memory is readable by the host',
    debugOff: 'Off (production TD)',
    tcbStatus: 'TCB status',
    advisories: 'Advisories',
    /** One GPU row, by index. */
    gpu: (index: number) => `GPU ${index}`,
    gpus: 'GPUs',
    gpuVerified: 'verified (SPDM)',
    gpuNotVerified: 'not verified',
    nonceMatches: 'nonce matches',
    nonceMismatch: 'nonce mismatch',
    verifiedAt: 'Verified at',
    /** A fact not checked, and why. */
    notChecked: (reason: string) => `Not checked (${reason})`,
    reasons: { notReported: 'not reported', noSigningKey: 'no signing key', noNonce: 'no nonce', noCollateral: 'no Intel collateral', noQuote: 'no quote in the response', noGpuEvidence: 'no GPU evidence' },
    label: 'evidence',
  },
}
