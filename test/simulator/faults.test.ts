import { describe, expect, it } from 'vitest'
import type { SignatureResponse } from '../../src/core/api/types.ts'
import { bytesToHex, decrypt, generateNonce, hexToBytes, isEncryptedHex, publicKeyToAddress, recoverPersonalSignAddress } from '../../src/core/crypto/index.ts'
import { isSealkitError } from '../../src/core/errors.ts'
import { createSimulator, FAULT_NAMES, QUOTE_REPORT_DATA_OFFSET, type FaultName } from '../../src/simulator/index.ts'
import { BASE, E2EE_MODEL, TEE_MODEL, attest, chunksOf, contentsOf, decryptAll, e2eeChat, errorOf, parseSse } from './helpers.ts'

const reportDataOf = (quoteHex: string): string =>
  bytesToHex(hexToBytes(quoteHex).subarray(QUOTE_REPORT_DATA_OFFSET, QUOTE_REPORT_DATA_OFFSET + 64))

async function attestWith(fault: FaultName, nonce = generateNonce()) {
  const sim = createSimulator()
  const res = await sim.fetch(`${BASE}/tee/attestation?model=${E2EE_MODEL}&nonce=${nonce}`, { headers: { 'X-Sealkit-Fault': fault } })
  return { sim, nonce, att: (await res.json()) as Record<string, string | boolean> }
}

function decryptCode(wire: string, key: Uint8Array): string | undefined {
  try {
    decrypt(wire, key)
    return undefined
  } catch (e) {
    return isSealkitError(e) ? e.code : String(e)
  }
}

