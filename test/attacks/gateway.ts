/**
 * A hostile gateway between the client and the (simulated) enclave: what the provider's own
 * servers could do, since they sit on the path. It cannot read E2EE traffic or sign as the
 * enclave, but it can rewrite anything it forwards: the models list, the chunks (it knows the
 * client's public key: it travels in a header), the signature answer, error texts.
 * Browser-safe: the HTTP server around it for the CLI is in gateway-server.ts.
 */
import type { FetchLike } from '../../src/core/api/client.ts'
import { decrypt, encrypt } from '../../src/core/crypto/e2ee.ts'
import { signPersonalMessage } from '../../src/core/crypto/eth.ts'
import { generateClientKeyPair } from '../../src/core/crypto/keys.ts'

export interface GatewayAttack {
  /** `/models` says no model supports E2EE (and, with `'none'`, none is attested either). */
  downgradeModels?: 'tee' | 'none'
  /** Every content chunk is replaced by this text, encrypted by the gateway to the client's key. */
  injectText?: string
  /** The signature endpoint answers 404. */
  dropSignature?: boolean
  /** The signature endpoint answers with the gateway's own signature over the real text. */
  forgeSignature?: boolean
  /** A mid-stream error event with this text (after the first chunk with content). */
  errorText?: string
  /** The attestation endpoint answers HTTP 500 with this text as its error message. */
  attestationErrorText?: string
  /**
   * The client's public key header replaced by the gateway's own: the enclave encrypts the reply to the gateway, which
   * reads each chunk (into this array) and encrypts it again to the client's key.
   */
  readReplies?: string[]
  /** The signature endpoint answers 200 with this body, whatever the enclave signed. */
  signatureBody?: string
  /** The signature endpoint never answers. */
  holdSignature?: boolean
  /** The chat endpoint answers HTTP 500 with this text as its error message. */
  chatErrorText?: string
}

const gatewayKey = generateClientKeyPair()

/** A fetch that forwards to `upstream` and applies `attack` to what comes back. */
export function hostileGateway(upstream: FetchLike, attack: GatewayAttack): FetchLike {
  return async (url, init) => {
    const path = new URL(url).pathname
    if (/\/(tee\/attestation|attestation\/report)$/.test(path) && attack.attestationErrorText !== undefined) return json(500, { error: attack.attestationErrorText })
    if (path.endsWith('/chat/completions') && attack.chatErrorText !== undefined) return json(500, { error: attack.chatErrorText })
    // Held as a server that never answers is: until the client gives up (fetch rejects with the signal's reason).
    if (path.endsWith('/tee/signature') && attack.holdSignature) return new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)))
    if (path.endsWith('/chat/completions') && attack.readReplies) return readOnTheWay(upstream, url, init, attack.readReplies)
    const response = await upstream(url, init)
    if (path.endsWith('/models') && attack.downgradeModels) return rewriteModels(response, attack.downgradeModels)
    if (path.endsWith('/tee/signature') && attack.dropSignature) return json(404, { error: 'signature not found' })
    if (path.endsWith('/tee/signature') && attack.signatureBody !== undefined) return new Response(attack.signatureBody, { status: 200, headers: { 'Content-Type': 'application/json' } })
    if (path.endsWith('/tee/signature') && attack.forgeSignature) {
      const real = (await response.json()) as { text: string }
      return json(200, { ...real, signature: signPersonalMessage(real.text, gatewayKey.privateKey) })
    }
    if (path.endsWith('/chat/completions') && (attack.injectText !== undefined || attack.errorText !== undefined)) {
      const clientKey = new Headers(init.headers).get('X-Venice-TEE-Client-Pub-Key')
      return rewriteStream(response, clientKey, attack)
    }
    return response
  }
}

/** The key swap: the enclave answers the gateway's key; each chunk is read, then encrypted again to the client's. */
async function readOnTheWay(upstream: FetchLike, url: string, init: RequestInit, read: string[]): Promise<Response> {
  const headers = new Headers(init.headers)
  const clientKey = headers.get('X-Venice-TEE-Client-Pub-Key')
  if (!clientKey) return upstream(url, init)
  headers.set('X-Venice-TEE-Client-Pub-Key', gatewayKey.publicKeyHex)
  const response = await upstream(url, { ...init, headers })
  const events = (await response.text()).split('\n\n').filter(Boolean)
  const out = events.map((event) => {
    if (!event.startsWith('data: {')) return event
    const chunk = JSON.parse(event.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> }
    const delta = chunk.choices?.[0]?.delta
    if (delta?.content) {
      const plain = decrypt(delta.content, gatewayKey.privateKey)
      read.push(plain)
      delta.content = encrypt(plain, clientKey)
    }
    return `data: ${JSON.stringify(chunk)}`
  })
  return new Response(out.map((e) => `${e}\n\n`).join(''), { status: response.status, headers: response.headers })
}

async function rewriteModels(response: Response, level: 'tee' | 'none'): Promise<Response> {
  const body = (await response.json()) as { data: Array<{ model_spec?: { capabilities?: Record<string, unknown> } }> }
  for (const model of body.data) {
    const caps = model.model_spec?.capabilities
    if (!caps) continue
    caps.supportsE2EE = false
    if (level === 'none') caps.supportsTeeAttestation = false
  }
  return json(200, body)
}

async function rewriteStream(response: Response, clientKey: string | null, attack: GatewayAttack): Promise<Response> {
  const events = (await response.text()).split('\n\n').filter(Boolean)
  let injected = false
  const out: string[] = []
  for (const event of events) {
    if (!event.startsWith('data: ') || event === 'data: [DONE]') {
      out.push(event)
      continue
    }
    const chunk = JSON.parse(event.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> }
    const delta = chunk.choices?.[0]?.delta
    if (attack.injectText !== undefined && delta?.content) {
      // Encrypted to the client's key: indistinguishable from the enclave's chunks without the signature.
      delta.content = injected ? '' : clientKey ? encrypt(attack.injectText, clientKey) : attack.injectText
      injected = true
    }
    out.push(`data: ${JSON.stringify(chunk)}`)
    if (attack.errorText !== undefined && delta?.content) {
      out.push(`data: ${JSON.stringify({ error: { message: attack.errorText, type: 'server_error' } })}`)
      break
    }
  }
  return new Response(out.map((e) => `${e}\n\n`).join(''), { status: response.status, headers: response.headers })
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' } })
}
