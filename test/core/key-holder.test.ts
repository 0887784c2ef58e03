import { describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/core/api/client.ts'
import { encrypt } from '../../src/core/crypto/e2ee.ts'
import { keyHolderInfo, type KeyHolder } from '../../src/core/crypto/key-holder.ts'
import { createLocalKeyHolder } from '../../src/core/crypto/local-key-holder.ts'
import { isEncryptedHex } from '../../src/core/crypto/ciphertext.ts'
import { publicKeyToAddress, signPersonalMessage } from '../../src/core/crypto/eth.ts'
import { generateClientKeyPair } from '../../src/core/crypto/keys.ts'
import { CryptoError, isSealkitError, SignatureError } from '../../src/core/errors.ts'
import { createChatSession, type ChatStreamEvent } from '../../src/core/session/chat-session.ts'
import { createDecryptWorkerHandler, MAX_DECRYPT_BATCH, type DecryptWorkerResponse } from '../../src/core/worker/decrypt-worker.ts'
import { NO_WORKERS_REASON, createDefaultKeyHolder, createWorkerKeyHolder, type DecryptWorkerLike } from '../../src/core/worker/worker-key-holder.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { rejectedCode } from '../helpers/error-code.ts'
import { InProcessDecryptWorker } from '../helpers/in-process-decrypt-worker.ts'
import { MissingWorker } from '../helpers/missing-worker.ts'

/** Flips one bit of the GCM tag: authentic framing, forged content. */
const tamper = (wire: string) => wire.slice(0, -1) + (wire.endsWith('0') ? '1' : '0')

describe('createLocalKeyHolder', () => {
  it('decrypts wire values made for its public key', () => {
    const holder = createLocalKeyHolder()
    expect(holder.publicKeyHex).toMatch(/^04[0-9a-f]{128}$/)
    expect(holder.decrypt(encrypt('héllo 🔐', holder.publicKeyHex))).toBe('héllo 🔐')
    expect(createLocalKeyHolder().publicKeyHex).not.toBe(holder.publicKeyHex)
  })

  it('fails closed with the CryptoError codes, and with KEY_DESTROYED after destroy', async () => {
    const holder = createLocalKeyHolder()
    const wire = encrypt('x', holder.publicKeyHex)
    expect(await rejectedCode(() => holder.decrypt('zz' + wire))).toBe('INVALID_HEX')
    expect(await rejectedCode(() => holder.decrypt(tamper(wire)))).toBe('DECRYPT_FAILED')
    expect(await rejectedCode(() => holder.decrypt(encrypt('x', createLocalKeyHolder().publicKeyHex)))).toBe('DECRYPT_FAILED')
    holder.destroy()
    holder.destroy()
    expect(await rejectedCode(() => holder.decrypt(wire))).toBe('KEY_DESTROYED')
  })
})

describe('the decrypt worker protocol (handler in-process)', () => {
  it('makes a key on init, answers decrypts by id, and posts bare codes on failure', async () => {
    const h = createDecryptWorkerHandler({ installEcdh: async () => {} })
    expect(await h.handleMessage({ type: 'decrypt', id: 1, wire: 'ab' })).toEqual({ id: 1, ok: false, code: 'KEY_DESTROYED' })
    const init = await h.handleMessage({ type: 'init', id: 2 })
    expect(init).toMatchObject({ id: 2, ok: true })
    const pub = (init as { publicKeyHex: string }).publicKeyHex
    expect(pub).toMatch(/^04[0-9a-f]{128}$/)
    // init is idempotent: one key per worker
    expect(await h.handleMessage({ type: 'init', id: 3 })).toEqual({ id: 3, ok: true, publicKeyHex: pub })
    const wire = encrypt('token', pub)
    expect(await h.handleMessage({ type: 'decrypt', id: 4, wire })).toEqual({ id: 4, ok: true, text: 'token' })
    // errors carry the code and nothing else
    expect(await h.handleMessage({ type: 'decrypt', id: 5, wire: 'not hex' })).toEqual({ id: 5, ok: false, code: 'INVALID_HEX' })
    expect(await h.handleMessage({ type: 'decrypt', id: 6, wire: tamper(wire) })).toEqual({ id: 6, ok: false, code: 'DECRYPT_FAILED' })
    expect(await h.handleMessage({ type: 'decrypt', id: 7, wire: 42 })).toEqual({ id: 7, ok: false, code: 'INVALID_HEX' })
    // malformed messages without an id get no answer
    expect(await h.handleMessage(null)).toBeUndefined()
    expect(await h.handleMessage({ type: 'decrypt', wire })).toBeUndefined()
    expect(await h.handleMessage({ type: 'destroy' })).toBeUndefined()
    expect(h.destroyed).toBe(true)
    expect(await h.handleMessage({ type: 'decrypt', id: 8, wire })).toEqual({ id: 8, ok: false, code: 'KEY_DESTROYED' })
  })
})

describe('the decrypt-batch message', () => {
  it('answers one result per wire, in order, each with its own code', async () => {
    const h = createDecryptWorkerHandler({ installEcdh: async () => {} })
    const batch = (id: number, wires: unknown) => h.handleMessage({ type: 'decrypt-batch', id, wires })
    expect(await batch(1, ['00'])).toEqual({ id: 1, ok: false, code: 'KEY_DESTROYED' })
    const pub = ((await h.handleMessage({ type: 'init', id: 2 })) as { publicKeyHex: string }).publicKeyHex
    const a = encrypt('a', pub)
    expect(await batch(3, [a, tamper(a), 'zz', 42, encrypt('b', pub)])).toEqual({
      id: 3,
      ok: true,
      results: [{ ok: true, text: 'a' }, { ok: false, code: 'DECRYPT_FAILED' }, { ok: false, code: 'INVALID_HEX' }, { ok: false, code: 'INVALID_HEX' }, { ok: true, text: 'b' }],
    })
    expect(await batch(4, 'not an array')).toEqual({ id: 4, ok: false, code: 'INVALID_HEX' })
    expect(await batch(5, new Array(MAX_DECRYPT_BATCH + 1).fill(a))).toEqual({ id: 5, ok: false, code: 'INVALID_HEX' })
  })

  it('the holder batches decrypts that queue up while requests are in flight, and resolves each in order', async () => {
    const worker = new InProcessDecryptWorker()
    const holder = await createWorkerKeyHolder(worker)
    const texts = Array.from({ length: 40 }, (_, i) => `t${i}`)
    const wires = texts.map((t) => encrypt(t, holder.publicKeyHex))
    wires[25] = tamper(wires[25]!)
    const settled = await Promise.allSettled(wires.map((w) => holder.decrypt(w)))
    expect(settled.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as { code: string }).code))).toEqual(texts.map((t, i) => (i === 25 ? 'DECRYPT_FAILED' : t)))
    const types = worker.posted.map((m) => (m as { type: string }).type)
    expect(types.filter((t) => t === 'decrypt-batch').length).toBeGreaterThan(0)
    expect(types.length).toBeLessThan(10) // init + a few messages, not 40
    holder.destroy()
  })

  it('a worker that crashes fails queued and later decrypts closed', async () => {
    const worker = new InProcessDecryptWorker()
    const holder = await createWorkerKeyHolder(worker)
    const wire = encrypt('x', holder.publicKeyHex)
    const all = Promise.allSettled([1, 2, 3, 4].map(() => holder.decrypt(wire)))
    worker.terminated = true
    worker.dispatchEvent(new Event('error'))
    expect((await all).map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected'])
    expect(await rejectedCode(() => holder.decrypt(wire))).toBe('DECRYPT_FAILED')
  })
})

