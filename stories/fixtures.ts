/**
 * Story data. The verified report mirrors the facts of the real Venice capture
 * `fixtures/real/attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10`
 * (signing address, nonce, MRTD / RTMRs, REPORTDATA, TD attributes, 8 Hopper GPUs,
 * TCB UpToDate at the capture time); the failing ones change one fact each.
 * Check ids and wording follow report.ts; the verifier may word its details differently.
 */
import type { ApiModel } from '../src/core/api/types.ts'
import type { Check, VerificationReport } from '../src/core/attestation/report.ts'
import type { MessageLike } from '../src/components/index.ts'

export const VENICE = {
  model: 'e2ee-qwen3-5-122b-a10b',
  nonce: 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732',
  signingAddress: '0x6525e128afcffebf7eed05d485d7be983cdae934',
  signingKey:
    '041d9bbc96671c3fbc983867bd7a6b5c83298e040801764b7085352d84f3f095125db36956caed8c84bfefca635c3c455f409c79a3889d679af688f4aded542fd5',
  mrtd: 'b24d3b24e9e3c16012376b52362ca09856c4adecb709d5fac33addf1c47e193da075b125b6c364115771390a5461e217',
  rtmr0: 'bc122d143ab768565ba5c3774ff5f03a63c89a4df7c1f5ea38d3bd173409d14f8cbdcc36d40e703cccb996a9d9687590',
  rtmr1: 'c0445b704e4c48139496ae337423ddb1dcee3a673fd5fb60a53d562f127d235f11de471a7b4ee12c9027c829786757dc',
  rtmr2: '564622c7ddc55a53272cc9f0956d29b3f7e0dd18ede432720b71fd89e5b5d76cb0b99be7b7ff2a6a92b89b6b01643135',
  rtmr3: '3dd2b1ae8cb8f401fd9473ccee80642cc6c79500b1b15e45556f41200001d35f12c9b6ab8f6ed38cdc02bfc1adb51684',
  reportData:
    '6525e128afcffebf7eed05d485d7be983cdae934000000000000000000000000d2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732',
  mrConfigId: '014676ec04ecaff0303142bd3b76205ffc7bc218adaa91b92c10863d4fa6463a3f000000000000000000000000000000',
  composeHash: '4676ec04ecaff0303142bd3b76205ffc7bc218adaa91b92c10863d4fa6463a3f',
  tdAttributes: '0000001000000000',
  intelRootSha256: '44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3',
  capturedAt: '2026-06-10T01:47:07.000Z',
} as const

const gpus = Array.from({ length: 8 }, (_, index) => ({ index, arch: 'HOPPER', verified: true, nonceMatches: true }))

const veniceChecks: Check[] = [
  {
    id: 'server.verified',
    label: 'Provider reports the enclave verified',
    status: 'passed',
    required: true,
    detail: 'verified: true. A claim, not a proof: the checks below test it.',
  },
  {
    id: 'nonce.match',
    label: 'Fresh nonce echoed',
    status: 'passed',
    required: true,
    detail: 'The report answers the 32-byte nonce generated for this request.',
    evidence: { nonce: VENICE.nonce },
  },
  {
    id: 'key.present',
    label: 'Signing key present',
    status: 'passed',
    required: true,
    detail: 'secp256k1 uncompressed public key (130 hex, 04 prefix).',
    evidence: { 'signing key': VENICE.signingKey },
  },
  {
    id: 'key.address',
    label: 'Key matches the signing address',
    status: 'passed',
    required: true,
    detail: 'keccak256 of the key gives the attested address.',
    evidence: { address: VENICE.signingAddress },
  },
  {
    id: 'tdx.quote.signature',
    label: 'Intel TDX quote is genuine',
    status: 'passed',
    required: true,
    detail: 'v4 quote: quote signature, QE report and PCK chain verify up to the pinned Intel SGX Root CA.',
    evidence: { 'root CA sha256': VENICE.intelRootSha256 },
  },
  {
    id: 'tdx.reportdata',
    label: 'Quote binds the key and nonce',
    status: 'passed',
    required: true,
    detail: 'REPORTDATA = signing address ‖ 12 zero bytes ‖ nonce (all 64 bytes).',
    evidence: { reportdata: VENICE.reportData },
  },
  {
    id: 'tdx.debug',
    label: 'Production enclave (debug off)',
    status: 'passed',
    required: true,
    detail: 'TDATTRIBUTES bit 0 is clear: the host cannot read the TD’s memory.',
    evidence: { 'td attributes': VENICE.tdAttributes },
  },
  {
    id: 'tdx.tcb.status',
    label: 'Platform TCB up to date',
    status: 'passed',
    detail: 'UpToDate against Intel collateral for FMSPC 90c06f000000; no advisories.',
  },
  {
    id: 'tdx.measurements',
    label: 'Measurements match the event log',
    status: 'passed',
    detail: 'Replaying the event log reproduces RTMR0–3; MRCONFIGID = 0x01 ‖ sha256(app_compose).',
    evidence: { 'compose hash': VENICE.composeHash },
  },
  {
    id: 'tdx.policy',
    label: 'Measurements on the known-good list',
    status: 'skipped',
    detail: 'No measurement policy set: pass expected MRTD / RTMR values to check them.',
  },
  {
    id: 'gpu.payload',
    label: '8 NVIDIA GPUs attested',
    status: 'passed',
    detail: 'Each SPDM report is signed by a device key chaining to NVIDIA’s Device Identity CA and carries our nonce.',
  },
  {
    id: 'gpu.nras',
    label: 'NVIDIA NRAS verdict',
    status: 'skipped',
    detail: 'NRAS sends no CORS headers, so a browser cannot ask it. The local SPDM check above stands in.',
  },
]

