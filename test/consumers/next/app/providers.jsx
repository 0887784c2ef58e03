'use client'
// The client side: the app's QueryClient and sealkit's config, with the simulated enclave in the page.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { SealkitProvider } from 'sealkit'
import { createDefaultKeyHolder } from 'sealkit/core'
import { createSimulatedBackend } from 'sealkit/simulator'

// A route that serves the decryption worker from public/workers gives it to the config (docs/nextjs.md): a function,
// so here, in a client module. The holder the config's defaultModel starts with the page is then that one too.
const servedKeyHolder = () => createDefaultKeyHolder({ worker: '/workers/decrypt-worker.js' })

export function Providers({ servedWorkers = false, children }) {
  const [{ queryClient, config }] = useState(() => ({
    queryClient: new QueryClient(),
    config: { ...createSimulatedBackend({ chunks: 6 }), ...(servedWorkers ? { keyHolder: servedKeyHolder, defaultModel: 'e2ee-qwen3-5-122b-a10b' } : {}) },
  }))
  return (
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={config}>{children}</SealkitProvider>
    </QueryClientProvider>
  )
}
