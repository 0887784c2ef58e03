import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test'
import { closedOnDocs, roomBelow } from './decorators.tsx'
import { inEnglish, openDialog } from './interaction.ts'
import { AttestationBadge, resolveAttestationState, zhCN } from '../src/components/index.ts'
import type { VerificationReport } from '../src/core/attestation/report.ts'
import { trustReport, type CodeIdentityStory } from './trust-fixtures.ts'
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
  parameters: {
    layout: 'fullscreen',
    docs: {
      note:
        'Most reports here are fixtures (stories/fixtures.ts): the verified one restates the facts of a real Venice capture by hand, and nothing verified it in this page. The Code and Platform stories, and Components/PrivateChat, show reports made by verifying the simulated enclave\'s evidence.',
    },
  },
  decorators: [roomBelow(760), closedOnDocs],
} satisfies Meta<typeof AttestationBadge>

export default meta
type Story = StoryObj<typeof meta>

/** Opens the popover and returns a query scope inside it (the popover portals to <body>). */
async function openPopover(canvasElement: HTMLElement) {
  const trigger = within(canvasElement).getByRole('button', { name: /attestation/i })
  await userEvent.click(trigger)
  return within(await openDialog())
}

/**
 * The Docs page's first story: a report, so the controls' `state` shows what each state does to it (a state given
 * beside a passing report is shown as given; only `verified` needs the report to pass).
 */
export const Verified: Story = {
  args: { report: verifiedReport },
  play: inEnglish(async ({ canvas, args }) => {
    // Whatever the controls set: the pill shows the state they resolve to, and with none, Verified.
    const state = resolveAttestationState(args)
    await expect(canvas.getByRole('button', { name: /^Attestation: / })).toHaveAttribute('data-state', state)
    if (args.state === undefined) await expect(canvas.getByRole('button', { name: 'Attestation: Verified' })).toBeVisible()
  }),
}

export const Verifying: Story = {
  args: { state: 'verifying' },
  play: inEnglish(async ({ canvas }) => {
    const badge = canvas.getByRole('button', { name: /attestation: verifying/i })
    await expect(badge).toHaveAttribute('data-state', 'verifying')
    await expect(badge).toHaveAttribute('aria-busy', 'true')
  }),
}

/** Summary first; checks grouped by topic and collapsed; the evidence behind one section. */
export const VerifiedOpen: Story = {
  args: { report: verifiedReport },
  play: inEnglish(async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByRole('heading', { name: 'Enclave verified' })).toBeVisible()
    await expect(dialog.getByRole('list', { name: 'What this proves' })).toBeVisible()
    const rows = [...screen.getByRole('dialog').querySelectorAll('[data-check-id]')]
    await expect(rows.map((r) => r.getAttribute('data-check-id'))).toEqual(expect.arrayContaining(verifiedReport.checks.map((c) => c.id)))
    await userEvent.click(dialog.getByText('Evidence'))
    await expect(dialog.getByRole('button', { name: 'Copy evidence' })).toBeVisible()
    await expect(dialog.getByText('UpToDate')).toBeVisible()
    await expect(dialog.getByText('GPU 7')).toBeVisible()
    await expect(dialog.getAllByText(/64 bytes the enclave writes into its quote/).at(-1)).toBeVisible()
  }),
}

/** A real OutOfDate rating is a failed check: the verdict fails, and the failed check is open first. */
export const OutOfDatePlatform: Story = {
  args: { report: outOfDateReport },
  play: inEnglish(async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByRole('heading', { name: 'Enclave not verified' })).toBeVisible()
    await expect(dialog.getByText('Failed checks')).toBeVisible()
  }),
}

