import { writeFileSync } from 'node:fs'
import react from '@vitejs/plugin-react'
import { eagerCommonJs, earlyVerifyWorker } from 'sealkit/vite'
import { defineConfig } from 'vite'

// Each page's inline script as a CSP hash source (for a policy that allows scripts by hash), written beside the build.
const scriptHashes: Record<string, string> = {}

// An app as the README sets up a page that attests as it loads: its verification worker started by the HTML,
// React DOM compiled while the script streams in (eagerCommonJs), and fewer scripts up front (rolldown's inlining
// of small common chunks, "Fewer scripts up front" in docs/performance.md).
export default defineConfig({
  plugins: [
    react(),
    earlyVerifyWorker({ onScript: ({ page, hash }) => void (scriptHashes[page] = hash) }),
    eagerCommonJs(),
    { name: 'csp-hashes', closeBundle: () => writeFileSync('dist/csp-hashes.json', JSON.stringify(scriptHashes)) },
  ],
  // A nonce-based policy: the host puts each response's nonce where this placeholder is (the test serves it as it is).
  html: { cspNonce: 'consumer-test-nonce' },
  build: {
    rolldownOptions: {
      preserveEntrySignatures: false,
      output: { strictExecutionOrder: true, codeSplitting: { experimentalInlineCommonChunks: { maxSize: 64 * 1024 } } },
    },
  },
})
