import react from '@vitejs/plugin-react'
import { eagerCommonJs, earlyVerifyWorker } from 'sealkit/vite'
import { defineConfig } from 'vite'

// An app as the README sets up a page that attests as it loads: its verification worker started by the HTML,
// React DOM compiled while the script streams in (eagerCommonJs), and fewer scripts up front (rolldown's inlining
// of small common chunks, the README's "Fewer scripts up front").
export default defineConfig({
  plugins: [react(), earlyVerifyWorker(), eagerCommonJs()],
  build: {
    rolldownOptions: {
      preserveEntrySignatures: false,
      output: { strictExecutionOrder: true, codeSplitting: { experimentalInlineCommonChunks: { maxSize: 64 * 1024 } } },
    },
  },
})
