import { defineConfig } from 'vite'

/**
 * The workers as the package ships them, each one self-contained ES module (no dynamic imports, so
 * an app's bundler can emit it in any worker format) beside the module that starts it with
 * `new Worker(new URL('./x.js', import.meta.url), { type: 'module' })`:
 * - `dist/src/core/worker/decrypt-worker.js` (@noble and the libsecp256k1 WASM inlined), started by `worker-key-holder.js`;
 * - `dist/src/core/worker/verify-worker.js` (`--mode verify`: the attestation verifier with asn1js,
 *   @peculiar, @noble and js-yaml), started by `worker-verifier.js`;
 * - `dist/src/components/markdown/highlight-worker.js` (`--mode highlight`: lowlight with highlight.js's common
 *   languages), started by `highlight-off-thread.js` for a long code block.
 * Runs after the library build (`npm run build`).
 */
const WORKERS: Record<string, { name: string; dir: string }> = {
  decrypt: { name: 'decrypt-worker', dir: 'src/core/worker' },
  verify: { name: 'verify-worker', dir: 'src/core/worker' },
  highlight: { name: 'highlight-worker', dir: 'src/components/markdown' },
}

export default defineConfig(({ mode }) => {
  const { name, dir } = WORKERS[mode] ?? WORKERS.decrypt!
  return {
    build: {
      outDir: `dist/${dir}`,
      emptyOutDir: false,
      sourcemap: false,
      minify: true,
      lib: { entry: `${dir}/${name}.ts`, formats: ['es'], fileName: () => `${name}.js` },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  }
})
