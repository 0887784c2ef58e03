import { render, screen, within } from '@testing-library/react'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { AttestationBadge, resolveAttestationState, type AttestationState } from '../../src/components/index.ts'
import { verdictOf, type Check, type VerificationReport } from '../../src/core/attestation/report.ts'
import {
  basicOfflineReport,
  inconsistentReport,
  nonceMismatchReport,
  simulatedReport,
  verifiedReport,
} from '../../stories/fixtures.ts'

const STATES: Array<AttestationState | undefined> = ['verifying', 'verified', 'failed', 'simulated', 'unverifiable', 'stale', undefined]

const checkArb: fc.Arbitrary<Check> = fc.record({
  id: fc.constantFrom('server.verified', 'nonce.match', 'key.address', 'tdx.quote', 'tdx.debug', 'gpu.evidence'),
  label: fc.string({ minLength: 1, maxLength: 12 }),
  status: fc.constantFrom('passed', 'failed', 'skipped'),
  detail: fc.string({ maxLength: 20 }),
  required: fc.boolean(),
})

const reportArb: fc.Arbitrary<VerificationReport> = fc.record({
  verdict: fc.constantFrom('passed', 'failed'),
  policy: fc.constantFrom('basic', 'standard', 'strict'),
  checks: fc.uniqueArray(checkArb, { selector: (c) => c.id, maxLength: 6 }),
  verifiedAt: fc.constant('2026-06-10T01:47:07.000Z'),
  simulated: fc.boolean(),
})

describe('resolveAttestationState', () => {
  it('is "verified" only for a report whose verdict passed and agrees with its checks', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATES), fc.option(reportArb, { nil: undefined }), fc.option(fc.string(), { nil: undefined }), (state, report, error) => {
        const resolved = resolveAttestationState({ state, report, error })
        if (resolved === 'verified' || resolved === 'simulated') {
          expect(report).toBeDefined()
          expect(report!.verdict).toBe('passed')
          expect(verdictOf(report!.checks)).toBe('passed')
        }
        if (resolved === 'verified') expect(report!.simulated).toBeFalsy()
      }),
      { numRuns: 500 },
    )
  })

  it('derives the state when none is given', () => {
    expect(resolveAttestationState({})).toBe('verifying')
    expect(resolveAttestationState({ error: new Error('x') })).toBe('failed')
    expect(resolveAttestationState({ report: verifiedReport })).toBe('verified')
    expect(resolveAttestationState({ report: simulatedReport })).toBe('simulated')
    expect(resolveAttestationState({ report: nonceMismatchReport })).toBe('failed')
    expect(resolveAttestationState({ report: basicOfflineReport })).toBe('verified')
  })

  it('downgrades claims the report does not back', () => {
    expect(resolveAttestationState({ state: 'verified' })).toBe('unverifiable')
    expect(resolveAttestationState({ state: 'verified', report: inconsistentReport })).toBe('failed')
    expect(resolveAttestationState({ state: 'verified', report: simulatedReport })).toBe('simulated')
    expect(resolveAttestationState({ state: 'simulated', report: nonceMismatchReport })).toBe('failed')
    expect(resolveAttestationState({ state: 'stale', report: verifiedReport })).toBe('stale')
  })
})

describe('AttestationBadge', () => {
  it('never renders the word "Verified" without a passing report', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...STATES), fc.option(reportArb, { nil: undefined }), async (state, report) => {
        const { unmount } = render(<AttestationBadge state={state} report={report} />)
        const trigger = screen.getByRole('button', { name: /attestation/i })
        const passed = report?.verdict === 'passed' && verdictOf(report.checks) === 'passed'
        if (!passed) expect(trigger.textContent).not.toMatch(/^Attestation: Verified$/)
        if (trigger.dataset.state === 'verified') expect(passed && !report?.simulated).toBe(true)
        unmount()
      }),
      { numRuns: 150 },
    )
  })

  it('walks through every check in order, with "Not checked" and the reason for skipped ones', async () => {
    render(<AttestationBadge report={basicOfflineReport} />)
    await userEvent.click(screen.getByRole('button', { name: /attestation/i }))
    const dialog = within(await screen.findByRole('dialog', { name: 'Enclave verified' }))
    const items = dialog.getAllByRole('listitem')
    expect(items.map((li) => li.dataset.checkId)).toEqual(basicOfflineReport.checks.map((c) => c.id))
    for (const [i, check] of basicOfflineReport.checks.entries()) {
      expect(items[i]).toHaveAttribute('data-status', check.status)
      expect(items[i]).toHaveTextContent(check.status === 'skipped' ? 'Not checked' : check.status === 'passed' ? 'Passed' : 'Failed')
      expect(items[i]).toHaveTextContent(check.detail)
    }
  })

  it('lists the enclave facts: provider, hardware, address, nonce, measurements, debug, TCB, each GPU, time', async () => {
    render(<AttestationBadge report={verifiedReport} defaultOpen />)
    const dialog = within(await screen.findByRole('dialog'))
    for (const name of ['Provider', 'Hardware', 'Signing address', 'Nonce', 'MRTD', 'RTMR0', 'RTMR1', 'RTMR2', 'RTMR3', 'Debug', 'TCB status', 'Verified at'])
      expect(dialog.getByText(name, { selector: 'dt' })).toBeVisible()
    for (let i = 0; i < 8; i++) expect(dialog.getByText(`GPU ${i}`)).toBeInTheDocument()
    expect(dialog.getByText('near-ai')).toBeVisible()
    expect(dialog.getByText('2026-06-10 01:47:07 UTC')).toBeVisible()
    expect(dialog.getByRole('button', { name: 'Copy MRTD' })).toBeVisible()
  })

  it('copies evidence with a real click', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    render(<AttestationBadge report={verifiedReport} defaultOpen />)
    const copy = await screen.findByRole('button', { name: 'Copy Signing address' })
    await userEvent.click(copy)
    expect(writeText).toHaveBeenCalledWith(verifiedReport.signingAddress)
    await expect.element(copy).toHaveAttribute('data-state', 'copied')
    expect(copy).toHaveAccessibleName('Copied Signing address')
    writeText.mockRestore()
  })

  it('is controllable and forwards its ref, className and data-state', async () => {
    const onOpenChange = vi.fn()
    const ref = { current: null as HTMLButtonElement | null }
    const { rerender } = render(<AttestationBadge ref={ref} className="mine" report={verifiedReport} open={false} onOpenChange={onOpenChange} />)
    expect(ref.current).toBeInstanceOf(HTMLButtonElement)
    expect(ref.current).toHaveClass('sealkit-badge', 'mine')
    await userEvent.click(ref.current!)
    expect(onOpenChange).toHaveBeenCalledWith(true)
    expect(screen.queryByRole('dialog')).toBeNull()
    rerender(<AttestationBadge ref={ref} report={verifiedReport} open onOpenChange={onOpenChange} />)
    expect(await screen.findByRole('dialog')).toBeVisible()
  })

  it('renders its child as the trigger with asChild', async () => {
    render(
      <AttestationBadge asChild report={nonceMismatchReport}>
        <a href="#attestation">Check the enclave</a>
      </AttestationBadge>,
    )
    const link = screen.getByRole('link', { name: 'Check the enclave' })
    expect(link).toHaveAttribute('data-state', 'failed')
    await userEvent.click(link)
    expect(await screen.findByRole('dialog', { name: 'Enclave not verified' })).toBeVisible()
  })
})
