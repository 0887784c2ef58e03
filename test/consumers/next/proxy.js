// /strict only: a strict Content-Security-Policy with a fresh nonce per request, as Next's Content Security
// Policy guide sets one up. Next reads the nonce for its own scripts from the request's policy header; the
// layout reads it from x-nonce for the HTML's script (app/(strict)/layout.jsx).
import { NextResponse } from 'next/server'

export function proxy(request) {
  const nonce = btoa(crypto.randomUUID())
  const dev = process.env.NODE_ENV === 'development'
  const policy = [
    "default-src 'self'",
    // 'wasm-unsafe-eval': the decryption worker's key agreement (libsecp256k1 in WebAssembly); 'unsafe-eval': next dev's own.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    // Only the workers the app serves: one the bundler emitted (the package's own, which the app did not ask for) is
    // refused, and the refusal is on the console.
    // (A path needs its host in a policy: the one the browser asked, as nextUrl may name another.)
    `worker-src ${request.nextUrl.protocol}//${request.headers.get('host')}/workers/`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
  const headers = new Headers(request.headers)
  headers.set('x-nonce', nonce)
  headers.set('content-security-policy', policy)
  const response = NextResponse.next({ request: { headers } })
  response.headers.set('content-security-policy', policy)
  return response
}

export const config = { matcher: ['/strict'] }
