import type { Check, VerificationReport } from './report.ts'

/**
 * The plain-language verdict: a short, stable list of what the checks prove, the one
 * thing an end user reads first. The badge, the CLI and the docs render this list;
 * every entry says in one sentence what was proven, or as plainly what was not checked.
 *
 * Ids, always in this order: `hardware`, `fresh`, `key`, `platform`, `code`, `gpus`.
 * `status`: `yes` (proven), `warning` (proven, with a caveat the user should see),
 * `no` (failed: do not trust this enclave), `not-checked` (nothing was proven either way).
 *
 * @example
 * ```ts
 * for (const a of report.assurances ?? assurancesOf(report)) console.log(`${a.status}: ${a.text}`)
 * // yes: Genuine Intel TDX hardware: the quote is signed by a key Intel certified.
 * // not-checked: Platform patch level not checked: no Intel collateral was configured.
 * ```
 */
export type AssuranceId = 'hardware' | 'fresh' | 'key' | 'platform' | 'code' | 'gpus'
/**
 * How far an assurance holds: `yes` (proven), `warning` (proven, with a caveat to show), `no` (failed: do not trust
 * this enclave), `not-checked` (nothing proven either way).
 */
export type AssuranceStatus = 'yes' | 'warning' | 'no' | 'not-checked'

/** One plain-language answer of a report (see {@link assurancesOf}): what was proven, or as plainly what was not. */
export interface Assurance {
  /** Which question it answers: `hardware`, `fresh`, `key`, `platform`, `code` or `gpus`. */
  id: AssuranceId
  /**
   * Stable key of the state within the id, for translations: `genuine`, `simulated`, `fresh`,
   * `made-inside`, `gateway-tls`, `up-to-date`, `out-of-date`, `known`, `seen`, `changed`…
   * (see `ASSURANCE_CODES`). With `params`, a catalog words it in any language.
   */
  code: AssuranceCode
  /** The values the sentence names (counts, dates, advisory ids, what changed), as data. */
  params: AssuranceParams
  /** Short title in English, e.g. "Genuine hardware" (the CLI's; components use their catalog). */
  title: string
  /** How far it holds: `no` fails the verdict, `not-checked` is never shown as proven. */
  status: AssuranceStatus
  /** A short state word in English: `up to date`, `out of date`, `pinned`, `known deployment`, `seen before`, `changed`, `unknown`… */
  value: string
  /** One plain sentence in English. */
  text: string
}

/** Every state key of every assurance: what a translation must word. */
export const ASSURANCE_CODES = {
  /** States of "Genuine hardware" (the TDX quote's signer and debug bit). */
  hardware: ['not-checked', 'not-proven', 'debug', 'simulated', 'genuine'],
  /** States of "Fresh evidence" (our nonce in REPORTDATA). */
  fresh: ['not-fresh', 'unsigned', 'fresh', 'echoed-only', 'not-checked'],
  /**
   * States of "Key made inside" (the model's key, which signs replies and which E2EE encrypts to, bound in the quote; the gateway variants for NEAR gateways).
   */
  key: ['not-bound', 'unsigned', 'gateway-nothing', 'gateway-tls', 'gateway-address', 'made-inside', 'not-checked'],
  /** States of "Platform patched" (Intel collateral: TCB status and revocation). */
  platform: ['not-checked', 'collateral-failed', 'revoked', 'simulated', 'up-to-date', 'accepted', 'out-of-date', 'no-level', 'not-accepted'],
  /** States of "Code it runs" (pinned, known deployment, seen before, changed...). */
  code: ['another-model', 'not-checked', 'mismatch', 'changed', 'pinned', 'known', 'seen', 'new', 'unknown'],
  /** States of "GPUs" (NVIDIA evidence bound to our nonce). */
  gpus: ['not-proven', 'count-mismatch', 'gateway', 'not-checked', 'simulated', 'genuine'],
} as const satisfies Record<AssuranceId, readonly string[]>
/** Any state key of any assurance: the values of {@link ASSURANCE_CODES}. */
export type AssuranceCode = (typeof ASSURANCE_CODES)[AssuranceId][number]

