/**
 * Conversations kept between visits, in real Chromium: the connected <PrivateChat /> with the
 * IndexedDB adapter against the in-page simulated enclave. A remount with a fresh QueryClient is
 * a reload as far as sealkit can tell (the demo e2e reloads the page for real).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor, within } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import { PrivateChat, type PrivateChatProps } from '../../src/components/index.ts'
import { createIndexedDBStorage, createMemoryStorage, SealkitProvider, type ChatStorage } from '../../src/hooks/index.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { chip, detail } from './privacy-row.ts'

/** Send sends: neither disabled nor held back (`aria-disabled`, while the model is still to come). */
const canSend = (button: HTMLElement) => !(button as HTMLButtonElement).disabled && button.getAttribute('aria-disabled') !== 'true'

const sim = createSimulator({ seed: 'persistence', chunks: 4 })
const SECRET = 'my salary is 123456 zł'

/** The connected chat over `storage`, in what `around` puts it in (the app's page), with `props`. */
function mount(storage: ChatStorage, around: (chat: ReactNode) => ReactNode = (chat) => chat, props: Omit<PrivateChatProps, 'storage'> = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    around(
      <QueryClientProvider client={queryClient}>
        <SealkitProvider config={{ baseURL: 'http://simulator.test/api/v1', fetch: sim.fetch, verify: { trustedRoots: sim.trustedRoots() } }}>
          <PrivateChat storage={storage} {...props} />
        </SealkitProvider>
      </QueryClientProvider>,
    ),
  )
}

const log = () => within(screen.getByRole('log', { name: 'Messages' }))
const replies = () => log().queryAllByRole('article', { name: 'Assistant message' })

/** A memory storage holding one conversation whose reply the simulated enclave really signed (the chat unmounted). */
async function savedSignedReply(): Promise<ChatStorage> {
  const storage = createMemoryStorage()
  const chat = mount(storage)
  const box = await screen.findByRole('textbox', { name: 'Message' })
  await waitFor(() => expect(box).toBeEnabled(), { timeout: 10_000 })
  await userEvent.click(box)
  await userEvent.keyboard('sign me')
  // The box takes text while the stored conversation and the models load; Send waits for a model.
  await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toSatisfy(canSend), { timeout: 10_000 })
  await userEvent.keyboard('{Enter}')
  await waitFor(() => expect(replies().at(-1)).toHaveAttribute('data-authenticity', 'verified'), { timeout: 10_000 })
  chat.unmount()
  return storage
}

/** Every value in every object store of a database, as the browser holds it. */
async function rawRecords(name: string): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  const out: unknown[] = []
  for (const store of Array.from(db.objectStoreNames)) {
    out.push(
      ...(await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll()
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })),
    )
  }
  db.close()
  return out
}

function bytesOf(value: unknown): Uint8Array[] {
  if (value instanceof ArrayBuffer) return [new Uint8Array(value)]
  if (ArrayBuffer.isView(value)) return [new Uint8Array(value.buffer, value.byteOffset, value.byteLength)]
  if (value && typeof value === 'object') return Object.values(value).flatMap(bytesOf)
  return []
}

