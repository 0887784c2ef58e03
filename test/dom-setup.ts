export {}

// DOM tests (jsdom) wait up to 5 s in waitFor / findBy* instead of Testing Library's 1 s: verifying
// an attestation on a loaded 2-core machine can take longer than a second. A ceiling, not a delay.
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/react')
  configure({ asyncUtilTimeout: 5_000 })
}
