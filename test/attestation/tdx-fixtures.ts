import { readFileSync } from 'node:fs'
import { readReal, readRealJson, realPath } from '../fixtures.ts'
import type { QuoteCollateral } from '../../src/core/attestation/tdx/index.ts'

/** Loading helpers for the real TDX fixtures (see shared/fixtures/real/PROVENANCE.md). */

export const EXPECTED = readRealJson('EXPECTED.json')

export interface ExpectedQuote {
  encoding?: string
  version: number
  mr_td: string
  mr_config_id: string
  rtmr0: string
  rtmr1: string
  rtmr2: string
  rtmr3: string
  report_data: string
  td_attributes: string
  xfam: string
  debug: boolean
  [key: string]: unknown
}

/** A quote file as it is stored: bytes for .bin, text for .txt, the `tdx.quote` of the GCP JSON. */
export function loadQuoteFile(path: string): Uint8Array | string {
  if (path.endsWith('.bin')) return new Uint8Array(readFileSync(realPath(path)))
  if (path.endsWith('.json')) return (readRealJson(path) as { tdx: { quote: string } }).tdx.quote
  return readReal(path)
}

/** Times at which each standalone quote's PCK chain is valid (capture or upstream test time). */
export const CHAIN_TIMES: Record<string, string> = {
  'tdx-quotes/dcap-qvl__tdx_quote.v4.bin': '2025-06-19T11:32:27Z',
  'tdx-quotes/dcap-qvl__tdx_quote_outdated.v5.bin': '2026-02-18T11:58:51Z',
  'tdx-quotes/dcap-qvl__near-gas-test_quote.v4.hex.txt': '2025-09-02T08:41:59Z',
  'tdx-quotes/go-tdx-guest__quote_v5_sample.v5.bin': '2026-02-03T00:00:00Z',
  'tdx-quotes/go-tdx-guest__tdx_prod_quote_SPR_E4.v4.bin': '2023-07-01T00:00:00Z',
  'tdx-quotes/teekit__tdx-v5-trustee.v5.bin': '2025-09-01T00:00:00Z',
}

/** Capture time if known, else one day after the PCK certificate's notBefore. */
export function chainTime(path: string): Date {
  const known = CHAIN_TIMES[path]
  if (known) return new Date(known)
  const validity = (EXPECTED.tdx_quotes[path] as { pck_cert_validity: [string, string] }).pck_cert_validity
  return new Date(new Date(validity[0].replace(' ', 'T')).getTime() + 86_400_000)
}

export interface ReportQuote {
  name: string
  quote: string
  expected?: ExpectedQuote
  at: Date
  collateral?: QuoteCollateral
  tcbStatus?: string
  advisoryIds?: string[]
  /** REPORTDATA expectation per the report's binding. */
  binding?: { signer: string; nonce: string; tlsFingerprint?: string } | { raw: string }
  appCompose?: string
  composeHash?: string
  eventLog?: unknown
}

type Att = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const tcbInfoOf = (att: Att): Att => {
  const info = typeof att.info === 'string' ? JSON.parse(att.info) : att.info
  return typeof info?.tcb_info === 'string' ? JSON.parse(info.tcb_info) : info?.tcb_info
}

function fromAttestation(name: string, att: Att, nonce: string, expected: Att | undefined, ctx: Partial<ReportQuote> & { at: Date }): ReportQuote {
  const tcb = tcbInfoOf(att)
  return {
    name,
    quote: att.intel_quote,
    expected: expected?.quote,
    binding: { signer: att.signing_address, nonce, ...(att.tls_cert_fingerprint ? { tlsFingerprint: att.tls_cert_fingerprint } : {}) },
    appCompose: tcb?.app_compose,
    composeHash: (typeof att.info === 'string' ? JSON.parse(att.info) : att.info)?.compose_hash,
    eventLog: att.event_log,
    ...ctx,
  }
}

function composeManager(name: string, cm: Att, ctx: Partial<ReportQuote> & { at: Date }): ReportQuote {
  return { name, quote: cm.quote, binding: { raw: cm.report_data }, eventLog: cm.event_log, ...ctx }
}

