import { expect, test } from 'vitest'
import { defaultCertificateCache } from '../../src/core/attestation/x509/chain.ts'
import { warmUpVerifier } from '../../src/core/worker/warm-up.ts'

test('the verification worker warm-up runs the whole certificate path on its own chain and leaves no trace in the certificate cache', async () => {
  const before = defaultCertificateCache.size
  // false would mean the warm-up stopped early (a parse error, an unsupported curve): it would compile nothing.
  expect(await warmUpVerifier()).toBe(true)
  expect(defaultCertificateCache.size).toBe(before)
})
