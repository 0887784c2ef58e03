// The README's example, pointed at the simulated enclave in the page.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { PrivateChat, SealkitProvider } from 'sealkit'
import { createSimulator } from 'sealkit/simulator'
import 'sealkit/styles.css'

const sim = createSimulator({ seed: 'consumer', chunks: 6 })
const queryClient = new QueryClient()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={{ baseURL: 'http://simulator.test/api/v1', fetch: sim.fetch, verify: { trustedRoots: sim.trustedRoots() } }}>
        <PrivateChat style={{ height: 600 }} />
      </SealkitProvider>
    </QueryClientProvider>
  </StrictMode>,
)
