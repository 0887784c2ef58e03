/**
 * fetchSimulatorRoots: an app in another process (a browser tab) trusts a `sealkit simulate` server's
 * test roots over HTTP, and its reports pass as simulated; nothing else is accepted as roots.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import { attestModel } from '../../src/core/session/attest.ts'
import { startSimulatorServer, type SimulatorServer } from '../../src/simulator/node.ts'
import { fetchSimulatorRoots } from '../../src/simulator/roots.ts'
import { freePort } from '../helpers/free-port.ts'
import { E2EE_MODEL } from './helpers.ts'

describe('fetchSimulatorRoots', () => {
  let server: SimulatorServer
  let other: Server
  let otherURL: string
  beforeAll(async () => {
    server = await startSimulatorServer({ port: 0 })
    // Any other server: it answers, but with no roots.
    other = createServer((req, res) => res.writeHead(req.url?.startsWith('/api/v1/') ? 200 : 404, { 'content-type': 'application/json' }).end('{"intel":{"pem":"not a certificate"}}'))
    await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok))
    otherURL = `http://127.0.0.1:${(other.address() as AddressInfo).port}/api/v1`
  })
  afterAll(async () => {
    await server.close()
    await new Promise((ok) => other.close(ok))
  })

  it('trusts the server\'s test roots beside the real ones: its attestation passes, marked simulated', async () => {
    const trustedRoots = await fetchSimulatorRoots(`${server.baseURL}/`)
    expect(trustedRoots.intel).toHaveLength(2)
    expect(trustedRoots.intel[1]).toContain('BEGIN CERTIFICATE')
    expect(trustedRoots.nvidia[1]).toContain('BEGIN CERTIFICATE')
    const client = createClient({ baseURL: server.baseURL })
    const attested = await attestModel(client, { model: E2EE_MODEL, trustedRoots })
    expect(attested.report.verdict).toBe('passed')
    expect(attested.report.simulated).toBe(true)
    // Without them the same evidence fails: the roots are what made it pass.
    const untrusted = await attestModel(client, { model: E2EE_MODEL }).then(
      (a) => a.report.verdict,
      (e: { report?: { verdict?: string } }) => e.report?.verdict,
    )
    expect(untrusted).toBe('failed')
  })

  it('NETWORK_ERROR when nothing answers; INVALID_RESPONSE when the server serves no roots', async () => {
    const down = `http://127.0.0.1:${await freePort()}/api/v1`
    await expect(fetchSimulatorRoots(down)).rejects.toMatchObject({ code: 'NETWORK_ERROR', message: `${down}/sealkit/roots could not be reached (ECONNREFUSED): is a sealkit simulator running there?` })
    await expect(fetchSimulatorRoots(otherURL)).rejects.toMatchObject({ code: 'INVALID_RESPONSE', status: 200 })
    await expect(fetchSimulatorRoots(otherURL.replace('/api/v1', '/elsewhere'))).rejects.toMatchObject({ code: 'INVALID_RESPONSE', status: 404 })
  })
})
