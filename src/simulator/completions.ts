import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes } from '@noble/hashes/utils.js'
import type { ChatCompletionChunk } from '../core/api/types.ts'
import { decrypt, encrypt, isEncryptedHex } from '../core/crypto/e2ee.ts'
import { decryptEd25519, ed25519PublicKeyToX25519, encryptEd25519, isEd25519EncryptedHex } from '../core/crypto/ed25519-e2ee.ts'
import type { E2EEScheme } from '../core/crypto/scheme.ts'
import { bytesToHex, utf8Encode } from '../core/crypto/hex.ts'
import { validateClientPublicKey, normalizePublicKey } from '../core/crypto/keys.ts'
import type { FaultName } from './faults.ts'
import { CORS_HEADERS, E2EE_HEADERS, NEAR_E2EE_HEADERS, abortReason, apiError, errorBody, sleep } from './http.ts'
import type { KeyRing, ModelKey } from './model-keys.ts'
import type { SimulatedModel } from './models.ts'
import { simulatedReasoning, simulatedReply, splitIntoChunks } from './reply.ts'
import type { SignatureStore } from './signatures.ts'

/**
 * `POST /chat/completions`: the enclave side of TEE and E2EE chat.
 *
 * E2EE requests are checked in the order the open server checks them (model,
 * client key, model key, algorithm, streaming, key freshness, then every
 * encrypted field), so each mistake gets the seed's error message. Replies are
 * streamed as OpenAI chunks; under E2EE every non-empty `content` and
 * `reasoning_content` is encrypted to the client key with a fresh ephemeral key.
 */

/** The open server's answer when the model key in the request is not the current one. */
export const KEY_ROTATED_MESSAGE = 'The encryption key is no longer valid. Please refresh your attestation report and retry.'

export interface CompletionsContext {
  /** Which provider's API the simulator speaks: Venice's `X-Venice-TEE-*` or NEAR AI's headers and schemes. */
  dialect: 'venice' | 'nearai' | 'nearai-direct'
  findModel(id: string): SimulatedModel | undefined
  keys: KeyRing
  signatures: SignatureStore
  /** Models whose key the `key-rotation` fault already rotated (it fires once per model). */
  rotatedByFault: Set<string>
  /** Content chunks per reply. */
  chunks: number
  /** Delay before each content/reasoning chunk. */
  chunkDelayMs: number
  /** A scripted reply instead of the quoting one (`SimulatorOptions.reply`). */
  reply?: string
  /** Delay before every event under `slow-stream`. */
  slowStreamDelayMs: number
}

interface IncomingMessage {
  role?: unknown
  content?: unknown
  [key: string]: unknown
}

type Step = { paced: boolean; render: () => string }

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    readonly param: string | null = null,
  ) {
    super(message)
  }
}

const newRequestId = (): string => `chatcmpl-${bytesToHex(randomBytes(16))}`

/** Text of an OpenAI content value: a string, or the text parts of a multimodal array. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) {
    return content
      .map((p: unknown) => (typeof p === 'object' && p !== null && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : ''))
      .join('')
  }
  return ''
}

function decryptField(value: unknown, key: ModelKey, field: string, scheme: E2EEScheme = { algo: 'ecdsa' }): string {
  const ed = scheme.algo === 'ed25519'
  if (typeof value !== 'string' || !(ed ? isEd25519EncryptedHex(value) : isEncryptedHex(value))) {
    throw new RequestError(400, 'Encrypted field is not valid hex', 'invalid_hex', field)
  }
  try {
    return ed ? decryptEd25519(value, key.ed25519Seed, scheme.version) : decrypt(value, key.privateKey)
  } catch {
    throw new RequestError(400, 'Failed to decrypt field', 'decrypt_failed', field)
  }
}

/** Decrypts every user/system message (required) and any other message whose content is ciphertext. */
function decryptMessages(messages: IncomingMessage[], key: ModelKey): IncomingMessage[] {
  return messages.map((m, i) => {
    const field = `messages[${i}].content`
    if (m.role === 'user' || m.role === 'system') return { ...m, content: decryptField(m.content, key, field) }
    if (typeof m.content === 'string' && isEncryptedHex(m.content)) return { ...m, content: decryptField(m.content, key, field) }
    return m
  })
}