export const NonceMismatch: Story = {
  args: { report: nonceMismatchReport, error: nonceMismatchError },
  play: inEnglish(async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByRole('heading', { name: 'Enclave not verified' })).toBeVisible()
    await expect(dialog.getByText('ATTESTATION_NONCE_MISMATCH')).toBeVisible()
    const failed = dialog.getAllByRole('listitem').filter((li) => li.getAttribute('data-status') === 'failed')
    await expect(failed.map((li) => li.getAttribute('data-check-id'))).toEqual(['nonce.match', 'tdx.reportdata'])
    // Failed checks come first, open; the passed groups stay collapsed behind one line each.
    await expect(dialog.getByText('Failed checks')).toBeVisible()
  }),
}

export const DebugEnclave: Story = {
  args: { report: debugEnclaveReport },
  play: inEnglish(async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await userEvent.click(dialog.getByText('Evidence'))
    await expect(dialog.getByText(/debug TD: memory is readable/i)).toBeVisible()
  }),
}

/** No report at all, only an error (the attestation request failed). */
export const FailedWithoutReport: Story = {
  args: { error: networkError },
  play: inEnglish(async ({ canvasElement, args }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByText('NETWORK_ERROR')).toBeVisible()
    await userEvent.click(dialog.getByRole('button', { name: 'Verify again' }))
    await expect(args.onReverify).toHaveBeenCalledOnce()
  }),
}

/** The report claims "passed" while a required check failed: the badge shows failed. */
export const InconsistentVerdict: Story = {
  args: { state: 'verified', report: inconsistentReport },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: /attestation/i })).toHaveAttribute('data-state', 'failed')
    await expect(canvas.queryByText('Verified')).toBeNull()
  }),
}

/** `state="verified"` without a report is never shown as verified. */
export const VerifiedClaimWithoutReport: Story = {
  args: { state: 'verified' },
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: /attestation/i })).toHaveAttribute('data-state', 'unverifiable')
  }),
}

export const Simulated: Story = {
  args: { report: simulatedReport },
  play: inEnglish(async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByRole('heading', { name: 'Simulated enclave' })).toBeVisible()
    await userEvent.click(dialog.getByText('Hardware & Intel'))
    await expect(dialog.getByText(/simulator test root/)).toBeVisible()
  }),
}

export const Unverifiable: Story = {
  args: { state: 'unverifiable' },
  play: inEnglish(async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByRole('heading', { name: 'No attestation to check' })).toBeVisible()
  }),
}

export const Stale: Story = {
  args: { state: 'stale', report: verifiedReport },
  play: inEnglish(async ({ canvasElement, args }) => {
    const dialog = await openPopover(canvasElement)
    await expect(dialog.getByRole('heading', { name: 'Verification expired' })).toBeVisible()
    await userEvent.click(dialog.getByRole('button', { name: 'Verify again' }))
    await expect(args.onReverify).toHaveBeenCalledOnce()
  }),
}

/** Policy `basic`, offline: the quote, TCB and GPUs read "not checked" with their reasons. */
export const BasicPolicyOffline: Story = {
  args: { report: basicOfflineReport },
  play: inEnglish(async ({ canvasElement }) => {
    const dialog = await openPopover(canvasElement)
    await userEvent.click(dialog.getByText('Evidence'))
    await expect(dialog.getByText('Not checked (no quote in the response)')).toBeVisible()
  }),
}

export const VerifyingOpen: Story = {
  args: { state: 'verifying', defaultOpen: true },
  play: inEnglish(async () => {
    const dialog = within(await openDialog())
    await expect(dialog.getByRole('button', { name: 'Verify again' })).toBeDisabled()
  }),
}

/** Keyboard: Enter opens, Escape closes and focus returns to the pill; copy buttons work. */
export const Keyboard: Story = {
  args: { report: verifiedReport },
  play: inEnglish(async ({ canvas }) => {
    const trigger = canvas.getByRole('button', { name: /attestation/i })
    trigger.focus()
    await userEvent.keyboard('{Enter}')
    const dialog = await openDialog()
    await expect(trigger).toHaveAttribute('aria-expanded', 'true')
    // One tab stop per section: the sections' summaries, then the footer; no per-hash buttons.
    const summaries = dialog.querySelectorAll('summary')
    await expect(summaries.length).toBeGreaterThan(2)
    await userEvent.click(within(dialog).getByText('Evidence'))
    const copy = within(dialog).getByRole('button', { name: 'Copy evidence' })
    await userEvent.click(copy)
    await waitFor(() => expect(copy).toHaveAttribute('data-state', expect.stringMatching(/copied|failed/)), { timeout: 3000 })
    await userEvent.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    await expect(trigger).toHaveFocus()
  }),
}

