import { defineConfig } from 'vite'

/**
 * The decryption worker as the package ships it: `dist/src/core/worker/decrypt-worker.js`, one
 * self-contained ES module (@noble and the libsecp256k1 WASM inlined, no dynamic imports, so an app's
 * bundler can emit it in any worker format) beside `worker-key-holder.js`, which starts it with
 * `new Worker(new URL('./decrypt-worker.js', import.meta.url), { type: 'module' })`.
 * Runs after the library build (`npm run build`).
 */
export default defineConfig({
  build: {
    outDir: 'dist/src/core/worker',
    emptyOutDir: false,
    sourcemap: false,
    minify: true,
    lib: { entry: 'src/core/worker/decrypt-worker.ts', formats: ['es'], fileName: () => 'decrypt-worker.js' },
    rolldownOptions: { output: { codeSplitting: false } },
  },
})
