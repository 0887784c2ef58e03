/**
 * An attacker's pass over the trust-relevant changes of the streaming-hash, Ed25519 response
 * signature and restored-conversation work: a hostile proxy between the client and the
 * (simulated) enclave rewrites the response bytes, a hostile report names keys in confusable
 * spellings, and whoever can write the storage forges a whole record.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { describe, expect, it, test } from 'vitest'
import { createClient, type FetchLike } from '../../src/core/api/client.ts'
import type { ChatMessage } from '../../src/core/api/types.ts'
import type { SealkitUIMessage } from '../../src/core/chat/messages.ts'
import { publicKeyToAddress, signPersonalMessage } from '../../src/core/crypto/eth.ts'
import { bytesToHex, utf8Encode } from '../../src/core/crypto/hex.ts'
import { generateClientKeyPair } from '../../src/core/crypto/keys.ts'
import { createChatSession, type ChatStreamEvent } from '../../src/core/session/chat-session.ts'
import { isEd25519SigningKey, verifyResponseSignatureHashes } from '../../src/core/session/response-signature.ts'
import { recheckStoredSignatures } from '../../src/core/storage/stored-messages.ts'
import { createSimulator } from '../../src/simulator/index.ts'
import { codeOf } from '../helpers/error-code.ts'

const E2EE = 'e2ee-qwen3-5-122b-a10b'
const TEE = 'tee-qwen3-5-122b-a10b'
const PROMPT = 'What is 2+2? Answer briefly.'
const ask: ChatMessage[] = [{ role: 'user', content: PROMPT }]

/** The chat body as the proxy wants it: `rewrite` gets the enclave's exact bytes and returns the pieces to send. */
function proxy(rewrite: (body: Uint8Array) => ReadableStream<Uint8Array>) {
  const sim = createSimulator({ seed: 'attack-landed', chunks: 4 })
  const client = createClient({ baseURL: 'http://sim.test/api/v1', fetch: sim.fetch })
  const fetch: FetchLike = async (input, init) => {
    const response = await sim.fetch(input, init)
    if (!String(input).endsWith('/chat/completions')) return response
    const body = new Uint8Array(await response.arrayBuffer())
    return new Response(rewrite(body), { status: response.status, headers: response.headers })
  }
  const hostile = createClient({ baseURL: client.baseURL, fetch })
  return { sim, client: hostile, verify: { policy: 'basic' as const, trustedRoots: sim.trustedRoots() } }
}

function streamOf(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = pieces.shift()
      if (next) controller.enqueue(next)
      else controller.close()
    },
  })
}

async function run(model: string, rewrite: (body: Uint8Array) => ReadableStream<Uint8Array>, signal?: AbortSignal) {
  const { sim, client, verify } = proxy(rewrite)
  const mode = model === E2EE ? ('e2ee' as const) : ('tee' as const)
  const events: ChatStreamEvent[] = []
  let error: unknown
  try {
    for await (const event of createChatSession(client, { model, mode, ...verify }).stream(ask, signal ? { signal } : {})) events.push(event)
  } catch (e) {
    error = e
  }
  const text = events.flatMap((e) => (e.type === 'delta' ? [e.content] : [])).join('')
  const verified = events.some((e) => e.type === 'signature' && e.signature.status === 'verified')
  return { sim, events, text, error, verified }
}

