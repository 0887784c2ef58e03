import { render, screen, within } from '@testing-library/react'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { AttestationBadge, resolveAttestationState, SealkitLocaleProvider, type AttestationState } from '../../src/components/index.ts'
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

  it('a failed state over a report whose checks passed never says a check did not pass: the app said so, or an error', async () => {
    const summaryOf = async () => (await screen.findByRole('dialog')).querySelector('.sealkit-attestation__summary')!.textContent
    const { rerender } = render(<AttestationBadge state="failed" report={verifiedReport} defaultOpen />)
    expect(await summaryOf()).toBe('Verification could not be completed. Do not send private data until it succeeds.')
    rerender(<AttestationBadge state="failed" report={verifiedReport} error={new Error('offline')} defaultOpen />)
    expect(await summaryOf()).toBe('Verification could not be completed. Do not send private data until it succeeds.')
    // A bare failed verdict over checks that all passed, and a passed verdict over no checks: nothing below says why.
    rerender(<AttestationBadge report={{ ...verifiedReport, verdict: 'failed' }} defaultOpen />)
    expect(await summaryOf()).toBe('Verification could not be completed. Do not send private data until it succeeds.')
    rerender(<AttestationBadge report={{ ...verifiedReport, checks: [] }} defaultOpen />)
    expect(await summaryOf()).toBe('Verification could not be completed. Do not send private data until it succeeds.')
    // A failing report keeps its own words, whoever said failed.
    rerender(<AttestationBadge state="failed" report={nonceMismatchReport} defaultOpen />)
    expect(await summaryOf()).toBe('At least one required check did not pass. Do not send private data to this model.')
    rerender(<AttestationBadge report={nonceMismatchReport} error={new Error('nonce')} defaultOpen />)
    expect(await summaryOf()).toBe('At least one required check did not pass. Do not send private data to this model.')
    expect(screen.getByRole('button', { name: /attestation/i })).toHaveTextContent('Verification failed')
  })

  it('says on hover, and as data-ecdh, when the key agreement fell back from WebAssembly; nothing more when it did not', () => {
    const worker = { kind: 'worker', reason: 'the default' } as const
    const { rerender } = render(<AttestationBadge state="verified" keyHolder={{ ...worker, ecdh: { name: 'libsecp256k1-wasm' } }} />)
    const trigger = screen.getByRole('button', { name: /attestation/i })
    expect(trigger).toHaveAttribute('data-ecdh', 'libsecp256k1-wasm')
    expect(trigger.title).toBe('Decryption: in a Web Worker (the session key never touches the page)')
    rerender(<AttestationBadge state="verified" keyHolder={{ ...worker, ecdh: { name: 'noble', reason: "CSP: no 'wasm-unsafe-eval'" } }} />)
    expect(trigger).toHaveAttribute('data-ecdh', 'noble')
    expect(trigger.title).toBe(
      "Decryption: in a Web Worker (the session key never touches the page)\nKey agreement: noble in JavaScript, not WebAssembly (CSP: no 'wasm-unsafe-eval'); still end-to-end encrypted, but slower",
    )
  })

  it('says in the popover where the report was verified and where the key lives, a fallback with its reason', async () => {
    const report = { ...verifiedReport, verifiedIn: { kind: 'worker', reason: 'the default' } } as const
    const { rerender } = render(<AttestationBadge report={report} keyHolder={{ kind: 'worker', reason: 'the default' }} defaultOpen />)
    const lines = async () => [...(await screen.findByRole('dialog')).querySelectorAll<HTMLElement>('[data-where] > span')].map((s) => [s.textContent, s.hasAttribute('data-fallback')])
    expect(await lines()).toEqual([
      ['Decryption: in a Web Worker (the session key never touches the page)', false],
      ['Verification: in a Web Worker (off the main thread)', false],
    ])
    rerender(
      <AttestationBadge
        report={{ ...report, verifiedIn: { kind: 'main-thread', reason: 'no Worker here' } }}
        keyHolder={{ kind: 'main-thread', reason: 'the worker could not start', ecdh: { name: 'noble', reason: 'no WebAssembly' } }}
        defaultOpen
      />,
    )
    expect(await lines()).toEqual([
      ['Decryption: on the main thread (the worker could not start)', true],
      ['Key agreement: noble in JavaScript, not WebAssembly (no WebAssembly); still end-to-end encrypted, but slower', true],
      ['Verification: on the main thread (no Worker here)', true],
    ])
    // The worker holds the key but could not check a signature: this thread did, and that is said too.
    rerender(<AttestationBadge report={report} keyHolder={{ kind: 'worker', reason: 'the default', signatureCheck: { where: 'main-thread', reason: 'WORKER_GONE' } }} defaultOpen />)
    expect(await lines()).toEqual([
      ['Decryption: in a Web Worker (the session key never touches the page)', false],
      ['Response signatures: checked on the main thread, the key holder could not (WORKER_GONE); the same check', true],
      ['Verification: in a Web Worker (off the main thread)', false],
    ])
    // Nothing known, nothing said.
    rerender(<AttestationBadge report={verifiedReport} defaultOpen />)
    await screen.findByRole('dialog')
    expect(document.querySelector('[data-where]')).toBeNull()
  })

  it('puts every check in a topic group, in report order within each, with "Not checked" and the reason for skipped ones', async () => {
    render(<AttestationBadge report={basicOfflineReport} />)
    await userEvent.click(screen.getByRole('button', { name: /attestation/i }))
    const dialog = await screen.findByRole('dialog', { name: 'Enclave verified' })
    const rows = [...dialog.querySelectorAll<HTMLElement>('[data-check-id]')]
    expect(rows.map((li) => li.dataset.checkId).sort()).toEqual(basicOfflineReport.checks.map((c) => c.id).sort())
    for (const check of basicOfflineReport.checks) {
      const row = rows.find((r) => r.dataset.checkId === check.id)!
      expect(row).toHaveAttribute('data-status', check.status)
      expect(row).toHaveTextContent(check.status === 'skipped' ? 'Not checked' : check.status === 'passed' ? 'Passed' : 'Failed')
      expect(row).toHaveTextContent(check.detail)
    }
    // Passed groups are collapsed: one summary line each, the provider's claim in its own group.
    const groups = [...dialog.querySelectorAll('details[data-topic]')]
    expect(groups.map((g) => g.getAttribute('data-topic'))).toEqual(['hardware', 'freshness', 'gpus', 'provider', 'evidence'])
    expect(groups.every((g) => !(g as HTMLDetailsElement).open)).toBe(true)
    expect(within(dialog).getByText(/The provider says: verified \(its own claim, not one of our checks\)/)).toBeVisible()
  })

  it('a check accepted with a warning (a changed code identity under "warn") is marked so, never as a plain pass', async () => {
    const changed: Check = {
      id: 'identity.continuity',
      label: 'Same code as last time',
      status: 'passed',
      warning: true,
      detail: "Changed since 2026-04-24T01:58:41.000Z: compose hash. Accepted with a warning (onIdentityChange: 'warn').",
    }
    render(<AttestationBadge report={{ ...verifiedReport, checks: [...verifiedReport.checks, changed] }} defaultOpen />)
    const dialog = await screen.findByRole('dialog')
    const row = dialog.querySelector<HTMLElement>('[data-check-id="identity.continuity"]')!
    expect(row).toHaveAttribute('data-warning')
    expect(row).toHaveTextContent('Accepted with a warning')
    const plain = dialog.querySelector<HTMLElement>('[data-status="passed"]:not([data-warning])')!
    const icon = (r: HTMLElement) => r.querySelector('.sealkit-check__icon')!.innerHTML
    expect(icon(row)).not.toBe(icon(plain))
    expect(plain).not.toHaveAttribute('data-warning')
    // Its group opens; groups of plain passes stay folded.
    expect(row.closest('details')!.open).toBe(true)
    expect(plain.closest('details')!.open).toBe(false)
  })

  it('shows the summary first, failed checks first and open', async () => {
    render(<AttestationBadge report={nonceMismatchReport} defaultOpen />)
    const dialog = await screen.findByRole('dialog')
    const summary = within(dialog).getByRole('list', { name: 'What this proves' })
    const failed = within(dialog).getByText('Failed checks').closest('details')!
    expect(summary.compareDocumentPosition(failed) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(failed.open).toBe(true)
    expect(failed.compareDocumentPosition(dialog.querySelector('details[data-topic]')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect([...failed.querySelectorAll<HTMLElement>('[data-check-id]')].map((r) => r.dataset.checkId)).toEqual(['nonce.match', 'tdx.reportdata'])
  })

  it("a topic's summary counts its failed checks, listed above, so it never reads as a clean group", async () => {
    render(<AttestationBadge report={nonceMismatchReport} defaultOpen />)
    const dialog = await screen.findByRole('dialog')
    const groups = [...dialog.querySelectorAll<HTMLDetailsElement>('details[data-topic]')]
    const counts = groups.map((group) => group.querySelector<HTMLElement>('.sealkit-disclosure__count')!)
    // Both failed checks are counted in their topics' lines, in the danger tone; the other topics' lines are not.
    const failedIn = counts.map((count) => Number(/(\d+) failed, listed above/.exec(count.textContent ?? '')?.[1] ?? 0))
    expect(failedIn.reduce((a, b) => a + b, 0)).toBe(2)
    counts.forEach((count, i) => expect(count.dataset.tone).toBe(failedIn[i] ? 'danger' : undefined))
    // Their rows are shown once, among the failed checks, not again in the topic.
    for (const group of groups) expect(group.querySelector('[data-status="failed"]')).toBeNull()
  })

  it("an error's unbroken words (a URL, a hash) wrap inside the popover's alert, never past it", async () => {
    const error = Object.assign(new Error(`Fetch failed: https://example.com/${'a/very/long/unbroken/path/'.repeat(12)}${'f'.repeat(96)}`), { code: 'NETWORK_ERROR' })
    render(<AttestationBadge report={verifiedReport} error={error} defaultOpen />)
    const dialog = await screen.findByRole('dialog')
    const alert = dialog.querySelector<HTMLElement>('.sealkit-alert')!
    expect(alert.scrollWidth).toBeLessThanOrEqual(alert.clientWidth + 1)
    expect(alert.getBoundingClientRect().right).toBeLessThanOrEqual(dialog.getBoundingClientRect().right + 0.5)
  })

  it('a long evidence key cut with an ellipsis keeps its full name on hover; a term\'s explanation wraps, never cut', async () => {
    const key = 'certificatePoliciesOfThePckLeafCertificate'
    const report: VerificationReport = {
      ...nonceMismatchReport,
      checks: nonceMismatchReport.checks.map((c) => (c.id === 'nonce.match' ? { ...c, evidence: { ...c.evidence, [key]: '1.2.840.113741.1.13.1' } } : c)),
    }
    render(<AttestationBadge report={report} defaultOpen />)
    const dialog = within(await screen.findByRole('dialog'))
    // The failed check is open first: its evidence is on view.
    const term = dialog.getByText(key, { selector: 'dt' })
    expect(term).toBeVisible()
    expect(term.scrollWidth).toBeGreaterThan(term.clientWidth)
    expect(term).toHaveAttribute('title', key)
    // The enclave facts' names, and their one-line explanations: each explanation within its column, on lines of its own.
    await userEvent.click(dialog.getByText('Evidence'))
    const mrtd = dialog.getByText('MRTD', { selector: 'dt' })
    expect(mrtd).toHaveAttribute('title', 'MRTD')
    const jargon = mrtd.querySelector<HTMLElement>('.sealkit-jargon')!
    expect(jargon.scrollWidth).toBeLessThanOrEqual(jargon.clientWidth + 1)
    expect(jargon.getBoundingClientRect().right).toBeLessThanOrEqual(mrtd.getBoundingClientRect().right + 0.5)
  })

  it("an app's own groupCounts (passed, not checked) still leaves the failed count in the line", async () => {
    render(
      <SealkitLocaleProvider messages={{ attestation: { groupCounts: (passed: number, skipped: number) => `${passed} bestanden · ${skipped} nicht geprüft` } }}>
        <AttestationBadge report={nonceMismatchReport} defaultOpen />
      </SealkitLocaleProvider>,
    )
    const dialog = await screen.findByRole('dialog')
    const lines = [...dialog.querySelectorAll<HTMLElement>('details[data-topic] .sealkit-disclosure__count')].map((count) => count.textContent ?? '')
    expect(lines.filter((line) => /^\d+ failed, listed above · \d+ bestanden/.test(line)).length).toBeGreaterThan(0)
  })

  it('one tab stop per section, not per hash; no page landmarks inside the popover', async () => {
    render(<AttestationBadge report={verifiedReport} defaultOpen />)
    const dialog = await screen.findByRole('dialog')
    // Walk the popover with Tab, as a keyboard user does: the section summaries and the footer's two buttons, nothing per hash.
    const seen: string[] = []
    const visited = new Set<Element>()
    for (let i = 0; i < 30; i++) {
      await userEvent.tab()
      const el = document.activeElement as HTMLElement
      if (!dialog.contains(el) || visited.has(el)) break
      visited.add(el)
      seen.push(el.tagName === 'SUMMARY' ? `summary:${el.textContent}` : `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent}`)
    }
    expect(seen.length).toBeLessThanOrEqual(dialog.querySelectorAll('summary').length + 2)
    expect(seen.filter((s) => s.startsWith('summary:'))).toHaveLength(dialog.querySelectorAll('summary').length)
    expect(dialog.querySelectorAll('header, footer, section, main, nav, aside')).toHaveLength(0)
  })

  it('lists the enclave facts with one plain line for the jargon, behind one Evidence section', async () => {
    render(<AttestationBadge report={verifiedReport} defaultOpen />)
    const dialog = within(await screen.findByRole('dialog'))
    await userEvent.click(dialog.getByText('Evidence'))
    for (const name of ['Provider', 'Hardware', 'Signing address', 'Nonce', 'MRTD', 'RTMR0', 'RTMR1', 'RTMR2', 'RTMR3', 'REPORTDATA', 'TDATTRIBUTES', 'Debug', 'TCB status', 'Verified at'])
      expect(dialog.getByText(name, { selector: 'dt' })).toBeVisible()
    for (let i = 0; i < 8; i++) expect(dialog.getByText(`GPU ${i}`)).toBeInTheDocument()
    expect(dialog.getByText('near-ai')).toBeVisible()
    expect(dialog.getByText('2026-06-10 01:47:07 UTC')).toBeVisible()
    for (const line of [/^64 bytes the enclave writes/, /bit 0 set would mean debug mode/, /prove its identity and sign its measurements/]) expect(dialog.getByText(line)).toBeVisible()
  })

  it('copies the evidence with a real click, one button for the section', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    render(<AttestationBadge report={verifiedReport} defaultOpen />)
    await userEvent.click(await screen.findByText('Evidence'))
    const copy = await screen.findByRole('button', { name: 'Copy evidence' })
    await userEvent.click(copy)
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining(`Signing address: ${verifiedReport.signingAddress}`))
    await expect.element(copy).toHaveAttribute('data-state', 'copied')
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
