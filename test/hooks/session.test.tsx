// @vitest-environment jsdom
import { act, renderHook, waitFor } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import { bytesToHex } from '../../src/core/crypto/hex.ts'
import { useE2EESession, type UseE2EESessionParameters } from '../../src/hooks/index.ts'
import { E2EE_MODEL, PLAIN_MODEL, TEE_MODEL, setup } from './helpers.tsx'
import { generatedKeys } from './key-capture.ts'

vi.mock('../../src/core/crypto/keys.ts', async (importOriginal) => (await import('./key-capture.ts')).capturingKeysModule(importOriginal))

beforeEach(() => {
  generatedKeys.length = 0
})

const isZero = (bytes: Uint8Array) => bytes.every((b) => b === 0)

/** Ready once verified; the key pair is made after the verdict, so its public key can come a render later. */
const readyWithKey = (result: { current: { status: string; clientPublicKey: string | undefined } }) =>
  waitFor(() => {
    expect(result.current.status).toBe('ready')
    expect(result.current.clientPublicKey).toBeDefined()
  })

function renderSession(h: ReturnType<typeof setup>, model: string | undefined, parameters: UseE2EESessionParameters = {}, strict = false) {
  const wrapper = strict ? ({ children }: { children: ReactNode }) => <StrictMode>{h.wrapper({ children })}</StrictMode> : h.wrapper
  return renderHook((props: { model: string | undefined; parameters: UseE2EESessionParameters }) => useE2EESession(props.model, props.parameters), {
    wrapper,
    initialProps: { model, parameters },
  })
}

