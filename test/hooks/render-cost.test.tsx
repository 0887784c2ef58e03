// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react'
import { expect, test, vi } from 'vitest'
import { useE2EESession } from '../../src/hooks/index.ts'
import { E2EE_MODEL, setup } from './helpers.tsx'

// Counts how often the verification options are named (the attestation query key names them by their JSON text).
const hashed = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../src/core/query/verify-key.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/core/query/verify-key.ts')>()
  return {
    ...original,
    verifyOptionsKey: (verify: object | undefined) => {
      hashed.count++
      return original.verifyOptionsKey(verify)
    },
  }
})

test('a session re-rendered with the same inputs does not hash its verification options again', async () => {
  const h = setup()
  const { result, rerender } = renderHook(() => useE2EESession(E2EE_MODEL), { wrapper: h.wrapper })
  await waitFor(() => expect(result.current.status).toBe('ready'))
  const settled = hashed.count
  expect(settled).toBeGreaterThan(0)
  for (let i = 0; i < 5; i++) rerender()
  expect(hashed.count).toBe(settled)
})