/**
 * `status` (a TCB status), `advisories` (ids), `count`, `since` (a date), `changes` (what
 * changed, as `IdentityChange.key`s), `deployment` and `seen` (a known deployment's id and dates),
 * `findings` (warnings about what runs), `distinct` and `bound` (GPUs).
 */
export interface AssuranceParams {
  /** A TCB status, e.g. `'UpToDate'`, `'OutOfDate'`. */
  status?: string
  /** Intel advisory ids, e.g. `'INTEL-SA-00837'`. */
  advisories?: string[]
  /** How many: GPUs, advisories or changes, depending on the assurance. */
  count?: number
  /** An ISO date: when the identity was first seen, or the TCB date. */
  since?: string
  /** What changed since the last verified attestation, as `IdentityChange.key`s. */
  changes?: string[]
  /** The id of the known deployment the code matched. */
  deployment?: string
  /** The dates a known deployment was observed. */
  seen?: string[]
  /** How many findings (warnings about what runs) the deployment has. */
  findings?: number
  /** GPUs: every GPU's evidence is a different device. */
  distinct?: boolean
  /** GPUs: every GPU's evidence is bound to our nonce. */
  bound?: boolean
  /** Platform: the rating comes from collateral signed by a simulator's local test root, not by Intel. */
  simulated?: boolean
}

const TITLES: Record<AssuranceId, string> = {
  hardware: 'Genuine hardware',
  fresh: 'Fresh evidence',
  key: 'Key made inside',
  platform: 'Platform patched',
  code: 'Code it runs',
  gpus: 'GPUs',
}

type Verdict = 'passed' | 'failed' | 'skipped' | 'absent'

function statusOf(checks: Check[], pattern: RegExp): Verdict {
  const matching = checks.filter((c) => pattern.test(c.id))
  if (matching.length === 0) return 'absent'
  if (matching.some((c) => c.status === 'failed')) return 'failed'
  if (matching.every((c) => c.status === 'passed')) return 'passed'
  return matching.some((c) => c.status === 'passed') ? 'passed' : 'skipped'
}

const make = (id: AssuranceId, status: AssuranceStatus, code: AssuranceCode, value: string, text: string, params: AssuranceParams = {}): Assurance => ({
  id,
  code,
  params,
  title: TITLES[id],
  status,
  value,
  text,
})

/** The assurances of a report (pure: derived from its checks, tdx, gpus and identity). */
export function assurancesOf(report: VerificationReport): Assurance[] {
  const { checks } = report
  return [hardware(report, checks), fresh(checks), key(report, checks), platform(report, checks), code(report), gpus(report, checks)]
}

/** The TDX quote's own signature and the chain behind it: what makes anything inside the quote the enclave's word. */
const quoteChain = (checks: Check[]) => statusOf(checks, /^tdx\.(quote\.parse|quote\.signature|qe\.[a-z.]+|pck\.[a-z.]+|pinned\.[a-z]+)$/)

function hardware(report: VerificationReport, checks: Check[]): Assurance {
  const chain = quoteChain(checks)
  const debug = checks.find((c) => c.id === 'tdx.debug')
  if (chain === 'absent' || (chain === 'skipped' && !report.tdx)) return make('hardware', 'not-checked', 'not-checked', 'not checked', 'No Intel TDX quote was checked, so nothing proves this runs in an enclave.')
  if (chain === 'failed') return make('hardware', 'no', 'not-proven', 'not proven', 'The Intel TDX quote did not verify: this may not be an enclave at all.')
  if (debug?.status === 'failed') return make('hardware', 'no', 'debug', 'debug enclave', 'The enclave runs in debug mode: the host can read its memory.')
  if (report.simulated) return make('hardware', 'warning', 'simulated', 'simulated', 'Simulated: the quote is signed by a local test root, not by Intel. Nothing here is private.')
  return make('hardware', 'yes', 'genuine', 'genuine Intel TDX', 'Genuine Intel TDX hardware: the quote is signed by a key Intel certified, and the enclave is not in debug mode.')
}

