// @vitest-environment jsdom
import { describe, expect, test } from 'vitest'
import type { SealkitErrorCode } from '../../src/core/errors.ts'
import { FAULT_NAMES, simulatedReply, type FaultName } from '../../src/simulator/index.ts'
import { E2EE_MODEL, TEE_MODEL, renderChat, setup, textOfMessage } from './helpers.tsx'

/**
 * Every fault the simulator can inject, through useEncryptedChat: each ends in
 * `error` with its code, partial text stays (marked incomplete), and the input is
 * usable again as soon as the fault is gone. `key-rotation` is the one fault the
 * client recovers from by design (re-attest, retry); `slow-stream` ends in an
 * error only with a `timeoutMs`.
 */
interface Case {
  fault: FaultName
  models: string[]
  code: SealkitErrorCode
  /** What the assistant message looks like when the request fails. */
  partial: 'none' | 'incomplete' | 'complete-unverified'
}

const CASES: Case[] = [
  { fault: 'tampered-chunk', models: [E2EE_MODEL], code: 'DECRYPT_FAILED', partial: 'incomplete' },
  { fault: 'plaintext-chunk', models: [E2EE_MODEL], code: 'E2EE_PLAINTEXT_CHUNK', partial: 'incomplete' },
  { fault: 'wrong-nonce', models: [E2EE_MODEL, TEE_MODEL], code: 'ATTESTATION_NONCE_MISMATCH', partial: 'none' },
  { fault: 'unverified', models: [E2EE_MODEL, TEE_MODEL], code: 'ATTESTATION_FAILED', partial: 'none' },
  { fault: 'wrong-signing-key', models: [E2EE_MODEL, TEE_MODEL], code: 'ATTESTATION_KEY_ADDRESS_MISMATCH', partial: 'none' },
  { fault: 'report-data-mismatch', models: [E2EE_MODEL, TEE_MODEL], code: 'ATTESTATION_REPORT_DATA_MISMATCH', partial: 'none' },
  { fault: 'bad-signature', models: [E2EE_MODEL, TEE_MODEL], code: 'SIGNATURE_ADDRESS_MISMATCH', partial: 'complete-unverified' },
  { fault: 'stream-error', models: [E2EE_MODEL, TEE_MODEL], code: 'STREAM_ERROR', partial: 'incomplete' },
  { fault: 'drop-connection', models: [E2EE_MODEL, TEE_MODEL], code: 'STREAM_INCOMPLETE', partial: 'incomplete' },
]

test('every simulator fault is covered here', () => {
  // plaintext-reasoning ends the reply only by default, and only for a reasoning model: chat.test.tsx.
  const covered = new Set<string>([...CASES.map((c) => c.fault), 'key-rotation', 'slow-stream', 'plaintext-reasoning'])
  expect([...FAULT_NAMES].filter((f) => !covered.has(f))).toEqual([])
})

describe.each(CASES)('fault $fault', ({ fault, models, code, partial }) => {
  test.each(models)(`%s ends in error ${code}, then works again`, async (model) => {
    const h = setup()
    const chat = renderChat(h, { model })
    h.faults.names = [fault]
    await chat.send('under fault')

    const { status, error, messages } = chat.result.current
    expect(status).toBe('error')
    expect(error?.code).toBe(code)
    expect(chat.statuses()).toEqual(partial === 'none' ? ['ready', 'submitted', 'error'] : ['ready', 'submitted', 'streaming', 'error'])
    expect(messages[0]).toMatchObject({ role: 'user', parts: [{ type: 'text', text: 'under fault' }] })
    const full = simulatedReply('under fault', model === E2EE_MODEL ? 'e2ee' : 'tee')

    if (partial === 'none') {
      expect(messages).toHaveLength(1)
      // The failed report is on the error, and on the attestation query.
      expect((error?.report as { verdict?: string } | undefined)?.verdict).toBe('failed')
      expect(chat.result.current.session.attestationQuery.report?.verdict).toBe('failed')
      expect(chat.result.current.session.status).toBe('error')
    } else {
      const reply = messages[1]!
      expect(reply.role).toBe('assistant')
      const text = textOfMessage(reply)
      expect(text.length).toBeGreaterThan(0)
      expect(full.startsWith(text)).toBe(true)
      expect(reply.metadata!.errorCode).toBe(code)
      expect(reply.parts.every((p) => p.state === 'done')).toBe(true)
      if (partial === 'incomplete') {
        expect(text.length).toBeLessThan(full.length)
        expect(reply.metadata).toMatchObject({ incomplete: true, signature: 'unavailable' })
      } else {
        expect(text).toBe(full)
        expect(reply.metadata!.incomplete).toBeUndefined()
        expect(reply.metadata!.signature).toBe('failed')
      }
    }

    // The input is usable again: the next message goes through.
    h.faults.names = []
    await chat.send('after the fault')
    expect(chat.result.current.status).toBe('ready')
    expect(chat.result.current.error).toBeUndefined()
    const last = chat.result.current.messages.at(-1)!
    expect(textOfMessage(last)).toContain('You said: "after the fault"')
    expect(last.metadata).toMatchObject({ signature: 'verified', attestation: { verdict: 'passed' } })
    expect(last.metadata!.incomplete).toBeUndefined()
  })
})

