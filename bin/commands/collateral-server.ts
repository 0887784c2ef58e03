import { createServer, type Server } from 'node:http'
import { collateralExpiry } from '../../src/core/attestation/tdx/pccs.ts'
import { INTEL_PCS_BASE_URL, INTEL_ROOT_CA_CRL_URL, signedObject } from '../../src/core/attestation/tdx/collateral-fetch.ts'
import { PCCS_CORS_HEADERS } from '../../src/simulator/pccs.ts'

/**
 * A small caching proxy in front of Intel's PCS or a PCCS that a browser can use:
 * the PCS v4 collateral paths only, answered with CORS headers (Intel's PCS sends
 * none), each cached until the earliest nextUpdate inside it (at most `maxAgeMs`),
 * concurrent misses coalesced into one upstream request. Errors are passed on, never cached.
 */
export interface CollateralServerOptions {
  port: number
  host?: string
  /** Intel PCS (default) or a PCCS base URL. */
  upstream?: string
  /** Longest time an answer is reused (default one hour, so revocations arrive). */
  maxAgeMs?: number
  fetch?: typeof globalThis.fetch
}

export interface CollateralServer {
  url: string
  server: Server
  /** Requests sent upstream, for tests and logs. */
  upstreamRequests: number
  close(): Promise<void>
}

const PATHS = /^\/(tdx\/certification\/v4\/(tcb|qe\/identity)|sgx\/certification\/v4\/(pckcrl|rootcacrl))$/
const KEPT_HEADERS = ['content-type', 'tcb-info-issuer-chain', 'sgx-tcb-info-issuer-chain', 'sgx-enclave-identity-issuer-chain', 'sgx-pck-crl-issuer-chain']

interface Cached {
  status: number
  headers: Record<string, string>
  body: Uint8Array
  expiresAt: number
}

export async function startCollateralServer(options: CollateralServerOptions): Promise<CollateralServer> {
  const upstream = (options.upstream ?? INTEL_PCS_BASE_URL).replace(/\/+$/, '')
  const doFetch = options.fetch ?? globalThis.fetch
  const maxAge = options.maxAgeMs ?? 3_600_000
  const cache = new Map<string, Cached>()
  const inflight = new Map<string, Promise<Cached>>()
  const state = { upstreamRequests: 0 }

  const expiryOf = (path: string, body: Uint8Array): number => {
    const now = Date.now()
    if (!path.startsWith('/tdx/')) return now + maxAge
    try {
      const text = new TextDecoder().decode(body)
      const key = path.endsWith('/tcb') ? 'tcbInfo' : 'enclaveIdentity'
      const next = collateralExpiry({ tcb_info: signedObject(text, key), qe_identity: '{}' } as never)
      // Already past its nextUpdate (Intel has not published newer yet): reuse it for a minute at most.
      return next ? Math.min(Math.max(next, now + 60_000), now + maxAge) : now + maxAge
    } catch {
      return now
    }
  }

  const load = async (pathAndQuery: string, path: string): Promise<Cached> => {
    // Intel serves the root CA CRL from its certificate site, a PCCS under the v4 API.
    const target = path.endsWith('/rootcacrl') && upstream === INTEL_PCS_BASE_URL ? INTEL_ROOT_CA_CRL_URL : `${upstream}${pathAndQuery}`
    state.upstreamRequests++
    const res = await doFetch(target)
    const body = new Uint8Array(await res.arrayBuffer())
    const headers: Record<string, string> = {}
    for (const name of KEPT_HEADERS) {
      const value = res.headers.get(name)
      if (value) headers[name] = value
    }
    return { status: res.status, headers, body, expiresAt: res.ok ? expiryOf(path, body) : 0 }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...PCCS_CORS_HEADERS, 'Access-Control-Max-Age': '86400' }).end()
      return
    }
    if (req.method !== 'GET' || !PATHS.test(url.pathname)) {
      res.writeHead(404, { ...PCCS_CORS_HEADERS, 'Content-Type': 'text/plain' }).end('Not a PCS v4 collateral path\n')
      return
    }
    const key = url.pathname + url.search
    const hit = cache.get(key)
    const send = (entry: Cached, cacheState: string) => {
      res.writeHead(entry.status, { ...entry.headers, ...PCCS_CORS_HEADERS, 'X-Sealkit-Cache': cacheState }).end(entry.body)
    }
    if (hit && hit.expiresAt > Date.now()) return send(hit, 'hit')
    let pending = inflight.get(key)
    if (!pending) {
      pending = load(key, url.pathname).finally(() => inflight.delete(key))
      inflight.set(key, pending)
    }
    pending.then(
      (entry) => {
        if (entry.expiresAt > Date.now()) cache.set(key, entry)
        send(entry, 'miss')
      },
      (e: unknown) => {
        res.writeHead(502, { ...PCCS_CORS_HEADERS, 'Content-Type': 'text/plain' }).end(`Upstream ${upstream} unreachable: ${(e as Error).message}\n`)
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '127.0.0.1', resolve)
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    get upstreamRequests() {
      return state.upstreamRequests
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
