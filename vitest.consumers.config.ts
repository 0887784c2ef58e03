/// <reference types="vitest/config" />
import { defineConfig } from 'vite'

/**
 * The consumer-app tests (test/consumers/): the packed tarball installed into fresh apps (Vite +
 * React 19 and 18, Next.js with Turbopack and webpack, plain Node), built, served on loopback and driven
 * in Chromium; the Vite 19 and Next apps under their dev servers too. Loopback ports are free ones.
 * One app at a time: builds are heavy on a 2-core machine.
 *
 *   npx vitest run --config vitest.consumers.config.ts
 */
export default defineConfig({
  test: {
    name: 'consumers',
    include: ['test/consumers/*.test.ts'],
    globalSetup: ['test/consumers/pack.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
})
