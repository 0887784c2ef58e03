/**
 * Setup for the Node test runs, which share their worker processes between test files (`isolate: false`,
 * test/workers.ts says why): each file still starts from fresh copies of sealkit's own modules, and leaves
 * no fake timer, stubbed global, stubbed variable or performance mark behind for the next.
 *
 * `vi.resetModules()` drops every module Vitest evaluated (sealkit's sources, the test helpers), so a
 * once-per-page worker, a warn-once flag or a cache starts empty in each file, as it would in its own
 * process. Packages Node loads itself (jsdom, React, TanStack Query) stay loaded: loading them again for
 * every file was what isolation cost.
 */
import { afterAll, vi } from 'vitest'

vi.resetModules()
// sealkit marks the page's timeline (src/core/timing.ts); a process keeps one timeline for all its files.
performance.clearMarks()
performance.clearMeasures()

afterAll(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.unstubAllEnvs()
})
