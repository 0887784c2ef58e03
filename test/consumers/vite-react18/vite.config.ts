import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// An app as a user writes it: nothing sealkit-specific in the config.
export default defineConfig({ plugins: [react()] })
