import { abortedError, isAbort, throwIfAborted, untilAborted } from '../api/abort.ts'
import { loadChatRequest, loadSignatureFetch } from '../api/load-chat.ts'
import { loadOnce } from '../load-once.ts'
import type { ChatCompletionChunk, ChatMessage } from '../api/types.ts'
import { providerOf, signingAlgoOf, type SealkitClient } from '../api/client.ts'
import { isEncryptedHex } from '../crypto/ciphertext.ts'
import { markTiming } from '../timing.ts'
import { nextTask } from '../next-task.ts'
import { ecdhInfo, keyHolderInfo, type EcdhInfo, type KeyHolder, type KeyHolderInfo } from '../crypto/key-holder.ts'
import { warnEcdhFallback, warnOnceInDevelopment } from '../worker/dev-warning.ts'
import { MAX_ENCRYPT_BATCH } from '../worker/decrypt-protocol.ts'
import { loadSchemeCodec, type SchemeCodec } from '../crypto/scheme.ts'
import { AttestationError, CryptoError, SealkitError, SignatureError, StreamError, isSealkitError } from '../errors.ts'
import { attestModel, type AttestedModel, type AttestModelParams } from './attest.ts'
import type { VerifiedResponseSignature, VerifyResponseSignatureHashesParams } from './response-signature.ts'

import { assertPrivacy, privacyFloorOf, type PrivacyMode } from './privacy.ts'

export type { PrivacyMode } from './privacy.ts'

/** Options of {@link createChatSession}. */
export interface ChatSessionOptions extends Omit<AttestModelParams, 'model' | 'signal'> {
  /** The model id to chat with; its prefix (`e2ee-`, `tee-`) sets the floor unless `minPrivacy` says more. */
  model: string
  /** The privacy the chat runs at. Never below the floor: see `minPrivacy`. */
  mode: PrivacyMode
  /**
   * The app's privacy floor. With a model id beginning `e2ee-` (or `tee-`) the floor is at
   * least that, whatever is passed here; a `mode` below the floor throws `PRIVACY_DOWNGRADE`.
   */
  minPrivacy?: PrivacyMode
  /**
   * Chat without attestation. Required for `none` models; for `tee` models it
   * skips attestation and signatures. Ignored for `e2ee`: encrypting needs an attested key.
   */
  allowUnattested?: boolean
  /**
   * Response signatures: `require` (TEE default) fails the chat when missing, `if-available` (E2EE default) marks it
   * unavailable. A signature that was served but does not check (malformed, another key, other bytes) fails the chat
   * under both.
   */
  signature?: 'require' | 'if-available' | 'skip'
  /**
   * How long to wait for the signature once the reply has ended, in ms (default 20,000; `Infinity`: no bound): a
   * signature endpoint that never answers then counts as no signature served, so the chat does not stay busy.
   */
  signatureTimeoutMs?: number
  /** Venice may send reasoning in plaintext on E2EE models. Default `reject`: fail closed. `allow` passes it on, marked unencrypted. */
  plaintextReasoning?: 'reject' | 'allow'
  /**
   * Where the session's attestations come from. Default: `attestModel(client, ...)`,
   * a fresh nonce and full verification each time. A cache (the React hooks'
   * QueryClient) can pass its own so the UI and the session share one verified
   * attestation. It is asked before every request (the cache decides freshness);
   * `refresh: true` (key rotation) must bypass any cache. The result must come
   * from `attestModel`: only verified attestations may be returned.
   */
  attestModel?: (params: { model: string; refresh: boolean; signal?: AbortSignal }) => Promise<AttestedModel>
  /**
   * E2EE only: where the client private key lives. Called once per session.
   * Default `createLocalKeyHolder` (this thread; its code loads on first use, so `clientPublicKey`
   * is known once `keyReady()` resolves); `createDefaultKeyHolder` from
   * `core/worker` keeps it in a Web Worker. With an async holder `clientPublicKey`
   * is undefined until the first `stream()` has it. Holders hold secp256k1 keys: an
   * `ed25519` chat (NEAR AI) keeps its Ed25519 key on this thread instead, and
   * `session.keyHolder` says so.
   */
  keyHolder?: () => KeyHolder | Promise<KeyHolder>
  /**
   * E2EE only: roles whose content is encrypted. Default: every role (the open server decrypts every message's
   * content, whatever its role). `['user', 'system']` is the seed's rule: other roles' content then goes in plaintext.
   */
  encryptRoles?: readonly string[]
}

/**
 * The response signature of one reply: `verified` (with its evidence), `unavailable` (the server had none, or the
 * reply ended early: never shown as verified) or `skipped` (an unattested chat). A signature that fails throws.
 */
export type ResponseSignatureResult =
  | VerifiedResponseSignature
  | {
      /** No signature could be checked. */
      status: 'unavailable'
      /** Why, in plain words. */
      reason: string
    }
  | {
      /** The chat is not attested: there is nothing to check against. */
      status: 'skipped'
    }