describe('PrivateChat with createIndexedDBStorage', () => {
  it('a reload restores the conversation and the model; what IndexedDB holds is ciphertext under a non-extractable key', async () => {
    const name = `sealkit-test-${crypto.randomUUID()}`
    const first = mount(createIndexedDBStorage({ name }))
    await screen.findByRole('button', { name: 'Attestation: Simulated' }, { timeout: 10_000 })
    // Not the default model: the restored one must be the one picked.
    await userEvent.click(screen.getByRole('combobox', { name: 'Model' }))
    const options = within(await screen.findByRole('listbox')).getAllByRole('option')
    const other = options.find((o) => o.getAttribute('aria-selected') !== 'true')!
    const otherName = other.textContent!.split('E2EE')[0]!.trim()
    await userEvent.click(other)
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent(otherName))

    const box = screen.getByRole('textbox', { name: 'Message' })
    await waitFor(() => expect(box).toBeEnabled(), { timeout: 10_000 })
    await userEvent.click(box)
    await userEvent.keyboard(`${SECRET}{Enter}`)
    await waitFor(() => expect(replies().at(-1)).toHaveAttribute('data-authenticity', 'verified'), { timeout: 10_000 })
    const replyText = replies().at(-1)!.querySelector('.sealkit-message__content')!.textContent!
    expect(replyText).toContain(SECRET)
    first.unmount()

    // At rest: a CryptoKey that cannot be exported, and bytes in which neither the prompt nor the reply appears.
    const records = await rawRecords(name)
    const keys = records.filter((r): r is CryptoKey => r instanceof CryptoKey)
    expect(keys).toHaveLength(1)
    expect(keys[0]!.extractable).toBe(false)
    expect(keys[0]!.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 })
    await expect(crypto.subtle.exportKey('raw', keys[0]!)).rejects.toThrow()
    const sealed = records.filter((r) => !(r instanceof CryptoKey))
    expect(sealed).toHaveLength(1)
    const bytes = bytesOf(sealed[0])
    expect(bytes.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(SECRET.length)
    const asText = bytes.map((b) => new TextDecoder('utf-8', { fatal: false }).decode(b) + new TextDecoder('utf-16le').decode(b.length % 2 ? b.slice(1) : b)).join('')
    for (const needle of ['salary', '123456', 'You said', 'e2ee-', '"role"']) expect(asText).not.toContain(needle)

    // Reload: a new adapter over the same database, a new QueryClient, a new chat.
    mount(createIndexedDBStorage({ name }))
    await waitFor(() => expect(replies()).toHaveLength(1), { timeout: 10_000 })
    expect(log().getByText(SECRET)).toBeVisible()
    expect(replies()[0]!.querySelector('.sealkit-message__content')!.textContent).toBe(replyText)
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent(otherName))
    // The restored reply claims what was checked when it arrived, and says so.
    expect(replies()[0]).toHaveAttribute('data-authenticity', 'verified')
    expect(detail(replies()[0]!, 'authenticity')).toHaveTextContent(/^Signed by the simulated enclave when received \(.*2\d\d\d.*\)/)
    // Never a plain "Signed" that nothing checked now: the compact row says it is as recorded.
    expect(chip(replies()[0]!, 'authenticity')).toHaveTextContent(/^Signed \(recorded\),?$/)
    expect(detail(replies()[0]!, 'authenticity')).toHaveTextContent(/the signature was checked again now/)
    // ... and that the stored text is not what that check covers.
    expect(detail(replies()[0]!, 'authenticity')).toHaveTextContent(/the text was compared with them only when it arrived/)
    expect(detail(replies()[0]!, 'attestation')).toHaveTextContent(/^Simulated enclave when received/)
    // The storage vouches for its record: the message sent then keeps what it was sent with.
    expect(chip(log().getAllByRole('article', { name: 'Your message' })[0]!, 'e2ee')).toHaveAttribute('data-tone', 'simulated')

    // Clear: the conversation is gone, here and at rest.
    await userEvent.click(screen.getByRole('button', { name: 'Clear conversation' }))
    // It asks first; nothing is gone until the answer.
    expect(replies()).toHaveLength(1)
    await userEvent.click(within(await screen.findByRole('group', { name: /^Clear this conversation\?/ })).getByRole('button', { name: 'Clear' }))
    await waitFor(() => expect(replies()).toHaveLength(0))
    await waitFor(async () => expect((await rawRecords(name)).filter((r) => !(r instanceof CryptoKey))).toHaveLength(0))
  })

  it('storage.clear() under the open chat (a settings page, say): the chat empties, and nothing of it is saved again', async () => {
    const name = `sealkit-test-${crypto.randomUUID()}`
    const storage = createIndexedDBStorage({ name })
    const first = mount(storage)
    const box = await screen.findByRole('textbox', { name: 'Message' })
    await waitFor(() => expect(box).toBeEnabled(), { timeout: 10_000 })
    await userEvent.click(box)
    await userEvent.keyboard(`${SECRET}{Enter}`)
    await waitFor(() => expect(replies().at(-1)).toHaveAttribute('data-authenticity', 'verified'), { timeout: 10_000 })
    await storage.clear()
    await waitFor(() => expect(replies()).toHaveLength(0))
    expect(log().queryByText(SECRET)).toBeNull()
    await userEvent.click(box)
    await userEvent.keyboard('after the clear{Enter}')
    await waitFor(() => expect(replies()).toHaveLength(1), { timeout: 10_000 })
    await waitFor(() => expect(replies()[0]).toHaveAttribute('data-authenticity', 'verified'), { timeout: 10_000 })
    // The reply's last save is in before the reload (one a reload cuts short is another test's).
    await waitFor(async () => expect((await storage.load('default'))?.messages[1]?.metadata).toMatchObject({ authenticity: 'verified' }))
    first.unmount()
    mount(createIndexedDBStorage({ name }))
    await waitFor(() => expect(replies()).toHaveLength(1), { timeout: 10_000 })
    expect(log().getByText('after the clear')).toBeVisible()
    expect(log().queryByText(SECRET)).toBeNull()
  })

  // The attacker's re-check: a clear from another tab left this tab's chat saving under the deleted key (the reload
  // then failed to decrypt, while the secret stayed readable here); a save flushed at unmount landed after a clear.
  it('a clear by another tab empties this tab’s chat too; a clear right after unmount waits for the last save', async () => {
    const name = `sealkit-test-${crypto.randomUUID()}`
    const storage = createIndexedDBStorage({ name })
    const here = mount(storage)
    const box = await screen.findByRole('textbox', { name: 'Message' })
    await waitFor(() => expect(box).toBeEnabled(), { timeout: 10_000 })
    await userEvent.click(box)
    await userEvent.keyboard(`${SECRET}{Enter}`)
    await waitFor(() => expect(replies().at(-1)).toHaveAttribute('data-authenticity', 'verified'), { timeout: 10_000 })
    await createIndexedDBStorage({ name }).clear() // another tab's instance on the same database
    await waitFor(() => expect(replies()).toHaveLength(0))
    await userEvent.click(box)
    await userEvent.keyboard('after the other tab cleared{Enter}')
    await waitFor(() => expect(replies()[0]).toHaveAttribute('data-authenticity', 'verified'), { timeout: 10_000 })
    here.unmount()
    await storage.clear() // straight after the unmount's flush
    const reloaded = createIndexedDBStorage({ name })
    await expect(reloaded.load('default')).resolves.toBeUndefined()
    mount(reloaded)
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toBeEnabled(), { timeout: 10_000 })
    expect(replies()).toHaveLength(0)
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('a record altered at rest is refused with a plain-words error, not shown and not overwritten', async () => {
    const name = `sealkit-test-${crypto.randomUUID()}`
    const storage = createIndexedDBStorage({ name })
    await storage.save({ id: 'default', messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'hello' }] }], savedAt: '' })
    // Flip one ciphertext byte in place.
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(name)
      request.onsuccess = () => resolve(request.result)
    })
    await new Promise<void>((resolve) => {
      const tx = db.transaction('conversations', 'readwrite')
      const store = tx.objectStore('conversations')
      store.get('default').onsuccess = (event) => {
        const record = (event.target as IDBRequest<{ data: ArrayBuffer }>).result
        new Uint8Array(record.data)[3]! ^= 1
        store.put(record, 'default')
      }
      tx.oncomplete = () => resolve()
    })
    db.close()

    mount(createIndexedDBStorage({ name }))
    const alert = await screen.findByText(/saved conversation could not be read/, {}, { timeout: 10_000 })
    expect(alert.closest('[data-error-code]')).toHaveAttribute('data-error-code', 'STORAGE_FAILED')
    // Said as loudly as the chat's own errors: the danger tone, not the notice's grey.
    const box = alert.closest('[role="alert"]')!
    expect(box).toHaveAttribute('data-tone', 'danger')
    expect(getComputedStyle(box).color).not.toBe(getComputedStyle(box.closest('.sealkit-chat__notice')!).color)
    expect(log().queryByText('hello')).toBeNull()
  })

  // Only the storage alert showed: the composer was off with nothing saying why.
  it('a storage that fails beside a verification that fails: both are said, the storage first', async () => {
    const broken: ChatStorage = { ...createMemoryStorage(), load: async () => Promise.reject(new Error('disk says no')) }
    const failing = createSimulator({ seed: 'persistence-unverified', fault: 'unverified' })
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    render(
      <QueryClientProvider client={queryClient}>
        <SealkitProvider config={{ baseURL: 'http://simulator.test/api/v1', fetch: failing.fetch, verify: { trustedRoots: failing.trustedRoots() } }}>
          <PrivateChat storage={broken} />
        </SealkitProvider>
      </QueryClientProvider>,
    )
    const storageAlert = (await screen.findByText(/saved conversation could not be read/, {}, { timeout: 10_000 })).closest('[role="alert"]')!
    const sendingOff = await screen.findByText(/Sending is off: this enclave did not pass verification/, {}, { timeout: 10_000 })
    expect(storageAlert.compareDocumentPosition(sendingOff) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(screen.getByRole('button', { name: /^Attestation:/ })).toHaveAttribute('data-state', 'failed')
  })

  it('while the stored conversation loads, the badge’s place is held unseen: at a phone’s width the header does not grow when it comes', async () => {
    const saved = await savedSignedReply()
    let answer!: () => void
    const answered = new Promise<void>((r) => (answer = r))
    const slow: ChatStorage = { ...saved, load: async (id) => (await answered, saved.load(id)) }
    mount(slow, (chat) => <div style={{ width: 360 }}>{chat}</div>)
    const header = document.querySelector('.sealkit-chat__header')!
    // The models are in; the model waits for the stored conversation. The held badge is nobody's button.
    await screen.findByRole('combobox', {}, { timeout: 10_000 })
    expect(screen.queryByRole('button', { name: /^Attestation:/ })).toBeNull()
    // Nor does the chat say anything is being verified.
    expect(document.querySelector('.sealkit-chat')).toHaveAttribute('data-attestation', 'none')
    const held = header.getBoundingClientRect().height
    answer()
    await waitFor(() => expect(screen.getByRole('button', { name: /^Attestation:/ })).toBeVisible(), { timeout: 10_000 })
    expect(header.getBoundingClientRect().height).toBe(held)
    await waitFor(() => expect(replies()).toHaveLength(1))
  })

  it('storage that does not answer: said as a warning with no Clear, the chat goes on; a late answer restores, with its model', async () => {
    const memory = createMemoryStorage()
    await memory.save({ id: 'default', model: 'e2ee-glm-5', messages: [{ id: 'u-old', role: 'user', parts: [{ type: 'text', text: 'kept from before' }] }], savedAt: '' })
    let answer!: () => void
    const answered = new Promise<void>((r) => (answer = r))
    mount({ ...memory, load: async (id) => (await answered, memory.load(id)), loadTimeoutMs: 200 })
    const alert = (await screen.findByText(/saved conversation has not loaded yet/, {}, { timeout: 10_000 })).closest('[role="alert"]')!
    expect(alert).toHaveAttribute('data-tone', 'warning')
    expect(alert).toHaveTextContent('nothing is saved until it loads')
    expect(within(alert as HTMLElement).queryByRole('button')).toBeNull()
    // The chat goes on meanwhile, with the default model.
    await userEvent.click(screen.getByRole('textbox', { name: 'Message' }))
    await userEvent.keyboard('draft')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toSatisfy(canSend), { timeout: 10_000 })
    expect(screen.getByRole('combobox', { name: 'Model' })).not.toHaveTextContent('GLM 5')
    answer()
    await waitFor(() => expect(log().getByText('kept from before')).toBeVisible())
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent('GLM 5'))
    expect(screen.queryByText(/saved conversation has not loaded yet/)).toBeNull()
  })

  it('a chat begun while the storage did not answer: no Clear meanwhile; a late stored conversation is kept, not overwritten, and said', async () => {
    const memory = createMemoryStorage()
    await memory.save({ id: 'default', messages: [{ id: 'u-old', role: 'user', parts: [{ type: 'text', text: 'kept from before' }] }], savedAt: '' })
    let answer!: () => void
    const answered = new Promise<void>((r) => (answer = r))
    mount({ ...memory, load: async (id) => (await answered, memory.load(id)), loadTimeoutMs: 200 })
    await screen.findByText(/saved conversation has not loaded yet/, {}, { timeout: 10_000 })
    await userEvent.click(screen.getByRole('textbox', { name: 'Message' }))
    await userEvent.keyboard('begun meanwhile')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toSatisfy(canSend), { timeout: 10_000 })
    await userEvent.keyboard('{Enter}')
    await waitFor(() => expect(replies().at(-1)).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
    // Clear would delete the stored conversation nobody has seen: not offered while the storage does not answer.
    expect(screen.queryByRole('button', { name: 'Clear conversation' })).toBeNull()
    answer()
    const alert = (await screen.findByText(/saved conversation loaded after this one began/)).closest('[role="alert"]')!
    expect(alert).toHaveTextContent('Reload the page to see the saved one')
    expect(log().queryByText('kept from before')).toBeNull()
    expect(log().getByText('begun meanwhile')).toBeVisible()
    expect(JSON.stringify(await memory.load('default'))).toContain('kept from before')
    expect(JSON.stringify(await memory.load('default'))).not.toContain('begun meanwhile')
  })

  it('with a defaultModel, Send still waits for the stored conversation, whose model comes first: a message never races the restore', async () => {
    const memory = createMemoryStorage()
    await memory.save({ id: 'default', model: 'e2ee-qwen3-5-122b-a10b', messages: [{ id: 'u-old', role: 'user', parts: [{ type: 'text', text: 'kept from before' }] }], savedAt: '' })
    let answer!: () => void
    const answered = new Promise<void>((r) => (answer = r))
    mount({ ...memory, load: async (id) => (await answered, memory.load(id)) }, undefined, { defaultModel: 'e2ee-glm-5' })
    await userEvent.click(await screen.findByRole('textbox', { name: 'Message' }))
    await userEvent.keyboard('typed early')
    // The models are in; the stored conversation is not.
    await screen.findByRole('combobox', { name: 'Model' }, { timeout: 10_000 })
    await new Promise((r) => setTimeout(r, 300))
    expect(screen.getByRole('button', { name: 'Send' })).not.toSatisfy(canSend)
    answer()
    await waitFor(() => expect(log().getByText('kept from before')).toBeVisible())
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Model' })).toHaveTextContent('Qwen 3.5'))
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toSatisfy(canSend), { timeout: 10_000 })
    await userEvent.keyboard('{Enter}')
    await waitFor(() => expect(replies().at(-1)).toHaveAttribute('data-status', 'done'), { timeout: 10_000 })
    expect((await memory.load('default'))?.messages.map((m) => m.id)[0]).toBe('u-old')
  })

  it('a stored reply whose signature was edited comes back failed, loudly: collapsed behind the warning', async () => {
    const storage = await savedSignedReply()

    // Someone with access to the storage swaps one byte of the recorded signature.
    const record = (await storage.load('default'))!
    const reply = record.messages[1]!
    const sig = reply.metadata!.signatureDetails!.signature
    reply.metadata!.signatureDetails!.signature = sig.slice(0, 10) + (sig[10] === '0' ? '1' : '0') + sig.slice(11)
    await storage.save(record)

    mount(storage)
    await waitFor(() => expect(replies()).toHaveLength(1), { timeout: 10_000 })
    expect(replies()[0]).toHaveAttribute('data-authenticity', 'failed')
    expect(within(replies()[0]!).getByText(/not signed by the enclave/)).toBeVisible()
    expect(chip(replies()[0]!, 'authenticity')).toHaveTextContent('Signature failed')
  })

  it('from storage that cannot vouch for its records, a signed reply comes back "not provable", never "signed"', async () => {
    const memory = await savedSignedReply()

    // The same records behind an app's own adapter (a server, localStorage): whoever writes it could forge them.
    mount({ ...memory, info: { kind: 'server', encryptedAtRest: false, persistent: true } })
    await waitFor(() => expect(replies()).toHaveLength(1), { timeout: 10_000 })
    expect(replies()[0]).toHaveAttribute('data-authenticity', 'unavailable')
    expect(chip(replies()[0]!, 'authenticity')).toHaveTextContent(/^Signature not provable,?$/)
    expect(detail(replies()[0]!, 'authenticity')).toHaveTextContent(/could have written it, signature and key included/)
    // Nor does the message sent then claim, on its word, how it was sent.
    expect(chip(log().getAllByRole('article', { name: 'Your message' })[0]!, 'e2ee')).toBeNull()
  })
})

