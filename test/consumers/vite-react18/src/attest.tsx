// An app on a remote enclave (the test's simulator server), its config naming the model it attests
// first; vite.attest.config.ts has the page's HTML request that model's attestation.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createRoot } from 'react-dom/client'
import { PrivateChat, SealkitProvider } from 'sealkit'
import { createSealkitConfig } from 'sealkit/core'
import 'sealkit/styles.css'

declare const ENCLAVE: { baseURL: string; model: string; trustedRoots: { intel: string[]; nvidia: string[] } }

const config = createSealkitConfig({ baseURL: ENCLAVE.baseURL, defaultModel: ENCLAVE.model, verify: { trustedRoots: ENCLAVE.trustedRoots } })

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={new QueryClient()}>
    <SealkitProvider config={config}>
      <PrivateChat style={{ height: 600 }} />
    </SealkitProvider>
  </QueryClientProvider>,
)
