import type { Decorator, Meta, StoryObj } from '@storybook/react-vite'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test'
import { inBox } from './decorators.tsx'
import { inEnglish, openDialog, openListbox } from './interaction.ts'
import { PrivateChat, en, zhCN, type SealkitMessages } from '../src/components/index.ts'
import type { ChatStorage } from '../src/core/storage/types.ts'
import type { KeyHolder } from '../src/core/crypto/key-holder.ts'
import { createLocalKeyHolder } from '../src/core/crypto/local-key-holder.ts'
import { createDefaultKeyHolder } from '../src/core/worker/worker-key-holder.ts'
import { SealkitProvider, type CreateSealkitConfigParameters } from '../src/hooks/index.ts'
import { createSimulator, type FaultName } from '../src/simulator/index.ts'
import { storedExchange, unauthenticated } from './stored-chat.ts'

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
  /** Where the session key is held (the config's `keyHolder`). Default: sealkit's, a Web Worker where it can start. */
  keyHolder?: () => KeyHolder | Promise<KeyHolder>
  /** The network between the page and the enclave: while `online` is false every request fails as a browser's offline fetch does. */
  network?: Network
  /** The enclave rotates its key before each of this many chat requests (the retry after a `KEY_ROTATED` too). */
  rotateKeyOnSend?: number
}

/** A network that can go away: a story's play function sets `online`; each render of the story `reset`s it. */
interface Network {
  online: boolean
  /** Back to how the story starts. */
  reset(): void
}

const network = (startOnline: boolean): Network => ({
  online: startOnline,
  reset() {
    this.online = startOnline
  },
})

/** The simulator's fetch behind the story's network, and rotating the model key before chat requests as asked. */
function throughNetwork(sim: ReturnType<typeof createSimulator>, { network, rotateKeyOnSend = 0 }: SimulatorParameters): typeof fetch {
  let rotations = 0
  return async (input, init) => {
    // What a browser's fetch does with no network: it rejects with a TypeError before any request leaves.
    if (network && !network.online) throw new TypeError('Failed to fetch')
    const url = String(input instanceof Request ? input.url : input)
    if (rotations < rotateKeyOnSend && url.endsWith('/chat/completions') && typeof init?.body === 'string') {
      rotations++
      sim.rotateKey((JSON.parse(init.body) as { model: string }).model)
    }
    return sim.fetch(input, init)
  }
}