function fresh(checks: Check[]): Assurance {
  const nonce = checks.find((c) => c.id === 'nonce.match')
  const bound = checks.find((c) => c.id === 'tdx.reportdata')
  if (nonce?.status === 'failed' || bound?.status === 'failed') return make('fresh', 'no', 'not-fresh', 'not fresh', 'The evidence does not answer the random nonce we sent: it may be a replay of an old answer.')
  // Our nonce in REPORTDATA proves nothing when the quote carrying it is not the enclave's signed word.
  if (bound?.status === 'passed' && quoteChain(checks) === 'failed') return make('fresh', 'no', 'unsigned', 'not proven', 'Our nonce is in a quote that did not verify: nothing proves an enclave signed it.')
  if (nonce?.status === 'passed' && bound?.status === 'passed') return make('fresh', 'yes', 'fresh', 'fresh', 'Fresh: the enclave signed the random nonce we gave it for this report.')
  if (nonce?.status === 'passed') return make('fresh', 'warning', 'echoed-only', 'echoed only', 'The server echoed our nonce, but no quote binds it: freshness rests on the server\'s word.')
  return make('fresh', 'not-checked', 'not-checked', 'not checked', 'Freshness was not checked: no nonce of ours was compared with the evidence.')
}

/** The key "Key made inside" is about, as its words name it: not only an encryption key (a TEE model's key signs). */
const MODEL_KEY = "model's key (which signs its replies, and which an E2EE chat encrypts to)"

function key(report: VerificationReport, checks: Check[]): Assurance {
  const address = checks.find((c) => c.id === 'key.address')
  const present = checks.find((c) => c.id === 'key.present')
  const bound = checks.find((c) => c.id === 'tdx.reportdata')
  if (present?.status === 'failed' || address?.status === 'failed' || bound?.status === 'failed') return make('key', 'no', 'not-bound', 'not bound', `The ${MODEL_KEY} is not bound to the enclave: do not send it anything private.`)
  if (bound?.status === 'passed' && quoteChain(checks) === 'failed') return make('key', 'no', 'unsigned', 'not proven', 'The quote that binds this key did not verify: nothing proves the key was made inside an enclave.')
  if (report.role === 'gateway' && present?.status === 'skipped') {
    // Not a failure of a check that does not apply, and not a pass: what the quote binds is said, what it does not prove too.
    const tls = present.evidence?.tlsFingerprint !== undefined
    if (bound?.status !== 'passed') return make('key', 'not-checked', 'gateway-nothing', 'gateway: nothing bound', 'A gateway holds no key we encrypt to, and no checked REPORTDATA binds its TLS certificate or signing address to the quote.')
    return tls
      ? make('key', 'not-checked', 'gateway-tls', 'gateway: TLS bound', "A gateway holds no key we encrypt to: its quote binds its TLS certificate's fingerprint, which is not compared here with the certificate of the connection.")
      : make('key', 'not-checked', 'gateway-address', 'gateway: address only', 'A gateway holds no key we encrypt to: its quote binds only its signing address, so nothing ties the TLS connection to this enclave.')
  }
  if (address?.status === 'passed' && bound?.status === 'passed') return make('key', 'yes', 'made-inside', 'made inside', `The ${MODEL_KEY} was made inside the enclave: the quote itself carries its address.`)
  return make('key', 'not-checked', 'not-checked', 'not checked', `Nothing ties the ${MODEL_KEY} to the enclave's hardware.`)
}

/** Who rates a platform under a simulator's test roots, in the platform's sentences: never Intel. */
const SIMULATED_COLLATERAL = "the simulator's test collateral (a local test root, not Intel)"