/** The badges of AllStates, in order. */
const ALL_STATES = ['verifying', 'verified', 'failed', 'simulated', 'unverifiable', 'stale'] as const

/** Every state side by side; its play reads only `data-state`, so it runs in any language. */
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
    await expect(states).toEqual([...ALL_STATES])
  },
}

/** The states in Simplified Chinese, whatever the Language toolbar says: each pill is named from the zh-CN catalog. */
export const AllStatesChinese: Story = {
  ...AllStates,
  name: 'All States (简体中文)',
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    const { pillPrefix, labels } = zhCN.attestation
    const pills = canvas.getAllByRole('button')
    await expect(pills.map((b) => b.getAttribute('data-state'))).toEqual([...ALL_STATES])
    for (const [i, state] of ALL_STATES.entries()) await expect(pills[i]).toHaveAccessibleName(`${pillPrefix}${labels[state]}`)
    await expect(document.documentElement.lang).toBe('zh-CN')
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

/** A badge over a report made by verifying the simulator's evidence in the given state (see trust-fixtures.ts). */
function trustStory(kind: CodeIdentityStory, check: (dialog: ReturnType<typeof within>) => Promise<void>): Story {
  return {
    args: { defaultOpen: true },
    loaders: [async () => ({ report: await trustReport(kind) })],
    render: (args, { loaded }) => <AttestationBadge {...args} report={loaded.report as VerificationReport} />,
    play: inEnglish(async () => {
      const dialog = within(await openDialog())
      await expect(dialog.getByRole('list', { name: 'What this proves' })).toBeVisible()
      await check(dialog)
    }),
  }
}

const codeValue = (dialog: ReturnType<typeof within>) => dialog.getByRole('list', { name: 'What this proves' }).querySelector('[data-assurance="code"] .sealkit-assurance__value')

/** Code identity: the OS image and image digests match what the app pinned. */
export const CodePinned = trustStory('pinned', async (dialog) => {
  await expect(codeValue(dialog)).toHaveTextContent('pinned')
})

/** Code identity: a deployment from the registry of observed (not audited) deployments. */
export const CodeKnownDeployment = trustStory('known', async (dialog) => {
  await expect(codeValue(dialog)).toHaveTextContent('known deployment')
  await expect(dialog.getByText(/observed, not audited/)).toBeVisible()
})

/** Code identity: the same as the last verified attestations of this model (continuity). */
export const CodeSeenBefore = trustStory('seen', async (dialog) => {
  await expect(codeValue(dialog)).toHaveTextContent('seen before')
  await expect(dialog.getByText(/The same code as the 3 verified attestations/)).toBeVisible()
})

/** Code identity: changed since last time, shown prominently with exactly what changed. */
export const CodeChanged = trustStory('changed', async (dialog) => {
  await expect(codeValue(dialog)).toHaveTextContent('changed')
  await expect(dialog.getAllByText(/^Changed since/)[0]).toBeVisible()
  await expect(dialog.getByText(/^image inference:/)).toBeVisible()
})

/** Code identity unknown, and the platform patch level not checked (no Intel collateral): both said plainly. */
export const CodeUnknownPlatformNotChecked = trustStory('unknown', async (dialog) => {
  await expect(codeValue(dialog)).toHaveTextContent('unknown')
  await expect(dialog.getByText(/^Platform patch level not checked/)).toBeVisible()
})

/** Collateral from a PCCS (the simulator's): the platform patch level is checked, and the rating is said to be the simulator's, not Intel's. */
export const PlatformChecked = trustStory('platform-checked', async (dialog) => {
  await expect(dialog.getByText(/^Rated UpToDate by collateral signed by a local test root, not by Intel/)).toBeVisible()
  await expect(dialog.queryByText(/^Platform patched: Intel rates/)).toBeNull()
})

/**
 * The simulator's PCCS rates the platform OutOfDate: the verification fails and the advisories are named, as the
 * simulator's rating, not Intel's; what passed against its test roots stays purple, never the verified green.
 */
export const PlatformOutOfDate = trustStory('platform-out-of-date', async (dialog) => {
  await expect(dialog.getAllByText(/^Out of date: the simulator's test collateral \(a local test root, not Intel\) lists 2 security advisories/)[0]).toBeVisible()
  await expect(dialog.queryByText(/Intel lists/)).toBeNull()
  await expect(dialog.getByText('Failed checks')).toBeVisible()
  const row = dialog.getByText('Fresh evidence').closest('.sealkit-assurance')!
  const style = getComputedStyle(row)
  await expect(style.getPropertyValue('--sealkit-tone').trim()).toBe(style.getPropertyValue('--sealkit-simulated').trim())
  await expect(style.getPropertyValue('--sealkit-tone').trim()).not.toBe(style.getPropertyValue('--sealkit-success').trim())
})

/**
 * The report carries no NVIDIA GPU evidence (taken out of the simulator's before it was verified): no evidence is not
 * evidence, so `gpu.payload` fails and the verdict with it, and the evidence section says the GPUs were not checked.
 */
export const GpuEvidenceMissing = trustStory('gpu-missing', async (dialog) => {
  await expect(dialog.getByRole('heading', { name: /not verified/ })).toBeVisible()
  await expect(dialog.getByText('Failed checks')).toBeVisible()
  const failed = screen.getByRole('dialog').querySelectorAll('[data-check-id][data-status="failed"]')
  await expect([...failed].map((li) => li.getAttribute('data-check-id'))).toEqual(['gpu.payload'])
  await expect(dialog.getAllByText(/carries no NVIDIA GPU evidence/)[0]).toBeVisible()
})

/**
 * One GPU's report taken out of the evidence: each GPU left verifies, but the VM's configuration names one more, so
 * `gpu.count` fails (a GPU nobody verified may run the model).
 */
export const GpuCountMismatch = trustStory('gpu-count', async (dialog) => {
  await expect(dialog.getByRole('heading', { name: /not verified/ })).toBeVisible()
  const failed = screen.getByRole('dialog').querySelectorAll('[data-check-id][data-status="failed"]')
  await expect([...failed].map((li) => li.getAttribute('data-check-id'))).toEqual(['gpu.count'])
  await expect(dialog.getAllByText(/names 2 GPUs, the evidence covers 1: a GPU nobody verified may run the model/)[0]).toBeVisible()
})

/**
 * Evidence names too long for their column (`rtmr3ComposeHash`, `claimedComposeHash`...) are cut with an ellipsis:
 * each keeps its full name on hover (`title`), and each term's one-line explanation wraps under its name, never cut.
 */
export const LongEvidenceNames = trustStory('unknown', async (dialog) => {
  await userEvent.click(dialog.getByText('Code identity'))
  const cut = [...screen.getByRole('dialog').querySelectorAll<HTMLElement>('.sealkit-evidence dt')].filter((dt) => dt.offsetParent && dt.scrollWidth > dt.clientWidth)
  await expect(cut.length).toBeGreaterThan(0)
  for (const dt of cut) await expect(dt).toHaveAttribute('title', dt.firstChild!.textContent)
  await userEvent.click(dialog.getByText('Evidence'))
  const jargon = screen.getByRole('dialog').querySelector<HTMLElement>('.sealkit-evidence dt .sealkit-jargon')!
  await expect(jargon.scrollWidth).toBeLessThanOrEqual(jargon.clientWidth + 1)
})
