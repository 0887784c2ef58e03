import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test'
import { AttestationBadge } from '../src/components/index.ts'
import {
  basicOfflineReport,
  debugEnclaveReport,
  inconsistentReport,
  networkError,
  nonceMismatchError,
  nonceMismatchReport,
  outOfDateReport,
  simulatedReport,
  verifiedReport,
} from './fixtures.ts'

const meta = {
  title: 'Components/AttestationBadge',
  component: AttestationBadge,
  args: { onReverify: fn() },
  parameters: { layout: 'fullscreen' },
  decorators: [
    (Story) => (
      // Room for the popover below the pill.
      <div style={{ minHeight: 760 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof AttestationBadge>

export default meta
type Story = StoryObj<typeof meta>

/** Opens the popover and returns a query scope inside it (the popover portals to <body>). */
async function openPopover(canvasElement: HTMLElement) {
  const trigger = within(canvasElement).getByRole('button', { name: /attestation/i })
  await userEvent.click(trigger)
  const dialog = await screen.findByRole('dialog')
  return within(dialog)
}

export const Verifying: Story = {
  args: { state: 'verifying' },
  play: async ({ canvas }) => {
    const badge = canvas.getByRole('button', { name: /attestation: verifying/i })
    await expect(badge).toHaveAttribute('data-state', 'verifying')
    await expect(badge).toHaveAttribute('aria-busy', 'true')
  },
}

export const Verified: Story = {
  args: { report: verifiedReport },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Attestation: Verified' })).toHaveAttribute('data-state', 'verified')
  },
}

/** Every check in order, with the Venice report's evidence; a skipped check reads "Not checked". */
export const VerifiedOpen: Story = {
  args: { report: verifiedReport },
  play: async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByRole('heading', { name: 'Enclave verified' })).toBeVisible()
    const items = dialog.getAllByRole('listitem')
    await expect(items).toHaveLength(verifiedReport.checks.length)
    verifiedReport.checks.forEach((check, i) => expect(items[i]).toHaveTextContent(check.label))
    await expect(items[9]).toHaveTextContent('Not checked')
    await expect(items[9]).toHaveTextContent('No measurement policy set')
    await expect(dialog.getByRole('button', { name: 'Copy Signing address' })).toBeVisible()
    await expect(dialog.getByText('UpToDate')).toBeVisible()
    await expect(dialog.getByText('GPU 7')).toBeVisible()
  },
}

/** Passed, but an optional check (TCB) failed: still verified, with the warning counted. */
export const VerifiedWithWarnings: Story = {
  args: { report: outOfDateReport },
  play: async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByText('1 optional check failed')).toBeVisible()
    await expect(dialog.getByText('INTEL-SA-00837, INTEL-SA-01036')).toBeVisible()
  },
}

export const NonceMismatch: Story = {
  args: { report: nonceMismatchReport, error: nonceMismatchError },
  play: async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByRole('heading', { name: 'Enclave not verified' })).toBeVisible()
    await expect(dialog.getByText('ATTESTATION_NONCE_MISMATCH')).toBeVisible()
    const failed = dialog.getAllByRole('listitem').filter((li) => li.getAttribute('data-status') === 'failed')
    await expect(failed.map((li) => li.getAttribute('data-check-id'))).toEqual(['nonce.match', 'tdx.reportdata'])
  },
}

export const DebugEnclave: Story = {
  args: { report: debugEnclaveReport },
  play: async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByText(/debug TD: memory is readable/i)).toBeVisible()
  },
}

/** No report at all, only an error (the attestation request failed). */
export const FailedWithoutReport: Story = {
  args: { error: networkError },
  play: async ({ canvasElement, args }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByText('NETWORK_ERROR')).toBeVisible()
    await userEvent.click(dialog.getByRole('button', { name: 'Verify again' }))
    await expect(args.onReverify).toHaveBeenCalledOnce()
  },
}