/** Passed, policy `standard`: the real Venice capture, checked in full. */
export const verifiedReport: VerificationReport = {
  verdict: 'passed',
  policy: 'standard',
  checks: veniceChecks,
  verifiedAt: VENICE.capturedAt,
  model: VENICE.model,
  nonce: VENICE.nonce,
  signingAddress: VENICE.signingAddress,
  teeProvider: 'near-ai',
  teeHardware: 'intel-tdx',
  tdx: {
    version: 4,
    mrtd: VENICE.mrtd,
    rtmr0: VENICE.rtmr0,
    rtmr1: VENICE.rtmr1,
    rtmr2: VENICE.rtmr2,
    rtmr3: VENICE.rtmr3,
    reportData: VENICE.reportData,
    tdAttributes: VENICE.tdAttributes,
    debug: false,
    tcbStatus: 'UpToDate',
    advisoryIds: [],
  },
  gpus,
}

function withCheck(report: VerificationReport, id: string, patch: Partial<Check>): Check[] {
  return report.checks.map((c) => (c.id === id ? { ...c, ...patch } : c))
}

/** Intel rates the platform OutOfDate: a check that ran and failed, so the verdict fails under every policy. */
export const outOfDateReport: VerificationReport = {
  ...verifiedReport,
  verdict: 'failed',
  checks: withCheck(verifiedReport, 'tdx.tcb.status', {
    status: 'failed',
    detail: 'OutOfDate: the platform needs a microcode / TDX module update (INTEL-SA-00837, INTEL-SA-01036).',
  }),
  tdx: { ...verifiedReport.tdx!, tcbStatus: 'OutOfDate', advisoryIds: ['INTEL-SA-00837', 'INTEL-SA-01036'] },
}

const REPLAYED_NONCE = '7f3a0c55e1b24d8a9e6f0d2c4b1a39587e6d5c4b3a291807f6e5d4c3b2a19087'

/** Failed: the report answers a different nonce (a replayed report). */
export const nonceMismatchReport: VerificationReport = {
  ...verifiedReport,
  verdict: 'failed',
  nonce: REPLAYED_NONCE,
  checks: verifiedReport.checks.map((c): Check => {
    if (c.id === 'nonce.match')
      return {
        ...c,
        status: 'failed',
        detail: 'The report answers a different nonce than the one sent: it may be replayed.',
        evidence: { expected: VENICE.nonce, received: REPLAYED_NONCE },
      }
    if (c.id === 'tdx.reportdata')
      return { ...c, status: 'failed', detail: 'The last 32 bytes of REPORTDATA are not our nonce.' }
    return c
  }),
}

const DEBUG_MRTD = '705ee9381b8633a9fbe532b52345e8433343d2868959f57889d84ca377c395b689cac1599ccea1b7d420483a9ce5f031'

/** Failed: a debug TD (TDATTRIBUTES bit 0 set), whose memory the host can read. */
export const debugEnclaveReport: VerificationReport = {
  ...verifiedReport,
  verdict: 'failed',
  checks: withCheck(verifiedReport, 'tdx.debug', {
    status: 'failed',
    detail: 'TDATTRIBUTES bit 0 is set: this is a debug TD and the host can read its memory.',
    evidence: { 'td attributes': '0100001000000000' },
  }),
  tdx: { ...verifiedReport.tdx!, mrtd: DEBUG_MRTD, tdAttributes: '0100001000000000', debug: true },
}

/** Passed under `basic` with no network for collateral: the deep checks read "not checked". */
export const basicOfflineReport: VerificationReport = {
  verdict: 'passed',
  policy: 'basic',
  verifiedAt: VENICE.capturedAt,
  model: VENICE.model,
  nonce: VENICE.nonce,
  signingAddress: VENICE.signingAddress,
  teeProvider: 'near-ai',
  teeHardware: 'intel-tdx',
  checks: [
    ...veniceChecks.slice(0, 4),
    {
      id: 'tdx.quote.signature',
      label: 'Intel TDX quote is genuine',
      status: 'skipped',
      detail: 'Policy basic: the quote is not parsed.',
    },
    {
      id: 'tdx.tcb.status',
      label: 'Platform TCB up to date',
      status: 'skipped',
      detail: 'Offline: no Intel collateral (TCB info, QE identity, CRLs) was supplied.',
    },
    {
      id: 'gpu.payload',
      label: 'NVIDIA GPUs attested',
      status: 'skipped',
      detail: 'Policy basic: GPU evidence is not checked.',
    },
  ],
}

