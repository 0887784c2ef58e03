/** Puts a bench server on a free loopback port. */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Listening {
  port: number
  /** Closes the server and every connection it still holds (keep-alive ones included). */
  close(): Promise<void>
}

export function listenOnLoopback(server: Server): Promise<Listening> {
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise((closed) => {
            server.closeAllConnections()
            server.close(() => closed())
          }),
      }),
    ),
  )
}