describe('createWorkerKeyHolder', () => {
  it("says which ECDH the worker runs; a fallback from WebAssembly is in the holder's facts and warned once", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      // The default: libsecp256k1 in WebAssembly, which Node runs. Nothing to warn about.
      const wasm = await createWorkerKeyHolder(new InProcessDecryptWorker(createDecryptWorkerHandler()))
      expect(wasm.ecdh).toEqual({ name: 'libsecp256k1-wasm' })
      expect(warn).not.toHaveBeenCalled()
      // What installFastEcdh answers where a Content-Security-Policy bars WebAssembly (Chromium's words).
      const reason = "WebAssembly.compile(): Compiling or instantiating WebAssembly module violates the following Content Security policy directive because 'unsafe-eval' is not an allowed source of script"
      const barred = () => new InProcessDecryptWorker(createDecryptWorkerHandler({ installEcdh: async () => ({ name: 'noble', reason }) }))
      const holder = await createWorkerKeyHolder(barred())
      expect(holder.ecdh).toEqual({ name: 'noble', reason })
      expect(keyHolderInfo(holder)).toMatchObject({ kind: 'worker', ecdh: { name: 'noble', reason } })
      expect(await holder.decrypt(encrypt('still private', holder.publicKeyHex))).toBe('still private')
      expect(warn).toHaveBeenCalledOnce()
      expect(warn.mock.calls[0]![0]).toMatch(/ECDH runs on noble, not libsecp256k1 in WebAssembly \(WebAssembly\.compile\(\).*'wasm-unsafe-eval'/)
      await createWorkerKeyHolder(barred())
      expect(warn).toHaveBeenCalledOnce()
    } finally {
      warn.mockRestore()
    }
  })

  it('an init answer whose ECDH facts cannot be read still gives a holder that says so, and that can be destroyed', async () => {
    // A DecryptWorkerLike of the app's own that hands objects over as they are (no structured clone).
    const real = createDecryptWorkerHandler({ installEcdh: async () => {} })
    const posted: unknown[] = []
    const worker = Object.assign(new EventTarget(), {
      postMessage(message: unknown) {
        posted.push(message)
        void real.handleMessage(message).then((r) => {
          if (!r) return
          const data = (r as { publicKeyHex?: unknown }).publicKeyHex ? Object.defineProperty({ ...r }, 'ecdh', { get: () => { throw new Error('no') }, enumerable: true }) : r
          worker.dispatchEvent(new MessageEvent('message', { data }))
        })
      },
      terminate() {},
    })
    const holder = await createWorkerKeyHolder(worker)
    expect(holder.ecdh).toEqual({ name: 'unknown', reason: "the worker's answer could not be read" })
    holder.destroy()
    expect(posted.map((m) => (m as { type: string }).type)).toContain('destroy')
  })

  it('takes only short plain strings for the ECDH facts, and never lets a fallback pass as none', async () => {
    const answering = (ecdh: unknown) => {
      const real = createDecryptWorkerHandler({ installEcdh: async () => {} })
      return new InProcessDecryptWorker({ handleMessage: async (m) => ({ ...(await real.handleMessage(m))!, ecdh }) as DecryptWorkerResponse, destroyed: false })
    }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      expect((await createWorkerKeyHolder(answering({ name: 42 }))).ecdh).toBeUndefined()
      expect((await createWorkerKeyHolder(answering({ name: 'x'.repeat(65) }))).ecdh).toBeUndefined()
      // A fallback with a name too long to show is still a fallback.
      expect((await createWorkerKeyHolder(answering({ name: 'x'.repeat(65), reason: 'barred' }))).ecdh).toEqual({ name: 'unknown', reason: 'barred' })
      expect((await createWorkerKeyHolder(answering('noble'))).ecdh).toBeUndefined()
      expect((await createWorkerKeyHolder(answering({ name: 'noble', reason: 5 }))).ecdh).toEqual({ name: 'noble', reason: 'the worker gave no readable reason' })
      expect((await createWorkerKeyHolder(answering({ name: 'noble', reason: 'r'.repeat(1001) }))).ecdh).toEqual({ name: 'noble', reason: 'the worker gave no readable reason' })
    } finally {
      warn.mockRestore()
    }
  })

  it('forwards decrypts to the worker and re-throws its codes as CryptoErrors without key or ciphertext', async () => {
    const worker = new InProcessDecryptWorker()
    const holder = await createWorkerKeyHolder(worker)
    expect(holder.publicKeyHex).toMatch(/^04[0-9a-f]{128}$/)
    const wire = encrypt('from the worker', holder.publicKeyHex)
    expect(await holder.decrypt(wire)).toBe('from the worker')
    // concurrent requests are matched by id
    const texts = ['a', 'b', 'c', 'd']
    expect(await Promise.all(texts.map((t) => holder.decrypt(encrypt(t, holder.publicKeyHex))))).toEqual(texts)

    let error: unknown
    try {
      await holder.decrypt(tamper(wire))
    } catch (e) {
      error = e
    }
    expect(isSealkitError(error) && error.name === 'CryptoError' && error.code).toBe('DECRYPT_FAILED')
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(wire.slice(0, 40))
    expect(await rejectedCode(() => holder.decrypt('00'))).toBe('INVALID_HEX')
    // nothing the worker sent back contains key or ciphertext material
    for (const a of worker.answers) {
      expect(Object.keys(a).sort()).toEqual(a.ok ? ('text' in a ? ['id', 'ok', 'text'] : 'results' in a ? ['id', 'ok', 'results'] : ['id', 'ok', 'publicKeyHex']) : ['code', 'id', 'ok'])
      if ('results' in a) for (const r of a.results) expect(Object.keys(r).sort()).toEqual(r.ok ? ['ok', 'text'] : ['code', 'ok'])
    }

    holder.destroy()
    expect(worker.posted.at(-1)).toEqual({ type: 'destroy' })
    expect(worker.handler.destroyed).toBe(true)
    expect(await rejectedCode(() => holder.decrypt(wire))).toBe('KEY_DESTROYED')
  })

  it('rejects when the worker fails to start or does not answer: KEY_HOLDER_UNAVAILABLE, not a decryption failure', async () => {
    const dead = new (class extends EventTarget implements DecryptWorkerLike {
      terminated = false
      postMessage() {
        queueMicrotask(() => this.dispatchEvent(new Event('error')))
      }
      terminate() {
        this.terminated = true
      }
    })()
    expect(await rejectedCode(() => createWorkerKeyHolder(dead))).toBe('KEY_HOLDER_UNAVAILABLE')

    const silent = new (class extends EventTarget implements DecryptWorkerLike {
      postMessage() {}
      terminate() {}
    })()
    expect(await rejectedCode(() => createWorkerKeyHolder(silent, { initTimeoutMs: 20 }))).toBe('KEY_HOLDER_UNAVAILABLE')
  })

  it("a worker URL of the app where no worker loads: createWorkerKeyHolder rejects naming it; createDefaultKeyHolder falls back, saying so and naming it once", async () => {
    vi.stubGlobal('Worker', MissingWorker)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      let error: unknown
      await createWorkerKeyHolder('/nope/decrypt-worker.js').catch((e: unknown) => (error = e))
      expect(isSealkitError(error) && error.name === 'CryptoError' && error.code).toBe('KEY_HOLDER_UNAVAILABLE')
      expect((error as Error).message).toBe('The decryption worker at /nope/decrypt-worker.js did not load, or failed while starting')
      // A URL with a user name, a password or a token in it is named by its origin and path only.
      let secret: unknown
      await createWorkerKeyHolder(new URL('https://alice:s3cret@app.example/nope/decrypt-worker.js?sig=TOKEN')).catch((e: unknown) => (secret = e))
      expect((secret as Error).message).toBe('The decryption worker at https://app.example/nope/decrypt-worker.js did not load, or failed while starting')

      const holder = await createDefaultKeyHolder({ worker: '/nope/decrypt-worker.js' })
      expect(keyHolderInfo(holder)).toEqual({
        kind: 'main-thread',
        reason: 'the decryption worker could not start (The decryption worker at /nope/decrypt-worker.js did not load, or failed while starting): the key stays on this thread',
      })
      expect(holder.decrypt(encrypt('still private', holder.publicKeyHex))).toBe('still private')
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]![0])).toMatch(/Check that \/nope\/decrypt-worker\.js serves sealkit's decrypt-worker\.js/)
    } finally {
      warn.mockRestore()
      vi.unstubAllGlobals()
    }
  })

  it("createDefaultKeyHolder({ worker }) starts the app's worker when it loads", async () => {
    const started: unknown[] = []
    class UrlWorker extends InProcessDecryptWorker {
      constructor(url: URL | string) {
        super()
        started.push(url)
      }
    }
    vi.stubGlobal('Worker', UrlWorker)
    try {
      const holder = await createDefaultKeyHolder({ worker: '/workers/decrypt-worker.js' })
      expect(started).toEqual(['/workers/decrypt-worker.js'])
      expect(holder.kind).toBe('worker')
      expect(await holder.decrypt(encrypt('w', holder.publicKeyHex))).toBe('w')
      holder.destroy()
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('createDefaultKeyHolder keeps the key on this thread where there is no Worker, and says so without warning', async () => {
    expect(typeof Worker).toBe('undefined')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const holder = await createDefaultKeyHolder()
    expect(holder.decrypt(encrypt('local', holder.publicKeyHex))).toBe('local')
    expect(keyHolderInfo(holder)).toEqual({ kind: 'main-thread', reason: NO_WORKERS_REASON })
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
  })

  it('a worker that cannot start: the fallback holder says why, and the console warns once', async () => {
    // A Worker constructor whose script never loads (a bundler that did not emit it, a CSP that bars it).
    class FailingWorker extends EventTarget {
      constructor(readonly url: URL | string) {
        super()
      }
      postMessage() {
        queueMicrotask(() => this.dispatchEvent(new Event('error')))
      }
      terminate() {}
    }
    vi.stubGlobal('Worker', FailingWorker)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const a = await createDefaultKeyHolder()
      const b = await createDefaultKeyHolder()
      expect(a.kind).toBe('main-thread')
      expect(a.reason).toMatch(/^the decryption worker could not start \(The decryption worker did not load, or failed while starting\): the key stays on this thread$/)
      expect(b.decrypt(encrypt('still private', b.publicKeyHex))).toBe('still private')
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]![0])).toMatch(/^sealkit: the decryption worker could not start.*decrypt-worker\.js/)
    } finally {
      warn.mockRestore()
      vi.unstubAllGlobals()
    }
  })

  it('a worker URL of the app: started as a module worker that the holder owns; reports kind worker', async () => {
    const started: Array<{ url: unknown; options: unknown }> = []
    class UrlWorker extends InProcessDecryptWorker {
      constructor(url: URL | string, options: unknown) {
        super()
        started.push({ url, options })
      }
    }
    vi.stubGlobal('Worker', UrlWorker)
    try {
      const holder = await createWorkerKeyHolder(new URL('https://app.test/workers/decrypt-worker.js'))
      expect(started).toEqual([{ url: new URL('https://app.test/workers/decrypt-worker.js'), options: { type: 'module' } }])
      expect(keyHolderInfo(holder)).toEqual({ kind: 'worker', reason: expect.stringMatching(/Web Worker/) })
      expect(await holder.decrypt(encrypt('w', holder.publicKeyHex))).toBe('w')
      holder.destroy()
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('createChatSession with a keyHolder', () => {
  const E2EE = 'e2ee-qwen3-5-122b-a10b'
  const collect = async (iter: AsyncIterable<ChatStreamEvent>) => {
    let text = ''
    for await (const e of iter) if (e.type === 'delta') text += e.content
    return text
  }

  it('streams through an async (worker) holder and destroys it with the session', async () => {
    const sim = createSimulator({ seed: 'key-holder-test' })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    const worker = new InProcessDecryptWorker()
    let holder: KeyHolder | undefined
    const session = createChatSession(client, {
      model: E2EE,
      mode: 'e2ee',
      policy: 'basic', trustedRoots: sim.trustedRoots(),
      keyHolder: async () => (holder = await createWorkerKeyHolder(worker)),
    })
    expect(session.keyHolder).toBeUndefined()
    const text = await collect(session.stream([{ role: 'user', content: 'Say hi 🔐' }]))
    expect(text).toContain('Say hi 🔐')
    expect(session.clientPublicKey).toBe(holder!.publicKeyHex)
    expect(session.keyHolder).toEqual({ kind: 'worker', reason: holder!.reason })
    session.destroy()
    expect(worker.handler.destroyed).toBe(true)
  })

  it('a holder that does not say its ECDH gets the one this thread ran for it, once its first chat has loaded it', async () => {
    const sim = createSimulator({ seed: 'key-holder-test' })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    const own = createLocalKeyHolder()
    const holders: Array<[() => KeyHolder, Record<string, unknown>]> = [
      [() => createLocalKeyHolder({ reason: 'here' }), { kind: 'main-thread', reason: 'here' }],
      // An app's own holder: it decrypts, this thread encrypts to the enclave.
      [() => ({ publicKeyHex: own.publicKeyHex, decrypt: own.decrypt, destroy: own.destroy }), { kind: 'custom' }],
    ]
    for (const [keyHolder, facts] of holders) {
      const session = createChatSession(client, { model: E2EE, mode: 'e2ee', policy: 'basic', trustedRoots: sim.trustedRoots(), keyHolder })
      expect(await collect(session.stream([{ role: 'user', content: 'Say hi' }]))).toContain('Say hi')
      // Node runs WebAssembly: no fallback to say.
      expect(session.keyHolder).toMatchObject({ ...facts, ecdh: { name: 'libsecp256k1-wasm' } })
      // The same object on every read while nothing it says changes: a view compares it to skip a render.
      expect(session.keyHolder).toBe(session.keyHolder)
      session.destroy()
    }
  })

  it('encrypts in the worker and checks the response signature there: the main thread gets ciphertext and verdicts, never a key', async () => {
    const sim = createSimulator({ seed: 'key-holder-test' })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    const worker = new InProcessDecryptWorker()
    const session = createChatSession(client, {
      model: E2EE,
      mode: 'e2ee',
      policy: 'basic', trustedRoots: sim.trustedRoots(),
      keyHolder: () => createWorkerKeyHolder(worker),
    })
    const events: ChatStreamEvent[] = []
    for await (const e of session.stream([{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'Say hi 🔐' }])) events.push(e)
    // The enclave read what the worker encrypted: it echoes the prompt.
    expect(events.filter((e) => e.type === 'delta').map((e) => (e.type === 'delta' ? e.content : '')).join('')).toContain('Say hi 🔐')
    const signature = events.find((e) => e.type === 'signature')
    expect(signature?.type === 'signature' && signature.signature.status).toBe('verified')
    const asked = worker.posted.map((m) => (m as { type: string }).type)
    expect(asked.filter((t) => t === 'encrypt')).toHaveLength(1)
    expect(asked.filter((t) => t === 'verify-signature')).toHaveLength(1)
    const encrypted = worker.answers.find((a) => 'ciphertexts' in a)!
    expect(Object.keys(encrypted).sort()).toEqual(['ciphertexts', 'id', 'ok'])
    const ciphertexts = (encrypted as { ciphertexts: string[] }).ciphertexts
    expect(ciphertexts).toHaveLength(2)
    for (const c of ciphertexts) expect(isEncryptedHex(c)).toBe(true)
    // A fresh ephemeral key per field: no two fields share one.
    expect(new Set(ciphertexts.map((c) => c.slice(0, 130))).size).toBe(2)
    const verified = worker.answers.find((a) => 'verified' in a)!
    expect(Object.keys(verified).sort()).toEqual(['id', 'ok', 'verified'])
    session.destroy()
  })

  it('a signature the worker rejects is the same SignatureError as on the main thread; a bad model key is ENCRYPT_FAILED or INVALID_PUBLIC_KEY', async () => {
    const holder = await createWorkerKeyHolder(new InProcessDecryptWorker())
    const signer = generateClientKeyPair()
    const address = publicKeyToAddress(signer.publicKeyHex)
    const [requestHash, responseHash] = ['aa'.repeat(32), 'bb'.repeat(32)]
    const text = `m:${requestHash}:${responseHash}`
    const signature = signPersonalMessage(text, signer.privateKey)
    const check = (over: Partial<{ expectedAddress: string; responseHash: string }>) =>
      holder.verifyResponseSignature!({ text, signature, expectedAddress: address, requestHash, responseHash, ...over })
    expect(await check({})).toMatchObject({ status: 'verified', signingAddress: address })
    const wrongAddress = await check({ expectedAddress: '0x' + '11'.repeat(20) }).catch((e: unknown) => e)
    expect(wrongAddress).toBeInstanceOf(SignatureError)
    expect(wrongAddress).toMatchObject({ code: 'SIGNATURE_ADDRESS_MISMATCH', details: { recovered: address } })
    const wrongBytes = await check({ responseHash: 'cc'.repeat(32) }).catch((e: unknown) => e)
    expect(wrongBytes).toMatchObject({ code: 'SIGNATURE_HASH_MISMATCH', details: { request: 'match', response: 'mismatch' } })
    expect(['ENCRYPT_FAILED', 'INVALID_PUBLIC_KEY']).toContain(await rejectedCode(() => holder.encrypt!(['hi'], '04' + '00'.repeat(64))))
    signer.destroy()
    holder.destroy()
    expect(await rejectedCode(() => holder.encrypt!(['hi'], signer.publicKeyHex))).toBe('KEY_DESTROYED')
  })

  it('session.keyHolder: main-thread by default, custom for a holder that does not say, never the holder itself', async () => {
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: createSimulator().fetch })
    const local = createChatSession(client, { model: E2EE, mode: 'e2ee' })
    // The default holder's code is a chunk of its own: known once keyReady() resolves.
    expect(local.keyHolder).toBeUndefined()
    await local.keyReady!()
    // (With `ecdh` once any chat on this thread has loaded the ECDH backend: module state, so the order of tests shows here.)
    expect(local.keyHolder).toMatchObject({ kind: 'main-thread', reason: expect.any(String) })
    const own = createLocalKeyHolder()
    const custom = createChatSession(client, { model: E2EE, mode: 'e2ee', keyHolder: () => ({ publicKeyHex: own.publicKeyHex, decrypt: own.decrypt, destroy: own.destroy }) })
    // Facts only, never the holder (`ecdh` too once a chat on this thread has loaded it: module state).
    expect(Object.keys(custom.keyHolder!).filter((k) => k !== 'ecdh').sort()).toEqual(['kind', 'reason'])
    expect(custom.keyHolder!.kind).toBe('custom')
    expect(createChatSession(client, { model: 'tee-qwen3-5-122b-a10b', mode: 'tee' }).keyHolder).toBeUndefined()
    for (const s of [local, custom]) s.destroy()
  })

  it('pipelines decrypts through a slow async holder: in order, and a failing chunk ends the stream with its code, nothing after it', async () => {
    const sim = createSimulator({ seed: 'key-holder-test', chunks: 30 })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    const reference = createChatSession(client, { model: E2EE, mode: 'e2ee', policy: 'basic', trustedRoots: sim.trustedRoots(), signature: 'skip' })
    const expected: string[] = []
    for await (const e of reference.stream([{ role: 'user', content: 'order' }])) if (e.type === 'delta') expected.push(e.content)
    reference.destroy()

    // A holder whose answers come back out of order (later chunks faster), failing the 12th field.
    const run = async (failAt: number | undefined) => {
      let n = 0
      let maxConcurrent = 0
      let concurrent = 0
      const session = createChatSession(client, {
        model: E2EE,
        mode: 'e2ee',
        policy: 'basic', trustedRoots: sim.trustedRoots(),
        signature: 'skip',
        keyHolder: () => {
          const local = createLocalKeyHolder()
          return {
            publicKeyHex: local.publicKeyHex,
            async decrypt(wire: string) {
              const i = n++
              concurrent++
              maxConcurrent = Math.max(maxConcurrent, concurrent)
              await new Promise((r) => setTimeout(r, Math.max(0, 8 - (i % 4) * 2)))
              concurrent--
              if (i === failAt) throw new CryptoError('DECRYPT_FAILED')
              return local.decrypt(wire)
            },
            destroy: () => local.destroy(),
          }
        },
      })
      const got: string[] = []
      let code: string | undefined
      try {
        for await (const e of session.stream([{ role: 'user', content: 'order' }])) if (e.type === 'delta') got.push(e.content)
      } catch (e) {
        code = isSealkitError(e) ? e.code : String(e)
      }
      session.destroy()
      return { got, code, maxConcurrent }
    }
    const ok = await run(undefined)
    expect(ok.code).toBeUndefined()
    expect(ok.got).toEqual(expected)
    expect(ok.maxConcurrent).toBeGreaterThan(1) // read ahead, not one at a time
    const failed = await run(11)
    expect(failed.code).toBe('DECRYPT_FAILED')
    expect(failed.got).toEqual(expected.slice(0, 11))
  })

  it('a holder that fails to start fails the stream, and a session destroyed early destroys the late holder', async () => {
    const sim = createSimulator({ seed: 'key-holder-test' })
    const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
    const failing = createChatSession(client, { model: E2EE, mode: 'e2ee', policy: 'basic', trustedRoots: sim.trustedRoots(), keyHolder: () => Promise.reject(new Error('CSP')) })
    await expect(collect(failing.stream([{ role: 'user', content: 'hi' }]))).rejects.toThrow('CSP')

    let destroyed = false
    let resolve!: (h: KeyHolder) => void
    const early = createChatSession(client, { model: E2EE, mode: 'e2ee', keyHolder: () => new Promise<KeyHolder>((r) => (resolve = r)) })
    early.destroy()
    const local = createLocalKeyHolder()
    resolve({ ...local, publicKeyHex: local.publicKeyHex, decrypt: local.decrypt, destroy: () => (destroyed = true) })
    await new Promise((r) => setTimeout(r, 0))
    expect(destroyed).toBe(true)
  })
})

describe('a decrypt worker that misbehaves on encrypt and verify-signature', () => {
  const E2EE = 'e2ee-qwen3-5-122b-a10b'
  /** A simulator whose chat requests are counted: what reached the server. */
  const countingSimulator = () => {
    const sim = createSimulator({ seed: 'hostile-worker' })
    const sent: string[] = []
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input)
      if (url.includes('/chat/completions')) sent.push(String(init?.body ?? ''))
      return sim.fetch(input, init)
    }
    return { sim, sent, client: createClient({ baseURL: 'http://sim.test/api/v1', fetch }) }
  }
  /** The real worker handler, with one message type answered by `answer` instead. */
  class RiggedWorker extends InProcessDecryptWorker {
    constructor(readonly rig: (m: { type: string; id: number; plaintexts?: string[] }, real: () => void) => void) {
      super()
    }
    override postMessage(message: unknown) {
      this.rig(structuredClone(message) as { type: string; id: number }, () => super.postMessage(message))
    }
    answer(data: unknown) {
      queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data })))
    }
  }
  /** Sends one chat through the real worker handler with its `encrypt` answered by `onEncrypt`: the error code, and what reached the server. */
  const sendWithEncrypt = async (onEncrypt: (worker: RiggedWorker, m: { id: number; plaintexts?: string[] }) => void) => {
    const { sim, sent, client } = countingSimulator()
    const worker: RiggedWorker = new RiggedWorker((m, real) => (m.type === 'encrypt' ? onEncrypt(worker, m) : real()))
    const session = createChatSession(client, { model: E2EE, mode: 'e2ee', policy: 'basic', trustedRoots: sim.trustedRoots(), keyHolder: () => createWorkerKeyHolder(worker) })
    const code = await rejectedCode(async () => {
      for await (const _ of session.stream([{ role: 'system', content: 'secret system prompt' }, { role: 'user', content: 'secret question' }])) void _
    })
    session.destroy()
    return { code, sent }
  }

  it('a worker that dies mid-encrypt fails the send closed: a typed error, and nothing reaches the server', async () => {
    const crashed = await sendWithEncrypt((worker) => queueMicrotask(() => worker.dispatchEvent(new Event('error'))))
    expect(crashed).toEqual({ code: 'DECRYPT_FAILED', sent: [] })
  })

  it('an encrypt answered with the plaintext, with hex that is too short, or one field short: ENCRYPT_FAILED before anything is sent', async () => {
    const lies: Array<(plaintexts: string[]) => string[]> = [
      (p) => p, // the plaintext echoed back
      (p) => p.map(() => 'abcd'), // "hex", but no ciphertext
      (p) => p.slice(1).map((x) => encrypt(x, generateClientKeyPair().publicKeyHex)), // real ciphertext, one field short
    ]
    for (const lie of lies) {
      const lied = await sendWithEncrypt((worker, m) => worker.answer({ id: m.id, ok: true, ciphertexts: lie(m.plaintexts!) }))
      expect(lied).toEqual({ code: 'ENCRYPT_FAILED', sent: [] })
    }
  })

  it('a "verified" answer about another signature check is refused, and answers swapped between two holders reach neither', async () => {
    const signer = generateClientKeyPair()
    const address = publicKeyToAddress(signer.publicKeyHex)
    const checkOf = (responseHash: string) => {
      const requestHash = 'aa'.repeat(32)
      const text = `m:${requestHash}:${responseHash}`
      return { text, signature: signPersonalMessage(text, signer.privateKey), expectedAddress: address, requestHash, responseHash }
    }
    const genuine = checkOf('bb'.repeat(32))
    const forged = checkOf('cc'.repeat(32))
    // The worker answers every check with the verdict of the genuine one.
    const liar: RiggedWorker = new RiggedWorker((m, real) => {
      if (m.type !== 'verify-signature') return real()
      liar.answer({ id: m.id, ok: true, verified: { status: 'verified', signingAddress: address, ...genuine } })
    })
    const holder = await createWorkerKeyHolder(liar)
    expect(await holder.verifyResponseSignature!(genuine)).toMatchObject({ status: 'verified', text: genuine.text })
    expect(await rejectedCode(() => holder.verifyResponseSignature!({ ...forged, signature: '0x' + '00'.repeat(65) }))).toBe('SIGNATURE_INVALID')
    holder.destroy()

    // Two holders whose workers' answers are crossed: ids are unique on the page, so an answer meant for one never resolves the other.
    const a = new InProcessDecryptWorker()
    const b = new InProcessDecryptWorker()
    const [ha, hb] = await Promise.all([createWorkerKeyHolder(a), createWorkerKeyHolder(b)])
    const forwarded = new WeakSet<Event>()
    const cross = (from: InProcessDecryptWorker, to: InProcessDecryptWorker) =>
      from.addEventListener('message', (e) => {
        if (forwarded.has(e)) return
        const copy = new MessageEvent('message', { data: (e as MessageEvent).data })
        forwarded.add(copy)
        to.dispatchEvent(copy)
      })
    cross(a, b)
    cross(b, a)
    const wireA = encrypt('for a', ha.publicKeyHex)
    const wireB = encrypt('for b', hb.publicKeyHex)
    expect(await Promise.all([ha.decrypt(wireA), hb.decrypt(wireB)])).toEqual(['for a', 'for b'])
    signer.destroy()
    ha.destroy()
    hb.destroy()
  })
})
