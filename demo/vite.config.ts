import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { eagerCommonJs } from '../src/integrations/vite.ts'

const root = fileURLToPath(new URL('.', import.meta.url))
const repo = fileURLToPath(new URL('..', import.meta.url))

/**
 * The sealkit demo: the connected <PrivateChat /> on the in-browser simulated enclave, or on the
 * real Venice API with a key.
 *
 *   npx vite --config demo/vite.config.ts          # dev server, prints its URL
 *   npx vite build --config demo/vite.config.ts    # static build in demo/dist
 *
 * VITE_VENICE_API_KEY in the environment pre-fills the key for the dev server only: a build never
 * embeds it, so demo/dist is safe to publish.
 */
export default defineConfig(({ command }) => ({
  root,
  envDir: repo,
  // Its own optimiser cache: never fights Storybook's or the browser tests' over node_modules/.vite.
  cacheDir: fileURLToPath(new URL('../node_modules/.vite/demo', import.meta.url)),
  // The built demo gets React DOM compiled while its script streams in (README, "React DOM compiled while the page loads").
  plugins: [react(), eagerCommonJs()],
  define: command === 'build' ? { 'import.meta.env.VITE_VENICE_API_KEY': 'undefined' } : {},
  server: { fs: { allow: [repo] } },
  // Pre-bundled up front so the first page load never triggers a re-optimisation and reload.
  optimizeDeps: {
    entries: ['index.html'],
    include: ['react', 'react/jsx-dev-runtime', 'react-dom/client', 'radix-ui', 'radix-ui/internal', '@tanstack/react-query', '@noble/hashes/hmac.js'],
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
}))
