/**
 * HTTP/2 for the bench's shaped network (`BENCH_APP_HTTP2=1`). Browsers speak HTTP/2 only over TLS, so
 * the servers get a throwaway certificate for 127.0.0.1 (openssl, made once per run, never written into
 * the repository) and the page's browser context ignores certificate errors. Over HTTP/1.1 Chromium opens at
 * most 6 connections to a host: the sealkit app's 11 initial scripts took two rounds of requests. Over
 * HTTP/2 every request shares one connection and goes out at once.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createSecureServer } from 'node:http2'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** `BENCH_APP_HTTP2=1`: the shaped network's servers speak HTTP/2 over TLS. */
export const HTTP2 = process.env.BENCH_APP_HTTP2 === '1'

let certificate: { key: Buffer; cert: Buffer } | undefined

/** A self-signed P-256 certificate for 127.0.0.1, valid for a day. */
function testCertificate(): { key: Buffer; cert: Buffer } {
  if (certificate) return certificate
  const dir = mkdtempSync(join(tmpdir(), 'sealkit-bench-tls-'))
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' })
    certificate = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return certificate
}

/**
 * A server for `handler`: HTTP/1.1 in the clear, or with `http2` HTTP/2 over TLS (HTTP/1.1 over TLS for a client
 * without it). The handler gets Node's compatibility request and response either way.
 */
export function createBenchServer(handler: (req: IncomingMessage, res: ServerResponse) => void, { http2 = false }: { http2?: boolean } = {}) {
  if (!http2) return { server: createHttpServer(handler), scheme: 'http' as const }
  const server = createSecureServer({ ...testCertificate(), allowHTTP1: true }, handler as never)
  return { server, scheme: 'https' as const }
}
