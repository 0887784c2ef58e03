/**
 * The attestation request started by the page's HTML (`earlyAttestationScript`, written by
 * sealkit/vite's `earlyVerifyWorker({ attest })`): what the script requests and leaves behind, when
 * `attestModel` takes it, and that what it took is checked as any report is. The script runs as a
 * classic script in this realm, with `fetch` answered by the simulator.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CreateClientParameters } from '../../src/core/api/client.ts'
import { EARLY_ATTESTATION, earlyAttestationScript, type EarlyAttestationTarget } from '../../src/core/api/early-attestation.ts'
import { EARLY_ATTESTATION_MAX_AGE, EARLY_REQUESTS } from '../../src/core/api/early-requests.ts'
import { SealkitError, type ApiError } from '../../src/core/errors.ts'
import { createSimulator, type Simulator } from '../../src/simulator/index.ts'
import { InProcessVerifyWorker } from '../helpers/in-process-verify-worker.ts'
import { SIMULATED_MODEL as MODEL } from '../helpers/verifier-parity.ts'
import { earlySlot, runEarlyScript, stubPageFetch, type PageRequest } from '../helpers/early-attestation.ts'
import { driveEarlyVerifyWorker } from '../helpers/vite-plugin.ts'

const BASE = 'http://sim.test/api/v1'
const scope = globalThis as unknown as Record<symbol, unknown>
const slot = earlySlot
const runScript = runEarlyScript

let sim: Simulator
let requests: PageRequest[]
/** The page's fetch: the simulator, recording what is asked. `answer` replaces the simulator's answer. */
const stubFetch = (answer?: (url: string) => Response | Promise<Response>) => stubPageFetch(requests, (input, init) => sim.fetch(input, init), answer)
/** `attestModel` with a client made from `parameters`, both from the current module registry (tests reset it for a fresh page). */
const attest = async (parameters: CreateClientParameters = { baseURL: BASE }, model = MODEL) => {
  const [{ attestModel }, { createClient }] = await Promise.all([import('../../src/core/session/attest.ts'), import('../../src/core/api/client.ts')])
  return attestModel(createClient(parameters), { model, policy: 'standard', trustedRoots: sim.trustedRoots() })
}
/** The name, code, status and message of an error: the same across module registries. */
const shapeOf = (error: unknown) => {
  const e = error as ApiError
  return { name: e?.name, code: e?.code, status: e?.status, message: e?.message }
}

/** Clients that would not send the HTML's requests as they are, or would send others. */
const mismatches: Array<[string, CreateClientParameters, string?]> = [
  ['an API key', { baseURL: BASE, apiKey: 'sk-secret' }],
  ['headers of its own', { baseURL: BASE, headers: { 'X-App': '1' } }],
  ['a fetch of its own', { baseURL: BASE, fetch: (input, init) => globalThis.fetch(input, init) }],
  ['another API root', { baseURL: 'http://other.test/api/v1' }],
  ['another model', { baseURL: BASE }, 'e2ee-other'],
]

