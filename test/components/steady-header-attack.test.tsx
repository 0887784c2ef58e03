/**
 * The memoized header (picker and badge) of the connected <PrivateChat /> under attack: it must never keep a
 * state the session has left (a verified pill after a failed re-verification, no "Verifying" while it runs), a
 * re-verify must reach the current model's attestation, and StrictMode changes none of it.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor, within } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { PrivateChat } from '../../src/components/index.ts'
import { SealkitProvider, type CreateSealkitConfigParameters } from '../../src/hooks/index.ts'
import { createSimulator, FAULT_HEADER } from '../../src/simulator/index.ts'

function setup() {
  const sim = createSimulator({ seed: 'steady-header-attack', chunks: 6 })
  const attestations: string[] = []
  const control: { fault?: string; hold?: Promise<void> } = {}
  const config: CreateSealkitConfigParameters = {
    baseURL: 'http://simulator.test/api/v1',
    fetch: async (url, init) => {
      const u = new URL(url)
      if (!u.pathname.endsWith('/tee/attestation')) return sim.fetch(url, init)
      attestations.push(u.searchParams.get('model') ?? '')
      await control.hold
      if (!control.fault) return sim.fetch(url, init)
      const headers = new Headers(init.headers)
      headers.set(FAULT_HEADER, control.fault)
      return sim.fetch(url, { ...init, headers })
    },
    verify: { trustedRoots: sim.trustedRoots() },
  }
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const wrap = (ui: ReactNode) => (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <SealkitProvider config={config}>{ui}</SealkitProvider>
      </QueryClientProvider>
    </StrictMode>
  )
  return { sim, attestations, control, wrap }
}

const badge = (label: string) => screen.findByRole('button', { name: `Attestation: ${label}` }, { timeout: 10_000 })

async function verifyAgain() {
  await userEvent.click(screen.getByRole('button', { name: /^Attestation: / }))
  const dialog = within(await screen.findByRole('dialog'))
  await userEvent.click(dialog.getByRole('button', { name: 'Verify again' }))
  await userEvent.keyboard('{Escape}')
}

describe('the steady header of <PrivateChat> (StrictMode)', () => {
  it('a re-verification shows Verifying while it runs, then the failure: never the older success', async () => {
    const { control, wrap } = setup()
    const errors = vi.spyOn(console, 'error')
    render(wrap(<PrivateChat />))
    await badge('Simulated')
    let release!: () => void
    control.hold = new Promise((resolve) => (release = resolve))
    control.fault = 'wrong-signing-key' // a proxy swaps the evidence of the re-verification
    await verifyAgain()
    expect(await badge('Verifying…')).toHaveAttribute('aria-busy', 'true')
    release()
    control.hold = undefined
    await badge('Verification failed')
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled()
    // And back once the enclave verifies again.
    control.fault = undefined
    await verifyAgain()
    await badge('Simulated')
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toBeEnabled())
    expect(errors).not.toHaveBeenCalled()
    errors.mockRestore()
  })

  it('after a model switch the picker shows the new model and Verify again attests it, not the first', async () => {
    const { attestations, wrap } = setup()
    const onModelChange = vi.fn()
    render(wrap(<PrivateChat onModelChange={onModelChange} />))
    await badge('Simulated')
    const first = attestations.at(-1)!
    await userEvent.click(screen.getByRole('combobox', { name: 'Model' }))
    await userEvent.click(await screen.findByRole('option', { name: /GLM 5/ }))
    expect(onModelChange).toHaveBeenLastCalledWith('e2ee-glm-5')
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent(/^GLM 5/))
    await waitFor(() => expect(attestations.at(-1)).toBe('e2ee-glm-5'), { timeout: 10_000 })
    expect(first).not.toBe('e2ee-glm-5')
    await badge('Simulated')
    const before = attestations.length
    await verifyAgain()
    await waitFor(() => expect(attestations.length).toBe(before + 1), { timeout: 10_000 })
    expect(attestations.at(-1)).toBe('e2ee-glm-5')
  })
})

