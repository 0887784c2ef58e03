// The README's example as written, on the simulated enclave in the page (createSimulatedBackend).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { PrivateChat, SealkitProvider } from 'sealkit'
import { createSimulatedBackend } from 'sealkit/simulator'
import 'sealkit/styles.css'

const queryClient = new QueryClient()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={createSimulatedBackend({ chunks: 6 })}>
        <PrivateChat style={{ height: 600 }} />
      </SealkitProvider>
    </QueryClientProvider>
  </StrictMode>,
)
