/**
 * The bench's shaped network (bench/lib/network-link.ts): one downlink shared in order, a round trip
 * before each response, gzip from the static server, and a proxy that streams rather than buffers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, get, request, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { createLink, LinkSchedule, profileFromEnv, shapedProxy } from '../../bench/lib/network-link.ts'
import { serveStatic } from '../../bench/lib/static-server.ts'

const body = (res: IncomingMessage) =>
  new Promise<Buffer>((done, fail) => {
    const parts: Buffer[] = []
    res.on('data', (p: Buffer) => parts.push(p))
    res.on('end', () => done(Buffer.concat(parts)))
    res.on('error', fail)
  })

const getRaw = (url: string, headers: Record<string, string> = {}) => new Promise<IncomingMessage>((done, fail) => get(url, { headers }, done).on('error', fail))

describe('LinkSchedule', () => {
  it('carries bytes at the profile rate, one response after another, and waits for nothing when idle', () => {
    const link = new LinkSchedule({ rttMs: 40, kbps: 10 }) // 10 kbit/s: 1,250 bytes a second
    expect(link.send(1250, 0)).toBe(1000)
    expect(link.send(1250, 0)).toBe(2000) // queued behind the first
    expect(link.send(625, 100)).toBe(2500)
    expect(link.send(1250, 5000)).toBe(6000) // the link was idle: starts when sent
    expect(link.bytes).toBe(4375)
  })

  it('says how many bytes arrived in a window, a piece cut by its edges in proportion', () => {
    const link = new LinkSchedule({ rttMs: 0, kbps: 10 }) // 1,250 bytes a second
    link.send(1250, 0) // on the link 0..1000
    link.send(1250, 0) // 1000..2000
    link.send(1250, 5000) // 5000..6000
    expect(link.carried(0, 2000)).toBe(2500)
    expect(link.carried(500, 1500)).toBe(1250) // half of each of the first two
    expect(link.carried(2000, 5000)).toBe(0) // idle
    expect(link.carried(0, 5500)).toBe(3125)
    expect(link.carried(-Infinity, Infinity)).toBe(link.bytes)
  })

  it('reads BENCH_APP_NETWORK, and refuses what it cannot read', () => {
    expect(profileFromEnv(undefined)).toEqual({ rttMs: 40, kbps: 10_240 })
    expect(profileFromEnv('150,1600')).toEqual({ rttMs: 150, kbps: 1600 })
    expect(() => profileFromEnv('150')).toThrow(/expected <rtt ms>,<kbit\/s>/)
    expect(() => profileFromEnv('-1,100')).toThrow()
  })
})

describe('serveStatic over a link', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sealkit-link-'))
  const script = 'export const x = ' + JSON.stringify('sealkit '.repeat(5000)) + '\n'
  writeFileSync(join(dir, 'app.js'), script)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('gzips for a browser that accepts it, sends it as is otherwise, a round trip late either way', async () => {
    const link = createLink({ rttMs: 60, kbps: 1_000_000 })
    const server = await serveStatic(dir, { link })
    try {
      const t0 = performance.now()
      const zipped = await getRaw(`${server.url}app.js`, { 'accept-encoding': 'gzip, deflate, br' })
      expect(performance.now() - t0).toBeGreaterThanOrEqual(55)
      expect(zipped.headers['content-encoding']).toBe('gzip')
      expect(zipped.headers['content-type']).toBe('text/javascript')
      const compressed = await body(zipped)
      expect(compressed.length).toBeLessThan(script.length / 10)
      expect(gunzipSync(compressed).toString()).toBe(script)
      const plain = await getRaw(`${server.url}app.js`)
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect((await body(plain)).toString()).toBe(script)
      expect(link.schedule.bytes).toBe(compressed.length + script.length)
      expect((await getRaw(`${server.url}missing.js`)).statusCode).toBe(404)
    } finally {
      await server.close()
    }
  })

  it('without a link: at once and uncompressed, as the loopback figures were measured', async () => {
    const server = await serveStatic(dir)
    try {
      const res = await getRaw(`${server.url}app.js`, { 'accept-encoding': 'gzip' })
      expect(res.headers['content-encoding']).toBeUndefined()
      expect((await body(res)).toString()).toBe(script)
    } finally {
      await server.close()
    }
  })

  it("caches a build's hashed assets for good and revalidates the rest, over a link or not", async () => {
    mkdirSync(join(dir, 'assets'), { recursive: true })
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), script)
    writeFileSync(join(dir, 'index.html'), '<!doctype html>')
    for (const server of [await serveStatic(dir), await serveStatic(dir, { link: createLink({ rttMs: 0, kbps: 1_000_000 }) })]) {
      try {
        const asset = await getRaw(`${server.url}assets/index-AbC123.js`)
        expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
        await body(asset)
        for (const path of ['', 'index.html', 'app.js']) {
          const res = await getRaw(`${server.url}${path}`)
          expect(res.headers['cache-control']).toBe('no-cache')
          await body(res)
        }
      } finally {
        await server.close()
      }
    }
  })
})

describe('shapedProxy', () => {
  it('forwards the request whole and streams the answer piece by piece, through the link', async () => {
    let sendSecond!: () => void
    const upstream = createServer((req, res) => {
      void body(req).then((received) => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'x-seen': `${req.method} ${req.url} ${received.toString()}` })
        res.write('data: one\n\n')
        sendSecond = () => res.end('data: two\n\n')
      })
    })
    await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done))
    const link = createLink({ rttMs: 0, kbps: 1_000_000 })
    const proxy = await shapedProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`, link)
    try {
      expect(proxy.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
      expect(proxy.baseURL).not.toContain(String((upstream.address() as AddressInfo).port))
      const res = await new Promise<IncomingMessage>((done, fail) => {
        const req = request(`${proxy.baseURL}/chat/completions?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' } }, done)
        req.on('error', fail)
        req.end('{"stream":true}')
      })
      expect(res.headers['x-seen']).toBe('POST /v1/chat/completions?x=1 {"stream":true}')
      expect(res.headers['content-type']).toBe('text/event-stream')
      // The first event arrives while the upstream still holds the second: nothing is buffered whole.
      const first = await new Promise<string>((done) => res.once('data', (p: Buffer) => done(p.toString())))
      expect(first).toBe('data: one\n\n')
      const rest = body(res)
      sendSecond()
      expect((await rest).toString()).toBe('data: two\n\n')
      expect(link.schedule.bytes).toBe(22)
    } finally {
      await proxy.close()
      await new Promise<void>((done) => upstream.close(() => done()))
    }
  })
})

describe('over HTTP/2 (BENCH_APP_HTTP2=1)', () => {
  /** One HTTP/2 session for every request, as a browser multiplexes a host's requests over one connection. */
  const h2 = async (origin: string) => {
    const { connect } = await import('node:http2')
    const session = connect(origin, { rejectUnauthorized: false }) // the bench's own throwaway certificate
    const ask = (path: string, headers: Record<string, string> = {}, sent?: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((done, fail) => {
        const stream = session.request({ ':path': path, ...headers })
        let answer: Record<string, unknown> = {}
        const parts: Buffer[] = []
        stream.on('response', (h) => (answer = h))
        stream.on('data', (p: Buffer) => parts.push(p))
        stream.on('end', () => done({ headers: answer, body: Buffer.concat(parts) }))
        stream.on('error', fail)
        stream.end(sent)
      })
    return { ask, close: () => new Promise<void>((done) => session.close(() => done())) }
  }

  it('serves files and proxies requests over one TLS connection, through the link, a round trip late', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealkit-h2-'))
    writeFileSync(join(dir, 'a.js'), 'export const a = 1\n')
    writeFileSync(join(dir, 'b.js'), 'export const b = 2\n')
    const upstream = createServer((req, res) => void body(req).then((received) => res.writeHead(200, { 'x-seen': `${req.method} ${req.url} ${received.toString()} ${Object.keys(req.headers).filter((h) => h.startsWith(':')).length}` }).end('ok')))
    await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done))
    const link = createLink({ rttMs: 200, kbps: 1_000_000 })
    const server = await serveStatic(dir, { link, http2: true })
    const proxy = await shapedProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`, link, { http2: true })
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/)
      expect(proxy.baseURL).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1$/)
      const files = await h2(server.url)
      const t0 = performance.now()
      // Both at once on one session: each a round trip after it arrived, not one after the other.
      const [a, b] = await Promise.all([files.ask('/a.js', { 'accept-encoding': 'gzip' }), files.ask('/b.js', { 'accept-encoding': 'gzip' })])
      expect(performance.now() - t0).toBeGreaterThanOrEqual(195)
      expect(performance.now() - t0).toBeLessThan(390)
      expect([a.headers[':status'], a.headers['content-encoding'], gunzipSync(a.body).toString(), gunzipSync(b.body).toString()]).toEqual([200, 'gzip', 'export const a = 1\n', 'export const b = 2\n'])
      await files.close()
      const api = await h2(new URL(proxy.baseURL).origin)
      const answer = await api.ask('/v1/chat?x=1', { ':method': 'POST', 'content-type': 'application/json' }, '{"stream":true}')
      // Forwarded whole, with none of HTTP/2's pseudo-headers.
      expect([answer.headers[':status'], answer.headers['x-seen'], answer.body.toString()]).toEqual([200, 'POST /v1/chat?x=1 {"stream":true} 0', 'ok'])
      await api.close()
    } finally {
      await Promise.all([server.close(), proxy.close()])
      await new Promise<void>((done) => upstream.close(() => done()))
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