beforeEach(() => {
  sim = createSimulator({ seed: 'early-attestation' })
  requests = []
})
afterEach(() => {
  delete scope[EARLY_ATTESTATION]
  delete scope[EARLY_REQUESTS]
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('the HTML’s script', () => {
  it('requests the report as the client would, with a fresh nonce and no secret, and reads its body', async () => {
    stubFetch()
    await runScript({ baseURL: BASE, model: MODEL })
    const early = slot()!
    expect(early.nonce).toMatch(/^[0-9a-f]{64}$/)
    expect(early.url).toBe(`${BASE}/tee/attestation?model=${MODEL}&nonce=${early.nonce}`)
    expect(requests).toEqual([{ url: early.url, headers: { Accept: 'application/json' } }])
    expect(early.settled?.status).toBe(200)
    expect(JSON.parse(early.settled!.text).nonce).toBe(early.nonce)
    expect(early.settled!.end).toBeGreaterThanOrEqual(early.start)
    // Each page its own nonce.
    await runScript({ baseURL: BASE, model: MODEL })
    expect(slot()!.nonce).not.toBe(early.nonce)
  })

  it('asks NEAR AI’s path with the signing algorithm, as a NEAR client does', async () => {
    stubFetch(() => new Response('{}'))
    await runScript({ provider: 'nearai', signingAlgo: 'ed25519', baseURL: 'https://near.test/v1', model: 'zai-org/GLM-4.6' })
    expect(slot()!.url).toBe(`https://near.test/v1/attestation/report?model=zai-org%2FGLM-4.6&nonce=${slot()!.nonce}&signing_algo=ed25519&include_tls_fingerprint=true`)
  })

  it('cannot be broken out of, whatever the model holds', async () => {
    const model = `a</script><script>alert(1)</script>"'\\\u2028`
    expect(earlyAttestationScript({ baseURL: BASE, model }).toLowerCase()).not.toContain('</script')
    stubFetch(() => new Response('{}'))
    await runScript({ baseURL: BASE, model })
    expect(new URL(slot()!.url).searchParams.get('model')).toBe(model)
  })

  it('refuses a target no client could ask for', () => {
    for (const target of [{ model: '' }, { baseURL: '/api/v1', model: MODEL }, { provider: 'venice', signingAlgo: 'ed25519', model: MODEL }, { provider: 'other', model: MODEL }]) {
      expect(() => earlyAttestationScript(target as EarlyAttestationTarget)).toThrow(SealkitError)
    }
  })

  it('leaves nothing and throws nothing where it cannot request (no fetch, no crypto)', () => {
    vi.stubGlobal('fetch', undefined)
    expect(() => new Function(earlyAttestationScript({ model: MODEL }))()).not.toThrow()
    expect(slot()).toBeUndefined()
  })
})

describe('attestModel takes the HTML’s request', () => {
  it('once, for the same model and client: no second request, verified against the page’s nonce', async () => {
    stubFetch()
    await runScript({ baseURL: BASE, model: MODEL })
    const { nonce, url } = slot()!
    const attested = await attest()
    expect(attested.report.verdict).toBe('passed')
    expect(attested.nonce).toBe(nonce)
    expect(requests.map((r) => r.url)).toEqual([url])
    expect(slot()).toBeUndefined()
    // The next attestation asks afresh.
    const next = await attest()
    expect(next.nonce).not.toBe(nonce)
    expect(requests).toHaveLength(2)
  })

  it('hands the evidence to the verification worker in the caller’s task when the body is in', async () => {
    vi.resetModules() // a page whose shared worker is yet to start
    const workers: InProcessVerifyWorker[] = []
    vi.stubGlobal('Worker', function () {
      workers.push(new InProcessVerifyWorker())
      return workers.at(-1)
    } as unknown as typeof Worker)
    const [{ attestModel }, { createClient }] = await Promise.all([import('../../src/core/session/attest.ts'), import('../../src/core/api/client.ts')])
    stubFetch()
    for (let page = 0; page < 2; page++) {
      await runScript({ baseURL: BASE, model: MODEL })
      const attesting = attestModel(createClient({ baseURL: BASE }), { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots() })
      // No await yet, with the worker still loading (the first time) and loaded (the second): the evidence is posted.
      expect(workers).toHaveLength(1)
      expect(workers[0]!.toWorker).toEqual([expect.objectContaining({ type: 'verify' })])
      expect((await attesting).report.verifiedIn?.kind).toBe('worker')
      workers[0]!.toWorker.length = 0
    }
  })

  it('waits for a body still on its way', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    stubFetch(async (url) => {
      await held
      return sim.fetch(url)
    })
    new Function(earlyAttestationScript({ baseURL: BASE, model: MODEL }))()
    const attesting = attest()
    release()
    expect((await attesting).nonce).toBe(requests[0]!.url.slice(-64))
    expect(requests).toHaveLength(1)
  })

  it.each(mismatches)('not by a client with %s: it asks afresh, and the page’s request stays, said once', async (_what, parameters, model = MODEL) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    stubFetch((url) => (url.startsWith(BASE) ? sim.fetch(url) : sim.fetch(url.replace('http://other.test/api/v1', BASE))))
    await runScript({ baseURL: BASE, model })
    const { url } = slot()!
    vi.resetModules() // a fresh page: the warning's once
    const attested = await attest(parameters)
    expect(attested.nonce).not.toBe(slot()!.nonce)
    expect(requests.map((r) => r.url)).toEqual([url, expect.not.stringContaining(slot()!.nonce)])
    expect(slot()?.url).toBe(url)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/^sealkit: the attestation request the page's HTML started is not used here/)
    expect(String(warn.mock.calls[0]![0])).not.toContain('sk-secret')
  })

  it('not once older than EARLY_ATTESTATION_MAX_AGE: dropped', async () => {
    stubFetch()
    await runScript({ baseURL: BASE, model: MODEL })
    slot()!.at -= EARLY_ATTESTATION_MAX_AGE + 1
    const attested = await attest()
    expect(attested.nonce).not.toBe(requests[0]!.url.slice(-64))
    expect(requests).toHaveLength(2)
    expect(slot()).toBeUndefined()
  })

  it('ignores, and clears, anything else put there', async () => {
    stubFetch()
    const good = { url: `${BASE}/tee/attestation?model=${MODEL}&nonce=${'a'.repeat(64)}`, nonce: 'a'.repeat(64), at: Date.now(), start: 0, body: Promise.resolve({ status: 200, text: '{}', end: 0 }) }
    for (const forged of [null, 'x', { ...good, nonce: 'A'.repeat(64) }, { ...good, nonce: 'a'.repeat(63) }, { ...good, body: {} }, { ...good, at: '0' }]) {
      scope[EARLY_ATTESTATION] = forged
      expect((await attest()).report.verdict).toBe('passed')
      expect(EARLY_ATTESTATION in scope).toBe(false)
    }
    expect(requests).toHaveLength(6)
  })

  it('fails as a request of its own fails: HTTP errors, a body that is no JSON object, a broken connection', async () => {
    const fresh = async (answer: () => Response | Promise<Response>) => {
      stubFetch(answer)
      return attest().catch((error: unknown) => error)
    }
    const early = async (answer: () => Response | Promise<Response>) => {
      stubFetch(answer)
      await runScript({ baseURL: BASE, model: MODEL })
      return attest().catch((error: unknown) => error)
    }
    const answers: Array<() => Response | Promise<Response>> = [
      () => new Response(JSON.stringify({ error: 'Invalid API key' }), { status: 401 }),
      () => new Response(JSON.stringify({ error: { message: 'Model e2ee-qwen3-5-122b-a10b not found' } }), { status: 404 }),
      () => new Response('upstream busy', { status: 503 }),
      () => new Response('<html>'),
      () => new Response('[1]'),
      () => Promise.reject(new TypeError('Failed to fetch')),
    ]
    for (const answer of answers) {
      const [a, b] = [await fresh(answer), await early(answer)]
      expect(shapeOf(b).name).toBe('ApiError')
      expect(shapeOf(b)).toEqual(shapeOf(a))
    }
  })

  it('what it took is verified as any report: one answering another nonce fails', async () => {
    stubFetch()
    const old = await sim.fetch(`${BASE}/tee/attestation?model=${MODEL}&nonce=${'b'.repeat(64)}`).then((r) => r.text())
    stubFetch(() => new Response(old))
    await runScript({ baseURL: BASE, model: MODEL })
    const error = await attest().catch((e: unknown) => e)
    expect(shapeOf(error)).toMatchObject({ name: 'AttestationError', code: 'ATTESTATION_NONCE_MISMATCH' })
  })
})

