import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createSimulator, type Simulator, type SimulatorOptions } from './handler.ts'

/**
 * The simulated enclave on a real port, for the CLI, benchmarks and clients in
 * other languages. Node-only, so it is kept out of the browser-safe
 * `./index.ts`; import it by path (`src/simulator/node.ts`).
 *
 * @example
 * ```ts
 * const server = await startSimulatorServer({ port: 0 })
 * console.log(server.url + '/api/v1') // http://127.0.0.1:54321/api/v1
 * await server.close()
 * ```
 */
export interface SimulatorServerOptions extends SimulatorOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number
  /** Default `127.0.0.1`. */
  host?: string
}

/** A running simulator HTTP server (see {@link startSimulatorServer}). */
export interface SimulatorServer {
  /** `http://HOST:PORT`, without the base path. */
  url: string
  /** `url` + the base path: what a client takes as its base URL. */
  baseURL: string
  /** The port it listens on. */
  port: number
  /** The host it listens on, e.g. `'127.0.0.1'`. */
  host: string
  /** The simulator behind it: its models, keys and trusted roots. */
  simulator: Simulator
  /** Stops listening and drops open connections (streams in flight end). */
  close(): Promise<void>
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'proxy-connection'])

function toRequest(req: IncomingMessage, origin: string, body: Buffer | undefined, signal: AbortSignal): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    // Hop-by-hop and framing headers describe this connection, not the buffered body we pass on.
    if (value === undefined || HOP_BY_HOP.has(name)) continue
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else headers.set(name, value)
  }
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method ?? 'GET',
    headers,
    // Buffer the body: the response signature hashes its exact bytes anyway.
    ...(body && body.length > 0 && { body: new Uint8Array(body) }),
    signal,
  })
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of req) parts.push(part as Buffer)
  return Buffer.concat(parts)
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  res.writeHead(response.status, headers)
  // Send the headers now so SSE clients see the stream open before the first chunk.
  res.flushHeaders()
  if (!response.body) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      // One write per chunk, Nagle off: each SSE event leaves as soon as the handler produces it.
      res.write(value)
    }
    res.end()
  } catch {
    // The client went away (or the handler aborted): drop the connection rather than end it cleanly.
    res.destroy()
  }
}

/** Starts the simulator on node:http. Resolves once it listens. */
export async function startSimulatorServer(options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const { port = 8787, host = '127.0.0.1', ...simulatorOptions } = options
  const simulator = createSimulator(simulatorOptions)
  const urlHost = host.includes(':') ? `[${host}]` : host

  const server = createServer((req, res) => {
    req.socket.setNoDelay(true)
    const aborter = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) aborter.abort()
    })
    const origin = `http://${req.headers.host ?? urlHost}`
    void (async () => {
      try {
        const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
        const body = hasBody ? await readBody(req) : undefined
        const response = await simulator.fetch(toRequest(req, origin, body, aborter.signal))
        await send(response, res)
      } catch (error) {
        if (aborter.signal.aborted) return
        console.error('sealkit simulator server:', error)
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' })
        res.end(JSON.stringify({ error: { message: 'Internal simulator error', type: 'server_error', code: null, param: null } }))
      }
    })()
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const actualPort = (server.address() as AddressInfo).port
  const url = `http://${urlHost}:${actualPort}`
  return {
    url,
    baseURL: url + simulator.basePath,
    port: actualPort,
    host,
    simulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      }),
  }
}
