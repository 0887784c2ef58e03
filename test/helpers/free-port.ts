import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A loopback port that was free a moment ago: for a server to bind, or for nothing to listen on. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((ok) => server.close(() => ok()))
  return port
}
