/**
 * An attacker's pass over the attestation request the page's HTML starts (`earlyAttestationScript`,
 * `takeEarlyAttestation`, sealkit/vite's `earlyVerifyWorker({ attest })`): an odd or forged entry, a
 * client that is not the key-less one, a hostile network between the page and the enclave, a
 * cancelled attestation, and the age of what is taken. Whatever is taken is verified against the
 * nonce that was checked; whatever does not fit is a fresh request; nothing is older than `staleTime`
 * promises (plus `EARLY_ATTESTATION_MAX_AGE` at most).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient, type CreateClientParameters } from '../../src/core/api/client.ts'
import { EARLY_ATTESTATION, earlyAttestationScript, takeEarlyAttestation, type EarlyAttestationTarget } from '../../src/core/api/early-attestation.ts'
import { EARLY_ATTESTATION_MAX_AGE } from '../../src/core/api/early-requests.ts'
import { attestModel } from '../../src/core/session/attest.ts'
import { attestationQueryOptions, startAttestation } from '../../src/core/query/attestation.ts'
import { resetEarlyStarts } from '../../src/core/query/early-start.ts'
import { createSimulator, type Simulator } from '../../src/simulator/index.ts'
import { SIMULATED_MODEL as MODEL } from '../helpers/verifier-parity.ts'
import { earlySlot, runEarlyScript, stubPageFetch, type EarlySlot, type PageRequest } from '../helpers/early-attestation.ts'
import { driveEarlyVerifyWorker } from '../helpers/vite-plugin.ts'

const BASE = 'http://sim.test/api/v1'
const scope = globalThis as unknown as Record<symbol, unknown>
const slot = earlySlot
const nonceOf = (url: string) => new URL(url).searchParams.get('nonce')
// By its code: the project's error classes, or anything else thrown.
const codeOf = (e: unknown) => (e as { code?: string } | undefined)?.code ?? `no code: ${String(e)}`

let sim: Simulator
let requests: PageRequest[]
/** The page's fetch: the simulator (or `answer`), recording each request. */
const stubFetch = (answer?: (url: string) => Response | Promise<Response>) => stubPageFetch(requests, (input, init) => sim.fetch(input, init), answer)
/** Runs the script as the page's HTML would, and waits for its body. */
const runScript = async (target: EarlyAttestationTarget = { baseURL: BASE, model: MODEL }) => (await runEarlyScript(target))!
const attest = (parameters: CreateClientParameters = { baseURL: BASE }, extra: { signal?: AbortSignal } = {}) =>
  attestModel(createClient(parameters), { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots(), ...extra })
const outcomeOf = (attesting: Promise<{ nonce: string; report: { verdict: string } }>) =>
  attesting.then(
    ({ nonce, report }) => ({ nonce, verdict: report.verdict }),
    (error: unknown) => ({ nonce: undefined, verdict: codeOf(error) }),
  )

