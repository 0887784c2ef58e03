export {}

// DOM tests (jsdom) wait up to 5 s in waitFor / findBy* instead of Testing Library's 1 s: verifying
// an attestation on a loaded 2-core machine can take longer than a second. A ceiling, not a delay.
//
// And every tree a test rendered is unmounted after it. Testing Library only does that on its own
// where `afterEach` is a global (it is not here): a tree left mounted went on fetching, verifying
// and committing after its test, and once the last test was done React's scheduled work ran after
// jsdom was gone ("window is not defined", a failed run).
if (typeof document !== 'undefined') {
  const { cleanup, configure } = await import('@testing-library/react')
  const { afterEach } = await import('vitest')
  configure({ asyncUtilTimeout: 5_000 })
  afterEach(() => cleanup())
}
