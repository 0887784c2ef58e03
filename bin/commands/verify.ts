import { readFileSync } from 'node:fs'
import type { AttestationResponse } from '../../src/core/api/types.ts'
import { DEFAULT_POLICY, isPolicyName } from '../../src/core/attestation/policy.ts'
import type { VerificationReport } from '../../src/core/attestation/report.ts'
import { verifyAttestation, verifyQuoteOnly, type VerifyAttestationOptions } from '../../src/core/attestation/verify.ts'
import { assurancesOf } from '../../src/core/attestation/assurances.ts'
import { escapeField, jsonForTerminal } from './escape.ts'
import { formatReport } from './format.ts'
import { isCloudReport, readCloudReport } from '../../src/core/providers/nearai.ts'
import { PROVIDERS, type ProviderName } from '../../src/core/providers/index.ts'
import { isObject } from '../../src/core/is-object.ts'
import type { MeasurementStore } from '../../src/core/attestation/identity/store.ts'
import { fileMeasurementStore } from './measurement-file.ts'
import { simulatorTrustedRoots } from './trust.ts'
import { UsageError, parseCommand } from './usage.ts'

const HELP = `Usage: sealkit verify FILE [--nonce HEX] [--model ID] [--at ISO-TIME] [--collateral FILE]... | [--pccs URL]
                      [--nras FILE] [--jwks FILE] [--policy basic|standard|strict] [--measurements-file PATH]
                      [--provider venice|nearai|nearai-direct] [--trust-simulator --base-url URL] [--json]

FILE is an attestation report (Venice, NEAR model or NEAR gateway shape) or a
bare TDX quote (binary, hex or base64). Verification is offline: Intel collateral
and NVIDIA NRAS answers come from the files you pass.
  --nonce   the nonce you sent; without it freshness is not checked (and fails the policy)
  --model   the model you asked for: each model attestation must name it (a gateway attestation names none)
  --collateral  Intel collateral; give it once per FMSPC (a NEAR cloud report has two: gateway and
            model): each quote is checked against the one for its FMSPC
  --at      verify certificates and collateral as of this time (default: now)
  --pccs    fetch Intel collateral from this PCCS (or 'sealkit collateral serve') instead of a file
  --provider  whose report it is, for the one rule that differs: Venice's reports claim "verified" (basic
            requires the claim), NEAR's (nearai, nearai-direct) make no such claim. Default: Venice's rule,
            whatever the file's shape (a shape is easy to forge; the rule is asked for, never guessed)
  --measurements-file  remember each verified code identity in this JSON file and report
            "seen before" or what changed (the file sealkit attest uses by default); without it,
            verify reads and writes no measurements file: a saved report is checked as it is.
            Needs --model; with --base-url it meets what attest remembered of that API and model.
            Without --nonce it reads the file and writes nothing: unfresh evidence is never remembered
  --trust-simulator  also trust the test roots of the sealkit simulator at --base-url (fetched from
            <base-url>/sealkit/roots: the one request verify makes; its reports are then marked SIMULATED)
\`sealkit attest --save FILE\` saves a fresh attestation and prints the verify command for it.
A file that holds no attestation at all (e.g. {"model_attestations":[]}) fails: nothing verified
is not verified. A NEAR AI Cloud report (model_attestations) without its gateway attestation fails too.
Exit 0 when the verdict passes, 1 when it fails, 2 on bad usage.`

interface Target {
  label: string
  response: AttestationResponse
  /** Gateway attestations attest no model. */
  gateway?: boolean
}

/** The report shapes a file may hold, flattened to the attestations to verify, and what a NEAR AI Cloud report lacks. */
function targetsOf(json: Record<string, unknown>): { targets: Target[]; missing: string[] } {
  if (!isCloudReport(json)) return { targets: [{ label: 'attestation', response: json as AttestationResponse }], missing: [] }
  const { gateway, models } = readCloudReport(json)
  return {
    targets: [
      ...models.map((m, i) => ({ label: `model attestation ${i} (${String(m?.model_name ?? '')})`, response: m })),
      ...(gateway ? [{ label: 'gateway attestation', response: gateway, gateway: true }] : []),
    ],
    missing: [...(models.length ? [] : ['model attestation']), ...(gateway ? [] : ['gateway attestation'])],
  }
}

function readOption(path: unknown, what: string): string | undefined {
  if (typeof path !== 'string') return undefined
  try {
    return readFileSync(path, 'utf8')
  } catch {
    throw new UsageError(`cannot read ${what} file ${path}`)
  }
}