/**
 * What {@link ChatSession.stream} yields, in order: `attested`, then `delta`s, then `finish`, then `signature`.
 * Any failure throws a `SealkitError` instead.
 *
 * @example
 * ```ts
 * for await (const event of session.stream(messages)) {
 *   if (event.type === 'delta') append(event.content)
 *   if (event.type === 'signature') markSigned(event.signature.status === 'verified')
 * }
 * ```
 */
export type ChatStreamEvent =
  | {
      /** The attestation the request runs under (also after a key-rotation re-attest). */
      type: 'attested'
      /** The attested model: key, address, report. */
      attestation: AttestedModel
    }
  | {
      /** Decrypted (or TEE plaintext) text for the first choice. */
      type: 'delta'
      /** New answer text; `''` when the chunk carried only reasoning. */
      content: string
      /** New reasoning text; `''` when none. */
      reasoning: string
      /** True when the reasoning arrived encrypted (and was decrypted). */
      reasoningEncrypted: boolean
    }
  | {
      /** The stream completed (`data: [DONE]`). */
      type: 'finish'
      /** The completion id; `undefined` when the server sent none. */
      requestId: string | undefined
      /** Why it stopped, as the server said. */
      finishReason: string | undefined
      /** Token counts, as the server reported them. */
      usage: Record<string, unknown> | undefined
    }
  | {
      /** The reply's response signature, checked. */
      type: 'signature'
      /** Its outcome. */
      signature: ResponseSignatureResult
    }

/** Options of {@link ChatSession.stream}. */
export interface StreamOptions {
  /** Cancels the request and ends the stream with `ABORTED`; nothing after it is shown. */
  signal?: AbortSignal
  /** Extra OpenAI-style body fields (temperature, max_tokens...). */
  body?: Record<string, unknown>
}

/**
 * A chat with one model: attests it, encrypts each request to the attested key, decrypts and checks each reply. Made
 * by {@link createChatSession}.
 *
 * @example
 * ```ts
 * const session = createChatSession(client, { model: 'e2ee-qwen3-5-122b-a10b', mode: 'e2ee' })
 * for await (const event of session.stream([{ role: 'user', content: 'Hello' }])) {
 *   if (event.type === 'delta') process.stdout.write(event.content)
 * }
 * session.destroy()
 * ```
 */
export interface ChatSession {
  /** The model id. */
  readonly model: string
  /** The privacy it runs at: `e2ee`, `tee` or `none`. */
  readonly mode: PrivacyMode
  /** The current attestation, once attested; none while a key-rotation refresh runs, nor after one that failed. */
  readonly attestation: AttestedModel | undefined
  /** E2EE only: this session's client public key (130 hex). */
  readonly clientPublicKey: string | undefined
  /** Resolves once `clientPublicKey` is known (at once for a synchronous key holder); rejects when the holder failed to start. */
  keyReady?(): Promise<void>
  /** E2EE only: where the private key lives and chunks are decrypted (`worker` or `main-thread`) and why; known once `clientPublicKey` is. */
  readonly keyHolder?: KeyHolderInfo | undefined
  /** True once {@link ChatSession.destroy} ran: the private key is zeroed and the session cannot chat. */
  readonly destroyed: boolean
  /** Attests (once; `refresh` forces a fresh nonce and report). */
  attest(options?: { signal?: AbortSignal; refresh?: boolean }): Promise<AttestedModel>
  /** Sends the conversation and yields events as chunks arrive. Errors are thrown as SealkitErrors. */
  stream(messages: ChatMessage[], options?: StreamOptions): AsyncGenerator<ChatStreamEvent, void, undefined>
  /**
   * E2EE: encrypts `messages`' fields to the attested key (attesting first if needed) before they are sent, so that the
   * next {@link ChatSession.stream} of a conversation that starts with them encrypts only what is new. Each field costs a
   * key pair and two scalar multiplications (~0.15 ms in a browser, more on a busy page): a restored conversation of
   * 300 messages otherwise waits 0.15-0.3 s at its first send.
   * A key holder that encrypts (the worker) takes them at once; on this thread, in steps of a few fields, each a task
   * of its own. A `stream` that starts meanwhile waits for it, then encrypts only what it did not. Only ciphertext is
   * kept, until the next request or a key change. Other modes: nothing to do.
   * @example
   * chat.setMessages(restored)
   * void session.encryptAhead(toChatMessages(restored)).catch(() => {}) // a send encrypts what this did not
   */
  encryptAhead?(messages: ChatMessage[], options?: { signal?: AbortSignal }): Promise<void>
  /** Zeroes the client private key. The session cannot chat afterwards. */
  destroy(): void
}

/** The rules of what an E2EE request may carry (e2ee-request.ts): loaded with the session's key, checked at each send. */
const loadE2eeRules = loadOnce(() => import('./e2ee-request.ts'))

/** How long a finished reply waits for its signature by default ({@link ChatSessionOptions.signatureTimeoutMs}). */
const SIGNATURE_TIMEOUT_MS = 20_000

