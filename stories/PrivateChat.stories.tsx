import type { Decorator, Meta, StoryObj } from '@storybook/react-vite'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test'
import { inBox } from './decorators.tsx'
import { inEnglish, openDialog, openListbox } from './interaction.ts'
import { PrivateChat, en, zhCN, type SealkitMessages } from '../src/components/index.ts'
import { SealkitProvider, type CreateSealkitConfigParameters } from '../src/hooks/index.ts'
import { createSimulator, type FaultName } from '../src/simulator/index.ts'

/** Send sends: neither disabled nor held back (`aria-disabled`, while the model is still to come). */
const canSend = (button: HTMLElement) => !(button as HTMLButtonElement).disabled && button.getAttribute('aria-disabled') !== 'true'

/**
 * The connected `<PrivateChat />` against the simulated enclave, in the browser: no network, no
 * API key. The simulator's evidence is verified for real, trusting its test roots (so the badge
 * says "Simulated"), and its "model" quotes the message back, which proves it was decrypted.
 */
interface SimulatorParameters {
  fault?: FaultName
  /** Delay before each streamed chunk. Default 20 ms. */
  chunkDelayMs?: number
  /** Content chunks per reply. Default 12. */
  chunks?: number
  /** Speak NEAR AI Cloud's dialect (its headers, report shape and, with `ed25519`, its X25519/XChaCha20 scheme). */
  nearai?: { signingAlgo: 'ecdsa' | 'ed25519' }
}

function SimulatedEnclave({ fault, chunkDelayMs = 20, chunks = 12, nearai, children }: SimulatorParameters & { children: ReactNode }) {
  // One simulator and one QueryClient per story render: no attestation leaks between stories.
  const [env] = useState(() => {
    const sim = createSimulator({ seed: 'storybook', chunks, chunkDelayMs, ...(fault ? { fault } : {}), ...(nearai ? { dialect: 'nearai' as const } : {}) })
    const config: CreateSealkitConfigParameters = {
      ...(nearai ? { provider: 'nearai' as const, signingAlgo: nearai.signingAlgo } : {}),
      baseURL: nearai ? 'http://simulator.local/v1' : 'http://simulator.local/api/v1',
      fetch: sim.fetch,
      verify: { trustedRoots: sim.trustedRoots() },
    }
    return { config, queryClient: new QueryClient({ defaultOptions: { queries: { retry: false } } }) }
  })
  return (
    <QueryClientProvider client={env.queryClient}>
      <SealkitProvider config={env.config}>{children}</SealkitProvider>
    </QueryClientProvider>
  )
}

const withSimulator: Decorator = (Story, context) => {
  const parameters = (context.parameters.simulator ?? {}) as SimulatorParameters
  return (
    <SimulatedEnclave {...parameters}>
      <Story />
    </SimulatedEnclave>
  )
}

const meta = {
  title: 'Components/PrivateChat',
  component: PrivateChat,
  args: { onModelChange: fn() },
  parameters: {
    docs: {
      note:
        'Each story meets its state through its interactions (a message sent, a fault met), which run on the story\'s own page, not on this one: here each shows the chat as it starts.',
    },
  },
  // The chat's box inside the simulator's provider.
  decorators: [inBox({ height: 680, maxWidth: 820 }), withSimulator],
} satisfies Meta<typeof PrivateChat>

export default meta
type Story = StoryObj<typeof meta>

const MESSAGE = 'Is my prompt visible to the host?'
type Canvas = ReturnType<typeof within>

async function waitForBadge(canvas: Canvas, label: string, t: SealkitMessages = en) {
  return waitFor(() => expect(canvas.getByRole('button', { name: `${t.attestation.pillPrefix}${label}` })).toBeVisible(), { timeout: 10_000 })
}

async function send(canvas: Canvas, text: string, t: SealkitMessages = en) {
  const box = canvas.getByRole('textbox', { name: t.composer.label })
  await waitFor(() => expect(box).toBeEnabled())
  await userEvent.type(box, text)
  // The box takes text while the models load; Send waits for a model.
  await waitFor(() => expect(canvas.getByRole('button', { name: t.composer.send })).toSatisfy(canSend), { timeout: 10_000 })
  await userEvent.type(box, '{Enter}')
}

const lastReply = (canvas: Canvas, t: SealkitMessages = en) =>
  within(canvas.getByRole('log')).getAllByRole('article', { name: t.message.label(t.message.roles.assistant!) }).at(-1)!