export async function runVerify(args: string[]): Promise<number> {
  const parsed = parseCommand(
    args,
    {
      nonce: { type: 'string' },
      at: { type: 'string' },
      collateral: { type: 'string', multiple: true },
      model: { type: 'string' },
      pccs: { type: 'string' },
      nras: { type: 'string' },
      jwks: { type: 'string' },
      policy: { type: 'string', default: DEFAULT_POLICY },
      json: { type: 'boolean', default: false },
      'measurements-file': { type: 'string' },
      provider: { type: 'string' },
      'trust-simulator': { type: 'boolean', default: false },
      'base-url': { type: 'string' },
    },
    HELP,
  )
  if (!parsed) return 0
  const { values, positionals } = parsed
  if (positionals.length !== 1) throw new UsageError(`expected exactly one FILE\n\n${HELP}`)
  if (!isPolicyName(values.policy)) throw new UsageError(`--policy must be basic, standard or strict\n\n${HELP}`)
  const provider = values.provider as ProviderName | undefined
  if (provider !== undefined && !Object.hasOwn(PROVIDERS, provider)) throw new UsageError(`--provider must be venice, nearai or nearai-direct\n\n${HELP}`)
  const nonce = values.nonce as string | undefined
  if (nonce !== undefined && !/^(0x)?[0-9a-fA-F]{64}$/.test(nonce)) throw new UsageError('--nonce must be 32 bytes as 64 hex characters')
  const at = values.at === undefined ? new Date() : new Date(values.at as string)
  if (Number.isNaN(at.getTime())) throw new UsageError('--at must be an ISO time, e.g. 2026-06-10T01:47:07Z')

  const baseURL = values['base-url'] as string | undefined
  if (values['trust-simulator'] && baseURL === undefined) throw new UsageError(`--trust-simulator needs --base-url, the simulator's API base URL\n\n${HELP}`)
  const measurementsFile = typeof values['measurements-file'] === 'string' ? values['measurements-file'] : undefined
  const remembering = measurementsFile !== undefined
  // --base-url names the API the report came from: the simulator whose roots to fetch, or where attest remembered it.
  if (!values['trust-simulator'] && !remembering && baseURL !== undefined) throw new UsageError(`--base-url is only for --trust-simulator or --measurements-file: verify is offline\n\n${HELP}`)
  // The model the identity is remembered under is the one asked for, never the file's own model field (any text).
  if (remembering && typeof values.model !== 'string') {
    throw new UsageError(`--measurements-file needs --model: each identity is remembered under the model asked for (with --base-url, the API too, as sealkit attest keeps it)\n\n${HELP}`)
  }

  let file: Buffer
  try {
    file = readFileSync(positionals[0]!)
  } catch {
    throw new UsageError(`cannot read ${positionals[0]}`)
  }
  const collaterals = ((values.collateral as string[] | undefined) ?? []).map((path) => readOption(path, 'collateral')!)
  const collateral = collaterals.length > 1 ? collaterals : collaterals[0]
  const nrasText = readOption(values.nras, 'NRAS')
  const jwks = readOption(values.jwks, 'JWKS')
  let nras: unknown
  try {
    nras = nrasText === undefined ? undefined : JSON.parse(nrasText)
  } catch {
    throw new UsageError('--nras must be a JSON file')
  }
  const common: Omit<VerifyAttestationOptions, 'nonce'> = {
    policy: values.policy,
    at,
    ...(collateral ? { collateral } : typeof values.pccs === 'string' ? { collateral: { pccsUrl: values.pccs } } : {}),
    ...(nras !== undefined ? { nras } : {}),
    ...(jwks ? { jwks } : {}),
    ...(measurementsFile !== undefined ? { measurementStore: readOnlyWithout(nonce, fileMeasurementStore(measurementsFile)) } : {}),
    ...(baseURL !== undefined && values['trust-simulator'] ? { trustedRoots: await simulatorTrustedRoots(baseURL) } : {}),
  }

  let json: Record<string, unknown> | undefined
  // JSON that is no report ({}, [], a number, another tool's file) holds no attestation: said so, never read as a quote.
  let otherJson = false
  try {
    const parsedJson: unknown = JSON.parse(file.toString('utf8'))
    if (isObject(parsedJson)) json = parsedJson
    else otherJson = true
  } catch {
    json = undefined
  }

  const reports: { label: string; report: VerificationReport }[] = []
  let missing: string[] = []
  if (json && (json.intel_quote || isCloudReport(json))) {
    // NEAR's reports claim no `verified` of their own (the library's nearai providers say the same): nothing to require.
    const serverClaim = provider === undefined || PROVIDERS[provider].claimsVerified ? {} : { serverClaim: 'none' as const }
    const shape = targetsOf(json)
    missing = shape.missing
    for (const target of shape.targets) {
      const echoed = target.response.nonce ?? target.response.request_nonce
      // The key attest remembers the identity under, so that a saved report meets what attest saw.
      const model = typeof values.model === 'string' && !target.gateway ? { model: values.model, ...(remembering && baseURL !== undefined ? { identityKey: `${baseURL} ${values.model}` } : {}) } : {}
      // A gateway holds no key we encrypt to and runs no GPU: its evidence is the CPU TEE and its TLS binding.
      const role = target.gateway ? { role: 'gateway' as const } : {}
      const report = await verifyAttestation(target.response, { ...common, ...model, ...role, ...serverClaim, nonce: (nonce ?? String(echoed ?? '')).replace(/^0x/, '') })
      const claim = report.checks.find((c) => c.id === 'server.verified')
      if (provider === undefined && claim?.status === 'skipped' && claim.required) {
        claim.detail = `${claim.detail} The policy requires it of a Venice report; NEAR's make none: --provider nearai (a NEAR AI Cloud report) or nearai-direct (a model's own).`
      }
      if (!nonce) {
        // Freshness is only meaningful against a nonce the verifier chose: say so, and keep the policy's verdict honest.
        const check = report.checks.find((c) => c.id === 'nonce.match')
        if (check) Object.assign(check, { status: 'skipped', detail: 'No --nonce given: freshness not checked; bindings were checked against the nonce the report itself carries.' })
        if (check?.required) report.verdict = 'failed'
        // The plain-words verdict was made before: made again, or "Fresh evidence" stays a yes.
        report.assurances = assurancesOf(report)
      }
      reports.push({ label: target.label, report })
    }
  } else if (!json && !otherJson) {
    // A bare quote: the file as binary, or as hex / base64 text (decodeQuoteInput tells them apart).
    reports.push({ label: 'TDX quote', report: await verifyQuoteOnly(new Uint8Array(file), common) })
  }

  if (reports.length === 0 || missing.length) {
    // Nothing verified is not verified; a NEAR AI Cloud report without its gateway's (or a model's) attestation is not either.
    const message = reports.length
      ? `The NEAR AI Cloud report has no ${missing.join(' and no ')} (ATTESTATION_EVIDENCE_MISSING): what is missing cannot pass, whatever the rest says.`
      : 'The file holds no attestation to verify (ATTESTATION_EVIDENCE_MISSING): nothing was verified, so nothing passes.'
    if (values.json) {
      console.log(jsonForTerminal({ verdict: 'failed', code: 'ATTESTATION_EVIDENCE_MISSING', missing, reports }))
    } else {
      for (const { label, report } of reports) console.log(`== ${escapeField(label)}\n${formatReport(report)}\n`)
      console.log(`Verdict: FAILED. ${message}`)
    }
    return 1
  }
  if (values.json) {
    console.log(jsonForTerminal(reports.length === 1 ? reports[0]!.report : { verdict: reports.every((r) => r.report.verdict === 'passed') ? 'passed' : 'failed', reports }))
  } else {
    for (const { label, report } of reports) {
      if (reports.length > 1) console.log(`== ${escapeField(label)}`)
      console.log(formatReport(report))
      console.log('')
    }
    // Each report ends with its own verdict: with several, the last line is the file's, not the last report's.
    if (reports.length > 1) {
      const failed = reports.filter((r) => r.report.verdict !== 'passed').map((r) => escapeField(r.label))
      console.log(failed.length ? `Verdict for the whole file: FAILED (${failed.join('; ')} did not pass).` : 'Verdict for the whole file: PASSED (every attestation in it).')
    }
  }
  return reports.every((r) => r.report.verdict === 'passed') ? 0 : 1
}

/**
 * Without a nonce of ours the evidence is not known fresh, and the verdict fails once that is said (after the
 * verification, which remembers as it passes): the file is read, never written.
 */
function readOnlyWithout(nonce: string | undefined, store: MeasurementStore): MeasurementStore {
  return nonce ? store : { get: (key) => store.get(key), set: () => {} }
}
