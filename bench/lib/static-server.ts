/** A static file server on a free loopback port, for the browser benchmarks' production builds. */
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join } from 'node:path'

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' }

export interface StaticServer {
  /** `http://127.0.0.1:PORT/` */
  url: string
  close(): Promise<void>
}

/**
 * Serves `dir`. `route` may rewrite a path and add headers (e.g. a CSP under a prefix);
 * it gets the URL path and returns the file path inside `dir` plus extra headers.
 */
export function serveStatic(dir: string, route: (path: string) => { path: string; headers?: Record<string, string> } = (path) => ({ path })): Promise<StaticServer> {
  const server = createServer((req, res) => {
    const { path, headers } = route(new URL(req.url ?? '/', 'http://x').pathname)
    const file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', ...headers }).end(readFileSync(file))
  })
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  )
}
