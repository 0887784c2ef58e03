import { describe, expect, test } from 'vitest'
import { verifyOptionsKey } from '../../src/core/query/verify-key.ts'

describe('verifyOptionsKey', () => {
  test('data by value: equal options name the same key, any change another', () => {
    const a = verifyOptionsKey({ trustedRoots: { intel: ['PEM'], nvidia: [] }, measurements: { allowedComposeHashes: ['ab'] } })
    expect(a).toBe('{"trustedRoots":{"intel":["=PEM"],"nvidia":[]},"measurements":{"allowedComposeHashes":["=ab"]}}')
    expect(verifyOptionsKey({ trustedRoots: { intel: ['PEM'], nvidia: [] }, measurements: { allowedComposeHashes: ['ab'] } })).toBe(a)
    expect(verifyOptionsKey({ trustedRoots: { intel: ['PEM'], nvidia: [] }, measurements: { allowedComposeHashes: ['ac'] } })).not.toBe(a)
    expect(verifyOptionsKey({ trustedRoots: { intel: ['PEM'], nvidia: [] } })).not.toBe(a)
    expect(verifyOptionsKey({ root: new Uint8Array([1, 0xab]) })).toBe('{"root":"Uint8Array:01ab"}')
    expect(verifyOptionsKey(new Uint8Array([1]) as unknown as object)).not.toBe(verifyOptionsKey(new Uint8Array([2]) as unknown as object))
    expect(verifyOptionsKey(undefined)).toBe('')
  })

  test('functions and objects with behaviour by identity: the same store is the same key, another store another', () => {
    const store = { get: () => undefined, set: () => undefined }
    const other = { get: () => undefined, set: () => undefined }
    expect(verifyOptionsKey({ measurementStore: store })).toBe(verifyOptionsKey({ measurementStore: store }))
    expect(verifyOptionsKey({ measurementStore: store })).not.toBe(verifyOptionsKey({ measurementStore: other }))
    class Loader {}
    const loader = new Loader()
    expect(verifyOptionsKey({ collateral: loader })).toBe(verifyOptionsKey({ collateral: loader }))
    expect(verifyOptionsKey({ collateral: loader })).not.toBe(verifyOptionsKey({ collateral: new Loader() }))
  })

  test('options changed in place get a new key, and the old options their old one again', () => {
    const verify = { trustedRoots: { intel: ['PEM-A'], nvidia: [] as string[] } }
    const a = verifyOptionsKey(verify)
    verify.trustedRoots.intel[0] = 'PEM-B'
    const b = verifyOptionsKey(verify)
    expect(b).not.toBe(a)
    for (let i = 0; i < 20; i++) verifyOptionsKey({ other: i })
    verify.trustedRoots.intel[0] = 'PEM-A'
    expect(verifyOptionsKey(verify)).toBe(a)
    verify.trustedRoots.intel[0] = 'PEM-B'
    expect(verifyOptionsKey(verify)).toBe(b)
  })

  test('nothing in the data can spell another value\'s name', () => {
    const store = { get: () => undefined }
    const byIdentity = verifyOptionsKey({ measurementStore: store })
    expect(verifyOptionsKey({ measurementStore: byIdentity.slice(byIdentity.indexOf('#'), byIdentity.lastIndexOf('"')) })).not.toBe(byIdentity)
    // Bytes and the hex string of those bytes: a misconfigured caller never gets the other's verdict.
    const bytes = new Uint8Array(32).fill(0xab)
    expect(verifyOptionsKey({ trustedRoots: { intel: [bytes] } })).not.toBe(verifyOptionsKey({ trustedRoots: { intel: ['ab'.repeat(32)] } }))
    expect(verifyOptionsKey({ trustedRoots: { intel: [bytes] } })).not.toBe(verifyOptionsKey({ trustedRoots: { intel: ['Uint8Array:' + 'ab'.repeat(32)] } }))
    expect(verifyOptionsKey({ root: new Uint16Array(bytes.buffer) })).not.toBe(verifyOptionsKey({ root: bytes }))
    expect(verifyOptionsKey({ maxAge: NaN })).not.toBe(verifyOptionsKey({ maxAge: null }))
    expect(verifyOptionsKey({ maxAge: Infinity })).not.toBe(verifyOptionsKey({ maxAge: NaN }))
    expect(verifyOptionsKey({ n: 10n })).not.toBe(verifyOptionsKey({ n: 10 }))
    // An object with behaviour by identity, whatever its toJSON says.
    class Loader {
      toJSON() {
        return 'same'
      }
    }
    expect(verifyOptionsKey({ collateral: new Loader() })).not.toBe(verifyOptionsKey({ collateral: new Loader() }))
    // Data, even through a plain object's toJSON, is marked as data.
    const marker = verifyOptionsKey({ collateral: store }).match(/"(#\d+)"/)![1]!
    expect(verifyOptionsKey({ collateral: { toJSON: () => marker } })).not.toBe(verifyOptionsKey({ collateral: store }))
  })

  test('options that cannot be named are a typed error', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => verifyOptionsKey(cyclic)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})
