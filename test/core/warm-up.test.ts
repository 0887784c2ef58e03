import { expect, test } from 'vitest'
import { defaultCertificateCache } from '../../src/core/attestation/x509/chain.ts'
import { warmUpVerifier } from '../../src/core/worker/warm-up.ts'

test('the verification worker warm-up runs the whole certificate path on its own chains and leaves no trace in the certificate cache', async () => {
  const before = defaultCertificateCache.size
  // false would mean the warm-up stopped early (a parse error, an unsupported curve): it would compile nothing.
  expect(await warmUpVerifier()).toBe(true)
  expect(defaultCertificateCache.size).toBe(before)
})

test('the warm-up asks before every step and stops at the first yes (a report has arrived), doing nothing more', async () => {
  let asked = 0
  expect(await warmUpVerifier({ shouldStop: () => ++asked > 2 })).toBe(false)
  expect(asked).toBe(3)
})

test('the warm-up does nothing synchronously: a report already waiting is handled before its first step', async () => {
  let asked = 0
  const done = warmUpVerifier({ shouldStop: () => (++asked, true) })
  expect(asked).toBe(0)
  expect(await done).toBe(false)
  expect(asked).toBe(1)
})

test('the warm-up never asks again once all its steps ran', async () => {
  let asked = 0
  expect(await warmUpVerifier({ shouldStop: () => (asked++, false) })).toBe(true)
  const total = asked
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(asked).toBe(total)
  expect(total).toBeGreaterThanOrEqual(6)
})

test('the warm-up runs its steps three times over unless told otherwise, asking before each', async () => {
  const asked = async (rounds?: number) => {
    let n = 0
    expect(await warmUpVerifier({ shouldStop: () => (n++, false), ...(rounds === undefined ? {} : { rounds }) })).toBe(true)
    return n
  }
  const once = await asked(1)
  expect(once).toBeGreaterThanOrEqual(6)
  expect(await asked()).toBe(3 * once)
  expect(await asked(0)).toBe(0)
})