beforeEach(() => {
  sim = createSimulator({ seed: 'attack-early-attestation' })
  requests = []
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  Reflect.deleteProperty(scope, EARLY_ATTESTATION) // false, not a throw, for the non-configurable slot (the last test)
  resetEarlyStarts()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('an odd or forged entry is never what gets verified', () => {
  it.each([
    ['no number (NaN)', () => Number.NaN],
    ['the future (the clock stepped back since the page loaded)', () => Date.now() + 3_600_000],
  ])('a request time in %s: dropped, not taken however late', async (_what, at) => {
    stubFetch()
    const early = await runScript()
    early.at = at()
    const { nonce } = await outcomeOf(attest())
    expect(nonce).toMatch(/^[0-9a-f]{64}$/)
    expect(nonce).not.toBe(early.nonce)
    expect(requests).toHaveLength(2)
    expect(slot()).toBeUndefined()
  })

  it('each field is read once: a nonce that reads one way for the URL check and another afterwards is not what gets verified', async () => {
    stubFetch()
    const [checked, swapped] = ['c'.repeat(64), 'd'.repeat(64)]
    const text = await sim.fetch(`${BASE}/tee/attestation?model=${MODEL}&nonce=${swapped}`).then((r) => r.text())
    const settled = { status: 200, text, end: 0 }
    let reads = 0
    scope[EARLY_ATTESTATION] = {
      url: `${BASE}/tee/attestation?model=${MODEL}&nonce=${checked}`,
      get nonce() {
        return reads++ < 2 ? checked : swapped
      },
      at: Date.now(),
      start: 0,
      body: Promise.resolve(settled),
      settled,
    }
    const outcome = await outcomeOf(attest())
    expect(outcome).not.toEqual({ nonce: swapped, verdict: 'passed' })
    expect(outcome.verdict).toBe('ATTESTATION_NONCE_MISMATCH')
  })

  const throwing = (early: EarlySlot, name: keyof EarlySlot) => Object.defineProperty({ ...early }, name, { get: () => { throw new Error('boom') }, enumerable: true })
  it.each<[string, (early: EarlySlot) => unknown]>([
    ['a nonce getter that throws', (early) => throwing(early, 'nonce')],
    ['a settled getter that throws', (early) => throwing(early, 'settled')],
    ['a proxy whose traps throw', () => new Proxy({}, { get: () => { throw new Error('boom') } })],
  ])('%s: a fresh request, verified, and the entry dropped', async (_what, forge) => {
    stubFetch()
    const early = await runScript()
    scope[EARLY_ATTESTATION] = forge(early)
    const { nonce, verdict } = await outcomeOf(attest())
    expect(verdict).toBe('passed')
    expect(nonce).not.toBe(early.nonce)
    expect(EARLY_ATTESTATION in scope).toBe(false)
  })

  it('a body whose fields throw is a typed INVALID_RESPONSE, not whatever it threw', async () => {
    stubFetch()
    const early = await runScript()
    early.settled = { get status(): number { throw new Error('boom') }, text: '{}', end: 0 }
    expect((await outcomeOf(attest())).verdict).toBe('INVALID_RESPONSE')
  })

  it('an upper-case nonce in the URL, or a URL that differs only in spelling: not taken, asked afresh', async () => {
    stubFetch()
    const variants = (url: string, nonce: string) => [
      url.replace(nonce, nonce.toUpperCase()),
      url.replace('/tee/attestation', '/tee/attestation/'),
      url.replace('http://sim.test', 'http://SIM.test'),
      url.replace(`model=${MODEL}`, `model=${MODEL.replace('-', '%2D')}`),
      `${BASE}/tee/attestation?nonce=${nonce}&model=${MODEL}`,
      `${url}&model=${MODEL}`,
    ]
    const { url, nonce } = await runScript()
    for (const variant of variants(url, nonce)) {
      scope[EARLY_ATTESTATION] = { ...slot(), url: variant }
      expect(takeEarlyAttestation(createClient({ baseURL: BASE }), MODEL)).toBeUndefined()
    }
    // The spelling the client itself sends is taken.
    scope[EARLY_ATTESTATION] = { ...slot(), url }
    expect(takeEarlyAttestation(createClient({ baseURL: `${BASE}/` }), MODEL)?.nonce).toBe(nonce)
  })

  it('a model name that URLSearchParams encodes, or that holds the script’s own nonce placeholder: the script and the client agree, or it is not taken', async () => {
    stubFetch(() => new Response('{}'))
    for (const model of ['org/Model name+ü&x=1#y', 'x__sealkit_nonce__']) {
      const { nonce, url } = await runScript({ baseURL: BASE, model })
      expect(nonceOf(url)).toBe(nonce) // the nonce sent is the one kept, wherever the placeholder's text also appears
      expect(new URL(url).searchParams.get('model')).toBe(model)
      expect(takeEarlyAttestation(createClient({ baseURL: BASE }), model)?.nonce).toBe(nonce)
    }
  })
})

describe('only the client that would send exactly that request takes it, once', () => {
  it('concurrent attestations: one takes it, the other asks with its own nonce', async () => {
    stubFetch()
    const early = await runScript()
    const [a, b] = await Promise.all([outcomeOf(attest()), outcomeOf(attest())])
    expect([a.verdict, b.verdict]).toEqual(['passed', 'passed'])
    expect([a.nonce, b.nonce]).toContain(early.nonce)
    expect(a.nonce).not.toBe(b.nonce)
    expect(requests).toHaveLength(2)
  })

  it('a client with an API key never takes it, and the key is in no warning', async () => {
    stubFetch()
    await runScript()
    const warn = vi.mocked(console.warn)
    for (const parameters of [{ baseURL: BASE, apiKey: 'sk-hunter2' }, { baseURL: BASE, headers: { Authorization: 'Bearer sk-hunter2' } }]) {
      expect(takeEarlyAttestation(createClient(parameters), MODEL)).toBeUndefined()
    }
    expect(slot()).toBeDefined()
    expect(JSON.stringify(warn.mock.calls)).not.toContain('hunter2')
  })

  it('NEAR AI: an ed25519 page request is taken by an ed25519 NEAR client and verified, never by an ecdsa one or a Venice one', async () => {
    const near = createSimulator({ dialect: 'nearai', seed: 'attack-early-attestation-near' })
    const NEAR = 'http://near.test/v1'
    stubPageFetch(requests, (input, init) => near.fetch(input, init))
    const early = await runScript({ provider: 'nearai', signingAlgo: 'ed25519', baseURL: NEAR, model: MODEL })
    expect(takeEarlyAttestation(createClient({ provider: 'nearai', signingAlgo: 'ecdsa', baseURL: NEAR }), MODEL)).toBeUndefined()
    expect(takeEarlyAttestation(createClient({ baseURL: NEAR }), MODEL)).toBeUndefined()
    const attested = await attestModel(createClient({ provider: 'nearai', signingAlgo: 'ed25519', baseURL: NEAR }), { model: MODEL, policy: 'standard', trustedRoots: near.trustedRoots() })
    expect(attested.report.verdict).toBe('passed')
    expect(attested.nonce).toBe(early.nonce)
    expect(attested.signingAlgo).toBe('ed25519')
    expect(requests).toHaveLength(1)
  })
})

describe('a hostile network between the page and the enclave', () => {
  type Report = Record<string, unknown>
  const gpu = (r: Report) => JSON.parse(r.nvidia_payload as string) as { evidence_list: unknown[] }
  const report = (model: string, nonce: string) => sim.fetch(`${BASE}/tee/attestation?model=${model}&nonce=${nonce}`).then((r) => r.json() as Promise<Report>)
  it.each<[string, (r: Report, nonce: string) => Promise<Report> | Report, string]>([
    ['nothing changed (the control)', (r) => r, 'passed'],
    ['the GPU evidence stripped', ({ nvidia_payload: _, ...r }) => r, 'ATTESTATION_EVIDENCE_MISSING'],
    ['one GPU’s evidence duplicated', (r) => ({ ...r, nvidia_payload: JSON.stringify({ ...gpu(r), evidence_list: [gpu(r).evidence_list[0], gpu(r).evidence_list[0]] }) }), 'ATTESTATION_GPU_DUPLICATE'],
    ['an old report with the page’s nonce written over its own', async (_, nonce) => ({ ...(await report(MODEL, 'e'.repeat(64))), nonce }), 'ATTESTATION_REPORT_DATA_MISMATCH'],
    ['another model’s report for the page’s nonce', (_, nonce) => report('e2ee-glm-5', nonce), 'not passed'],
  ])('%s', async (_what, tamper, expected) => {
    stubFetch(async (url) => new Response(JSON.stringify(await tamper(await report(MODEL, nonceOf(url)!), nonceOf(url)!))))
    const early = await runScript()
    const outcome = await outcomeOf(attest())
    expect(requests.map((r) => r.url)).toEqual([early.url]) // what was judged is the page's request
    if (expected === 'not passed') expect(outcome.verdict).not.toBe('passed')
    else expect(outcome.verdict).toBe(expected)
  })
})

describe('a cancelled attestation', () => {
  it('stops waiting for a page’s body that never comes: ABORTED, as a request of its own', async () => {
    stubFetch(() => new Promise<Response>(() => {}))
    new Function(earlyAttestationScript({ baseURL: BASE, model: MODEL }))()
    const controller = new AbortController()
    const attesting = outcomeOf(attest({ baseURL: BASE }, { signal: controller.signal }))
    controller.abort()
    const timeout = new Promise((resolve) => setTimeout(() => resolve({ verdict: 'still waiting' }), 200))
    expect(await Promise.race([attesting, timeout])).toEqual({ nonce: undefined, verdict: 'ABORTED' })
  })
})

describe('what is taken is no older than the query’s staleTime allows', () => {
  const verify = () => ({ trustedRoots: sim.trustedRoots() })
  const queryFn = (staleTime?: number, dataUpdatedAt = 0) =>
    attestationQueryOptions(createClient({ baseURL: BASE }), { model: MODEL, policy: 'standard', verify: verify(), ...(staleTime === undefined ? {} : { staleTime }) }).queryFn({
      signal: new AbortController().signal,
      client: { getQueryState: () => ({ dataUpdatedAt, errorUpdatedAt: 0 }) },
    })

  it('the page’s request taken by the config’s early start counts its age from the page’s nonce, not from the config', async () => {
    vi.stubGlobal('document', {})
    stubFetch()
    const early = await runScript()
    early.at -= EARLY_ATTESTATION_MAX_AGE - 5_000 // a config made late (a lazy route) still takes it
    await startAttestation(createClient({ baseURL: BASE }), { model: MODEL, policy: 'standard', verify: verify() })
    expect(requests).toHaveLength(1)
    const now = Date.now()
    vi.spyOn(Date, 'now').mockReturnValue(now + 10_000) // the query asks 10 s later: the report is 35 s old
    const attested = await queryFn()
    expect(attested.nonce).not.toBe(early.nonce)
    expect(requests).toHaveLength(2)
  })

  it('a query whose staleTime is shorter than the page’s request’s age asks afresh', async () => {
    stubFetch()
    const early = await runScript()
    early.at -= 20_000
    const attested = await queryFn(5_000)
    expect(attested.nonce).not.toBe(early.nonce)
    // Within it, taken.
    const next = await runScript()
    next.at -= 1_000
    expect((await queryFn(5_000)).nonce).toBe(next.nonce)
  })

  it('a refetch (verify again) never takes it, even when the first fetch left it (another client)', async () => {
    stubFetch()
    const early = await runScript()
    const attested = await queryFn(undefined, Date.now() - 60_000)
    expect(attested.nonce).not.toBe(early.nonce)
    expect(slot()).toBeDefined()
  })
})

describe('sealkit/vite: what the plugin’s attest values hold cannot leave the <script> element', () => {
  it.each([
    ['a base URL with an end tag', { baseURL: 'https://x.test/</script><img src=x onerror=alert(1)>', model: MODEL }],
    ['a base URL with a comment opener (the double-escaped state)', { baseURL: 'https://x.test/<!--<script>', model: MODEL }],
    ['a model with both, quotes and line separators', { baseURL: BASE, model: `m<!--<script></script>"'\\\u2028\u2029\n` }],
  ])('%s', (_what, attest) => {
    const out = driveEarlyVerifyWorker('/', '/index.html', { 'assets/verify-worker-abc.js': {} }, { attest }).run() as Array<{ children: string }>
    expect(out[0]!.children.toLowerCase()).not.toMatch(/<\/?script|<!--/)
    expect(out[0]!.children.endsWith(`;${earlyAttestationScript(attest)}`)).toBe(true)
    stubFetch(() => new Response('{}'))
    new Function(earlyAttestationScript(attest))()
    expect(requests).toHaveLength(1)
    const url = new URL(requests[0]!.url)
    expect(url.searchParams.get('model')).toBe(attest.model)
    expect(requests[0]!.url.startsWith(createClient({ baseURL: attest.baseURL }).baseURL)).toBe(true)
  })
})

// Last in the file: the slot it leaves cannot be removed.
describe('an entry that cannot be removed', () => {
  it('(a non-configurable property) is taken by none, rather than by every attestation', async () => {
    stubFetch()
    const early = { ...(await runScript()) }
    Reflect.deleteProperty(scope, EARLY_ATTESTATION)
    Object.defineProperty(scope, EARLY_ATTESTATION, { value: early, configurable: false, writable: false })
    const [a, b] = [await outcomeOf(attest()), await outcomeOf(attest())]
    expect([a.verdict, b.verdict]).toEqual(['passed', 'passed'])
    expect([a.nonce, b.nonce]).not.toContain(early.nonce)
    expect(requests).toHaveLength(3)
  })
})
