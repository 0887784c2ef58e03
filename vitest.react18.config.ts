/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { TEST_WORKERS } from './test/workers.ts'

/**
 * The hooks tests again under React 18 (the peer range is `^18 || ^19`).
 * React 18 lives in test/react18 (its own lockfile: `npm ci --prefix test/react18`);
 * `react` and `react-dom` (with their subpaths) are aliased to it, and the
 * libraries that import React are inlined so the alias reaches them too.
 *
 *   npx vitest run --config vitest.react18.config.ts
 */
const react18 = fileURLToPath(new URL('./test/react18/node_modules/', import.meta.url))
// Testing Library's package has no `exports`; Node would load its CJS build, which the alias cannot reach.
const testingLibrary = fileURLToPath(new URL('./node_modules/@testing-library/react/dist/@testing-library/react.esm.js', import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^react$/, replacement: `${react18}react/index.js` },
      { find: /^react\/(.*)$/, replacement: `${react18}react/$1.js` },
      { find: /^react-dom$/, replacement: `${react18}react-dom/index.js` },
      { find: /^react-dom\/(.*)$/, replacement: `${react18}react-dom/$1.js` },
      { find: /^@testing-library\/react$/, replacement: testingLibrary },
    ],
  },
  test: {
    name: 'hooks-react18',
    include: ['test/hooks/**/*.test.{ts,tsx}'],
    environment: 'node',
    env: { SEALKIT_EXPECT_REACT: '18' },
    maxWorkers: TEST_WORKERS,
    isolate: false,
    testTimeout: 20_000,
    setupFiles: ['test/fresh-modules.ts', 'test/dom-setup.ts'],
    server: { deps: { inline: [/@tanstack\/react-query/, /@testing-library\/react/] } },
  },
})
