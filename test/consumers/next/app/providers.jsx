'use client'
// The client side: the app's QueryClient and sealkit's config, with the simulated enclave in the page.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { SealkitProvider } from 'sealkit'
import { createSimulatedBackend } from 'sealkit/simulator'

export function Providers({ children }) {
  const [{ queryClient, config }] = useState(() => ({ queryClient: new QueryClient(), config: createSimulatedBackend({ chunks: 6 }) }))
  return (
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={config}>{children}</SealkitProvider>
    </QueryClientProvider>
  )
}
