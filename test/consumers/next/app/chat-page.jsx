// A Server Component, the page of both routes (/ and /early): renders PrivateChat (a client component
// from 'sealkit') and uses sealkit/core itself.
import { PrivateChat } from 'sealkit'
import { createClient, getModels, privacyLevelOf } from 'sealkit/core'
import { createSimulator } from 'sealkit/simulator'
import { Providers } from './providers'

// `servedWorkers`: the route serves the decryption worker itself (providers.jsx).
export async function ChatPage({ servedWorkers = false } = {}) {
  const client = createClient({ baseURL: 'http://simulator.test/api/v1', fetch: createSimulator({ seed: 'consumer-next-server' }).fetch })
  const e2ee = (await getModels(client)).filter((m) => privacyLevelOf(m) === 'e2ee').map((m) => m.id)
  return (
    <main>
      <p data-testid="server-core">
        sealkit/core on the server: {e2ee.length} E2EE models ({e2ee.join(', ')})
      </p>
      <Providers servedWorkers={servedWorkers}>
        <PrivateChat style={{ height: 600 }} />
      </Providers>
    </main>
  )
}