/** Fields per step of {@link ChatSession.encryptAhead} where it runs on this thread: ~20 ms of ECDH. */
const AHEAD_STEP = 16

// One ECDH per streamed chunk: load the constant-time libsecp256k1 WASM backend once,
// lazily, before the first E2EE chat. It falls back to @noble/curves where WASM is barred.
let fastEcdh: Promise<unknown> | undefined
/** Which backend that load left on this thread, once it has run (a fallback warns once, and the session says it). */
let mainThreadEcdh: EcdhInfo | undefined

/** Chunks read and being decrypted ahead of the one the consumer is waiting for. */
const READ_AHEAD = 32
const HEAD_SETTLED = Symbol('head settled')
const headSettled = (): typeof HEAD_SETTLED => HEAD_SETTLED
type Read = { ok: true; result: IteratorResult<ChatCompletionChunk> } | { ok: false; error: unknown }
const ensureFastEcdh = () =>
  (fastEcdh ??= import('../crypto/backends/index.ts')
    .then((m) => m.installFastEcdh())
    .then(
      ({ name, reason }) => {
        mainThreadEcdh = ecdhInfo(name, reason)
        warnEcdhFallback(mainThreadEcdh)
      },
      (error: unknown) => {
        fastEcdh = undefined // a chunk that could not be fetched: the next chat tries again
        throw error
      },
    ))

/**
 * The curve code a chat runs on this thread only when nothing else runs it (a holder without
 * `encrypt` / `verifyResponseSignature`, or TEE signatures): chunks of their own, so an app whose
 * key lives in a worker never loads @noble/curves on its main thread.
 */
const loadLocalKeyHolder = () => import('../crypto/local-key-holder.ts').then((m) => m.createLocalKeyHolder())
const loadSignatureCheck = () => import('./response-signature.ts').then((m) => m.verifyResponseSignatureHashes)

/**
 * A chat bound to one model and one privacy mode. For E2EE it owns a fresh
 * client key pair (zeroed by `destroy()`), encrypts every user and system
 * message to the attested key and decrypts every chunk as it arrives, failing
 * closed on anything that is not authentic ciphertext.
 *
 * @example
 * const session = createChatSession(client, { model: 'e2ee-qwen3-5-122b-a10b', mode: 'e2ee' })
 * for await (const event of session.stream([{ role: 'user', content: 'Hi' }])) {
 *   if (event.type === 'delta') process.stdout.write(event.content)
 * }
 * session.destroy()
 */
