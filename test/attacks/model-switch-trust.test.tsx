// @vitest-environment jsdom
/**
 * An attacker's pass over a model switch: the hooks must never show model A's verdict, session or
 * privacy for model B, not even in one committed render.
 */
import { keepPreviousData } from '@tanstack/react-query'
import { act, render, renderHook, waitFor } from '@testing-library/react'
import { useLayoutEffect } from 'react'
import { describe, expect, test } from 'vitest'
import { PrivateChat } from '../../src/components/index.ts'
import { useAttestation, useE2EESession, useEncryptedChat, type UseE2EESessionParameters } from '../../src/hooks/index.ts'
import { resolveAttestationState } from '../../src/components/attestation/state.tsx'
import { E2EE_MODEL, TEE_MODEL, setup } from '../hooks/helpers.tsx'

const OTHER = 'e2ee-glm-5'

interface Seen {
  model: string | undefined
  status: string
  sessionModel: string | undefined
  attestedModel: string | undefined
  privacy: string | undefined
  badge: string
}

describe('a model switch never shows the previous model’s trust facts', () => {
  test('useE2EESession: switching from a verified model to one whose attestation fails', async () => {
    const h = setup()
    const committed: Seen[] = []
    const view = renderHook(
      ({ model, parameters }: { model: string | undefined; parameters: UseE2EESessionParameters }) => {
        const s = useE2EESession(model, parameters)
        useLayoutEffect(() => {
          committed.push({
            model,
            status: s.status,
            sessionModel: s.session?.model,
            attestedModel: s.attestation?.model,
            privacy: s.privacy,
            badge: resolveAttestationState({ report: s.attestationQuery.report, error: s.attestationQuery.status === 'error' ? s.attestationQuery.error : undefined }),
          })
        })
        return s
      },
      { wrapper: h.wrapper, initialProps: { model: E2EE_MODEL as string | undefined, parameters: {} } },
    )
    await waitFor(() => expect(view.result.current.status).toBe('ready'))
    expect(view.result.current.attestation?.model).toBe(E2EE_MODEL)
    // Model B's enclave answers with a bad key binding: its verification fails.
    h.faults.names = ['wrong-signing-key']
    h.faults.only = /glm/
    committed.length = 0
    view.rerender({ model: OTHER, parameters: {} })
    await waitFor(() => expect(view.result.current.status).toBe('error'))
    // Every committed render for model B: never A's session, attestation or a passing badge.
    const forB = committed.filter((c) => c.model === OTHER)
    const leaks = forB.filter((c) => c.status === 'ready' || c.sessionModel === E2EE_MODEL || c.attestedModel === E2EE_MODEL || c.badge === 'simulated' || c.badge === 'verified')
    expect(leaks).toEqual([])
  })

  test('useEncryptedChat: e2ee → tee floor model switch; the committed render for the TEE model never says e2ee/ready', async () => {
    const h = setup()
    const committed: Array<{ model: string | undefined; status: string; privacy: string | undefined; attested: string | undefined }> = []
    const view = renderHook(
      ({ model }: { model: string }) => {
        const chat = useEncryptedChat({ model, allowUnattested: false })
        useLayoutEffect(() => {
          committed.push({ model, status: chat.session.status, privacy: chat.session.privacy, attested: chat.session.attestation?.model })
        })
        return chat
      },
      { wrapper: h.wrapper, initialProps: { model: E2EE_MODEL } },
    )
    await waitFor(() => expect(view.result.current.session.status).toBe('ready'))
    committed.length = 0
    view.rerender({ model: TEE_MODEL })
    await waitFor(() => expect(view.result.current.session.privacy).toBe('tee'))
    const forTee = committed.filter((c) => c.model === TEE_MODEL)
    expect(forTee.filter((c) => c.privacy === 'e2ee' || c.attested === E2EE_MODEL)).toEqual([])
  })
})