/** Passed against the simulator's test root: never "verified". */
export const simulatedReport: VerificationReport = {
  ...verifiedReport,
  simulated: true,
  teeProvider: 'sealkit-simulator',
  model: 'e2ee-sim-echo',
  checks: withCheck(verifiedReport, 'tdx.quote.signature', {
    detail: 'Quote and PCK chain verify up to the sealkit simulator test root, not Intel.',
    evidence: { 'root CA sha256': '5ea1c1a0000000000000000000000000000000000000000000000000000000be' },
  }),
  gpus: gpus.slice(0, 1),
}

/** Says "passed" but a required check failed: the badge must not trust the verdict alone. */
export const inconsistentReport: VerificationReport = {
  ...nonceMismatchReport,
  verdict: 'passed',
}

export const nonceMismatchError = Object.assign(new Error('Attestation nonce mismatch'), { code: 'ATTESTATION_NONCE_MISMATCH' })
export const networkError = Object.assign(new Error('The API could not be reached'), { code: 'NETWORK_ERROR' })

// ---------------------------------------------------------------------------------------------

function model(id: string, name: string, caps: { e2ee?: boolean; tee?: boolean }, context: number, input: number, output: number): ApiModel {
  return {
    id,
    object: 'model',
    owned_by: 'venice.ai',
    type: 'text',
    model_spec: {
      name,
      availableContextTokens: context,
      capabilities: { supportsE2EE: caps.e2ee ?? false, supportsTeeAttestation: caps.tee ?? false },
      pricing: { input: { usd: input }, output: { usd: output } },
    },
  }
}

export const models: ApiModel[] = [
  model('e2ee-qwen3-5-122b-a10b', 'Qwen 3.5 122B', { e2ee: true, tee: true }, 131_072, 0.75, 3),
  model('e2ee-gpt-oss-120b', 'GPT-OSS 120B', { e2ee: true, tee: true }, 131_072, 0.3, 1.2),
  model('tee-glm-4-6', 'GLM 4.6', { tee: true }, 202_752, 0.85, 2.75),
  model('tee-deepseek-v3-2', 'DeepSeek V3.2', { tee: true }, 163_840, 0.4, 1.6),
  model('venice-uncensored', 'Venice Uncensored', {}, 32_768, 0.2, 0.9),
  model('llama-3.3-70b', 'Llama 3.3 70B', {}, 65_536, 0.7, 2.8),
  // No name, no pricing, no context: the picker falls back to the id.
  { id: 'e2ee-experimental', model_spec: { capabilities: { supportsE2EE: true, supportsTeeAttestation: true } } },
]

// ---------------------------------------------------------------------------------------------

export const answer =
  'Intel TDX keeps the model’s memory encrypted with a key the host never sees, so even the cloud operator cannot read your prompt.\n\n' +
  'Before anything is sent, your browser checks a fresh attestation: a quote signed by Intel that binds the enclave’s public key to the nonce you just generated. ' +
  'Your message is then encrypted to that key, and each streamed chunk comes back encrypted to a key that exists only in this tab.\n\n' +
  'In short: the provider routes ciphertext, the enclave reads plaintext, and you can verify which enclave that was.'

export const conversation: MessageLike[] = [
  {
    id: 'u1',
    role: 'user',
    parts: [{ type: 'text', text: 'How can the provider run the model without seeing my prompt?' }],
    privacy: { e2ee: true },
  },
  {
    id: 'a1',
    role: 'assistant',
    parts: [{ type: 'text', text: answer }],
    privacy: { e2ee: true, signature: 'verified', attestation: 'passed' },
  },
  {
    id: 'u2',
    role: 'user',
    parts: [{ type: 'text', text: 'And what would a debug enclave change?' }],
    privacy: { e2ee: true },
  },
]

/** A markdown reply as models write them: heading, list, task list, code, table, a link, an unsafe link, Chinese. */
export const markdownAnswer = `### How your message is protected

Your prompt is **encrypted in this browser** to the enclave's attested key. The provider's gateway only sees ciphertext.

- The enclave proves what it runs with an *Intel TDX* quote
- Each reply is signed by the enclave key: see [the protocol](https://docs.example.com/e2ee)
- [x] Attestation checked
- [ ] Signature checked (after the reply ends)

\`\`\`ts
const chat = useEncryptedChat({ model: 'e2ee-qwen3-5-122b-a10b' })
await chat.sendMessage({ text: 'Hello' })
\`\`\`

| Check | Result |
|---|---|
| TDX quote | passed |
| GPUs | 8 / 8 |

端到端加密：只有经过证明的安全飞地才能读取你的消息。 A link that cannot run: [click](javascript:alert(1)).
`
