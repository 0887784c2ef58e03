import react from '@vitejs/plugin-react'
import { earlyVerifyWorker } from 'sealkit/vite'
import { defineConfig } from 'vite'

// An app as the README sets up a page that attests as it loads: its verification worker started by the HTML.
export default defineConfig({ plugins: [react(), earlyVerifyWorker()] })