/**
 * The open proxy's rule (NEAR AI): the non-empty string `content` of every message is decrypted,
 * whatever its role; array content passes through undecrypted (as the real server does).
 */
function decryptAllMessages(messages: IncomingMessage[], key: ModelKey, scheme: E2EEScheme): IncomingMessage[] {
  return messages.map((m, i) => (typeof m.content === 'string' && m.content !== '' ? { ...m, content: decryptField(m.content, key, `messages[${i}].content`, scheme) } : m))
}

interface E2EEContext {
  clientPublicKey: string
  scheme: E2EEScheme
}

/** Validates the E2EE headers and returns the client key, or throws the error the open server would answer. */
function checkE2EE(req: Request, body: Record<string, unknown>, model: SimulatedModel, ctx: CompletionsContext, faults: ReadonlySet<FaultName>): E2EEContext {
  if (model.privacy !== 'e2ee') throw new RequestError(400, 'E2EE is not supported for this model', 'e2ee_not_supported', 'model')
  const clientPub = req.headers.get(E2EE_HEADERS.clientPubKey) ?? ''
  try {
    validateClientPublicKey(clientPub)
  } catch {
    throw new RequestError(400, 'Invalid public key', 'invalid_public_key', E2EE_HEADERS.clientPubKey)
  }
  const modelPub = req.headers.get(E2EE_HEADERS.modelPubKey) ?? ''
  try {
    normalizePublicKey(modelPub)
  } catch {
    throw new RequestError(400, 'Invalid public key', 'invalid_public_key', E2EE_HEADERS.modelPubKey)
  }
  const algo = req.headers.get(E2EE_HEADERS.signingAlgo)
  if (algo !== null && algo.toLowerCase() !== 'ecdsa') {
    throw new RequestError(400, 'Unsupported signing algorithm', 'unsupported_signing_algo', E2EE_HEADERS.signingAlgo)
  }
  if (body.stream !== true) throw new RequestError(400, 'E2EE requires streaming', 'e2ee_requires_streaming', 'stream')
  if (faults.has('key-rotation') && !ctx.rotatedByFault.has(model.id)) {
    ctx.rotatedByFault.add(model.id)
    ctx.keys.rotate(model.id)
  }
  if (!ctx.keys.isCurrent(model.id, modelPub)) throw new RequestError(421, KEY_ROTATED_MESSAGE, 'key_rotated', E2EE_HEADERS.modelPubKey)
  return { clientPublicKey: clientPub, scheme: { algo: 'ecdsa' } }
}

/** NEAR AI's header checks: algorithm and client key together, the model key (optional) exactly as attested. */
function checkNearE2EE(req: Request, model: SimulatedModel, ctx: CompletionsContext, faults: ReadonlySet<FaultName>): E2EEContext {
  const H = NEAR_E2EE_HEADERS
  if (model.privacy !== 'e2ee') throw new RequestError(400, 'E2EE is not supported for this model', 'e2ee_not_supported', 'model')
  const algo = req.headers.get(H.signingAlgo)?.toLowerCase()
  const clientPub = req.headers.get(H.clientPubKey)
  if (!algo || !clientPub) throw new RequestError(400, 'Both X-Signing-Algo and X-Client-Pub-Key are required for encryption', 'missing_e2ee_header', algo ? H.clientPubKey : H.signingAlgo)
  if (algo !== 'ecdsa' && algo !== 'ed25519') throw new RequestError(400, 'Unsupported signing algorithm', 'unsupported_signing_algo', H.signingAlgo)
  try {
    if (algo === 'ed25519') ed25519PublicKeyToX25519(clientPub)
    else normalizePublicKey(clientPub)
  } catch {
    throw new RequestError(400, 'Invalid public key', 'invalid_public_key', H.clientPubKey)
  }
  const version = req.headers.get(H.encryptionVersion) ?? '1'
  if (version !== '1' && version !== '2') throw new RequestError(400, 'Unsupported encryption version', 'unsupported_encryption_version', H.encryptionVersion)
  if (faults.has('key-rotation') && !ctx.rotatedByFault.has(model.id)) {
    ctx.rotatedByFault.add(model.id)
    ctx.keys.rotate(model.id)
  }
  const modelPub = req.headers.get(H.modelPubKey)
  if (modelPub !== null && !ctx.keys.isCurrentExactly(model.id, modelPub)) throw new RequestError(421, KEY_ROTATED_MESSAGE, 'key_rotated', H.modelPubKey)
  return { clientPublicKey: clientPub, scheme: algo === 'ed25519' ? { algo: 'ed25519', version: Number(version) as 1 | 2 } : { algo: 'ecdsa' } }
}

