/**
 * The connected <PrivateChat /> in real Chromium, against the in-page simulated enclave
 * (evidence verified for real under its test roots), through the real keyboard and mouse.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, render, screen, waitFor, within } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { createRef, type ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { PrivateChat, SealkitLocaleProvider, zhCN, type PrivateChatProps } from '../../src/components/index.ts'
import { createMemoryStorage, SealkitProvider, type CreateSealkitConfigParameters } from '../../src/hooks/index.ts'
import { MAX_QUERY_RETRIES } from '../../src/core/query/retry.ts'
import { createSimulator, FAULT_HEADER, type SimulatorOptions } from '../../src/simulator/index.ts'
import { hostileGateway } from '../attacks/gateway.ts'
import { chip, detail } from './privacy-row.ts'

/** The colour a theme variable resolves to inside `scope`. */
function colourOf(scope: Element, variable: string): string {
  const probe = document.createElement('span')
  probe.style.color = `var(${variable})`
  scope.append(probe)
  const colour = getComputedStyle(probe).color
  probe.remove()
  return colour
}
const lockColour = (section: Element) => getComputedStyle(section.querySelector('.sealkit-chat__title > svg')!).color

/** Send sends: neither disabled nor held back (`aria-disabled`, while the model is still to come). */
const canSend = (button: HTMLElement) => !(button as HTMLButtonElement).disabled && button.getAttribute('aria-disabled') !== 'true'

interface SetupOptions {
  sim?: SimulatorOptions
  config?: Partial<CreateSealkitConfigParameters>
  /** Simulator faults for one request, by the request ("POST /api/v1/chat/completions") and the requests before it. */
  faultFor?: (request: string, earlier: readonly string[]) => string | undefined
  /** Requests that fail as fetch fails when the network is down. */
  offlineFor?: (request: string, earlier: readonly string[]) => boolean
  /** Requests answered only once the promise returned for them settles. */
  holdFor?: (request: string) => Promise<void> | undefined
}

function setup(options: SetupOptions = {}) {
  const sim = createSimulator({ seed: 'private-chat', chunks: 6, ...options.sim })
  const requests: string[] = []
  const config: CreateSealkitConfigParameters = {
    baseURL: 'http://simulator.test/api/v1',
    fetch: async (url, init) => {
      const request = `${init.method ?? 'GET'} ${new URL(url).pathname}`
      const fault = options.faultFor?.(request, requests)
      const offline = options.offlineFor?.(request, requests)
      requests.push(request)
      await options.holdFor?.(request)
      if (offline) return Promise.reject(new TypeError('Failed to fetch'))
      if (!fault) return sim.fetch(url, init)
      const headers = new Headers(init.headers)
      headers.set(FAULT_HEADER, fault)
      return sim.fetch(url, { ...init, headers })
    },
    verify: { trustedRoots: sim.trustedRoots() },
    ...options.config,
  }
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const wrap = (ui: ReactNode) => (
    <QueryClientProvider client={queryClient}>
      <SealkitProvider config={config}>{ui}</SealkitProvider>
    </QueryClientProvider>
  )
  return { sim, requests, wrap }
}

function renderChat(props: PrivateChatProps = {}, options: SetupOptions = {}) {
  const env = setup(options)
  const view = render(env.wrap(<PrivateChat {...props} />))
  return { ...env, ...view, rerenderChat: (next: PrivateChatProps) => view.rerender(env.wrap(<PrivateChat {...next} />)) }
}

const badge = (label: string) => screen.findByRole('button', { name: `Attestation: ${label}` }, { timeout: 10_000 })
const log = () => within(screen.getByRole('log', { name: 'Messages' }))
const replies = () => log().queryAllByRole('article', { name: 'Assistant message' })
const userMessages = () => log().queryAllByRole('article', { name: 'Your message' })

async function send(text: string) {
  const box = screen.getByRole('textbox', { name: 'Message' })
  await waitFor(() => expect(box).toBeEnabled())
  await userEvent.click(box)
  await userEvent.keyboard(text)
  // The box takes text while the models load; Send waits for a model.
  await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toSatisfy(canSend), { timeout: 10_000 })
  await userEvent.keyboard('{Enter}')
}

