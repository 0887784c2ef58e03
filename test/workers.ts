import { availableParallelism } from 'node:os'

/**
 * Test files run at once. Vitest's default (one fewer than the cores) is a single worker on a
 * 2-core machine, and many of our files spend their time waiting on a child process (the CLI,
 * a simulator, Chromium): a second worker fills that wait. Measured on 2 cores: the node step
 * 455 s with one worker, 263 s with two.
 */
export const TEST_WORKERS = Math.max(2, availableParallelism() - 1)
