import { buildAttestation, buildNearAttestation, buildNearCloudAttestation, NONCE_RE } from './attestation.ts'
import { handleCompletions, type CompletionsContext } from './completions.ts'
import {
  FAULT_HEADER,
  FAULT_NAMES,
  FAULT_PATH_SEGMENT,
  FAULT_QUERY_PARAM,
  normalizeFaultOption,
  parseFaultList,
  type FaultName,
} from './faults.ts'
import { apiError, CORS_HEADERS, json, preflight, sleep } from './http.ts'
import { simulatorRoots } from './evidence.ts'
import { pccsResponder } from './pccs.ts'
import { createSimulatedTdxCollateral } from './tdx-quote.ts'
import { createKeyRing } from './model-keys.ts'
import { besideVendorRoots } from './roots.ts'
import { DEFAULT_MODELS, isAttestedModel, toApiModel, type SimulatedModel } from './models.ts'
import { createSignatureStore, nearSignatureResponse, signatureResponse } from './signatures.ts'

/**
 * The simulated enclave as a fetch handler: the server side of the whole
 * protocol (models, attestation, TEE and E2EE chat, response signatures) in
 * Web APIs only, so it runs in-process in tests, in a browser, in Storybook, or
 * behind `startSimulatorServer` (./node.ts) on a real port.
 *
 * Nothing it produces is trustworthy: the evidence is simulated and says so
 * (`tee_provider: "sealkit-simulator"`, `info.simulated: true`).
 */
export interface SimulatorOptions {
  /**
   * Which provider's API to speak. `venice` (default): `/tee/attestation`, `/tee/signature`,
   * `X-Venice-TEE-*`. `nearai`: NEAR AI Cloud's `/attestation/report?signing_algo=`,
   * `/signature/{chat_id}`, `X-Signing-Algo` / `X-Client-Pub-Key` / `X-Model-Pub-Key`,
   * ecdsa and ed25519 keys (v1 and v2 schemes), no `verified` claim; its reports carry a simulated gateway's
   * attestation beside the model's. `nearai-direct`: the same API as a NEAR AI model's own endpoint answers it,
   * its report the model's attestation alone.
   */
  dialect?: 'venice' | 'nearai' | 'nearai-direct'
  /** Where the API lives. Default `/api/v1` (Venice); `/v1` for the NEAR AI dialects. */
  basePath?: string
  /** The catalogue. Default `DEFAULT_MODELS` (ids mirror real Venice models). */
  models?: readonly SimulatedModel[]
  /** Derive every model key from this seed, for reproducible runs. Default: random keys. */
  seed?: string | Uint8Array
  /** When set, every API request must carry `Authorization: Bearer <apiKey>` (else 401). Default: any key, or none, is accepted. */
  apiKey?: string
  /** Faults for every request (see faults.ts); requests can add more with a header, query or path prefix. */
  fault?: FaultName | readonly FaultName[]
  /** Content chunks per streamed reply. Default 8. */
  chunks?: number
  /** Pacing of streamed content chunks: one every this many ms, on a schedule (encryption time counts toward it), so 5 gives 200 chunks/s. Default 0. */
  chunkDelayMs?: number
  /**
   * A scripted reply: every chat answers with exactly this text (split into `chunks` pieces)
   * instead of quoting the user's message, e.g. a long markdown document for benchmarks.
   */
  reply?: string
  /** Delay before every event under the `slow-stream` fault, in ms. Default 2000. */
  slowStreamDelayMs?: number
  /**
   * How long the enclave takes to make fresh evidence: every attestation is answered this many ms after it
   * was asked (an aborted request stops waiting). Default 0. Venice's own origin took 549 and 609 ms in the
   * captured responses (`Server-Timing: cfOrigin`): a quote and GPU evidence made for each nonce.
   */
  attestationDelayMs?: number
  /** How many response signatures to remember. Default 1000. */
  signatureLimit?: number
  /** The deployment the enclave runs at start (default 0); `redeploy()` moves to the next one, a code identity change. */
  deploymentRevision?: number
  /** Redeploy after every this many attestations: attestations 1..N carry one revision, N+1..2N the next. Default never. */
  redeployEvery?: number
  /**
   * The simulated PCCS (Intel PCS v4 paths at the server root, `/tdx/certification/v4/tcb?fmspc=…`
   * etc., with CORS): what Intel's TCB rating of the simulated platform is. Default UpToDate.
   */
  pccs?: {
    /** The TCB status the simulated platform gets. Default `UpToDate`. */
    tcbStatus?: string
    /** Advisory ids to list. Default: none. */
    advisoryIds?: string[]
  }
}

