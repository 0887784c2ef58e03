// @vitest-environment jsdom
import { version } from 'react'
import { version as domVersion } from 'react-dom'
import { expect, test } from 'vitest'

/** Under vitest.react18.config.ts (SEALKIT_EXPECT_REACT=18) this proves the alias took: react and react-dom are both 18.x. */
test('react and react-dom are the expected version', () => {
  expect(domVersion).toBe(version)
  const expected = process.env.SEALKIT_EXPECT_REACT
  if (expected) expect(version.split('.')[0]).toBe(expected)
})
