import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { QuoteCollateral } from '../../src/core/attestation/tdx/collateral.ts'
import { INTEL_ROOT_CA_CRL_URL } from '../../src/core/attestation/tdx/collateral-fetch.ts'
import { pccsResponder } from '../../src/simulator/pccs.ts'

/**
 * A local fake Intel PCS on loopback serving captured collateral (the real corpus's
 * intel-collateral*.json): tests of the PCCS path never reach the internet.
 */
export interface FakePcs {
  url: string
  /** Every path + query requested, in order. */
  requests: string[]
  close(): Promise<void>
}

/**
 * The same fake PCS as a `fetch` (no socket): Intel's root CA CRL URL is answered from the
 * collateral too. `seen` collects every URL asked for; `override` may answer a path first.
 */
export function fakePcsFetch(collaterals: QuoteCollateral[], seen: string[] = [], override?: (url: URL) => Response | undefined): typeof fetch {
  const answer = pccsResponder(collaterals)
  return (async (input: RequestInfo | URL) => {
    const url = String(input)
    seen.push(url)
    const parsed = new URL(url === INTEL_ROOT_CA_CRL_URL ? 'http://intel/sgx/certification/v4/rootcacrl' : url)
    return override?.(parsed) ?? answer(parsed) ?? new Response('not found', { status: 404 })
  }) as typeof fetch
}

export async function startFakePcs(collaterals: QuoteCollateral[], port = 0): Promise<FakePcs> {
  const answer = pccsResponder(collaterals)
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    requests.push(url.pathname + url.search)
    const response = answer(url) ?? new Response('not found', { status: 404 })
    void response.arrayBuffer().then((body) => {
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(new Uint8Array(body))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  // The port actually bound: 0 (the default) lets the OS pick a free one.
  const bound = (server.address() as AddressInfo).port
  return { url: `http://127.0.0.1:${bound}`, requests, close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }) }
}
