/**
 * Simulated means simulated everywhere, with the real stylesheet loaded: in a chat with the
 * simulated enclave nothing is painted in the verified green (badge, privacy rows, checks and GPU
 * rows, composer hint), nor in the badge's parts used on their own, and at phone width (375 px) the word
 * "Simulated" is never cut away.
 */
import '../../src/components/styles.css'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import { AttestationCheckList, AttestationCheckRow, AttestationSummary, DeploymentView, PrivateChat } from '../../src/components/index.ts'
import { createClient } from '../../src/core/api/client.ts'
import { fetchAttestation } from '../../src/core/api/attestation.ts'
import { verifyAttestation } from '../../src/core/attestation/verify.ts'
import { describeDeployment } from '../../src/core/attestation/deployment/deployment.ts'
import { SealkitProvider } from '../../src/hooks/index.ts'
import { createSimulator } from '../../src/simulator/index.ts'

const sim = createSimulator({ seed: 'simulated-colour', chunks: 4 })

function mount(width: number) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <div style={{ width, height: 700, display: 'grid' }}>
      <QueryClientProvider client={queryClient}>
        <SealkitProvider config={{ baseURL: 'http://simulator.test/api/v1', fetch: sim.fetch, verify: { trustedRoots: sim.trustedRoots() } }}>
          <PrivateChat />
        </SealkitProvider>
      </QueryClientProvider>
    </div>,
  )
}

async function chatOnce() {
  await screen.findByRole('button', { name: 'Attestation: Simulated' }, { timeout: 10_000 })
  const box = screen.getByRole('textbox', { name: 'Message' })
  await waitFor(() => expect(box).toBeEnabled(), { timeout: 10_000 })
  await userEvent.click(box)
  await userEvent.keyboard('is this private?{Enter}')
  const log = within(screen.getByRole('log'))
  await waitFor(() => expect(log.getAllByRole('article', { name: 'Assistant message' }).at(-1)).toHaveAttribute('data-authenticity', 'verified'), { timeout: 10_000 })
}

/** The resolved colour of a CSS custom property on :root, as computed colours are written. */
function resolved(variable: string): string {
  const probe = document.createElement('span')
  probe.style.color = `var(${variable})`
  document.body.append(probe)
  const colour = getComputedStyle(probe).color
  probe.remove()
  return colour
}

function paintedIn(root: Element, colour: string): string[] {
  const hits: string[] = []
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const style = getComputedStyle(el)
    if (style.visibility === 'hidden' || style.display === 'none') continue
    for (const prop of ['color', 'backgroundColor', 'borderTopColor', 'fill', 'stroke'] as const) {
      if (style[prop] === colour && (prop !== 'borderTopColor' || style.borderTopWidth !== '0px')) {
        hits.push(`${el.tagName.toLowerCase()}.${el.className} ${prop} "${el.textContent?.slice(0, 40)}"`)
      }
    }
  }
  return hits
}

