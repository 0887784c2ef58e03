import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import { inBox } from './decorators.tsx'
import { inEnglish } from './interaction.ts'
import { AttestationCheckList, AttestationSummary, DeploymentView, useSealkitLocale } from '../src/components/index.ts'
import type { VerificationReport } from '../src/core/attestation/report.ts'
import { trustReport } from './trust-fixtures.ts'
import { verifiedReport } from './fixtures.ts'

/**
 * A trust panel of an app's own, on a settings page rather than in a popover: the badge's parts, recomposed. The
 * summary and the check list each say `data-simulated` for a simulated report, so a pass against test roots keeps
 * the simulated colour here too.
 */
function TrustPanel({ report }: { report: VerificationReport }) {
  const { t } = useSealkitLocale()
  const state = report.verdict !== 'passed' ? 'failed' : report.simulated ? 'simulated' : 'verified'
  return (
    <section aria-labelledby="trust-panel-title" style={{ display: 'grid', gap: 12 }}>
      <h2 id="trust-panel-title" style={{ margin: 0, fontSize: 18 }}>
        {t.attestation.headings[state]}
      </h2>
      <AttestationSummary report={report} />
      <DeploymentView deployment={report.deployment} identity={report.identity} />
      <AttestationCheckList checks={report.checks} simulated={report.simulated} />
    </section>
  )
}

const meta = {
  title: 'Components/Attestation Parts',
  component: AttestationSummary,
  subcomponents: { AttestationCheckList, DeploymentView },
  parameters: {
    docs: {
      description: {
        component:
          "The badge's popover is built from parts an app can use on their own, for a trust panel of its own: `AttestationSummary` (what the verification proves, in plain words), `DeploymentView` (what runs in the enclave) and `AttestationCheckList` (every check, failed ones first). Pass `simulated={report.simulated}` to the check list.",
      },
      note: 'Simulated and Failed verify the simulator\'s evidence in this page (so their passes are purple, never green); Verified Fixture draws the hand-written report of stories/fixtures.ts, which nothing verified here.',
    },
  },
  decorators: [inBox({ maxWidth: 560 })],
  render: (_args, { loaded }) => <TrustPanel report={loaded.report as VerificationReport} />,
} satisfies Meta<typeof AttestationSummary>

export default meta
type Story = StoryObj<typeof meta>

/** The tone a row paints with, and the theme's value of a named colour, compared as the stylesheet resolves them. */
function tone(element: Element) {
  const style = getComputedStyle(element)
  return { tone: style.getPropertyValue('--sealkit-tone').trim(), simulated: style.getPropertyValue('--sealkit-simulated').trim(), success: style.getPropertyValue('--sealkit-success').trim() }
}

/** A report made by verifying the simulator's evidence: every pass in the simulated colour, the summary's and the checks'. */
export const Simulated: Story = {
  args: { report: verifiedReport },
  loaders: [async () => ({ report: await trustReport('platform-checked') })],
  play: inEnglish(async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('heading', { name: 'Simulated enclave' })).toBeVisible()
    const rows = [...within(canvas.getByRole('list', { name: 'What this proves' })).getAllByRole('listitem')].filter((row) => row.getAttribute('data-status') === 'yes')
    await expect(rows.length).toBeGreaterThanOrEqual(2)
    for (const row of rows) await expect(tone(row).tone).toBe(tone(row).simulated)
    const passed = [...canvasElement.querySelectorAll('.sealkit-check[data-status="passed"]:not([data-warning])')]
    await expect(passed.length).toBeGreaterThan(5)
    for (const check of passed) {
      await expect(tone(check).tone).toBe(tone(check).simulated)
      await expect(tone(check).tone).not.toBe(tone(check).success)
    }
  }),
}

/** The simulator's PCCS rates the platform OutOfDate: the failed check first and open, the rest still simulated. */
export const Failed: Story = {
  args: { report: verifiedReport },
  loaders: [async () => ({ report: await trustReport('platform-out-of-date') })],
  play: inEnglish(async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { name: 'Enclave not verified' })).toBeVisible()
    await expect(canvas.getByText('Failed checks')).toBeVisible()
    const fresh = canvas.getByText('Fresh evidence').closest('.sealkit-assurance')!
    await expect(tone(fresh).tone).toBe(tone(fresh).simulated)
  }),
}

/** The hand-written report of stories/fixtures.ts, for the verified look: nothing verified it on this page. */
export const VerifiedFixture: Story = {
  args: { report: verifiedReport },
  loaders: [async () => ({ report: verifiedReport })],
  play: inEnglish(async ({ canvas }) => {
    const row = canvas.getByRole('list', { name: 'What this proves' }).querySelector('[data-status="yes"]')!
    await expect(tone(row).tone).toBe(tone(row).success)
  }),
}
