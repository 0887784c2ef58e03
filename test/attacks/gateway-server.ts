import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { hostileGateway, type GatewayAttack } from './gateway.ts'

/** The gateway as an HTTP server on loopback in front of `upstreamOrigin` (for the CLI). */
export async function serveGateway(upstreamOrigin: string, attack: GatewayAttack): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = []
  const forward = hostileGateway((url, init) => {
    seen.push(`${init.method ?? 'GET'} ${new URL(url).pathname} ${typeof init.body === 'string' || init.body instanceof Uint8Array ? String(init.body) : ''}`)
    return fetch(url, init)
  }, attack)
  const server: Server = createServer((req, res) => {
    void (async () => {
      const parts: Buffer[] = []
      for await (const part of req) parts.push(part as Buffer)
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value
      const body = parts.length ? Buffer.concat(parts) : undefined
      const response = await forward(`${upstreamOrigin}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) })
      const outHeaders: Record<string, string> = {}
      response.headers.forEach((v, k) => {
        if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding') outHeaders[k] = v
      })
      res.writeHead(response.status, outHeaders)
      res.end(Buffer.from(await response.arrayBuffer()))
    })().catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