describe('fault injection', () => {
  it('exports every fault name', () => {
    expect(FAULT_NAMES).toEqual([
      'tampered-chunk', 'plaintext-chunk', 'plaintext-reasoning', 'wrong-nonce', 'unverified', 'wrong-signing-key', 'bad-signature',
      'stream-error', 'drop-connection', 'key-rotation', 'slow-stream', 'report-data-mismatch',
    ])
  })

  it('wrong-nonce: the report is consistently for another nonce', async () => {
    const { nonce, att } = await attestWith('wrong-nonce')
    expect(att.nonce).not.toBe(nonce)
    expect(att.nonce).toMatch(/^[0-9a-f]{64}$/)
    expect(reportDataOf(att.intel_quote as string).slice(-64)).toBe(att.nonce)
    expect(att.verified).toBe(true)
  })

  it('unverified: verified is false', async () => {
    const { nonce, att } = await attestWith('unverified')
    expect(att.verified).toBe(false)
    expect(att.nonce).toBe(nonce)
  })

  it('wrong-signing-key: signing_key does not hash to signing_address, which REPORTDATA still binds', async () => {
    const { sim, att } = await attestWith('wrong-signing-key')
    expect(publicKeyToAddress(att.signing_key as string)).not.toBe(att.signing_address)
    expect(att.signing_address).toBe(sim.signingAddress())
    expect(reportDataOf(att.intel_quote as string).slice(0, 40)).toBe((att.signing_address as string).slice(2))
  })

  it('report-data-mismatch: nonce is echoed but REPORTDATA binds another one', async () => {
    const { nonce, att } = await attestWith('report-data-mismatch')
    expect(att.nonce).toBe(nonce)
    const rd = reportDataOf(att.intel_quote as string)
    expect(rd.slice(0, 40)).toBe((att.signing_address as string).slice(2))
    expect(rd.slice(-64)).not.toBe(nonce)
  })

  it('tampered-chunk: exactly one chunk is well-formed ciphertext that fails authentication', async () => {
    const sim = createSimulator({ fault: 'tampered-chunk' })
    const att = await attest(sim)
    const { response, keys } = await e2eeChat(sim, att.signing_key, 'x')
    const contents = contentsOf(parseSse(await response.text()))
    expect(contents.every(isEncryptedHex)).toBe(true)
    expect(contents.map((c) => decryptCode(c, keys.privateKey)).filter(Boolean)).toEqual(['DECRYPT_FAILED'])
  })

  it('plaintext-chunk: exactly one chunk is plaintext', async () => {
    const sim = createSimulator()
    const att = await attest(sim)
    const { response } = await e2eeChat(sim, att.signing_key, 'x', { headers: { 'X-Sealkit-Fault': 'plaintext-chunk' } })
    const contents = contentsOf(parseSse(await response.text()))
    const plain = contents.filter((c) => !isEncryptedHex(c))
    expect(plain).toHaveLength(1)
    expect(plain[0]!.length).toBeGreaterThan(0)
  })

  it("plaintext-reasoning: a reasoning model's reasoning comes unencrypted, its answer still encrypted", async () => {
    const sim = createSimulator()
    const model = 'e2ee-glm-5'
    const att = await attest(sim, model)
    const { response, keys } = await e2eeChat(sim, att.signing_key, 'x', { model, headers: { 'X-Sealkit-Fault': 'plaintext-reasoning' } })
    const events = parseSse(await response.text())
    const reasoning = chunksOf(events).map((c) => (c.choices?.[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content).filter((r): r is string => !!r)
    expect(reasoning.length).toBeGreaterThan(0)
    expect(reasoning.some(isEncryptedHex)).toBe(false)
    expect(reasoning.join('')).toContain('The user wrote 1 characters')
    expect(decryptAll(contentsOf(events), keys)).toContain('You said: "x"')
  })

  it('stream-error: an error event mid-stream, then the end without [DONE]', async () => {
    const sim = createSimulator()
    const att = await attest(sim)
    const { response, keys } = await e2eeChat(sim, att.signing_key, 'x', { url: `${BASE}/chat/completions?sealkit_fault=stream-error` })
    expect(response.status).toBe(200)
    const events = parseSse(await response.text())
    expect(events).not.toContain('[DONE]')
    const last = events.at(-1) as { error?: { message: string } }
    expect(last.error?.message).toMatch(/mid-stream/)
    expect(decryptAll(contentsOf(events), keys).length).toBeGreaterThan(0)
  })

  it('drop-connection: the stream ends early, without a finish chunk or [DONE]', async () => {
    const sim = createSimulator({ chunks: 8 })
    const att = await attest(sim)
    const { response } = await e2eeChat(sim, att.signing_key, 'x', { headers: { 'X-Sealkit-Fault': 'drop-connection' } })
    const events = parseSse(await response.text())
    expect(events).not.toContain('[DONE]')
    expect(chunksOf(events).some((c) => c.choices?.[0]?.finish_reason)).toBe(false)
    expect(contentsOf(events).length).toBeLessThan(8)
  })

  it('key-rotation: the first E2EE chat answers 421 and rotates; re-attesting once and retrying works', async () => {
    const sim = createSimulator({ fault: 'key-rotation' })
    const att = await attest(sim)
    const first = await e2eeChat(sim, att.signing_key, 'x')
    expect((await errorOf(first.response)).status).toBe(421)
    const fresh = await attest(sim)
    expect(fresh.signing_key).not.toBe(att.signing_key)
    const retry = await e2eeChat(sim, fresh.signing_key, 'retry me', { keys: first.keys })
    expect(retry.response.status).toBe(200)
    expect(decryptAll(contentsOf(parseSse(await retry.response.text())), first.keys)).toContain('You said: "retry me".')
  })

  it('slow-stream: long delays before every chunk', async () => {
    const sim = createSimulator({ chunks: 2, slowStreamDelayMs: 60 })
    const att = await attest(sim)
    const started = performance.now()
    const { response } = await e2eeChat(sim, att.signing_key, 'x', { headers: { 'X-Sealkit-Fault': 'slow-stream' } })
    await response.text()
    // role chunk + 2 content chunks + finish + [DONE], each after 60 ms
    expect(performance.now() - started).toBeGreaterThanOrEqual(5 * 60 - 10)
  })

  it('bad-signature: /tee/signature is made by another key, whichever request selected it', async () => {
    const sim = createSimulator()
    const att = await attest(sim)
    // Selected on the signature request...
    const a = await e2eeChat(sim, att.signing_key, 'x')
    const idA = chunksOf(parseSse(await a.response.text()))[0]!.id!
    const sigA = (await (await sim.fetch(`${BASE}/tee/signature?model=${E2EE_MODEL}&request_id=${idA}`, { headers: { 'X-Sealkit-Fault': 'bad-signature' } })).json()) as SignatureResponse
    expect(sigA.signing_address).toBe(att.signing_address)
    expect(recoverPersonalSignAddress(sigA.text, sigA.signature as string)).not.toBe(att.signing_address)
    // ...or on the chat request it belongs to.
    const b = await e2eeChat(sim, att.signing_key, 'x', { headers: { 'X-Sealkit-Fault': 'bad-signature' } })
    const idB = chunksOf(parseSse(await b.response.text()))[0]!.id!
    const sigB = (await (await sim.fetch(`${BASE}/tee/signature?model=${E2EE_MODEL}&request_id=${idB}`)).json()) as SignatureResponse
    expect(recoverPersonalSignAddress(sigB.text, sigB.signature as string)).not.toBe(att.signing_address)
  })

  it('selects faults by a /fault/<names> path prefix, several at once', async () => {
    const sim = createSimulator()
    const nonce = generateNonce()
    const res = await sim.fetch(`http://s/fault/unverified,wrong-nonce/api/v1/tee/attestation?model=${TEE_MODEL}&nonce=${nonce}`)
    const att = (await res.json()) as Record<string, unknown>
    expect(att.verified).toBe(false)
    expect(att.nonce).not.toBe(nonce)
  })

  it('faults are per request: other requests to the same server are unaffected', async () => {
    const sim = createSimulator()
    const nonce = generateNonce()
    await sim.fetch(`${BASE}/tee/attestation?model=${E2EE_MODEL}&nonce=${nonce}`, { headers: { 'X-Sealkit-Fault': 'unverified' } })
    const att = (await (await sim.fetch(`${BASE}/tee/attestation?model=${E2EE_MODEL}&nonce=${nonce}`)).json()) as Record<string, unknown>
    expect(att.verified).toBe(true)
  })

  it('rejects unknown fault names (400 per request, TypeError for the server option)', async () => {
    const res = await createSimulator().fetch(`${BASE}/models`, { headers: { 'X-Sealkit-Fault': 'nope' } })
    expect(res.status).toBe(400)
    expect(() => createSimulator({ fault: 'nope' as FaultName })).toThrow(TypeError)
  })
})