function platform(report: VerificationReport, checks: Check[]): Assurance {
  const tcb = checks.find((c) => c.id === 'tdx.tcb.status')
  const collateral = statusOf(checks, /^tdx\.collateral\./)
  const advisories = report.tdx?.advisoryIds ?? []
  const status = report.tdx?.tcbStatus
  if (!tcb || tcb.status === 'skipped') {
    return make('platform', 'not-checked', 'not-checked', 'not checked', 'Platform patch level not checked: no Intel collateral was available, so TCB status and revocation are unknown.')
  }
  // Under a simulator's test roots a failing rating is the simulator's, not Intel's: said so, in every sentence.
  const sim = report.simulated ? { simulated: true } : {}
  const rater = report.simulated ? SIMULATED_COLLATERAL : 'Intel'
  // Collateral that did not verify, or is past its nextUpdate: whatever rating it gives, the rating is not what failed.
  if (collateral === 'failed') return make('platform', 'no', 'collateral-failed', 'collateral failed', `${report.simulated ? `The collateral (${SIMULATED_COLLATERAL})` : "Intel's collateral"} did not verify or is no longer current (see its checks), so the platform's patch level and revocation are unknown.`, sim)
  if (/revoked/i.test(status ?? '')) return make('platform', 'no', 'revoked', 'revoked', report.simulated ? `This platform's keys are revoked in ${SIMULATED_COLLATERAL}.` : "Intel has revoked this platform's keys.", sim)
  if (tcb.status === 'passed') {
    // Collateral that chains to a simulator's test root is the simulator's rating, not Intel's.
    if (report.simulated) return make('platform', 'warning', 'simulated', `simulated: ${status === 'UpToDate' ? 'up to date' : (status ?? 'rated')}`, `Rated ${status ?? 'acceptable'} by collateral signed by a local test root, not by Intel.`, status ? { status } : {})
    return status === 'UpToDate' || !status
      ? make('platform', 'yes', 'up-to-date', 'up to date', 'Platform patched: Intel rates this machine up to date and none of its certificates is revoked.')
      : make('platform', 'warning', 'accepted', status, `Intel rates this machine ${status}${advisories.length ? ` (${advisories.length} advisories)` : ''}; the policy accepts it.`, { status, advisories })
  }
  // NotSupported is no rating: no TCB level of the collateral applies (collateral for another platform, say).
  if (status === 'NotSupported') return make('platform', 'no', 'no-level', 'no TCB level', `No TCB level in ${report.simulated ? `the collateral (${SIMULATED_COLLATERAL})` : "Intel's collateral"} applies to this machine: ${tcb.detail}`, { status, ...sim })
  if (status && /OutOfDate|Relaunch/.test(status)) {
    const n = advisories.length
    return make(
      'platform',
      'no',
      'out-of-date',
      'out of date',
      `Out of date: ${rater} lists ${n} security ${n === 1 ? 'advisory' : 'advisories'} this machine is not patched against${n ? ` (${advisories.join(', ')})` : ''}.`,
      { status, advisories, ...sim },
    )
  }
  return make('platform', 'no', 'not-accepted', 'not accepted', `${report.simulated ? `The rating of ${SIMULATED_COLLATERAL}` : "Intel's rating"} of this machine${status ? ` (${status})` : ''} is not accepted by the policy.`, { ...(status ? { status } : {}), ...sim })
}

