// @vitest-environment jsdom
/** SealkitProvider says, once in the dev console, that the public API will refuse a config without an API key. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { SealkitProvider, type CreateSealkitConfigParameters } from '../../src/hooks/index.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { BASE } from './helpers.tsx'

const mount = (config: CreateSealkitConfigParameters) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <SealkitProvider config={config}>
        <p>app</p>
      </SealkitProvider>
    </QueryClientProvider>,
  ).unmount()

afterEach(() => {
  vi.restoreAllMocks()
})

test('no warning when the requests can carry credentials or go elsewhere', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  mount({ apiKey: 'sk-test' })
  mount({ baseURL: BASE })
  mount({ fetch: createSimulator().fetch })
  mount({ headers: { Authorization: 'Bearer from-a-header' } })
  expect(warn.mock.calls.filter(([m]) => String(m).includes('apiKey'))).toEqual([])
})

test("an app whose key is not set (the README's import.meta.env value undefined or empty) is told once, without a key in the text", () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  mount({ apiKey: undefined })
  mount({ apiKey: '' })
  mount({})
  const said = warn.mock.calls.filter(([m]) => String(m).includes('apiKey'))
  expect(said).toHaveLength(1)
  expect(String(said[0]![0])).toMatch(/^sealkit: no apiKey for https:\/\/api\.venice\.ai\/api\/v1, .*API_KEY_MISSING.*sealkit simulate/)
})