/** The default: the first E2EE model is attested as it is chosen; the reply streams in, decrypted. */
export const Simulated: Story = {
  play: inEnglish(async ({ canvas }) => {
    await waitForBadge(canvas, 'Simulated')
    await expect(canvas.getByRole('combobox', { name: 'Model' })).toHaveTextContent(/Qwen 3\.5 122B.*E2EE/)
    await expect(canvas.getByText('Simulated enclave: for trying sealkit out, not private')).toBeVisible()
    await send(canvas, MESSAGE)
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
    await expect(lastReply(canvas)).toHaveTextContent(`You said: "${MESSAGE}"`)
    await expect(within(lastReply(canvas)).getByRole('button', { name: 'Privacy: Encrypted, Signed, Simulated' })).toBeVisible()
    // The user's own message says where it went: a simulated enclave, never "the enclave".
    await expect(within(canvas.getAllByRole('article', { name: 'Your message' })[0]!).getByRole('button', { name: 'Privacy: Encrypted' })).toHaveAccessibleDescription(
      /Encrypted to the simulated enclave/,
    )

    await userEvent.click(canvas.getByRole('button', { name: 'Attestation: Simulated' }))
    const dialog = within(await openDialog('Simulated enclave'))
    for (const label of ['Fresh nonce', 'Quote signature', 'Report data binds key and nonce', 'Production TD (not debug)']) {
      await expect(dialog.getByText(label).closest('li')).toHaveAttribute('data-status', 'passed')
    }
    await expect(dialog.getByRole('button', { name: 'Verify again' })).toBeEnabled()
  }),
}

/**
 * The same chat in Simplified Chinese, whatever the Language toolbar says: every name its interactions use comes
 * from the zh-CN catalog. The reply stays in the language the simulator wrote it in.
 */
export const SimulatedChinese: Story = {
  name: 'Simulated (简体中文)',
  globals: { locale: 'zh-CN' },
  play: async ({ canvas }) => {
    const t = zhCN
    await waitForBadge(canvas, t.attestation.labels.simulated, t)
    await expect(document.documentElement.lang).toBe('zh-CN')
    await expect(canvas.getByText(t.privateChat.simulatedHint)).toBeVisible()
    await send(canvas, '主机能看到我的提示吗？', t)
    await waitFor(() => expect(lastReply(canvas, t)).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
    await expect(lastReply(canvas, t)).toHaveTextContent('You said: "主机能看到我的提示吗？"')
    // The language's colon and list separator; each chip is a box, which the name may follow with a space.
    const { short, label, afterLabel, separator } = t.chips
    const facts = [short.encrypted, short.authenticity.verified, short.attestation.simulated].join(`${separator}\u0020?`)
    await expect(within(lastReply(canvas, t)).getByRole('button', { name: new RegExp(`^${label}${afterLabel}${facts}$`) })).toBeVisible()
  },
}

/** The same chat against NEAR AI Cloud's dialect with its Ed25519 keys: X25519 + XChaCha20-Poly1305, an Ed25519-signed reply. */
export const NearAiEd25519: Story = {
  name: 'NEAR AI Ed25519',
  parameters: { simulator: { nearai: { signingAlgo: 'ed25519' } }, screenshot: false },
  play: inEnglish(async ({ canvas }) => {
    await waitForBadge(canvas, 'Simulated')
    await send(canvas, MESSAGE)
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
    await expect(lastReply(canvas)).toHaveTextContent(`You said: "${MESSAGE}"`)
    // Encrypted end to end, and the Ed25519 response signature checked against the attested key.
    await expect(lastReply(canvas)).toHaveAttribute('data-e2ee', 'true')
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-authenticity', 'verified'), { timeout: 10_000 })
  }),
}

/** A TEE model: plaintext to the enclave, every reply's signature checked against the attested key. */
export const TeeModel: Story = {
  name: 'TEE Model',
  // The default floor is E2EE: an app that accepts TEE-only models says so.
  args: { defaultModel: 'tee-qwen3-5-122b-a10b', minPrivacy: 'tee' },
  play: inEnglish(async ({ canvas }) => {
    await waitForBadge(canvas, 'Simulated')
    await expect(canvas.getByText('Simulated enclave: for trying sealkit out, not private')).toBeVisible()
    await send(canvas, 'Sign this')
    await waitFor(() => expect(within(lastReply(canvas)).getByRole('button', { name: /^Privacy:/ })).toHaveAccessibleDescription(/Signed by the simulated enclave/), {
      timeout: 10_000,
    })
    await expect(within(lastReply(canvas)).getByRole('button', { name: 'Privacy: Not E2EE, Signed, Simulated' })).toBeVisible()
  }),
}

/** Switching models from the header re-attests: the reasoning model's thoughts arrive decrypted too. */
export const PickModel: Story = {
  parameters: { screenshot: false },
  play: inEnglish(async ({ canvas, args }) => {
    await waitForBadge(canvas, 'Simulated')
    await userEvent.click(canvas.getByRole('combobox', { name: 'Model' }))
    await userEvent.click(within(await openListbox()).getByRole('option', { name: /GLM 5/ }))
    await expect(args.onModelChange).toHaveBeenCalledWith('e2ee-glm-5')
    await waitForBadge(canvas, 'Simulated')
    await send(canvas, 'Think first')
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
    await expect(within(lastReply(canvas)).getByText('Reasoning')).toBeVisible()
    await expect(lastReply(canvas)).toHaveTextContent('You said: "Think first"')
  }),
}

/** Stop keeps what arrived; regenerate asks again. */
export const StopAndRegenerate: Story = {
  // 30 chunks 150 ms apart: 4.5 s of stream, so Stop lands mid-reply even on a slow, busy machine.
  parameters: { screenshot: false, simulator: { chunkDelayMs: 150, chunks: 30 } },
  play: inEnglish(async ({ canvas }) => {
    await waitForBadge(canvas, 'Simulated')
    await send(canvas, 'Take your time')
    await waitFor(() => expect(lastReply(canvas)).toHaveTextContent(/You said/), { timeout: 10_000 })
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }))
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'stopped'))
    await expect(within(lastReply(canvas)).getByText(/Stopped\. The text above/)).toBeVisible()
    await userEvent.click(canvas.getByRole('button', { name: 'Regenerate' }))
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'done'), { timeout: 15_000 })
    await expect(within(canvas.getByRole('log')).getAllByRole('article', { name: 'Assistant message' })).toHaveLength(1)
    await expect(lastReply(canvas)).toHaveTextContent('No real TEE hardware was involved.')
  }),
}

