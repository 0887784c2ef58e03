/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import { realCorpusConfig } from './test/real-corpus.ts'
import { TEST_WORKERS } from './test/workers.ts'

const corpus = realCorpusConfig(fileURLToPath(new URL('.', import.meta.url)))
const EXCLUDE = ['test/components/**', 'test/consumers/**', '**/node_modules/**', ...corpus.exclude]
// The attacks on a non-configurable early slot (globalThis[Symbol.for('sealkit.early...')]): it stays for the rest of
// the process. test/fresh-modules.ts fails any other file that leaves one.
const OWN_PROCESS = ['test/attacks/early-attestation.test.ts', 'test/attacks/early-verify-worker.test.ts']

// Library build: one output file per source module so 'use client' directives
// survive and consumers tree-shake; react, TanStack Query and noble stay external.
/**
 * Leaves `new Worker(new URL('./decrypt-worker.js', import.meta.url), { type: 'module' })` exactly as
 * written in the library: the app's bundler emits the worker (built by vite.worker.config.ts), not
 * this build, which would otherwise turn it into an absolute `/assets/...` path no app can resolve.
 */
const keepImportMetaUrls = (): Plugin => ({
  name: 'sealkit:keep-import-meta-urls',
  apply: 'build',
  configResolved(config) {
    const plugins = config.plugins as Plugin[]
    for (const name of ['vite:worker-import-meta-url', 'vite:asset-import-meta-url']) {
      const i = plugins.findIndex((p) => p.name === name)
      if (i >= 0) plugins.splice(i, 1)
    }
  },
})

export default defineConfig({
  plugins: [react(), keepImportMetaUrls()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps: they would point at src/*.ts, which the package does not ship.
    sourcemap: false,
    minify: false,
    lib: {
      entry: {
        index: 'src/index.ts',
        'core/index': 'src/core/index.ts',
        'simulator/index': 'src/simulator/index.ts',
        // Chat-library integrations: their own entries, so `sealkit` and `sealkit/core` do not grow.
        'ai-sdk/index': 'src/integrations/ai-sdk.ts',
        'openai/index': 'src/integrations/openai.ts',
        'vite/index': 'src/integrations/vite.ts',
        'simulator/node': 'src/simulator/node.ts',
        'bin/sealkit': 'bin/sealkit.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
      output: { preserveModules: true, preserveModulesRoot: '.' },
    },
  },
  test: {
    // Without ../shared (a fresh clone) the tests that read the real evidence are skipped, with one line saying so.
    tags: corpus.tags,
    reporters: corpus.reporter ? ['default', corpus.reporter] : ['default'],
    environment: 'node',
    maxWorkers: TEST_WORKERS,
    globalSetup: ['test/cli/bundle.ts'],
    testTimeout: 20_000,
    setupFiles: ['test/fresh-modules.ts', 'test/dom-setup.ts'],
    projects: [
      // Workers shared between files, each file with fresh sealkit modules (test/workers.ts, test/fresh-modules.ts)...
      // Component tests run in real Chromium (vitest.browser.config.ts), consumer apps in vitest.consumers.config.ts.
      { extends: true, test: { name: 'node', include: ['test/**/*.test.{ts,tsx}'], exclude: [...EXCLUDE, ...OWN_PROCESS], isolate: false } },
      // ...but a file that leaves what a process cannot take back runs in a process of its own.
      { extends: true, test: { name: 'node (own process)', include: OWN_PROCESS, exclude: EXCLUDE, isolate: true, env: { SEALKIT_OWN_PROCESS: '1' } } },
    ],
  },
})