async function waitForReply(status = 'done') {
  await waitFor(() => expect(replies().at(-1)).toHaveAttribute('data-status', status), { timeout: 10_000 })
  return replies().at(-1)!
}

describe('PrivateChat (connected)', () => {
  it('offers attested models, starts on the first E2EE one, and chats end to end', async () => {
    const onFinish = vi.fn()
    renderChat({ chatOptions: { onFinish } })
    await badge('Simulated')
    const picker = screen.getByRole('combobox', { name: 'Model' })
    expect(picker).toHaveTextContent('Qwen 3.5 122B A10B (simulated E2EE)')
    // Simulated means simulated: not the enclave wording of a real attested key.
    expect(screen.getByText('Simulated enclave: for trying sealkit out, not private')).toBeVisible()
    expect(screen.queryByText('Encrypted in this browser to the attested enclave key')).toBeNull()

    await userEvent.click(picker)
    const options = within(await screen.findByRole('listbox')).getAllByRole('option')
    // The default floor is E2EE: TEE-only and standard models are not offered.
    expect(options.map((o) => o.dataset.privacy)).toEqual(['e2ee', 'e2ee'])
    await userEvent.keyboard('{Escape}')

    await send('Hello, enclave')
    const reply = await waitForReply()
    expect(reply).toHaveTextContent('You said: "Hello, enclave"')
    expect(reply).toHaveAttribute('data-e2ee', 'true')
    expect(reply).toHaveAttribute('data-attestation', 'simulated')
    // Simulated means simulated, on the user's own message too: never the enclave's green.
    expect(detail(userMessages()[0]!, 'e2ee')).toHaveTextContent('Encrypted to the simulated enclave')
    expect(chip(userMessages()[0]!, 'e2ee')).toHaveAttribute('data-tone', 'simulated')
    expect(onFinish).toHaveBeenCalledOnce()
    expect(onFinish.mock.calls[0]![0]).toMatchObject({ isAbort: false, isError: false })
    // The session key lives in the decryption worker, and the badge says so on hover.
    const pill = await badge('Simulated')
    expect(pill).toHaveAttribute('data-key-holder', 'worker')
    expect(pill.title).toMatch(/^Decryption: in a Web Worker/)
    // Its key agreement is libsecp256k1 in WebAssembly (the worker says so): no fallback to mention.
    expect(pill).toHaveAttribute('data-ecdh', 'libsecp256k1-wasm')
    expect(pill.title).not.toMatch(/Key agreement/)
    // The attestation was verified in the verification worker, off the main thread: said the same way.
    expect(pill).toHaveAttribute('data-verified-in', 'worker')
    expect(pill.title).toMatch(/\nVerification: in a Web Worker/)
  })

  it('starts on the config’s defaultModel, whose attestation started with the config: asked once', async () => {
    const { requests } = renderChat({}, { config: { defaultModel: 'e2ee-glm-5' } })
    await badge('Simulated')
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent('GLM 5 (simulated E2EE, reasoning)')
    expect(requests.filter((r) => r.endsWith('/tee/attestation'))).toHaveLength(1)
    await send('Hello, enclave')
    expect(await waitForReply()).toHaveAttribute('data-e2ee', 'true')
  })

  it('narrows the picker with privacyFilter and follows a controlled model', async () => {
    const onModelChange = vi.fn()
    const { rerenderChat } = renderChat({ privacyFilter: 'e2ee', model: 'e2ee-qwen3-5-122b-a10b', onModelChange })
    await badge('Simulated')
    await userEvent.click(screen.getByRole('combobox', { name: 'Model' }))
    const listbox = within(await screen.findByRole('listbox'))
    expect(listbox.getAllByRole('option').map((o) => o.dataset.privacy)).toEqual(['e2ee', 'e2ee'])
    await userEvent.click(listbox.getByRole('option', { name: /GLM 5/ }))
    expect(onModelChange).toHaveBeenCalledWith('e2ee-glm-5')
    // Controlled: the prop decides.
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent(/^Qwen/)
    rerenderChat({ privacyFilter: 'e2ee', model: 'e2ee-glm-5', onModelChange })
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent(/^GLM 5/))
    await badge('Simulated')
  })

  it('refuses a model without attestation unless allowUnattested is set', async () => {
    const { unmount } = renderChat({ minPrivacy: 'none', defaultModel: 'llama-3.3-70b' })
    await badge('Not verifiable')
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled()
    expect(screen.getByRole('alert')).toHaveTextContent('ATTESTATION_REQUIRED')
    unmount()

    renderChat({ minPrivacy: 'none', defaultModel: 'llama-3.3-70b', allowUnattested: true })
    await badge('Not verifiable')
    expect(screen.getByText('Not private: this model runs outside any enclave')).toBeVisible()
    await send('plain')
    const reply = await waitForReply()
    expect(reply).toHaveAttribute('data-e2ee', 'false')
    expect(chip(userMessages()[0]!, 'e2ee')).toHaveTextContent('Not E2EE')
    expect(detail(userMessages()[0]!, 'e2ee')).toHaveTextContent('Sent without E2EE')
  })

  it('the privacy floor is the app’s: a gateway that lists the E2EE model as TEE-only gets nothing sent', async () => {
    const sim = createSimulator({ seed: 'private-chat-downgrade', chunks: 4 })
    const requests: string[] = []
    const fetch = hostileGateway((url, init) => {
      requests.push(`${init.method ?? 'GET'} ${new URL(url).pathname}`)
      return sim.fetch(url, init)
    }, { downgradeModels: 'tee' })
    const { unmount } = renderChat({ model: 'e2ee-qwen3-5-122b-a10b' }, { config: { fetch, verify: { trustedRoots: sim.trustedRoots() } } })
    await waitFor(() => expect(screen.getByText(/PRIVACY_DOWNGRADE/)).toBeInTheDocument(), { timeout: 10_000 })
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled()
    expect(requests.some((r) => r.includes('/chat/completions'))).toBe(false)
    unmount()

    // Uncontrolled, the picker offers nothing below the floor: no model, nothing to send.
    renderChat({}, { config: { fetch, verify: { trustedRoots: sim.trustedRoots() } } })
    await waitFor(() => expect(screen.getByText('No model offers this level of privacy.')).toBeVisible(), { timeout: 10_000 })
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled()
  })

  it('keeps what each user message was sent with across a model switch', async () => {
    const { rerenderChat } = renderChat({ model: 'e2ee-qwen3-5-122b-a10b', minPrivacy: 'tee' })
    await badge('Simulated')
    await send('first, encrypted')
    await waitForReply()
    rerenderChat({ model: 'tee-qwen3-5-122b-a10b', minPrivacy: 'tee' })
    // The TEE model chosen and its enclave verified (no "verifying" hint left).
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent(/TEE/), { timeout: 10_000 })
    await waitFor(() => expect(screen.getByText('Simulated enclave: for trying sealkit out, not private')).toBeVisible(), { timeout: 10_000 })
    await send('second, to a TEE')
    await waitFor(() => expect(replies()).toHaveLength(2))
    await waitFor(() => expect(detail(replies()[1]!, 'authenticity')).toHaveTextContent('Signed by the simulated enclave'), { timeout: 10_000 })
    const [first, second] = userMessages()
    expect(detail(first!, 'e2ee')).toHaveTextContent('Encrypted to the simulated enclave')
    expect(detail(second!, 'e2ee')).toHaveTextContent('Sent without E2EE')
  })

  it('stops, keeps what arrived, and regenerates', async () => {
    // The first reply streams a chunk every 1.5 s, so that Stop lands mid-stream however slow the machine;
    // the regenerated one is paced normally.
    const completions = 'POST /api/v1/chat/completions'
    renderChat(
      {},
      {
        sim: { chunkDelayMs: 120, slowStreamDelayMs: 1_500 },
        faultFor: (request, earlier) => (request === completions && !earlier.includes(completions) ? 'slow-stream' : undefined),
      },
    )
    await badge('Simulated')
    await send('slowly')
    await waitFor(() => expect(replies().at(-1)).toHaveTextContent('You said'), { timeout: 10_000 })
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }))
    const stopped = await waitForReply('stopped')
    expect(stopped.textContent).not.toContain('No real TEE hardware was involved.')
    await userEvent.click(screen.getByRole('button', { name: 'Regenerate' }))
    const again = await waitForReply()
    expect(replies()).toHaveLength(1)
    expect(again).toHaveTextContent('No real TEE hardware was involved.')
  })

  it('verifies again with a fresh nonce from the badge', async () => {
    const { requests } = renderChat()
    await userEvent.click(await badge('Simulated'))
    const dialog = within(await screen.findByRole('dialog', { name: 'Simulated enclave' }))
    const nonceOf = () => dialog.getByText('Nonce', { selector: 'dt' }).nextElementSibling!.querySelector('code')!.title
    const first = nonceOf()
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    const attestations = () => requests.filter((r) => r.includes('/tee/attestation')).length
    const before = attestations()
    await userEvent.click(dialog.getByRole('button', { name: 'Verify again' }))
    await waitFor(() => expect(nonceOf()).not.toBe(first), { timeout: 10_000 })
    expect(attestations()).toBe(before + 1)
    expect(dialog.getByText('Report data binds key and nonce').closest('li')).toHaveAttribute('data-status', 'passed')
  })

  it('turns sending off while the enclave fails verification', async () => {
    renderChat({}, { sim: { fault: 'report-data-mismatch' } })
    await badge('Verification failed')
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled()
    expect(screen.getByText(/Do not send private data\. Sending is off: this enclave did not pass verification/)).toBeVisible()
    expect(screen.queryByText('Encrypted in this browser to the attested enclave key')).toBeNull()
    // One alert: the notice (the badge's details say the rest).
    expect(screen.getAllByRole('alert')).toHaveLength(1)
  })

  it('claims nothing before the verdict: a message held for it is not "encrypted", and the locks are not green until verified', async () => {
    let release = () => {}
    const attestation = new Promise<void>((resolve) => (release = resolve))
    const { container } = renderChat({}, { holdFor: (request) => (request === 'GET /api/v1/tee/attestation' ? attestation : undefined) })
    const section = () => container.querySelector('section.sealkit-chat')!
    await badge('Verifying…')
    expect(section()).toHaveAttribute('data-attestation', 'verifying')
    expect(lockColour(section())).not.toBe(colourOf(section(), '--sealkit-success'))
    expect(lockColour(section())).toBe(colourOf(section(), '--sealkit-muted'))
    expect(screen.getByText('Verifying the enclave: a message waits here until it is verified')).toBeVisible()
    await send('typed while it verifies')
    await waitFor(() => expect(userMessages()).toHaveLength(1))
    // Held for the verdict: nothing is encrypted to anything yet, so its row says nothing about encryption, and the
    // reply's place says what it waits for.
    expect(chip(userMessages()[0]!, 'e2ee')).toBeNull()
    expect(screen.getByText('Waiting for the enclave to be verified')).toBeVisible()
    expect(screen.queryByText('Generating a response')).toBeNull()
    release()
    await badge('Simulated')
    await waitForReply()
    expect(section()).toHaveAttribute('data-attestation', 'simulated')
    expect(detail(userMessages()[0]!, 'e2ee')).toHaveTextContent('Encrypted to the simulated enclave')
  })

  it('a message held for a verdict that fails: one alert says so, not two', async () => {
    renderChat({}, { sim: { fault: 'wrong-nonce', attestationDelayMs: 1_500 } })
    await badge('Verifying…')
    await send('typed while it verifies')
    await badge('Verification failed')
    await waitFor(() => expect(screen.getByText(/Do not send private data\. Sending is off/)).toBeVisible())
    expect(screen.getAllByRole('alert')).toHaveLength(1)
  })

  it('the locks say failed where the verification failed', async () => {
    const { container } = renderChat({}, { sim: { fault: 'report-data-mismatch' } })
    await badge('Verification failed')
    const section = container.querySelector('section.sealkit-chat')!
    expect(section).toHaveAttribute('data-attestation', 'failed')
    // Red, though the failed report's evidence was simulated.
    expect(lockColour(section)).toBe(colourOf(section, '--sealkit-danger'))
  })

  it('says why when the models cannot be loaded', async () => {
    renderChat({}, { sim: { apiKey: 'right' }, config: { apiKey: 'wrong' } })
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('The models could not be loaded'), { timeout: 10_000 })
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled()
  })

  it('offers to retry when the models could not be loaded, and the chat starts once they are', async () => {
    const models = 'GET /api/v1/models'
    // Down for the first request and both automatic retries (MAX_QUERY_RETRIES): then the user's.
    const down = MAX_QUERY_RETRIES + 1
    const { requests } = renderChat({}, { offlineFor: (request, earlier) => request === models && earlier.filter((r) => r === models).length < down })
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 })
    expect(alert).toHaveTextContent('The models could not be loaded: The provider could not be reached. Check the connection, then retry.')
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled()
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toBeEnabled(), { timeout: 10_000 })
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent(/Qwen/)
    expect(requests.filter((r) => r === models)).toHaveLength(down + 1)
    await badge('Simulated')
  })

  it('takes text while the models load, and sends it only once a model is known', async () => {
    let release!: () => void
    const models = new Promise<void>((resolve) => (release = resolve))
    const { requests } = renderChat({}, { holdFor: (request) => (request === 'GET /api/v1/models' ? models : undefined) })
    const box = screen.getByRole('textbox', { name: 'Message' })
    await waitFor(() => expect(box).toBeEnabled())
    await userEvent.click(box)
    await userEvent.keyboard('typed while it loads{Enter}')
    // Nothing to send it to yet: the draft stays, Send is off (held: a tap on it says why too), and nothing went out.
    expect(box).toHaveValue('typed while it loads')
    expect(screen.getByRole('button', { name: 'Send' })).toHaveAttribute('aria-disabled', 'true')
    await userEvent.click(screen.getByRole('button', { name: 'Send' }), { force: true })
    expect(box).toHaveValue('typed while it loads')
    expect(requests.filter((r) => r.endsWith('/chat/completions'))).toEqual([])
    expect(userMessages()).toHaveLength(0)
    // Said, not silent: why nothing went.
    expect(screen.getAllByRole('status').find((s) => s.textContent !== '')).toHaveTextContent('Starting up. Your message stays here until a model is ready to take it.')

    release()
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toSatisfy(canSend), { timeout: 10_000 })
    expect(box).toHaveValue('typed while it loads')
    expect(screen.queryByText(/Starting up/)).toBeNull()
    await userEvent.keyboard('{Enter}')
    expect(await waitForReply()).toHaveTextContent('You said: "typed while it loads"')
    expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent(/^Qwen/)
  })

  it('keeps a draft typed while the models load through a change of language, and sends it in the new one', async () => {
    let release!: () => void
    const models = new Promise<void>((resolve) => (release = resolve))
    const env = setup({ holdFor: (request) => (request === 'GET /api/v1/models' ? models : undefined) })
    const inLocale = (locale: string) => env.wrap(<SealkitLocaleProvider locale={locale}><PrivateChat /></SealkitLocaleProvider>)
    const view = render(inLocale('en'))
    const box = screen.getByRole('textbox', { name: 'Message' })
    await waitFor(() => expect(box).toBeEnabled())
    await userEvent.click(box)
    await userEvent.keyboard('typed before the switch')
    view.rerender(inLocale('zh-CN'))
    // The same box, renamed, with the draft in it.
    expect(screen.getByRole('textbox', { name: zhCN.composer.label })).toBe(box)
    expect(box).toHaveValue('typed before the switch')
    release()
    await waitFor(() => expect(screen.getByRole('button', { name: zhCN.composer.send })).toSatisfy(canSend), { timeout: 10_000 })
    expect(box).toHaveValue('typed before the switch')
    await userEvent.click(box)
    await userEvent.keyboard('{Enter}')
    const reply = () => screen.queryAllByRole('article', { name: zhCN.message.label(zhCN.message.roles.assistant!) }).at(-1)
    await waitFor(() => expect(reply()).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
    expect(reply()).toHaveTextContent('You said: "typed before the switch"')
  })

  it('a restored reply cannot be regenerated or retried until the model is known: nothing stored is lost', async () => {
    const storage = createMemoryStorage()
    const first = renderChat({ storage })
    await send('first question')
    await waitForReply()
    await new Promise((r) => setTimeout(r, 1_200)) // saved
    first.unmount()
    let release!: () => void
    const models = new Promise<void>((resolve) => (release = resolve))
    renderChat({ storage }, { holdFor: (request) => (request === 'GET /api/v1/models' ? models : undefined) })
    await waitFor(() => expect(replies()).toHaveLength(1), { timeout: 5_000 })
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toBeEnabled())
    // No model yet: the reply's row offers neither Regenerate nor Retry (nor Edit), and the composer's is off.
    expect(log().queryByRole('button', { name: 'Regenerate' })).toBeNull()
    expect(log().queryByRole('button', { name: /^Retry/ })).toBeNull()
    expect(log().queryByRole('button', { name: 'Edit' })).toBeNull()
    expect((await storage.load('default'))?.messages.map((m) => m.role)).toEqual(['user', 'assistant'])

    release()
    await userEvent.click(await within(replies()[0]!).findByRole('button', { name: 'Regenerate' }, { timeout: 10_000 }))
    expect(await waitForReply()).toHaveTextContent('You said: "first question"')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it.each<[string, PrivateChatProps]>([
    ['no model yet', {}],
    ['a defaultModel', { defaultModel: 'e2ee-qwen3-5-122b-a10b' }],
    ['a controlled model', { model: 'e2ee-qwen3-5-122b-a10b' }],
  ])('keeps the box off in the server’s HTML and while hydrating, with %s: text typed before hydration could be lost', async (_, props) => {
    let release!: () => void
    const models = new Promise<void>((resolve) => (release = resolve))
    const env = setup({ holdFor: (request) => (request === 'GET /api/v1/models' ? models : undefined) })
    const container = document.createElement('div')
    container.innerHTML = renderToString(env.wrap(<PrivateChat {...props} />))
    document.body.append(container)
    let root: ReturnType<typeof hydrateRoot> | undefined
    try {
      expect(container.querySelector('textarea')!.disabled).toBe(true)
      const recoverable = vi.fn()
      await act(async () => {
        root = hydrateRoot(container, env.wrap(<PrivateChat {...props} />), { onRecoverableError: recoverable })
      })
      // Hydrated, with the models still loading: the box takes text.
      await waitFor(() => expect(container.querySelector('textarea')!.disabled).toBe(false))
      expect(recoverable).not.toHaveBeenCalled()
      release()
      await badge('Simulated')
    } finally {
      act(() => root?.unmount())
      container.remove()
    }
  })

  it('opens another conversation by its chat id as history: the log quiet while it goes in, live for what is sent after', async () => {
    // Both conversations start with the same message, id and all (say, a greeting the app stores with each).
    const greeting = [{ id: 'greeting', role: 'user' as const, parts: [{ type: 'text' as const, text: 'Hello' }] }]
    const view = renderChat({ chatOptions: { id: 'first', messages: greeting } })
    await badge('Simulated')
    const live = () => screen.getByRole('log', { name: 'Messages' }).getAttribute('aria-live')
    await waitFor(() => expect(live()).toBeNull(), { timeout: 3_000 })
    // Another chat id: another conversation, though it starts the same way.
    view.rerenderChat({ chatOptions: { id: 'second', messages: greeting } })
    expect(live()).toBe('off')
    await waitFor(() => expect(live()).toBeNull(), { timeout: 3_000 })
    await send('And now?')
    expect(live()).toBeNull()
  })

  it('with storage, a stored conversation of one exchange opened in place of another is history; a first send in a fresh chat is news', async () => {
    const storage = createMemoryStorage()
    const view = renderChat({ storage, chatOptions: { id: 'a' } })
    await badge('Simulated')
    const live = () => screen.getByRole('log', { name: 'Messages' }).getAttribute('aria-live')
    // The log's aria-live at each change of its rows' count.
    const seen: Array<[rows: number, live: string | null]> = []
    const observer = new MutationObserver(() => {
      const rows = log().queryAllByRole('article').length
      if (rows !== seen.at(-1)?.[0]) seen.push([rows, live()])
    })
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-live'] })
    await send('About chat a')
    await waitForReply()
    view.rerenderChat({ storage, chatOptions: { id: 'b' } })
    await waitFor(() => expect(userMessages()).toHaveLength(0))
    await send('About chat b')
    await waitForReply()
    // The first sends of both chats went into a live log.
    expect(seen.filter(([rows]) => rows > 0)).not.toHaveLength(0)
    expect(seen.filter(([rows]) => rows > 0).every(([, l]) => l === null)).toBe(true)
    await new Promise((r) => setTimeout(r, 1_200)) // saved (at most once a second while streaming, then at the end)
    seen.length = 0
    // Back to a: an empty chat first, then its two messages from storage, quiet.
    const empties: string[] = []
    const emptyWatch = new MutationObserver(() => {
      const text = document.querySelector('.sealkit-chat__empty')?.textContent
      if (text) empties.push(text)
    })
    emptyWatch.observe(document.body, { childList: true, subtree: true, characterData: true })
    view.rerenderChat({ storage, chatOptions: { id: 'a' } })
    await waitFor(() => expect(log().getByText('About chat a')).toBeInTheDocument(), { timeout: 5_000 })
    observer.disconnect()
    emptyWatch.disconnect()
    expect(seen.filter(([rows]) => rows === 2)).not.toHaveLength(0)
    expect(seen.filter(([rows]) => rows === 2).every(([, l]) => l === 'off')).toBe(true)
    // While the stored conversation is read, the log does not say "Start a conversation": it is not empty, only loading.
    expect(empties).toEqual([])
  })

  it('passes section props and its ref through, and can hide the badge', async () => {
    const ref = createRef<HTMLElement>()
    const env = setup()
    render(env.wrap(<PrivateChat ref={ref} badge={false} className="mine" title="Ask privately" data-testid="chat" />))
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent(/Qwen/))
    expect(ref.current).toBe(screen.getByTestId('chat'))
    expect(ref.current).toHaveClass('sealkit-chat', 'mine')
    expect(screen.getByRole('region', { name: 'Ask privately' })).toBe(ref.current)
    expect(screen.queryByRole('button', { name: /^Attestation:/ })).toBeNull()
  })
})

