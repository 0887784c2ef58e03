/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

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
    exclude: ['test/components/**', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
  },
})
