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

const scope = globalThis as unknown as Record<PropertyKey, unknown>
const sealkitSlots = () => Reflect.ownKeys(scope).filter((key) => (typeof key === 'symbol' ? key.description : key)?.startsWith('sealkit.'))
// Left by a file before this one, which its own check has failed already.
const inherited = new Set(sealkitSlots())

afterAll(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.unstubAllEnvs()
  // The slots the HTML's early scripts fill (`sealkit.earlyAttestation`, ...), gone as with the page. A file that
  // leaves one that cannot be deleted (the attacks on a non-configurable slot) fails here, whatever runs after it.
  for (const key of sealkitSlots()) {
    if (!Reflect.deleteProperty(scope, key) && !inherited.has(key) && !process.env.SEALKIT_OWN_PROCESS) {
      throw new Error(`this file leaves globalThis[${String(key)}], which cannot be deleted: list it in vite.config.ts's OWN_PROCESS`)
    }
  }
})
