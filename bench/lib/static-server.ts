/** A static file server on a free loopback port, for the browser benchmarks' production builds. */
import { existsSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { listenOnLoopback } from './loopback.ts'
import { createBenchServer } from './tls.ts'
import type { Link } from './network-link.ts'

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' }

export interface StaticServer {
  /** `http://127.0.0.1:PORT/` (`https:` with `http2`) */
  url: string
  close(): Promise<void>
}

export interface StaticServerOptions {
  /** Rewrites a path and may add headers (e.g. a CSP under a prefix): gets the URL path, returns the file path inside the folder plus extra headers. */
  route?: (path: string) => { path: string; headers?: Record<string, string> }
  /**
   * Answers through this shaped network (bench/lib/network-link.ts), gzip-compressed when the browser
   * accepts it, as a real host sends scripts over a real network. Without: at once, uncompressed.
   */
  link?: Link
  /** HTTP/2 over TLS (bench/lib/tls.ts), as a modern host serves files; default HTTP/1.1 in the clear. */
  http2?: boolean
}

/** Serves `dir` (see {@link StaticServerOptions}). */
export async function serveStatic(dir: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const { route = sameFile, link, http2 } = options
  // Compressed once per file: the harness shares the cores with the page it measures.
  const gzipped = new Map<string, Buffer>()
  const gzipOf = (file: string) => {
    let body = gzipped.get(file)
    if (!body) gzipped.set(file, (body = gzipSync(readFileSync(file))))
    return body
  }
  const { server, scheme } = createBenchServer((req, res) => {
    const arrived = performance.now()
    const { path, headers } = route(new URL(req.url ?? '/', 'http://x').pathname)
    const file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    const type = { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': cacheControl(path), ...headers }
    if (!link) {
      res.writeHead(200, type).end(readFileSync(file))
      return
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    const body = gzip ? gzipOf(file) : readFileSync(file)
    const sent = { ...type, 'content-length': String(body.length), ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}) }
    void link.respond(res, arrived, 200, sent, [body]).catch(() => res.destroy())
  }, { http2 })
  const { port, close } = await listenOnLoopback(server)
  return { url: `${scheme}://127.0.0.1:${port}/`, close }
}

/**
 * As a host serves a Vite build: the hashed files under `assets/` cached for good, the HTML revalidated. A fresh
 * browser context caches nothing either way; a page visited again in the same context (the `revisit` scenario)
 * gets its scripts from the HTTP cache, and Chromium's code cache, as a returning user does.
 */
const cacheControl = (path: string) => (path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')

const sameFile: NonNullable<StaticServerOptions['route']> = (path) => ({ path })
