import react from '@vitejs/plugin-react'
import { earlyVerifyWorker } from 'sealkit/vite'
import { defineConfig } from 'vite'

// attest.html on a remote enclave, whose address (and test roots) the test passes as SEALKIT_ENCLAVE:
// the HTML starts the verification worker and requests the config's first attestation and the models list.
const enclave = JSON.parse(process.env.SEALKIT_ENCLAVE ?? '{}')
export default defineConfig({
  plugins: [react(), earlyVerifyWorker({ attest: { baseURL: enclave.baseURL, model: enclave.model, models: true } })],
  define: { ENCLAVE: JSON.stringify(enclave) },
  build: { outDir: 'dist-attest', rolldownOptions: { input: 'attest.html' } },
})