function isE2EERequest(req: Request, body: Record<string, unknown>): boolean {
  const vp = body.venice_parameters
  return (
    req.headers.has(E2EE_HEADERS.clientPubKey) ||
    req.headers.has(E2EE_HEADERS.modelPubKey) ||
    (typeof vp === 'object' && vp !== null && (vp as { enable_e2ee?: unknown }).enable_e2ee === true)
  )
}

/** Flips one bit of the GCM tag: still well-formed hex, but authentication fails. */
function tamper(wireHex: string): string {
  const last = parseInt(wireHex.slice(-2), 16) ^ 0x01
  return wireHex.slice(0, -2) + last.toString(16).padStart(2, '0')
}

export async function handleCompletions(
  req: Request,
  ctx: CompletionsContext,
  faults: ReadonlySet<FaultName>,
): Promise<Response> {
  const bodyBytes = new Uint8Array(await req.arrayBuffer())
  let body: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bodyBytes))
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
    body = parsed as Record<string, unknown>
  } catch {
    return apiError(400, 'Request body must be a JSON object', { code: 'invalid_json' })
  }
  const model = typeof body.model === 'string' ? ctx.findModel(body.model) : undefined
  if (!model) return apiError(404, 'model not found', { code: 'model_not_found', param: 'model' })
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return apiError(400, 'messages must be a non-empty array', { code: 'invalid_messages', param: 'messages' })
  }

  let e2ee: E2EEContext | undefined
  let messages = body.messages as IncomingMessage[]
  try {
    if (ctx.dialect !== 'venice') {
      if (req.headers.has(NEAR_E2EE_HEADERS.signingAlgo) || req.headers.has(NEAR_E2EE_HEADERS.clientPubKey)) {
        e2ee = checkNearE2EE(req, model, ctx, faults)
        messages = decryptAllMessages(messages, ctx.keys.current(model.id), e2ee.scheme)
      }
    } else if (isE2EERequest(req, body)) {
      e2ee = checkE2EE(req, body, model, ctx, faults)
      messages = decryptMessages(messages, ctx.keys.current(model.id))
    }
  } catch (e) {
    if (e instanceof RequestError) return apiError(e.status, e.message, { code: e.code, ...(e.param !== null && { param: e.param }) })
    throw e
  }

  const lastUser = [...messages].reverse().find((m) => m.role === 'user')
  const userText = textOf(lastUser?.content)
  const mode = e2ee ? 'e2ee' : model.privacy === 'none' ? 'none' : 'tee'
  const reply = ctx.reply ?? simulatedReply(userText, mode)
  const reasoning = model.reasoning ? simulatedReasoning(userText) : undefined
  const requestId = newRequestId()
  const created = Math.floor(Date.now() / 1000)
  const key = model.privacy === 'none' ? undefined : ctx.keys.current(model.id)
  const usage = {
    prompt_tokens: Math.ceil(userText.length / 4) + 8,
    completion_tokens: Math.ceil(reply.length / 4),
    total_tokens: Math.ceil(userText.length / 4) + 8 + Math.ceil(reply.length / 4),
  }
  const record = (responseBytesHash: string): void => {
    if (!key) return
    ctx.signatures.add({ requestId, model: model.id, requestHash: bytesToHex(sha256(bodyBytes)), responseHash: responseBytesHash, key, faults })
  }

  const seal = (text: string): string => {
    if (!e2ee || text === '') return text
    return e2ee.scheme.algo === 'ed25519' ? encryptEd25519(text, e2ee.clientPublicKey, { version: e2ee.scheme.version }) : encrypt(text, e2ee.clientPublicKey)
  }
  if (body.stream !== true) {
    // Only NEAR's chat route gets here under E2EE (Venice requires streaming): it encrypts the whole reply.
    const message: Record<string, unknown> = { role: 'assistant', content: seal(reply) }
    if (reasoning) message.reasoning_content = seal(reasoning)
    const answer = { id: requestId, object: 'chat.completion', created, model: model.id, choices: [{ index: 0, message, finish_reason: 'stop' }], usage }
    const text = JSON.stringify(answer)
    record(bytesToHex(sha256(utf8Encode(text))))
    return new Response(text, { status: 200, headers: { ...CORS_HEADERS, 'Content-Type': 'application/json; charset=utf-8' } })
  }

  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): string =>
    JSON.stringify({
      id: requestId,
      object: 'chat.completion.chunk',
      created,
      model: model.id,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    } satisfies ChatCompletionChunk)

  const steps: Step[] = [{ paced: false, render: () => chunk({ role: 'assistant', content: '' }) }]
  if (reasoning) {
    const sealReasoning = faults.has('plaintext-reasoning') ? (text: string) => text : seal
    for (const piece of splitIntoChunks(reasoning, 2)) steps.push({ paced: true, render: () => chunk({ reasoning_content: sealReasoning(piece) }) })
  }
  const pieces = splitIntoChunks(reply, ctx.chunks)
  const faultAt = Math.floor(pieces.length / 2)
  let cutShort = false
  pieces.forEach((piece, i) => {
    if (cutShort) return
    let render = () => chunk({ content: seal(piece) })
    if (e2ee && i === faultAt && faults.has('tampered-chunk')) render = () => chunk({ content: tamper(seal(piece)) })
    if (e2ee && i === faultAt && faults.has('plaintext-chunk')) render = () => chunk({ content: piece })
    steps.push({ paced: true, render })
    if (i === faultAt && faults.has('stream-error')) {
      steps.push({ paced: false, render: () => JSON.stringify(errorBody('Simulated upstream failure mid-stream', 'server_error', 'stream_error')) })
      cutShort = true
    } else if (i === faultAt && faults.has('drop-connection')) {
      cutShort = true
    }
  })
  if (!cutShort) {
    steps.push({ paced: false, render: () => chunk({}, 'stop') })
    const so = body.stream_options
    if (typeof so === 'object' && so !== null && (so as { include_usage?: unknown }).include_usage === true) {
      steps.push({
        paced: false,
        render: () => JSON.stringify({ id: requestId, object: 'chat.completion.chunk', created, model: model.id, choices: [], usage }),
      })
    }
    steps.push({ paced: false, render: () => '[DONE]' })
  }

  const slow = faults.has('slow-stream')
  const hasher = sha256.create()
  const encoder = new TextEncoder()
  const signal = req.signal
  let next = 0
  let recorded = false
  // Recorded before the last bytes are handed over, so a client that saw [DONE] can fetch the signature at once.
  const finish = (): void => {
    if (recorded) return
    recorded = true
    record(bytesToHex(hasher.digest()))
  }
  let pacedStart: number | undefined
  let pacedCount = 0
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      signal.addEventListener(
        'abort',
        () => {
          finish()
          try {
            controller.error(abortReason(signal))
          } catch {
            // already closed
          }
        },
        { once: true },
      )
    },
    async pull(controller) {
      const step = steps[next++]
      if (!step) {
        finish()
        controller.close()
        return
      }
      // Paced chunks keep a schedule (chunk n at n x chunkDelayMs after the first pull), so the time spent
      // encrypting counts toward the interval and 5 ms really gives 200 chunks/s.
      let delay = 0
      if (slow) delay = Math.max(ctx.slowStreamDelayMs, ctx.chunkDelayMs)
      else if (step.paced && ctx.chunkDelayMs > 0) {
        pacedStart ??= Date.now()
        delay = Math.max(0, pacedStart + ++pacedCount * ctx.chunkDelayMs - Date.now())
      }
      try {
        await sleep(delay, signal)
      } catch (reason) {
        finish()
        controller.error(reason)
        return
      }
      const bytes = encoder.encode(`data: ${step.render()}\n\n`)
      hasher.update(bytes)
      if (next === steps.length) finish()
      controller.enqueue(bytes)
      if (next === steps.length) controller.close()
    },
    cancel() {
      finish()
    },
  })
  return new Response(stream, {
    status: 200,
    headers: {
      ...CORS_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
    },
  })
}