/** Fault `tampered-chunk`: one chunk fails authentication, the stream stops there, nothing forged is shown. */
export const TamperedChunk: Story = {
  parameters: { simulator: { fault: 'tampered-chunk' } },
  play: inEnglish(async ({ canvas }) => {
    await waitForBadge(canvas, 'Simulated')
    await send(canvas, MESSAGE)
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'error'), { timeout: 10_000 })
    // The error line, and the warning that the reply is not the enclave's.
    await expect(within(lastReply(canvas)).getAllByRole('alert').map((a) => a.textContent).join(' ')).toContain('DECRYPT_FAILED')
    await expect(lastReply(canvas)).not.toHaveTextContent('No real TEE hardware was involved.')
    // The privacy row names what failed: a chunk on the way, not a signature (none ran on it).
    await expect(lastReply(canvas).querySelector('.sealkit-privacy__row [data-fact="authenticity"]')).toHaveTextContent('Altered on the way')
    // Sending works again after an error.
    await expect(canvas.getByRole('textbox', { name: 'Message' })).toBeEnabled()
  }),
}

/** Fault `wrong-nonce`: the report answers another nonce (a replay). The badge fails and sending is off. */
export const WrongNonce: Story = {
  parameters: { simulator: { fault: 'wrong-nonce' } },
  play: inEnglish(async ({ canvas }) => {
    await waitForBadge(canvas, 'Verification failed')
    await expect(canvas.getByRole('textbox', { name: 'Message' })).toBeDisabled()
    await expect(canvas.getByText(/Sending is off/)).toBeVisible()
    await userEvent.click(canvas.getByRole('button', { name: 'Attestation: Verification failed' }))
    const dialog = within(await openDialog('Enclave not verified'))
    await expect(dialog.getByRole('alert')).toHaveTextContent('ATTESTATION_NONCE_MISMATCH')
    await expect(dialog.getByText('Fresh nonce').closest('li')).toHaveAttribute('data-status', 'failed')
    await expect(dialog.getByText('Report data binds key and nonce').closest('li')).toHaveAttribute('data-status', 'failed')
    // Closed again, so the story ends as it is named: the failed badge and the banner that sending is off.
    await userEvent.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    await expect(canvas.getByText(/Sending is off/)).toBeVisible()
  }),
}

/** Fault `plaintext-chunk`: a chunk arrives unencrypted where ciphertext is due; it is refused, not shown. */
export const PlaintextChunk: Story = {
  parameters: { screenshot: false, simulator: { fault: 'plaintext-chunk' } },
  play: inEnglish(async ({ canvas }) => {
    await waitForBadge(canvas, 'Simulated')
    await send(canvas, MESSAGE)
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'error'), { timeout: 10_000 })
    // The error line, and the warning that the reply is not the enclave's.
    await expect(within(lastReply(canvas)).getAllByRole('alert').map((a) => a.textContent).join(' ')).toContain('E2EE_PLAINTEXT_CHUNK')
    await expect(lastReply(canvas).querySelector('.sealkit-privacy__row [data-fact="authenticity"]')).toHaveTextContent('Altered on the way')
  }),
}

export const SimulatedDark: Story = {
  globals: { theme: 'dark' },
  play: inEnglish(async ({ canvas }) => {
    await waitForBadge(canvas, 'Simulated')
    await send(canvas, MESSAGE)
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
  }),
}
