/**
 * A network between the browser and the bench's servers, shaped by the servers themselves: every
 * response starts one round trip after its request arrived, and every response body shares one
 * downlink of a fixed rate, in the order its bytes were sent (so the page's parallel requests,
 * its workers' included, slow each other down as on a real link). Chromium's own network
 * emulation only shapes the page's requests, not those of its workers.
 *
 * `createLink(profile)` makes the link; `serveStatic(dir, { link })` and `shapedProxy(target, link)`
 * send through it. The schedule (`LinkSchedule`) is pure arithmetic over a clock, tested on its own.
 *
 * @example
 * const link = createLink(DESKTOP_PROFILE)
 * const app = await serveStatic(dist, { link }) // gzip, as a real host serves scripts
 * const api = await shapedProxy(simulator.baseURL, link)
 */
import { request as httpRequest, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import { listenOnLoopback } from './loopback.ts'
import { createBenchServer } from './tls.ts'

export interface NetworkProfile {
  /** Round-trip time added before each response's first byte, in ms. */
  rttMs: number
  /** Downlink rate shared by all responses, in kbit/s (1 kbit = 1000 bits). */
  kbps: number
}

/** Lighthouse's desktop throttling: 40 ms round trip, 10,240 kbit/s. */
export const DESKTOP_PROFILE: NetworkProfile = { rttMs: 40, kbps: 10_240 }

/** `BENCH_APP_NETWORK=<rtt ms>,<kbit/s>`, or the default profile when unset. */
export function profileFromEnv(value: string | undefined, fallback: NetworkProfile = DESKTOP_PROFILE): NetworkProfile {
  if (!value) return fallback
  const [rttMs, kbps] = value.split(',').map(Number)
  if (!(rttMs! >= 0 && kbps! > 0)) throw new Error(`BENCH_APP_NETWORK=${value}: expected <rtt ms>,<kbit/s>`)
  return { rttMs: rttMs!, kbps: kbps! }
}

export const describeProfile = (p: NetworkProfile) => `${p.rttMs} ms RTT, ${(p.kbps / 1000).toFixed(p.kbps % 1000 ? 2 : 0)} Mbit/s`

/**
 * When each piece of a response may leave: not before its request's arrival plus a round trip,
 * and not before the link has carried every byte queued ahead of it.
 */
export class LinkSchedule {
  private freeAt = -Infinity
  /** Each piece's time on the link, in the order sent: `[start, end, bytes]`. */
  private readonly pieces: Array<[start: number, end: number, bytes: number]> = []
  /** Bytes the link has carried (or queued) since it was made. */
  bytes = 0

  constructor(readonly profile: NetworkProfile) {}

  /** The time (ms, the caller's clock) at which `bytes` have arrived, sent at or after `notBefore`. */
  send(bytes: number, notBefore: number): number {
    const start = Math.max(notBefore, this.freeAt)
    this.freeAt = start + (bytes * 8) / this.profile.kbps
    this.bytes += bytes
    this.pieces.push([start, this.freeAt, bytes])
    return this.freeAt
  }

  /**
   * Bytes the link carried between `from` and `to` (the caller's clock), a piece on the link at either
   * end counted in proportion: what a page had to receive in that window, every server's responses together.
   */
  carried(from: number, to: number): number {
    let sum = 0
    for (const [start, end, bytes] of this.pieces) {
      const overlap = Math.min(end, to) - Math.max(start, from)
      if (overlap > 0) sum += end > start ? (bytes * overlap) / (end - start) : bytes
    }
    return sum
  }
}

export interface Link {
  profile: NetworkProfile
  schedule: LinkSchedule
  /**
   * Sends a response through the link: headers a round trip after `arrived`, then the body's pieces
   * as the link carries them. Resolves when the last piece is written.
   */
  respond(res: ServerResponse, arrived: number, status: number, headers: Record<string, string | string[]>, body: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void>
}

/** Pieces of at most this size share the link, as TCP segments would (a large script does not hold it whole). */
const PIECE = 16 * 1024

const sleepUntil = (t: number) => new Promise<void>((done) => setTimeout(done, Math.max(0, t - performance.now())))

export function createLink(profile: NetworkProfile): Link {
  const schedule = new LinkSchedule(profile)
  return {
    profile,
    schedule,
    async respond(res, arrived, status, headers, body) {
      const first = arrived + profile.rttMs
      await sleepUntil(first)
      res.writeHead(status, headers)
      // A streamed body's pieces are written as they come in; flush headers now so the page sees the response start.
      res.flushHeaders()
      for await (const chunk of body) {
        for (let at = 0; at < chunk.length; at += PIECE) {
          const piece = chunk.subarray(at, at + PIECE)
          await sleepUntil(schedule.send(piece.length, Math.max(first, performance.now())))
          if (!res.write(piece)) await new Promise((done) => res.once('drain', done))
        }
      }
      res.end()
    },
  }
}

/** Headers a proxy must not copy from one hop to the next. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'content-length'])

const forwardable = (headers: IncomingHttpHeaders): Record<string, string | string[]> =>
  // HTTP/2's pseudo-headers (`:path`, `:authority`...) are not headers of an HTTP/1.1 request.
  Object.fromEntries(Object.entries(headers).filter((e): e is [string, string | string[]] => e[1] !== undefined && !HOP_BY_HOP.has(e[0]) && !e[0].startsWith(':')))

export interface ShapedProxy {
  /** `target`'s base URL with this proxy's origin: `http://127.0.0.1:PORT/v1` for `http://127.0.0.1:OTHER/v1`. */
  baseURL: string
  close(): Promise<void>
}

/**
 * A proxy on a free loopback port that forwards every request to `target`'s origin (HTTP/1.1) and answers
 * through `link`; with `http2`, over HTTP/2 and TLS (bench/lib/tls.ts).
 */
export async function shapedProxy(target: string, link: Link, { http2 = false }: { http2?: boolean } = {}): Promise<ShapedProxy> {
  const upstream = new URL(target)
  const { server, scheme } = createBenchServer((req, res) => {
    const arrived = performance.now()
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: forwardable(req.headers) },
      (answer) => {
        void link.respond(res, arrived, answer.statusCode ?? 502, forwardable(answer.headers), answer).catch(() => res.destroy())
      },
    )
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
    req.pipe(forward)
  }, { http2 })
  const { port, close } = await listenOnLoopback(server)
  const url = new URL(target)
  url.protocol = `${scheme}:`
  url.port = String(port)
  return { baseURL: url.toString().replace(/\/$/, ''), close }
}