/** A `fetch`-compatible function: takes a URL and init, or a Request. */
export type FetchHandler = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

export interface Simulator {
  /** Answers one request. Pass it wherever a `fetch` is accepted. */
  fetch: FetchHandler
  /** The base path it answers under, e.g. `'/api/v1'`. */
  readonly basePath: string
  /** The models it serves. */
  readonly models: readonly SimulatedModel[]
  /** The first E2EE model: what `signingAddress()` and friends default to. */
  readonly defaultModel: string
  /** The current signing address (`0x` + 40 hex) of a model's enclave key. */
  signingAddress(model?: string): string
  /** The current enclave public key of a model, 130 hex with `04`. */
  signingKey(model?: string): string
  /** Rotates a model's key now (chat with the old key then answers 421). Returns the new public key. */
  rotateKey(model?: string): string
  /**
   * Trust anchors that accept this simulator's evidence (and the real Intel / NVIDIA roots),
   * for `verifyAttestation({ trustedRoots })`. Reports verified with them are marked `simulated`.
   */
  trustedRoots(): {
    /** SHA-256 fingerprints: Intel's SGX Root CA and the simulator's TDX test root. */
    intel: string[]
    /** SHA-256 fingerprints: NVIDIA's Device Identity CA and the simulator's GPU test root. */
    nvidia: string[]
  }
  /** Redeploys the enclave: the next attestations carry a new image digest and compose hash. Returns the new revision. */
  redeploy(revision?: number): number
  /** The deployment revision attestations carry now. */
  readonly deploymentRevision: number
}

const LOCAL_ORIGIN = 'http://sealkit-simulator.local'
/** `POST` here (at the server root) redeploys the enclave: the next attestations carry a new identity. */
export const REDEPLOY_PATH = '/_sealkit/redeploy'
const MODELS_CREATED = 1_767_225_600 // 2026-01-01, fixed so /models is deterministic

