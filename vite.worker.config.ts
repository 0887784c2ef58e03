import { defineConfig } from 'vite'

/**
 * The workers as the package ships them, each one self-contained ES module (no dynamic imports, so
 * an app's bundler can emit it in any worker format) beside the module that starts it with
 * `new Worker(new URL('./x.js', import.meta.url), { type: 'module' })`:
 * - `dist/src/core/worker/decrypt-worker.js` (@noble and the libsecp256k1 WASM inlined), started by `worker-key-holder.js`;
 * - `dist/src/core/worker/verify-worker.js` (`--mode verify`: the attestation verifier with asn1js,
 *   @peculiar, @noble and js-yaml), started by `worker-verifier.js`.
 * Runs after the library build (`npm run build`).
 */
export default defineConfig(({ mode }) => {
  const name = mode === 'verify' ? 'verify-worker' : 'decrypt-worker'
  return {
    build: {
      outDir: 'dist/src/core/worker',
      emptyOutDir: false,
      sourcemap: false,
      minify: true,
      lib: { entry: `src/core/worker/${name}.ts`, formats: ['es'], fileName: () => `${name}.js` },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  }
})