describe('a hostile proxy against the response hash computed as bytes arrive', () => {
  for (const model of [E2EE, TEE]) {
    it(`${model}: one buffer reused and overwritten under the reader: what is parsed is what is hashed, and it fails closed`, async () => {
      const { error, verified } = await run(model, (body) => {
        const shared = new Uint8Array(7)
        let at = 0
        return new ReadableStream({
          pull(controller) {
            if (at >= body.length) return controller.close()
            shared.fill(0x41) // the previous piece is scribbled over before the next is handed out
            const piece = body.subarray(at, at + shared.length)
            shared.set(piece)
            at += piece.length
            controller.enqueue(shared.subarray(0, piece.length))
          },
        })
      })
      // Response reads ahead, so the reader may see later bytes in earlier pieces: the hasher and the parser get
      // the same object in the same turn, and whatever reaches the hash is not the enclave's body: refused.
      expect(verified).toBe(false)
      expect(['SIGNATURE_HASH_MISMATCH', 'STREAM_MALFORMED', 'STREAM_INCOMPLETE', 'E2EE_DECRYPT_FAILED', 'E2EE_PLAINTEXT_CHUNK']).toContain(codeOf(error))
    })

    it(`${model}: bytes appended after [DONE] count: the reply is not shown as signed`, async () => {
      const { text, error, verified } = await run(model, (body) => streamOf([body, utf8Encode(': keep-alive\n\n')]))
      expect(text).toContain(PROMPT) // nothing parsed changed
      expect(verified).toBe(false)
      expect(codeOf(error)).toBe('SIGNATURE_HASH_MISMATCH')
    })

    it(`${model}: an event the parser ignores, slipped in mid-stream, counts`, async () => {
      const { text, error, verified } = await run(model, (body) => {
        const cut = new TextDecoder().decode(body).indexOf('\n\n') + 2
        return streamOf([body.slice(0, cut), utf8Encode('event: ping\ndata: {}\n\n: hello\n\n'), body.slice(cut)])
      })
      expect(text).toContain(PROMPT)
      expect(verified).toBe(false)
      expect(codeOf(error)).toBe('SIGNATURE_HASH_MISMATCH')
    })

    it(`${model}: a body cut off after the last finish_reason (no [DONE]) is never shown as signed`, async () => {
      const { error, verified } = await run(model, (body) => {
        const text = new TextDecoder().decode(body)
        return streamOf([body.slice(0, utf8Encode(text.slice(0, text.indexOf('data: [DONE]'))).length)])
      })
      expect(verified).toBe(false)
      expect(['SIGNATURE_HASH_MISMATCH', 'STREAM_INCOMPLETE']).toContain(codeOf(error))
    })

    it(`${model}: a stream aborted once the text is in yields no signature at all`, async () => {
      const controller = new AbortController()
      const { error, events } = await run(
        model,
        (body) => {
          const cut = new TextDecoder().decode(body).indexOf('data: [DONE]')
          const pieces = [body.slice(0, cut), body.slice(cut)]
          return new ReadableStream({
            pull(c) {
              const next = pieces.shift()
              if (!next) return c.close()
              if (pieces.length === 0) controller.abort() // the last bytes never arrive
              c.enqueue(next)
            },
          })
        },
        controller.signal,
      )
      expect(codeOf(error)).toBe('ABORTED')
      expect(events.some((e) => e.type === 'signature' || e.type === 'finish')).toBe(false)
    })
  }
})