/**
 * Creates a simulated enclave.
 * @example
 * ```ts
 * const sim = createSimulator({ seed: 'demo', chunkDelayMs: 30 })
 * const client = createClient({ baseURL: 'http://simulator/api/v1', fetch: sim.fetch })
 * // or in a test:
 * const res = await sim.fetch('http://sim/api/v1/models')
 * ```
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const dialect = options.dialect ?? 'venice'
  const near = dialect !== 'venice'
  const basePath = '/' + (options.basePath ?? (near ? '/v1' : '/api/v1')).replace(/^\/+|\/+$/g, '')
  const models = options.models ?? DEFAULT_MODELS
  if (models.length === 0) throw new TypeError('The simulator needs at least one model')
  const serverFaults = normalizeFaultOption(options.fault)
  const keys = createKeyRing(models.filter(isAttestedModel).map((m) => m.id), options.seed)
  // NEAR AI Cloud's gateway: a key of its own (no model has this id: ids never start with a space).
  const gatewayKey = dialect === 'nearai' ? createKeyRing([' gateway'], options.seed).current(' gateway') : undefined
  const signatures = createSignatureStore(options.signatureLimit)
  const findModel = (id: string) => models.find((m) => m.id === id)
  const defaultModel = (models.find((m) => m.privacy === 'e2ee') ?? models.find(isAttestedModel) ?? models[0]!).id
  const ctx: CompletionsContext = {
    dialect,
    findModel,
    keys,
    signatures,
    rotatedByFault: new Set(),
    chunks: Math.max(1, options.chunks ?? 8),
    chunkDelayMs: Math.max(0, options.chunkDelayMs ?? 0),
    ...(options.reply !== undefined ? { reply: options.reply } : {}),
    slowStreamDelayMs: Math.max(0, options.slowStreamDelayMs ?? 2000),
  }

  const attestedKey = (model: string) => {
    const m = findModel(model)
    if (!m || !isAttestedModel(m)) throw new TypeError(`Model ${model} has no enclave key`)
    return keys.current(model)
  }

  const attestationDelayMs = Math.max(0, options.attestationDelayMs ?? 0)
  let deploymentRevision = options.deploymentRevision ?? 0
  let attestationsServed = 0
  const redeployEvery = options.redeployEvery !== undefined && options.redeployEvery > 0 ? Math.floor(options.redeployEvery) : undefined
  /** The revision this attestation carries: the next one once every `redeployEvery` attestations have been served. */
  const revisionForAttestation = () => {
    if (redeployEvery && attestationsServed > 0 && attestationsServed % redeployEvery === 0) deploymentRevision++
    attestationsServed++
    return deploymentRevision
  }
  let pccs: ((url: URL) => Response | undefined) | undefined
  /** A completion's response signature (Venice's `/tee/signature`, NEAR's `/signature/{chat_id}`). */
  function signatureAnswer(modelId: string | null, requestId: string | null, faults: ReadonlySet<FaultName>, algo?: string): Response {
    const model = modelId === null ? undefined : findModel(modelId)
    if (!model) return apiError(404, 'model not found', { code: 'model_not_found', param: 'model' })
    if (!requestId) return apiError(400, 'request_id is required', { code: 'missing_request_id', param: 'request_id' })
    const record = signatures.get(requestId)
    if (!record || record.model !== model.id) {
      return apiError(404, 'Signature not found for this request_id', { code: 'signature_not_found', param: 'request_id' })
    }
    if (algo === undefined) return json(signatureResponse(record, faults))
    if (algo !== 'ecdsa' && algo !== 'ed25519') return apiError(400, 'Unsupported signing algorithm', { code: 'unsupported_signing_algo', param: 'signing_algo' })
    return json(nearSignatureResponse(record, faults, algo))
  }

  async function route(req: Request): Promise<Response> {
    if (req.method === 'OPTIONS') return preflight(req.headers.get('access-control-request-headers'))
    const url = new URL(req.url)
    let path = url.pathname.replace(/\/+$/, '') || '/'
    // Control endpoint: the demo's "redeploy" button, or `curl -X POST …/_sealkit/redeploy`.
    if (path === REDEPLOY_PATH) {
      if (req.method !== 'POST') return apiError(405, `Use POST ${REDEPLOY_PATH}`, { code: 'method_not_allowed' })
      deploymentRevision++
      return json({ deploymentRevision })
    }
    if (/^\/(sgx|tdx)\/certification\/v4\//.test(path)) {
      pccs ??= pccsResponder([createSimulatedTdxCollateral(options.pccs ?? {})])
      return pccs(url) ?? apiError(404, `Not found: ${path}`, { code: 'not_found' })
    }

    // Faults: server-wide, then /fault/<names> path prefix, header and query parameter.
    const faults = new Set<FaultName>(serverFaults)
    const prefix = new RegExp(`^/${FAULT_PATH_SEGMENT}/([^/]+)(/.*)?$`).exec(path)
    const requested = [req.headers.get(FAULT_HEADER), url.searchParams.get(FAULT_QUERY_PARAM)]
    if (prefix) {
      requested.push(decodeURIComponent(prefix[1]!))
      path = prefix[2] ?? '/'
    }
    for (const value of requested) {
      const parsed = parseFaultList(value)
      if (parsed.unknown.length > 0) {
        return apiError(400, `Unknown simulator fault: ${parsed.unknown.join(', ')}. Known: ${FAULT_NAMES.join(', ')}`, {
          code: 'unknown_fault',
        })
      }
      for (const f of parsed.faults) faults.add(f)
    }

    if (path === '/' || path === basePath) {
      return json({
        name: 'sealkit simulator',
        warning: 'Simulated enclave: no hardware protects this server and its evidence proves nothing.',
        basePath,
        dialect,
        endpoints:
          near
            ? ['GET /models', 'GET /attestation/report', 'POST /chat/completions', 'GET /signature/{chat_id}']
            : ['GET /models', 'GET /tee/attestation', 'POST /chat/completions', 'GET /tee/signature'],
        faults: FAULT_NAMES,
        activeFaults: [...faults],
      })
    }
    if (!path.startsWith(basePath + '/')) return apiError(404, `Not found: ${path}`, { code: 'not_found' })
    const route = path.slice(basePath.length)

    if (options.apiKey !== undefined) {
      const auth = req.headers.get('Authorization') ?? ''
      if (auth !== `Bearer ${options.apiKey}`) return apiError(401, 'Authentication failed', { code: 'unauthorized' })
    }

    const expect = (method: string): Response | undefined =>
      req.method === method ? undefined : apiError(405, `Method ${req.method} not allowed`, { code: 'method_not_allowed' })

    switch (route) {
      case '/sealkit/roots':
        // Not part of the provider's API: the simulator's test roots, for clients that opt in to trusting them.
        return json(simulatorRoots())
      case '/models':
        return (
          expect('GET') ??
          json({ object: 'list', data: models.map((m) => toApiModel(m, MODELS_CREATED)) })
        )
      case dialect === 'venice' ? '/tee/attestation' : '/attestation/report': {
        const wrong = expect('GET')
        if (wrong) return wrong
        const modelId = url.searchParams.get('model')
        const model = modelId === null ? undefined : findModel(modelId)
        if (!model) return apiError(404, 'model not found', { code: 'model_not_found', param: 'model' })
        if (!isAttestedModel(model)) {
          return apiError(400, 'Model does not support TEE attestation', { code: 'tee_not_supported', param: 'model' })
        }
        const nonce = url.searchParams.get('nonce') ?? undefined
        // The real proxy answers a malformed nonce with a 502 from the upstream enclave.
        if (nonce !== undefined && !NONCE_RE.test(nonce)) {
          return apiError(502, 'Nonce must be exactly 32 bytes', { code: 'invalid_nonce', param: 'nonce' })
        }
        const algo = url.searchParams.get('signing_algo') ?? 'ecdsa'
        if (near && algo !== 'ecdsa' && algo !== 'ed25519') return apiError(400, 'Unsupported signing algorithm', { code: 'unsupported_signing_algo', param: 'signing_algo' })
        if (attestationDelayMs > 0) await sleep(attestationDelayMs, req.signal)
        const revision = revisionForAttestation()
        if (dialect === 'venice') return json(buildAttestation({ model, key: keys.current(model.id), nonce, faults, deploymentRevision: revision }))
        const input = { model, key: keys.current(model.id), nonce, faults, deploymentRevision: revision, signingAlgo: algo as 'ecdsa' | 'ed25519' }
        return json(gatewayKey ? buildNearCloudAttestation({ ...input, gateway: gatewayKey }) : buildNearAttestation(input))
      }
      case '/chat/completions':
        return expect('POST') ?? handleCompletions(req, ctx, faults)
      case '/tee/signature':
        if (dialect !== 'venice') return apiError(404, `Not found: ${path}`, { code: 'not_found' })
        return expect('GET') ?? signatureAnswer(url.searchParams.get('model'), url.searchParams.get('request_id'), faults)
      default: {
        const nearSignature = near ? /^\/signature\/([^/]+)$/.exec(route) : null
        if (nearSignature) return expect('GET') ?? signatureAnswer(url.searchParams.get('model'), decodeURIComponent(nearSignature[1]!), faults, url.searchParams.get('signing_algo') ?? 'ecdsa')
        return apiError(404, `Not found: ${path}`, { code: 'not_found' })
      }
    }
  }

  const fetch: FetchHandler = async (input, init) => {
    // Path-only URLs (a base URL of '/api/v1') resolve against a placeholder origin: the simulator has no host of its own.
    const target = typeof input === 'string' && input.startsWith('/') ? new URL(input, LOCAL_ORIGIN) : input
    const req = target instanceof Request && init === undefined ? target : new Request(target, init)
    // Like a real fetch: an already-aborted signal rejects before anything happens.
    if (req.signal.aborted) throw req.signal.reason ?? new DOMException('The operation was aborted.', 'AbortError')
    try {
      return await route(req)
    } catch (cause) {
      if (req.signal.aborted) throw cause
      console.error('sealkit simulator: internal error', cause)
      return new Response(JSON.stringify({ error: { message: 'Internal simulator error', type: 'server_error', code: null, param: null } }), {
        status: 500,
        headers: { ...CORS_HEADERS, 'Content-Type': 'application/json; charset=utf-8' },
      })
    }
  }

  return {
    fetch,
    basePath,
    models,
    defaultModel,
    signingAddress: (model = defaultModel) => attestedKey(model).address,
    signingKey: (model = defaultModel) => attestedKey(model).publicKeyHex,
    rotateKey: (model = defaultModel) => {
      attestedKey(model)
      return keys.rotate(model).publicKeyHex
    },
    trustedRoots: () => {
      const roots = simulatorRoots()
      return besideVendorRoots(roots.intel.fingerprint, roots.nvidia.fingerprint)
    },
    redeploy: (revision = deploymentRevision + 1) => (deploymentRevision = revision),
    get deploymentRevision() {
      return deploymentRevision
    },
  }
}
