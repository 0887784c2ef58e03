'use client'
// The client side: the app's QueryClient and sealkit's config, with the simulated enclave in the page.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { SealkitProvider } from 'sealkit'
import { createSimulator } from 'sealkit/simulator'

export function Providers({ children }) {
  const [{ queryClient, config }] = useState(() => {
    const sim = createSimulator({ seed: 'consumer-next', chunks: 6 })
    return {
      queryClient: new QueryClient(),
      config: { baseURL: 'http://simulator.test/api/v1', fetch: sim.fetch, verify: { trustedRoots: sim.trustedRoots() } },
    }
  })
  return (
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={config}>{children}</SealkitProvider>
    </QueryClientProvider>
  )
}
