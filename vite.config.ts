/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { realCorpusConfig } from './test/real-corpus.ts'

const corpus = realCorpusConfig(fileURLToPath(new URL('.', import.meta.url)))

// Library build: one output file per source module so 'use client' directives
// survive and consumers tree-shake; react, TanStack Query and noble stay external.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      entry: {
        index: 'src/index.ts',
        'core/index': 'src/core/index.ts',
        'simulator/index': 'src/simulator/index.ts',
        // Chat-library integrations: their own entries, so `sealkit` and `sealkit/core` do not grow.
        'ai-sdk/index': 'src/integrations/ai-sdk.ts',
        'openai/index': 'src/integrations/openai.ts',
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
    include: ['test/**/*.test.{ts,tsx}'],
    // Component tests run in real Chromium (vitest.browser.config.ts).
    exclude: ['test/components/**', '**/node_modules/**', ...corpus.exclude],
    // Without ../shared (a fresh clone) the tests that read the real evidence are skipped, with one line saying so.
    tags: corpus.tags,
    reporters: corpus.reporter ? ['default', corpus.reporter] : ['default'],
    environment: 'node',
    testTimeout: 20_000,
  },
})
