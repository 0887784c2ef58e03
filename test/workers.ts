import { availableParallelism } from 'node:os'

/**
 * Test files run at once. Vitest's default (one fewer than the cores) is a single worker on a
 * 2-core machine, and many of our files spend their time waiting on a child process (the CLI,
 * a simulator, Chromium): a second worker fills that wait. Measured on 2 cores: the node step
 * 455 s with one worker, 263 s with two.
 *
 * The Node runs (vite.config.ts, vitest.react18.config.ts) also keep a worker between files
 * (`isolate: false`): a fresh process per file loaded jsdom, React and the rest again for each of ~120
 * files, ~90 s of CPU. test/fresh-modules.ts gives each file fresh copies of sealkit's own modules.
 * Measured on 2 cores (2026-12-06): the node step 210 s isolated, 172 s shared. The attacks that leave a
 * non-configurable slot on globalThis run in processes of their own (vite.config.ts's OWN_PROCESS): sharing one,
 * they failed the early-script tests after them.
 */
export const TEST_WORKERS = Math.max(2, availableParallelism() - 1)