export function createChatSession(client: SealkitClient, options: ChatSessionOptions): ChatSession {
  const { model, mode, minPrivacy, allowUnattested = false, plaintextReasoning = 'reject', signature, signatureTimeoutMs = SIGNATURE_TIMEOUT_MS, attestModel: attestSource, keyHolder: makeKeyHolder, encryptRoles, ...verifyOptions } = options
  assertPrivacy(model, mode, privacyFloorOf(model, minPrivacy))
  // NaN or a negative wait would end every wait at once, every honest reply unsigned: refused, named.
  if (!(signatureTimeoutMs > 0)) throw new SealkitError('INVALID_ARGUMENT', { message: `signatureTimeoutMs must be a number of milliseconds above 0 (got ${String(signatureTimeoutMs)})` })
  const encryptedRoles = encryptRoles && new Set(encryptRoles)
  const signatureMode = signature ?? (mode === 'tee' ? 'require' : mode === 'e2ee' ? 'if-available' : 'skip')
  const needsAttestation = mode === 'e2ee' || (mode === 'tee' && !allowUnattested)
  if (mode === 'none' && !allowUnattested) {
    throw new AttestationError('ATTESTATION_REQUIRED', { message: `Model ${model} has no attestation; pass allowUnattested: true to chat with it anyway` })
  }

  let attestation: AttestedModel | undefined
  let pending: Promise<AttestedModel> | undefined
  let destroyed = false
  // A synchronous holder is ready at once (clientPublicKey is set on return); an async one is awaited by stream().
  let keys: KeyHolder | undefined
  let holderInfo: { keys: KeyHolder; ecdh: EcdhInfo | undefined; fallback: string | undefined; info: KeyHolderInfo } | undefined
  // Why response signatures are checked on this thread though the holder offers to (its check failed once).
  let signatureFallback: string | undefined
  let keysPending: Promise<KeyHolder> | undefined
  // The provider and key algorithm decide the headers and the scheme; its code loads on first use (ed25519 is a lazy chunk).
  const provider = providerOf(client)
  const signingAlgo = signingAlgoOf(client)
  const scheme = provider.scheme(signingAlgo)
  // The secp256k1 scheme's codec (its encrypt on this thread) loads only if the key holder cannot encrypt.
  let codec: SchemeCodec | undefined
  let codecPending: Promise<SchemeCodec> | undefined
  const loadCodec = (): Promise<SchemeCodec> => {
    codecPending ??= loadSchemeCodec(scheme).then((c) => (codec = c))
    return codecPending
  }
  if (mode === 'e2ee' && scheme.algo !== 'ecdsa') loadCodec().catch(() => {}) // surfaced by stream()
  const isCiphertext = (value: string) => (scheme.algo === 'ecdsa' ? isEncryptedHex(value) : codec!.isCiphertext(value))
  if (mode === 'e2ee') {
    // `keyHolder` holds secp256k1 keys (the worker does): it serves ecdsa chats. An ed25519 chat's key is
    // the codec's, on this thread, and its holder says so (session.keyHolder.reason).
    const made = scheme.algo !== 'ecdsa' ? loadCodec().then((c) => c.createKeyHolder()) : makeKeyHolder ? makeKeyHolder() : loadLocalKeyHolder()
    if (typeof (made as Partial<Promise<KeyHolder>>).then === 'function') {
      keysPending = Promise.resolve(made).then((k) => {
        if (destroyed) k.destroy()
        else keys = k
        markTiming('session-keyed')
        // Keyed means verified: the page's start is over, so the first send's code can load now.
        loadChatRequest().catch(() => {}) // surfaced by stream()
        loadE2eeRules().catch(() => {}) // surfaced by stream()
        loadSignatureFetch().catch(() => {}) // surfaced when the signature is fetched
        return k
      })
      keysPending.catch(() => {}) // surfaced by stream()
    } else {
      keys = made as KeyHolder
      markTiming('session-keyed')
    }
  }

  /** The session runs secp256k1 ECDH on this thread: a holder here, or one that cannot encrypt. */
  const ecdhOnThisThread = () => scheme.algo === 'ecdsa' && keys !== undefined && (keys.kind !== 'worker' || !keys.encrypt)

  const assertAlive = () => {
    if (destroyed) throw new CryptoError('KEY_DESTROYED', { message: 'This chat session was destroyed' })
  }

  async function attest(opts: { signal?: AbortSignal; refresh?: boolean } = {}): Promise<AttestedModel> {
    assertAlive()
    // Stopped before it asked: it starts nothing (the shared run below takes no caller's signal, and would complete).
    throwIfAborted(opts.signal)
    // A refresh: the enclave refused the key. Until a new attestation passes there is none (a request meanwhile
    // waits for it), and one that fails leaves none: never the refused key again, nor its old verdict.
    if (opts.refresh) attestation = undefined
    if (attestSource) {
      // The caller's cache decides freshness, on every request: a failed re-verification is never masked by an older
      // success, neither for the request nor in `session.attestation` (a caller's stop is no verdict).
      const a = await attestSource({ model, refresh: opts.refresh === true, ...(opts.signal ? { signal: opts.signal } : {}) }).catch((error: unknown) => {
        if (!isAbort(error, opts.signal)) attestation = undefined
        throw error
      })
      if (a.model !== model) throw new AttestationError('ATTESTATION_MALFORMED', { message: `The attestation is for ${a.model}, not ${model}` })
      attestation = a
      return a
    }
    if (attestation) return attestation
    if (!pending || opts.refresh) {
      // One run for every caller, so no caller's signal: a caller that stops waiting (a request stopped before its
      // attestation was in) leaves it to the others, and the session keeps its verdict for the next request.
      const run = attestModel(client, { ...verifyOptions, model })
      pending = run
      run.then(
        (a) => {
          if (pending === run) attestation = a
        },
        () => {
          if (pending === run) pending = undefined
        },
      )
    }
    return opts.signal ? untilAborted(pending, opts.signal) : pending
  }

  /** Encrypts each field to the attested key: in the key holder where it can (the worker), else on this thread. */
  async function encryptAll(plaintexts: string[], recipient: string): Promise<string[]> {
    if (plaintexts.length === 0) return []
    if (scheme.algo === 'ecdsa' && keys!.encrypt) {
      // The worker takes at most MAX_ENCRYPT_BATCH fields a message: a longer conversation goes in several.
      const ciphertexts: string[] = []
      for (let from = 0; from < plaintexts.length; from += MAX_ENCRYPT_BATCH) ciphertexts.push(...(await keys!.encrypt(plaintexts.slice(from, from + MAX_ENCRYPT_BATCH), recipient)))
      return ciphertexts
    }
    const c = await loadCodec()
    return plaintexts.map((p) => c.encrypt(p, recipient))
  }

  // The last request the enclave took: each field's ciphertext, to the key it was encrypted to. Every request
  // carries the whole conversation, encrypted (NEAR's proxy: every role), and each field costs one ephemeral key
  // pair and one ECDH: with 300 messages, 0.15-0.3 s before each send (bench, Chromium 156). A field sent before is
  // sent as it was: the enclave decrypts it alike, and an observer learns nothing the repeated history did not
  // already say. Only ciphertext is kept: the last accepted request's, and what encryptAhead did since; none across a
  // key change.
  let sent: { recipient: string; byText: Map<string, string> } | undefined
  // The encryptAhead in progress: a request waits for it (its fields are the request's history), then encrypts the rest.
  let ahead: Promise<void> | undefined

  const sealedField = (m: ChatMessage) => m.content !== '' && (!encryptedRoles || encryptedRoles.has(m.role))

  /** `fresh`'s ciphertexts, checked: whoever encrypted (a worker, an app's own holder), never a plaintext echoed back. */
  async function encryptChecked(fresh: string[], recipient: string): Promise<string[]> {
    const ciphertexts = await encryptAll(fresh, recipient)
    // Any field, not only its own: text that looks like ciphertext (pasted), handed back in another order, is still text.
    const given = new Set(fresh)
    if (ciphertexts.length !== fresh.length || ciphertexts.some((c) => typeof c !== 'string' || given.has(c) || !isCiphertext(c))) {
      throw new CryptoError('ENCRYPT_FAILED', { message: 'The key holder did not return one ciphertext per field: nothing was sent' })
    }
    return ciphertexts
  }

  async function encryptAhead(messages: ChatMessage[], opts: { signal?: AbortSignal } = {}): Promise<void> {
    if (mode !== 'e2ee') return
    assertAlive()
    const run = encryptAheadSteps(messages, opts)
    // A request that waits for it reports a failure itself, when it encrypts those fields.
    const tracked = run.catch(() => {})
    ahead = tracked
    void tracked.then(() => {
      if (ahead === tracked) ahead = undefined
    })
    return run
  }

  async function encryptAheadSteps(messages: ChatMessage[], opts: { signal?: AbortSignal }): Promise<void> {
    if (scheme.algo !== 'ecdsa') await loadCodec()
    if (!keys) await keysPending
    if (ecdhOnThisThread()) await ensureFastEcdh()
    throwIfAborted(opts.signal)
    // The session's attestation, which a request may join: an abort here stops this waiting for it, never it.
    const attesting = attest()
    const recipient = (await (opts.signal ? untilAborted(attesting, opts.signal) : attesting)).signingKey
    const fields = [...new Set(messages.filter(sealedField).map((m) => m.content))]
    // A holder that encrypts (the worker) takes them in one message: steps would each wait for a task of this
    // thread, which a page mounting a long conversation keeps busy (~120 ms a step of 16 in the bench). Here,
    // in steps of ~20 ms of ECDH, each its own task: never a long task.
    const step = scheme.algo === 'ecdsa' && keys!.encrypt ? fields.length : AHEAD_STEP
    markTiming('chat-ahead')
    try {
      for (let from = 0; from < fields.length; from += step) {
        if (step === AHEAD_STEP) await nextTask()
        if (destroyed || opts.signal?.aborted) return
        if (sent?.recipient !== recipient) sent = { recipient, byText: new Map() }
        const known = sent.byText
        const fresh = fields.slice(from, from + step).filter((p) => !known.has(p))
        if (fresh.length === 0) continue
        const ciphertexts = await encryptChecked(fresh, recipient)
        // A request already on its way when this started replaced what is known meanwhile: this is not for it.
        if (destroyed || sent?.byText !== known) return
        fresh.forEach((p, i) => known.set(p, ciphertexts[i]!))
      }
    } finally {
      markTiming('chat-ahead-end')
    }
  }

  async function prepare(messages: ChatMessage[], attested: AttestedModel | undefined, signal: AbortSignal | undefined) {
    if (mode !== 'e2ee') return { messages, headers: {} as Record<string, string> }
    // Stopped meanwhile: it stops waiting (an encrypt-ahead in a holder that never answers would hold it for ever).
    if (ahead) await (signal ? untilAborted(ahead, signal) : ahead)
    const recipient = attested!.signingKey
    const plaintexts = messages.filter(sealedField).map((m) => m.content)
    const known = sent?.recipient === recipient ? sent.byText : undefined
    const fresh = [...new Set(plaintexts.filter((p) => !known?.has(p)))]
    const freshCiphertexts = await encryptChecked(fresh, recipient)
    const byText = new Map(fresh.map((p, i) => [p, freshCiphertexts[i]!]))
    for (const p of plaintexts) if (!byText.has(p)) byText.set(p, known!.get(p)!)
    const encrypted = messages.map((m) => (sealedField(m) ? { ...m, content: byText.get(m.content)! } : m))
    return {
      messages: encrypted,
      headers: provider.e2eeHeaders({ clientPublicKey: keys!.publicKeyHex, attestedKey: attested!.attestedKey ?? attested!.signingKey, signingAlgo }),
      sent: { recipient, byText },
    }
  }

  async function open(messages: ChatMessage[], attested: AttestedModel | undefined, opts: StreamOptions) {
    const prepared = await prepare(messages, attested, opts.signal)
    markTiming('chat-encrypted')
    const body = {
      ...opts.body,
      model,
      messages: prepared.messages,
      stream: true,
      ...(mode === 'e2ee' ? provider.e2eeBody(opts.body ?? {}) : {}),
    }
    if (signatureMode !== 'skip') loadSignatureFetch().catch(() => {}) // surfaced when the signature is fetched
    const { streamChatCompletion } = await loadChatRequest()
    // Destroyed while it attested, encrypted or loaded (a shared attestation run outlives its callers): nothing is sent.
    assertAlive()
    markTiming('chat-request')
    // Refused (key rotated, a field it could not decrypt, any error): nothing of it is sent again.
    sent = undefined
    const call = await streamChatCompletion(client, { body, headers: prepared.headers, ...(opts.signal ? { signal: opts.signal } : {}) })
    if ('sent' in prepared) sent = prepared.sent
    return call
  }

  /** Decrypts one field of an E2EE chunk, refusing anything that is not authentic ciphertext. */
  async function openField(value: string, field: 'content' | 'reasoning'): Promise<{ text: string; encrypted: boolean }> {
    if (value === '') return { text: '', encrypted: true }
    if (!isCiphertext(value)) {
      if (field === 'reasoning' && plaintextReasoning === 'allow') {
        // Allowed, never silent: the reply's plaintextReasoning says it, and once the dev console.
        warnOnceInDevelopment('plaintext-reasoning', `sealkit: ${model} sent its reasoning unencrypted, passed on because plaintextReasoning is 'allow' (the reply's metadata.plaintextReasoning says so).`)
        return { text: value, encrypted: false }
      }
      throw new StreamError('E2EE_PLAINTEXT_CHUNK', {
        message: field === 'content' ? 'Received plaintext content where ciphertext was expected' : 'Received plaintext reasoning where ciphertext was expected',
        details: { field, length: value.length },
      })
    }
    return { text: await keys!.decrypt(value), encrypted: true }
  }

  async function deltaOf(chunk: ChatCompletionChunk): Promise<ChatStreamEvent | undefined> {
    const delta = chunk.choices?.[0]?.delta
    if (mode === 'e2ee') {
      // Beside the delta, nothing of the reply: the open server encrypts content and reasoning only, so log
      // probabilities (every token, in plaintext), a refusal or a tool call would be the reply unencrypted.
      const choice = chunk.choices?.[0] as Record<string, unknown> | undefined
      for (const field of ['logprobs', 'refusal', 'tool_calls', 'function_call'] as const) {
        const value = choice?.[field] ?? (delta as Record<string, unknown> | undefined)?.[field]
        if (value !== undefined && value !== null) throw new StreamError('E2EE_PLAINTEXT_CHUNK', { message: `Received ${field} beside the encrypted reply: it is not ciphertext`, details: { field } })
      }
    }
    if (!delta) return undefined
    const text = (value: unknown) => (typeof value === 'string' ? value : '')
    const rawContent = text(delta.content)
    // Servers name it `reasoning_content` or `reasoning` (some send both, alike): the first that has any.
    const rawReasoning = text(delta.reasoning_content) || text(delta.reasoning)
    if (mode !== 'e2ee') {
      return rawContent || rawReasoning ? { type: 'delta', content: rawContent, reasoning: rawReasoning, reasoningEncrypted: false } : undefined
    }
    // A field that is neither text nor absent (an array of parts, an object) is not ciphertext: refused, never skipped.
    for (const [field, value] of [['content', delta.content], ['reasoning', delta.reasoning_content], ['reasoning', delta.reasoning]] as const) {
      if (value !== undefined && value !== null && typeof value !== 'string') {
        throw new StreamError('E2EE_PLAINTEXT_CHUNK', { message: `Received ${field} that is not ciphertext (${Array.isArray(value) ? 'an array' : typeof value})`, details: { field } })
      }
    }
    const content = await openField(rawContent, 'content')
    const reasoning = await openField(rawReasoning, 'reasoning')
    // The reasoning field not read: ciphertext there is the same reasoning's, but plaintext is refused or marked as
    // in the other, never dropped unseen (it crossed the wire in the clear all the same).
    const unread = rawReasoning === text(delta.reasoning_content) ? text(delta.reasoning) : ''
    if (unread !== '' && !isCiphertext(unread) && !(await openField(unread, 'reasoning')).encrypted) reasoning.encrypted = false
    if (!content.text && !reasoning.text) return undefined
    return { type: 'delta', content: content.text, reasoning: reasoning.text, reasoningEncrypted: reasoning.encrypted }
  }

  async function* stream(messages: ChatMessage[], opts: StreamOptions = {}): AsyncGenerator<ChatStreamEvent, void, undefined> {
    assertAlive()
    if (mode === 'e2ee') {
      const rules = await loadE2eeRules().catch((cause: unknown) => {
        throw new SealkitError('NETWORK_ERROR', { message: 'The E2EE request rules could not be loaded', cause })
      })
      // From here on the request is the checked copy: what was checked is what is sent.
      const checked = rules.encryptableRequest(messages, opts.body)
      messages = checked.messages
      opts = { ...opts, ...(checked.body ? { body: checked.body } : {}) }
      if (scheme.algo !== 'ecdsa') await loadCodec()
      if (!keys) await keysPending
      // ECDH on this thread (a holder here, or encrypting here): the fast constant-time backend first.
      if (ecdhOnThisThread()) await ensureFastEcdh()
      assertAlive()
    }
    let attested = needsAttestation ? await attest(opts.signal ? { signal: opts.signal } : {}) : undefined
    if (attested) yield { type: 'attested', attestation: attested }

    let call
    try {
      call = await open(messages, attested, opts)
    } catch (error) {
      // The enclave rotated its key: re-attest once (fresh nonce, full policy) and retry.
      if (!(isSealkitError(error) && (error.code === 'KEY_ROTATED' || resendLostItsBody(error)) && mode === 'e2ee')) throw error
      attested = await attest({ refresh: true, ...(opts.signal ? { signal: opts.signal } : {}) })
      yield { type: 'attested', attestation: attested }
      call = await open(messages, attested, opts)
    }

    let requestId: string | undefined
    let finishReason: string | undefined
    let usage: Record<string, unknown> | undefined
    // Pipelined: chunks are read (and their decryption started) while earlier ones are still
    // decrypting, up to READ_AHEAD in flight, so an async key holder (the worker) costs no
    // round trip per chunk. Events are yielded strictly in stream order; a chunk that fails
    // ends the stream with its error when its turn comes, and nothing after it is yielded.
    const reader = call.chunks[Symbol.asyncIterator]()
    const settle = (p: Promise<IteratorResult<ChatCompletionChunk>>): Promise<Read> =>
      p.then(
        (result) => ({ ok: true, result }),
        (error: unknown) => ({ ok: false, error }),
      )
    const queue: Array<Promise<ChatStreamEvent | undefined>> = []
    let reading: Promise<Read> | undefined = settle(reader.next())
    let readFailure: { error: unknown } | undefined
    let firstChunk = false
    let firstWords = false
    try {
      while (reading || queue.length > 0) {
        assertAlive()
        let read: Read | undefined
        if (reading && queue.length < READ_AHEAD) {
          const head = queue[0]
          if (!head) read = await reading
          else {
            const first = await Promise.race([reading, head.then(headSettled, headSettled)])
            if (first !== HEAD_SETTLED) read = first
          }
        }
        if (read) {
          reading = undefined
          if (!read.ok) {
            // An abort ends the stream at once; any other read error after the text that arrived before it.
            if (opts.signal?.aborted) throw read.error
            readFailure = { error: read.error }
          } else if (!read.result.done) {
            const chunk = read.result.value
            if (!firstChunk) {
              firstChunk = true
              markTiming('chat-first-chunk')
            }
            if (typeof chunk.id === 'string') requestId ??= chunk.id
            const reason = chunk.choices?.[0]?.finish_reason
            if (typeof reason === 'string') finishReason = reason
            if (chunk.usage) usage = chunk.usage
            const event = deltaOf(chunk)
            event.catch(() => {}) // observed when it reaches the head
            queue.push(event)
            reading = settle(reader.next())
          }
          continue
        }
        // The head is settled (or the window is full): in order, failing closed.
        const event = await queue.shift()!
        assertAlive()
        if (event && !firstWords) {
          firstWords = true
          markTiming('chat-first-words')
        }
        if (event) yield event
      }
    } finally {
      // Ended early (a failed chunk, an abort, the consumer stopped): cancel the body.
      if (reading) void reader.return?.(undefined)?.catch(() => {})
    }
    if (readFailure) throw readFailure.error
    yield { type: 'finish', requestId, finishReason, usage }

    if (signatureMode === 'skip' || !attested) {
      if (mode !== 'none') yield { type: 'signature', signature: { status: 'skipped' } }
      return
    }
    yield { type: 'signature', signature: await checkSignature(attested, requestId, call.requestHash, call.responseHash(), opts.signal) }
  }

  async function checkSignature(
    attested: AttestedModel,
    requestId: string | undefined,
    requestHash: string,
    responseHash: string,
    signal: AbortSignal | undefined,
  ): Promise<ResponseSignatureResult> {
    let fetched
    // The wait is bounded: an endpoint that never answers is no signature served, not a chat busy for ever.
    const wait = new AbortController()
    const stopWaiting = () => wait.abort(signal?.reason)
    signal?.addEventListener('abort', stopWaiting, { once: true })
    // Past setTimeout's range (Infinity included): no bound.
    const timer = signatureTimeoutMs < 2 ** 31 ? setTimeout(() => wait.abort(new SealkitError('SIGNATURE_UNAVAILABLE', { message: `No signature came in ${signatureTimeoutMs} ms` })), signatureTimeoutMs) : undefined
    try {
      if (!requestId) throw new SealkitError('SIGNATURE_UNAVAILABLE', { message: 'The stream carried no request id to fetch a signature for' })
      if (signal?.aborted) stopWaiting()
      const { fetchResponseSignature } = await loadSignatureFetch()
      fetched = await fetchResponseSignature(client, { model, requestId, signal: wait.signal })
    } catch (caught) {
      if (signal?.aborted) throw isSealkitError(caught) && caught.code === 'ABORTED' ? caught : abortedError(signal.reason)
      const error = isSealkitError(caught) && caught.code === 'ABORTED' && isSealkitError(wait.signal.reason) ? wait.signal.reason : caught
      // A signature served (HTTP 2xx, `text` or `signature` in it) that sealkit cannot parse: a check that ran and failed.
      if (isSealkitError(error) && error.code === 'INVALID_RESPONSE') throw new SignatureError('SIGNATURE_INVALID', { message: `The signature served does not parse: ${error.message}`, cause: error })
      if (signatureMode === 'require') {
        throw isSealkitError(error) && error.code === 'SIGNATURE_UNAVAILABLE' ? error : new SealkitError('SIGNATURE_UNAVAILABLE', { cause: error })
      }
      const reason = error instanceof Error ? error.message : 'unavailable'
      warnOnceInDevelopment(
        'signature-unavailable',
        `sealkit: a reply came without the enclave's signature (${reason}): nothing proves the enclave wrote it, nor that nobody on the way read it. It is shown as not signed; signature: 'require' fails such replies.`,
      )
      return { status: 'unavailable', reason }
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', stopWaiting)
    }
    // A signature that exists but does not verify is always an error, whatever the mode.
    // Over the hashes of the exact bytes sent and received (hashed as they streamed: the bytes are not kept).
    // A TEE chat with an Ed25519 signing key (NEAR) loads the codec for its verifier alone: it encrypts nothing.
    const verifyEd25519 = scheme.algo === 'ecdsa' ? undefined : (await loadCodec()).verifySignature
    return checkSignatureHashes({
      text: fetched.text,
      signature: fetched.signature,
      expectedAddress: attested.signingAddress,
      requestHash,
      responseHash,
      ...(verifyEd25519 ? { verifyEd25519 } : {}),
    })
  }

  /**
   * The EIP-191 recovery runs in the key holder when it offers to (the worker); an Ed25519 key
   * (NEAR) is the codec's, and a holder that cannot check (gone, crashed) leaves the check to
   * this thread, which loads the code then. Either way the same function decides.
   */
  async function checkSignatureHashes(params: VerifyResponseSignatureHashesParams): Promise<VerifiedResponseSignature> {
    const ed25519Key = /^(0x)?[0-9a-f]{64}$/i.test(params.expectedAddress)
    if (keys?.verifyResponseSignature && !ed25519Key && !destroyed) {
      try {
        const { verifyEd25519: _unused, ...hashes } = params
        return await keys.verifyResponseSignature(hashes)
      } catch (error) {
        if (error instanceof SignatureError) throw error
        // Checked here instead, and said so: in the API (keyHolder.signatureCheck) and once in the dev console.
        signatureFallback = `the key holder could not check it (${isSealkitError(error) ? error.code : error instanceof Error ? error.name : 'no reason given'})`
        warnOnceInDevelopment(
          'signature-check',
          `sealkit: a response signature was checked on the main thread: ${signatureFallback}. The verdict is the same; session.keyHolder.signatureCheck says so.`,
        )
      }
    }
    return (await loadSignatureCheck())(params)
  }

  return {
    model,
    mode,
    get attestation() {
      return attestation
    },
    get clientPublicKey() {
      return keys?.publicKeyHex
    },
    keyReady: () => (keysPending ? keysPending.then(() => undefined) : Promise.resolve()),
    get keyHolder() {
      if (!keys) return undefined
      // A holder that does not say gets the ECDH this thread ran for the session (known once its first chat has
      // loaded it): encrypting here, and for a holder on this thread decrypting too.
      const ecdh = keys.ecdh ?? (ecdhOnThisThread() ? mainThreadEcdh : undefined)
      // The same object while nothing it says changed: a view compares it to skip a render.
      if (holderInfo?.keys !== keys || holderInfo.ecdh !== ecdh || holderInfo.fallback !== signatureFallback) {
        const info = keyHolderInfo(keys, ecdh)
        holderInfo = { keys, ecdh, fallback: signatureFallback, info: signatureFallback ? { ...info, signatureCheck: { where: 'main-thread', reason: signatureFallback } } : info }
      }
      return holderInfo.info
    },
    get destroyed() {
      return destroyed
    },
    attest,
    stream,
    encryptAhead,
    destroy() {
      destroyed = true
      sent = undefined
      keys?.destroy()
    },
  }
}

/**
 * Node's fetch (undici) answers a 421 on a reused connection by sending the request again itself, as the Fetch
 * standard says, but with the body it already sent consumed: that resend fails ("Request body length does not match
 * content-length header") and the 421, a rotated key, never reaches us. Taken as the rotation it hides: the retry
 * re-attests under the full policy first, so nothing is trusted on its account.
 */
function resendLostItsBody(error: SealkitError): boolean {
  if (error.code !== 'NETWORK_ERROR') return false
  for (let cause: unknown = error.cause, depth = 0; cause instanceof Error && depth < 4; cause = cause.cause, depth++) {
    if ((cause as { code?: unknown }).code === 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') return true
  }
  return false
}