describe('the badge of <PrivateChat>, as committed to the DOM', () => {
  test('switching to a model whose attestation fails: the committed badge never passes while B is picked', async () => {
    const h = setup()
    const seen: Array<{ model: string; badge: string | null | undefined }> = []
    function Probe({ model }: { model: string }) {
      useLayoutEffect(() => {
        seen.push({ model, badge: document.querySelector('.sealkit-badge')?.getAttribute('data-state') })
      })
      return null
    }
    const tree = (model: string) =>
      h.wrapper({
        children: (
          <>
            <PrivateChat model={model} />
            <Probe model={model} />
          </>
        ),
      })
    const view = render(tree(E2EE_MODEL))
    await waitFor(() => expect(document.querySelector('.sealkit-badge')?.getAttribute('data-state')).toBe('simulated'), { timeout: 10_000 })
    h.faults.names = ['wrong-signing-key']
    h.faults.only = /glm/
    seen.length = 0
    view.rerender(tree(OTHER))
    await waitFor(() => expect(document.querySelector('.sealkit-badge')?.getAttribute('data-state')).toBe('failed'), { timeout: 10_000 })
    expect(seen.filter((s) => s.model === OTHER && (s.badge === 'simulated' || s.badge === 'verified'))).toEqual([])
  })
})

describe('useAttestation with the TanStack options it lets through', () => {
  test('placeholderData: keepPreviousData never hands model A’s verified report to model B', async () => {
    const h = setup()
    h.faults.names = ['wrong-signing-key']
    h.faults.only = /glm/
    const committed: Array<{ model: string; status: string; reportModel: string | undefined; verdict: string | undefined }> = []
    const view = renderHook(
      ({ model }: { model: string }) => {
        // @ts-expect-error -- refused by the types (VerdictQueryParameter); a JavaScript app can still pass it
        const q = useAttestation(model, { query: { placeholderData: keepPreviousData } })
        useLayoutEffect(() => {
          committed.push({ model, status: q.status, reportModel: q.data?.model, verdict: q.report?.verdict })
        })
        return q
      },
      { wrapper: h.wrapper, initialProps: { model: E2EE_MODEL } },
    )
    await waitFor(() => expect(view.result.current.status).toBe('success'))
    committed.length = 0
    view.rerender({ model: OTHER })
    await waitFor(() => expect(view.result.current.status).toBe('error'))
    // While B is attested (and about to fail), the hook said `success` with A's report.
    expect(committed.filter((c) => c.model === OTHER && (c.status === 'success' || c.verdict === 'passed'))).toEqual([])
  })
})

describe('raising the privacy floor', () => {
  test('minPrivacy tee → e2ee on a TEE model: no committed render says ready at tee, and nothing is sent in plaintext', async () => {
    const h = setup()
    const committed: Array<{ floor: string; status: string; privacy: string | undefined }> = []
    const view = renderHook(
      ({ minPrivacy }: { minPrivacy: 'tee' | 'e2ee' }) => {
        const chat = useEncryptedChat({ model: TEE_MODEL, minPrivacy })
        useLayoutEffect(() => {
          committed.push({ floor: minPrivacy, status: chat.session.status, privacy: chat.session.privacy })
          // Anything that runs between this commit and the passive effects (a layout effect here; an event the
          // browser delivers before React flushes them) sends with the floor the app has just rendered.
          if (minPrivacy === 'e2ee' && chat.messages.length === 0) void chat.sendMessage({ text: 'only end to end, please' })
        })
        return chat
      },
      { wrapper: h.wrapper, initialProps: { minPrivacy: 'tee' as 'tee' | 'e2ee' } },
    )
    await waitFor(() => expect(view.result.current.session.status).toBe('ready'))
    committed.length = 0
    act(() => view.rerender({ minPrivacy: 'e2ee' }))
    await waitFor(() => expect(['ready', 'error']).toContain(view.result.current.status))
    await waitFor(() => expect(view.result.current.session.status).toBe('error'))
    expect(view.result.current.session.error?.code).toBe('PRIVACY_DOWNGRADE')
    const plaintext = h.requests.filter((r) => r.url.endsWith('/chat/completions') && (r.body ?? '').includes('only end to end, please'))
    expect({ stale: committed.filter((c) => c.floor === 'e2ee' && c.status === 'ready'), plaintext: plaintext.length }).toEqual({ stale: [], plaintext: 0 })
  })
})