function code(report: VerificationReport): Assurance {
  const identity = report.identity
  const deployment = report.deployment
  const findings = deployment?.bound ? deployment.findings.filter((f) => f.severity === 'warning').length : 0
  const note = findings ? ` ${findings} ${findings === 1 ? 'finding' : 'findings'} about what runs (see the deployment).` : ''
  if (report.checks.some((c) => c.id === 'deployment.model' && c.status === 'failed')) {
    return make('code', 'no', 'another-model', 'another model', 'The app compose bound to the quote serves another model than the one asked for.')
  }
  if (!identity) return make('code', 'not-checked', 'not-checked', 'not checked', 'What code runs was not checked: no verified quote measures it.')
  switch (identity.state) {
    case 'mismatch':
      return make('code', 'no', 'mismatch', 'not the pinned code', 'The enclave does not run the code this app pinned.')
    case 'changed': {
      const changes = identity.continuity?.changes ?? []
      const what = changes.length ? changes.map((c) => c.what).join(', ') : 'its measurements'
      return make('code', 'warning', 'changed', 'changed', `The code changed since this model was last verified (${what}).${note}`, { changes: changes.map((c) => c.key), findings })
    }
    case 'pinned':
      return make('code', 'yes', 'pinned', 'pinned', `The enclave runs exactly the code this app pinned.${note}`, { findings })
    case 'known':
      return make(
        'code',
        'yes',
        'known',
        'known deployment',
        `A deployment observed before in public captures (${identity.known!.deployment.id}, seen ${identity.known!.deployment.seen.join(', ')}); observed, not audited.${note}`,
        { deployment: identity.known!.deployment.id, seen: [...identity.known!.deployment.seen], findings },
      )
    case 'seen': {
      const c = identity.continuity!
      return make('code', 'yes', 'seen', 'seen before', `The same code as the ${c.count} verified ${c.count === 1 ? 'attestation' : 'attestations'} of this model since ${c.since.slice(0, 10)}.${note}`, {
        count: c.count,
        since: c.since.slice(0, 10),
        findings,
      })
    }
    case 'new':
      return make('code', 'warning', 'new', 'first seen', `First time this code is seen: it is remembered, and a change will be reported.${note}`, { findings })
    default:
      return make('code', 'warning', 'unknown', 'unknown', `The code is measured but not recognised: nothing pins it, and it is not a known deployment.${note}`, { findings })
  }
}

function gpus(report: VerificationReport, checks: Check[]): Assurance {
  const gpu = statusOf(checks, /^gpu\./)
  const list = report.gpus ?? []
  // Only the count failed: the GPUs evidenced may be genuine, and not all the VM has (or the report was edited).
  const failedGpuChecks = checks.filter((c) => /^gpu\./.test(c.id) && c.status === 'failed')
  if (failedGpuChecks.length > 0 && failedGpuChecks.every((c) => c.id === 'gpu.count')) {
    return make('gpus', 'no', 'count-mismatch', 'not all', 'The GPU evidence does not cover the GPUs the VM has: a GPU nobody verified may run the model, or the report was edited.')
  }
  if (gpu === 'failed') return make('gpus', 'no', 'not-proven', 'not proven', 'The GPU evidence did not verify: the GPUs may not be genuine confidential-computing NVIDIA GPUs.')
  if (report.role === 'gateway' && list.length === 0) return make('gpus', 'not-checked', 'gateway', 'none (gateway)', 'A gateway is a CPU TEE: it has no GPUs to attest.')
  if (gpu === 'absent' || gpu === 'skipped' || list.length === 0) return make('gpus', 'not-checked', 'not-checked', 'not checked', 'GPUs not checked: the report carries no GPU evidence we verified.')
  const n = list.filter((g) => g.verified).length
  if (list.some((g) => g.simulated)) {
    return make('gpus', 'warning', 'simulated', `${n} simulated`, `${n} simulated ${n === 1 ? 'GPU' : 'GPUs'}: the evidence chains to a local test root, not to NVIDIA. Nothing here is private.`, { count: n })
  }
  const distinct = checks.some((c) => /^gpu\..*(distinct|duplicate|unique)/.test(c.id) && c.status === 'passed') ? ' distinct' : ''
  const bound = list.every((g) => g.nonceMatches !== false)
  return make('gpus', bound ? 'yes' : 'no', 'genuine', `${n} genuine`, `${n}${distinct} genuine NVIDIA ${n === 1 ? 'GPU' : 'GPUs'} in confidential mode${bound ? ', bound to our nonce' : ', but not bound to our nonce'}.`, {
    count: n,
    distinct: distinct !== '',
    bound,
  })
}