/** Every quote embedded in the real attestation reports, with what it should verify against. */
export function reportQuotes(): ReportQuote[] {
  const out: ReportQuote[] = []
  const exp = EXPECTED.attestation_reports
  const verify = EXPECTED.dcap_qvl_js_0_3_9_verify

  for (const day of ['2026-06-10', '2026-04-24']) {
    const dir = `attestation-reports/venice__e2ee-qwen3-5-122b-a10b__${day}`
    const att = readRealJson(dir, 'attestation.json')
    const manifest = readRealJson(dir, 'capture-manifest.json')
    const collateral = readRealJson(dir, 'intel-collateral.json')
    const at = new Date(manifest.captured_at)
    out.push(fromAttestation(`venice ${day}`, att, manifest.nonce_hex, exp[dir].report, { at, collateral, tcbStatus: verify[`${dir} :: intel_quote with intel-collateral.json`].status }))
    out.push(composeManager(`venice ${day} compose manager`, att.compose_manager_attestation, { at, collateral, tcbStatus: verify[`${dir} :: compose_manager_attestation.quote with intel-collateral.json`].status }))
  }

  {
    const dir = 'attestation-reports/nearai-direct__qwen3.5-122b__2026-06-10__ed25519-tls'
    const att = readRealJson(dir, 'attestation.json')
    const manifest = readRealJson(dir, 'capture-manifest.json')
    const collateral = readRealJson(dir, 'intel-collateral.json')
    const at = new Date(manifest.captured_at)
    const status = (k: string) => verify[`${dir} :: ${k} with intel-collateral.json`].status
    out.push(fromAttestation('nearai-direct', att, manifest.nonce_hex, exp[dir].report, { at, collateral, tcbStatus: status('intel_quote') }))
    out.push(fromAttestation('nearai-direct all_attestations[0]', att.all_attestations[0], manifest.nonce_hex, exp[dir].report, { at, collateral, tcbStatus: status('all_attestations[0].intel_quote') }))
    out.push(composeManager('nearai-direct compose manager', att.compose_manager_attestation, { at, collateral, tcbStatus: status('compose_manager_attestation.quote') }))
  }

  {
    const dir = 'attestation-reports/nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls'
    const att = readRealJson(dir, 'attestation.json')
    const manifest = readRealJson(dir, 'capture-manifest.json')
    const at = new Date(manifest.captured_at)
    const gw = readRealJson(dir, 'intel-collateral.gateway-fmspc-b0c06f000000.json')
    const model = readRealJson(dir, 'intel-collateral.model-fmspc-90c06f000000.json')
    const v = (k: string) => verify[`${dir} :: ${k}`]
    const gwVerdict = v('gateway_attestation.intel_quote with intel-collateral.gateway-fmspc-b0c06f000000.json')
    out.push(
      fromAttestation('nearai-cloud gateway', att.gateway_attestation, manifest.nonce_hex, exp[dir].gateway_attestation, {
        at,
        collateral: gw,
        tcbStatus: gwVerdict.status,
        advisoryIds: gwVerdict.advisory_ids,
      }),
    )
    out.push(
      fromAttestation('nearai-cloud model', att.model_attestations[0], manifest.nonce_hex, exp[dir]['model_attestations[0]'], {
        at,
        collateral: model,
        tcbStatus: v('model_attestations[0].intel_quote with intel-collateral.model-fmspc-90c06f000000.json').status,
      }),
    )
    out.push(
      composeManager('nearai-cloud model compose manager', att.model_attestations[0].compose_manager_attestation, {
        at,
        collateral: model,
        tcbStatus: v('model_attestations[0].compose_manager_attestation.quote with intel-collateral.model-fmspc-90c06f000000.json').status,
      }),
    )
  }

  {
    const file = 'attestation-reports/nearai-cloud__openai-gpt-oss-120b__nonce-deadbeef__ecdsa.json'
    const att = readRealJson(file)
    const nonce = exp[file].client_nonce as string
    // Capture time unknown (~2026-03/04); any time inside the PCK validity works for the chain.
    const at = new Date('2026-04-01T00:00:00Z')
    out.push(fromAttestation('nearai-cloud oss gateway', att.gateway_attestation, nonce, exp[file].gateway_attestation, { at }))
    out.push(fromAttestation('nearai-cloud oss model', att.model_attestations[0], nonce, exp[file]['model_attestations[0]'], { at }))
  }

  {
    const q = readRealJson('attestation-reports/nearai-vllm-proxy__sample_dstack_get_quote.json')
    const info = readRealJson('attestation-reports/nearai-vllm-proxy__sample_dstack_info.json')
    const tcb = typeof info.tcb_info === 'string' ? JSON.parse(info.tcb_info) : info.tcb_info
    out.push({ name: 'vllm-proxy sample dstack', quote: q.quote, at: new Date('2025-08-01T00:00:00Z'), binding: { raw: '01'.repeat(64) }, appCompose: tcb.app_compose, eventLog: q.event_log })
  }
  {
    const o = readRealJson('attestation-reports/nearai-private-ml-sdk__e2e-readme-quote-output.json')
    out.push({ name: 'private-ml-sdk readme', quote: o.intel_quote, at: new Date('2025-03-01T00:00:00Z') })
  }
  return out
}
