import { describe, expect, it } from 'vitest'
import { addressName } from '../../src/core/worker/dev-warning.ts'

describe('addressName: a worker URL as errors and warnings name it', () => {
  it('keeps the origin and the path, never credentials, a query or a fragment', () => {
    expect(addressName(new URL('https://alice:s3cret@app.example/workers/decrypt-worker.js?sig=TOKEN#frag'))).toBe('https://app.example/workers/decrypt-worker.js')
    expect(addressName('https://app.example/w/verify-worker.js?x=1')).toBe('https://app.example/w/verify-worker.js')
    expect(addressName('/workers/decrypt-worker.js?sig=TOKEN#frag')).toBe('/workers/decrypt-worker.js')
    expect(addressName('workers/decrypt-worker.js')).toBe('workers/decrypt-worker.js')
  })

  it('names a data: or blob: URL by its kind, and cuts a long one to a line', () => {
    expect(addressName(`data:text/javascript,${'x'.repeat(200_000)}`)).toBe('a data: URL')
    expect(addressName('blob:https://app.example/2b3c')).toBe('a blob: URL')
    const long = addressName(`/${'a'.repeat(5_000)}.js`)
    expect(long).toHaveLength(201)
    expect(long.endsWith('…')).toBe(true)
  })
})