describe('simulated means simulated (stylesheet loaded)', () => {
  it('nothing in the chat or the badge popover is the verified green; the simulated colour is used instead', async () => {
    mount(1000)
    await chatOnce()
    const green = resolved('--sealkit-success')
    const simulated = resolved('--sealkit-simulated')
    expect(green).not.toBe(simulated)
    const chat = screen.getByRole('region', { name: 'Private chat' })
    // Open every privacy row's details so they are checked too.
    for (const row of within(chat).getAllByRole('button', { name: /^Privacy:/ })) {
      row.focus()
      await waitFor(() => expect(row).toHaveAttribute('aria-expanded', 'true'))
    }
    screen.getByRole('textbox', { name: 'Message' }).focus()
    expect(paintedIn(chat, green)).toEqual([])
    expect(getComputedStyle(screen.getByRole('button', { name: 'Attestation: Simulated' })).color).toBe(simulated)
    expect(getComputedStyle(chat.querySelector('.sealkit-privacy__row .sealkit-chip[data-fact="attestation"]')!).color).toBe(simulated)
    expect(getComputedStyle(chat.querySelector('.sealkit-composer__hint')!).color).toBe(simulated)

    await userEvent.click(screen.getByRole('button', { name: 'Attestation: Simulated' }))
    const dialog = await screen.findByRole('dialog', { name: 'Simulated enclave' })
    await waitFor(() => expect(dialog).toHaveAttribute('data-state', 'open'))
    for (const details of dialog.querySelectorAll('details')) details.open = true
    const gpuRow = within(dialog).getByText('GPU 0 fresh nonce').closest('li')!
    expect(gpuRow).toHaveAttribute('data-status', 'passed')
    expect(getComputedStyle(gpuRow.querySelector('.sealkit-check__status')!).color).toBe(simulated)
    expect(paintedIn(dialog, green)).toEqual([])
  })

  it('the empty chat is not green either: its lock is in the simulated colour', async () => {
    mount(1000)
    await screen.findByRole('button', { name: 'Attestation: Simulated' }, { timeout: 10_000 })
    const chat = screen.getByRole('region', { name: 'Private chat' })
    const lock = chat.querySelector('.sealkit-chat__empty > svg')!
    expect(lock).not.toBeNull()
    expect(getComputedStyle(lock).color).toBe(resolved('--sealkit-simulated'))
    expect(paintedIn(chat, resolved('--sealkit-success'))).toEqual([])
  })

  it("the badge's parts on their own (an app's trust panel): a simulated report's passes are not the verified green", async () => {
    const client = createClient({ baseURL: 'http://simulator.test/api/v1', fetch: sim.fetch })
    const model = 'e2ee-qwen3-5-122b-a10b'
    const { nonce, response } = await fetchAttestation(client, { model })
    const report = await verifyAttestation(response, { nonce, model, trustedRoots: sim.trustedRoots() })
    expect(report.simulated).toBe(true)
    const { container } = render(
      <section>
        <AttestationSummary report={report} />
        <DeploymentView deployment={report.deployment} identity={report.identity} />
        <AttestationCheckList checks={report.checks} simulated={report.simulated} />
      </section>,
    )
    for (const details of container.querySelectorAll('details')) details.open = true
    const simulated = resolved('--sealkit-simulated')
    const passes = container.querySelectorAll('.sealkit-assurance[data-status="yes"] .sealkit-assurance__icon, .sealkit-check[data-status="passed"] .sealkit-check__status')
    expect(passes.length).toBeGreaterThan(5)
    for (const pass of passes) expect(getComputedStyle(pass).color).toBe(simulated)
    expect(paintedIn(container, resolved('--sealkit-success'))).toEqual([])

    // One row on its own, told as the list is: its pass simulated; the same row of a real report green.
    const passed = report.checks.find((c) => c.status === 'passed' && !c.warning)!
    const rows = render(
      <ol>
        <AttestationCheckRow check={passed} simulated={report.simulated} />
        <AttestationCheckRow check={passed} simulated={false} />
      </ol>,
    ).container.querySelectorAll('.sealkit-check__status')
    expect(getComputedStyle(rows[0]!).color).toBe(simulated)
    expect(getComputedStyle(rows[1]!).color).toBe(resolved('--sealkit-success'))
  })

  // An attacker's pass: one unbroken image name of 400 characters made the deployment section 3,474 px wide in the
  // badge's 430 px popover, and sealkit's own warnings beside it could be read only by scrolling sideways.
  it("a compose's long names wrap inside the deployment view: sealkit's warnings stay in view", async () => {
    const image = `registry.example/${'a'.repeat(400)}:latest`
    const compose = JSON.stringify({ manifest_version: 2, name: 'app', runner: 'docker-compose', docker_compose_file: `services:\n  ${'s'.repeat(120)}:\n    image: ${image}\n`, allowed_envs: [] })
    const deployment = { ...(await describeDeployment(compose)), bound: false }
    expect(deployment.findings.some((f) => f.message.includes('a'.repeat(400)))).toBe(true)
    const { container } = render(
      <div style={{ width: 430 }}>
        <DeploymentView deployment={deployment} />
      </div>,
    )
    for (const details of container.querySelectorAll('details')) details.open = true
    const box = container.firstElementChild as HTMLElement
    for (const element of box.querySelectorAll<HTMLElement>('*')) {
      expect(element.getBoundingClientRect().right, element.className || element.tagName).toBeLessThanOrEqual(box.getBoundingClientRect().right + 1)
    }
    expect(box.scrollWidth).toBeLessThanOrEqual(430)
  })

  it('at 375 px the word "Simulated" is whole: in the badge and in every privacy row', async () => {
    mount(375)
    await chatOnce()
    const pill = screen.getByRole('button', { name: 'Attestation: Simulated' })
    const label = pill.querySelector('.sealkit-badge__label')!
    expect(label).toHaveTextContent('Simulated')
    expect(label.scrollWidth).toBeLessThanOrEqual(label.clientWidth)
    const pillBox = pill.getBoundingClientRect()
    expect(pillBox.right).toBeLessThanOrEqual(375 + 0.5)
    const chat = screen.getByRole('region', { name: 'Private chat' })
    for (const chip of chat.querySelectorAll<HTMLElement>('.sealkit-chip')) {
      expect(chip.scrollWidth, chip.textContent!).toBeLessThanOrEqual(chip.clientWidth)
      expect(chip.getBoundingClientRect().right, chip.textContent!).toBeLessThanOrEqual(375 + 0.5)
    }
    expect([...chat.querySelectorAll('.sealkit-chip[data-fact="attestation"]')].map((c) => c.textContent)).toContain('Simulated')
    const hint = chat.querySelector<HTMLElement>('.sealkit-composer__hint')!
    expect(hint).toHaveTextContent(/^Simulated enclave/)
    expect(hint.scrollWidth).toBeLessThanOrEqual(hint.clientWidth)
  })
})