describe('a conversation the app hands the chat', () => {
  it("its user message claims nothing from a reply sealkit did not receive; one sent here takes the live session's facts", async () => {
    // Over a simulated enclave, a reply that says a real one encrypted and signed it.
    const claimed = [
      { id: 'u1', role: 'user' as const, parts: [{ type: 'text' as const, text: 'my earlier question' }] },
      {
        id: 'a1',
        role: 'assistant' as const,
        parts: [{ type: 'text' as const, text: 'a reply the app says came from an enclave' }],
        metadata: {
          model: 'e2ee-qwen3-5-122b-a10b',
          privacy: 'e2ee' as const,
          attestation: { model: 'e2ee-qwen3-5-122b-a10b', nonce: '00', signingAddress: `0x${'11'.repeat(20)}`, verdict: 'passed' as const, policy: 'standard' as const, verifiedAt: new Date().toISOString(), simulated: false },
          signature: 'verified' as const,
          authenticity: 'verified' as const,
        },
      },
    ]
    renderChat({ chatOptions: { messages: claimed } })
    await badge('Simulated')
    const earlier = userMessages()[0]!
    expect(chip(earlier, 'e2ee')).toBeNull() // no "Encrypted to the enclave", green, for a test key
    expect(earlier.querySelector('.sealkit-privacy__row')).toBeNull()
    await send('a new question')
    await waitFor(() => expect(replies().at(-1)).toHaveAttribute('data-authenticity', 'verified'), { timeout: 10_000 })
    const sent = userMessages().at(-1)!
    expect(chip(sent, 'e2ee')).toHaveAttribute('data-tone', 'simulated')
  })
})