describe('useE2EESession', () => {
  test('E2EE: pending -> ready, bound to the attested key, with its own ephemeral client key', async () => {
    const h = setup()
    const { result } = renderSession(h, E2EE_MODEL)
    expect(result.current.status).toBe('pending')
    await readyWithKey(result)
    const { session, attestation, clientPublicKey, privacy } = result.current
    expect(privacy).toBe('e2ee')
    expect(session?.mode).toBe('e2ee')
    expect(attestation?.signingKey).toBe(h.sim.signingKey(E2EE_MODEL))
    expect(attestation?.report.verdict).toBe('passed')
    expect(generatedKeys).toHaveLength(1)
    expect(clientPublicKey).toBe(generatedKeys[0]!.publicKeyHex)
    expect(result.current.attestationQuery.data).toBe(attestation)
    // No Web Workers under Node: the key stays on this thread, and the hook says why.
    expect(result.current.keyHolder).toEqual({ kind: 'main-thread', reason: expect.stringMatching(/^no Web Workers here/) })
    expect(session?.keyHolder).toEqual(result.current.keyHolder)
  })

  test('the session streams with the attestation from the query cache (no second attestation)', async () => {
    const h = setup()
    const { result } = renderSession(h, E2EE_MODEL)
    await waitFor(() => expect(result.current.status).toBe('ready'))
    const events: string[] = []
    await act(async () => {
      for await (const e of result.current.session!.stream([{ role: 'user', content: 'direct' }])) events.push(e.type)
    })
    expect(events[0]).toBe('attested')
    expect(events.at(-1)).toBe('signature')
    expect(h.requests.filter((r) => r.url.includes('/tee/attestation'))).toHaveLength(1)
  })

  test('keys are zeroed on unmount', async () => {
    const h = setup()
    const view = renderSession(h, E2EE_MODEL)
    await readyWithKey(view.result)
    const keys = generatedKeys[0]!
    expect(isZero(keys.privateKey)).toBe(false)
    const session = view.result.current.session!
    view.unmount()
    expect(isZero(keys.privateKey)).toBe(true)
    expect(keys.destroyed).toBe(true)
    expect(session.destroyed).toBe(true)
  })

  test('a model change zeroes the old keys and makes new ones', async () => {
    const h = setup()
    const view = renderSession(h, E2EE_MODEL)
    await readyWithKey(view.result)
    const first = generatedKeys[0]!
    view.rerender({ model: 'e2ee-glm-5', parameters: {} })
    // The new session exists before its key pair does (the key holder waits for the new model's verdict): wait for the key.
    await waitFor(() => {
      expect(view.result.current.session?.model).toBe('e2ee-glm-5')
      expect(view.result.current.clientPublicKey).toBeDefined()
    })
    expect(isZero(first.privateKey)).toBe(true)
    expect(generatedKeys).toHaveLength(2)
    expect(view.result.current.clientPublicKey).toBe(generatedKeys[1]!.publicKeyHex)
    expect(isZero(generatedKeys[1]!.privateKey)).toBe(false)
    view.rerender({ model: undefined, parameters: {} })
    expect(view.result.current.status).toBe('idle')
    expect(isZero(generatedKeys[1]!.privateKey)).toBe(true)
  })

  test('StrictMode: the double-mounted session is destroyed, only the live one keeps its key', async () => {
    const h = setup()
    const view = renderSession(h, E2EE_MODEL, {}, true)
    await waitFor(() => expect(view.result.current.status).toBe('ready'))
    const live = generatedKeys.filter((k) => !isZero(k.privateKey))
    expect(live).toHaveLength(1)
    expect(view.result.current.clientPublicKey).toBe(live[0]!.publicKeyHex)
    view.unmount()
    expect(generatedKeys.every((k) => isZero(k.privateKey))).toBe(true)
  })

  test('re-attests on key rotation; the cache follows', async () => {
    const h = setup()
    const { result } = renderSession(h, E2EE_MODEL)
    await waitFor(() => expect(result.current.status).toBe('ready'))
    const oldKey = result.current.attestation!.signingKey
    const newKey = h.sim.rotateKey(E2EE_MODEL)
    const attested: string[] = []
    await act(async () => {
      for await (const e of result.current.session!.stream([{ role: 'user', content: 'after rotation' }])) {
        if (e.type === 'attested') attested.push(e.attestation.signingKey)
      }
    })
    expect(attested).toEqual([oldKey, newKey])
    await waitFor(() => expect(result.current.attestation?.signingKey).toBe(newKey))
    expect(result.current.clientPublicKey).toBe(generatedKeys[0]!.publicKeyHex) // same session, same client key
  })

  test('TEE: no client keys', async () => {
    const h = setup()
    const { result } = renderSession(h, TEE_MODEL)
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(result.current.privacy).toBe('tee')
    expect(result.current.clientPublicKey).toBeUndefined()
    expect(generatedKeys).toHaveLength(0)
  })

  test('a model without attestation is refused unless allowUnattested', async () => {
    const h = setup()
    const view = renderSession(h, PLAIN_MODEL)
    await waitFor(() => expect(view.result.current.status).toBe('error'))
    expect(view.result.current.error?.code).toBe('ATTESTATION_REQUIRED')
    expect(view.result.current.session).toBeUndefined()
    view.rerender({ model: PLAIN_MODEL, parameters: { allowUnattested: true } })
    await waitFor(() => expect(view.result.current.status).toBe('ready'))
    expect(view.result.current.privacy).toBe('none')
    expect(view.result.current.attestation).toBeUndefined()
  })

  test('a failed attestation is the session error, with the code of the failed check', async () => {
    const h = setup()
    h.faults.names = ['wrong-signing-key']
    const { result } = renderSession(h, TEE_MODEL)
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error?.code).toBe('ATTESTATION_KEY_ADDRESS_MISMATCH')
    expect(result.current.attestation).toBeUndefined()
    expect(result.current.attestationQuery.report?.verdict).toBe('failed')
  })

  test('after a failed re-verify the session does not use the older key: it verifies afresh before sending', async () => {
    const h = setup()
    const { result } = renderSession(h, E2EE_MODEL)
    await waitFor(() => expect(result.current.status).toBe('ready'))
    h.faults.names = ['unverified']
    h.faults.only = /tee\/attestation/
    await act(() => result.current.attestationQuery.refetch())
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.attestation).toBeUndefined()

    // Still failing: the stream refuses to send.
    const tryStream = async () => {
      for await (const e of result.current.session!.stream([{ role: 'user', content: 'x' }])) void e
    }
    await expect(act(tryStream)).rejects.toMatchObject({ code: 'ATTESTATION_FAILED' })
    expect(h.requests.some((r) => r.method === 'POST')).toBe(false)

    // Fixed: the next request attests again (fresh nonce) and goes through.
    h.faults.names = []
    await act(tryStream)
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(h.requests.filter((r) => r.url.includes('/tee/attestation')).length).toBe(4)
  })

  test('idle without a model', () => {
    const h = setup()
    const { result } = renderSession(h, undefined)
    expect(result.current.status).toBe('idle')
    expect(result.current.session).toBeUndefined()
  })

  test('private key bytes never appear in the hook result', async () => {
    const h = setup()
    const { result } = renderSession(h, E2EE_MODEL)
    await readyWithKey(result)
    const priv = bytesToHex(generatedKeys[0]!.privateKey)
    const seen = JSON.stringify(result.current, (_k, v: unknown) => (v instanceof Uint8Array ? bytesToHex(v) : v))
    expect(seen).not.toContain(priv)
  })
})