/** The report claims "passed" while a required check failed: the badge shows failed. */
export const InconsistentVerdict: Story = {
  args: { state: 'verified', report: inconsistentReport },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: /attestation/i })).toHaveAttribute('data-state', 'failed')
    await expect(canvas.queryByText('Verified')).toBeNull()
  },
}

/** `state="verified"` without a report is never shown as verified. */
export const VerifiedClaimWithoutReport: Story = {
  args: { state: 'verified' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: /attestation/i })).toHaveAttribute('data-state', 'unverifiable')
  },
}

export const Simulated: Story = {
  args: { report: simulatedReport },
  play: async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByRole('heading', { name: 'Simulated enclave' })).toBeVisible()
    await expect(dialog.getByText(/simulator test root/)).toBeVisible()
  },
}

export const Unverifiable: Story = {
  args: { state: 'unverifiable' },
  play: async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByRole('heading', { name: 'No attestation to check' })).toBeVisible()
  },
}

export const Stale: Story = {
  args: { state: 'stale', report: verifiedReport },
  play: async ({ canvasElement, args }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByRole('heading', { name: 'Verification expired' })).toBeVisible()
    await userEvent.click(dialog.getByRole('button', { name: 'Verify again' }))
    await expect(args.onReverify).toHaveBeenCalledOnce()
  },
}

/** Policy `basic`, offline: the quote, TCB and GPUs read "not checked" with their reasons. */
export const BasicPolicyOffline: Story = {
  args: { report: basicOfflineReport },
  play: async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getAllByText('Not checked')).toHaveLength(3)
    await expect(dialog.getByText(/no Intel collateral/)).toBeVisible()
    await expect(dialog.getByText('Not checked (no quote in the response)')).toBeVisible()
  },
}

export const VerifyingOpen: Story = {
  args: { state: 'verifying', defaultOpen: true },
  play: async () => {
    const dialog = within(await screen.findByRole('dialog'))
    await expect(dialog.getByRole('button', { name: 'Verify again' })).toBeDisabled()
  },
}

/** Keyboard: Enter opens, Escape closes and focus returns to the pill; copy buttons work. */
export const Keyboard: Story = {
  args: { report: verifiedReport },
  play: async ({ canvas }) => {
    const trigger = canvas.getByRole('button', { name: /attestation/i })
    trigger.focus()
    await userEvent.keyboard('{Enter}')
    const dialog = await screen.findByRole('dialog')
    await expect(trigger).toHaveAttribute('aria-expanded', 'true')
    const copy = within(dialog).getByRole('button', { name: 'Copy Signing address' })
    await userEvent.click(copy)
    await waitFor(() => expect(copy).toHaveAttribute('data-state', expect.stringMatching(/copied|failed/)), { timeout: 3000 })
    await userEvent.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    await expect(trigger).toHaveFocus()
  },
}

export const AllStates: Story = {
  render: (args) => (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
      <AttestationBadge {...args} state="verifying" />
      <AttestationBadge {...args} report={verifiedReport} />
      <AttestationBadge {...args} report={nonceMismatchReport} />
      <AttestationBadge {...args} report={simulatedReport} />
      <AttestationBadge {...args} state="unverifiable" />
      <AttestationBadge {...args} state="stale" report={verifiedReport} />
    </div>
  ),
  play: async ({ canvas }) => {
    const states = canvas.getAllByRole('button').map((b) => b.getAttribute('data-state'))
    await expect(states).toEqual(['verifying', 'verified', 'failed', 'simulated', 'unverifiable', 'stale'])
  },
}

export const AllStatesDark: Story = {
  ...AllStates,
  globals: { theme: 'dark' },
}

export const VerifiedOpenDark: Story = {
  ...VerifiedOpen,
  globals: { theme: 'dark' },
}

export const NonceMismatchDark: Story = {
  ...NonceMismatch,
  globals: { theme: 'dark' },
}