describe('a hostile reply kept between visits', () => {
  it('a reply of 2,000 nested quotes (the simulator echoes the prompt) leaves the chat, the app and the next visit standing', async () => {
    const storage = createMemoryStorage()
    const app = (ui: ReturnType<typeof mount>['container']) => ui.querySelector('h1')
    const mountInApp = () =>
      mount(storage, (chat) => (
        <div>
          <h1>The app around the chat</h1>
          {chat}
        </div>
      ))
    const first = mountInApp()
    const box = await screen.findByRole('textbox', { name: 'Message' })
    await waitFor(() => expect(box).toBeEnabled(), { timeout: 10_000 })
    await userEvent.fill(box, `quote this:\n${'>'.repeat(2000)} deep`)
    await waitFor(() => expect(screen.getByRole('button', { name: 'Send' })).toSatisfy(canSend), { timeout: 10_000 })
    await userEvent.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(replies().at(-1)).toHaveAttribute('data-authenticity', 'verified'), { timeout: 10_000 })
    expect(replies().at(-1)!.querySelector('.sealkit-md__raw')?.textContent).toContain(`${'>'.repeat(2000)} deep`)
    expect(app(first.container)).not.toBeNull()
    first.unmount()

    const again = mountInApp()
    await waitFor(() => expect(replies()).toHaveLength(1), { timeout: 10_000 })
    await waitFor(() => expect(replies()[0]!.querySelector('.sealkit-md__raw')?.textContent).toContain(' deep'), { timeout: 10_000 })
    expect(app(again.container)).not.toBeNull()
    again.unmount()
  })
})
