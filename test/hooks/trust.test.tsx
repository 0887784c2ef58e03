// @vitest-environment jsdom
import { renderHook, waitFor } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import { memoryMeasurementStore } from '../../src/core/attestation/identity/store.ts'
import { useAttestation } from '../../src/hooks/index.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { E2EE_MODEL, E2EE_REASONING_MODEL, setup } from './helpers.tsx'

describe('trust through the hooks: PCCS collateral in the QueryClient, code identity continuity', () => {
  test("collateral comes from the simulator's PCCS once per FMSPC, cached in the app's QueryClient", async () => {
    const sim = createSimulator({ seed: 'hooks' })
    const pccsRequests: string[] = []
    const pccsFetch: typeof fetch = (input, init) => {
      pccsRequests.push(String(input))
      return sim.fetch(input as string, init)
    }
    const h = setup({ config: { verify: { trustedRoots: sim.trustedRoots(), collateral: { pccsUrl: 'http://simulator.test', fetch: pccsFetch } } } })
    const first = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: h.wrapper })
    await waitFor(() => expect(first.result.current.report).toBeDefined())
    const report = first.result.current.report!
    expect(report.tdx?.tcbStatus).toBe('UpToDate')
    expect(report.checks.find((c) => c.id === 'tdx.tcb.status')).toMatchObject({ status: 'passed', required: true })
    // The simulator's own rating, never worded as Intel's.
    expect(report.assurances?.find((a) => a.id === 'platform')).toMatchObject({
      status: 'warning',
      code: 'simulated',
      value: 'simulated: up to date',
      text: 'Rated UpToDate by collateral signed by a local test root, not by Intel.',
    })
    expect(pccsRequests).toHaveLength(4)
    const cached = h.queryClient.getQueryCache().findAll({ queryKey: ['sealkit', 'collateral'] })
    expect(cached).toHaveLength(1)
    expect(cached[0]!.queryKey[2]).toMatchObject({ pccsUrl: 'http://simulator.test', ca: 'platform' })

    // Another model on the same platform: its collateral is the cached one.
    const second = renderHook(() => useAttestation(E2EE_REASONING_MODEL), { wrapper: h.wrapper })
    await waitFor(() => expect(second.result.current.report).toBeDefined())
    expect(second.result.current.report!.tdx?.tcbStatus).toBe('UpToDate')
    expect(pccsRequests).toHaveLength(4)
  })

  test("the simulator's PCCS can rate its platform OutOfDate: the attestation fails, the assurance says why", async () => {
    const sim = createSimulator({ seed: 'hooks', pccs: { tcbStatus: 'OutOfDate', advisoryIds: ['INTEL-SA-00001'] } })
    const h = setup({ sim: { pccs: { tcbStatus: 'OutOfDate', advisoryIds: ['INTEL-SA-00001'] } }, config: { verify: { trustedRoots: sim.trustedRoots(), collateral: { pccsUrl: 'http://simulator.test', fetch: sim.fetch as typeof fetch } } } })
    const { result } = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: h.wrapper })
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.report!.tdx?.tcbStatus).toBe('OutOfDate')
    // The simulator's rating, said as the simulator's: not Intel's.
    expect(result.current.report!.assurances?.find((a) => a.id === 'platform')).toMatchObject({
      text: "Out of date: the simulator's test collateral (a local test root, not Intel) lists 1 security advisory this machine is not patched against (INTEL-SA-00001).",
      params: { status: 'OutOfDate', advisories: ['INTEL-SA-00001'], simulated: true },
    })
  })

  test('a redeployed enclave is "changed" with the new image digest; unchanged it is "seen before"', async () => {
    const store = memoryMeasurementStore()
    const h = setup({ config: { verify: { trustedRoots: createSimulator().trustedRoots(), measurementStore: store } } })
    const one = renderHook(() => useAttestation(E2EE_MODEL), { wrapper: h.wrapper })
    await waitFor(() => expect(one.result.current.isSuccess).toBe(true))
    expect(one.result.current.report!.identity?.state).toBe('new')
    expect(one.result.current.report!.deployment?.services.every((s) => s.pinned)).toBe(true)

    await one.result.current.refetch()
    await waitFor(() => expect(one.result.current.report!.identity?.state).toBe('seen'))

    h.sim.redeploy()
    await one.result.current.refetch()
    await waitFor(() => expect(one.result.current.report!.identity?.state).toBe('changed'))
    const changes = one.result.current.report!.identity!.continuity!.changes!
    expect(changes.map((c) => c.what)).toEqual(['compose hash', 'image inference'])
    expect(one.result.current.isSuccess).toBe(true) // warn by default
  })
})
