import { defineConfig, type Plugin } from 'vite'

/**
 * A first line naming every npm package the worker inlines (`// Bundles: @noble/curves, asn1js, ...`), from the
 * bundler's module graph. The bundler's own `// node_modules/<package>/...` region comments name most of them, but
 * not always all: a module merged into its neighbour's region loses its comment. THIRD_PARTY_NOTICES.md is checked
 * against this line (test/consumers/package.test.ts), and a reader of the file sees what is in it.
 */
function namePackages(): Plugin {
  const packageOf = (id: string) => /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(id)?.[1]?.replace('\\', '/')
  return {
    name: 'sealkit:name-bundled-packages',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue
        // Modules whose code is in the file: one tree-shaken to nothing (or a no-op production build) is not.
        const rendered = Object.entries(chunk.modules).filter(([, module]) => module.renderedLength > 0)
        const packages = [...new Set(rendered.map(([id]) => packageOf(id)).filter((p): p is string => !!p))].sort()
        if (packages.length > 0) chunk.code = `// Bundles: ${packages.join(', ')}\n${chunk.code}`
      }
    },
  }
}

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
    plugins: [namePackages()],
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