describe('fault key-rotation', () => {
  test('the enclave key rotates: 421, re-attest with a fresh nonce, retry; the message and the cache carry the new key', async () => {
    const h = setup()
    const chat = renderChat(h, { model: E2EE_MODEL })
    await chat.send('before')
    const before = chat.result.current.messages.at(-1)!.metadata!.attestation!
    const oldKey = chat.result.current.session.attestation!.signingKey

    h.faults.names = ['key-rotation']
    await chat.send('after rotation')
    expect(chat.result.current.status).toBe('ready')
    expect(chat.statuses()).toEqual(['ready', 'submitted', 'streaming', 'ready', 'submitted', 'streaming', 'ready'])
    const reply = chat.result.current.messages.at(-1)!
    expect(textOfMessage(reply)).toContain('You said: "after rotation"')
    const after = reply.metadata!.attestation!
    expect(after.signingAddress).toBe(h.sim.signingAddress(E2EE_MODEL))
    expect(after.signingAddress).not.toBe(before.signingAddress)
    expect(after.nonce).not.toBe(before.nonce)
    expect(reply.metadata!.signature).toBe('verified')
    // The re-attestation went through the QueryClient: the badge's query shows the new key.
    expect(chat.result.current.session.attestation!.signingKey).toBe(h.sim.signingKey(E2EE_MODEL))
    expect(chat.result.current.session.attestation!.signingKey).not.toBe(oldKey)
    const posts = h.requests.filter((r) => r.method === 'POST')
    expect(posts.slice(-2).map((r) => r.headers['X-Venice-TEE-Model-Pub-Key'])).toEqual([oldKey, h.sim.signingKey(E2EE_MODEL)])
  })

  test('a key rotated between messages is noticed the same way', async () => {
    const h = setup()
    const chat = renderChat(h, { model: E2EE_MODEL })
    await chat.send('one')
    h.sim.rotateKey(E2EE_MODEL)
    await chat.send('two')
    expect(chat.result.current.status).toBe('ready')
    expect(chat.result.current.messages.at(-1)!.metadata!.attestation!.signingAddress).toBe(h.sim.signingAddress(E2EE_MODEL))
  })
})

describe('fault slow-stream', () => {
  test.each([E2EE_MODEL, TEE_MODEL])('%s: with timeoutMs a stalled stream ends in STREAM_INCOMPLETE (timeout), then works again', async (model) => {
    const h = setup({ sim: { slowStreamDelayMs: 1_000 } })
    const chat = renderChat(h, { model, timeoutMs: 300 })
    h.faults.names = ['slow-stream']
    h.faults.only = /chat\/completions/
    await chat.send('slow')
    expect(chat.result.current.status).toBe('error')
    expect(chat.result.current.error).toMatchObject({ code: 'STREAM_INCOMPLETE', details: { reason: 'timeout', timeoutMs: 300 } })
    expect(chat.statuses()).toEqual(['ready', 'submitted', 'error'])

    h.faults.names = []
    await chat.send('fast')
    expect(chat.result.current.status).toBe('ready')
  })

  test('a slow stream whose events each arrive within the timeout completes', async () => {
    const h = setup({ sim: { slowStreamDelayMs: 150 } })
    const chat = renderChat(h, { model: TEE_MODEL, timeoutMs: 1_000 })
    h.faults.names = ['slow-stream']
    await chat.send('patience')
    expect(chat.result.current.status).toBe('ready')
    expect(textOfMessage(chat.result.current.messages.at(-1))).toContain('You said: "patience"')
  })
})