function SimulatedEnclave({ children, ...parameters }: SimulatorParameters & { children: ReactNode }) {
  const { fault, chunkDelayMs = 20, chunks = 12, nearai, keyHolder } = parameters
  // One simulator and one QueryClient per story render: no attestation leaks between stories.
  const [env] = useState(() => {
    const sim = createSimulator({ seed: 'storybook', chunks, chunkDelayMs, ...(fault ? { fault } : {}), ...(nearai ? { dialect: 'nearai' as const } : {}) })
    parameters.network?.reset()
    const config: CreateSealkitConfigParameters = {
      ...(nearai ? { provider: 'nearai' as const, signingAlgo: nearai.signingAlgo } : {}),
      baseURL: nearai ? 'http://simulator.local/v1' : 'http://simulator.local/api/v1',
      fetch: parameters.network || parameters.rotateKeyOnSend ? throughNetwork(sim, parameters) : sim.fetch,
      verify: { trustedRoots: sim.trustedRoots() },
      ...(keyHolder ? { keyHolder } : {}),
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

// ---------------------------------------------------------------------------------------------
// A conversation from storage

const STORED_QUESTION = 'What did the enclave sign?'

/** A chat over `storage` from the story's loader (a conversation saved by an earlier visit). */
function storedStory(play: Story['play'], storageOf: (storage: ChatStorage) => ChatStorage = (storage) => storage): Story {
  return {
    loaders: [async () => ({ storage: storageOf(await storedExchange(STORED_QUESTION)) })],
    render: (args, { loaded }) => <PrivateChat {...args} storage={loaded.storage as ChatStorage} />,
    play,
  }
}

/** The row of a restored reply, and its facts: what the privacy row says of it. */
const facts = (reply: HTMLElement) => within(reply).getByRole('button', { name: /^Privacy:/ })

/**
 * A conversation restored after a reload, from storage that authenticates its records (memory, IndexedDB): the reply's
 * signature was checked again, so it reads "Signed (recorded)", and when received, never a plain live "Signed".
 */
export const RestoredConversation: Story = storedStory(
  inEnglish(async ({ canvas }) => {
    await waitFor(() => expect(lastReply(canvas)).toHaveTextContent(`You said: "${STORED_QUESTION}"`), { timeout: 10_000 })
    const { short } = en.chips
    await expect(facts(lastReply(canvas))).toHaveAccessibleName(`Privacy: ${short.encrypted}, ${short.signedAsRecorded}, ${short.attestation.simulated}`)
    await expect(facts(lastReply(canvas))).toHaveAccessibleDescription(/when received \(.+\).*Restored from storage: the signature was checked again now/)
    // The user's question takes its facts from the reply sealkit rechecked: sent to the simulated enclave.
    await expect(within(canvas.getAllByRole('article', { name: 'Your message' })[0]!).getByRole('button', { name: 'Privacy: Encrypted' })).toHaveAccessibleDescription(
      /Encrypted to the simulated enclave/,
    )
    await expect(canvas.getByRole('button', { name: en.chat.clear })).toBeVisible()
  }),
)

/**
 * The same records read through an app's own storage that cannot tell them from edited ones (`authenticated` not set):
 * the reply says "Signature not provable", in amber, and its question claims no encryption it cannot prove.
 */
export const RestoredUnproven: Story = storedStory(
  inEnglish(async ({ canvas }) => {
    await waitFor(() => expect(lastReply(canvas)).toHaveTextContent(`You said: "${STORED_QUESTION}"`), { timeout: 10_000 })
    await expect(lastReply(canvas)).toHaveAttribute('data-authenticity', 'unavailable')
    const row = facts(lastReply(canvas))
    await expect(row).toHaveAccessibleName(/Signature not provable/)
    await expect(row).toHaveAccessibleDescription(/Nothing here proves who wrote this text/)
    await expect(within(row).getByText(en.chips.short.signatureUnproven).closest('.sealkit-chip')).toHaveAttribute('data-tone', 'warning')
    await expect(within(canvas.getAllByRole('article', { name: 'Your message' })[0]!).queryByRole('button', { name: /^Privacy:/ })).toBeNull()
  }),
  unauthenticated,
)

/** An app's storage whose reads fail (a server down, a blocked database): every load rejects. */
const failingStorage = (): ChatStorage => ({
  info: { kind: 'server', encryptedAtRest: false, persistent: true },
  load: () => Promise.reject(new Error('The database connection is closing')),
  save: async () => {},
  remove: async () => {},
  clear: async () => {},
})

/**
 * `STORAGE_FAILED`: the stored conversation could not be read. The chat says so above the composer, in plain words
 * with the code, and offers to clear it (asked first) rather than showing an empty chat as if nothing were stored.
 */
export const StorageFailed: Story = {
  render: function Render(args) {
    const [storage] = useState(failingStorage)
    return <PrivateChat {...args} storage={storage} />
  },
  play: inEnglish(async ({ canvas }) => {
    const { text } = en.errors.codes.STORAGE_FAILED!
    const alert = await waitFor(() => canvas.getByText(new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).closest('[role="alert"]') as HTMLElement, { timeout: 10_000 })
    await expect(alert).toHaveTextContent('STORAGE_FAILED')
    await userEvent.click(within(alert).getByRole('button', { name: en.chat.clear }))
    await expect(canvas.getByText(en.chat.clearQuestion)).toBeVisible()
    await expect(canvas.getByRole('button', { name: en.chat.clearConfirm })).toBeVisible()
  }),
}

// ---------------------------------------------------------------------------------------------
// No network

/** The models could not be loaded (`NETWORK_ERROR`), said with a Retry; Send stays off. Returns the alert. */
async function expectOfflineAtStart(canvas: Canvas): Promise<HTMLElement> {
  const alert = await waitFor(() => canvas.getByText(new RegExp(`^${en.privateChat.modelsFailed}`)).closest('[role="alert"]') as HTMLElement, { timeout: 10_000 })
  await expect(alert).toHaveTextContent(en.errors.codes.NETWORK_ERROR!.text)
  await expect(alert).toHaveTextContent('NETWORK_ERROR')
  await expect(canvas.getByRole('button', { name: 'Send' })).not.toSatisfy(canSend)
  return alert
}

/**
 * Offline from the start: the models cannot be loaded (`NETWORK_ERROR`, from the browser's own failed fetch); the chat
 * says so with a Retry, and Send stays off. The story stays offline, so this is what it shows.
 * The components do not read `navigator.onLine`: what they show is what the requests met.
 */
export const OfflineAtStart: Story = {
  parameters: { simulator: { network: network(false) } },
  play: inEnglish(async ({ canvas }) => {
    await expectOfflineAtStart(canvas)
  }),
}

/** Offline from the start, then the network comes back: Retry lists the models and the enclave is attested. */
export const OfflineAtStartThenRetry: Story = {
  parameters: { simulator: { network: network(false) } },
  play: inEnglish(async ({ canvas, parameters }) => {
    const alert = await expectOfflineAtStart(canvas)
    ;(parameters.simulator as SimulatorParameters).network!.online = true
    await userEvent.click(within(alert).getByRole('button', { name: en.message.retry }))
    await waitForBadge(canvas, 'Simulated')
    await expect(canvas.queryByText(new RegExp(`^${en.privateChat.modelsFailed}`))).toBeNull()
  }),
}

/**
 * The network goes while the chat is open: the message is kept, the chat says the provider could not be reached
 * (`NETWORK_ERROR`), and Regenerate asks again once it is back.
 */
export const OfflineMidChat: Story = {
  parameters: { simulator: { network: network(true) } },
  play: inEnglish(async ({ canvas, parameters }) => {
    await waitForBadge(canvas, 'Simulated')
    const link = (parameters.simulator as SimulatorParameters).network!
    link.online = false
    await send(canvas, MESSAGE)
    const alert = await waitFor(() => canvas.getByText(new RegExp(`^${en.errors.codes.NETWORK_ERROR!.text}`)).closest('[role="alert"]') as HTMLElement, { timeout: 10_000 })
    await expect(alert).toHaveTextContent('NETWORK_ERROR')
    await expect(within(canvas.getByRole('log')).getByText(MESSAGE)).toBeVisible()
    link.online = true
    await userEvent.click(canvas.getByRole('button', { name: 'Regenerate' }))
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
    await expect(lastReply(canvas)).toHaveTextContent(`You said: "${MESSAGE}"`)
  }),
}

// ---------------------------------------------------------------------------------------------
// Key rotation

/**
 * Fault `key-rotation`: the enclave rotates its key as the first message is sent (421 `KEY_ROTATED`). The chat
 * attests the new key (fresh nonce, full checks) and sends again: the user sees the reply, no error.
 */
export const KeyRotated: Story = {
  parameters: { screenshot: false, simulator: { fault: 'key-rotation' } },
  play: inEnglish(async ({ canvas }) => {
    await waitForBadge(canvas, 'Simulated')
    await send(canvas, MESSAGE)
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
    await expect(lastReply(canvas)).toHaveTextContent(`You said: "${MESSAGE}"`)
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-authenticity', 'verified'), { timeout: 10_000 })
    await expect(canvas.queryByRole('alert')).toBeNull()
  }),
}

/**
 * The key rotates again before the one retry: `KEY_ROTATED` reaches the user, in plain words ("Retry: the new key is
 * verified first"). Regenerate attests the newest key and the reply arrives.
 */
export const KeyRotatedTwice: Story = {
  parameters: { simulator: { rotateKeyOnSend: 2 } },
  play: inEnglish(async ({ canvas }) => {
    await waitForBadge(canvas, 'Simulated')
    await send(canvas, MESSAGE)
    const { text, next } = en.errors.codes.KEY_ROTATED!
    const alert = await waitFor(() => canvas.getByText(new RegExp(`^${text}`)).closest('[role="alert"]') as HTMLElement, { timeout: 10_000 })
    await expect(alert).toHaveTextContent(next)
    await expect(alert).toHaveTextContent('KEY_ROTATED')
    await expect(within(canvas.getByRole('log')).queryAllByRole('article', { name: 'Assistant message' })).toHaveLength(0)
    await userEvent.click(canvas.getByRole('button', { name: 'Regenerate' }))
    await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
    await expect(lastReply(canvas)).toHaveTextContent(`You said: "${MESSAGE}"`)
  }),
}

// ---------------------------------------------------------------------------------------------
// Where the session key is held

/** The badge says where the key lives: `data-key-holder` on the pill, the words on hover (its `title`) and in its popover. */
function keyHolderStory(keyHolder: SimulatorParameters['keyHolder'], kind: string, title: RegExp): Story {
  return {
    parameters: { screenshot: false, simulator: keyHolder ? { keyHolder } : {} },
    play: inEnglish(async ({ canvas }) => {
      await waitForBadge(canvas, 'Simulated')
      // The holder starts with the session's first message (the key is made once the enclave is verified).
      await send(canvas, MESSAGE)
      await waitFor(() => expect(lastReply(canvas)).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
      const pill = canvas.getByRole('button', { name: 'Attestation: Simulated' })
      await waitFor(() => expect(pill).toHaveAttribute('data-key-holder', kind))
      await expect(pill.getAttribute('title')).toMatch(title)
      // Said where a touch screen shows it too: in the popover, beside where the report was verified.
      await userEvent.click(pill)
      const dialog = await openDialog()
      await waitFor(() => expect([...dialog.querySelectorAll('[data-where] > span')].map((line) => line.textContent)).toContainEqual(expect.stringMatching(title)))
      await userEvent.keyboard('{Escape}')
    }),
  }
}

/** sealkit's default: the session key in a Web Worker, never on the page. */
export const KeyInWorker = keyHolderStory(undefined, 'worker', /^Decryption: in a Web Worker/)

/**
 * The worker could not start (here: the app's `worker` URL serves no worker): the key falls back to the main thread,
 * and says so, with why, on the badge (and once in the dev console), never silently.
 */
export const KeyWorkerFallback = keyHolderStory(
  () => createDefaultKeyHolder({ worker: '/no-such-decrypt-worker.js' }),
  'main-thread',
  /^Decryption: on the main thread \(the decryption worker could not start/,
)

/** An app's own key holder that does not say where its key lives: "the app's own key holder", with its words. */
export const KeyInAppHolder = keyHolderStory(
  (): KeyHolder => {
    const { kind: _unsaid, ...holder } = createLocalKeyHolder()
    return { ...holder, reason: "the app's platform keystore" }
  },
  'custom',
  /^Decryption: in the app's own key holder \(the app's platform keystore\)/,
)