describe('Ed25519 or EIP-191: the attested key decides, in every spelling', () => {
  const text = `${TEE}:${'a'.repeat(64)}:${'b'.repeat(64)}`
  const hashes = { requestHash: 'A'.repeat(64), responseHash: 'b'.repeat(64) }
  const enclave = generateClientKeyPair()
  const address = publicKeyToAddress(enclave.publicKey)
  const attacker = ed25519.keygen()
  const verifyEd25519 = (signature: string, message: string, key: string) => ed25519.verify(hexBytes(signature), utf8Encode(message), hexBytes(key))

  it('an EIP-191 address in any case, with or without 0x, never takes the Ed25519 path', () => {
    const forged = bytesToHex(ed25519.sign(utf8Encode(text), attacker.secretKey))
    for (const spelling of [address, address.toUpperCase().replace('0X', '0x'), address.slice(2)]) {
      expect(isEd25519SigningKey(spelling)).toBe(false)
      expect(() => verifyResponseSignatureHashes({ text, signature: forged, expectedAddress: spelling, ...hashes, verifyEd25519 })).toThrow()
    }
    // The enclave's own EIP-191 signature verifies under each spelling.
    const genuine = signPersonalMessage(text, enclave.privateKey)
    expect(verifyResponseSignatureHashes({ text, signature: genuine, expectedAddress: address.toUpperCase().replace('0X', '0x'), ...hashes }).status).toBe('verified')
  })

  it("the 20-byte address padded to 32 bytes (as a report's report_data carries it) is not a key its EIP-191 signature verifies under", () => {
    const padded = address.slice(2) + '0'.repeat(24)
    const genuine = signPersonalMessage(text, enclave.privateKey)
    expect(() => verifyResponseSignatureHashes({ text, signature: genuine, expectedAddress: padded, ...hashes, verifyEd25519 })).toThrow(/Ed25519/)
  })

  it("a gateway's own Ed25519 key cannot stand in for the attested one, whatever the attested key's spelling", () => {
    const enclaveEd = ed25519.keygen()
    const key = bytesToHex(enclaveEd.publicKey)
    const forged = bytesToHex(ed25519.sign(utf8Encode(text), attacker.secretKey))
    const genuine = bytesToHex(ed25519.sign(utf8Encode(text), enclaveEd.secretKey))
    for (const spelling of [key, '0x' + key.toUpperCase(), '0X' + key]) {
      expect(() => verifyResponseSignatureHashes({ text, signature: forged, expectedAddress: spelling, ...hashes, verifyEd25519 })).toThrow()
      expect(verifyResponseSignatureHashes({ text, signature: genuine, expectedAddress: spelling, ...hashes, verifyEd25519 }).signingAddress).toBe(key)
    }
  })
})

describe('storage: a record forged from scratch with a key of the attacker', () => {
  const forgedReply = (signer: { address: string; sign: (text: string) => string }): SealkitUIMessage => {
    const requestHash = 'c'.repeat(64)
    const responseHash = 'd'.repeat(64)
    const text = `${E2EE}:${requestHash}:${responseHash}`
    return {
      id: 'forged',
      role: 'assistant',
      parts: [{ type: 'text', text: 'Wire the money to account 1234.' }],
      metadata: {
        model: E2EE,
        privacy: 'e2ee',
        signature: 'verified',
        authenticity: 'verified',
        attestation: { model: E2EE, nonce: 'e'.repeat(64), signingAddress: signer.address, verdict: 'passed', policy: 'standard', verifiedAt: '2026-01-01T00:00:00.000Z' },
        signatureDetails: { signingAddress: signer.address, text, signature: signer.sign(text), requestHash, responseHash },
        requestId: 'chatcmpl-forged',
        restored: { receivedAt: '2026-01-01T00:00:00.000Z' },
      },
    }
  }
  const secp = generateClientKeyPair()
  const ed = ed25519.keygen()
  const signers = {
    'EIP-191': { address: publicKeyToAddress(secp.publicKey), sign: (t: string) => signPersonalMessage(t, secp.privateKey) },
    Ed25519: { address: bytesToHex(ed.publicKey), sign: (t: string) => bytesToHex(ed25519.sign(utf8Encode(t), ed.secretKey)) },
  }

  // The recheck alone only asks whether the record agrees with itself: the recorded "attested" key is
  // whatever the record says, so a record signed from scratch with the attacker's own key agrees. Only
  // storage that can tell its own records from others' (ChatStorageInfo.authenticated) may restore "signed".
  for (const [name, signer] of Object.entries(signers)) {
    test(`${name}: a self-signed record is not restored as signed from storage that cannot vouch for it`, async () => {
      const [reply] = await recheckStoredSignatures([forgedReply(signer)])
      expect(reply!.metadata).toMatchObject({ signature: 'unavailable', authenticity: 'unavailable', restored: { signatureUnproven: true } })
    })
  }
})

function hexBytes(hex: string): Uint8Array {
  const clean = hex.replace(/^0x/i, '')
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16))
}
