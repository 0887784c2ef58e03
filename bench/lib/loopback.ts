/** Puts a bench server on a free loopback port. */
import type { AddressInfo, Server, Socket } from 'node:net'

export interface Listening {
  port: number
  /** Closes the server and every connection it still holds (keep-alive ones and HTTP/2 sessions included). */
  close(): Promise<void>
}

/** Any of Node's servers (HTTP, HTTP/2 over TLS): each is a `net.Server` that hands over its raw sockets. */
export function listenOnLoopback(server: Server): Promise<Listening> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise((closed) => {
            server.close(() => closed())
            for (const socket of sockets) socket.destroy()
          }),
      }),
    ),
  )
}