describe('earlyAttestationAnswer', () => {
  it('a caller already cancelled gets ABORTED, and the page’s request failing after leaves no unhandled rejection', async () => {
    const { earlyAttestationAnswer } = await import('../../src/core/api/early-attestation.ts')
    let fail!: (error: Error) => void
    const body = new Promise<never>((_, reject) => (fail = reject))
    const early = { url: `${BASE}/tee/attestation?model=${MODEL}&nonce=${'c'.repeat(64)}`, nonce: 'c'.repeat(64), at: Date.now(), start: 0, body }
    const controller = new AbortController()
    controller.abort()
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const answer = earlyAttestationAnswer(early, controller.signal) as Promise<unknown>
      expect(shapeOf(await answer.catch((error: unknown) => error)).code).toBe('ABORTED')
      fail(new TypeError('Failed to fetch'))
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})

describe('the models list, with `models: true`', () => {
  const list = async (parameters: CreateClientParameters = { baseURL: BASE }) => {
    const [{ getModels }, { createClient }] = await Promise.all([import('../../src/core/api/models.ts'), import('../../src/core/api/client.ts')])
    return getModels(createClient(parameters))
  }
  const modelsRequests = () => requests.filter((r) => r.url === `${BASE}/models`)

  it('is requested by the HTML as the client would, and taken once by the first models request', async () => {
    stubFetch()
    await runScript({ baseURL: BASE, model: MODEL, models: true })
    expect(modelsRequests()).toEqual([{ url: `${BASE}/models`, headers: { Accept: 'application/json' } }])
    const first = await list()
    expect(first.map((m) => m.id)).toContain(MODEL)
    expect(modelsRequests()).toHaveLength(1)
    expect(await list()).toEqual(first)
    expect(modelsRequests()).toHaveLength(2)
  })

  it('is not requested without it', async () => {
    stubFetch()
    await runScript({ baseURL: BASE, model: MODEL })
    expect(modelsRequests()).toEqual([])
    expect(scope[EARLY_REQUESTS]).toBeUndefined()
  })

  it.each(mismatches.slice(0, 3))('is not taken by a client with %s', async (_what, parameters) => {
    stubFetch()
    await runScript({ baseURL: BASE, model: MODEL, models: true })
    await list(parameters)
    expect(modelsRequests()).toHaveLength(2)
  })

  it('is not taken once stale', async () => {
    stubFetch()
    await runScript({ baseURL: BASE, model: MODEL, models: true })
    ;(scope[EARLY_REQUESTS] as Record<string, { at: number }>)[`${BASE}/models`]!.at -= EARLY_ATTESTATION_MAX_AGE + 1
    await list()
    expect(modelsRequests()).toHaveLength(2)
  })

  it('ignores anything else put there, and never throws for it', async () => {
    stubFetch()
    const good = () => ({ at: Date.now(), start: 0, body: Promise.resolve({ status: 200, text: '{"data":[]}', end: 0 }) })
    const throwing = { get at(): number { throw new Error('getter') }, start: 0, body: Promise.resolve({}) }
    const forged: unknown[] = [null, 'x', { ...good(), at: NaN }, { ...good(), at: Date.now() + 60_000 }, { ...good(), body: {} }, throwing, { ...good(), body: Promise.resolve({ status: '200', text: '{}' }) }]
    const outcomes: string[] = []
    for (const entry of forged) {
      scope[EARLY_REQUESTS] = { [`${BASE}/models`]: entry }
      outcomes.push(await list().then((models) => (models.some((m) => m.id === MODEL) ? 'asked afresh' : 'taken'), (error: unknown) => String(shapeOf(error).code)))
    }
    // A body outside its shape fails as a broken connection does; everything else is asked afresh.
    expect(outcomes).toEqual([...Array<string>(forged.length - 1).fill('asked afresh'), 'NETWORK_ERROR'])
    expect(modelsRequests()).toHaveLength(forged.length - 1)
    // An entry that cannot be removed is taken by none.
    const fixed = {}
    Object.defineProperty(fixed, `${BASE}/models`, { value: good(), enumerable: true, configurable: false })
    scope[EARLY_REQUESTS] = fixed
    expect((await list()).map((m) => m.id)).toContain(MODEL)
    expect(modelsRequests()).toHaveLength(forged.length)
  })

  it('fails as a request of its own fails', async () => {
    const answers: Array<() => Response | Promise<Response>> = [
      () => new Response(JSON.stringify({ error: 'Invalid API key' }), { status: 401 }),
      () => new Response('upstream busy', { status: 503 }),
      () => new Response(null, { status: 204 }),
      () => new Response('{"data":"none"}'),
      () => Promise.reject(new TypeError('Failed to fetch')),
    ]
    for (const answer of answers) {
      stubFetch(answer)
      const fresh = await list().catch((error: unknown) => error)
      await runScript({ baseURL: BASE, model: MODEL, models: true })
      const early = await list().catch((error: unknown) => error)
      expect(shapeOf(early).name).toBe('ApiError')
      expect(shapeOf(early)).toEqual(shapeOf(fresh))
    }
  })
})

describe('sealkit/vite: earlyVerifyWorker({ attest })', () => {
  it('writes the request after the worker’s script, in the same element', async () => {
    const { earlyVerifyWorkerScript } = await import('../../src/core/worker/early-verify-worker.ts')
    const attest = { baseURL: BASE, model: MODEL }
    const { run } = driveEarlyVerifyWorker('/', '/index.html', { 'assets/verify-worker-Df5FcPnD.js': {} }, { attest })
    // Each script ends its own statement (inlineScript), so the two are written one after the other.
    expect(run()).toEqual([{ tag: 'script', children: `${earlyVerifyWorkerScript('/assets/verify-worker-Df5FcPnD.js')}${earlyAttestationScript(attest)}`, injectTo: 'head-prepend' }])
  })

  it('goes right after <meta charset>, which stays within the first 1024 bytes', async () => {
    const attest = { baseURL: BASE, model: MODEL }
    const { run } = driveEarlyVerifyWorker('/', '/index.html', { 'assets/verify-worker-Df5FcPnD.js': {} }, { attest })
    const page = `<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="UTF-8" />\n    <title>App</title>\n  </head>\n  <body></body>\n</html>`
    const out = run('/index.html', page) as string
    expect(typeof out).toBe('string')
    expect(out.indexOf('<meta charset="UTF-8" />')).toBeLessThan(1024)
    expect(out.indexOf('<meta charset="UTF-8" /><script>')).toBeGreaterThan(0)
    expect(out.length).toBeGreaterThan(page.length + 1024)
    // Everything else as it was.
    expect(out.replace(/<script>[\s\S]*?<\/script>/, '')).toBe(page)
  })

  it('refuses a target no client could ask for when the plugin is made', async () => {
    const { earlyVerifyWorker } = await import('../../src/integrations/vite.ts')
    expect(() => earlyVerifyWorker({ attest: { baseURL: 'relative/v1', model: MODEL } })).toThrow(/baseURL/)
  })
})
